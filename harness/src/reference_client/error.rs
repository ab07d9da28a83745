//! Why the reference client stopped: a deliberate refusal (the world broke a rule the
//! client enforces; refusing is the correct behaviour), a failure to complete the flow, or
//! a configuration it cannot run with. Each maps to its own exit code ([`super::exit`]).

use mcp_auth_proto::RequirementId;

/// The world broke a rule, and the client refused to go on. The requirement is the C-* row
/// of the catalogue the client obeys by refusing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("refused ({requirement}): {reason}")]
pub struct Refusal {
    pub requirement: RequirementId,
    pub reason: String,
}

impl Refusal {
    pub fn new(requirement: RequirementId, reason: impl Into<String>) -> Self {
        Self { requirement, reason: reason.into() }
    }
}

/// A step that could not be completed (not a rule the world broke, as far as the client
/// can tell: a transport error, an unexpected status, a document it cannot read).
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("{method} {url}: {source}")]
    Transport {
        method: &'static str,
        url: String,
        #[source]
        source: reqwest::Error,
    },
    #[error("{url} sent more than {limit} bytes; stopped reading")]
    TooLarge { url: String, limit: usize },
    #[error("{step} answered {status}: {detail}")]
    Status { step: &'static str, status: u16, detail: String },
    #[error("{step}: {detail}")]
    Unusable { step: &'static str, detail: String },
    #[error("gave up after {attempts} attempts to {what}")]
    RetriesExhausted { what: &'static str, attempts: u32 },
    #[error("could not start the HTTP client: {0}")]
    Client(#[source] reqwest::Error),
}

/// The configuration (arguments and environment) cannot be run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsageError {
    #[error("no MCP server URL: it is the last argument")]
    NoUrl,
    #[error("MCP server URL {url:?} is not usable: {reason}")]
    BadUrl { url: String, reason: String },
    #[error(transparent)]
    Version(#[from] mcp_auth_proto::spec_version::UnknownSpecVersion),
    #[error("MCP_CONFORMANCE_CONTEXT is not a JSON object: {reason}")]
    BadContext { reason: String },
    #[error("unknown broken variant {name:?}; known: {known}")]
    UnknownBreak { name: String, known: String },
    #[error("scenario {scenario:?} needs {feature}, which this client does not implement")]
    UnsupportedScenario { scenario: String, feature: &'static str },
}

/// Everything that ends a run other than success.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Failed(#[from] Failure),
    #[error(transparent)]
    Usage(#[from] UsageError),
}
