//! Dynamic Client Registration (RFC 7591, with OpenID Connect's `application_type`).
//!
//! The request is read with proto's strict client-metadata model; anything the server
//! cannot honour is refused with the RFC 7591 §3.2.2 code that names it, and unknown
//! members are ignored (not echoed). Secrets go only to clients that authenticate with one.

use axum::http::StatusCode;
use axum::response::Response;
use mcp_auth_proto::Level;
use mcp_auth_proto::Member;
use mcp_auth_proto::documents::dcr::ClientMetadata;
use mcp_auth_proto::redirect::redirect_uri_problems;
use mcp_auth_proto::scope::Scope;
use serde_json::{Map, Value};

use super::metadata::AUTH_METHODS;
use super::respond::{self, OAuthError, content_type_is};
use super::state::Client;
use super::{Incoming, Shared};
use crate::config::AsFlaw;
use crate::journal::CredentialKind;
use crate::keys::random_id;
use crate::mint::now_seconds;

const GRANT_TYPES: [&str; 3] = ["authorization_code", "refresh_token", "client_credentials"];

fn metadata_error(description: impl Into<String>) -> OAuthError {
    OAuthError::new("invalid_client_metadata", description)
}

fn redirect_error(description: impl Into<String>) -> OAuthError {
    OAuthError::new("invalid_redirect_uri", description)
}

fn is_bad<T>(member: &Member<T>) -> bool {
    matches!(member, Member::Invalid(_) | Member::Null)
}

pub(super) fn register(shared: &Shared, request: &Incoming) -> Response {
    match registered(shared, request) {
        Ok(body) => {
            let status = StatusCode::from_u16(shared.config.registration_status)
                .unwrap_or(StatusCode::CREATED);
            respond::json(status, &Value::Object(body), true)
        }
        Err(error) if shared.config.has(AsFlaw::DcrErrorsNotRfc7591) => {
            OAuthError { code: "invalid_request".to_owned(), ..error }.into_response()
        }
        Err(error) => error.into_response(),
    }
}

fn registered(shared: &Shared, request: &Incoming) -> Result<Map<String, Value>, OAuthError> {
    if let Some(reply) = &shared.config.registration_error {
        let description = reply.description.as_deref().unwrap_or("refused by configuration");
        return Err(OAuthError::new(&reply.error, description));
    }
    if !content_type_is(&request.headers, "application/json") {
        return Err(metadata_error("the request body must be application/json (RFC 7591 §3.1)"));
    }
    let doc = ClientMetadata::parse(&request.body).map_err(|e| {
        metadata_error(format!("the client metadata is not a JSON object: {}", e.kind))
    })?;
    let m = &doc.typed;
    check_types(m)?;

    let assigns = &shared.config.registration_assigns;
    let requested =
        m.token_endpoint_auth_method.valid().map_or("client_secret_basic", String::as_str);
    // An assigned method overrides whatever was asked (RFC 7591 §3.2.1 lets the server
    // replace requested metadata; the response says what was registered).
    let method = assigns.token_endpoint_auth_method.as_deref().unwrap_or(requested);
    if !AUTH_METHODS.contains(&method) {
        return Err(metadata_error(format!(
            "token_endpoint_auth_method {method:?} is not supported"
        )));
    }
    if !m.jwks.is_absent() && !m.jwks_uri.is_absent() {
        return Err(metadata_error("jwks and jwks_uri are mutually exclusive (RFC 7591 §2)"));
    }
    let jwks = m.jwks.valid().map(|j| Value::Object(j.clone()));
    if method == "private_key_jwt" && !jwks.as_ref().is_some_and(|j| j["keys"].is_array()) {
        return Err(metadata_error(
            "private_key_jwt needs the client's keys in jwks (this server does not fetch jwks_uri)",
        ));
    }
    let grant_types: Vec<&str> = m
        .grant_types
        .valid()
        .map_or(vec!["authorization_code"], |v| v.iter().map(String::as_str).collect());
    let response_types: Vec<&str> =
        m.response_types.valid().map_or(vec!["code"], |v| v.iter().map(String::as_str).collect());
    if let Some(g) = grant_types.iter().find(|g| !GRANT_TYPES.contains(g)) {
        return Err(metadata_error(format!("grant type {g:?} is not supported")));
    }
    if let Some(r) = response_types.iter().find(|r| **r != "code") {
        return Err(metadata_error(format!("response type {r:?} is not supported (only code)")));
    }
    let code_flow = grant_types.contains(&"authorization_code");
    if code_flow != response_types.contains(&"code") {
        return Err(metadata_error(
            "grant_types and response_types disagree: authorization_code goes with code (RFC 7591 §2.1)",
        ));
    }
    if method == "none" && grant_types.contains(&"client_credentials") {
        return Err(metadata_error("client_credentials needs a confidential client"));
    }
    if let Some(kind) = m.application_type.valid().filter(|t| *t != "native" && *t != "web") {
        return Err(metadata_error(format!("application_type {kind:?} is neither native nor web")));
    }
    if let Some(Err(e)) = m.scope.valid().map(|s| Scope::parse(s)) {
        return Err(metadata_error(format!("scope is malformed: {e}")));
    }
    let redirect_uris = m.redirect_uris.valid().cloned().unwrap_or_default();
    if code_flow && redirect_uris.is_empty() {
        return Err(redirect_error("redirect_uris is required for the authorization code grant"));
    }
    for uri in &redirect_uris {
        if shared.config.has(AsFlaw::DcrAcceptsCleartextRedirect) && uri.starts_with("http://") {
            continue;
        }
        if let Some(problem) =
            redirect_uri_problems(uri).into_iter().find(|p| p.level() == Level::Must)
        {
            return Err(redirect_error(format!("{uri}: {problem}")));
        }
    }

    let client_id = assigns.client_id.clone().unwrap_or_else(|| random_id(16));
    let secret = matches!(method, "client_secret_basic" | "client_secret_post").then(|| {
        mcp_auth_proto::Secret::new(assigns.client_secret.clone().unwrap_or_else(|| random_id(32)))
    });
    let mut body = Map::new();
    body.insert("client_id".into(), Value::from(client_id.clone()));
    body.insert("client_id_issued_at".into(), Value::from(now_seconds()));
    if let Some(secret) = &secret {
        shared.journal.note_issued(CredentialKind::ClientSecret, &shared.name, secret.expose());
        body.insert("client_secret".into(), Value::from(secret.expose()));
        body.insert("client_secret_expires_at".into(), Value::from(0));
    }
    // RFC 7591 §3.2.1: every registered value, defaults included; unknown members are not
    // registered, so not echoed.
    for name in m.present_members() {
        if let Some(value) = doc.object.get(name) {
            body.insert(name.to_owned(), value.clone());
        }
    }
    body.insert("token_endpoint_auth_method".into(), Value::from(method));
    body.insert("grant_types".into(), Value::from(grant_types.clone()));
    body.insert("response_types".into(), Value::from(response_types.clone()));
    shared.config.registration_response.apply(&mut body);

    let client = Client {
        client_id: client_id.clone(),
        secret,
        redirect_uris,
        auth_method: method.to_owned(),
        jwks,
        any_redirect_uri: false,
    };
    shared.state().clients.insert(client_id, client);
    Ok(body)
}

/// Every known member must have its RFC 7591 type.
fn check_types(m: &ClientMetadata) -> Result<(), OAuthError> {
    if is_bad(&m.redirect_uris) {
        return Err(redirect_error("redirect_uris must be an array of strings"));
    }
    let members = [
        ("token_endpoint_auth_method", is_bad(&m.token_endpoint_auth_method)),
        ("grant_types", is_bad(&m.grant_types)),
        ("response_types", is_bad(&m.response_types)),
        ("client_name", is_bad(&m.client_name)),
        ("client_uri", is_bad(&m.client_uri)),
        ("logo_uri", is_bad(&m.logo_uri)),
        ("scope", is_bad(&m.scope)),
        ("contacts", is_bad(&m.contacts)),
        ("tos_uri", is_bad(&m.tos_uri)),
        ("policy_uri", is_bad(&m.policy_uri)),
        ("jwks_uri", is_bad(&m.jwks_uri)),
        ("jwks", is_bad(&m.jwks)),
        ("software_id", is_bad(&m.software_id)),
        ("software_version", is_bad(&m.software_version)),
        ("software_statement", is_bad(&m.software_statement)),
        ("application_type", is_bad(&m.application_type)),
    ];
    match members.iter().find(|(_, bad)| *bad) {
        Some((name, _)) => Err(metadata_error(format!("{name} has the wrong JSON type"))),
        None => Ok(()),
    }
}
