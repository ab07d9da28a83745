//! Clients identified by a URL: Client ID Metadata Documents (CIMD; MCP 2025-11-25+).
//!
//! The document is fetched on every authorization request (so the journal shows each
//! fetch and an error is never cached, CIMD §4.4), with redirects refused, a 5 s timeout
//! and a 5 KiB body cap (CIMD §6.6), then judged with proto's `cimd::validate`; any MUST
//! finding refuses the client. `http` and loopback hosts are allowed because every mock
//! world lives on loopback; the SSRF rules (AS-CIMD-SSRF) are for real servers.

use mcp_auth_proto::Level;
use mcp_auth_proto::Uri;
use mcp_auth_proto::documents::cimd::{
    CIMD_RECOMMENDED_MAX_BYTES, CimdContext, ClientIdMetadataDocument, validate,
};

use super::Shared;
use super::state::Client;

/// Whether `client_id` is a URL, and so names a metadata document.
pub(super) fn is_url(client_id: &str) -> bool {
    client_id.starts_with("https://") || client_id.starts_with("http://")
}

/// Why a metadata document could not be used. Shown on the error page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(super) enum CimdError {
    #[error("client_id {0:?} is not an http(s) URL with a host, without fragment or userinfo")]
    BadUrl(String),
    #[error("this server cannot fetch documents (no HTTP client)")]
    NoClient,
    #[error("fetching the client metadata document failed: {0}")]
    Fetch(String),
    #[error(
        "the client metadata document answered {0}; only 200 counts (redirects are not followed)"
    )]
    Status(u16),
    #[error("the client metadata document is larger than {CIMD_RECOMMENDED_MAX_BYTES} bytes")]
    TooLarge,
    #[error("the client metadata document is not a JSON object: {0}")]
    Json(String),
    #[error("the client metadata document is invalid: {0}")]
    Invalid(String),
}

/// Fetches and validates the document at `client_id`. The authorization request's
/// redirect URI is matched by the caller, like every client's (exact, with the loopback
/// port exception of OAuth 2.1 §8.4.2).
pub(super) async fn resolve(shared: &Shared, client_id: &str) -> Result<Client, CimdError> {
    let bad_url = || CimdError::BadUrl(client_id.chars().take(200).collect());
    let uri = Uri::parse(client_id).map_err(|_| bad_url())?;
    if !uri.is_http_url() || uri.fragment().is_some() || uri.userinfo().is_some() {
        return Err(bad_url());
    }
    let http = shared.http.as_ref().ok_or(CimdError::NoClient)?;
    let response = http
        .get(client_id)
        .header("accept", "application/json")
        .send()
        .await
        .map_err(|e| CimdError::Fetch(e.without_url().to_string()))?;
    if response.status().as_u16() != 200 {
        return Err(CimdError::Status(response.status().as_u16()));
    }
    let mut response = response;
    let mut body = Vec::new();
    // Chunk by chunk, so an oversized document is refused without being read whole.
    while let Some(chunk) =
        response.chunk().await.map_err(|e| CimdError::Fetch(e.without_url().to_string()))?
    {
        if body.len() + chunk.len() > CIMD_RECOMMENDED_MAX_BYTES {
            return Err(CimdError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    let doc =
        ClientIdMetadataDocument::parse(&body).map_err(|e| CimdError::Json(e.kind.to_string()))?;
    let ctx = CimdContext { document_url: client_id.to_owned(), redirect_uri_used: None };
    if let Some(finding) = validate(&doc, &ctx).into_iter().find(|f| f.level == Level::Must) {
        return Err(CimdError::Invalid(format!("{} ({})", finding.message, finding.requirement)));
    }
    let m = &doc.typed.metadata;
    Ok(Client {
        client_id: client_id.to_owned(),
        secret: None,
        redirect_uris: m.redirect_uris.valid().cloned().unwrap_or_default(),
        // A document cannot hold a secret (CIMD §4.1), so without a method it is public.
        auth_method: m
            .token_endpoint_auth_method
            .valid()
            .cloned()
            .unwrap_or_else(|| "none".to_owned()),
        jwks: m.jwks.valid().map(|j| serde_json::Value::Object(j.clone())),
        any_redirect_uri: false,
    })
}

/// The client a URL `client_id` stands for when the server trusts such URLs unfetched
/// ([`CimdResolution::Trust`](crate::config::CimdResolution::Trust)): public, with whatever
/// `http(s)` redirect URI it names.
pub(super) fn trusted(client_id: &str) -> Client {
    Client {
        client_id: client_id.to_owned(),
        secret: None,
        redirect_uris: Vec::new(),
        auth_method: "none".to_owned(),
        jwks: None,
        any_redirect_uri: true,
    }
}
