//! How the mock MCP server decides whether an access token is good, as a trait so the
//! resource server can be tested without an authorization server and the world can plug
//! in the real one (JWT signatures against the mock authorization servers' keys, or
//! RFC 7662 introspection state).

use mcp_auth_proto::scope::Scope;

/// What a resource server learns from a token it accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedToken {
    /// The `iss` of the token (the authorization server that issued it).
    pub issuer: String,
    pub subject: String,
    pub client_id: String,
    /// The granted scopes.
    pub scope: Scope,
    /// `exp`, seconds since the epoch.
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
}

/// Decides whether a bearer token grants access to `resource` (the MCP server's canonical
/// URI) now.
pub trait AccessTokenVerifier: Send + Sync + 'static {
    fn verify(&self, token: &str, resource: &str) -> Result<VerifiedToken, TokenRejection>;
}
