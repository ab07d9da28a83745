//! Judging a resource server's `WWW-Authenticate` challenges against the catalogue
//! (RS-401-*, RS-WWWAUTH-SYNTAX, RS-403-*, RS-PRM-DISCOVERABLE, RS-PRM-SCOPES).
//!
//! The server is a sender, so forms RFC 9110 makes recipients tolerate (empty list
//! elements, BWS) are still reported against it; the parsers accept them. Findings quote
//! at most a few dozen bytes of the target's input.

use super::parse::{self, Mode, Outcome, SlipKind};
use super::{Challenge, ChallengeError, LenientReading};
use crate::finding::{Finding, Level};
use crate::requirements::{
    RS_401_BEARER_PARAMS, RS_401_NO_ERROR_WITHOUT_TOKEN, RS_401_RESOURCE_METADATA,
    RS_401_SCOPE_HINT, RS_401_WWWAUTH, RS_403_INSUFFICIENT_SCOPE, RS_403_RESOURCE_METADATA,
    RS_403_SCOPE_PARAM, RS_PRM_DISCOVERABLE, RS_PRM_SCOPES, RS_WWWAUTH_SYNTAX,
};
use crate::scope::Scope;
use crate::spec_version::SpecVersion;
use crate::uri::Uri;

/// Deviations reported one by one; the rest are summed up in one finding.
const MAX_DEVIATION_FINDINGS: usize = 8;
/// Bytes of a target's value quoted in a message.
const MAX_QUOTED_BYTES: usize = 64;
/// Bytes of context quoted on each side of an error offset.
const CONTEXT_BYTES: usize = 16;

/// What the analysis needs to know about the response the challenges came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChallengeContext {
    /// The response status (401 and 403 have rules of their own).
    pub status: u16,
    /// Whether the request carried an `Authorization` header (RFC 6750 §3.1: without one,
    /// the challenge should carry no error information).
    pub request_had_credentials: bool,
    /// The MCP revision the target is judged against.
    pub spec_version: SpecVersion,
}

impl Default for ChallengeContext {
    /// An anonymous request answered with 401, judged against the latest revision.
    fn default() -> Self {
        Self { status: 401, request_had_credentials: false, spec_version: SpecVersion::LATEST }
    }
}

/// The strict and lenient readings of one response's challenges, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeAnalysis {
    /// The strict RFC 9110 §11 parse.
    pub strict: Result<Vec<Challenge>, ChallengeError>,
    /// What a forgiving client reads, with every deviation it forgave.
    pub lenient: LenientReading,
    /// Everything wrong with the challenges, for the context given.
    pub findings: Vec<Finding>,
}

impl ChallengeAnalysis {
    /// The strict parse when it succeeded, else the lenient reading (what a forgiving
    /// client would act on).
    pub fn challenges(&self) -> &[Challenge] {
        match &self.strict {
            Ok(challenges) => challenges,
            Err(_) => &self.lenient.challenges,
        }
    }

    /// The first `Bearer` challenge of [`ChallengeAnalysis::challenges`].
    pub fn bearer(&self) -> Option<&Challenge> {
        self.challenges().iter().find(|c| c.is_bearer())
    }

    /// The `resource_metadata` of the Bearer challenge.
    pub fn resource_metadata(&self) -> Option<&str> {
        self.bearer().and_then(|c| c.param("resource_metadata"))
    }
}

/// Parses `fields` both ways and reports every catalogue rule the challenges break for a
/// response described by `context`.
pub fn analyze(fields: &[&[u8]], context: &ChallengeContext) -> ChallengeAnalysis {
    let strict = parse::read(fields, Mode::Strict).map(|o| o.challenges);
    let outcome = parse::read(fields, Mode::Lenient).unwrap_or_default();
    let mut findings = Vec::new();
    syntax_findings(fields, &outcome, &mut findings);
    let lenient = LenientReading {
        challenges: outcome.challenges,
        deviations: outcome.deviations,
        unlisted_deviations: outcome.unlisted_deviations,
    };
    let mut analysis = ChallengeAnalysis { strict, lenient, findings: Vec::new() };
    for (index, challenge) in analysis.challenges().iter().enumerate() {
        param_findings(index, challenge, context, &mut findings);
    }
    status_findings(&analysis, context, &mut findings);
    analysis.findings = findings;
    analysis
}

/// A value from the target, cut to [`MAX_QUOTED_BYTES`] and escaped for display.
fn quote(value: &str) -> String {
    let mut end = value.len().min(MAX_QUOTED_BYTES);
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    let head = value.get(..end).unwrap_or_default();
    if end < value.len() { format!("{head:?}…") } else { format!("{head:?}") }
}

/// The bytes around `offset` in field `field`, escaped for display.
fn near(fields: &[&[u8]], field: usize, offset: usize) -> String {
    let bytes = fields.get(field).copied().unwrap_or_default();
    let end = offset.saturating_add(CONTEXT_BYTES).min(bytes.len());
    let start = offset.saturating_sub(CONTEXT_BYTES).min(end);
    let text = String::from_utf8_lossy(bytes.get(start..end).unwrap_or_default());
    let before = if start > 0 { "…" } else { "" };
    let after = if end < bytes.len() { "…" } else { "" };
    format!("{before}{text:?}{after}")
}

fn syntax(level: Level, message: String) -> Finding {
    Finding::new(RS_WWWAUTH_SYNTAX, level, message)
}

/// Grammar deviations and sender slips (RS-WWWAUTH-SYNTAX).
fn syntax_findings(fields: &[&[u8]], outcome: &Outcome, findings: &mut Vec<Finding>) {
    for deviation in outcome.deviations.iter().take(MAX_DEVIATION_FINDINGS) {
        let (level, why) = if deviation.kind.is_size_limit() {
            (
                Level::Robust,
                "exceeds a harness bound (RFC 9110 sets none; clients bound headers too)",
            )
        } else {
            (Level::Must, "breaks the RFC 9110 §11 grammar senders MUST follow (RFC 9110 §2.2)")
        };
        findings.push(syntax(
            level,
            format!(
                "{deviation}; this {why}; near {}",
                near(fields, deviation.field, deviation.offset)
            ),
        ));
    }
    let more = outcome
        .deviations
        .len()
        .saturating_sub(MAX_DEVIATION_FINDINGS)
        .saturating_add(outcome.unlisted_deviations);
    if more > 0 {
        findings.push(syntax(
            Level::Must,
            format!("{more} further syntax deviation(s) in the same WWW-Authenticate fields"),
        ));
    }
    for slip in &outcome.slips {
        let (level, what) = match slip.kind {
            SlipKind::EmptyListElement => (
                Level::Must,
                "empty list element (a stray comma); recipients tolerate it, but RFC 9110 §5.6.1.1 says a sender MUST NOT generate one",
            ),
            SlipKind::Bws => (
                Level::Must,
                "whitespace around '='; recipients strip it, but RFC 9110 §5.6.3 says a sender MUST NOT generate BWS: write name=\"value\"",
            ),
            SlipKind::NeedlessQuotedPair => (
                Level::Should,
                "quoted-pair escaping a character other than '\"' or '\\'; RFC 9110 §5.6.4 says a sender SHOULD NOT",
            ),
        };
        findings.push(syntax(
            level,
            format!(
                "WWW-Authenticate field {}, byte {}: {what} ({} occurrence(s)); near {}",
                slip.field,
                slip.offset,
                slip.count,
                near(fields, slip.field, slip.offset)
            ),
        ));
    }
}

/// RFC 6750 §3 charset of `error` and `error_description`.
fn is_error_char(b: u8) -> bool {
    matches!(b, 0x20..=0x21 | 0x23..=0x5B | 0x5D..=0x7E)
}

/// RFC 6750 §3 charset of `error_uri`.
fn is_error_uri_char(b: u8) -> bool {
    matches!(b, 0x21 | 0x23..=0x5B | 0x5D..=0x7E)
}

fn label(index: usize, challenge: &Challenge) -> String {
    format!("challenge {} ({})", index + 1, quote(&challenge.scheme))
}

/// Per-parameter value rules (RS-WWWAUTH-SYNTAX, RS-PRM-SCOPES).
fn param_findings(
    index: usize,
    challenge: &Challenge,
    context: &ChallengeContext,
    findings: &mut Vec<Finding>,
) {
    let at = label(index, challenge);
    if let Some(realm) = challenge.auth_param("realm").filter(|p| !p.quoted) {
        findings.push(syntax(
            Level::Must,
            format!(
                "{at}: realm is sent as a token ({}); RFC 9110 §11.5 requires a quoted-string: realm=\"…\"",
                quote(&realm.value)
            ),
        ));
    }
    if let Some(rm) = challenge.param("resource_metadata")
        && let Err(e) = Uri::parse(rm)
    {
        findings.push(syntax(
            Level::Must,
            format!(
                "{at}: resource_metadata {} is not an absolute URI ({}); RFC 9728 §5.1 needs the absolute https URL of the PRM document",
                quote(rm),
                e.kind
            ),
        ));
    }
    if let Some(scope) = challenge.param("scope") {
        if context.spec_version >= SpecVersion::V2026_07_28
            && scope.split(' ').any(|t| t == "offline_access")
        {
            findings.push(Finding::new(
                RS_PRM_SCOPES,
                Level::Should,
                format!(
                    "{at}: scope asks for offline_access; MCP 2026-07-28 says challenges SHOULD NOT (clients decide on refresh tokens themselves)"
                ),
            ));
        }
        if challenge.is_bearer()
            && let Err(e) = Scope::parse(scope)
        {
            findings.push(syntax(
                Level::Must,
                format!(
                    "{at}: scope {} is not a space-delimited list of scope-tokens ({e}); RFC 6750 §3 allows %x21 / %x23-5B / %x5D-7E separated by single SP",
                    quote(scope)
                ),
            ));
        }
    }
    if !challenge.is_bearer() {
        return;
    }
    for name in ["error", "error_description"] {
        if let Some(value) = challenge.param(name) {
            let bad = value.bytes().position(|b| !is_error_char(b));
            let empty = name == "error" && value.is_empty();
            if bad.is_some() || empty {
                let what = match bad {
                    Some(i) => format!("has a character outside the set at byte {i}"),
                    None => "is empty".to_owned(),
                };
                findings.push(syntax(
                    Level::Must,
                    format!(
                        "{at}: {name} {} {what}; RFC 6750 §3 allows only %x20-21 / %x23-5B / %x5D-7E (printable ASCII without '\"' and '\\', even escaped)",
                        quote(value)
                    ),
                ));
            }
        }
    }
    if let Some(value) = challenge.param("error_uri")
        && let Some(i) = value.bytes().position(|b| !is_error_uri_char(b))
    {
        findings.push(syntax(
            Level::Must,
            format!(
                "{at}: error_uri {} has a character outside the set at byte {i}; RFC 6750 §3 allows only %x21 / %x23-5B / %x5D-7E",
                quote(value)
            ),
        ));
    }
}

/// Status- and version-dependent rules.
fn status_findings(
    analysis: &ChallengeAnalysis,
    context: &ChallengeContext,
    findings: &mut Vec<Finding>,
) {
    let version = context.spec_version;
    let since_11 = version >= SpecVersion::V2025_11_25;
    let bearer = analysis.bearer();

    if context.status == 401 {
        www_authenticate_present(analysis, findings);
    }
    if let Some(b) = bearer.filter(|b| b.params.is_empty()) {
        let form = if b.token68.is_some() {
            "a token68 instead of auth-params"
        } else {
            "no auth-params (bare `Bearer`)"
        };
        let consequence = if since_11 {
            "clients of 2025-11-25 and later can still find PRM at the well-known URIs, so discovery may survive"
        } else {
            "clients learn neither resource_metadata nor scope from it"
        };
        findings.push(Finding::new(
            RS_401_BEARER_PARAMS,
            Level::Must,
            format!(
                "the Bearer challenge carries {form}; RFC 6750 §3 requires one or more auth-params such as resource_metadata=\"…\" or scope=\"…\"; {consequence}"
            ),
        ));
    }
    if context.status == 401 && version >= SpecVersion::V2025_06_18 {
        resource_metadata_rules(analysis.resource_metadata(), version, findings);
    }
    if !context.request_had_credentials {
        for challenge in analysis.challenges().iter().filter(|c| c.is_bearer()) {
            let present: Vec<&str> = ["error", "error_description", "error_uri"]
                .into_iter()
                .filter(|n| challenge.param(n).is_some())
                .collect();
            if !present.is_empty() {
                findings.push(Finding::new(
                    RS_401_NO_ERROR_WITHOUT_TOKEN,
                    Level::Should,
                    format!(
                        "the request carried no credentials, yet the Bearer challenge has {}; RFC 6750 §3.1 says it SHOULD NOT include an error code or other error information then",
                        present.join(", ")
                    ),
                ));
            }
        }
    }
    let scope = bearer.and_then(|b| b.param("scope"));
    if context.status == 401 && since_11 && scope.is_none() {
        findings.push(Finding::new(
            RS_401_SCOPE_HINT,
            Level::Info,
            "the 401 Bearer challenge has no scope; MCP 2025-11-25+ servers SHOULD name the scopes needed (clients then fall back to scopes_supported)",
        ));
    }
    if context.status == 403 && since_11 {
        insufficient_scope_rules(bearer, findings);
    }
}

/// RS-401-WWWAUTH: a 401 carries a parseable list with a Bearer challenge.
fn www_authenticate_present(analysis: &ChallengeAnalysis, findings: &mut Vec<Finding>) {
    let example = "e.g. WWW-Authenticate: Bearer resource_metadata=\"https://…/.well-known/oauth-protected-resource\"";
    let message = match &analysis.strict {
        // Refused unread for size: the robustness finding says so; what the rest of the
        // header held is unknown, so claim nothing about it.
        Err(e) if e.kind.is_size_limit() => None,
        Err(e) => Some(format!(
            "the 401's WWW-Authenticate does not parse under RFC 9110 §11 ({e}), so a strict client finds no Bearer challenge; {example}"
        )),
        _ if analysis.challenges().is_empty() => Some(format!(
            "the 401 carries no challenge; RFC 9110 §15.5.2 requires WWW-Authenticate with at least one, {example}"
        )),
        _ if analysis.bearer().is_none() => {
            let schemes: Vec<String> =
                analysis.challenges().iter().take(8).map(|c| quote(&c.scheme)).collect();
            Some(format!(
                "the 401 has no Bearer challenge (schemes: {}); OAuth 2.1 §5.3.1 and RFC 6750 §3 require scheme Bearer, {example}",
                schemes.join(", ")
            ))
        }
        _ => None,
    };
    if let Some(message) = message {
        findings.push(Finding::new(RS_401_WWWAUTH, Level::Must, message));
    }
}

/// What is wrong with a `resource_metadata` URL, if anything.
fn resource_metadata_problem(rm: &str) -> Option<(Level, String)> {
    match Uri::parse(rm) {
        Err(e) => Some((Level::Must, format!("is not an absolute URI ({})", e.kind))),
        Ok(u) if u.scheme_is("https") && u.is_http_url() => None,
        Ok(u) if u.scheme_is("http") && u.is_http_url() && u.is_loopback() => Some((
            Level::Info,
            "uses http on a loopback host: acceptable only in development".to_owned(),
        )),
        Ok(_) => Some((Level::Must, "is not an https URL".to_owned())),
    }
}

/// RS-401-RESOURCE-METADATA (06) and RS-PRM-DISCOVERABLE (11+).
fn resource_metadata_rules(rm: Option<&str>, version: SpecVersion, findings: &mut Vec<Finding>) {
    let is_06 = version == SpecVersion::V2025_06_18;
    let requirement = if is_06 { RS_401_RESOURCE_METADATA } else { RS_PRM_DISCOVERABLE };
    match rm {
        None if is_06 => findings.push(Finding::new(
            requirement,
            Level::Must,
            "the 401 Bearer challenge has no resource_metadata; MCP 2025-06-18 requires resource_metadata=\"<absolute https URL of the PRM document>\" (RFC 9728 §5.1)",
        )),
        None => findings.push(Finding::new(
            requirement,
            Level::Info,
            "the 401 Bearer challenge has no resource_metadata; then PRM must be at a well-known URI (path-inserted or root /.well-known/oauth-protected-resource)",
        )),
        Some(rm) => {
            if let Some((level, problem)) = resource_metadata_problem(rm) {
                let rule = if is_06 {
                    "MCP 2025-06-18 requires the absolute https URL of the PRM document"
                } else {
                    "clients do not fall back to well-known URIs after a header, so a broken URL here breaks discovery"
                };
                findings.push(Finding::new(
                    requirement,
                    level,
                    format!("resource_metadata {} {problem}; {rule}", quote(rm)),
                ));
            }
        }
    }
}

/// RS-403-* (11+): step-up challenges.
fn insufficient_scope_rules(bearer: Option<&Challenge>, findings: &mut Vec<Finding>) {
    let error = bearer.and_then(|b| b.param("error"));
    if error != Some("insufficient_scope") {
        let got = match (bearer, error) {
            (None, _) => "there is no Bearer challenge".to_owned(),
            (Some(_), None) => "the Bearer challenge has no error".to_owned(),
            (Some(_), Some(e)) => format!("the Bearer challenge has error={}", quote(e)),
        };
        findings.push(Finding::new(
            RS_403_INSUFFICIENT_SCOPE,
            Level::Should,
            format!(
                "403: {got}; MCP 2025-11-25+ answers insufficient scope with Bearer error=\"insufficient_scope\" (RFC 6750 §3.1)"
            ),
        ));
    }
    if bearer.and_then(|b| b.param("scope")).is_none() {
        findings.push(Finding::new(
            RS_403_SCOPE_PARAM,
            Level::Should,
            "403: the Bearer challenge has no scope; it SHOULD name the scopes the operation needs so the client can step up",
        ));
    }
    if bearer.and_then(|b| b.param("resource_metadata")).is_none() {
        findings.push(Finding::new(
            RS_403_RESOURCE_METADATA,
            Level::Should,
            "403: the Bearer challenge has no resource_metadata; MCP 2025-11-25+ says the insufficient_scope challenge SHOULD carry it too",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::FindingsExt;

    fn run(header: &str, context: ChallengeContext) -> ChallengeAnalysis {
        analyze(&[header.as_bytes()], &context)
    }

    fn at(version: SpecVersion) -> ChallengeContext {
        ChallengeContext { spec_version: version, ..ChallengeContext::default() }
    }

    #[test]
    fn clean_401_for_latest_has_no_findings() {
        let a = run(
            r#"Bearer resource_metadata="https://m.test/prm", scope="files:read""#,
            ChallengeContext::default(),
        );
        assert!(a.findings.is_empty(), "{:#?}", a.findings);
        assert_eq!(a.resource_metadata(), Some("https://m.test/prm"));
    }

    #[test]
    fn rs_401_resource_metadata_depends_on_version() {
        let bare = r#"Bearer realm="mcp""#;
        let f06 = run(bare, at(SpecVersion::V2025_06_18)).findings;
        assert!(
            f06.iter().any(|f| f.requirement == RS_401_RESOURCE_METADATA && f.level == Level::Must)
        );
        let f11 = run(bare, at(SpecVersion::V2025_11_25)).findings;
        assert!(f11.iter().any(|f| f.requirement == RS_PRM_DISCOVERABLE && f.level == Level::Info));
        assert!(f11.mentions(RS_401_SCOPE_HINT));
        let f03 = run(bare, at(SpecVersion::V2025_03_26)).findings;
        assert!(f03.is_empty(), "{f03:#?}");
    }

    #[test]
    fn loopback_http_is_info_and_other_http_is_must() {
        let dev = run(
            r#"Bearer resource_metadata="http://127.0.0.1:8080/prm", scope="a""#,
            at(SpecVersion::V2025_11_25),
        );
        assert_eq!(dev.findings.worst(), Some(Level::Info), "{:#?}", dev.findings);
        let prod = run(
            r#"Bearer resource_metadata="http://m.test/prm", scope="a""#,
            at(SpecVersion::V2025_06_18),
        );
        assert!(
            prod.findings
                .iter()
                .any(|f| f.requirement == RS_401_RESOURCE_METADATA && f.level == Level::Must)
        );
    }

    #[test]
    fn rfc6750_s3_1_no_error_info_without_token() {
        let h =
            r#"Bearer error="invalid_token", resource_metadata="https://m.test/prm", scope="a""#;
        let anon = run(h, ChallengeContext::default()).findings;
        assert!(anon.iter().any(|f| f.requirement == RS_401_NO_ERROR_WITHOUT_TOKEN && f.level == Level::Should));
        let with_token =
            ChallengeContext { request_had_credentials: true, ..ChallengeContext::default() };
        assert!(run(h, with_token).findings.is_empty());
    }

    #[test]
    fn rfc6750_s3_charsets_and_realm_quoting() {
        let a = run(
            "Bearer realm=mcp, error=\"caf\u{e9}\", error_uri=\"https://x/a b\", scope=\"a  b\", resource_metadata=\"https://m.test/prm\"",
            ChallengeContext { request_had_credentials: true, ..ChallengeContext::default() },
        );
        let syntax: Vec<_> =
            a.findings.iter().filter(|f| f.requirement == RS_WWWAUTH_SYNTAX).collect();
        assert_eq!(syntax.len(), 4, "{syntax:#?}");
        assert!(syntax.iter().all(|f| f.level == Level::Must));
        assert!(syntax.iter().any(|f| f.message.contains("realm")));
        assert!(a.strict.is_ok());
    }

    #[test]
    fn messages_quote_little_of_the_input() {
        let long = "x".repeat(5000);
        let a = run(&format!("Bearer resource_metadata=\"/{long}\""), at(SpecVersion::V2025_06_18));
        assert!(a.findings.has_must());
        assert!(a.findings.iter().all(|f| f.message.len() < 600), "{:#?}", a.findings);
    }

    #[test]
    fn offline_access_in_a_challenge_is_reported_for_2026() {
        let h =
            r#"Bearer resource_metadata="https://m.test/prm", scope="files:read offline_access""#;
        assert!(run(h, ChallengeContext::default()).findings.mentions(RS_PRM_SCOPES));
        assert!(!run(h, at(SpecVersion::V2025_11_25)).findings.mentions(RS_PRM_SCOPES));
    }
}
