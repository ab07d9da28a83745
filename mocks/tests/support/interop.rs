//! Running a third-party driver (a script around another SDK's OAuth client) against the
//! mocks: where it is installed, and its one-line JSON outcome.
//!
//! Also included by the harness's tests (`harness/tests/support/third_party.rs`), which
//! launch the same installations as resource servers: one place decides when a missing
//! installation is a skip and when it is a failure.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr,
    clippy::indexing_slicing
)]

use std::process::Stdio;
use std::time::Duration;

use mcp_auth_mocks::world::World;
use serde_json::Value;

/// Set (by `scripts/test-all`) to make a missing installation a failure rather than a skip.
pub const REQUIRE_INTEROP: &str = "MCP_AUTH_HARNESS_REQUIRE_INTEROP";

/// The value of `variable` (set by `scripts/test-all`), or `None` when the test must skip:
/// allowed on a developer's machine, a failure when [`REQUIRE_INTEROP`] or `CI` is set.
pub fn installed(variable: &str) -> Option<String> {
    match std::env::var(variable) {
        Ok(v) if !v.is_empty() => Some(v),
        _ if std::env::var_os(REQUIRE_INTEROP).is_some() || std::env::var_os("CI").is_some() => {
            panic!(
                "{variable} must be set when {REQUIRE_INTEROP} or CI is (scripts/test-all sets it)"
            )
        }
        _ => {
            eprintln!("skipped: {variable} is not set (run scripts/test-all)");
            None
        }
    }
}

/// The `node` to run: `MCP_AUTH_HARNESS_NODE` when set, else `node` on the `PATH`.
pub fn node_program() -> String {
    std::env::var("MCP_AUTH_HARNESS_NODE")
        .ok()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "node".to_owned())
}

/// Runs `program args...`, bounded to 90 s, and returns its exit code and the JSON object
/// on the last line of its standard output.
pub async fn run_driver(program: &str, args: &[&std::ffi::OsStr]) -> (i32, Value) {
    let child = tokio::process::Command::new(program)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    let output = tokio::time::timeout(Duration::from_secs(90), child.wait_with_output())
        .await
        .unwrap_or_else(|_| panic!("{program} hung"))
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().last().unwrap_or_default();
    let outcome: Value = serde_json::from_str(line).unwrap_or_else(|_| {
        panic!(
            "no JSON outcome; stdout: {stdout}; stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), outcome)
}

/// The flow went through exactly one token request, and it carried `resource` = the MCP
/// URL (RFC 8707, MCP 2025-06-18+) and a PKCE `code_verifier`.
pub fn assert_one_bound_token_request(world: &World) {
    let token_requests = world.journal.filter(|e| e.path().ends_with("/token"));
    assert_eq!(token_requests.len(), 1, "{}", world.journal.render());
    let form = token_requests[0].form_params();
    assert!(form.iter().any(|(k, v)| k == "resource" && v == &world.mcp_url), "{form:?}");
    assert!(form.iter().any(|(k, _)| k == "code_verifier"));
}
