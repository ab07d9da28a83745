//! How the mock MCP server decides whether an access token is good, as a trait so the
//! resource server can be tested without an authorization server and the world can plug
//! in the real ones: JWT signatures against the mock authorization servers' keys
//! ([`JwtVerifier`](crate::mint::JwtVerifier)), or RFC 7662 introspection over HTTP
//! ([`IntrospectionVerifier`]).
//!
//! Verification is asynchronous because introspection is a network round trip; the trait
//! returns a boxed future so that `Arc<dyn AccessTokenVerifier>` stays possible.
//!
//! The server's [`RsFlaw`]s travel with every request ([`VerifyRequest::flaws`]): the
//! token-validation flaws are honoured by the verifier, where the checks they break live.
//! A verifier may ignore them (a test double that only looks tokens up does).

mod introspection;

use std::collections::BTreeSet;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use mcp_auth_proto::scope::Scope;

use crate::config::RsFlaw;

pub use introspection::{INTROSPECTION_TIMEOUT, IntrospectionVerifier, MAX_INTROSPECTION_BODY};

/// What a resource server learns from a token it accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedToken {
    /// The `iss` of the token (the authorization server that issued it).
    pub issuer: String,
    pub subject: String,
    pub client_id: String,
    /// The granted scopes.
    pub scope: Scope,
    /// `exp`, seconds since the epoch (0 when the token had none and a flaw let it in).
    pub expires_at: u64,
}

/// Why a token is refused; every variant means 401 `invalid_token`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenRejection {
    #[error("the token is not a well-formed JWT: {0}")]
    Malformed(String),
    #[error("the token's signature does not verify with the trusted issuers' keys")]
    BadSignature,
    #[error("the token's algorithm {0:?} is not accepted")]
    Algorithm(String),
    #[error("the token was issued by {0:?}, which this server does not trust")]
    UntrustedIssuer(String),
    #[error("the token's audience does not name this server")]
    Audience,
    #[error("the token has expired")]
    Expired,
    #[error("the token is not valid yet")]
    NotYetValid,
    #[error("the token is not an RFC 9068 access token: {0}")]
    NotAnAccessToken(String),
    #[error("the token is inactive (revoked or unknown)")]
    Inactive,
    /// The introspection endpoint could not be asked, or answered something unusable.
    #[error("introspection at {endpoint} failed: {why}")]
    IntrospectionFailed { endpoint: String, why: String },
}

/// One verification: the token, the resource it must be good for, and the server's flaws.
#[derive(Clone, Copy)]
pub struct VerifyRequest<'a> {
    /// The bearer token, exactly as presented.
    pub token: &'a str,
    /// The MCP server's canonical URI, which the token's audience must name.
    pub resource: &'a str,
    /// The resource server's deliberate defects; empty for a conformant server.
    pub flaws: &'a BTreeSet<RsFlaw>,
}

impl VerifyRequest<'_> {
    pub fn has(&self, flaw: RsFlaw) -> bool {
        self.flaws.contains(&flaw)
    }
}

impl fmt::Debug for VerifyRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The token is a live credential: only its length is shown.
        f.debug_struct("VerifyRequest")
            .field("token", &format_args!("<{} bytes>", self.token.len()))
            .field("resource", &self.resource)
            .field("flaws", &self.flaws)
            .finish()
    }
}

/// The verdict on one token.
pub type Verdict = Result<VerifiedToken, TokenRejection>;

/// A verification in progress.
pub type VerifyFuture<'a> = Pin<Box<dyn Future<Output = Verdict> + Send + 'a>>;

/// Decides whether a bearer token grants access to `request.resource` now.
pub trait AccessTokenVerifier: Send + Sync + 'static {
    fn verify<'a>(&'a self, request: VerifyRequest<'a>) -> VerifyFuture<'a>;
}
