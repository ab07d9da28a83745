//! Launching a third-party server for a test: its own process group (so dropping it
//! kills everything it started), standard error kept (capped) for failure messages, and a
//! bounded wait for the `READY <url>` line every interop server prints.
//!
//! Included by the launchers (`third_party.rs`, `oidc.rs`) with
//! `#[path = "launch.rs"] mod launch;`.

#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use std::process::Stdio;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::process::{Child, Command};

/// How long a server may take from spawn to its `READY` line (Node and Python start in
/// about a second; a cold import cache on a loaded 2-core machine takes longer).
pub const READY_TIMEOUT: Duration = Duration::from_secs(30);

/// Attempts to start a server before giving up: a free port is found by binding and
/// releasing it, so another process may take it in between.
pub const ATTEMPTS: usize = 3;

/// Standard error kept per server, for failure messages (the tail is what matters).
const LOG_CAP: usize = 64 * 1024;

/// A running server; dropping it kills its whole process group.
pub struct Launched {
    child: Child,
    stderr: Arc<Mutex<String>>,
}

impl Launched {
    /// What the server wrote on standard error so far (the last [`LOG_CAP`] bytes or so).
    pub fn log(&self) -> String {
        self.stderr.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }
}

impl Drop for Launched {
    fn drop(&mut self) {
        // The server leads its own process group (see `launch`), so this also reaches
        // anything it started; `kill_on_drop` covers the child should the group kill fail.
        if let Some(pid) = self.child.id() {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", "--", &format!("-{pid}")])
                .stderr(Stdio::null())
                .status();
        }
        let _ = self.child.start_kill();
    }
}

pub fn free_loopback_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Spawns `command` and waits (at most [`READY_TIMEOUT`]) for `READY <url>`. `Err` when it
/// exits or stays silent (worth another attempt on another port); a panic when it says it
/// listens somewhere other than `url`.
pub async fn launch(mut command: Command, url: &str, what: &str) -> Result<Launched, String> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    let stderr = Arc::new(Mutex::new(String::new()));
    drain(child.stderr.take().unwrap(), Some(stderr.clone()));
    let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut launched = Launched { child, stderr };
    let ready = tokio::time::timeout(READY_TIMEOUT, async {
        while let Ok(Some(line)) = stdout.next_line().await {
            if let Some(ready) = line.strip_prefix("READY ") {
                return Some(ready.trim().to_owned());
            }
        }
        None
    })
    .await;
    match ready {
        Ok(Some(ready)) if ready == url => {
            drain(stdout.into_inner(), None);
            Ok(launched)
        }
        Ok(Some(ready)) => panic!("{what} says it listens at {ready}, not {url}"),
        Ok(None) => {
            let status = launched.child.wait().await.ok();
            // Let the stderr reader catch up with what the process wrote before exiting.
            tokio::time::sleep(Duration::from_millis(100)).await;
            Err(format!("exited ({status:?}) before READY; stderr:\n{}", launched.log()))
        }
        Err(_) => Err(format!(
            "no READY line within {} s; stderr:\n{}",
            READY_TIMEOUT.as_secs(),
            launched.log()
        )),
    }
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
