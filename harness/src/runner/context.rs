//! What a run knows before any scenario starts: the target (an MCP server, or in `authz`
//! mode an authorization server), the spec version, the fixture (the harness's own
//! authorization server, tokens the user supplied, a way through consent), user variables
//! and limits.

use std::collections::BTreeMap;
use std::time::Duration;

use mcp_auth_mocks::authority::AuthorityView;
use mcp_auth_proto::discovery::{
    Construction, IssuerIdentifier, MetadataKind, PrmSource, ResourceIdentifier, as_metadata_url,
    prm_probe_urls,
};
use mcp_auth_proto::pkce::{CodeChallenge, CodeVerifier};
use mcp_auth_proto::{Secret, SpecVersion};

use crate::scenario::model::SuppliedToken;

/// The authorization server under test (`authz` mode).
#[derive(Debug, Clone)]
pub struct AuthzTarget {
    /// The issuer identifier, exactly as given.
    pub issuer: String,
    /// The redirect URI scenarios register and send (`{{redirect_uri}}`). Nothing listens
    /// there: redirects are read from `Location`, or reported by the consent command.
    pub redirect_uri: String,
    /// A resource the server issues tokens for (`{{resource}}`, RFC 8707).
    pub resource: Option<String>,
    /// A shell command that gets the authorization URL as its last argument, logs in and
    /// consents, and prints the callback URL it reached as the last line of its output.
    pub consent_command: Option<String>,
    /// Longest the consent command may take.
    pub consent_timeout: Duration,
    /// `--client-id` / `--client-secret`: a client registered beforehand.
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
}

/// Everything scenarios share.
#[derive(Debug, Clone)]
pub struct RunContext {
    /// The MCP endpoint under test (in `authz` mode, the issuer).
    pub mcp_url: String,
    /// In `authz` mode: the authorization server under test.
    pub authz: Option<AuthzTarget>,
    pub spec_version: SpecVersion,
    /// The authorization server the target trusts, run by the harness: it mints the tokens
    /// scenarios present, revokes them, and records what the target asks it.
    pub authority: Option<AuthorityView>,
    /// Tokens the user supplied (`--token`, `--expired-token`, ...).
    pub supplied: BTreeMap<SuppliedToken, Secret>,
    /// `--var NAME=VALUE`, referenced as `{{var.NAME}}`.
    pub vars: BTreeMap<String, String>,
    /// Scopes minted tokens carry unless a scenario says otherwise (`{{scope}}`).
    pub scope: String,
    /// Longest one scenario may take.
    pub scenario_timeout: Duration,
    /// Default per-request time limit.
    pub request_timeout: Duration,
    /// Client mode: how each scenario launches the client under test (`mcp_url` then
    /// names the command, and every scenario starts a mock world of its own).
    pub client_launch: Option<super::client_run::ClientLaunch>,
}

/// Why the run cannot start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContextError {
    #[error("--url {url:?} is not a usable MCP endpoint URL: {reason}")]
    BadUrl { url: String, reason: String },
    #[error("--issuer {issuer:?} is not an issuer identifier: {reason}")]
    BadIssuer { issuer: String, reason: String },
}

impl RunContext {
    /// A context for `mcp_url`. Plain http on a host that is not loopback is accepted so
    /// that `server/transport/https-endpoint` can report it with the spec's words, rather
    /// than the run refusing to start; anything else that is not a resource identifier is
    /// refused.
    pub fn new(mcp_url: &str, spec_version: SpecVersion) -> Result<Self, ContextError> {
        identifier(mcp_url)
            .map_err(|e| ContextError::BadUrl { url: mcp_url.to_owned(), reason: e.to_string() })?;
        Ok(Self::with_target(mcp_url.to_owned(), None, spec_version))
    }

    /// A context for probing the authorization server `target` (`authz` mode).
    pub fn authorization_server(
        target: AuthzTarget,
        spec_version: SpecVersion,
    ) -> Result<Self, ContextError> {
        IssuerIdentifier::parse(&target.issuer).map_err(|e| ContextError::BadIssuer {
            issuer: target.issuer.clone(),
            reason: e.to_string(),
        })?;
        Ok(Self::with_target(target.issuer.clone(), Some(target), spec_version))
    }

    /// A context for judging a client against a mock world whose MCP endpoint is
    /// `mcp_url` (one client scenario).
    pub fn client(mcp_url: String, spec_version: SpecVersion) -> Self {
        Self::with_target(mcp_url, None, spec_version)
    }

    /// A client-mode run: every scenario launches `launch` against a mock world of its own.
    pub fn client_run(launch: super::client_run::ClientLaunch, spec_version: SpecVersion) -> Self {
        let mut context = Self::with_target(launch.command.clone(), None, spec_version);
        context.client_launch = Some(launch);
        context
    }

    /// Defaults for everything but the target: no fixture, no variables, 60 s per
    /// scenario, 10 s per request.
    fn with_target(url: String, authz: Option<AuthzTarget>, spec_version: SpecVersion) -> Self {
        Self {
            mcp_url: url,
            authz,
            spec_version,
            authority: None,
            supplied: BTreeMap::new(),
            vars: BTreeMap::new(),
            scope: String::new(),
            scenario_timeout: Duration::from_secs(60),
            request_timeout: Duration::from_secs(10),
            client_launch: None,
        }
    }

    /// The built-in variables (see `scenario::load::SERVER_VARIABLES` and
    /// `AUTHZ_VARIABLES`) that have values. `canary`, `pkce.*` and `state` are per
    /// scenario, so concurrent scenarios never see each other's values.
    pub fn builtin_variables(&self, scenario_id: &str) -> BTreeMap<String, String> {
        if let Some(target) = &self.authz {
            return self.authz_variables(target);
        }
        let mut vars = BTreeMap::new();
        vars.insert("mcp_url".to_owned(), self.mcp_url.clone());
        vars.insert("scope".to_owned(), self.scope.clone());
        vars.insert("spec_version".to_owned(), self.spec_version.as_str().to_owned());
        if let Ok((resource, insecure)) = identifier(&self.mcp_url) {
            // For a plain-http URL the well-known URLs are built from its https twin and
            // given back their real scheme.
            let real = |url: &str| match (insecure, url.strip_prefix("https://")) {
                (true, Some(rest)) => format!("http://{rest}"),
                _ => url.to_owned(),
            };
            let origin = real(resource.origin());
            let authority_part =
                origin.split_once("://").map(|(_, rest)| rest.to_owned()).unwrap_or_default();
            vars.insert("origin".to_owned(), origin);
            vars.insert("mcp_host".to_owned(), authority_part);
            vars.insert("mcp_path".to_owned(), resource.path().to_owned());
            for candidate in prm_probe_urls(&resource, None) {
                let name = match candidate.source {
                    PrmSource::PathInserted => "prm_path_url",
                    PrmSource::Root => "prm_root_url",
                    _ => continue,
                };
                vars.insert(name.to_owned(), real(&candidate.url));
                if resource.is_root() {
                    vars.insert("prm_path_url".to_owned(), real(&candidate.url));
                }
            }
        }
        if let Some(authority) = &self.authority {
            vars.insert("issuer".to_owned(), authority.issuer().to_owned());
            vars.insert("untrusted_issuer".to_owned(), authority.other_issuer().to_owned());
            vars.insert("canary".to_owned(), format!("{}/{}", authority.canary_url(), scenario_id));
        }
        vars
    }
}

impl RunContext {
    fn authz_variables(&self, target: &AuthzTarget) -> BTreeMap<String, String> {
        let mut vars = BTreeMap::new();
        vars.insert("issuer".to_owned(), target.issuer.clone());
        // The existing discovery step reads the issuer from here.
        vars.insert("authorization_server".to_owned(), target.issuer.clone());
        if let Ok(issuer) = IssuerIdentifier::parse(&target.issuer) {
            let url = |kind| as_metadata_url(&issuer, kind, Construction::Inserted);
            vars.insert("as_metadata_oauth_url".to_owned(), url(MetadataKind::OAuth));
            vars.insert("as_metadata_oidc_url".to_owned(), url(MetadataKind::OpenId));
        }
        vars.insert("redirect_uri".to_owned(), target.redirect_uri.clone());
        if let Some(resource) = &target.resource {
            vars.insert("resource".to_owned(), resource.clone());
        }
        vars.insert("scope".to_owned(), self.scope.clone());
        vars.insert("spec_version".to_owned(), self.spec_version.as_str().to_owned());
        if let Some(id) = &target.client_id {
            vars.insert("supplied_client_id".to_owned(), id.clone());
        }
        if let Some(secret) = &target.client_secret {
            vars.insert("supplied_client_secret".to_owned(), secret.expose().to_owned());
        }
        let mut rng = rand::rng();
        let verifier = CodeVerifier::generate(&mut rng);
        let other = CodeVerifier::generate(&mut rng);
        vars.insert(
            "pkce.challenge".to_owned(),
            CodeChallenge::s256(&verifier).as_str().to_owned(),
        );
        vars.insert("pkce.verifier".to_owned(), verifier.expose().to_owned());
        vars.insert("pkce.other_verifier".to_owned(), other.expose().to_owned());
        // Any unguessable URL-safe text will do for `state`.
        vars.insert("state".to_owned(), CodeVerifier::generate(&mut rng).expose().to_owned());
        vars
    }
}

/// The resource identifier of `url`, and whether it is plain http on a host that is not
/// loopback (parsed as its https twin).
pub fn identifier(
    url: &str,
) -> Result<(ResourceIdentifier, bool), mcp_auth_proto::discovery::IdentifierError> {
    match ResourceIdentifier::parse(url) {
        Ok(resource) => Ok((resource, false)),
        Err(e) => match url.strip_prefix("http://") {
            Some(rest) => ResourceIdentifier::parse(&format!("https://{rest}"))
                .map(|resource| (resource, true))
                .map_err(|_| e),
            None => Err(e),
        },
    }
}

/// The oversized but well-formed b64token material of `filler_64k` and `filler_1m`, made
/// only when a template asks (copying a megabyte into every scenario's variables would be
/// most of a run's cost).
pub fn filler(name: &str) -> Option<String> {
    match name {
        "filler_64k" => Some("A".repeat(64 * 1024)),
        "filler_1m" => Some("A".repeat(1024 * 1024)),
        _ => None,
    }
}
