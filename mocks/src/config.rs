//! The misbehaviour switchboard: one serde configuration that makes either mock behave
//! correctly or lie in a precisely chosen way.
//!
//! It is data, written by people in scenario YAML, so it is strict: unknown keys are errors
//! (`deny_unknown_fields` everywhere), and every default is the conformant behaviour. An
//! empty configuration (`{}`) is a fully conformant world: one authorization server
//! (`main`) and one MCP server that trusts it.
//!
//! The mock authorization server's deliberate defects that the rest of [`AsConfig`]
//! cannot express are a set of [`AsFlaw`]s (`authorization_server.flaws`).
//! The mock MCP server's deliberate defects are a set of [`RsFlaw`]s
//! (`resource_server.flaws`), each breaking exactly one resource-server requirement, the
//! way a real server with that bug would. `resource_server.token_validation` chooses between validating JWT access
//! tokens locally and RFC 7662 introspection at the authorization servers.

mod as_flaws;
mod flaws;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use as_flaws::AsFlaw;
pub use flaws::RsFlaw;

/// The whole mock world.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MockConfig {
    /// The authorization server named `main`.
    pub authorization_server: AsConfig,
    /// Further authorization servers by name (for migration, mix-up, multi-AS scenarios).
    /// `main` is reserved.
    pub extra_authorization_servers: BTreeMap<String, AsConfig>,
    /// The MCP server (OAuth resource server).
    pub resource_server: RsConfig,
    /// Endpoints that answer with a malformed or hostile response instead of the real one.
    pub malformed: Vec<Malformed>,
}

impl MockConfig {
    /// Checks what serde cannot: names that refer to each other, paths that are paths.
    pub fn check(&self) -> Result<(), ConfigError> {
        if self.extra_authorization_servers.contains_key(MAIN_AS) {
            return Err(ConfigError::ReservedName { name: MAIN_AS.to_owned() });
        }
        let known =
            |name: &str| name == MAIN_AS || self.extra_authorization_servers.contains_key(name);
        let rs = &self.resource_server;
        for name in rs.authorization_servers.iter().chain(rs.migrate.as_ref().map(|m| &m.to)) {
            if !known(name) {
                return Err(ConfigError::UnknownAuthorizationServer { name: name.clone() });
            }
        }
        if rs.authorization_servers.is_empty() {
            return Err(ConfigError::NoAuthorizationServer);
        }
        let servers =
            std::iter::once(("authorization_server".to_owned(), &self.authorization_server)).chain(
                self.extra_authorization_servers
                    .iter()
                    .map(|(name, c)| (format!("extra_authorization_servers.{name}"), c)),
            );
        for (field, server) in servers {
            let path = &server.issuer_path;
            // An issuer has no query or fragment (RFC 8414 §2).
            if !(path.is_empty() || path.starts_with('/')) || path.contains(['?', '#']) {
                return Err(ConfigError::BadPath {
                    field: format!("{field}.issuer_path"),
                    path: path.clone(),
                });
            }
        }
        for served in &rs.extra_documents {
            if !served.path.starts_with('/') || served.path.contains(['?', '#']) {
                return Err(ConfigError::BadPath {
                    field: "resource_server.extra_documents.path".to_owned(),
                    path: served.path.clone(),
                });
            }
        }
        if !rs.path.starts_with('/') {
            return Err(ConfigError::BadPath {
                field: "resource_server.path".to_owned(),
                path: rs.path.clone(),
            });
        }
        if rs.sessions && rs.is_anonymous("initialize") {
            return Err(ConfigError::AnonymousSession);
        }
        self.check_servers()
    }

    /// The rules of the authorization servers' newer members: one server on the MCP origin
    /// at most, endpoint paths that are paths, and registration assignments that can work.
    fn check_servers(&self) -> Result<(), ConfigError> {
        let mut on_origin: Option<String> = None;
        let servers = std::iter::once((MAIN_AS.to_owned(), &self.authorization_server))
            .chain(self.extra_authorization_servers.iter().map(|(n, c)| (n.clone(), c)));
        for (name, server) in servers {
            if server.on_mcp_origin {
                if let Some(first) = on_origin.take() {
                    return Err(ConfigError::TwoOnMcpOrigin { first, second: name });
                }
                on_origin = Some(name.clone());
            }
            if let Some(path) = &server.endpoint_path
                && (!path.starts_with('/') || path.ends_with('/') || path.contains(['?', '#']))
            {
                return Err(ConfigError::BadPath {
                    field: format!("{name}.endpoint_path"),
                    path: path.clone(),
                });
            }
            let assigns = &server.registration_assigns;
            let bad = |reason: &str| ConfigError::BadRegistrationAssigns {
                field: format!("{name}.registration_assigns"),
                reason: reason.to_owned(),
            };
            if let Some(method) = &assigns.token_endpoint_auth_method {
                if !ASSIGNABLE_AUTH_METHODS.contains(&method.as_str()) {
                    return Err(bad(
                        "token_endpoint_auth_method must be none, client_secret_basic or client_secret_post",
                    ));
                }
                if method == "none" && assigns.client_secret.is_some() {
                    return Err(bad("a client_secret for a client that authenticates with none"));
                }
            }
            if assigns.client_secret.is_some() && assigns.token_endpoint_auth_method.is_none() {
                return Err(bad("a client_secret needs a token_endpoint_auth_method that uses it"));
            }
            if assigns.client_id.as_deref() == Some("") {
                return Err(bad("client_id is empty"));
            }
        }
        Ok(())
    }
}

impl MockConfig {
    /// Replaces `{{name}}` placeholders in the values a scenario writes as text — document
    /// edits (`set` values, recursively), a raw `WWW-Authenticate`, an `iss` value, a
    /// duplicated member, an extra document, a redirect location — with the world's URLs, known only once its listeners are bound:
    /// `mcp_url`, `mcp_origin`, `issuer` (of `main`), `issuer.NAME`, `canary.NAME`. A
    /// placeholder with no value is left as written, so it shows in the journal.
    pub fn substitute(&mut self, values: &BTreeMap<String, String>) {
        let text = |s: &mut String| substitute_text(s, values);
        let mut servers: Vec<&mut AsConfig> = vec![&mut self.authorization_server];
        servers.extend(self.extra_authorization_servers.values_mut());
        for server in servers {
            substitute_edits(&mut server.metadata, values);
            substitute_edits(&mut server.registration_response, values);
            if let IssParameter::Value(v) = &mut server.iss_parameter {
                text(v);
            }
            if let StateBehaviour::Replace(v) = &mut server.state {
                text(v);
            }
        }
        let rs = &mut self.resource_server;
        substitute_edits(&mut rs.prm, values);
        if let Some(v) = &mut rs.www_authenticate {
            text(v);
        }
        rs.resource_aliases.iter_mut().for_each(|a| substitute_text(a, values));
        for served in &mut rs.extra_documents {
            substitute_value(&mut served.document, values);
        }
        for m in &mut self.malformed {
            match &mut m.response {
                MalformedResponse::DuplicateMember { value, .. } => substitute_value(value, values),
                MalformedResponse::Redirect { location } => text(location),
                _ => {}
            }
        }
    }
}

fn substitute_edits(edits: &mut DocumentEdits, values: &BTreeMap<String, String>) {
    for value in edits.set.values_mut() {
        substitute_value(value, values);
    }
}

fn substitute_value(value: &mut Value, values: &BTreeMap<String, String>) {
    match value {
        Value::String(s) => substitute_text(s, values),
        Value::Array(items) => items.iter_mut().for_each(|v| substitute_value(v, values)),
        Value::Object(members) => members.values_mut().for_each(|v| substitute_value(v, values)),
        _ => {}
    }
}

fn substitute_text(text: &mut String, values: &BTreeMap<String, String>) {
    if !text.contains("{{") {
        return;
    }
    for (name, value) in values {
        let placeholder = format!("{{{{{name}}}}}");
        if text.contains(&placeholder) {
            *text = text.replace(&placeholder, value);
        }
    }
}

/// The name of the default authorization server.
pub const MAIN_AS: &str = "main";

/// A configuration that parses but cannot be run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("authorization server name {name:?} is reserved for `authorization_server`")]
    ReservedName { name: String },
    #[error("unknown authorization server {name:?}; define it under extra_authorization_servers")]
    UnknownAuthorizationServer { name: String },
    #[error("resource_server.authorization_servers must name at least one authorization server")]
    NoAuthorizationServer,
    #[error("{field} must be empty or start with '/', not {path:?}")]
    BadPath { field: String, path: String },
    #[error(
        "resource_server.anonymous_methods lists initialize, which needs sessions: false (an anonymous session has no user to bind)"
    )]
    AnonymousSession,
    #[error("only one authorization server can be on_mcp_origin; {first} and {second} both are")]
    TwoOnMcpOrigin { first: String, second: String },
    #[error("{field}: {reason}")]
    BadRegistrationAssigns { field: String, reason: String },
}

/// Edits applied to a JSON document the mock would otherwise serve correctly.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DocumentEdits {
    /// Members to leave out.
    pub remove: Vec<String>,
    /// Members to add or replace, with any JSON value (wrong types included).
    pub set: Map<String, Value>,
}

impl DocumentEdits {
    /// Applies the edits to `document`: removals first, then replacements.
    pub fn apply(&self, document: &mut Map<String, Value>) {
        for name in &self.remove {
            document.remove(name);
        }
        for (name, value) in &self.set {
            document.insert(name.clone(), value.clone());
        }
    }

    pub fn is_empty(&self) -> bool {
        self.remove.is_empty() && self.set.is_empty()
    }
}

/// Where an authorization server's metadata document is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetadataLocation {
    /// RFC 8414 §3.1: `/.well-known/oauth-authorization-server{issuer path}`.
    OauthInserted,
    /// OIDC by insertion: `/.well-known/openid-configuration{issuer path}`.
    OidcInserted,
    /// OIDC Discovery §4.1: `{issuer path}/.well-known/openid-configuration`.
    OidcAppended,
    /// Trap: the RFC 8414 suffix appended after the issuer path (a common client mistake).
    OauthAppended,
    /// Trap: `/.well-known/oauth-authorization-server` with the issuer path dropped (the
    /// 2025-03-26 habit).
    OauthRoot,
}

/// One authorization server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AsConfig {
    /// The issuer's path (`""` for a root issuer, `/tenant1` for a path issuer).
    pub issuer_path: String,
    /// Where the metadata document is served (each location serves the same document).
    pub metadata_locations: Vec<MetadataLocation>,
    /// Edits to the metadata document (e.g. remove `code_challenge_methods_supported`, set
    /// `issuer` to another value, set `code_challenge_methods_supported` to `["plain"]`).
    pub metadata: DocumentEdits,
    /// PKCE methods `/authorize` accepts (case-sensitive). Empty: PKCE not enforced.
    pub pkce_methods: Vec<String>,
    /// Whether dynamic client registration is offered.
    pub registration: bool,
    /// Edits to every registration response (e.g. remove `client_id`).
    pub registration_response: DocumentEdits,
    /// HTTP status of a successful registration (RFC 7591 says 201; many servers send 200).
    pub registration_status: u16,
    /// Whether URL-formatted `client_id`s are resolved as client ID metadata documents (and
    /// `client_id_metadata_document_supported: true` advertised). Off by default: a world
    /// that advertises CIMD must be able to resolve the client's document, and conformance
    /// clients use a URL no loopback world can serve (the official suite's fixed
    /// `https://conformance-test.local/client-metadata.json`), so only scenarios about CIMD
    /// switch it on (with `cimd_resolution`).
    pub client_id_metadata_documents: bool,
    /// Clients registered before the flow starts.
    pub clients: Vec<PreRegisteredClient>,
    /// What the authorization endpoint answers.
    pub authorize: AuthorizeBehaviour,
    /// The `iss` parameter of authorization responses (RFC 9207).
    pub iss_parameter: IssParameter,
    /// What happens to the client's `state` in the authorization response.
    pub state: StateBehaviour,
    /// Token issuance.
    pub tokens: TokenPolicy,
    /// Deliberate defects, each breaking one requirement (empty: conformant).
    pub flaws: BTreeSet<AsFlaw>,
    /// The scopes this server knows: advertised as `scopes_supported`, and the only ones it
    /// grants. Omitted: the MCP server's `scopes_supported`. Empty: none advertised, any
    /// well-formed scope granted. (The official suite's authorization servers advertise
    /// scopes of their own, e.g. `offline_access`, which PRM never lists.)
    pub scopes_supported: Option<Vec<String>>,
    /// How a URL `client_id` is resolved when `client_id_metadata_documents` is on.
    pub cimd_resolution: CimdResolution,
    /// Values every dynamic registration is given, whatever the request asks for.
    pub registration_assigns: RegistrationAssigns,
    /// Serve this server from the MCP server's origin instead of its own listener (the
    /// 2025-03-26 arrangement: metadata and endpoints beside the MCP endpoint). Its issuer is
    /// then the MCP server's origin plus `issuer_path`. At most one server may do so.
    pub on_mcp_origin: bool,
    /// The path the endpoints (`/authorize`, `/token`, `/register`, ...) live under, when it
    /// is not the issuer's path (`/oauth` puts them at `/oauth/authorize` while the issuer
    /// stays the bare origin). Omitted: the issuer's path.
    pub endpoint_path: Option<String>,
    /// Which `aud` a `private_key_jwt` client assertion may carry.
    pub assertion_audience: AssertionAudience,
    /// Answer the first authorization requests that would otherwise succeed with an
    /// error redirect (e.g. `invalid_request` for an S256 challenge, to see whether the
    /// client downgrades PKCE on its retry). Omitted: none.
    pub reject_authorizations: Option<RejectAuthorizations>,
    /// Answer every registration request with this RFC 7591 §3.2.2 error (400). Omitted:
    /// registrations are judged on their content.
    pub registration_error: Option<OAuthErrorReply>,
}

/// How a URL `client_id` (a Client ID Metadata Document URL) is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CimdResolution {
    /// Fetch the document on every authorization request and judge it (the conformant
    /// behaviour, CIMD §4).
    #[default]
    Fetch,
    /// Accept any `http(s)` URL as a public client without fetching anything, with the
    /// redirect URI the request names: what the official suite's authorization server does
    /// (its `https://conformance-test.local/client-metadata.json` is never served). Not
    /// conformant; for reproducing that suite's worlds only.
    Trust,
}

/// Values a registration is assigned whatever it asks for (the official suite's
/// authorization servers pin them in their registration hooks). Each omitted value is
/// decided the conformant way.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RegistrationAssigns {
    /// This `client_id` for every registration (a later registration replaces the earlier).
    pub client_id: Option<String>,
    /// This `client_secret` (only with a secret-based method).
    pub client_secret: Option<String>,
    /// This `token_endpoint_auth_method`: `none`, `client_secret_basic` or
    /// `client_secret_post`. The response names it, and the token endpoint holds the client
    /// to it.
    pub token_endpoint_auth_method: Option<String>,
}

/// The methods [`RegistrationAssigns::token_endpoint_auth_method`] may name.
pub const ASSIGNABLE_AUTH_METHODS: [&str; 3] =
    ["none", "client_secret_basic", "client_secret_post"];

/// Which `aud` values a `private_key_jwt` client assertion may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssertionAudience {
    /// The token endpoint URL or the issuer (RFC 7523 §3 and its common reading).
    #[default]
    TokenEndpointOrIssuer,
    /// Only the issuer, with or without one trailing slash (the official suite's rule).
    Issuer,
}

/// See [`AsConfig::reject_authorizations`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RejectAuthorizations {
    /// How many authorization requests are refused before the server behaves again.
    pub count: u32,
    /// The `error` of the redirect (`invalid_request`, `access_denied`, ...).
    pub error: String,
    /// Its `error_description`.
    #[serde(default)]
    pub description: Option<String>,
}

/// An OAuth error answer (`error` and `error_description`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OAuthErrorReply {
    pub error: String,
    #[serde(default)]
    pub description: Option<String>,
}

impl AsConfig {
    /// Whether `flaw` is switched on.
    pub fn has(&self, flaw: AsFlaw) -> bool {
        self.flaws.contains(&flaw)
    }
}

impl Default for AsConfig {
    fn default() -> Self {
        Self {
            issuer_path: String::new(),
            metadata_locations: vec![MetadataLocation::OauthInserted],
            metadata: DocumentEdits::default(),
            pkce_methods: vec!["S256".to_owned()],
            registration: true,
            registration_response: DocumentEdits::default(),
            registration_status: 201,
            client_id_metadata_documents: false,
            clients: Vec::new(),
            authorize: AuthorizeBehaviour::Approve,
            iss_parameter: IssParameter::Correct,
            state: StateBehaviour::Echo,
            tokens: TokenPolicy::default(),
            flaws: BTreeSet::new(),
            scopes_supported: None,
            cimd_resolution: CimdResolution::Fetch,
            registration_assigns: RegistrationAssigns::default(),
            on_mcp_origin: false,
            endpoint_path: None,
            assertion_audience: AssertionAudience::TokenEndpointOrIssuer,
            reject_authorizations: None,
            registration_error: None,
        }
    }
}

/// A client known to the authorization server without registration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreRegisteredClient {
    pub client_id: String,
    #[serde(default)]
    pub client_secret: Option<String>,
    pub redirect_uris: Vec<String>,
    /// `none`, `client_secret_basic`, `client_secret_post` or `private_key_jwt`.
    #[serde(default = "default_auth_method")]
    pub token_endpoint_auth_method: String,
    /// For `private_key_jwt`: the client's public keys (a JWK Set).
    #[serde(default)]
    pub jwks: Option<Value>,
    /// Accept any `http(s)` redirect URI for this client instead of only `redirect_uris`
    /// (the official suite's authorization server validates none, so a conformance client
    /// may use any callback).
    #[serde(default)]
    pub any_redirect_uri: bool,
}

fn default_auth_method() -> String {
    "none".to_owned()
}

/// What `/authorize` does with a valid request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum AuthorizeBehaviour {
    /// Consent automatically and redirect with a code.
    #[default]
    Approve,
    /// Redirect with this error (`access_denied`, `invalid_scope`, `invalid_target`, ...).
    Error {
        error: String,
        #[serde(default)]
        description: Option<String>,
    },
}

/// The `iss` authorization-response parameter (RFC 9207).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum IssParameter {
    /// The issuer, exactly; and the metadata advertises
    /// `authorization_response_iss_parameter_supported: true`.
    #[default]
    Correct,
    /// No `iss`, while the metadata still advertises support.
    MissingButAdvertised,
    /// No `iss` and no advertisement (a server without RFC 9207).
    Unsupported,
    /// This value instead of the issuer (a mix-up or a normalised form).
    Value(String),
}

/// What becomes of the client's `state` in the authorization response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum StateBehaviour {
    #[default]
    Echo,
    Drop,
    Replace(String),
}

/// How tokens are issued.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TokenPolicy {
    /// `expires_in` and the JWT lifetime, in seconds.
    pub lifetime_seconds: u64,
    /// Issue tokens whose `exp` is already past (with the advertised `expires_in`).
    pub expired_on_issue: bool,
    /// Whether a refresh token is issued.
    pub refresh_tokens: bool,
    /// Whether refresh tokens rotate (and reuse of an old one revokes the family).
    pub rotate_refresh_tokens: bool,
    /// Grant this scope instead of the requested one (a narrower grant).
    pub granted_scope: Option<String>,
    /// Answer every token request with this OAuth error (e.g. `invalid_target`).
    pub error: Option<String>,
    /// Leave `Cache-Control: no-store` off token responses.
    pub cacheable: bool,
    /// Apply `granted_scope` to only this many authorization-code grants; later ones get
    /// the scope they ask for (a partial grant the user widens on step-up). Omitted: every
    /// grant.
    pub granted_scope_times: Option<u32>,
}

impl Default for TokenPolicy {
    fn default() -> Self {
        Self {
            lifetime_seconds: 3600,
            expired_on_issue: false,
            refresh_tokens: true,
            rotate_refresh_tokens: true,
            granted_scope: None,
            error: None,
            cacheable: false,
            granted_scope_times: None,
        }
    }
}

/// Where Protected Resource Metadata is offered.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PrmLocation {
    /// `resource_metadata` in the 401 challenge, pointing at the path-inserted URL.
    Header,
    /// `/.well-known/oauth-protected-resource{path}`.
    PathInserted,
    /// `/.well-known/oauth-protected-resource`.
    Root,
    /// A custom path, advertised in the challenge instead of the path-inserted URL.
    Custom(String),
}

/// The MCP server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RsConfig {
    /// The MCP endpoint's path.
    pub path: String,
    /// The authorization servers named in PRM, in order.
    pub authorization_servers: Vec<String>,
    /// Where PRM is offered.
    pub prm_locations: Vec<PrmLocation>,
    /// Edits to the PRM document (e.g. set `resource` to another origin).
    pub prm: DocumentEdits,
    /// `scopes_supported` in PRM.
    pub scopes_supported: Vec<String>,
    /// Whether the 401 challenge carries a `scope` hint.
    pub scope_hint: bool,
    /// A raw `WWW-Authenticate` value sent on every 401 instead of the conformant one.
    pub www_authenticate: Option<String>,
    /// Scopes each tool needs; tools not listed need none beyond a valid token.
    pub tool_scopes: BTreeMap<String, Vec<String>>,
    /// Scope hierarchies: a granted scope (key) also grants the listed narrower scopes
    /// (MCP 2026-07-28: servers MUST account for scope hierarchies). Applied transitively.
    pub scope_implies: BTreeMap<String, Vec<String>>,
    /// Answer every `tools/call` with 403 `insufficient_scope`, whatever the token.
    pub forbid_forever: bool,
    /// After this many authorized requests, answer 401 `invalid_token` to the same token
    /// (a token that stops working before `expires_in`).
    pub revoke_tokens_after: Option<u32>,
    /// Switch to another authorization server after some requests.
    pub migrate: Option<Migration>,
    /// How bearer tokens are validated.
    pub token_validation: TokenValidation,
    /// Deliberate defects, each breaking one requirement (empty: conformant).
    pub flaws: BTreeSet<RsFlaw>,
    /// Scopes each JSON-RPC method needs beyond a valid token; the key `*` stands for every
    /// method not listed. A token lacking them gets 403 `insufficient_scope` naming them
    /// all, before the method runs (a server behind an SDK's per-route bearer middleware,
    /// as in the official suite's scope scenarios). `tool_scopes` still apply on top.
    pub method_scopes: BTreeMap<String, Vec<String>>,
    /// The scopes the 401 `scope` hint names (when `scope_hint` is on). Omitted:
    /// `scopes_supported` without the tool-specific scopes.
    pub challenge_scopes: Option<Vec<String>>,
    /// JSON-RPC methods served without authorization (a token, if sent, is ignored); an
    /// entry ending in `/` covers every method it starts (`notifications/`). Listing
    /// `initialize` needs `sessions: false`: a session opened anonymously has no user to
    /// be bound to.
    pub anonymous_methods: Vec<String>,
    /// Whether `initialize` opens a session (`Mcp-Session-Id`). Without sessions every
    /// request of a handshake-based version stands alone, at the version its
    /// `MCP-Protocol-Version` names (2025-03-26 without one), as a stateless server serves.
    pub sessions: bool,
    /// After this many 403 `insufficient_scope` answers, every further authorized request
    /// gets 410 Gone (`{"error":"test_complete"}`, no challenge): how the official suite's
    /// retry-limit server ends a step-up loop.
    pub gone_after_forbidden: Option<u32>,
    /// Further resource identifiers the server answers to (placeholders allowed): tokens
    /// whose audience names one are accepted, and the authorization servers issue tokens
    /// for them. A server whose root PRM says `resource` = its origin (RFC 9728 §3.1) is
    /// that origin as well as its MCP URL, and a client may ask for either.
    pub resource_aliases: Vec<String>,
    /// Serve only `POST` at the MCP endpoint: `GET` (the standalone SSE stream) and `DELETE`
    /// get 405 before any authorization, as the official suite's servers answer every other
    /// method ahead of their bearer middleware. Off: every request is authorized first.
    pub post_only: bool,
    /// Further JSON documents the MCP server's listener serves with 200 (e.g. the PRM of
    /// another resource on the same host, for the RFC 9728 §7.4 attack). String values are
    /// templated.
    pub extra_documents: Vec<ServedDocument>,
}

impl RsConfig {
    /// Whether `method` is served without authorization.
    pub fn is_anonymous(&self, method: &str) -> bool {
        self.anonymous_methods
            .iter()
            .any(|m| m == method || (m.ends_with('/') && method.starts_with(m.as_str())))
    }

    /// The scopes `method` needs by `method_scopes` (its own entry, else `*`).
    pub fn method_scopes_for(&self, method: &str) -> &[String] {
        self.method_scopes
            .get(method)
            .or_else(|| self.method_scopes.get("*"))
            .map(Vec::as_slice)
            .unwrap_or_default()
    }
}

/// See [`RsConfig::extra_documents`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServedDocument {
    /// The path it is served at (`GET`, exact match, any query).
    pub path: String,
    /// The document.
    pub document: Value,
}

impl RsConfig {
    /// Whether `flaw` is switched on.
    pub fn has(&self, flaw: RsFlaw) -> bool {
        self.flaws.contains(&flaw)
    }
}

/// How the mock MCP server decides whether a bearer token is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenValidation {
    /// Verify RFC 9068 JWT access tokens locally against the authorization servers' keys.
    #[default]
    Jwt,
    /// Treat tokens as opaque and ask the authorization servers' RFC 7662 introspection
    /// endpoints over HTTP (the requests show in the journal).
    Introspection,
}

impl Default for RsConfig {
    fn default() -> Self {
        Self {
            path: "/mcp".to_owned(),
            authorization_servers: vec![MAIN_AS.to_owned()],
            prm_locations: vec![PrmLocation::Header, PrmLocation::PathInserted],
            prm: DocumentEdits::default(),
            scopes_supported: vec!["mcp:tools".to_owned(), "mcp:write".to_owned()],
            scope_hint: true,
            www_authenticate: None,
            tool_scopes: BTreeMap::from([("write".to_owned(), vec!["mcp:write".to_owned()])]),
            scope_implies: BTreeMap::new(),
            forbid_forever: false,
            revoke_tokens_after: None,
            migrate: None,
            token_validation: TokenValidation::Jwt,
            flaws: BTreeSet::new(),
            method_scopes: BTreeMap::new(),
            challenge_scopes: None,
            anonymous_methods: Vec::new(),
            sessions: true,
            gone_after_forbidden: None,
            resource_aliases: Vec::new(),
            post_only: false,
            extra_documents: Vec::new(),
        }
    }
}

/// Authorization-server migration (MCP 2026-07-28 AS binding).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Migration {
    /// The authorization server PRM names after the switch.
    pub to: String,
    /// How many authorized MCP requests are served before the switch.
    pub after_requests: u32,
}

/// An endpoint of either mock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Endpoint {
    Prm,
    AsMetadata,
    Jwks,
    Registration,
    Authorize,
    Token,
    Introspection,
    Mcp,
}

/// A hostile response for one endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Malformed {
    pub endpoint: Endpoint,
    /// For authorization-server endpoints: which server (`main` when omitted).
    #[serde(default)]
    pub authorization_server: Option<String>,
    pub response: MalformedResponse,
}

/// What is sent instead of the real response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum MalformedResponse {
    /// 200 `application/json` with a body that is not JSON.
    InvalidJson,
    /// The real body, labelled `text/html`.
    WrongContentType,
    /// 200 `text/html` with an HTML page.
    Html,
    /// 200 `application/json` with a valid-looking document padded to this many bytes.
    Oversized { bytes: usize },
    /// The real body, sent a few bytes at a time with a delay between chunks.
    SlowDrip { chunk_bytes: usize, delay_ms: u64 },
    /// A 302 to itself.
    RedirectLoop,
    /// This status with an empty body.
    Status { code: u16 },
    /// A JSON array instead of an object.
    JsonArray,
    /// The real document with a member duplicated to an attacker value.
    DuplicateMember { name: String, value: Value },
    /// A 302 to this URL (templated: `{{canary.NAME}}/...` shows who follows it).
    Redirect { location: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_configuration_is_the_conformant_world() {
        let config: MockConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(config, MockConfig::default());
        assert_eq!(config.authorization_server.pkce_methods, ["S256"]);
        assert!(config.check().is_ok());
    }

    #[test]
    fn unknown_keys_are_refused() {
        let err = serde_json::from_str::<MockConfig>(r#"{"authorization_server":{"pkce":[]}}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown field `pkce`"), "{err}");
    }

    #[test]
    fn references_are_checked() {
        let mut config = MockConfig::default();
        config.resource_server.authorization_servers = vec!["other".to_owned()];
        assert_eq!(
            config.check(),
            Err(ConfigError::UnknownAuthorizationServer { name: "other".to_owned() })
        );
        config.extra_authorization_servers.insert("other".to_owned(), AsConfig::default());
        assert!(config.check().is_ok());
    }

    #[test]
    fn issuer_paths_of_every_server_are_checked() {
        let mut config = MockConfig::default();
        config.extra_authorization_servers.insert(
            "second".to_owned(),
            AsConfig { issuer_path: "tenant".to_owned(), ..AsConfig::default() },
        );
        assert_eq!(
            config.check(),
            Err(ConfigError::BadPath {
                field: "extra_authorization_servers.second.issuer_path".to_owned(),
                path: "tenant".to_owned()
            })
        );
        config.extra_authorization_servers.clear();
        config.authorization_server.issuer_path = "/t?x=1".to_owned();
        assert!(config.check().is_err());
    }

    #[test]
    fn flaws_and_token_validation_parse_strictly() {
        let config: RsConfig = serde_json::from_str(
            r#"{"flaws":["accept_expired","garbage_500"],"token_validation":"introspection"}"#,
        )
        .unwrap();
        assert!(config.has(RsFlaw::AcceptExpired) && config.has(RsFlaw::Garbage500));
        assert!(!config.has(RsFlaw::AcceptAlgNone));
        assert_eq!(config.token_validation, TokenValidation::Introspection);
        let err = serde_json::from_str::<RsConfig>(r#"{"flaws":["accept_all"]}"#).unwrap_err();
        assert!(err.to_string().contains("unknown variant `accept_all`"), "{err}");
        assert!(RsConfig::default().flaws.is_empty());
    }

    #[test]
    fn placeholders_are_replaced_in_every_text_a_scenario_writes() {
        let mut config: MockConfig = serde_json::from_str(
            r#"{"authorization_server":{"metadata":{"set":{"token_endpoint":"{{canary.evil}}/token","x":["{{mcp_url}}",{"y":"{{issuer.second}}"}]}},"iss_parameter":{"value":"{{issuer}}/"}},
                "resource_server":{"www_authenticate":"Bearer resource_metadata=\"{{mcp_origin}}/prm\"","prm":{"set":{"resource":"{{unknown}}"}}}}"#,
        )
        .unwrap();
        let values = BTreeMap::from([
            ("canary.evil".to_owned(), "http://127.0.0.2:9".to_owned()),
            ("mcp_url".to_owned(), "http://127.0.0.1:1/mcp".to_owned()),
            ("mcp_origin".to_owned(), "http://127.0.0.1:1".to_owned()),
            ("issuer".to_owned(), "http://127.0.0.1:2".to_owned()),
            ("issuer.second".to_owned(), "http://127.0.0.1:3".to_owned()),
        ]);
        config.substitute(&values);
        let set = &config.authorization_server.metadata.set;
        assert_eq!(set["token_endpoint"], "http://127.0.0.2:9/token");
        assert_eq!(
            set["x"],
            serde_json::json!(["http://127.0.0.1:1/mcp", {"y": "http://127.0.0.1:3"}])
        );
        assert_eq!(
            config.authorization_server.iss_parameter,
            IssParameter::Value("http://127.0.0.1:2/".to_owned())
        );
        assert_eq!(
            config.resource_server.www_authenticate.as_deref(),
            Some("Bearer resource_metadata=\"http://127.0.0.1:1/prm\"")
        );
        assert_eq!(config.resource_server.prm.set["resource"], "{{unknown}}");

        let mut more: MockConfig = serde_json::from_str(
            r#"{"resource_server":{"extra_documents":[{"path":"/prm2","document":{"resource":"{{mcp_origin}}/rs2"}}]},
                "malformed":[{"endpoint":"prm","response":{"redirect":{"location":"{{canary.evil}}/x"}}}]}"#,
        )
        .unwrap();
        more.substitute(&values);
        assert_eq!(
            more.resource_server.extra_documents[0].document["resource"],
            "http://127.0.0.1:1/rs2"
        );
        assert_eq!(
            more.malformed[0].response,
            MalformedResponse::Redirect { location: "http://127.0.0.2:9/x".to_owned() }
        );
        assert!(more.check().is_ok());
        more.resource_server.extra_documents[0].path = "prm2".to_owned();
        assert!(matches!(more.check(), Err(ConfigError::BadPath { .. })));
    }

    #[test]
    fn the_official_worlds_settings_are_checked() {
        let mut config = MockConfig::default();
        config.authorization_server.endpoint_path = Some("oauth".to_owned());
        assert!(matches!(config.check(), Err(ConfigError::BadPath { .. })));
        config.authorization_server.endpoint_path = Some("/oauth".to_owned());
        assert_eq!(config.check(), Ok(()));
        let assigns = &mut config.authorization_server.registration_assigns;
        assigns.client_secret = Some("s".to_owned());
        assert!(matches!(config.check(), Err(ConfigError::BadRegistrationAssigns { .. })));
        let assigns = &mut config.authorization_server.registration_assigns;
        assigns.token_endpoint_auth_method = Some("none".to_owned());
        assert!(matches!(config.check(), Err(ConfigError::BadRegistrationAssigns { .. })));
        let assigns = &mut config.authorization_server.registration_assigns;
        assigns.token_endpoint_auth_method = Some("private_key_jwt".to_owned());
        assert!(matches!(config.check(), Err(ConfigError::BadRegistrationAssigns { .. })));
        let assigns = &mut config.authorization_server.registration_assigns;
        assigns.token_endpoint_auth_method = Some("client_secret_basic".to_owned());
        assert_eq!(config.check(), Ok(()));
        let yaml = r#"{"resource_server":{"anonymous_methods":["notifications/"],"method_scopes":{"*":["a"],"tools/call":["b"]}}}"#;
        let config: MockConfig = serde_json::from_str(yaml).unwrap();
        let rs = &config.resource_server;
        assert!(rs.is_anonymous("notifications/initialized") && !rs.is_anonymous("initialize"));
        assert_eq!(rs.method_scopes_for("tools/list"), ["a"]);
        assert_eq!(rs.method_scopes_for("tools/call"), ["b"]);
        assert!(RsConfig::default().method_scopes_for("tools/list").is_empty());
    }

    #[test]
    fn edits_remove_then_set() {
        let edits: DocumentEdits = serde_json::from_str(
            r#"{"remove":["code_challenge_methods_supported"],"set":{"issuer":42}}"#,
        )
        .unwrap();
        let mut doc =
            serde_json::json!({"issuer":"https://as","code_challenge_methods_supported":["S256"]})
                .as_object()
                .unwrap()
                .clone();
        edits.apply(&mut doc);
        assert_eq!(Value::Object(doc), serde_json::json!({"issuer":42}));
    }
}
