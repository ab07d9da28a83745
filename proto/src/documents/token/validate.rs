//! Validators for token endpoint responses: `AS-TOKEN-RESPONSE`, `AS-TOKEN-ERRORS`, and
//! `AS-SHORT-LIVED` as information.

use super::headers::{
    cache_control_has_no_store, first_bad_char, is_error_text_char, is_error_uri_char,
    is_json_media_type,
};
use super::{TokenError, TokenResponse};
use crate::documents::Document;
use crate::documents::checks::{Findings, Rule, quoted};
use crate::finding::{Finding, JsonPath, Level};
use crate::member::Member;
use crate::requirements::{AS_SHORT_LIVED, AS_TOKEN_ERRORS, AS_TOKEN_RESPONSE};
use crate::scope::Scope;

/// Lifetimes above this many seconds are reported under `AS-SHORT-LIVED` (information: the
/// catalogue asks for short-lived tokens without a number; one hour is the common ceiling).
pub const SHORT_LIVED_SECONDS: u64 = 3600;

/// The error codes of OAuth 2.1 §3.2.4 plus `invalid_target` (RFC 8707 §2).
pub const TOKEN_ERROR_CODES: [&str; 7] = [
    "invalid_request",
    "invalid_client",
    "invalid_grant",
    "unauthorized_client",
    "unsupported_grant_type",
    "invalid_scope",
    "invalid_target",
];

/// Registered extension codes a token endpoint may send for other grants or features
/// (device grant RFC 8628 §3.5, DPoP RFC 9449 §5 and §8, step-up RFC 9470 §3). They are
/// legitimate under RFC 6749 §8.5 but outside an MCP authorization-code flow, so they are
/// reported as information rather than as violations.
const EXTENSION_ERROR_CODES: [&str; 7] = [
    "authorization_pending",
    "slow_down",
    "access_denied",
    "expired_token",
    "invalid_dpop_proof",
    "use_dpop_nonce",
    "insufficient_user_authentication",
];

/// What the validator of a successful token response needs beyond the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenResponseContext {
    /// The HTTP status code.
    pub status: u16,
    /// The `Content-Type` field value; `None` when the response had none.
    pub content_type: Option<String>,
    /// The `Cache-Control` field value (lines joined with `,`); `None` when absent.
    pub cache_control: Option<String>,
    /// The `scope` the client requested, when it sent one.
    pub requested_scope: Option<String>,
}

impl Default for TokenResponseContext {
    /// A 200 `application/json` response with `Cache-Control: no-store`, no scope requested:
    /// only the body is judged.
    fn default() -> Self {
        Self {
            status: 200,
            content_type: Some("application/json".to_owned()),
            cache_control: Some("no-store".to_owned()),
            requested_scope: None,
        }
    }
}

/// What the validator of a token error response needs beyond the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenErrorContext {
    pub status: u16,
    /// The `Content-Type` field value; `None` when absent.
    pub content_type: Option<String>,
    /// The `WWW-Authenticate` field value; `None` when absent.
    pub www_authenticate: Option<String>,
    /// Whether the client authenticated with the `Authorization` request header (for
    /// example `client_secret_basic`).
    pub client_auth_via_header: bool,
}

impl Default for TokenErrorContext {
    /// A 400 `application/json` response to a client that did not use the header.
    fn default() -> Self {
        Self {
            status: 400,
            content_type: Some("application/json".to_owned()),
            www_authenticate: None,
            client_auth_via_header: false,
        }
    }
}

const MUST: Rule = Rule::new(AS_TOKEN_RESPONSE, Level::Must);

fn header_finding(rule: Rule, message: String) -> Finding {
    Finding::new(rule.requirement, rule.level, message)
}

/// Checks a `Content-Type` value against `application/json` under `rule`.
pub(crate) fn check_json_content_type(
    f: &mut Findings,
    content_type: Option<&str>,
    rule: Rule,
    source: &str,
) {
    match content_type {
        None => f.push(header_finding(
            rule,
            format!("response has no Content-Type; {source} requires application/json"),
        )),
        Some(ct) if !is_json_media_type(ct) => f.push(header_finding(
            rule,
            format!("Content-Type is {}; {source} requires application/json", quoted(ct)),
        )),
        Some(_) => {}
    }
}

/// Validates a successful token response (OAuth 2.1 §3.2.3).
pub fn validate_response(
    doc: &Document<TokenResponse>,
    ctx: &TokenResponseContext,
) -> Vec<Finding> {
    let mut f = Findings::new();
    let t = &doc.typed;
    let root = JsonPath::root();
    if ctx.status != 200 {
        f.push(header_finding(
            MUST,
            format!(
                "status is {}; a successful token response is 200 OK (OAuth 2.1 §3.2.3)",
                ctx.status
            ),
        ));
    }
    check_json_content_type(&mut f, ctx.content_type.as_deref(), MUST, "OAuth 2.1 §3.2.3");
    match ctx.cache_control.as_deref() {
        Some(cc) if cache_control_has_no_store(cc) => {}
        Some(cc) => f.push(header_finding(
            MUST,
            format!("Cache-Control is {} without no-store; token responses must not be cached (OAuth 2.1 §3.2.3)", quoted(cc)),
        )),
        None => f.push(header_finding(
            MUST,
            "no Cache-Control header; token responses must carry Cache-Control: no-store (OAuth 2.1 §3.2.3)".to_owned(),
        )),
    }

    let path = root.key("access_token");
    f.require_present(&t.access_token, MUST, &path, "access_token");
    if let Some(token) = f.typed(&t.access_token, MUST, &path, "a string")
        && token.is_empty()
    {
        f.report(MUST, &path, "is an empty string; an access token is required");
    }

    let path = root.key("token_type");
    f.require_present(&t.token_type, MUST, &path, "token_type");
    if let Some(kind) = f.typed(&t.token_type, MUST, &path, "a string")
        && !kind.eq_ignore_ascii_case("Bearer")
    {
        f.report(
            Rule::new(AS_TOKEN_RESPONSE, Level::Info),
            &path,
            format!(
                "token type is {}, not Bearer; MCP clients send Bearer tokens (OAuth 2.1 §5.1)",
                quoted(kind)
            ),
        );
    }

    let path = root.key("expires_in");
    match &t.expires_in {
        Member::Absent => f.report(
            Rule::new(AS_TOKEN_RESPONSE, Level::Should),
            &path,
            "is missing; OAuth 2.1 §3.2.3 RECOMMENDS the lifetime in seconds",
        ),
        Member::Valid(seconds) if *seconds > SHORT_LIVED_SECONDS => f.report(
            Rule::new(AS_SHORT_LIVED, Level::Info),
            &path,
            format!("access tokens live {seconds} s (more than {SHORT_LIVED_SECONDS} s); MCP asks for short-lived tokens"),
        ),
        other => {
            f.typed(other, MUST, &path, "a non-negative integer number of seconds");
        }
    }

    let path = root.key("scope");
    if let Some(scope) = f.typed(&t.scope, MUST, &path, "a string") {
        match Scope::parse(scope) {
            Err(e) => f.report(MUST, &path, format!("is not a valid scope string: {e}")),
            Ok(granted) => {
                let requested = ctx.requested_scope.as_deref().and_then(|s| Scope::parse(s).ok());
                if let Some(requested) = requested
                    && granted.set() != requested.set()
                {
                    f.report(
                        Rule::new(AS_TOKEN_RESPONSE, Level::Info),
                        &path,
                        format!(
                            "granted scope {} differs from the requested {}",
                            quoted(&granted.to_string()),
                            quoted(&requested.to_string())
                        ),
                    );
                }
            }
        }
    }
    f.typed(&t.refresh_token, MUST, &root.key("refresh_token"), "a string");
    f.typed(&t.id_token, MUST, &root.key("id_token"), "a string");
    f.into_vec()
}

/// Validates a token error response (OAuth 2.1 §3.2.4).
pub fn validate_error(doc: &Document<TokenError>, ctx: &TokenErrorContext) -> Vec<Finding> {
    let rule = Rule::new(AS_TOKEN_ERRORS, Level::Must);
    let mut f = Findings::new();
    let t = &doc.typed;
    let root = JsonPath::root();
    let code = t.error.valid().map(String::as_str);
    let invalid_client = code == Some("invalid_client");
    match ctx.status {
        400 if invalid_client && ctx.client_auth_via_header => f.push(header_finding(
            rule,
            "status is 400; invalid_client for a client that authenticated with the Authorization header must be 401 (OAuth 2.1 §3.2.4)".to_owned(),
        )),
        400 => {}
        401 if invalid_client => {}
        401 => f.push(header_finding(
            rule,
            "status is 401, which OAuth 2.1 §3.2.4 allows only for invalid_client; other errors are 400".to_owned(),
        )),
        other => f.push(header_finding(
            rule,
            format!("status is {other}; token errors are 400 (401 for invalid_client) per OAuth 2.1 §3.2.4"),
        )),
    }
    if invalid_client && ctx.client_auth_via_header && ctx.status == 401 {
        let present = ctx.www_authenticate.as_deref().is_some_and(|v| !v.trim().is_empty());
        if !present {
            f.push(header_finding(
                rule,
                "401 invalid_client without WWW-Authenticate; it must name the scheme the client used (OAuth 2.1 §3.2.4)".to_owned(),
            ));
        }
    }
    check_json_content_type(&mut f, ctx.content_type.as_deref(), rule, "OAuth 2.1 §3.2.4");

    let path = root.key("error");
    f.require_present(&t.error, rule, &path, "error");
    if let Some(code) = f.typed(&t.error, rule, &path, "a string") {
        if let Some((offset, c)) = first_bad_char(code, is_error_text_char) {
            f.report(
                rule,
                &path,
                format!(
                    "character {c:?} at byte {offset} is outside the RFC 6749 §5.2 error charset"
                ),
            );
        } else if EXTENSION_ERROR_CODES.contains(&code.as_str()) {
            f.report(
                Rule::new(AS_TOKEN_ERRORS, Level::Info),
                &path,
                format!("{} is a registered extension error code, unexpected for an authorization-code or refresh-token request", quoted(code)),
            );
        } else if !TOKEN_ERROR_CODES.contains(&code.as_str()) {
            f.report(
                rule,
                &path,
                format!(
                    "{code:?} is not a token error code of OAuth 2.1 §3.2.4 ({})",
                    TOKEN_ERROR_CODES.join(", ")
                ),
            );
        }
    }
    let path = root.key("error_description");
    if let Some(text) = f.typed(&t.error_description, rule, &path, "a string")
        && let Some((offset, c)) = first_bad_char(text, is_error_text_char)
    {
        f.report(rule, &path, format!("character {c:?} at byte {offset} is outside the RFC 6749 §5.2 charset (%x20-21 / %x23-5B / %x5D-7E)"));
    }
    let path = root.key("error_uri");
    if let Some(text) = f.typed(&t.error_uri, rule, &path, "a string")
        && let Some((offset, c)) = first_bad_char(text, is_error_uri_char)
    {
        f.report(rule, &path, format!("character {c:?} at byte {offset} is outside the RFC 6749 §5.2 charset (%x21 / %x23-5B / %x5D-7E)"));
    }
    f.into_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::FindingsExt;

    fn response(body: &str, ctx: &TokenResponseContext) -> Vec<Finding> {
        validate_response(&TokenResponse::parse(body.as_bytes()).unwrap(), ctx)
    }

    #[test]
    fn bearer_compares_case_insensitively() {
        let ctx = TokenResponseContext::default();
        let fs = response(r#"{"access_token":"a","token_type":"bEaReR","expires_in":60}"#, &ctx);
        assert!(fs.is_empty(), "{fs:?}");
        let fs = response(r#"{"access_token":"a","token_type":"DPoP","expires_in":60}"#, &ctx);
        assert_eq!(fs.worst(), Some(Level::Info));
        assert!(fs[0].message.contains("DPoP"));
    }

    #[test]
    fn expires_in_rules() {
        let ctx = TokenResponseContext::default();
        let fs = response(r#"{"access_token":"a","token_type":"Bearer"}"#, &ctx);
        assert_eq!(fs.worst(), Some(Level::Should));
        let fs = response(r#"{"access_token":"a","token_type":"Bearer","expires_in":-5}"#, &ctx);
        assert!(fs.has_must());
        let fs = response(r#"{"access_token":"a","token_type":"Bearer","expires_in":86400}"#, &ctx);
        assert!(fs.mentions(AS_SHORT_LIVED));
        assert!(fs[0].message.contains("86400"));
    }

    #[test]
    fn error_401_needs_invalid_client_and_www_authenticate() {
        let doc = TokenError::parse(br#"{"error":"invalid_client"}"#).unwrap();
        let ctx =
            TokenErrorContext { status: 401, client_auth_via_header: true, ..Default::default() };
        let fs = validate_error(&doc, &ctx);
        assert!(fs.has_must() && fs[0].message.contains("WWW-Authenticate"), "{fs:?}");
        let ctx = TokenErrorContext { www_authenticate: Some("Basic realm=\"as\"".into()), ..ctx };
        assert!(validate_error(&doc, &ctx).is_empty());
        let doc = TokenError::parse(br#"{"error":"invalid_grant"}"#).unwrap();
        assert!(validate_error(&doc, &ctx).has_must());
    }
}
