//! The mock world: every server of a [`MockConfig`] started on loopback and wired together.
//!
//! Listeners are bound first (so every URL is known), then the servers are built with each
//! other's URLs and served on background tasks. Canaries (listeners that must never be
//! contacted) are bound on a second loopback address, 127.0.0.2, so a client that derives a
//! URL wrongly, follows a hostile redirect or leaks a token somewhere shows up in the
//! journal. Dropping or [`World::shutdown`] stops everything.
//!
//! The MCP server validates tokens as `resource_server.token_validation` says: JWTs against
//! the authorization servers' keys, or RFC 7662 introspection at their introspection
//! endpoints, asked over HTTP in order (`main` first, then the others by name) until one
//! says `active`.
//!
//! Started with [`WorldOptions::authority`], the world is also a token authority for
//! server scenarios ([`World::authority`]), like the standalone
//! [`Authority`](crate::authority::Authority).

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use tower::ServiceExt as _;

use crate::auth_server::{AsSetup, AuthServer};
use crate::authority::{AuthorityView, KEY_CANARY, UNTRUSTED_AS};
use crate::config::{
    AsConfig, ConfigError, Endpoint, MAIN_AS, MalformedResponse, MockConfig, TokenValidation,
};
use crate::journal::Journal;
use crate::keys::SigningKey;
use crate::listen::{BindError, Servers, base_url, bind, start_canary};
use crate::mint::{JwtVerifier, Minter, Revocations};
use crate::resource_server::{ResourceServer, RsSetup};
use crate::verify::{AccessTokenVerifier, IntrospectionVerifier};

/// Where to listen.
#[derive(Debug, Clone)]
pub struct WorldOptions {
    /// The address every server binds; loopback unless the user asks otherwise.
    pub host: IpAddr,
    /// Port of the MCP server (0: any free port).
    pub mcp_port: u16,
    /// Port of the `main` authorization server (0: any free port).
    pub as_port: u16,
    /// Names of canary listeners to start on 127.0.0.2.
    pub canaries: Vec<String>,
    /// Also start what a token authority needs ([`World::authority`]): an authorization
    /// server named `untrusted` that the MCP server does not trust (its own keys, its own
    /// JWK Set), and the canary `keys`.
    pub authority: bool,
}

impl Default for WorldOptions {
    fn default() -> Self {
        Self {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            mcp_port: 0,
            as_port: 0,
            canaries: Vec::new(),
            authority: false,
        }
    }
}

/// Why the world could not start: a harness error, never a finding.
#[derive(Debug, thiserror::Error)]
pub enum WorldError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("cannot create a signing key: {0}")]
    Key(#[from] crate::keys::KeyError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "authorization server name {name:?} is reserved for the untrusted issuer of WorldOptions::authority"
    )]
    ReservedName { name: String },
}

impl From<BindError> for WorldError {
    fn from(e: BindError) -> Self {
        WorldError::Bind { addr: e.addr, source: e.source }
    }
}

/// A running mock world.
#[derive(Debug)]
pub struct World {
    /// The MCP endpoint URL (the resource identifier).
    pub mcp_url: String,
    /// Issuer of each authorization server, by name (with `untrusted` when started with
    /// [`WorldOptions::authority`]; the MCP server trusts only those its configuration has).
    pub issuers: BTreeMap<String, String>,
    /// Base URL of each canary, by name.
    pub canaries: BTreeMap<String, String>,
    /// Every request to every listener.
    pub journal: Journal,
    minters: BTreeMap<String, Minter>,
    authority: Option<AuthorityView>,
    servers: Servers,
}

impl World {
    /// Starts every server of `config`.
    pub async fn start(config: MockConfig, options: WorldOptions) -> Result<World, WorldError> {
        config.check()?;
        if options.authority && config.extra_authorization_servers.contains_key(UNTRUSTED_AS) {
            return Err(WorldError::ReservedName { name: UNTRUSTED_AS.to_owned() });
        }
        let journal = Journal::new();
        let mut servers = Servers::new();

        let (mcp_listener, mcp_addr) =
            bind(SocketAddr::new(options.host, options.mcp_port)).await?;
        let mcp_url = format!("{}{}", base_url(mcp_addr), config.resource_server.path);

        let mut as_configs = vec![(MAIN_AS.to_owned(), config.authorization_server.clone())];
        as_configs.extend(config.extra_authorization_servers.clone());
        if options.authority {
            as_configs.push((UNTRUSTED_AS.to_owned(), AsConfig::default()));
        }
        let mut bound = Vec::new();
        for (name, as_config) in as_configs {
            // A server on the MCP origin shares the MCP server's listener (and its address).
            let (listener, addr) = if as_config.on_mcp_origin && name != UNTRUSTED_AS {
                (None, mcp_addr)
            } else {
                let port = if name == MAIN_AS { options.as_port } else { 0 };
                let (listener, addr) = bind(SocketAddr::new(options.host, port)).await?;
                (Some(listener), addr)
            };
            let issuer = format!("{}{}", base_url(addr), as_config.issuer_path);
            bound.push((name, as_config, listener, issuer));
        }
        let issuers: BTreeMap<String, String> =
            bound.iter().map(|(name, _, _, issuer)| (name.clone(), issuer.clone())).collect();

        // Canaries first, so the configuration's placeholders can name them.
        let mut canary_names = options.canaries.clone();
        if options.authority && !canary_names.iter().any(|n| n == KEY_CANARY) {
            canary_names.push(KEY_CANARY.to_owned());
        }
        let mut canaries = BTreeMap::new();
        for name in canary_names {
            let url = start_canary(&mut servers, &name, &journal).await?;
            canaries.insert(name, url);
        }
        let mut config = config;
        config.substitute(&placeholders(&mcp_url, &issuers, &canaries));
        let bound: Vec<_> = bound
            .into_iter()
            .map(|(name, _, listener, issuer)| {
                let as_config = if name == MAIN_AS {
                    config.authorization_server.clone()
                } else {
                    config.extra_authorization_servers.get(&name).cloned().unwrap_or_default()
                };
                (name, as_config, listener, issuer)
            })
            .collect();

        let mut auth_servers = BTreeMap::new();
        let mut trusted = Vec::new();
        let mut co_hosted = None;
        for (name, as_config, listener, issuer) in bound {
            let malformed = malformed_for(&config, Some(&name));
            let scopes_supported = as_config
                .scopes_supported
                .clone()
                .unwrap_or_else(|| config.resource_server.scopes_supported.clone());
            let server = AuthServer::new(AsSetup {
                name: name.clone(),
                issuer,
                config: as_config,
                malformed,
                journal: journal.clone(),
                resources: std::iter::once(mcp_url.clone())
                    .chain(config.resource_server.resource_aliases.iter().cloned())
                    .collect(),
                scopes_supported,
                key: SigningKey::generate()?,
            });
            match listener {
                Some(listener) => servers.spawn(listener, server.router()),
                None => co_hosted = Some(server.clone()),
            }
            if name != UNTRUSTED_AS || !options.authority {
                trusted.push(server.clone());
            }
            auth_servers.insert(name, server);
        }

        let resource_server = ResourceServer::new(RsSetup {
            resource: mcp_url.clone(),
            config: config.resource_server.clone(),
            authorization_servers: trusted
                .iter()
                .map(|s| (s.name().to_owned(), s.issuer().to_owned()))
                .collect(),
            verifier: verifier(config.resource_server.token_validation, &trusted),
            malformed: malformed_for(&config, None),
            journal: journal.clone(),
        });
        let router = match co_hosted {
            Some(server) => shared_origin(resource_server, server),
            None => resource_server.router(),
        };
        servers.spawn(mcp_listener, router);

        let authority = match (auth_servers.get(MAIN_AS), auth_servers.get(UNTRUSTED_AS)) {
            (Some(main), Some(untrusted)) if options.authority => Some(AuthorityView::new(
                main,
                untrusted,
                canaries.get(KEY_CANARY).cloned().unwrap_or_default(),
                journal.clone(),
            )),
            _ => None,
        };
        let minters = auth_servers.iter().map(|(name, s)| (name.clone(), s.minter())).collect();
        Ok(World { mcp_url, issuers, canaries, journal, minters, authority, servers })
    }

    /// The issuer of `main`.
    pub fn issuer(&self) -> &str {
        self.issuers.get(MAIN_AS).map(String::as_str).unwrap_or_default()
    }

    /// The token minter of an authorization server, by name.
    pub fn minter(&self, name: &str) -> Option<&Minter> {
        self.minters.get(name)
    }

    /// `main` as a token authority, with `untrusted` as the other issuer and the `keys`
    /// canary: the same view an [`Authority`](crate::authority::Authority) gives, so server
    /// scenarios can run against this world's MCP server. `None` unless the world was
    /// started with [`WorldOptions::authority`].
    pub fn authority(&self) -> Option<AuthorityView> {
        self.authority.clone()
    }

    /// Stops every server and waits for them to finish.
    pub async fn shutdown(mut self) {
        self.servers.shutdown().await;
    }
}

/// One listener for the MCP server and an authorization server on its origin: requests for
/// the MCP endpoint and PRM go to the MCP server, everything else to the authorization
/// server, each journaled under its own listener by its own router.
fn shared_origin(resource_server: ResourceServer, auth_server: AuthServer) -> Router {
    let rs_router = resource_server.router();
    let as_router = auth_server.router();
    Router::new().fallback(move |request: Request| async move {
        let target = if resource_server.owns(request.uri().path()) { rs_router } else { as_router };
        match target.oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        }
    })
}

/// The values of [`MockConfig::substitute`]'s placeholders.
pub fn placeholders(
    mcp_url: &str,
    issuers: &BTreeMap<String, String>,
    canaries: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut values = BTreeMap::new();
    values.insert("mcp_url".to_owned(), mcp_url.to_owned());
    let origin = mcp_auth_proto::Uri::parse(mcp_url).ok().and_then(|u| u.origin());
    values.insert("mcp_origin".to_owned(), origin.unwrap_or_default());
    if let Some(main) = issuers.get(MAIN_AS) {
        values.insert("issuer".to_owned(), main.clone());
    }
    for (name, issuer) in issuers {
        values.insert(format!("issuer.{name}"), issuer.clone());
    }
    for (name, url) in canaries {
        values.insert(format!("canary.{name}"), url.clone());
    }
    values
}

/// The MCP server's token verifier: trusts exactly `trusted` (every authorization server
/// of the configuration; which of them PRM names, and so whose tokens are accepted, is the
/// resource server's business).
fn verifier(mode: TokenValidation, trusted: &[AuthServer]) -> Arc<dyn AccessTokenVerifier> {
    match mode {
        TokenValidation::Jwt => Arc::new(
            trusted
                .iter()
                .fold(JwtVerifier::new(), |v, s| v.trust(s.issuer(), s.key_set(), s.revocations())),
        ),
        TokenValidation::Introspection => {
            // The fallback of the fail-open flaw: the same keys, an empty revocation list.
            let local = trusted.iter().fold(JwtVerifier::new(), |v, s| {
                v.trust(s.issuer(), s.key_set(), Revocations::new())
            });
            Arc::new(
                trusted
                    .iter()
                    .fold(IntrospectionVerifier::new(), |v, s| {
                        v.trust(s.issuer(), s.introspection_endpoint())
                    })
                    .with_local_fallback(local),
            )
        }
    }
}

/// The `malformed` entries aimed at one authorization server (`Some(name)`) or at the MCP
/// server (`None`).
fn malformed_for(config: &MockConfig, server: Option<&str>) -> Vec<(Endpoint, MalformedResponse)> {
    config
        .malformed
        .iter()
        .filter(|m| {
            let for_rs = matches!(m.endpoint, Endpoint::Prm | Endpoint::Mcp);
            match server {
                None => for_rs,
                Some(name) => {
                    !for_rs && m.authorization_server.as_deref().unwrap_or(MAIN_AS) == name
                }
            }
        })
        .map(|m| (m.endpoint, m.response.clone()))
        .collect()
}
