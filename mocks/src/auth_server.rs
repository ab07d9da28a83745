//! The mock OAuth 2.1 authorization server: one per [`AsConfig`].
//!
//! By default it is conformant: RFC 8414 metadata, a JWK Set, RFC 7591 registration,
//! Client ID Metadata Documents, an authorization endpoint that consents automatically,
//! a token endpoint (authorization code with PKCE, refresh with rotation, client
//! credentials) issuing RFC 9068 JWT access tokens, RFC 7662 introspection and RFC 7009
//! revocation. The switchboard ([`AsConfig`] and the `malformed` list) makes it lie.
//!
//! Every request goes through one dispatcher instead of axum's path router: the issuer
//! path comes from the caller and may contain characters axum's route syntax gives a
//! meaning to, and a dispatcher cannot panic on overlapping paths (several metadata
//! locations coincide for a root issuer).
//!
//! Submodules: [`metadata`] (document and locations), [`registration`] (DCR), [`cimd`]
//! (metadata-document clients), [`authorize`], [`token`] (grants and issuance),
//! [`client_auth`] (token-endpoint client authentication), [`introspection`]
//! (introspection and revocation), [`state`] (clients, codes, grants), [`respond`]
//! (response helpers).

mod authorize;
mod cimd;
mod client_auth;
mod introspection;
mod metadata;
mod registration;
mod respond;
mod state;
mod token;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::body::{Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mcp_auth_proto::Uri;

use crate::config::{AsConfig, Endpoint, MalformedResponse};
use crate::http::{MAX_REQUEST_BODY, Recorder, malformed, record};
use crate::journal::{Journal, Listener};
use crate::keys::{KeySet, SigningKey};
use crate::mint::{JwtVerifier, Minter, Revocations};

use state::AsState;

/// Everything one authorization server is built from.
#[derive(Debug, Clone)]
pub struct AsSetup {
    /// The server's name in the switchboard (`main`, or a key of
    /// `extra_authorization_servers`); the journal listener is named after it.
    pub name: String,
    /// The issuer identifier, exactly as published (`http://127.0.0.1:PORT` or
    /// `http://127.0.0.1:PORT/tenant1`); endpoints live under its path.
    pub issuer: String,
    pub config: AsConfig,
    /// Endpoints of this server that answer with a hostile response (the first entry for
    /// an endpoint wins).
    pub malformed: Vec<(Endpoint, MalformedResponse)>,
    pub journal: Journal,
    /// Resource identifiers this server issues tokens for (RFC 8707 `resource` values).
    pub resources: Vec<String>,
    /// Scopes the server knows: advertised as `scopes_supported`, and the only ones it
    /// grants. Empty: nothing advertised, any well-formed scope granted.
    pub scopes_supported: Vec<String>,
    pub key: SigningKey,
}

/// What the request handlers share.
struct Shared {
    name: String,
    journal: Journal,
    issuer: String,
    /// `scheme://authority` of the issuer.
    origin: String,
    /// The issuer path without a trailing slash (`""` for a root issuer).
    base_path: String,
    /// The path the endpoints live under: `endpoint_path` when configured, else `base_path`.
    endpoint_base: String,
    config: AsConfig,
    malformed: BTreeMap<Endpoint, MalformedResponse>,
    resources: Vec<String>,
    scopes_supported: Vec<String>,
    minter: Minter,
    revocations: Revocations,
    /// This server's own view of its tokens (introspection, revocation).
    verifier: JwtVerifier,
    state: Mutex<AsState>,
    /// For Client ID Metadata Documents: no redirects, a timeout. `None` if the TLS
    /// backend could not be set up, in which case every fetch fails.
    http: Option<reqwest::Client>,
}

impl Shared {
    fn endpoint_path(&self, name: &str) -> String {
        format!("{}/{name}", self.endpoint_base)
    }

    fn endpoint_url(&self, name: &str) -> String {
        format!("{}{}", self.origin, self.endpoint_path(name))
    }

    fn state(&self) -> std::sync::MutexGuard<'_, AsState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A mock authorization server. Cloning shares its state.
#[derive(Clone)]
pub struct AuthServer {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for AuthServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthServer")
            .field("name", &self.shared.name)
            .field("issuer", &self.shared.issuer)
            .finish_non_exhaustive()
    }
}

/// How long a Client ID Metadata Document fetch may take.
pub const CIMD_FETCH_TIMEOUT: Duration = Duration::from_secs(5);

impl AuthServer {
    pub fn new(setup: AsSetup) -> AuthServer {
        let (origin, base_path) = split_issuer(&setup.issuer);
        let minter = Minter::new(setup.issuer.clone(), setup.key);
        let revocations = Revocations::new();
        let verifier =
            JwtVerifier::new().trust(setup.issuer.clone(), minter.key_set(), revocations.clone());
        let mut malformed = BTreeMap::new();
        for (endpoint, response) in setup.malformed {
            malformed.entry(endpoint).or_insert(response);
        }
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(CIMD_FETCH_TIMEOUT)
            .build()
            .ok();
        let state = AsState::new(&setup.config.clients);
        let endpoint_base = setup.config.endpoint_path.clone().unwrap_or_else(|| base_path.clone());
        AuthServer {
            shared: Arc::new(Shared {
                name: setup.name,
                journal: setup.journal,
                issuer: setup.issuer,
                origin,
                base_path,
                endpoint_base,
                config: setup.config,
                malformed,
                resources: setup.resources,
                scopes_supported: setup.scopes_supported,
                minter,
                revocations,
                verifier,
                state: Mutex::new(state),
                http,
            }),
        }
    }

    pub fn name(&self) -> &str {
        &self.shared.name
    }

    pub fn issuer(&self) -> &str {
        &self.shared.issuer
    }

    /// The HTTP service, with the journal middleware under
    /// `Listener::AuthorizationServer(name)`. Serve it at the issuer's origin.
    pub fn router(&self) -> Router {
        let recorder = Recorder {
            journal: self.shared.journal.clone(),
            listener: Listener::AuthorizationServer(self.shared.name.clone()),
        };
        Router::new()
            .fallback(dispatch)
            .with_state(self.shared.clone())
            .layer(axum::middleware::from_fn_with_state(recorder, record))
    }

    /// A minter for this issuer's key (what its own tokens are made with).
    pub fn minter(&self) -> Minter {
        self.shared.minter.clone()
    }

    /// The keys published at `jwks_uri`.
    pub fn key_set(&self) -> KeySet {
        self.shared.minter.key_set()
    }

    /// The revoked access tokens, shared with verifiers.
    pub fn revocations(&self) -> Revocations {
        self.shared.revocations.clone()
    }

    /// A verifier that trusts exactly this server (its issuer, keys and revocations).
    pub fn verifier(&self) -> JwtVerifier {
        self.shared.verifier.clone()
    }

    /// Whether the access token with this `jti` has been revoked.
    pub fn is_revoked(&self, jti: &str) -> bool {
        self.shared.revocations.is_revoked(jti)
    }

    /// The JWK Set URL (`jwks_uri`).
    pub fn jwks_uri(&self) -> String {
        self.shared.endpoint_url("jwks")
    }

    /// The RFC 7662 introspection endpoint (`introspection_endpoint`).
    pub fn introspection_endpoint(&self) -> String {
        self.shared.endpoint_url("introspect")
    }

    /// The metadata URLs (every configured location), for wiring and tests.
    pub fn metadata_urls(&self) -> Vec<String> {
        metadata::paths(&self.shared)
            .into_iter()
            .map(|p| format!("{}{p}", self.shared.origin))
            .collect()
    }
}

/// `(origin, path without trailing slash)` of an issuer.
fn split_issuer(issuer: &str) -> (String, String) {
    match Uri::parse(issuer) {
        Ok(uri) => (uri.origin().unwrap_or_default(), uri.path().trim_end_matches('/').to_owned()),
        Err(_) => (issuer.trim_end_matches('/').to_owned(), String::new()),
    }
}

/// One request, read.
struct Incoming {
    method: Method,
    path: String,
    query: String,
    headers: HeaderMap,
    body: Bytes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    Metadata,
    Jwks,
    Register,
    Authorize,
    Token,
    Introspect,
    Revoke,
}

impl Route {
    fn method(self) -> Method {
        match self {
            Route::Metadata | Route::Jwks | Route::Authorize => Method::GET,
            Route::Register | Route::Token | Route::Introspect | Route::Revoke => Method::POST,
        }
    }

    /// The switchboard's name for this endpoint, where it has one.
    fn endpoint(self) -> Option<Endpoint> {
        match self {
            Route::Metadata => Some(Endpoint::AsMetadata),
            Route::Jwks => Some(Endpoint::Jwks),
            Route::Register => Some(Endpoint::Registration),
            Route::Authorize => Some(Endpoint::Authorize),
            Route::Token => Some(Endpoint::Token),
            Route::Introspect => Some(Endpoint::Introspection),
            Route::Revoke => None,
        }
    }
}

fn route_of(shared: &Shared, path: &str) -> Option<Route> {
    if metadata::paths(shared).iter().any(|p| p == path) {
        return Some(Route::Metadata);
    }
    let routes = [
        ("jwks", Route::Jwks),
        ("authorize", Route::Authorize),
        ("token", Route::Token),
        ("introspect", Route::Introspect),
        ("revoke", Route::Revoke),
    ];
    let registration = shared.config.registration.then_some(("register", Route::Register));
    routes
        .into_iter()
        .chain(registration)
        .find(|(name, _)| shared.endpoint_path(name) == path)
        .map(|(_, route)| route)
}

async fn dispatch(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = to_bytes(body, MAX_REQUEST_BODY).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let target = parts.uri.path_and_query().map(|pq| pq.as_str().to_owned()).unwrap_or_default();
    let incoming = Incoming {
        method: parts.method,
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().unwrap_or_default().to_owned(),
        headers: parts.headers,
        body,
    };
    let Some(route) = route_of(&shared, &incoming.path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if incoming.method != route.method() {
        let allow =
            HeaderValue::from_static(if route.method() == Method::GET { "GET" } else { "POST" });
        return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, allow)]).into_response();
    }
    let response = match route {
        Route::Metadata => metadata::serve(&shared),
        Route::Jwks => respond::json(StatusCode::OK, &shared.minter.key_set().jwks(), false),
        Route::Register => registration::register(&shared, &incoming),
        Route::Authorize => authorize::authorize(&shared, &incoming).await,
        Route::Token => token::token(&shared, &incoming).await,
        Route::Introspect => introspection::introspect(&shared, &incoming),
        Route::Revoke => introspection::revoke(&shared, &incoming).await,
    };
    match route.endpoint().and_then(|e| shared.malformed.get(&e)) {
        Some(kind) => {
            let real = to_bytes(response.into_body(), MAX_REQUEST_BODY).await.unwrap_or_default();
            malformed(kind, &real, &format!("{}{target}", shared.origin))
        }
        None => response,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuer_split_keeps_the_origin_and_drops_one_trailing_slash() {
        assert_eq!(
            split_issuer("http://127.0.0.1:80/t1/"),
            ("http://127.0.0.1:80".into(), "/t1".into())
        );
        assert_eq!(
            split_issuer("http://127.0.0.1:80"),
            ("http://127.0.0.1:80".into(), String::new())
        );
    }
}
