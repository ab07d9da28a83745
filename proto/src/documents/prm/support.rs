//! Helpers both metadata validators (PRM and AS metadata) share: member type
//! checks whose messages name the member and the spec section, URL checks that route each
//! problem to the requirement it breaks, language-tagged member names, and the fuzz
//! generator. They live here rather than in `checks.rs` because that file is shared by every
//! document; they are candidates to move there.

use serde_json::Value;

use crate::documents::checks::{Findings, Rule, UrlProblem, UrlRule, quoted, url_problems};
use crate::finding::{JsonPath, Level};
use crate::member::Member;

/// The path of a top-level member.
pub(crate) fn member_path(name: &str) -> JsonPath {
    JsonPath::root().key(name)
}

/// Moves findings into `f`, each message prefixed with the member name, so that a message
/// read without its path still says which member it is about.
fn absorb_named(f: &mut Findings, scratch: Findings, name: &str) {
    for mut finding in scratch.into_vec() {
        finding.message = format!("{name} {}", finding.message);
        f.push(finding);
    }
}

/// [`Findings::typed`] with the member name in the message. `expected` should name the
/// spec section ("a string (RFC 9728 §2)").
pub(crate) fn typed<'m, T>(
    f: &mut Findings,
    member: &'m Member<T>,
    rule: Rule,
    name: &str,
    expected: &str,
) -> Option<&'m T> {
    let mut scratch = Findings::new();
    let value = scratch.typed(member, rule, &member_path(name), expected);
    absorb_named(f, scratch, name);
    value
}

/// [`Findings::array`] with the member name in the message.
pub(crate) fn array<'m, T>(
    f: &mut Findings,
    member: &'m Member<Vec<T>>,
    rule: Rule,
    name: &str,
    expected: &str,
    empty_allowed: bool,
) -> Option<&'m [T]> {
    let mut scratch = Findings::new();
    let value = scratch.array(member, rule, &member_path(name), expected, empty_allowed);
    absorb_named(f, scratch, name);
    value
}

/// Reports an absent member when it is required.
pub(crate) fn require<T>(f: &mut Findings, member: &Member<T>, rule: Rule, name: &str, why: &str) {
    if member.is_absent() {
        f.report(rule, &member_path(name), format!("required member {name} is missing ({why})"));
    }
}

/// The message for one URL problem. `what` names the value ("jwks_uri").
pub(crate) fn url_message(problem: &UrlProblem, what: &str) -> String {
    match problem {
        UrlProblem::NotAUri(e) => format!("{what} is not an absolute URL: {}", e.kind),
        UrlProblem::NotHttp { scheme } => {
            format!("{what} uses the scheme {}; only https URLs are acceptable", quoted(scheme))
        }
        UrlProblem::CleartextOnLoopback => format!(
            "{what} uses http on a loopback host: acceptable only for local development, https is required otherwise (OAuth 2.1 §1.5)"
        ),
        UrlProblem::Cleartext => format!("{what} uses http; OAuth 2.1 §1.5 requires https"),
        UrlProblem::HasUserinfo => {
            format!("{what} carries userinfo (user:password@), which identifiers must not have")
        }
        UrlProblem::HasQuery => format!("{what} has a query component"),
        UrlProblem::HasFragment => format!("{what} has a fragment (#...), which it must not have"),
    }
}

/// Checks `value` against `url_rule` and reports each problem under the rule `route`
/// chooses for it, with the note `route` returns (a citation) appended to the message. A
/// cleartext loopback URL is always [`Level::Info`] (without the note), never silent.
pub(crate) fn url(
    f: &mut Findings,
    value: &str,
    url_rule: UrlRule,
    path: &JsonPath,
    what: &str,
    route: impl Fn(&UrlProblem) -> (Rule, &'static str),
) {
    for problem in url_problems(value, url_rule) {
        let (routed, note) = route(&problem);
        // The loopback message is complete on its own: it is information, not a violation
        // that needs a citation.
        let (level, note) = if problem == UrlProblem::CleartextOnLoopback {
            (Level::Info, "")
        } else {
            (routed.level, note)
        };
        let message = format!("{}{note}", url_message(&problem, what));
        f.report(Rule::new(routed.requirement, level), path, message);
    }
}

/// For a member name such as `resource_name#fr` whose base is one of `bases` (the
/// human-readable members that RFC 9728 §2.1 and RFC 8414 §2.1 let carry a language tag),
/// the base name and the tag.
pub(crate) fn language_tagged<'k>(key: &'k str, bases: &[&str]) -> Option<(&'k str, &'k str)> {
    let (base, tag) = key.split_once('#')?;
    bases.contains(&base).then_some((base, tag))
}

/// Whether `tag` has the shape of a BCP 47 language tag (RFC 5646 §2.1: subtags of 1 to 8
/// ASCII letters or digits separated by `-`, the first alphabetic). The registry of subtags
/// is not consulted.
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let first_ok = subtags
        .next()
        .is_some_and(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic()));
    first_ok
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Reports string members that are not strings, and a malformed language tag.
pub(crate) fn check_language_tagged(
    f: &mut Findings,
    extra: &serde_json::Map<String, Value>,
    bases: &[&str],
    rule: Rule,
    section: &str,
    mut each_url: impl FnMut(&mut Findings, &str, &str, &JsonPath),
) {
    for (key, value) in extra {
        let Some((base, tag)) = language_tagged(key, bases) else { continue };
        let path = member_path(key);
        if !is_language_tag(tag) {
            f.report(
                rule,
                &path,
                format!(
                    "{} carries {} after '#', which is not a BCP 47 language tag ({section})",
                    quoted(key),
                    quoted(tag)
                ),
            );
        }
        match value {
            Value::String(s) => each_url(f, base, s, &path),
            other => f.report(
                rule,
                &path,
                format!(
                    "{} must be a string like {base} ({section}), found {}",
                    quoted(key),
                    crate::json::JsonType::of(other)
                ),
            ),
        }
    }
}

/// The JSON shape of a known member, for the fuzz generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Url,
    Text,
    Strings,
    Bool,
    Jwt,
}

/// Generates a JSON object with the given members, each absent, plausible, hostile,
/// wrong-typed or `null`, plus language-tagged and unknown members.
#[cfg(feature = "arbitrary")]
pub(crate) fn arbitrary_object(
    u: &mut arbitrary::Unstructured<'_>,
    members: &[(&str, Shape)],
    tagged: &[&str],
) -> arbitrary::Result<Value> {
    const URLS: &[&str] = &[
        "https://as.example.test",
        "https://as.example.test/tenant1",
        "https://mcp.example.test/mcp",
        "https://mcp.example.test",
        "https://MCP.example.test/mcp",
        "http://127.0.0.1:8080/mcp",
        "http://as.example.test/token",
        "https://u:p@as.example.test/",
        "https://as.example.test/t?x=1#f",
        "javascript:alert(1)",
        "data:text/html,x",
        "/relative",
        "",
    ];
    const WORDS: &[&str] = &[
        "S256",
        "plain",
        "s256",
        "code",
        "token",
        "none",
        "RS256",
        "header",
        "body",
        "query",
        "authorization_code",
        "refresh_token",
        "implicit",
        "password",
        "offline_access",
        "mcp:tools",
        "bad scope",
        "public",
        "",
    ];
    const JWTS: &[&str] = &[
        "eyJhbGciOiJub25lIn0.eyJpc3MiOiJodHRwczovL2FzLmV4YW1wbGUudGVzdCJ9.",
        "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJodHRwczovL2FzLmV4YW1wbGUudGVzdCJ9.c2ln",
        "a.b",
        "not a jwt",
    ];
    fn pick(u: &mut arbitrary::Unstructured<'_>, pool: &[&str]) -> arbitrary::Result<Value> {
        Ok(Value::String((*u.choose(pool)?).to_owned()))
    }
    fn wrong(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Value> {
        Ok(match u.int_in_range(0u8..=4)? {
            0 => Value::from(u.arbitrary::<i32>()?),
            1 => Value::Bool(u.arbitrary()?),
            2 => Value::Array(vec![Value::from(u.arbitrary::<i8>()?)]),
            3 => Value::Object(serde_json::Map::new()),
            _ => Value::String(u.arbitrary::<String>()?),
        })
    }
    let mut object = serde_json::Map::new();
    for &(name, shape) in members {
        let value = match u.int_in_range(0u8..=9)? {
            0..=3 => continue,
            4 => Value::Null,
            5 => wrong(u)?,
            _ => match shape {
                Shape::Url => pick(u, URLS)?,
                Shape::Text => Value::String(u.arbitrary::<String>()?),
                Shape::Bool => Value::Bool(u.arbitrary()?),
                Shape::Jwt => pick(u, JWTS)?,
                Shape::Strings => {
                    let len = u.int_in_range(0usize..=4)?;
                    let mut items = Vec::with_capacity(len);
                    for _ in 0..len {
                        items.push(if u.ratio(1u8, 8)? { wrong(u)? } else { pick(u, WORDS)? });
                    }
                    Value::Array(items)
                }
            },
        };
        object.insert(name.to_owned(), value);
    }
    if !tagged.is_empty() && u.ratio(1u8, 3)? {
        let base = *u.choose(tagged)?;
        let tag = *u.choose(&["fr", "de-CH", "", "x y"])?;
        let value = if u.arbitrary()? { pick(u, URLS)? } else { wrong(u)? };
        object.insert(format!("{base}#{tag}"), value);
    }
    if u.arbitrary()? {
        object.insert(u.arbitrary::<String>()?, wrong(u)?);
    }
    Ok(Value::Object(object))
}

/// Drives `generate` over many pseudo-random inputs and checks the fuzz properties: the
/// result is an object that parses, validates without panicking, and serializes back to
/// itself through the model.
#[cfg(all(test, feature = "arbitrary"))]
#[allow(clippy::unwrap_used)] // test-only helper: a failed unwrap is a failed test
pub(crate) fn exercise_generator<T>(
    generate: fn(&mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Value>,
    validate: impl Fn(&crate::documents::Document<T>) -> Vec<crate::finding::Finding>,
) -> usize
where
    T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
{
    let mut findings = 0;
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..300 {
        let bytes: Vec<u8> = (0..512)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed.to_le_bytes().first().copied().unwrap_or_default()
            })
            .collect();
        let mut u = arbitrary::Unstructured::new(&bytes);
        let Ok(value) = generate(&mut u) else { continue };
        assert!(value.is_object());
        let raw = serde_json::to_vec(&value).unwrap_or_default();
        let doc = crate::documents::Document::<T>::parse(&raw).unwrap();
        findings += validate(&doc).len();
        let again = serde_json::to_value(&doc.typed).unwrap();
        assert_eq!(again, value);
        let reparsed =
            crate::documents::Document::<T>::parse(&serde_json::to_vec(&again).unwrap_or_default())
                .unwrap();
        assert_eq!(reparsed.typed, doc.typed);
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::checks::http_response_findings;
    use crate::requirements::RS_PRM_HTTP;

    #[test]
    fn media_type_parameters_and_case_are_accepted() {
        for ct in ["application/json", "Application/JSON; charset=utf-8", " application/json ;x=y"]
        {
            assert!(http_response_findings(RS_PRM_HTTP, 200, Some(ct), "PRM", "§").is_empty());
        }
        for ct in ["text/html", "application/jwt", "application/json, text/html", ""] {
            assert_eq!(http_response_findings(RS_PRM_HTTP, 200, Some(ct), "PRM", "§").len(), 1);
        }
    }

    #[test]
    fn non_200_is_reported_once_without_judging_the_media_type() {
        let f = http_response_findings(RS_PRM_HTTP, 302, Some("text/html"), "PRM", "§");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("redirect"));
        let f = http_response_findings(RS_PRM_HTTP, 401, None, "PRM", "§");
        assert!(f[0].message.contains("without a token"));
    }

    #[test]
    fn language_tags_follow_bcp47_shape() {
        assert!(is_language_tag("fr"));
        assert!(is_language_tag("de-CH"));
        assert!(is_language_tag("zh-Hant-TW"));
        assert!(!is_language_tag(""));
        assert!(!is_language_tag("1fr"));
        assert!(!is_language_tag("fr-"));
        assert!(!is_language_tag("x y"));
        assert_eq!(
            language_tagged("resource_name#fr", &["resource_name"]),
            Some(("resource_name", "fr"))
        );
        assert_eq!(language_tagged("resource#fr", &["resource_name"]), None);
    }

    #[test]
    fn quoted_bounds_long_values() {
        let long = "a".repeat(1000);
        assert!(quoted(&long).len() < 220);
        assert_eq!(quoted("x"), "\"x\"");
    }
}
