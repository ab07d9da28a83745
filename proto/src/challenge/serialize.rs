//! Writing challenges as one `WWW-Authenticate` field value, the way a careful sender does:
//! every param value as a quoted-string (RFC 9110 §11.5 requires it for `realm`, and it is
//! always allowed) unless it was read as a token, only `"` and `\` escaped (RFC 9110 §5.6.4), single SP after the scheme,
//! `", "` between list elements, no BWS.

use super::Challenge;
use super::chars::{is_ctl, is_tchar, is_token68_char};

/// Writes `challenges` as one field value.
///
/// For challenges that are [`Challenge::is_well_formed`], strict parsing of the output
/// returns exactly `challenges`. Others are still written as a single field value that
/// carries no control character (so a caller cannot inject a header line through it):
/// control characters in values become SP, and characters not allowed in a scheme, name or
/// token68 become `_`. Use `is_well_formed` first when exactness matters.
pub fn serialize(challenges: &[Challenge]) -> String {
    let mut out = String::new();
    for (i, challenge) in challenges.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_token(&mut out, &challenge.scheme, is_tchar);
        let mut first_item = true;
        if let Some(token68) = &challenge.token68 {
            out.push(' ');
            push_token(&mut out, token68, |b| is_token68_char(b) || b == b'=');
            first_item = false;
        }
        for param in &challenge.params {
            out.push_str(if first_item { " " } else { ", " });
            first_item = false;
            push_token(&mut out, &param.name, is_tchar);
            // A value read as a token is written back as one, so that what was parsed
            // re-serializes to exactly itself; everything else is quoted.
            if !param.quoted && !param.value.is_empty() && param.value.bytes().all(is_tchar) {
                out.push('=');
                out.push_str(&param.value);
                continue;
            }
            out.push_str("=\"");
            for c in param.value.chars() {
                match c {
                    '"' | '\\' => {
                        out.push('\\');
                        out.push(c);
                    }
                    c if c.is_ascii() && is_ctl(c as u8) => out.push(' '),
                    c => out.push(c),
                }
            }
            out.push('"');
        }
    }
    out
}

fn push_token(out: &mut String, text: &str, allowed: impl Fn(u8) -> bool) {
    if text.is_empty() {
        out.push('_');
    }
    for c in text.chars() {
        out.push(if c.is_ascii() && allowed(c as u8) { c } else { '_' });
    }
}

#[cfg(test)]
mod tests {
    use super::super::{AuthParam, parse_strict};
    use super::*;

    #[test]
    fn writes_quoted_values_and_escapes_only_quote_and_backslash() {
        let c = Challenge::new("Bearer")
            .with_param("realm", "a \"b\" \\ c, d")
            .with_param("scope", "files:read");
        let text = serialize(std::slice::from_ref(&c));
        assert_eq!(text, r#"Bearer realm="a \"b\" \\ c, d", scope="files:read""#);
        assert_eq!(parse_strict(&[text.as_bytes()]).unwrap(), [c]);
    }

    #[test]
    fn token68_and_bare_schemes_round_trip() {
        let cs = vec![
            Challenge { token68: Some("abc==".into()), ..Challenge::new("Basic") },
            Challenge::new("Negotiate"),
            Challenge::new("DPoP").with_param("algs", "ES256"),
        ];
        let text = serialize(&cs);
        assert_eq!(text, r#"Basic abc==, Negotiate, DPoP algs="ES256""#);
        assert_eq!(parse_strict(&[text.as_bytes()]).unwrap(), cs);
    }

    #[test]
    fn ill_formed_input_never_yields_control_characters() {
        let c = Challenge {
            scheme: "Bad\r\nScheme".into(),
            token68: None,
            params: vec![AuthParam::new("n\0", "v\r\nX-Injected: 1")],
        };
        let text = serialize(&[c]);
        assert!(!text.bytes().any(is_ctl), "{text:?}");
        assert!(parse_strict(&[text.as_bytes()]).is_ok(), "{text:?}");
    }
}
