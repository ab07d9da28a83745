//! `mocks serve` as a child process for CLI tests: started with an optional switchboard,
//! read up to its banner (the MCP URL and the main issuer), drained afterwards so it never
//! blocks on a full pipe, and stopped when dropped.
//!
//! Include with `#[path = "support/served.rs"] mod served;`.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use assert_cmd::cargo::cargo_bin;

/// A running `mocks serve`.
pub struct Served {
    child: std::process::Child,
    /// The MCP endpoint it printed.
    pub mcp_url: String,
    /// The issuer of its `main` authorization server.
    pub issuer: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `mocks serve` (stopping by itself after two minutes at the latest).
pub fn serve(config: Option<&std::path::Path>) -> Served {
    let mut command = Command::new(cargo_bin("mcp-auth-harness"));
    command.args(["mocks", "serve", "--stop-after", "120"]);
    if let Some(config) = config {
        command.arg("--config").arg(config);
    }
    let mut child = command.stdout(Stdio::piped()).spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut mcp_url, mut issuer) = (None, None);
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(u) = line.split("point your client here): ").nth(1) {
            mcp_url = Some(u.to_owned());
        }
        if line.contains("authorization server main") {
            issuer = line.split("issuer ").nth(1).map(str::to_owned);
        }
        if line.starts_with("journal") {
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    Served {
        child,
        mcp_url: mcp_url.expect("serve printed no MCP URL"),
        issuer: issuer.expect("serve printed no issuer"),
    }
}

/// The harness binary, ready for arguments.
pub fn harness() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("mcp-auth-harness").unwrap()
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
