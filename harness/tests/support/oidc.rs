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

use std::fmt;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::process::{Child, Command};

/// From spawn to `READY`: Node starts in about a second, plus two key pairs generated at
/// start; a loaded 2-core machine takes longer.
pub const READY_TIMEOUT: Duration = Duration::from_secs(30);

/// What the consent command is told as its own bound (`--timeout`), and a little more is
/// what the test waits before calling it hung.
pub const CONSENT_TIMEOUT: Duration = Duration::from_secs(20);

/// Attempts to start the server: the free port is found by binding and releasing it, so
/// another process may take it in between.
const ATTEMPTS: usize = 3;

/// The scope the server offers for every resource it accepts (`AS_SCOPES`).
pub const SCOPE: &str = "mcp:tools";

/// Standard error kept per server, for failure messages (the tail is what matters).
const LOG_CAP: usize = 64 * 1024;

/// A running `oidc-provider`; dropping it kills the server's whole process group.
pub struct OidcProvider {
    /// `http://127.0.0.1:PORT`, no trailing slash: the issuer identifier and the origin.
    pub issuer: String,
    node_dir: PathBuf,
    child: Child,
    stderr: Arc<Mutex<String>>,
}

impl fmt::Debug for OidcProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OidcProvider")
            .field("issuer", &self.issuer)
            .field("pid", &self.child.id())
            .finish_non_exhaustive()
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        // The server leads its own process group (see `spawn`); `kill_on_drop` covers the
        // child itself should the group kill fail.
        if let Some(pid) = self.child.id() {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", "--", &format!("-{pid}")])
                .stderr(Stdio::null())
                .status();
        }
        let _ = self.child.start_kill();
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
        self.stderr.lock().unwrap_or_else(PoisonError::into_inner).clone()
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

pub fn free_loopback_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Keeps reading `stream` until it ends, appending to `log` when given (capped).
fn drain(stream: impl AsyncRead + Unpin + Send + 'static, log: Option<Arc<Mutex<String>>>) {
    tokio::spawn(async move {
        let mut lines = BufReader::new(stream).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            if let Some(log) = &log {
                let mut log = log.lock().unwrap_or_else(PoisonError::into_inner);
                if log.len() > LOG_CAP {
                    let cut = log.len() - LOG_CAP / 2;
                    let cut = (cut..log.len()).find(|&i| log.is_char_boundary(i)).unwrap_or(0);
                    log.drain(..cut);
                }
                log.push_str(&line);
                log.push('\n');
            }
        }
    });
}

async fn spawn(node_dir: &std::path::Path, env: &[(&str, &str)]) -> Result<OidcProvider, String> {
    let port = free_loopback_port();
    let script = node_dir.join("oidc_as.mjs");
    let program = interop::node_program();
    let mut child = Command::new(&program)
        .arg(&script)
        .env("AS_PORT", port.to_string())
        .env("AS_SCOPES", SCOPE)
        // Only what the test asks for: a variable left in the developer's shell must not
        // change the server under test.
        .env_remove("AS_RESOURCES")
        .env_remove("AS_MCP_REDIRECT_POLICY")
        .env_remove("AS_ACCESS_TOKEN_FORMAT")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program} {}: {e}", script.display()));
    let stderr = Arc::new(Mutex::new(String::new()));
    drain(child.stderr.take().unwrap(), Some(stderr.clone()));
    let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
    let issuer = format!("http://127.0.0.1:{port}");
    let mut running = OidcProvider { issuer, node_dir: node_dir.to_path_buf(), child, stderr };

    let ready = tokio::time::timeout(READY_TIMEOUT, async {
        while let Ok(Some(line)) = stdout.next_line().await {
            if let Some(url) = line.strip_prefix("READY ") {
                return Some(url.trim().to_owned());
            }
        }
        None
    })
    .await;
    match ready {
        Ok(Some(url)) if url == running.issuer => {
            drain(stdout.into_inner(), None);
            Ok(running)
        }
        Ok(Some(url)) => panic!("oidc-provider says it listens at {url}, not {}", running.issuer),
        Ok(None) => {
            let status = running.child.wait().await.ok();
            // Let the stderr reader catch up with what the process wrote before exiting.
            tokio::time::sleep(Duration::from_millis(100)).await;
            Err(format!("exited ({status:?}) before READY; stderr:\n{}", running.log()))
        }
        Err(_) => Err(format!(
            "no READY line within {} s; stderr:\n{}",
            READY_TIMEOUT.as_secs(),
            running.log()
        )),
    }
}
