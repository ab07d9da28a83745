//! Member-level checks shared by the document validators: presence, JSON type, empty
//! arrays, and the URL rules OAuth documents impose (HTTPS, no fragment, no query, no
//! userinfo). Each check turns a problem into a [`Finding`] under the requirement and level
//! the calling validator names, so the same rule reads the same way in every document.

use serde_json::Value;

use crate::finding::{Finding, JsonPath, Level, RequirementId};
use crate::json::{JsonError, JsonErrorKind, JsonType};
use crate::member::Member;
use crate::uri::{Uri, UriError};

/// How a URL-valued member may use `http`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// `https` only; `http` on a loopback host is reported at [`Level::Info`] as
    /// development-only, `http` elsewhere at the caller's level.
    Https,
    /// Any `http`/`https` URL (for example documentation links).
    HttpOrHttps,
}

/// What a URL-valued member must look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlRule {
    pub transport: Transport,
    pub query_allowed: bool,
    pub fragment_allowed: bool,
}

impl UrlRule {
    /// An endpoint or issuer-like URL: https, no fragment; query allowed (RFC 8414 endpoints
    /// may carry a query, RFC 6749 §3.1).
    pub const ENDPOINT: UrlRule =
        UrlRule { transport: Transport::Https, query_allowed: true, fragment_allowed: false };
    /// An identifier (issuer): https, no query, no fragment (RFC 8414 §2).
    pub const IDENTIFIER: UrlRule =
        UrlRule { transport: Transport::Https, query_allowed: false, fragment_allowed: false };
    /// A human-facing link (documentation, policy): any http(s) URL.
    pub const LINK: UrlRule =
        UrlRule { transport: Transport::HttpOrHttps, query_allowed: true, fragment_allowed: true };
}

/// Why a URL breaks a [`UrlRule`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    NotAUri(UriError),
    NotHttp { scheme: String },
    CleartextOnLoopback,
    Cleartext,
    HasUserinfo,
    HasQuery,
    HasFragment,
}

impl UrlProblem {
    fn message(&self, what: &str) -> String {
        match self {
            UrlProblem::NotAUri(e) => format!("{what} is not an absolute URL: {}", e.kind),
            UrlProblem::NotHttp { scheme } => {
                format!("{what} uses the scheme {scheme:?}; only https URLs are acceptable")
            }
            UrlProblem::CleartextOnLoopback => format!(
                "{what} uses http on a loopback host: acceptable only for local development, https is required otherwise"
            ),
            UrlProblem::Cleartext => format!("{what} uses http; OAuth 2.1 §1.5 requires https"),
            UrlProblem::HasUserinfo => {
                format!("{what} carries userinfo (user:password@); remove it")
            }
            UrlProblem::HasQuery => format!("{what} has a query component, which it must not have"),
            UrlProblem::HasFragment => {
                format!("{what} has a fragment (#...), which it must not have")
            }
        }
    }
}

/// Checks `value` against `rule`, returning every problem found.
pub fn url_problems(value: &str, rule: UrlRule) -> Vec<UrlProblem> {
    let uri = match Uri::parse(value) {
        Ok(uri) => uri,
        Err(e) => return vec![UrlProblem::NotAUri(e)],
    };
    let mut problems = Vec::new();
    if !uri.is_http_url() {
        problems.push(UrlProblem::NotHttp { scheme: uri.scheme().to_owned() });
        return problems;
    }
    if rule.transport == Transport::Https && uri.scheme_is("http") {
        problems.push(if uri.is_loopback() {
            UrlProblem::CleartextOnLoopback
        } else {
            UrlProblem::Cleartext
        });
    }
    if uri.userinfo().is_some() {
        problems.push(UrlProblem::HasUserinfo);
    }
    if !rule.query_allowed && uri.query().is_some() {
        problems.push(UrlProblem::HasQuery);
    }
    if !rule.fragment_allowed && uri.fragment().is_some() {
        problems.push(UrlProblem::HasFragment);
    }
    problems
}

/// Collects findings for one document.
#[derive(Debug, Default)]
pub struct Findings {
    findings: Vec<Finding>,
}

/// Where a check applies: the requirement it enforces and the strength of the rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub requirement: RequirementId,
    pub level: Level,
}

impl Rule {
    pub const fn new(requirement: RequirementId, level: Level) -> Self {
        Self { requirement, level }
    }
}

impl Findings {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// Adds a finding at `path`.
    pub fn report(&mut self, rule: Rule, path: &JsonPath, message: impl Into<String>) {
        self.findings.push(Finding::new(rule.requirement, rule.level, message).at(path.clone()));
    }

    /// Reports an absent member when it is required.
    pub fn require_present<T>(
        &mut self,
        member: &Member<T>,
        rule: Rule,
        path: &JsonPath,
        name: &str,
    ) {
        if member.is_absent() {
            self.report(rule, path, format!("required member {name:?} is missing"));
        }
    }

    /// Reports `null` or a wrong type; returns the value when it has the expected type.
    /// `expected` names the type for the message ("a string", "an array of strings").
    pub fn typed<'m, T>(
        &mut self,
        member: &'m Member<T>,
        rule: Rule,
        path: &JsonPath,
        expected: &str,
    ) -> Option<&'m T> {
        match member {
            Member::Valid(v) => Some(v),
            Member::Absent => None,
            Member::Null => {
                self.report(
                    rule,
                    path,
                    format!("is null; it must be {expected}, or be omitted (zero-valued members are omitted)"),
                );
                None
            }
            Member::Invalid(v) => {
                let detail = element_detail(v);
                self.report(
                    rule,
                    path,
                    format!("must be {expected}, found {}{detail}", JsonType::of(v)),
                );
                None
            }
        }
    }

    /// Like [`Findings::typed`] for arrays, and also reports an empty array (RFC 8414 §2 and
    /// RFC 9728 §2: members with zero values are omitted), unless `empty_allowed`.
    pub fn array<'m, T>(
        &mut self,
        member: &'m Member<Vec<T>>,
        rule: Rule,
        path: &JsonPath,
        expected: &str,
        empty_allowed: bool,
    ) -> Option<&'m [T]> {
        let values = self.typed(member, rule, path, expected)?;
        if values.is_empty() && !empty_allowed {
            self.report(
                rule,
                path,
                "is an empty array; omit the member instead of sending no values",
            );
        }
        Some(values.as_slice())
    }

    /// Checks a URL against `rule`, reporting a cleartext loopback URL at [`Level::Info`].
    pub fn url(&mut self, value: &str, url_rule: UrlRule, rule: Rule, path: &JsonPath, what: &str) {
        for problem in url_problems(value, url_rule) {
            let level =
                if problem == UrlProblem::CleartextOnLoopback { Level::Info } else { rule.level };
            self.report(Rule::new(rule.requirement, level), path, problem.message(what));
        }
    }

    pub fn into_vec(self) -> Vec<Finding> {
        self.findings
    }
}

/// For an array with some wrong elements, names the first one; empty otherwise.
fn element_detail(value: &Value) -> String {
    match value {
        Value::Array(items) => items
            .iter()
            .position(|v| !v.is_string())
            .and_then(|i| items.get(i).map(|v| format!(" (element {i} is {})", JsonType::of(v))))
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// Longest excerpt of a target-supplied value quoted in a message.
const MAX_QUOTED_CHARS: usize = 200;

/// `value` cut to a length that keeps messages readable.
pub fn quoted(value: &str) -> String {
    let cut: String = value.chars().take(MAX_QUOTED_CHARS).collect();
    if cut.len() < value.len() { format!("{cut:?}...") } else { format!("{cut:?}") }
}

/// Findings for the HTTP envelope of a metadata response: the status must be 200 and, when
/// it is, the media type `application/json` (parameters such as `charset` allowed, type and
/// subtype compared case-insensitively, RFC 9110 §8.3.1). A non-200 response has no
/// metadata body, so its media type is not judged.
pub fn http_response_findings(
    requirement: RequirementId,
    status: u16,
    content_type: Option<&str>,
    what: &str,
    section: &str,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let fail = |message: String| Finding::new(requirement, Level::Must, message);
    if status != 200 {
        let why = match status {
            300..=399 => "a redirect; clients fetch metadata without following redirects to other documents, so it must be served with 200 at this URL".to_owned(),
            401 | 403 => "metadata must be readable without a token, or a client can never learn how to obtain one".to_owned(),
            _ => format!("a successful response must use 200 OK ({section})"),
        };
        out.push(fail(format!("{what} was answered with status {status}: {why}")));
        return out;
    }
    match content_type {
        None => out.push(fail(format!(
            "{what} has no Content-Type; it must be application/json ({section})"
        ))),
        Some(value) => {
            let essence = value.split(';').next().unwrap_or_default().trim();
            if !essence.eq_ignore_ascii_case("application/json") {
                out.push(fail(format!(
                    "{what} has Content-Type {}; it must be application/json ({section})",
                    quoted(value)
                )));
            }
        }
    }
    out
}

/// The finding for a body the strict JSON reader refused.
pub fn json_error_finding(
    requirement: RequirementId,
    error: &JsonError,
    what: &str,
    section: &str,
) -> Finding {
    let (message, path) = match &error.kind {
        JsonErrorKind::TooLarge { len, limit } => (
            format!(
                "{what} is {len} bytes, more than the {limit}-byte limit; real documents of this kind are a few KiB, and a reader must not accept unbounded bodies"
            ),
            None,
        ),
        JsonErrorKind::Empty => {
            (format!("{what} is empty; it must be a JSON object ({section})"), None)
        }
        JsonErrorKind::ByteOrderMark => (
            format!(
                "{what} starts with a UTF-8 byte-order mark, which JSON senders must not add (RFC 8259 §8.1); many parsers refuse it"
            ),
            None,
        ),
        JsonErrorKind::NotUtf8 { valid_up_to } => (
            format!(
                "{what} is not valid UTF-8 (first bad byte at offset {valid_up_to}); JSON exchanged between systems must be UTF-8 (RFC 8259 §8.1)"
            ),
            None,
        ),
        JsonErrorKind::Syntax { line, column, message } => (
            format!(
                "{what} is not valid JSON (line {line}, column {column}: {message}); it must be a JSON object ({section})"
            ),
            None,
        ),
        JsonErrorKind::DuplicateMember { path } => (
            format!(
                "{what} contains member {path} more than once; JSON parsers disagree on which value wins, so a client and any intermediary can act on different documents (a parser-differential risk). Send each member once"
            ),
            Some(path.clone()),
        ),
        JsonErrorKind::TooDeep { path, limit } => (
            format!(
                "{what} nests deeper than {limit} levels at {path}; no member of this document needs that depth"
            ),
            Some(path.clone()),
        ),
        JsonErrorKind::NotAnObject { found } => {
            (format!("{what} is {found}, not a JSON object ({section})"), None)
        }
    };
    let finding = Finding::new(requirement, Level::Must, message);
    match path {
        Some(path) => finding.at(path),
        None => finding,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requirements::AS_META_HTTPS;

    #[test]
    fn url_rules_report_each_problem() {
        assert_eq!(url_problems("https://as.test/t", UrlRule::IDENTIFIER), vec![]);
        assert_eq!(
            url_problems("http://as.test/t?x#f", UrlRule::IDENTIFIER),
            vec![UrlProblem::Cleartext, UrlProblem::HasQuery, UrlProblem::HasFragment]
        );
        assert_eq!(
            url_problems("http://127.0.0.1:9/t", UrlRule::ENDPOINT),
            vec![UrlProblem::CleartextOnLoopback]
        );
        assert_eq!(
            url_problems("javascript:alert(1)", UrlRule::ENDPOINT),
            vec![UrlProblem::NotHttp { scheme: "javascript".into() }]
        );
        assert!(matches!(url_problems("/token", UrlRule::ENDPOINT)[0], UrlProblem::NotAUri(_)));
    }

    #[test]
    fn typed_reports_null_wrong_types_and_empty_arrays() {
        let rule = Rule::new(AS_META_HTTPS, Level::Must);
        let path = JsonPath::root().key("x");
        let mut f = Findings::new();
        let m: Member<Vec<String>> = Member::Invalid(serde_json::json!(["a", 1]));
        assert!(f.array(&m, rule, &path, "an array of strings", false).is_none());
        let m: Member<Vec<String>> = Member::Valid(vec![]);
        assert!(f.array(&m, rule, &path, "an array of strings", false).is_some());
        let m: Member<String> = Member::Null;
        assert!(f.typed(&m, rule, &path, "a string").is_none());
        let v = f.into_vec();
        assert_eq!(v.len(), 3);
        assert!(v[0].message.contains("element 1 is a number"), "{}", v[0].message);
        assert!(v[1].message.contains("empty array"));
        assert!(v[2].message.contains("null"));
    }
}
