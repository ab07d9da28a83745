//! RFC 7662 token introspection and RFC 7009 token revocation.
//!
//! Introspection is open to any caller: the only caller in a mock world is the harness's
//! own resource server, and RFC 7662 §2.1 leaves the means of authorizing it to the
//! server. Revocation authenticates the client like the token endpoint and revokes only
//! that client's tokens; revoking a refresh token revokes its whole grant (RFC 7009 §2.1).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mcp_auth_proto::documents::jwt::CompactJwt;
use serde_json::{Map, Value};

use super::client_auth::authenticate;
use super::respond::{self, OAuthError, Params, content_type_is};
use super::{Incoming, Shared};
use crate::mint::now_seconds;

fn form_params(request: &Incoming) -> Result<Params, OAuthError> {
    if !content_type_is(&request.headers, "application/x-www-form-urlencoded") {
        return Err(OAuthError::invalid_request(
            "the request must be application/x-www-form-urlencoded",
        ));
    }
    let params = Params::parse(&request.body);
    if let Some(name) = params.repeated(&[]) {
        return Err(OAuthError::invalid_request(format!("{name} is repeated")));
    }
    Ok(params)
}

fn audience_value(audience: &[String]) -> Value {
    match audience {
        [one] => Value::from(one.clone()),
        many => Value::from(many.to_vec()),
    }
}

pub(super) fn introspect(shared: &Shared, request: &Incoming) -> Response {
    let params = match form_params(request) {
        Ok(params) => params,
        Err(e) => return e.into_response(),
    };
    let Some(token) = params.one("token").ok().flatten() else {
        return OAuthError::invalid_request("token is missing").into_response();
    };
    let inactive = || {
        let mut body = Map::new();
        body.insert("active".into(), Value::Bool(false));
        body
    };
    let body = active_access_token(shared, token)
        .or_else(|| active_refresh_token(shared, token))
        .unwrap_or_else(inactive);
    respond::json(StatusCode::OK, &Value::Object(body), true)
}

/// A live access token: our signature, not expired, not revoked, and, when it was issued by
/// the token endpoint, its grant alive. A token minted directly with this server's key (the
/// harness's hostile and control tokens, which no grant backs) is described from its own
/// claims, so that a resource server that introspects sees the same verdict as one that
/// verifies the JWT.
fn active_access_token(shared: &Shared, token: &str) -> Option<Map<String, Value>> {
    let verified = shared.verifier.verify_any_audience(token, now_seconds()).ok()?;
    let jwt = CompactJwt::parse(token).ok()?;
    let claims = &jwt.claims().typed;
    let jti = claims.jti.valid()?.clone();
    let state = shared.state();
    let mut body = Map::new();
    body.insert("active".into(), Value::Bool(true));
    match state.access_tokens.get(&jti) {
        Some(record) => {
            state.live_grant(record.grant)?;
            if !record.scope.is_empty() {
                body.insert("scope".into(), Value::from(record.scope.join(" ")));
            }
            body.insert("client_id".into(), Value::from(record.client_id.clone()));
            body.insert("token_type".into(), Value::from("Bearer"));
            body.insert("exp".into(), Value::from(record.expires_at));
            body.insert("iat".into(), Value::from(record.issued_at));
            body.insert("sub".into(), Value::from(record.subject.clone()));
            body.insert("aud".into(), audience_value(&record.audience));
        }
        None => {
            if !verified.scope.tokens().is_empty() {
                body.insert("scope".into(), Value::from(verified.scope.tokens().join(" ")));
            }
            body.insert("client_id".into(), Value::from(verified.client_id));
            body.insert("token_type".into(), Value::from("Bearer"));
            body.insert("exp".into(), Value::from(verified.expires_at));
            let iat = claims.iat.valid().map(|d| d.seconds().max(0.0) as u64);
            if let Some(iat) = iat {
                body.insert("iat".into(), Value::from(iat));
            }
            if let Some(nbf) = claims.nbf.valid().map(|d| d.seconds().max(0.0) as u64) {
                body.insert("nbf".into(), Value::from(nbf));
            }
            body.insert("sub".into(), Value::from(verified.subject));
            let audience: Vec<String> = claims
                .aud
                .valid()
                .map(|aud| aud.values().into_iter().map(str::to_owned).collect())
                .unwrap_or_default();
            body.insert("aud".into(), audience_value(&audience));
        }
    }
    body.insert("iss".into(), Value::from(shared.issuer.clone()));
    body.insert("jti".into(), Value::from(jti));
    Some(body)
}

fn active_refresh_token(shared: &Shared, token: &str) -> Option<Map<String, Value>> {
    let state = shared.state();
    let record = state.refresh_tokens.get(token).filter(|r| !r.spent)?;
    let grant = state.live_grant(record.grant)?;
    let mut body = Map::new();
    body.insert("active".into(), Value::Bool(true));
    if !grant.scope.is_empty() {
        body.insert("scope".into(), Value::from(grant.scope.join(" ")));
    }
    body.insert("client_id".into(), Value::from(grant.client_id.clone()));
    body.insert("sub".into(), Value::from(grant.subject.clone()));
    body.insert("aud".into(), audience_value(&grant.resources));
    body.insert("iss".into(), Value::from(shared.issuer.clone()));
    Some(body)
}

pub(super) async fn revoke(shared: &Shared, request: &Incoming) -> Response {
    match revoked(shared, request).await {
        // RFC 7009 §2.2: 200 whether or not the token was known.
        Ok(()) => StatusCode::OK.into_response(),
        Err(e) => e.into_response(),
    }
}

async fn revoked(shared: &Shared, request: &Incoming) -> Result<(), OAuthError> {
    let params = form_params(request)?;
    let token = params
        .one("token")
        .ok()
        .flatten()
        .ok_or_else(|| OAuthError::invalid_request("token is missing"))?;
    let audiences =
        [shared.endpoint_url("revoke"), shared.endpoint_url("token"), shared.issuer.clone()];
    let client = authenticate(shared, &request.headers, &params, &audiences).await?.client;
    let not_yours = || OAuthError::invalid_grant("the token was issued to another client");
    let mut state = shared.state();
    if let Some(grant) = state.refresh_tokens.get(token).map(|r| r.grant) {
        if state.grants.get(&grant).is_none_or(|g| g.client_id != client.client_id) {
            return Err(not_yours());
        }
        state.revoke_grant(grant, &shared.revocations);
        return Ok(());
    }
    let jti = CompactJwt::parse(token).ok().and_then(|jwt| jwt.claims().typed.jti.valid().cloned());
    if let Some(record) = jti.as_ref().and_then(|jti| state.access_tokens.get(jti)) {
        if record.client_id != client.client_id {
            return Err(not_yours());
        }
        shared.revocations.revoke(jti.unwrap_or_default());
    }
    Ok(())
}
