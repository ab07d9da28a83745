//! The mock world: every server of a [`MockConfig`] started on loopback and wired together.
//!
//! Listeners are bound first (so every URL is known), then the servers are built with each
//! other's URLs and served on background tasks. Canaries (listeners that must never be
//! contacted) are bound on a second loopback address, 127.0.0.2, so a client that derives a
//! URL wrongly, follows a hostile redirect or leaks a token somewhere shows up in the
//! journal. Dropping or [`World::shutdown`] stops everything.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use axum::http::StatusCode;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::auth_server::{AsSetup, AuthServer};
use crate::config::{ConfigError, Endpoint, MAIN_AS, MalformedResponse, MockConfig};
use crate::http::{Recorder, record};
use crate::journal::{Journal, Listener};
use crate::keys::SigningKey;
use crate::mint::{JwtVerifier, Minter};
use crate::resource_server::{ResourceServer, RsSetup};

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
}

impl Default for WorldOptions {
    fn default() -> Self {
        Self {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            mcp_port: 0,
            as_port: 0,
            canaries: Vec::new(),
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
}

/// A running mock world.
#[derive(Debug)]
pub struct World {
    /// The MCP endpoint URL (the resource identifier).
    pub mcp_url: String,
    /// Issuer of each authorization server, by name.
    pub issuers: BTreeMap<String, String>,
    /// Base URL of each canary, by name.
    pub canaries: BTreeMap<String, String>,
    /// Every request to every listener.
    pub journal: Journal,
    minters: BTreeMap<String, Minter>,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

async fn bind(host: IpAddr, port: u16) -> Result<(TcpListener, SocketAddr), WorldError> {
    let addr = SocketAddr::new(host, port);
    let listener =
        TcpListener::bind(addr).await.map_err(|source| WorldError::Bind { addr, source })?;
    let local = listener.local_addr().map_err(|source| WorldError::Bind { addr, source })?;
    Ok((listener, local))
}

fn base_url(addr: SocketAddr) -> String {
    format!("http://{addr}")
}

impl World {
    /// Starts every server of `config`.
    pub async fn start(config: MockConfig, options: WorldOptions) -> Result<World, WorldError> {
        config.check()?;
        let journal = Journal::new();
        let (stop, stopped) = watch::channel(false);

        let (mcp_listener, mcp_addr) = bind(options.host, options.mcp_port).await?;
        let mcp_url = format!("{}{}", base_url(mcp_addr), config.resource_server.path);

        let mut as_configs = vec![(MAIN_AS.to_owned(), config.authorization_server.clone())];
        as_configs.extend(config.extra_authorization_servers.clone());
        let mut bound = Vec::new();
        for (name, as_config) in as_configs {
            let port = if name == MAIN_AS { options.as_port } else { 0 };
            let (listener, addr) = bind(options.host, port).await?;
            let issuer = format!("{}{}", base_url(addr), as_config.issuer_path);
            bound.push((name, as_config, listener, issuer));
        }
        let issuers: BTreeMap<String, String> =
            bound.iter().map(|(name, _, _, issuer)| (name.clone(), issuer.clone())).collect();

        let mut tasks = Vec::new();
        let mut minters = BTreeMap::new();
        let mut verifier = JwtVerifier::new();
        for (name, as_config, listener, issuer) in bound {
            let malformed = malformed_for(&config, Some(&name));
            let server = AuthServer::new(AsSetup {
                name: name.clone(),
                issuer: issuer.clone(),
                config: as_config,
                malformed,
                journal: journal.clone(),
                resources: vec![mcp_url.clone()],
                scopes_supported: config.resource_server.scopes_supported.clone(),
                key: SigningKey::generate()?,
            });
            verifier = verifier.trust(&issuer, server.key_set(), server.revocations());
            minters.insert(name, server.minter());
            tasks.push(serve(listener, server.router(), stopped.clone()));
        }

        let resource_server = ResourceServer::new(RsSetup {
            resource: mcp_url.clone(),
            config: config.resource_server.clone(),
            authorization_servers: issuers.iter().map(|(n, i)| (n.clone(), i.clone())).collect(),
            verifier: Arc::new(verifier),
            malformed: malformed_for(&config, None),
            journal: journal.clone(),
        });
        tasks.push(serve(mcp_listener, resource_server.router(), stopped.clone()));

        let mut canaries = BTreeMap::new();
        for name in &options.canaries {
            let (listener, addr) = bind(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)), 0).await?;
            canaries.insert(name.clone(), base_url(addr));
            tasks.push(serve(listener, canary_router(name, &journal), stopped.clone()));
        }

        Ok(World { mcp_url, issuers, canaries, journal, minters, stop, tasks })
    }

    /// The issuer of `main`.
    pub fn issuer(&self) -> &str {
        self.issuers.get(MAIN_AS).map(String::as_str).unwrap_or_default()
    }

    /// The token minter of an authorization server, by name.
    pub fn minter(&self, name: &str) -> Option<&Minter> {
        self.minters.get(name)
    }

    /// Stops every server and waits for them to finish.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        for task in std::mem::take(&mut self.tasks) {
            let _ = task.await;
        }
    }
}

impl Drop for World {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
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

fn serve(
    listener: TcpListener,
    router: Router,
    mut stopped: watch::Receiver<bool>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let shutdown = async move {
            let _ = stopped.wait_for(|stop| *stop).await;
        };
        let _ = axum::serve(listener, router).with_graceful_shutdown(shutdown).await;
    })
}

/// A listener that records every request and answers 404.
fn canary_router(name: &str, journal: &Journal) -> Router {
    let recorder =
        Recorder { journal: journal.clone(), listener: Listener::Canary(name.to_owned()) };
    Router::new()
        .fallback(|| async { StatusCode::NOT_FOUND })
        .layer(axum::middleware::from_fn_with_state(recorder, record))
}
