//! `POST /token`: the authorization code (OAuth 2.1 §4.1.3, RFC 7636 §4.6), refresh token
//! (§4.3, with rotation and replay detection) and client credentials (§4.2) grants, and
//! issuance of RFC 9068 JWT access tokens audience-bound per RFC 8707.

use axum::http::{StatusCode, header};
use axum::response::Response;
use mcp_auth_proto::pkce;
use serde_json::{Map, Value};

use super::authorize::requested_scope;
use super::client_auth::authenticate;
use super::respond::{self, OAuthError, Params, content_type_is};
use super::state::{AccessRecord, AsState, Client, Grant, RefreshToken};
use super::{Incoming, Shared};
use crate::config::{AsFlaw, AssertionAudience};
use crate::journal::CredentialKind;
use crate::keys::random_id;
use crate::mint::{AccessTokenSpec, now_seconds};

/// The resource owner the automatic consent stands for.
pub(super) const SUBJECT: &str = "mock-user";

/// How far in the past `exp` lies for `tokens.expired_on_issue` (beyond any leeway).
const EXPIRED_BY_SECONDS: u64 = 300;

pub(super) async fn token(shared: &Shared, request: &Incoming) -> Response {
    match handle(shared, request).await {
        Ok(body) => {
            respond::json(StatusCode::OK, &Value::Object(body), !shared.config.tokens.cacheable)
        }
        Err(error) if shared.config.has(AsFlaw::TokenErrorsNotJson) => error.into_plain_response(),
        Err(error) => error.into_response(),
    }
}

async fn handle(shared: &Shared, request: &Incoming) -> Result<Map<String, Value>, OAuthError> {
    if let Some(code) = &shared.config.tokens.error {
        let via_header = request.headers.contains_key(header::AUTHORIZATION);
        return Err(match code.as_str() {
            "invalid_client" => OAuthError::invalid_client(
                "refused by configuration",
                via_header.then_some(shared.issuer.as_str()),
            ),
            other => OAuthError::new(other, "refused by configuration"),
        });
    }
    if !content_type_is(&request.headers, "application/x-www-form-urlencoded") {
        return Err(OAuthError::invalid_request(
            "the token request must be application/x-www-form-urlencoded",
        ));
    }
    let params = Params::parse(&request.body);
    if let Some(name) = params.repeated(&["resource"]) {
        return Err(OAuthError::invalid_request(format!("{name} is repeated")));
    }
    let grant_type = params
        .one("grant_type")
        .ok()
        .flatten()
        .ok_or_else(|| OAuthError::invalid_request("grant_type is missing"))?;
    let audiences = match shared.config.assertion_audience {
        AssertionAudience::TokenEndpointOrIssuer => {
            vec![shared.endpoint_url("token"), shared.issuer.clone()]
        }
        AssertionAudience::Issuer => {
            let bare = shared.issuer.trim_end_matches('/');
            vec![bare.to_owned(), format!("{bare}/")]
        }
    };
    let client = authenticate(shared, &request.headers, &params, &audiences).await?.client;
    match grant_type {
        "authorization_code" => authorization_code(shared, &client, &params),
        "refresh_token" => refresh(shared, &client, &params),
        "client_credentials" => client_credentials(shared, &client, &params),
        other => Err(OAuthError::new(
            "unsupported_grant_type",
            format!("grant_type {other:?} is not supported"),
        )),
    }
}

fn one<'a>(params: &'a Params, name: &str) -> Option<&'a str> {
    params.one(name).ok().flatten()
}

fn authorization_code(
    shared: &Shared,
    client: &Client,
    params: &Params,
) -> Result<Map<String, Value>, OAuthError> {
    let value =
        one(params, "code").ok_or_else(|| OAuthError::invalid_request("code is missing"))?;
    let mut state = shared.state();
    let Some(code) = state.codes.get(value).cloned() else {
        if let Some(spent) = state.spent_codes.get(value).copied() {
            // OAuth 2.1 §4.1.3: deny, and revoke what the first redemption issued.
            if let Some(grant) = spent {
                state.revoke_grant(grant, &shared.revocations);
            }
            return Err(OAuthError::invalid_grant(
                "the authorization code was already used; tokens issued from it are revoked",
            ));
        }
        return Err(OAuthError::invalid_grant("unknown authorization code"));
    };
    let flaws = &shared.config.flaws;
    let binding_checked = !flaws.contains(&AsFlaw::CodeBindingUnchecked);
    if binding_checked && code.client_id != client.client_id {
        return Err(OAuthError::invalid_grant(
            "the authorization code was issued to another client",
        ));
    }
    // One presentation by its client spends the code, whatever the outcome: a wrong
    // verifier does not get a second guess.
    let single_use = !flaws.contains(&AsFlaw::CodeReusable);
    if single_use {
        state.codes.remove(value);
        state.spent_codes.insert(value.to_owned(), None);
    }
    if code.expires_at <= now_seconds() {
        return Err(OAuthError::invalid_grant("the authorization code has expired"));
    }
    // OAuth 2.1 no longer requires redirect_uri here (PKCE binds the code); when sent, it
    // must be the one the code was issued for.
    if binding_checked && one(params, "redirect_uri").is_some_and(|sent| sent != code.redirect_uri)
    {
        return Err(OAuthError::invalid_grant(
            "redirect_uri differs from the authorization request's",
        ));
    }
    let verifier = one(params, "code_verifier");
    match (&code.challenge, verifier) {
        _ if flaws.contains(&AsFlaw::VerifierUnchecked) => {}
        (Some(_), None) => {
            return Err(OAuthError::invalid_request(
                "code_verifier is missing; the authorization request had a code_challenge",
            ));
        }
        (Some((challenge, method)), Some(verifier)) => {
            // The error kind may quote a character of the verifier, so it stays out.
            pkce::verify(verifier, challenge, *method).map_err(|e| {
                OAuthError::invalid_grant(match e.kind {
                    pkce::PkceErrorKind::Mismatch => {
                        "code_verifier does not match the code_challenge (RFC 7636 §4.6)"
                    }
                    _ => "code_verifier is malformed (RFC 7636 §4.1)",
                })
            })?;
        }
        (None, Some(_)) => {
            return Err(OAuthError::invalid_grant(
                "code_verifier sent for a code issued without code_challenge",
            ));
        }
        (None, None) => {}
    }
    let audience = if flaws.contains(&AsFlaw::IgnoreResource) {
        vec![shared.issuer.clone()]
    } else {
        audience(shared, &params.all("resource"), &code.resources)?
    };
    let policy = &shared.config.tokens;
    let narrow = policy
        .granted_scope
        .as_deref()
        .filter(|_| policy.granted_scope_times.is_none_or(|times| state.narrowed_grants < times));
    if narrow.is_some() {
        state.narrowed_grants += 1;
    }
    let scope = narrow.map_or(code.scope.clone(), split);
    let grant = state.new_grant(Grant {
        client_id: client.client_id.clone(),
        subject: SUBJECT.to_owned(),
        scope: scope.clone(),
        resources: if code.resources.is_empty() { audience.clone() } else { code.resources },
        access_jtis: Vec::new(),
        revoked: false,
    });
    if single_use {
        state.spent_codes.insert(value.to_owned(), Some(grant));
    }
    issue(shared, &mut state, grant, &audience, &scope, shared.config.tokens.refresh_tokens)
}

fn refresh(
    shared: &Shared,
    client: &Client,
    params: &Params,
) -> Result<Map<String, Value>, OAuthError> {
    let value = one(params, "refresh_token")
        .ok_or_else(|| OAuthError::invalid_request("refresh_token is missing"))?;
    let mut state = shared.state();
    let Some((grant_id, spent)) = state.refresh_tokens.get(value).map(|r| (r.grant, r.spent))
    else {
        return Err(OAuthError::invalid_grant("unknown or revoked refresh token"));
    };
    let Some(grant) = state.live_grant(grant_id) else {
        return Err(OAuthError::invalid_grant("the refresh token's grant is revoked"));
    };
    if grant.client_id != client.client_id {
        return Err(OAuthError::invalid_grant("the refresh token was issued to another client"));
    }
    if spent && !shared.config.has(AsFlaw::RefreshReuseUndetected) {
        // OAuth 2.1 §4.3.1: a rotated-away token came back; one of its holders is not the
        // client. Revoke the whole family.
        state.revoke_grant(grant_id, &shared.revocations);
        return Err(OAuthError::invalid_grant(
            "the refresh token was already used; its token family is revoked",
        ));
    }
    let original = grant.scope.clone();
    let scope = match one(params, "scope") {
        None => original,
        Some(requested) => {
            let requested = requested_scope(shared, Some(requested))
                .map_err(|(code, description)| OAuthError::new(code, description))?;
            let widen = shared.config.has(AsFlaw::RefreshWidensScope);
            if let Some(extra) = requested.iter().find(|t| !widen && !original.contains(t)) {
                return Err(OAuthError::new(
                    "invalid_scope",
                    format!("scope {extra:?} was not originally granted (OAuth 2.1 §4.3.1)"),
                ));
            }
            requested
        }
    };
    let audience = audience(shared, &params.all("resource"), &grant.resources)?;
    let rotate = shared.config.tokens.rotate_refresh_tokens;
    if rotate && let Some(record) = state.refresh_tokens.get_mut(value) {
        record.spent = true;
    }
    issue(shared, &mut state, grant_id, &audience, &scope, rotate)
}

fn client_credentials(
    shared: &Shared,
    client: &Client,
    params: &Params,
) -> Result<Map<String, Value>, OAuthError> {
    if !client.is_confidential() {
        return Err(OAuthError::new(
            "unauthorized_client",
            "client_credentials is for confidential clients",
        ));
    }
    let requested = requested_scope(shared, one(params, "scope"))
        .map_err(|(code, description)| OAuthError::new(code, description))?;
    let scope = shared.config.tokens.granted_scope.as_deref().map_or(requested, split);
    let audience = audience(shared, &params.all("resource"), &[])?;
    let mut state = shared.state();
    let grant = state.new_grant(Grant {
        client_id: client.client_id.clone(),
        subject: client.client_id.clone(),
        scope: scope.clone(),
        resources: audience.clone(),
        access_jtis: Vec::new(),
        revoked: false,
    });
    // RFC 6749 §4.4.3: no refresh token for client credentials.
    issue(shared, &mut state, grant, &audience, &scope, false)
}

fn split(scope: &str) -> Vec<String> {
    scope.split(' ').filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

/// The audience of the token (RFC 8707 §2.2): the requested resources, each within what
/// the grant was bound to (or, for an unbound grant, what this server serves); without
/// a request, the grant's resources, else every resource this server serves.
fn audience(
    shared: &Shared,
    requested: &[&str],
    bound: &[String],
) -> Result<Vec<String>, OAuthError> {
    let allowed = if bound.is_empty() { &shared.resources } else { bound };
    if let Some(unknown) = requested.iter().find(|r| !allowed.iter().any(|a| a == *r)) {
        return Err(OAuthError::new(
            "invalid_target",
            format!("resource {unknown:?} is not one this grant or server covers"),
        ));
    }
    let mut out: Vec<String> = Vec::new();
    for r in requested {
        if !out.iter().any(|o| o == r) {
            out.push((*r).to_owned());
        }
    }
    if out.is_empty() {
        out = allowed.to_vec();
    }
    if out.is_empty() {
        return Err(OAuthError::new(
            "invalid_target",
            "no resource was requested and none is configured",
        ));
    }
    Ok(out)
}

/// Mints the tokens of one successful token request and records them under `grant`.
fn issue(
    shared: &Shared,
    state: &mut AsState,
    grant: u64,
    audience: &[String],
    scope: &[String],
    with_refresh: bool,
) -> Result<Map<String, Value>, OAuthError> {
    let policy = &shared.config.tokens;
    let lifetime = policy.lifetime_seconds;
    let now = now_seconds();
    let issued_at = if policy.expired_on_issue {
        now.saturating_sub(lifetime.saturating_add(EXPIRED_BY_SECONDS))
    } else {
        now
    };
    let (client_id, subject) = state
        .grants
        .get(&grant)
        .map(|g| (g.client_id.clone(), g.subject.clone()))
        .unwrap_or_default();
    let jti = random_id(16);
    let scope_text = scope.join(" ");
    let spec = AccessTokenSpec::new(String::new())
        .audiences(audience.iter().cloned())
        .subject(subject.clone())
        .client_id(client_id.clone())
        .scope((!scope_text.is_empty()).then_some(scope_text.clone()))
        .jti(jti.clone())
        .issued_at(issued_at)
        .lifetime_seconds(i64::try_from(lifetime).unwrap_or(i64::MAX));
    let access_token = shared.minter.mint(&spec).map_err(|e| OAuthError {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        ..OAuthError::new("server_error", e.to_string())
    })?;
    state.access_tokens.insert(
        jti.clone(),
        AccessRecord {
            grant,
            client_id,
            subject,
            scope: scope.to_vec(),
            audience: audience.to_vec(),
            issued_at,
            expires_at: issued_at.saturating_add(lifetime),
        },
    );
    if let Some(g) = state.grants.get_mut(&grant) {
        g.access_jtis.push(jti);
    }
    shared.journal.note_issued(CredentialKind::AccessToken, &shared.name, access_token.expose());
    let mut body = Map::new();
    body.insert("access_token".into(), Value::from(access_token.expose()));
    body.insert("token_type".into(), Value::from("Bearer"));
    body.insert("expires_in".into(), Value::from(lifetime));
    if !scope_text.is_empty() {
        body.insert("scope".into(), Value::from(scope_text));
    }
    if with_refresh {
        let refresh = random_id(32);
        shared.journal.note_issued(CredentialKind::RefreshToken, &shared.name, &refresh);
        state.refresh_tokens.insert(refresh.clone(), RefreshToken { grant, spent: false });
        body.insert("refresh_token".into(), Value::from(refresh));
    }
    Ok(body)
}
