//! What a run knows before any scenario starts: the target, the spec version, the fixture
//! (the harness's own authorization server, or tokens the user supplied), user variables
//! and limits.

use std::collections::BTreeMap;
use std::time::Duration;

use mcp_auth_mocks::authority::AuthorityView;
use mcp_auth_proto::discovery::{PrmSource, ResourceIdentifier, prm_probe_urls};
use mcp_auth_proto::{Secret, SpecVersion};

use crate::scenario::model::SuppliedToken;

/// Everything scenarios share.
#[derive(Debug, Clone)]
pub struct RunContext {
    /// The MCP endpoint under test.
    pub mcp_url: String,
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
}

/// Why the run cannot start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContextError {
    #[error("--url {url:?} is not a usable MCP endpoint URL: {reason}")]
    BadUrl { url: String, reason: String },
}

impl RunContext {
    /// A context for `mcp_url`. Plain http on a host that is not loopback is accepted so
    /// that `server/transport/https-endpoint` can report it with the spec's words, rather
    /// than the run refusing to start; anything else that is not a resource identifier is
    /// refused.
    pub fn new(mcp_url: &str, spec_version: SpecVersion) -> Result<Self, ContextError> {
        identifier(mcp_url)
            .map_err(|e| ContextError::BadUrl { url: mcp_url.to_owned(), reason: e.to_string() })?;
        Ok(Self {
            mcp_url: mcp_url.to_owned(),
            spec_version,
            authority: None,
            supplied: BTreeMap::new(),
            vars: BTreeMap::new(),
            scope: String::new(),
            scenario_timeout: Duration::from_secs(60),
            request_timeout: Duration::from_secs(10),
        })
    }

    /// The built-in variables (see `scenario::load::SERVER_VARIABLES`) that have values.
    /// `canary` is per scenario, so concurrent scenarios never see each other's hits.
    pub fn builtin_variables(&self, scenario_id: &str) -> BTreeMap<String, String> {
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
