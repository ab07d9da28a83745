//! The harness's own authorization server for server mode: an [`Authority`] the user points
//! their MCP server at, so the harness can mint tokens, hostile ones included, that the
//! server under test believes come from its authorization server.
//!
//! The user starts it at an address of their choosing, configures their MCP server to trust
//! its issuer (with [`Authority::jwks_uri`] for JWT validation, or
//! [`Authority::introspection_endpoint`] for RFC 7662 introspection, which is open to any
//! caller), and the scenarios then use:
//!
//! * [`Authority::minter`]: tokens signed with the trusted issuer's key, valid or with any
//!   claim changed, and the forgeries of [`Forgery`](crate::mint::Forgery);
//! * [`Authority::other_minter`]: a second issuer with its own published JWK Set, which the
//!   server must not trust (RS-TOKEN-ISSUER);
//! * [`Authority::revocations`]: revoking a `jti` makes introspection answer
//!   `active: false` (RS-TOKEN-INACTIVE);
//! * [`Authority::canary_url`]: a listener on 127.0.0.2 that must stay silent; it is where
//!   `jku`/`x5u` forgeries point (RS-TOKEN-SIGNATURE);
//! * [`Authority::journal`]: every request to any of these listeners (a server fetching the
//!   JWK Set, introspecting, or following a `jku`).
//!
//! The trusted issuer is a conformant mock [`AuthServer`] named `main` whose resource is the
//! target MCP URL; the untrusted one is named `untrusted` and listens on the same IP at
//! another port, so whatever can reach one can reach the other.
//!
//! [`AuthorityView`] is the same view without the running servers, cloneable and
//! `'static`. A [`World`](crate::world::World) started with
//! [`WorldOptions::authority`](crate::world::WorldOptions::authority) offers one too
//! ([`World::authority`](crate::world::World::authority)), so the harness can run the same
//! scenarios against its in-process reference server.

use std::net::SocketAddr;

use crate::auth_server::{AsSetup, AuthServer};
use crate::config::{AsConfig, MAIN_AS};
use crate::journal::Journal;
use crate::keys::{KeyError, SigningKey};
use crate::listen::{BindError, Servers, base_url, bind, start_canary};
use crate::mint::{Minter, Revocations};

/// The journal name of the untrusted second issuer.
pub const UNTRUSTED_AS: &str = "untrusted";

/// The journal name of the canary that key-URL forgeries point at.
pub const KEY_CANARY: &str = "keys";

/// Where and for what the authority runs.
#[derive(Debug, Clone)]
pub struct AuthorityOptions {
    /// The trusted issuer's address (port 0: any free port). It must be a concrete address
    /// (not `0.0.0.0` or `::`): the issuer URL is made from it.
    pub listen: SocketAddr,
    /// The target MCP server's URL: the audience of minted tokens, and the only RFC 8707
    /// resource the token endpoint issues for.
    pub resource: String,
    /// Scopes the authorization server advertises and grants.
    pub scopes_supported: Vec<String>,
}

/// Why the authority could not start: a harness error, never a finding.
#[derive(Debug, thiserror::Error)]
pub enum AuthorityError {
    #[error("cannot create a signing key: {0}")]
    Key(#[from] KeyError),
    #[error(transparent)]
    Bind(#[from] BindError),
    #[error(
        "cannot run an issuer on the unspecified address {addr}: give the address the MCP server will reach it at"
    )]
    UnspecifiedAddress { addr: SocketAddr },
}

/// A token authority's endpoints, minters and observations, without the servers: what a
/// server-mode scenario needs. Cloning shares the journal and the revocations.
#[derive(Debug, Clone)]
pub struct AuthorityView {
    issuer: String,
    jwks_uri: String,
    introspection_endpoint: String,
    metadata_url: String,
    minter: Minter,
    other_minter: Minter,
    revocations: Revocations,
    canary_url: String,
    journal: Journal,
}

impl AuthorityView {
    /// The view of `trusted`, with `untrusted` as the other issuer.
    pub(crate) fn new(
        trusted: &AuthServer,
        untrusted: &AuthServer,
        canary_url: String,
        journal: Journal,
    ) -> AuthorityView {
        AuthorityView {
            issuer: trusted.issuer().to_owned(),
            jwks_uri: trusted.jwks_uri(),
            introspection_endpoint: trusted.introspection_endpoint(),
            // The first configured location; RFC 8414's unless the switchboard moved it.
            metadata_url: trusted.metadata_urls().into_iter().next().unwrap_or_default(),
            minter: trusted.minter(),
            other_minter: untrusted.minter(),
            revocations: trusted.revocations(),
            canary_url,
            journal,
        }
    }

    /// The trusted issuer (`http://IP:PORT`, no trailing slash for a root issuer).
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Where the trusted issuer publishes its JWK Set.
    pub fn jwks_uri(&self) -> String {
        self.jwks_uri.clone()
    }

    /// The trusted issuer's RFC 7662 introspection endpoint (open to any caller).
    pub fn introspection_endpoint(&self) -> String {
        self.introspection_endpoint.clone()
    }

    /// The trusted issuer's metadata document.
    pub fn metadata_url(&self) -> String {
        self.metadata_url.clone()
    }

    /// Mints with the trusted issuer's key.
    pub fn minter(&self) -> &Minter {
        &self.minter
    }

    /// Mints as the untrusted second issuer, whose keys are published at its own
    /// `jwks_uri` but which the server under test must not trust.
    pub fn other_minter(&self) -> &Minter {
        &self.other_minter
    }

    pub fn other_issuer(&self) -> &str {
        self.other_minter.issuer()
    }

    /// The trusted issuer's revoked `jti`s: revoking one makes introspection answer
    /// `active: false` for that token.
    pub fn revocations(&self) -> Revocations {
        self.revocations.clone()
    }

    /// Base URL of a listener on 127.0.0.2 that records every request; the server under
    /// test must never contact it.
    pub fn canary_url(&self) -> &str {
        &self.canary_url
    }

    /// Every request to the issuers and the canary.
    pub fn journal(&self) -> Journal {
        self.journal.clone()
    }
}

/// A running token authority: the trusted issuer, the untrusted one and the canary.
/// Dropping it or [`Authority::shutdown`] stops them.
#[derive(Debug)]
pub struct Authority {
    view: AuthorityView,
    servers: Servers,
}

impl Authority {
    /// Binds and starts the trusted issuer at `options.listen`, the untrusted issuer on
    /// the same IP at a free port, and the canary on 127.0.0.2.
    pub async fn start(options: AuthorityOptions) -> Result<Authority, AuthorityError> {
        if options.listen.ip().is_unspecified() {
            return Err(AuthorityError::UnspecifiedAddress { addr: options.listen });
        }
        let journal = Journal::new();
        let mut servers = Servers::new();
        let mut start =
            async |name: &str, addr: SocketAddr| -> Result<AuthServer, AuthorityError> {
                let (listener, addr) = bind(addr).await?;
                let server = AuthServer::new(AsSetup {
                    name: name.to_owned(),
                    issuer: base_url(addr),
                    config: AsConfig::default(),
                    malformed: Vec::new(),
                    journal: journal.clone(),
                    resources: vec![options.resource.clone()],
                    scopes_supported: options.scopes_supported.clone(),
                    key: SigningKey::generate()?,
                });
                servers.spawn(listener, server.router());
                Ok(server)
            };
        let trusted = start(MAIN_AS, options.listen).await?;
        let untrusted = start(UNTRUSTED_AS, SocketAddr::new(options.listen.ip(), 0)).await?;
        let canary_url = start_canary(&mut servers, KEY_CANARY, &journal).await?;
        let view = AuthorityView::new(&trusted, &untrusted, canary_url, journal);
        Ok(Authority { view, servers })
    }

    /// Everything below, as one cloneable value.
    pub fn view(&self) -> &AuthorityView {
        &self.view
    }

    /// The trusted issuer (`http://IP:PORT`, no trailing slash).
    pub fn issuer(&self) -> &str {
        self.view.issuer()
    }

    pub fn jwks_uri(&self) -> String {
        self.view.jwks_uri()
    }

    pub fn introspection_endpoint(&self) -> String {
        self.view.introspection_endpoint()
    }

    /// The RFC 8414 well-known metadata URL.
    pub fn metadata_url(&self) -> String {
        self.view.metadata_url()
    }

    pub fn minter(&self) -> &Minter {
        self.view.minter()
    }

    pub fn other_minter(&self) -> &Minter {
        self.view.other_minter()
    }

    pub fn other_issuer(&self) -> &str {
        self.view.other_issuer()
    }

    pub fn revocations(&self) -> Revocations {
        self.view.revocations()
    }

    pub fn canary_url(&self) -> &str {
        self.view.canary_url()
    }

    pub fn journal(&self) -> Journal {
        self.view.journal()
    }

    /// Stops every listener and waits for them to finish.
    pub async fn shutdown(mut self) {
        self.servers.shutdown().await;
    }
}
