//! `{{variable}}` references in scenario strings.
//!
//! A reference is `{{` name `}}` with a name of ASCII letters, digits, `_`, `-` and `.`
//! (no spaces). Nothing else is special: a lone `{` or `}` is literal text. Names are
//! checked when a scenario is loaded ([`references`]) and resolved when it runs
//! ([`render`]), so a typo is a load error with a line and column, never a request to a
//! URL with `{{` in it.

/// The variable names a string refers to, in order (with duplicates).
pub fn references(text: &str) -> Result<Vec<&str>, TemplateError> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = rest.get(start + 2..).unwrap_or_default();
        let end = after
            .find("}}")
            .ok_or_else(|| TemplateError::Unclosed { at: text.len() - rest.len() + start })?;
        let name = after.get(..end).unwrap_or_default();
        if name.is_empty() || !name.chars().all(is_name_char) {
            return Err(TemplateError::BadName { name: name.to_owned() });
        }
        names.push(name);
        rest = after.get(end + 2..).unwrap_or_default();
    }
    Ok(names)
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// Replaces every reference with `lookup(name)`. The first name `lookup` does not know is
/// the error.
pub fn render(
    text: &str,
    mut lookup: impl FnMut(&str) -> Option<String>,
) -> Result<String, TemplateError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(rest.get(..start).unwrap_or_default());
        let after = rest.get(start + 2..).unwrap_or_default();
        let end = after
            .find("}}")
            .ok_or_else(|| TemplateError::Unclosed { at: text.len() - rest.len() + start })?;
        let name = after.get(..end).unwrap_or_default();
        let value = lookup(name).ok_or_else(|| TemplateError::Unset { name: name.to_owned() })?;
        out.push_str(&value);
        rest = after.get(end + 2..).unwrap_or_default();
    }
    out.push_str(rest);
    Ok(out)
}

/// A reference that cannot be resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("`{{{{` at byte {at} is never closed with `}}}}`")]
    Unclosed { at: usize },
    #[error("`{{{{{name}}}}}` is not a variable name (letters, digits, `_`, `-`, `.`)")]
    BadName { name: String },
    #[error("variable `{name}` has no value")]
    Unset { name: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_renders_references() {
        assert_eq!(references("{{a}}/x/{{token.b}}").unwrap(), ["a", "token.b"]);
        assert_eq!(references("no refs { } }}").unwrap(), Vec::<&str>::new());
        let out = render("{{a}}/x/{{a}}", |n| (n == "a").then(|| "A".to_owned())).unwrap();
        assert_eq!(out, "A/x/A");
    }

    #[test]
    fn refuses_bad_references() {
        assert_eq!(references("x{{a").unwrap_err(), TemplateError::Unclosed { at: 1 });
        assert!(matches!(references("{{a b}}"), Err(TemplateError::BadName { .. })));
        assert!(matches!(references("{{}}"), Err(TemplateError::BadName { .. })));
        assert_eq!(
            render("{{nope}}", |_| None).unwrap_err(),
            TemplateError::Unset { name: "nope".into() }
        );
    }

    #[test]
    fn a_value_containing_braces_is_not_expanded_again() {
        let out = render("{{a}}", |_| Some("{{b}}".to_owned())).unwrap();
        assert_eq!(out, "{{b}}");
    }
}
