//! The harness's own authorization server for server mode, and the same view of an
//! in-process mock world (the demo's reference servers trust their world's
//! authorization server).

use std::net::SocketAddr;

use mcp_auth_mocks::config::{AsConfig, MAIN_AS, MockConfig};
use mcp_auth_mocks::journal::Listener;
use mcp_auth_mocks::mint::Revocations;
use mcp_auth_mocks::world::{World, WorldOptions};

use crate::cli::CommandError;
use crate::runner::Authority;

/// The name of the second, untrusted authorization server.
pub const UNTRUSTED_AS: &str = "untrusted";
/// The name of the canary listener hostile token headers point at.
pub const CANARY: &str = "token-headers";

/// Adds what server mode needs to a world's configuration: an untrusted authorization
/// server (never named in PRM, so never trusted) and nothing else.
pub fn with_untrusted_issuer(mut config: MockConfig) -> MockConfig {
    config
        .extra_authorization_servers
        .entry(UNTRUSTED_AS.to_owned())
        .or_insert_with(AsConfig::default);
    config
}

/// The canaries a world must start for server mode.
pub fn canaries() -> Vec<String> {
    vec![CANARY.to_owned()]
}

/// The authority view of a running world started with [`with_untrusted_issuer`] and
/// [`canaries`]; `None` if it was not.
pub fn from_world(world: &World, revocations: Revocations) -> Option<Authority> {
    Some(Authority {
        issuer: world.issuer().to_owned(),
        trusted: world.minter(MAIN_AS)?.clone(),
        trusted_listener: Listener::AuthorizationServer(MAIN_AS.to_owned()),
        untrusted: world.minter(UNTRUSTED_AS)?.clone(),
        untrusted_listener: Listener::AuthorizationServer(UNTRUSTED_AS.to_owned()),
        revocations,
        canary: world.canaries.get(CANARY)?.clone(),
        canary_listener: Listener::Canary(CANARY.to_owned()),
        journal: world.journal.clone(),
    })
}

/// A standalone authorization server for `server --as-listen`.
#[derive(Debug)]
pub struct Running {
    world: World,
    revocations: Revocations,
}

impl Running {
    pub fn issuer(&self) -> &str {
        self.world.issuer()
    }

    pub fn metadata_url(&self) -> String {
        format!("{}/.well-known/oauth-authorization-server", self.issuer())
    }

    pub fn jwks_uri(&self) -> String {
        format!("{}/jwks", self.issuer())
    }

    pub fn introspection_endpoint(&self) -> String {
        format!("{}/introspect", self.issuer())
    }

    /// The runner's view; `None` only if the world lacks the untrusted issuer or canary.
    pub fn view(&self) -> Option<Authority> {
        from_world(&self.world, self.revocations.clone())
    }

    pub async fn shutdown(self) {
        self.world.shutdown().await;
    }
}

/// Starts the harness's authorization server at `listen`, issuing tokens for `resource`.
pub async fn start(listen: SocketAddr, resource: &str) -> Result<Running, CommandError> {
    let _ = resource;
    let config = with_untrusted_issuer(MockConfig::default());
    let options = WorldOptions {
        host: listen.ip(),
        as_port: listen.port(),
        canaries: canaries(),
        ..WorldOptions::default()
    };
    let world = World::start(config, options).await?;
    Ok(Running { world, revocations: Revocations::new() })
}
