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
//!
//! The challenge flaws are applied here, each to the responses its rule is about:
//! [`RsFlaw::Anonymous403`], [`RsFlaw::ErrorOnAnonymous`] (anonymous requests only),
//! [`RsFlaw::NoWwwAuthenticate`] (401s), [`RsFlaw::OmitResourceMetadata`] (401 and 400),
//! [`RsFlaw::Omit403ResourceMetadata`], [`RsFlaw::Omit403Scope`] and
//! [`RsFlaw::InsufficientScopeAs401`] (403s), [`RsFlaw::DuplicateChallengeParam`] and
//! [`RsFlaw::ReflectForwardedHost`] (every Bearer challenge). The verbatim
//! `www_authenticate` override is never touched by a flaw.

use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mcp_auth_proto::challenge::{Challenge, serialize};
use serde_json::json;

use crate::config::{RsConfig, RsFlaw};

use super::Inner;
use super::auth::Denial;

/// The response a challenge rides on, which decides the flaws that apply to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Carrier {
    /// 401 (or, with [`RsFlaw::Anonymous403`], the anonymous 403 in its place).
    Unauthorized,
    /// 400 `invalid_request`.
    BadRequest,
    /// 403 `insufficient_scope`.
    Forbidden,
}

/// The response for a request that is not authorized; `headers` are the request's.
pub(crate) fn deny(inner: &Inner, headers: &HeaderMap, denial: &Denial) -> Response {
    let has = |flaw| inner.config.has(flaw);
    match denial {
        Denial::Anonymous => {
            let status = if has(RsFlaw::Anonymous403) {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::UNAUTHORIZED
            };
            // RFC 6750 §3.1: no error code when no credentials were sent, unless the server
            // has RsFlaw::ErrorOnAnonymous.
            let error = has(RsFlaw::ErrorOnAnonymous)
                .then_some(("invalid_token", "the access token is missing or invalid"));
            unauthorized(inner, headers, status, error)
        }
        Denial::OtherScheme => unauthorized(inner, headers, StatusCode::UNAUTHORIZED, None),
        Denial::InvalidToken(description) => unauthorized(
            inner,
            headers,
            StatusCode::UNAUTHORIZED,
            Some(("invalid_token", description)),
        ),
        Denial::InvalidRequest(description) => {
            let description = charset_safe(description);
            let challenge = bearer(
                inner,
                headers,
                Carrier::BadRequest,
                Some(("invalid_request", &description)),
                None,
            );
            let mut response = error_body(StatusCode::BAD_REQUEST, "invalid_request", &description);
            set_challenge(&mut response, serialize(&[challenge]));
            response
        }
        Denial::Crash => {
            (StatusCode::INTERNAL_SERVER_ERROR, "internal server error").into_response()
        }
    }
}

/// 403 `insufficient_scope` naming `needed` (omitted when empty); `headers` are the
/// request's.
pub(crate) fn insufficient_scope(
    inner: &Inner,
    headers: &HeaderMap,
    needed: &[String],
) -> Response {
    let description = "the access token lacks a scope this operation needs";
    if inner.config.has(RsFlaw::InsufficientScopeAs401) {
        return deny(inner, headers, &Denial::InvalidToken(description));
    }
    let scope =
        (!needed.is_empty() && !inner.config.has(RsFlaw::Omit403Scope)).then(|| needed.join(" "));
    let challenge = bearer(
        inner,
        headers,
        Carrier::Forbidden,
        Some(("insufficient_scope", description)),
        scope,
    );
    let mut response = error_body(StatusCode::FORBIDDEN, "insufficient_scope", description);
    set_challenge(&mut response, serialize(&[challenge]));
    response
}

/// The scopes the 401 hint names: `challenge_scopes` when configured, else
/// `scopes_supported` without any tool-specific scope.
pub(crate) fn initial_scopes(config: &RsConfig) -> Vec<String> {
    if let Some(scopes) = &config.challenge_scopes {
        return scopes.clone();
    }
    config
        .scopes_supported
        .iter()
        .filter(|s| !config.tool_scopes.values().any(|needed| needed.contains(s)))
        .cloned()
        .collect()
}

/// A 401-style refusal with this status: a JSON error body when there is an error, and the
/// configured verbatim challenge or the conformant one (none at all for a 401 of a server
/// with [`RsFlaw::NoWwwAuthenticate`]).
fn unauthorized(
    inner: &Inner,
    headers: &HeaderMap,
    status: StatusCode,
    error: Option<(&str, &str)>,
) -> Response {
    let mut response = match error {
        Some((code, description)) => error_body(status, code, description),
        None => status.into_response(),
    };
    if status == StatusCode::UNAUTHORIZED && inner.config.has(RsFlaw::NoWwwAuthenticate) {
        return response;
    }
    let value = match &inner.config.www_authenticate {
        Some(raw) => raw.clone(),
        None => {
            let scope = inner.config.scope_hint.then(|| initial_scopes(&inner.config).join(" "));
            let scope = scope.filter(|s| !s.is_empty()).map(|s| {
                if inner.config.has(RsFlaw::QuotedScopeHint) { format!("\"{s}\"") } else { s }
            });
            serialize(&[bearer(inner, headers, Carrier::Unauthorized, error, scope)])
        }
    };
    set_challenge(&mut response, value);
    response
}

fn bearer(
    inner: &Inner,
    headers: &HeaderMap,
    carrier: Carrier,
    error: Option<(&str, &str)>,
    scope: Option<String>,
) -> Challenge {
    let has = |flaw| inner.config.has(flaw);
    let mut challenge = Challenge::new("Bearer");
    if let Some((code, description)) = error {
        challenge =
            challenge.with_param("error", code).with_param("error_description", description);
    }
    if let Some(scope) = scope {
        challenge = challenge.with_param("scope", scope);
    }
    let omit = match carrier {
        Carrier::Forbidden => has(RsFlaw::Omit403ResourceMetadata),
        Carrier::Unauthorized | Carrier::BadRequest => has(RsFlaw::OmitResourceMetadata),
    };
    if !omit && let Some(url) = resource_metadata(inner, headers) {
        challenge = challenge.with_param("resource_metadata", url);
    }
    if has(RsFlaw::DuplicateChallengeParam)
        && let Some(last) = challenge.params.last().cloned()
    {
        challenge.params.push(last);
    }
    challenge
}

/// The `resource_metadata` URL: derived from the resource identifier, or, for a server with
/// [`RsFlaw::ReflectForwardedHost`], from the request's `X-Forwarded-Host` (else `Host`),
/// taken as sent.
fn resource_metadata(inner: &Inner, headers: &HeaderMap) -> Option<String> {
    if inner.config.has(RsFlaw::ReflectForwardedHost) {
        let host = [HeaderName::from_static("x-forwarded-host"), header::HOST]
            .iter()
            .find_map(|name| headers.get(name).and_then(|v| v.to_str().ok()));
        if let Some(host) = host {
            return inner.locations.header_url_at(host);
        }
    }
    inner.locations.header_url().map(str::to_owned)
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
