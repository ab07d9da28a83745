//! A conformant, headless MCP OAuth client (the reference client of client mode) and its
//! broken variants.
//!
//! It is launched the way the official conformance suite launches a client under test
//! ([`config`]): the MCP URL as the last argument, the scenario, protocol version and
//! context in `MCP_CONFORMANCE_*` variables. It then does what the MCP authorization spec
//! of that version asks of a client: on 401, Protected Resource Metadata discovery (header
//! URL, else the well-known locations in order) with the `resource` check of RFC 9728
//! §3.3; authorization-server metadata discovery in the version's order with the `issuer`
//! check of RFC 8414 §3.3; refusal without S256 (2025-11-25 on); pre-registered
//! credentials from the context, else a Client ID Metadata Document URL where the
//! authorization server supports them (the official fixtures' fixed URL: this client hosts
//! no document), else dynamic registration (`application_type: native`); the client
//! credentials grant (secret or `private_key_jwt`) where the authorization server offers
//! nothing else; PKCE S256, `state`, `iss` (RFC 9207) and `resource` (RFC 8707);
//! `offline_access` only when the authorization server lists it; the token only in the
//! `Authorization` header and only to the MCP server; refresh when expired, then discovery
//! again (a new authorization server means a new registration); step-up on 403
//! `insufficient_scope` for the union of scopes, at most twice.
//! Headless: it fetches the authorization URL itself and reads the `Location` of the
//! redirect, as the official suite's fixtures do.
//!
//! Layout: [`decide`] holds the pure decisions; [`http`], [`oauth`], [`mcp`] and [`flow`]
//! the async edge; [`breaks`] the broken variants, one rule each.
//!
//! Exit codes ([`exit`]): 0 when the MCP calls succeeded, 1 when the client refused to go
//! on because the world broke a rule (the correct behaviour in a hostile scenario), 2 when
//! it could not complete for another reason, 3 for a usage error.

pub mod breaks;
pub mod config;
pub mod decide;
pub mod error;
pub mod flow;
pub mod http;
pub mod mcp;
pub mod oauth;

pub use breaks::{Break, Breaks};
pub use config::Config;
pub use error::{ClientError, Failure, Refusal, UsageError};
pub use flow::{Summary, run};

/// The exit codes of `mcp-auth-reference-client`.
pub mod exit {
    /// The MCP operations succeeded.
    pub const OK: u8 = 0;
    /// Refused: the world broke a rule the client enforces.
    pub const REFUSED: u8 = 1;
    /// Could not complete (transport error, unexpected status, retries exhausted).
    pub const FAILED: u8 = 2;
    /// Arguments or environment unusable.
    pub const USAGE: u8 = 3;
}

/// Runs the client as a program: `args` end with the MCP URL, `breaks` name broken rules,
/// the `MCP_CONFORMANCE_*` variables come from the environment. Prints the outcome (one
/// line on standard output when it succeeded, the reason on `err` otherwise) and returns
/// the exit code. Shared by `mcp-auth-reference-client` and `mcp-auth-harness
/// reference-client`.
pub fn main_with(
    args: &[String],
    breaks: &[String],
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> u8 {
    let var = |name: &str| std::env::var(name).ok();
    let parsed = Breaks::parse(breaks.iter().map(String::as_str)).and_then(|breaks| {
        Config::from_parts(
            args,
            var(config::ENV_SCENARIO),
            var(config::ENV_PROTOCOL_VERSION),
            var(config::ENV_CONTEXT),
            breaks,
        )
    });
    let config = match parsed {
        Ok(config) => config,
        Err(e) => {
            let _ = writeln!(err, "mcp-auth-reference-client: {e}");
            return exit::USAGE;
        }
    };
    for b in config.breaks.iter() {
        let _ = writeln!(err, "reference-client: BROKEN VARIANT {b} (breaks {})", b.requirement());
    }
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            let _ = writeln!(err, "mcp-auth-reference-client: cannot start a runtime: {e}");
            return exit::FAILED;
        }
    };
    let outcome = runtime.block_on(run(&config, &mut *err));
    let _ = match &outcome {
        Ok(summary) => writeln!(
            out,
            "ok: {} authorization(s), {} refresh(es), tools called: {}",
            summary.authorizations,
            summary.refreshes,
            summary.tools_called.join(", ")
        ),
        Err(ClientError::Refused(r)) => writeln!(err, "mcp-auth-reference-client: {r}"),
        Err(e) => writeln!(err, "mcp-auth-reference-client: failed: {e}"),
    };
    exit_code(&outcome)
}

/// The exit code for a run's outcome.
pub fn exit_code(outcome: &Result<Summary, ClientError>) -> u8 {
    match outcome {
        Ok(_) => exit::OK,
        Err(ClientError::Refused(_)) => exit::REFUSED,
        Err(ClientError::Failed(_)) => exit::FAILED,
        Err(ClientError::Usage(_)) => exit::USAGE,
    }
}
