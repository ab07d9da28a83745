//! A real third-party OAuth client, the TypeScript MCP SDK's client auth (npm
//! `@modelcontextprotocol/sdk`, pinned in `interop/node/package-lock.json`: an
//! `OAuthClientProvider` with `StreamableHTTPClientTransport`), completes the flow against the
//! conformant mocks; and refuses Protected Resource Metadata naming another origin's resource.
//!
//! `scripts/test-all` installs the SDK with `npm ci --prefix interop/node` and points
//! `MCP_AUTH_HARNESS_NODE_DIR` at that directory (`MCP_AUTH_HARNESS_NODE` may name the `node`
//! binary; `node` on the `PATH` otherwise). Without the directory variable the tests say so and
//! do nothing, except under CI or `MCP_AUTH_HARNESS_REQUIRE_INTEROP`, where a missing
//! installation is a failure.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::print_stderr)]

use std::path::PathBuf;

use mcp_auth_mocks::config::{DocumentEdits, MockConfig, RsConfig};
use mcp_auth_mocks::journal::Listener;
use mcp_auth_mocks::world::{World, WorldOptions};
use serde_json::Value;

#[path = "support/interop.rs"]
mod interop;

/// The installed driver directory (with `node_modules`), or `None` when the tests must skip.
fn node_dir() -> Option<PathBuf> {
    interop::installed("MCP_AUTH_HARNESS_NODE_DIR").map(PathBuf::from)
}

async fn drive(dir: &std::path::Path, mcp_url: &str) -> (i32, Value) {
    let node = interop::node_program();
    let script = dir.join("oauth_client.mjs");
    interop::run_driver(&node, &[script.as_os_str(), mcp_url.as_ref()]).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_typescript_sdk_client_completes_the_flow_against_conformant_mocks() {
    let Some(dir) = node_dir() else { return };
    let world = World::start(MockConfig::default(), WorldOptions::default()).await.unwrap();
    let (code, outcome) = drive(&dir, &world.mcp_url).await;
    assert_eq!(code, 0, "{outcome}\n{}", world.journal.render());
    assert_eq!(outcome["result"][0], "hello from node", "{outcome}");
    assert_eq!(outcome["tools"], serde_json::json!(["echo", "write"]));
    interop::assert_one_bound_token_request(&world);
    world.shutdown().await;
}

/// RFC 9728 §3.3 (C-PRM-RESOURCE-MATCH): PRM whose `resource` is on another origin must not
/// be used. SDK 1.32.2 refuses before registering, authorizing or asking for a token. (It
/// does fetch the metadata of the authorization server that document names before it
/// checks `resource`; this test does not assert on that request.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_typescript_sdk_client_refuses_a_foreign_prm_resource() {
    let Some(dir) = node_dir() else { return };
    let mut prm = DocumentEdits::default();
    prm.set.insert("resource".into(), "https://evil.example/mcp".into());
    let config = MockConfig {
        resource_server: RsConfig { prm, ..RsConfig::default() },
        ..MockConfig::default()
    };
    let world = World::start(config, WorldOptions::default()).await.unwrap();
    let (code, outcome) = drive(&dir, &world.mcp_url).await;
    assert_eq!(code, 1, "{outcome}\n{}", world.journal.render());
    let error = outcome["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("https://evil.example/mcp") && error.contains("does not match"),
        "refused for another reason: {error}"
    );
    let used = world
        .journal
        .filter(|e| ["/register", "/authorize", "/token"].iter().any(|p| e.path().ends_with(p)));
    assert!(used.is_empty(), "the SDK used the foreign PRM:\n{}", world.journal.render());
    assert!(
        world
            .journal
            .to(&Listener::ResourceServer)
            .iter()
            .all(|e| e.header("authorization").is_none())
    );
    world.shutdown().await;
}
