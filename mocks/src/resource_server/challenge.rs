//! The 400, 401 and 403 responses and their `WWW-Authenticate` challenges (RFC 6750 §3,
//! RFC 9728 §5.1, MCP "Scope Selection Strategy" and "Runtime Insufficient Scope Errors").
//!
//! Challenges are built as proto [`Challenge`] values and written with proto's
//! [`serialize`], so what the strict parser reads back is exactly what was meant. Parameter
//! order follows the MCP examples: `error` (and `error_description`) first, then `scope`,
//! then `resource_metadata`.
//!
//! Scope choices:
//! * The 401 `scope` hint names the scopes for initial access: `scopes_supported` minus
//!   every scope some tool needs in `tool_scopes` (with the defaults, `mcp:tools`). Those
//!   extras are asked for by step-up when a tool needs them, which keeps the first
//!   authorization least-privilege. The hint is guidance only: no tool requires it.
//! * The 403 `scope` names every scope the operation needs, in one challenge (MCP
//!   2026-07-28 "all scopes for the operation"); previously granted scopes are not
//!   repeated (the client unions them).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mcp_auth_proto::challenge::{Challenge, serialize};
use serde_json::json;

use crate::config::RsConfig;

use super::Inner;
use super::auth::Denial;

/// The response for a request that is not authorized.
pub(crate) fn deny(inner: &Inner, denial: &Denial) -> Response {
    match denial {
        Denial::Anonymous | Denial::OtherScheme => {
            let mut response = StatusCode::UNAUTHORIZED.into_response();
            set_challenge(&mut response, unauthorized_header(inner, None));
            response
        }
        Denial::InvalidToken(description) => {
            let value = unauthorized_header(inner, Some(("invalid_token", description)));
            let mut response = error_body(StatusCode::UNAUTHORIZED, "invalid_token", description);
            set_challenge(&mut response, value);
            response
        }
        Denial::InvalidRequest(description) => {
            let description = charset_safe(description);
            let challenge = bearer(inner, Some(("invalid_request", &description)), None);
            let mut response = error_body(StatusCode::BAD_REQUEST, "invalid_request", &description);
            set_challenge(&mut response, serialize(&[challenge]));
            response
        }
    }
}

/// 403 `insufficient_scope` naming `needed` (omitted when empty).
pub(crate) fn insufficient_scope(inner: &Inner, needed: &[String]) -> Response {
    let description = "the access token lacks a scope this operation needs";
    let scope = (!needed.is_empty()).then(|| needed.join(" "));
    let challenge = bearer(inner, Some(("insufficient_scope", description)), scope);
    let mut response = error_body(StatusCode::FORBIDDEN, "insufficient_scope", description);
    set_challenge(&mut response, serialize(&[challenge]));
    response
}

/// The scopes the 401 hint names: `scopes_supported` without any tool-specific scope.
pub(crate) fn initial_scopes(config: &RsConfig) -> Vec<String> {
    config
        .scopes_supported
        .iter()
        .filter(|s| !config.tool_scopes.values().any(|needed| needed.contains(s)))
        .cloned()
        .collect()
}

/// The 401 header: the configured verbatim value, or the conformant challenge.
fn unauthorized_header(inner: &Inner, error: Option<(&str, &str)>) -> String {
    if let Some(raw) = &inner.config.www_authenticate {
        return raw.clone();
    }
    let scope = inner.config.scope_hint.then(|| initial_scopes(&inner.config).join(" "));
    serialize(&[bearer(inner, error, scope.filter(|s| !s.is_empty()))])
}

fn bearer(inner: &Inner, error: Option<(&str, &str)>, scope: Option<String>) -> Challenge {
    let mut challenge = Challenge::new("Bearer");
    if let Some((code, description)) = error {
        challenge =
            challenge.with_param("error", code).with_param("error_description", description);
    }
    if let Some(scope) = scope {
        challenge = challenge.with_param("scope", scope);
    }
    if let Some(url) = inner.locations.header_url() {
        challenge = challenge.with_param("resource_metadata", url);
    }
    challenge
}

fn set_challenge(response: &mut Response, value: String) {
    // `from_bytes` keeps obs-text a scenario may want; a value with CR, LF or NUL cannot be
    // a header at all and is dropped rather than sent in pieces.
    if let Ok(value) = HeaderValue::from_bytes(value.as_bytes()) {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, value);
    }
}

/// A small JSON body mirroring the challenge, for clients that read bodies.
fn error_body(status: StatusCode, error: &str, description: &str) -> Response {
    let body = json!({ "error": error, "error_description": description });
    (status, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

/// `text` restricted to the RFC 6750 §3 `error_description` charset (printable ASCII
/// without `"` and `\`); anything else becomes `'`.
fn charset_safe(text: &str) -> String {
    text.chars()
        .map(|c| if matches!(c, ' '..='~') && c != '"' && c != '\\' { c } else { '\'' })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn initial_scopes_leave_out_tool_extras() {
        let config = RsConfig::default();
        assert_eq!(initial_scopes(&config), ["mcp:tools"]);
        let open = RsConfig { tool_scopes: BTreeMap::new(), ..RsConfig::default() };
        assert_eq!(initial_scopes(&open), ["mcp:tools", "mcp:write"]);
    }

    #[test]
    fn descriptions_stay_in_the_rfc6750_charset() {
        assert_eq!(charset_safe("a \"b\" \\ é\n"), "a 'b' ' ''");
    }
}
