//! The mock MCP server: an OAuth 2.1 resource server that publishes Protected Resource
//! Metadata (RFC 9728), challenges with RFC 6750 `WWW-Authenticate` headers, and speaks MCP
//! over Streamable HTTP well enough for real SDK clients (JSON responses, no SSE).
//!
//! By default everything it does is conformant; the switchboard ([`RsConfig`]) makes it lie
//! in chosen ways: PRM at other locations or with edited members, a verbatim challenge, tool
//! scopes that force step-up, a 403 that never ends, tokens that stop working, an
//! authorization-server migration, and deliberate defects ([`RsFlaw`]s) that each break
//! one resource-server requirement. Tokens are validated by the [`AccessTokenVerifier`] it
//! is given: locally as JWTs, or by RFC 7662 introspection (`token_validation`).
//!
//! Request handling, in order (each step can end the request):
//!
//! 1. PRM paths answer anonymously (`prm`), unless [`RsFlaw::PrmRequiresToken`].
//! 2. At the MCP endpoint: a present, non-loopback `Origin` gets 403 (DNS rebinding),
//!    unless [`RsFlaw::NoOriginCheck`].
//! 3. Authorization on every request, whatever the method and whatever session it names
//!    (`auth`, `challenge`): the token comes only from the `Authorization` header (the
//!    credential flaws relax that, each in one way). Only `anonymous_methods`, when
//!    configured, are served without it; `method_scopes` then ask for scopes per
//!    JSON-RPC method, and `gone_after_forbidden` ends a step-up loop with 410.
//! 4. `GET` gets 405 (no SSE stream is offered), `DELETE` ends a session, `POST` carries
//!    JSON-RPC (`mcp`, `tools`).
//!
//! Routing is one fallback handler that compares paths as strings, so configured paths
//! (custom PRM locations, the MCP path) can never clash in a router or be read as route
//! patterns.
//!
//! Submodules: `locations` (URLs and paths), `prm`, `auth`, `challenge`, `mcp`
//! (handshake era, sessions, Origin), `modern` (2026-07-28),
//! `jsonrpc`, `tools`, `state` (counters and sessions).

mod auth;
mod challenge;
mod jsonrpc;
mod locations;
mod mcp;
mod modern;
mod prm;
mod state;
mod tools;

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::config::{Endpoint, MalformedResponse, RsConfig, RsFlaw};
use crate::http::{MAX_REQUEST_BODY, Recorder, record};
use crate::journal::{Journal, Listener};
use crate::verify::AccessTokenVerifier;

use self::auth::Count;
use self::locations::Locations;
use self::state::RsState;

/// Everything the mock MCP server needs to run.
pub struct RsSetup {
    /// The MCP endpoint URL, exactly (e.g. `http://127.0.0.1:PORT/mcp`). It is the resource
    /// identifier: PRM's `resource`, the audience tokens must name, and the base of every
    /// advertised URL. Its path is the path the MCP endpoint is served at.
    pub resource: String,
    pub config: RsConfig,
    /// Every known authorization server as `(name, issuer)`, so PRM can list
    /// `config.authorization_servers` by name and a migration can switch to another one.
    pub authorization_servers: Vec<(String, String)>,
    /// Decides whether a bearer token is good.
    pub verifier: Arc<dyn AccessTokenVerifier>,
    /// Hostile responses; entries for [`Endpoint::Prm`] and [`Endpoint::Mcp`] are used (the
    /// first for each), others are ignored.
    pub malformed: Vec<(Endpoint, MalformedResponse)>,
    pub journal: Journal,
}

impl fmt::Debug for RsSetup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsSetup")
            .field("resource", &self.resource)
            .field("config", &self.config)
            .field("authorization_servers", &self.authorization_servers)
            .field("verifier", &"<dyn AccessTokenVerifier>")
            .field("malformed", &self.malformed)
            .field("journal", &self.journal)
            .finish()
    }
}

/// The mock MCP server. Cloning shares its state (counters, sessions).
#[derive(Clone)]
pub struct ResourceServer {
    inner: Arc<Inner>,
}

impl fmt::Debug for ResourceServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResourceServer")
            .field("resource", &self.inner.resource)
            .field("resource_metadata", &self.inner.locations.header_url())
            .finish_non_exhaustive()
    }
}

/// Shared by every request.
struct Inner {
    resource: String,
    config: RsConfig,
    locations: Locations,
    authorization_servers: Vec<(String, String)>,
    verifier: Arc<dyn AccessTokenVerifier>,
    malformed_prm: Option<MalformedResponse>,
    malformed_mcp: Option<MalformedResponse>,
    journal: Journal,
    state: Mutex<RsState>,
}

impl Inner {
    /// The mutable state. A handler that panicked cannot leave it half-updated in a way
    /// that matters (every update is a single insert or increment), so poisoning is ignored.
    fn state(&self) -> MutexGuard<'_, RsState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The issuer of the authorization server named `name`.
    fn issuer_of(&self, name: &str) -> Option<&str> {
        self.authorization_servers.iter().find(|(n, _)| n == name).map(|(_, i)| i.as_str())
    }

    /// The issuers PRM names and whose tokens are accepted: `config.authorization_servers`,
    /// or only the migration target once the migration has happened.
    fn current_issuers(&self, state: &RsState) -> Vec<String> {
        match &self.config.migrate {
            Some(migration) if state.authorized_requests() >= migration.after_requests => {
                self.issuer_of(&migration.to).map(str::to_owned).into_iter().collect()
            }
            _ => self
                .config
                .authorization_servers
                .iter()
                .filter_map(|name| self.issuer_of(name))
                .map(str::to_owned)
                .collect(),
        }
    }

    /// The URL of `path_and_query` on this server (for the redirect-loop response). Built
    /// from the resource identifier, never from `Host`, so a caller cannot steer it.
    fn own_url(&self, parts: &Parts) -> String {
        let target = parts.uri.path_and_query().map_or("/", |pq| pq.as_str());
        self.locations.url(target)
    }
}

impl ResourceServer {
    pub fn new(setup: RsSetup) -> ResourceServer {
        let locations = Locations::new(&setup.resource, &setup.config.prm_locations);
        let first = |endpoint: Endpoint| {
            setup.malformed.iter().find(|(e, _)| *e == endpoint).map(|(_, kind)| kind.clone())
        };
        let inner = Inner {
            malformed_prm: first(Endpoint::Prm),
            malformed_mcp: first(Endpoint::Mcp),
            resource: setup.resource,
            config: setup.config,
            locations,
            authorization_servers: setup.authorization_servers,
            verifier: setup.verifier,
            journal: setup.journal,
            state: Mutex::new(RsState::default()),
        };
        ResourceServer { inner: Arc::new(inner) }
    }

    /// The resource identifier (the MCP endpoint URL).
    pub fn resource(&self) -> &str {
        &self.inner.resource
    }

    /// The `resource_metadata` URL the 401 challenge carries, when
    /// [`PrmLocation::Header`](crate::config::PrmLocation::Header) is configured.
    pub fn resource_metadata_url(&self) -> Option<&str> {
        self.inner.locations.header_url()
    }

    /// Every URL PRM is served at.
    pub fn prm_urls(&self) -> Vec<String> {
        self.inner.locations.prm_paths().iter().map(|p| self.inner.locations.url(p)).collect()
    }

    /// Whether `path` is one this server answers (the MCP endpoint or a PRM location); an
    /// authorization server sharing its origin answers the rest.
    pub fn owns(&self, path: &str) -> bool {
        path == self.inner.locations.mcp_path() || self.inner.locations.is_prm_path(path)
    }

    /// Whether the configured migration has happened (PRM now names the target).
    pub fn migrated(&self) -> bool {
        let state = self.inner.state();
        self.inner
            .config
            .migrate
            .as_ref()
            .is_some_and(|m| state.authorized_requests() >= m.after_requests)
    }

    /// The router: PRM, the MCP endpoint, `extra_documents`, and 404 elsewhere, every request journaled as
    /// [`Listener::ResourceServer`].
    pub fn router(&self) -> Router {
        let recorder =
            Recorder { journal: self.inner.journal.clone(), listener: Listener::ResourceServer };
        Router::new()
            .fallback(dispatch)
            .with_state(Arc::clone(&self.inner))
            .layer(axum::middleware::from_fn_with_state(recorder, record))
    }
}

async fn dispatch(State(inner): State<Arc<Inner>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path();
    if inner.locations.is_prm_path(path) {
        if inner.config.has(RsFlaw::PrmRequiresToken)
            && let Err(denial) = auth::authorize(&inner, &parts, &[], Count::No).await
        {
            return challenge::deny(&inner, &parts.headers, &denial);
        }
        return prm::serve(&inner, &parts);
    }
    if path == inner.locations.mcp_path() {
        return mcp_endpoint(&inner, parts, body).await;
    }
    // Checked last: an extra document never shadows PRM or the MCP endpoint.
    if let Some(served) = inner.config.extra_documents.iter().find(|d| d.path == path) {
        if parts.method != Method::GET {
            return method_not_allowed("GET");
        }
        return axum::Json(served.document.clone()).into_response();
    }
    StatusCode::NOT_FOUND.into_response()
}

/// The MCP endpoint: Origin, then authorization, then the method.
async fn mcp_endpoint(inner: &Inner, parts: Parts, body: Body) -> Response {
    if !inner.config.has(RsFlaw::NoOriginCheck)
        && !mcp::origin_allowed(&parts.headers, inner.locations.origin())
    {
        return jsonrpc::forbidden_origin();
    }
    if inner.config.post_only && parts.method != Method::POST {
        return method_not_allowed("POST");
    }
    // The journal middleware has already buffered the body within the same bound. It is
    // read before authorization only because a flawed server may look for a token in it.
    let Ok(bytes) = to_bytes(body, MAX_REQUEST_BODY).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    // `anonymous_methods` are served before (and without) authorization.
    let token = if parts.method == Method::POST && mcp::anonymous_request(inner, &bytes) {
        mcp::anonymous_user()
    } else {
        match auth::authorize(inner, &parts, &bytes, Count::Yes).await {
            Ok(token) => token,
            Err(denial) => return challenge::deny(inner, &parts.headers, &denial),
        }
    };
    match parts.method {
        Method::POST => {
            let reply = mcp::post(inner, &parts.headers, &bytes, &token);
            reply.into_response(inner.malformed_mcp.as_ref(), &inner.own_url(&parts))
        }
        Method::DELETE => mcp::delete(inner, &parts.headers, &token),
        // GET would open a standalone SSE stream; none is offered (2025-03-26 to 2025-11-25
        // allow 405 for that, and 2026-07-28 removed the stream).
        _ => method_not_allowed("POST, DELETE"),
    }
}

fn method_not_allowed(allow: &'static str) -> Response {
    let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
    response.headers_mut().insert(header::ALLOW, HeaderValue::from_static(allow));
    response
}
