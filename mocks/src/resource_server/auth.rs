//! Deciding whether a request is authorized: the bearer token from the `Authorization`
//! header (never the query or the body, OAuth 2.1 §5.1), the verifier's verdict, and the
//! switchboard's revocation and migration.
//!
//! Refusals carry fixed descriptions written here: nothing of the token, and nothing the
//! verifier produced from it, reaches a response.

use axum::http::{HeaderMap, header};
use mcp_auth_proto::credentials::{BearerErrorKind, parse_bearer};

use crate::verify::{TokenRejection, VerifiedToken};

use super::Inner;

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
}

/// The token's verdict, after the verifier and the switchboard have had their say. An
/// accepted token is counted as one authorized request.
pub(crate) fn authorize(inner: &Inner, headers: &HeaderMap) -> Result<VerifiedToken, Denial> {
    let mut values = headers.get_all(header::AUTHORIZATION).iter();
    let value = values.next().ok_or(Denial::Anonymous)?;
    if values.next().is_some() {
        // RFC 6750 §3.1: more than one method (or one repeated) is invalid_request.
        return Err(Denial::InvalidRequest(
            "more than one Authorization header; send exactly one".to_owned(),
        ));
    }
    let bearer = parse_bearer(value.as_bytes()).map_err(|e| match e.kind {
        BearerErrorKind::NotBearer { .. } => Denial::OtherScheme,
        // The kinds never carry a byte of the token; the offset is not secret either.
        kind => Denial::InvalidRequest(format!(
            "malformed Bearer credentials at byte {}: {kind}",
            e.offset
        )),
    })?;
    let token = bearer.expose();
    let verified = inner.verifier.verify(token, &inner.resource).map_err(rejection)?;
    let mut state = inner.state();
    if !inner.current_issuers(&state).contains(&verified.issuer) {
        // Before a migration: an issuer PRM does not name. After it: the old issuer.
        return Err(Denial::InvalidToken(
            "the token was issued by an authorization server this resource does not name in its metadata",
        ));
    }
    let limit = inner.config.revoke_tokens_after;
    if let Some(limit) = limit {
        match state.uses(token) {
            Some(used) if used < limit => {}
            _ => return Err(Denial::InvalidToken("the access token has been revoked")),
        }
    }
    state.record_authorized(token, limit.is_some());
    Ok(verified)
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
    })
}
