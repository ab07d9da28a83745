//! The metadata document (RFC 8414 §2, with RFC 9207 and CIMD flags) and where it is
//! served (RFC 8414 §3.1, OpenID Connect Discovery §4.1, and the two trap locations).

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::{Shared, respond};
use crate::config::{IssParameter, MetadataLocation};
use crate::keys::ES256;

const OAUTH: &str = "/.well-known/oauth-authorization-server";
const OIDC: &str = "/.well-known/openid-configuration";

/// Algorithms accepted for `private_key_jwt` client assertions.
pub(super) const ASSERTION_ALGS: [&str; 5] = ["ES256", "ES384", "RS256", "PS256", "EdDSA"];

/// Token endpoint client authentication methods.
pub(super) const AUTH_METHODS: [&str; 4] =
    ["none", "client_secret_basic", "client_secret_post", "private_key_jwt"];

/// The paths of every configured location, without duplicates (for a root issuer the
/// inserted and appended forms coincide).
pub(super) fn paths(shared: &Shared) -> Vec<String> {
    let p = &shared.base_path;
    let mut out: Vec<String> = Vec::new();
    for location in &shared.config.metadata_locations {
        let path = match location {
            MetadataLocation::OauthInserted => format!("{OAUTH}{p}"),
            MetadataLocation::OidcInserted => format!("{OIDC}{p}"),
            MetadataLocation::OidcAppended => format!("{p}{OIDC}"),
            MetadataLocation::OauthAppended => format!("{p}{OAUTH}"),
            MetadataLocation::OauthRoot => OAUTH.to_owned(),
        };
        if !out.contains(&path) {
            out.push(path);
        }
    }
    out
}

/// The document, switchboard edits applied.
pub(super) fn document(shared: &Shared) -> Map<String, Value> {
    let config = &shared.config;
    let url = |name: &str| Value::from(shared.endpoint_url(name));
    let mut grants = vec!["authorization_code"];
    if config.tokens.refresh_tokens {
        grants.push("refresh_token");
    }
    grants.push("client_credentials");
    let mut doc = Map::new();
    doc.insert("issuer".into(), Value::from(shared.issuer.clone()));
    doc.insert("authorization_endpoint".into(), url("authorize"));
    doc.insert("token_endpoint".into(), url("token"));
    if config.registration {
        doc.insert("registration_endpoint".into(), url("register"));
    }
    doc.insert("jwks_uri".into(), url("jwks"));
    doc.insert("introspection_endpoint".into(), url("introspect"));
    doc.insert("revocation_endpoint".into(), url("revoke"));
    doc.insert("response_types_supported".into(), json!(["code"]));
    doc.insert("response_modes_supported".into(), json!(["query"]));
    doc.insert("grant_types_supported".into(), json!(grants));
    doc.insert("token_endpoint_auth_methods_supported".into(), json!(AUTH_METHODS));
    doc.insert("token_endpoint_auth_signing_alg_values_supported".into(), json!(ASSERTION_ALGS));
    doc.insert("revocation_endpoint_auth_methods_supported".into(), json!(AUTH_METHODS));
    // Zero-valued members are omitted (RFC 8414 §3.2): no PKCE methods means no PKCE.
    if !config.pkce_methods.is_empty() {
        doc.insert("code_challenge_methods_supported".into(), json!(config.pkce_methods));
    }
    if !shared.scopes_supported.is_empty() {
        doc.insert("scopes_supported".into(), json!(shared.scopes_supported));
    }
    if config.iss_parameter != IssParameter::Unsupported {
        doc.insert("authorization_response_iss_parameter_supported".into(), Value::Bool(true));
    }
    if config.client_id_metadata_documents {
        doc.insert("client_id_metadata_document_supported".into(), Value::Bool(true));
    }
    let oidc = config
        .metadata_locations
        .iter()
        .any(|l| matches!(l, MetadataLocation::OidcInserted | MetadataLocation::OidcAppended));
    if oidc {
        // Served as OpenID Connect Discovery too, so the members it REQUIRES (§3), and §3's
        // "RS256 MUST be included". No ID tokens are ever issued, so the list promises
        // nothing this server fails to do.
        doc.insert("subject_types_supported".into(), json!(["public"]));
        doc.insert("id_token_signing_alg_values_supported".into(), json!(["RS256", ES256]));
    }
    config.metadata.apply(&mut doc);
    doc
}

pub(super) fn serve(shared: &Shared) -> Response {
    respond::json(StatusCode::OK, &Value::Object(document(shared)), false)
}
