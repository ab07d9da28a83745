//! A real third-party OAuth client, the Python MCP SDK's `OAuthClientProvider` (PyPI `mcp`,
//! pinned in `interop/python/requirements.txt`), completes the flow against the
//! conformant mocks; and refuses a mock authorization server that lies about `iss`.
//!
//! `scripts/test-all` installs the SDK into a virtual environment and points
//! `MCP_AUTH_HARNESS_PYTHON` at its interpreter. Without that variable the tests say so and
//! do nothing, except under CI or `MCP_AUTH_HARNESS_REQUIRE_INTEROP`, where a missing
//! interpreter is a failure.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::print_stderr)]

use std::path::PathBuf;

use mcp_auth_mocks::config::{AsConfig, IssParameter, MockConfig};
use mcp_auth_mocks::journal::Listener;
use mcp_auth_mocks::world::{World, WorldOptions};
use serde_json::Value;

#[path = "support/interop.rs"]
mod interop;

fn python() -> Option<String> {
    interop::installed("MCP_AUTH_HARNESS_PYTHON")
}

async fn drive(python: &str, mcp_url: &str) -> (i32, Value) {
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../interop/python/oauth_client.py");
    interop::run_driver(python, &[script.as_os_str(), mcp_url.as_ref()]).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_python_sdk_client_completes_the_flow_against_conformant_mocks() {
    let Some(python) = python() else { return };
    let world = World::start(MockConfig::default(), WorldOptions::default()).await.unwrap();
    let (code, outcome) = drive(&python, &world.mcp_url).await;
    assert_eq!(code, 0, "{outcome}\n{}", world.journal.render());
    assert_eq!(outcome["result"][0], "hello from python", "{outcome}");
    assert_eq!(outcome["tools"], serde_json::json!(["echo", "write"]));
    interop::assert_one_bound_token_request(&world);
    world.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_python_sdk_client_refuses_a_foreign_iss() {
    let Some(python) = python() else { return };
    let config = MockConfig {
        authorization_server: AsConfig {
            iss_parameter: IssParameter::Value("https://evil.example".into()),
            ..AsConfig::default()
        },
        ..MockConfig::default()
    };
    let world = World::start(config, WorldOptions::default()).await.unwrap();
    let (code, outcome) = drive(&python, &world.mcp_url).await;
    let token_requests = world.journal.filter(|e| e.path().ends_with("/token"));
    assert_eq!(code, 1, "{outcome}");
    let error = outcome["error"].as_str().unwrap_or_default().to_lowercase();
    assert!(error.contains("iss"), "refused for another reason: {error}");
    assert!(token_requests.is_empty(), "the SDK redeemed a code despite iss mismatch");
    assert!(
        world
            .journal
            .to(&Listener::ResourceServer)
            .iter()
            .all(|e| e.header("authorization").is_none())
    );
    world.shutdown().await;
}
