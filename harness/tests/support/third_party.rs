//! Real third-party MCP resource servers, launched on loopback for a test: the TypeScript
//! SDK's auth middleware (`interop/node/rs_server.mjs`, npm `@modelcontextprotocol/sdk`) and
//! the Python SDK's (`interop/python/rs_server.py`, PyPI `mcp`), each trusting the
//! authorization server the test names (its issuer and RFC 7662 introspection endpoint).
//!
//! Where the SDKs are installed comes from the variables `scripts/test-all` sets
//! (`MCP_AUTH_HARNESS_NODE_DIR`, `MCP_AUTH_HARNESS_PYTHON`); the skip-or-fail rule when one
//! is missing is the mocks' interop tests' ([`interop::installed`]).
//!
//! Include with `#[path = "support/third_party.rs"] mod third_party;`.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr,
    clippy::indexing_slicing
)]

#[path = "../../../mocks/tests/support/interop.rs"]
pub mod interop;
#[path = "launch.rs"]
pub mod launch;

use std::fmt;
use std::path::PathBuf;

pub use launch::free_loopback_port;
use launch::{ATTEMPTS, Launched};
use tokio::process::Command;

/// `REQUIRED_SCOPES` of every launched server: a token without it gets 403.
pub const REQUIRED_SCOPE: &str = "mcp:tools";

/// Which third-party server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThirdParty {
    /// `interop/node/rs_server.mjs`: `@modelcontextprotocol/sdk` (TypeScript).
    Node,
    /// `interop/python/rs_server.py`: `mcp` (Python).
    Python,
}

impl fmt::Display for ThirdParty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ThirdParty::Node => "TypeScript SDK (node)",
            ThirdParty::Python => "Python SDK",
        })
    }
}

/// The authorization server a launched server trusts.
#[derive(Debug, Clone, Copy)]
pub struct Trust<'a> {
    /// `AUTH_ISSUER`: PRM names it, and the Node server fetches its RFC 8414 metadata.
    pub issuer: &'a str,
    /// `INTROSPECTION_URL`: where the server asks whether a token is active.
    pub introspection_url: &'a str,
}

/// A running server; dropping it kills the server's whole process group.
pub struct Running {
    pub server: ThirdParty,
    /// The MCP endpoint, also the resource identifier tokens must name (`RESOURCE_URL`).
    pub mcp_url: String,
    launched: Launched,
}

impl fmt::Debug for Running {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Running")
            .field("server", &self.server)
            .field("mcp_url", &self.mcp_url)
            .field("pid", &self.launched.pid())
            .finish_non_exhaustive()
    }
}

impl Running {
    /// What the server wrote on standard error so far (the tail).
    pub fn log(&self) -> String {
        self.launched.log()
    }

    /// The origin of [`Running::mcp_url`].
    pub fn origin(&self) -> String {
        let url = reqwest::Url::parse(&self.mcp_url).unwrap();
        url.origin().ascii_serialization()
    }
}

/// The Node server trusting `issuer`, or `None` when the SDK is not installed and the
/// test may skip (see [`interop::installed`]).
pub async fn start_node_rs(issuer: &str, introspection_url: &str) -> Option<Running> {
    start(ThirdParty::Node, Trust { issuer, introspection_url }).await
}

/// The Python server trusting `issuer`, or `None` when the SDK is not installed and the
/// test may skip.
pub async fn start_python_rs(issuer: &str, introspection_url: &str) -> Option<Running> {
    start(ThirdParty::Python, Trust { issuer, introspection_url }).await
}

/// Starts `server` on a free loopback port and waits (at most [`READY_TIMEOUT`]) for it
/// to listen. Panics, with the server's standard error, when it does not start.
pub async fn start(server: ThirdParty, trust: Trust<'_>) -> Option<Running> {
    start_at(server, trust, None).await
}

/// [`start`] on a given port (`None`: a free one), for a harness told the URL beforehand.
pub async fn start_at(server: ThirdParty, trust: Trust<'_>, port: Option<u16>) -> Option<Running> {
    let (program, script) = match server {
        ThirdParty::Node => {
            let dir = PathBuf::from(interop::installed("MCP_AUTH_HARNESS_NODE_DIR")?);
            (interop::node_program(), dir.join("rs_server.mjs"))
        }
        ThirdParty::Python => {
            let python = interop::installed("MCP_AUTH_HARNESS_PYTHON")?;
            let script =
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../interop/python/rs_server.py");
            (python, script)
        }
    };
    let mut failures = Vec::new();
    for _ in 0..ATTEMPTS {
        match spawn(server, &program, &script, trust, port).await {
            Ok(running) => return Some(running),
            Err(why) => failures.push(why),
        }
    }
    panic!("the {server} server did not start:\n{}", failures.join("\n---\n"));
}

async fn spawn(
    server: ThirdParty,
    program: &str,
    script: &std::path::Path,
    trust: Trust<'_>,
    port: Option<u16>,
) -> Result<Running, String> {
    let port = port.unwrap_or_else(free_loopback_port);
    let mcp_url = format!("http://127.0.0.1:{port}/mcp");
    let mut command = Command::new(program);
    command
        .arg(script)
        .env("MCP_PORT", port.to_string())
        .env("AUTH_ISSUER", trust.issuer)
        .env("INTROSPECTION_URL", trust.introspection_url)
        .env("RESOURCE_URL", &mcp_url)
        .env("REQUIRED_SCOPES", REQUIRED_SCOPE);
    let what = format!("the {server} server ({program} {})", script.display());
    let launched = launch::launch(command, &mcp_url, &what).await?;
    Ok(Running { server, mcp_url, launched })
}

/// Whether the interop environment `variable` names is there (the same skip-or-fail rule
/// as [`start`]).
pub fn interop_available(variable: &str) -> Option<String> {
    interop::installed(variable)
}
