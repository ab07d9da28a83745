//! A real third-party authorization server, npm `oidc-provider` (`interop/node/oidc_as.mjs`),
//! launched on a free loopback port for a test, and its consent command
//! (`interop/node/consent.mjs`), which walks the auto-approved login and consent pages and
//! prints the callback URL, the way `mcp-auth-harness authz --consent-command` runs it.
//!
//! Where the Node installation is comes from `MCP_AUTH_HARNESS_NODE_DIR` (set by
//! `scripts/test-all`); when it is missing, the mocks' interop rule decides between a skip
//! and a failure ([`interop::installed`]).
//!
//! Include with `#[path = "support/oidc.rs"] mod oidc;`.

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
use std::process::Stdio;
use std::time::Duration;

pub use launch::free_loopback_port;
use launch::{ATTEMPTS, Launched};
use tokio::process::Command;

/// What the consent command is told as its own bound (`--timeout`), and a little more is
/// what the test waits before calling it hung.
pub const CONSENT_TIMEOUT: Duration = Duration::from_secs(20);

/// The scope the server offers for every resource it accepts (`AS_SCOPES`).
pub const SCOPE: &str = "mcp:tools";

/// A running `oidc-provider`; dropping it kills the server's whole process group.
pub struct OidcProvider {
    /// `http://127.0.0.1:PORT`, no trailing slash: the issuer identifier and the origin.
    pub issuer: String,
    node_dir: PathBuf,
    launched: Launched,
}

impl fmt::Debug for OidcProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OidcProvider")
            .field("issuer", &self.issuer)
            .field("pid", &self.launched.pid())
            .finish_non_exhaustive()
    }
}

/// What one run of the consent command did.
#[derive(Debug)]
pub struct ConsentRun {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl ConsentRun {
    /// The last line of standard output: the callback URL, by the command's contract.
    pub fn last_line(&self) -> Option<&str> {
        self.stdout.lines().last()
    }
}

impl OidcProvider {
    /// What the server wrote on standard error so far (the last [`LOG_CAP`] bytes or so).
    pub fn log(&self) -> String {
        self.launched.log()
    }

    /// `{issuer}{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.issuer)
    }

    /// The consent command, as `authz --consent-command` would be given it: the program
    /// and its arguments; the authorization URL goes after them.
    pub fn consent_command(&self) -> Vec<String> {
        vec![
            interop::node_program(),
            self.node_dir.join("consent.mjs").display().to_string(),
            "--timeout".to_owned(),
            CONSENT_TIMEOUT.as_secs().to_string(),
        ]
    }

    /// Runs the consent command on `authorization_url`; panics if it outlives its own
    /// bound by more than a few seconds.
    pub async fn consent(&self, authorization_url: &str) -> ConsentRun {
        let command = self.consent_command();
        let child = Command::new(&command[0])
            .args(&command[1..])
            .arg(authorization_url)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
        let output = tokio::time::timeout(
            CONSENT_TIMEOUT + Duration::from_secs(10),
            child.wait_with_output(),
        )
        .await
        .unwrap_or_else(|_| panic!("the consent command hung past its own bound"))
        .unwrap();
        ConsentRun {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// Starts `oidc-provider` on a free loopback port with `env` added to its environment
/// (`AS_SCOPES` is always [`SCOPE`]), and waits at most [`READY_TIMEOUT`] for it. `None`
/// when Node is not installed and the test may skip; panics, with the server's standard
/// error, when it does not start.
pub async fn start(env: &[(&str, &str)]) -> Option<OidcProvider> {
    let node_dir = PathBuf::from(interop::installed("MCP_AUTH_HARNESS_NODE_DIR")?);
    let mut failures = Vec::new();
    for _ in 0..ATTEMPTS {
        match spawn(&node_dir, env).await {
            Ok(running) => return Some(running),
            Err(why) => failures.push(why),
        }
    }
    panic!("oidc-provider did not start:\n{}", failures.join("\n---\n"));
}

async fn spawn(node_dir: &std::path::Path, env: &[(&str, &str)]) -> Result<OidcProvider, String> {
    let port = free_loopback_port();
    let script = node_dir.join("oidc_as.mjs");
    let program = interop::node_program();
    let mut command = Command::new(&program);
    command
        .arg(&script)
        .env("AS_PORT", port.to_string())
        .env("AS_SCOPES", SCOPE)
        // Only what the test asks for: a variable left in the developer's shell must not
        // change the server under test.
        .env_remove("AS_RESOURCES")
        .env_remove("AS_MCP_REDIRECT_POLICY")
        .env_remove("AS_ACCESS_TOKEN_FORMAT")
        .envs(env.iter().copied());
    let issuer = format!("http://127.0.0.1:{port}");
    let what = format!("oidc-provider ({program} {})", script.display());
    let launched = launch::launch(command, &issuer, &what).await?;
    Ok(OidcProvider { issuer, node_dir: node_dir.to_path_buf(), launched })
}
