//! What an authorization server remembers: clients, authorization codes, grants, and the
//! tokens issued from each grant.
//!
//! A *grant* is one authorization (a redeemed code, or one client-credentials request).
//! Its access tokens (by `jti`) and refresh tokens form a family, so that code reuse
//! (OAuth 2.1 §4.1.3), refresh-token replay (§4.3.1) and RFC 7009 revocation of a refresh
//! token can revoke everything issued under it at once.
//!
//! Codes and refresh tokens are kept as map keys: this state never leaves the process and
//! no type here implements `Debug`.

use std::collections::{HashMap, HashSet};

use mcp_auth_proto::Secret;
use mcp_auth_proto::pkce::CodeChallengeMethod;
use serde_json::Value;

use crate::config::PreRegisteredClient;
use crate::mint::Revocations;

/// How long an authorization code lives (OAuth 2.1 §4.1.2 recommends at most 10 minutes).
pub(super) const CODE_LIFETIME_SECONDS: u64 = 60;

/// A client the server knows: pre-registered, dynamically registered, or resolved from a
/// Client ID Metadata Document.
#[derive(Clone)]
pub(super) struct Client {
    pub client_id: String,
    pub secret: Option<Secret>,
    pub redirect_uris: Vec<String>,
    /// `none`, `client_secret_basic`, `client_secret_post` or `private_key_jwt`.
    pub auth_method: String,
    /// For `private_key_jwt`: the client's JWK Set.
    pub jwks: Option<Value>,
    /// Any `http(s)` redirect URI is accepted (pre-registered clients configured so, and
    /// URL clients of a server that trusts metadata-document URLs unfetched).
    pub any_redirect_uri: bool,
}

impl Client {
    pub fn is_confidential(&self) -> bool {
        self.auth_method != "none"
    }
}

impl From<&PreRegisteredClient> for Client {
    fn from(c: &PreRegisteredClient) -> Self {
        Client {
            client_id: c.client_id.clone(),
            secret: c.client_secret.clone().map(Secret::new),
            redirect_uris: c.redirect_uris.clone(),
            auth_method: c.token_endpoint_auth_method.clone(),
            jwks: c.jwks.clone(),
            any_redirect_uri: c.any_redirect_uri,
        }
    }
}

/// An authorization code and everything it is bound to.
#[derive(Clone)]
pub(super) struct Code {
    pub client_id: String,
    /// The redirect URI the code was sent to.
    pub redirect_uri: String,
    pub challenge: Option<(String, CodeChallengeMethod)>,
    pub resources: Vec<String>,
    pub scope: Vec<String>,
    pub expires_at: u64,
}

/// One authorization and what was issued under it.
pub(super) struct Grant {
    pub client_id: String,
    pub subject: String,
    /// The scope the resource owner granted; refreshes may narrow it, never widen it.
    pub scope: Vec<String>,
    pub resources: Vec<String>,
    pub access_jtis: Vec<String>,
    pub revoked: bool,
}

pub(super) struct RefreshToken {
    pub grant: u64,
    /// Rotated away: presenting it again is replay.
    pub spent: bool,
}

/// What introspection reports about an access token.
#[derive(Clone)]
pub(super) struct AccessRecord {
    pub grant: u64,
    pub client_id: String,
    pub subject: String,
    pub scope: Vec<String>,
    pub audience: Vec<String>,
    pub issued_at: u64,
    pub expires_at: u64,
}

pub(super) struct AsState {
    pub clients: HashMap<String, Client>,
    pub codes: HashMap<String, Code>,
    /// Codes already presented, with the grant their redemption created (if it succeeded).
    pub spent_codes: HashMap<String, Option<u64>>,
    pub grants: HashMap<u64, Grant>,
    pub refresh_tokens: HashMap<String, RefreshToken>,
    pub access_tokens: HashMap<String, AccessRecord>,
    /// `jti`s of client assertions already used (RFC 7523 §3 replay protection).
    pub assertion_jtis: HashSet<String>,
    next_grant: u64,
    /// Authorization requests refused so far by `reject_authorizations`.
    pub rejected_authorizations: u32,
    /// Authorization-code grants narrowed so far by `granted_scope`.
    pub narrowed_grants: u32,
}

impl AsState {
    pub fn new(clients: &[PreRegisteredClient]) -> Self {
        AsState {
            clients: clients.iter().map(|c| (c.client_id.clone(), Client::from(c))).collect(),
            codes: HashMap::new(),
            spent_codes: HashMap::new(),
            grants: HashMap::new(),
            refresh_tokens: HashMap::new(),
            access_tokens: HashMap::new(),
            assertion_jtis: HashSet::new(),
            next_grant: 1,
            rejected_authorizations: 0,
            narrowed_grants: 0,
        }
    }

    pub fn new_grant(&mut self, grant: Grant) -> u64 {
        let id = self.next_grant;
        self.next_grant += 1;
        self.grants.insert(id, grant);
        id
    }

    /// Revokes a grant: every access token issued under it (via `revocations`, which
    /// verifiers consult) and every refresh token.
    pub fn revoke_grant(&mut self, id: u64, revocations: &Revocations) {
        if let Some(grant) = self.grants.get_mut(&id) {
            grant.revoked = true;
            for jti in &grant.access_jtis {
                revocations.revoke(jti.clone());
            }
        }
        self.refresh_tokens.retain(|_, rt| rt.grant != id);
    }

    /// The live grant `id`, if it exists and is not revoked.
    pub fn live_grant(&self, id: u64) -> Option<&Grant> {
        self.grants.get(&id).filter(|g| !g.revoked)
    }
}
