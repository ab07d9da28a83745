//! Deciding whether a request is authorized: the bearer token from the `Authorization`
//! header (never the query or the body, OAuth 2.1 §5.1), the verifier's verdict, and the
//! switchboard's revocation and migration.
//!
//! Refusals carry fixed descriptions written here: nothing of the token, and nothing the
//! verifier produced from it, reaches a response.
//!
//! The credential-transport flaws live here, each at the step it breaks:
//! [`RsFlaw::HonourQueryToken`] and [`RsFlaw::HonourBodyToken`] where a missing header would
//! end the search, [`RsFlaw::MultipleAuthorizationUsesLast`] at the duplicate-header check,
//! [`RsFlaw::OtherScheme400`], [`RsFlaw::MalformedCredentials500`] and
//! [`RsFlaw::CaseSensitiveBearer`] at the credential parse, [`RsFlaw::Garbage500`] before
//! the verifier, and [`RsFlaw::SessionSubstitutesToken`] where an anonymous request would be
//! refused.

use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use mcp_auth_proto::credentials::{BearerErrorKind, parse_bearer};
use serde_json::Value;

use crate::config::RsFlaw;
use crate::verify::{TokenRejection, VerifiedToken, VerifyRequest};

use super::Inner;
use super::jsonrpc::SESSION_HEADER;

/// Why a request is not authorized, and so which response it gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Denial {
    /// No `Authorization` header: 401 with a challenge and no error (RFC 6750 §3.1).
    Anonymous,
    /// Credentials of another scheme: treated as no usable credentials, like `Anonymous`.
    OtherScheme,
    /// Malformed credentials, or more than one `Authorization` header: 400
    /// `invalid_request` (RFC 6750 §3.1).
    InvalidRequest(String),
    /// A token that does not grant access (any more): 401 `invalid_token`.
    InvalidToken(&'static str),
    /// 500: only a flaw ([`RsFlaw::Garbage500`], [`RsFlaw::MalformedCredentials500`])
    /// fails this way, like a server whose token parsing throws.
    Crash,
}

/// Whether an accepted request counts towards `migrate` and `revoke_tokens_after`: MCP
/// requests do, a PRM fetch that a flaw makes demand a token does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Count {
    Yes,
    No,
}

/// The token's verdict, after the verifier and the switchboard have had their say.
/// `body` is the request body (only [`RsFlaw::HonourBodyToken`] reads it).
pub(crate) async fn authorize(
    inner: &Inner,
    parts: &Parts,
    body: &[u8],
    count: Count,
) -> Result<VerifiedToken, Denial> {
    let token = match presented_token(inner, parts, body) {
        Ok(token) => token,
        Err(Denial::Anonymous) if inner.config.has(RsFlaw::SessionSubstitutesToken) => {
            // The session remembers who opened it, and that is taken as enough.
            return session_user(inner, &parts.headers).ok_or(Denial::Anonymous);
        }
        Err(denial) => return Err(denial),
    };
    if inner.config.has(RsFlaw::Garbage500) && !looks_like_a_jws(&token) {
        return Err(Denial::Crash);
    }
    let request =
        VerifyRequest { token: &token, resource: &inner.resource, flaws: &inner.config.flaws };
    let mut verified = inner.verifier.verify(request).await;
    // A token for another identifier of this same server (`resource_aliases`) is good too.
    for alias in &inner.config.resource_aliases {
        if !matches!(verified, Err(TokenRejection::Audience)) {
            break;
        }
        let request = VerifyRequest { token: &token, resource: alias, flaws: &inner.config.flaws };
        verified = inner.verifier.verify(request).await;
    }
    let verified = verified.map_err(rejection)?;
    let mut state = inner.state();
    if !inner.current_issuers(&state).contains(&verified.issuer) {
        // Before a migration: an issuer PRM does not name. After it: the old issuer.
        return Err(Denial::InvalidToken(
            "the token was issued by an authorization server this resource does not name in its metadata",
        ));
    }
    if count == Count::No {
        return Ok(verified);
    }
    let limit = inner.config.revoke_tokens_after;
    if let Some(limit) = limit {
        match state.uses(&token) {
            Some(used) if used < limit => {}
            _ => return Err(Denial::InvalidToken("the access token has been revoked")),
        }
    }
    state.record_authorized(&token, limit.is_some());
    Ok(verified)
}

/// The bearer token the request presents: the one `Authorization` header's, strictly
/// parsed. (Owned: a flawed server may take it from the query or the body.)
fn presented_token(inner: &Inner, parts: &Parts, body: &[u8]) -> Result<String, Denial> {
    let has = |flaw| inner.config.has(flaw);
    let values: Vec<_> = parts.headers.get_all(header::AUTHORIZATION).iter().collect();
    let value = match values.as_slice() {
        [] => {
            let smuggled = has(RsFlaw::HonourQueryToken)
                .then(|| query_token(parts))
                .flatten()
                .or_else(|| has(RsFlaw::HonourBodyToken).then(|| body_token(body)).flatten());
            return smuggled.ok_or(Denial::Anonymous);
        }
        [one] => *one,
        [.., last] if has(RsFlaw::MultipleAuthorizationUsesLast) => *last,
        _ => {
            // RFC 6750 §3.1: more than one method (or one repeated) is invalid_request.
            return Err(Denial::InvalidRequest(
                "more than one Authorization header; send exactly one".to_owned(),
            ));
        }
    };
    let bearer = parse_bearer(value.as_bytes()).map_err(|e| match e.kind {
        BearerErrorKind::NotBearer { .. } if has(RsFlaw::OtherScheme400) => {
            Denial::InvalidRequest("the Authorization scheme is not supported".to_owned())
        }
        BearerErrorKind::NotBearer { .. } => Denial::OtherScheme,
        _ if has(RsFlaw::MalformedCredentials500) => Denial::Crash,
        // The kinds never carry a byte of the token; the offset is not secret either.
        kind => Denial::InvalidRequest(format!(
            "malformed Bearer credentials at byte {}: {kind}",
            e.offset
        )),
    })?;
    if has(RsFlaw::CaseSensitiveBearer) && !value.as_bytes().starts_with(b"Bearer ") {
        // A server that splits on "Bearer " finds no token in `bearer abc`.
        return Err(Denial::InvalidToken("the access token is malformed"));
    }
    Ok(bearer.expose().to_owned())
}

/// `?access_token=` ([`RsFlaw::HonourQueryToken`]).
fn query_token(parts: &Parts) -> Option<String> {
    let query = parts.uri.query()?;
    form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == "access_token")
        .map(|(_, value)| value.into_owned())
}

/// `params.access_token` or `params._meta.access_token` of a JSON-RPC body
/// ([`RsFlaw::HonourBodyToken`]).
fn body_token(body: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(body).ok()?;
    ["/params/access_token", "/params/_meta/access_token"]
        .iter()
        .find_map(|pointer| value.pointer(pointer).and_then(Value::as_str))
        .map(str::to_owned)
}

/// The user of the session the request names ([`RsFlaw::SessionSubstitutesToken`]).
fn session_user(inner: &Inner, headers: &HeaderMap) -> Option<VerifiedToken> {
    let id = headers.get(SESSION_HEADER)?.to_str().ok()?;
    inner.state().session(id).map(|session| session.user.clone())
}

/// Three dot-separated base64url parts ([`RsFlaw::Garbage500`] crashes on anything else).
fn looks_like_a_jws(token: &str) -> bool {
    let parts: Vec<&str> = token.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
}

fn rejection(rejection: TokenRejection) -> Denial {
    Denial::InvalidToken(match rejection {
        TokenRejection::Malformed(_) => "the access token is malformed",
        TokenRejection::BadSignature => "the access token signature does not verify",
        TokenRejection::Algorithm(_) => "the access token algorithm is not accepted",
        TokenRejection::UntrustedIssuer(_) => "the access token issuer is not trusted",
        TokenRejection::Audience => "the access token audience does not name this resource",
        TokenRejection::Expired => "the access token has expired",
        TokenRejection::NotYetValid => "the access token is not valid yet",
        TokenRejection::NotAnAccessToken(_) => "the token is not an access token",
        TokenRejection::Inactive => "the access token is inactive",
        TokenRejection::IntrospectionFailed { .. } => "the access token could not be introspected",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jws_shape() {
        assert!(looks_like_a_jws("eyJh.eyJi.c2ln"));
        assert!(looks_like_a_jws("eyJh.eyJi."), "an empty signature is still three parts");
        for garbage in ["opaque-token", "a.b", "a.b.c.d", "a.b+.c", "a.b.c="] {
            assert!(!looks_like_a_jws(garbage), "{garbage}");
        }
    }

    #[test]
    fn smuggled_tokens_are_found_where_the_flaws_look() {
        let parts = |uri: &str| axum::http::Request::get(uri).body(()).unwrap().into_parts().0;
        assert_eq!(query_token(&parts("/mcp?a=1&access_token=t%2B1")).as_deref(), Some("t+1"));
        assert_eq!(query_token(&parts("/mcp?token=t")), None);
        let body = br#"{"params":{"_meta":{"access_token":"m"}}}"#;
        assert_eq!(body_token(body).as_deref(), Some("m"));
        assert_eq!(body_token(br#"{"params":{"access_token":"p"}}"#).as_deref(), Some("p"));
        assert_eq!(body_token(br#"{"params":{"access_token":7}}"#), None);
        assert_eq!(body_token(b"not json"), None);
    }
}
