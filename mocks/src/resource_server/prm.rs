//! The Protected Resource Metadata document (RFC 9728 §2, §3.2) and its endpoint.
//!
//! The document is the same at every configured location: `resource` is the resource
//! identifier exactly (MCP servers publish their canonical URI at the root location too,
//! ambiguity A1), `authorization_servers` the issuers currently named (the migration target
//! after a migration), `scopes_supported` (omitted when empty: RFC 9728 §2 says zero-valued
//! parameters are omitted), `bearer_methods_supported: ["header"]` (the only method MCP
//! allows) and `resource_name`. The switchboard's edits are applied last.
//!
//! It is served with 200 `application/json` to anyone: discovery happens before a client
//! has a token.

use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::{Inner, method_not_allowed};

/// Human-readable name of the mock.
const RESOURCE_NAME: &str = "mcp-auth-harness mock MCP server";

/// The document as it stands now (it changes when a migration happens).
pub(crate) fn document(inner: &Inner) -> Map<String, Value> {
    let issuers = inner.current_issuers(&inner.state());
    let mut doc = Map::new();
    doc.insert("resource".to_owned(), json!(inner.resource));
    doc.insert("authorization_servers".to_owned(), json!(issuers));
    if !inner.config.scopes_supported.is_empty() {
        doc.insert("scopes_supported".to_owned(), json!(inner.config.scopes_supported));
    }
    doc.insert("bearer_methods_supported".to_owned(), json!(["header"]));
    doc.insert("resource_name".to_owned(), json!(RESOURCE_NAME));
    inner.config.prm.apply(&mut doc);
    doc
}

/// `GET`/`HEAD` on a PRM path.
pub(crate) fn serve(inner: &Inner, parts: &Parts) -> Response {
    if parts.method != Method::GET && parts.method != Method::HEAD {
        return method_not_allowed("GET, HEAD");
    }
    let body = serde_json::to_vec(&Value::Object(document(inner))).unwrap_or_default();
    if let Some(kind) = &inner.malformed_prm {
        return crate::http::malformed(kind, &body, &inner.own_url(parts));
    }
    (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}
