//! Two real third-party MCP resource servers, the TypeScript SDK's auth middleware
//! (`interop/node/rs_server.mjs`) and the Python SDK's (`interop/python/rs_server.py`), each
//! trusting the mock world's main authorization server (its issuer and its RFC 7662
//! introspection endpoint), judged on the wire with tokens minted by that server's key.
//!
//! These pin what holds for both SDKs today, the ground server mode then checks in depth:
//! the anonymous challenge (RS-401-NOAUTH, RS-401-WWWAUTH, RS-401-RESOURCE-METADATA), the
//! metadata it points at (RS-PRM-RESOURCE, RS-PRM-AS-NONEMPTY), the positive control
//! (RS-TOKEN-VALID), expiry (RS-TOKEN-EXPIRED), a foreign audience (RS-TOKEN-AUDIENCE) and a
//! missing scope (RS-403-INSUFFICIENT-SCOPE). What the SDKs get wrong is deliberately not
//! asserted here; server mode reports it.
//!
//! `scripts/test-all` installs both SDKs and sets `MCP_AUTH_HARNESS_NODE_DIR` and
//! `MCP_AUTH_HARNESS_PYTHON`; without them the tests say so and do nothing, unless
//! `MCP_AUTH_HARNESS_REQUIRE_INTEROP` or `CI` is set.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr,
    clippy::indexing_slicing
)]

#[path = "support/third_party.rs"]
mod third_party;

use std::time::Duration;

use mcp_auth_mocks::config::MockConfig;
use mcp_auth_mocks::mint::{AccessTokenSpec, Minter};
use mcp_auth_mocks::world::{World, WorldOptions};
use mcp_auth_proto::challenge::{self, Challenge};
use reqwest::header::HeaderMap;
use serde_json::{Value, json};
use third_party::{Running, ThirdParty};

/// The scope both servers require on every request.
const SCOPE: &str = third_party::REQUIRED_SCOPE;

fn initialize() -> Value {
    json!({
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "mcp-auth-harness", "version": "0"}
        }
    })
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Every `WWW-Authenticate` field, read by the protocol core's strict parser.
    fn challenges(&self) -> Vec<Challenge> {
        let fields: Vec<&[u8]> =
            self.headers.get_all("www-authenticate").iter().map(|v| v.as_bytes()).collect();
        assert!(!fields.is_empty(), "no WWW-Authenticate on a {} answer", self.status);
        challenge::parse_strict(&fields)
            .unwrap_or_else(|e| panic!("WWW-Authenticate does not parse ({e}): {fields:?}"))
    }

    fn bearer(&self) -> Challenge {
        let challenges = self.challenges();
        challenges
            .iter()
            .find(|c| c.is_bearer())
            .cloned()
            .unwrap_or_else(|| panic!("no Bearer challenge in {challenges:?}"))
    }

    /// The JSON-RPC response with id 1, from a JSON body or from a Streamable HTTP SSE
    /// stream (`text/event-stream`: events separated by blank lines, `data:` lines joined).
    fn json_rpc(&self) -> Value {
        let content_type = self
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !content_type.starts_with("text/event-stream") {
            return serde_json::from_slice(&self.body)
                .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()));
        }
        let text = self.text().replace("\r\n", "\n");
        text.split("\n\n")
            .filter_map(|event| {
                let data: Vec<&str> = event
                    .lines()
                    .filter_map(|l| l.strip_prefix("data:"))
                    .map(|d| d.strip_prefix(' ').unwrap_or(d))
                    .collect();
                serde_json::from_str::<Value>(&data.join("\n")).ok()
            })
            .find(|message| message["id"] == 1)
            .unwrap_or_else(|| panic!("no JSON-RPC response with id 1 in the stream: {text}"))
    }
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

async fn read(response: reqwest::Response) -> Reply {
    Reply {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.bytes().await.unwrap().to_vec(),
    }
}

/// POST initialize to the server, with `Authorization: Bearer token` when given.
async fn post_initialize(server: &Running, token: Option<&str>) -> Reply {
    let mut request = http()
        .post(&server.mcp_url)
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .body(initialize().to_string());
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    read(request.send().await.unwrap()).await
}

fn mint(minter: &Minter, spec: &AccessTokenSpec) -> String {
    minter.mint(spec).unwrap().expose().to_owned()
}

/// Starts a mock world and `sdk`'s server trusting the world's main authorization server,
/// or `None` when the SDK is not installed and the test may skip.
async fn setup(sdk: ThirdParty) -> Option<(World, Running)> {
    let world = World::start(MockConfig::default(), WorldOptions::default()).await.unwrap();
    let issuer = world.issuer().to_owned();
    let introspection_url = format!("{issuer}/introspect");
    let server = match sdk {
        ThirdParty::Node => third_party::start_node_rs(&issuer, &introspection_url).await?,
        ThirdParty::Python => third_party::start_python_rs(&issuer, &introspection_url).await?,
    };
    Some((world, server))
}

async fn judge(sdk: ThirdParty) {
    let Some((world, server)) = setup(sdk).await else { return };
    let minter = world.minter("main").unwrap();
    let context = |what: &str, reply: &Reply| {
        format!(
            "{sdk}: {what}: {} {}\n--- server stderr:\n{}\n--- mock journal:\n{}",
            reply.status,
            reply.text(),
            server.log(),
            world.journal.render()
        )
    };

    // RS-401-NOAUTH, RS-401-WWWAUTH, RS-401-RESOURCE-METADATA: the anonymous challenge.
    let anonymous = post_initialize(&server, None).await;
    assert_eq!(anonymous.status, 401, "{}", context("anonymous initialize", &anonymous));
    let prm_url = format!("{}/.well-known/oauth-protected-resource/mcp", server.origin());
    assert_eq!(anonymous.bearer().param("resource_metadata"), Some(prm_url.as_str()));

    // RS-PRM-RESOURCE, RS-PRM-AS-NONEMPTY: the document the challenge points at names this
    // resource exactly and the trusted issuer exactly (no trailing slash added).
    let prm = read(http().get(&prm_url).send().await.unwrap()).await;
    assert_eq!(prm.status, 200, "{}", context("PRM", &prm));
    let prm: Value = serde_json::from_slice(&prm.body).unwrap();
    assert_eq!(prm["resource"], server.mcp_url.as_str(), "{sdk}: {prm}");
    assert_eq!(prm["authorization_servers"], json!([world.issuer()]), "{sdk}: {prm}");

    // RS-TOKEN-VALID: the positive control every negative row depends on.
    let valid = mint(minter, &AccessTokenSpec::new(&server.mcp_url).scope(Some(SCOPE)));
    let accepted = post_initialize(&server, Some(&valid)).await;
    assert!(
        (200..300).contains(&accepted.status),
        "{}",
        context("initialize with a valid token", &accepted)
    );
    let response = accepted.json_rpc();
    assert!(response["result"]["protocolVersion"].is_string(), "{sdk}: {response}");
    assert!(response.get("error").is_none(), "{sdk}: {response}");

    // RS-TOKEN-EXPIRED: ten minutes past `exp` (introspection already calls it inactive),
    // and one second past (inside the mock's 30 s leeway, so introspection still answers
    // active with the past `exp`: only the SDK's own expiry check can refuse it).
    for seconds_ago in [600, 1] {
        let spec =
            AccessTokenSpec::new(&server.mcp_url).scope(Some(SCOPE)).lifetime_seconds(-seconds_ago);
        let expired = post_initialize(&server, Some(&mint(minter, &spec))).await;
        let what = format!("token expired {seconds_ago} s ago");
        assert_eq!(expired.status, 401, "{}", context(&what, &expired));
        assert_eq!(expired.bearer().param("error"), Some("invalid_token"), "{sdk}: {what}");
    }

    // RS-TOKEN-AUDIENCE: valid in every other respect, issued for another server.
    let spec = AccessTokenSpec::new("https://other.example/mcp").scope(Some(SCOPE));
    let foreign = post_initialize(&server, Some(&mint(minter, &spec))).await;
    assert_eq!(foreign.status, 401, "{}", context("foreign audience", &foreign));

    // RS-403-INSUFFICIENT-SCOPE: valid, for this server, without the scope it requires.
    let unscoped = mint(minter, &AccessTokenSpec::new(&server.mcp_url));
    let refused = post_initialize(&server, Some(&unscoped)).await;
    assert_eq!(refused.status, 403, "{}", context("token without the required scope", &refused));
    assert_eq!(refused.bearer().param("error"), Some("insufficient_scope"), "{sdk}");

    drop(server);
    world.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typescript_sdk_resource_server_trusting_the_mock_authorization_server() {
    judge(ThirdParty::Node).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_sdk_resource_server_trusting_the_mock_authorization_server() {
    judge(ThirdParty::Python).await;
}
