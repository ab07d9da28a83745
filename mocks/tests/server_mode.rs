//! The mocks as server-mode fixtures, over real HTTP: the broken variants of the mock MCP
//! server (`resource_server.flaws`), its introspecting mode, and the token authority.
//!
//! `matrix` is the property server mode rests on, in miniature: one probe per
//! resource-server rule, all passing against the conformant server, and against a server
//! with one flaw exactly the probe for that flaw's requirement failing. `details` pins what
//! each flaw does beyond failing its probe; `introspection` and `authority` cover parts 2
//! and 3.
//!
//! This file holds the shared support: a [`Target`] (a world started as a token authority,
//! a reqwest client, token minting, request builders) and challenge reading with proto.
// Support code for tests: a failed unwrap or index is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[path = "server_mode/authority.rs"]
mod authority;
#[path = "server_mode/details.rs"]
mod details;
#[path = "support/flow.rs"]
mod flow;
#[path = "server_mode/introspection.rs"]
mod introspection;
#[path = "server_mode/matrix.rs"]
mod matrix;
#[path = "server_mode/probes.rs"]
mod probes;

use mcp_auth_mocks::authority::AuthorityView;
use mcp_auth_mocks::config::{MockConfig, RsFlaw};
use mcp_auth_mocks::mint::{AccessTokenSpec, Forgery};
use mcp_auth_mocks::world::{World, WorldOptions};
use mcp_auth_proto::SpecVersion;
use mcp_auth_proto::challenge::{ChallengeAnalysis, ChallengeContext, analyze};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use reqwest::{RequestBuilder, StatusCode};
use serde_json::{Value, json};

/// A mock world under test, started as a token authority.
struct Target {
    world: World,
    authority: AuthorityView,
    http: reqwest::Client,
}

/// A response, read.
#[derive(Debug)]
struct Answer {
    status: u16,
    /// Every `WWW-Authenticate` value.
    challenges: Vec<Vec<u8>>,
    session: Option<String>,
    body: Value,
}

impl Answer {
    /// The challenges read by proto, for a request with or without credentials.
    fn analysis(&self, had_credentials: bool) -> ChallengeAnalysis {
        let fields: Vec<&[u8]> = self.challenges.iter().map(Vec::as_slice).collect();
        let context = ChallengeContext {
            status: self.status,
            request_had_credentials: had_credentials,
            spec_version: SpecVersion::LATEST,
        };
        analyze(&fields, &context)
    }

    /// A Bearer param of the lenient reading (first of duplicates), if there is a Bearer
    /// challenge with it.
    fn param(&self, name: &str) -> Option<String> {
        let analysis = self.analysis(true);
        analysis.bearer().and_then(|b| b.param(name)).map(str::to_owned)
    }

    fn has_bearer_challenge(&self) -> bool {
        self.analysis(true).bearer().is_some()
    }
}

/// The default switchboard with `flaws` on.
fn flawed(flaws: &[RsFlaw]) -> MockConfig {
    let mut config = MockConfig::default();
    config.resource_server.flaws.extend(flaws.iter().copied());
    config
}

impl Target {
    async fn start(config: MockConfig) -> Target {
        let options = WorldOptions { authority: true, ..WorldOptions::default() };
        let world = World::start(config, options).await.unwrap();
        let authority = world.authority().unwrap();
        let http =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Target { world, authority, http }
    }

    async fn with_flaws(flaws: &[RsFlaw]) -> Target {
        Target::start(flawed(flaws)).await
    }

    fn url(&self) -> &str {
        &self.world.mcp_url
    }

    /// `scheme://authority` of the MCP server.
    fn origin(&self) -> String {
        self.url().trim_end_matches("/mcp").to_owned()
    }

    fn prm_url(&self) -> String {
        format!("{}/.well-known/oauth-protected-resource/mcp", self.origin())
    }

    /// A valid token's description: for this server, user `alice`, scope `mcp:tools`.
    fn spec(&self) -> AccessTokenSpec {
        AccessTokenSpec::new(self.url()).subject("alice").client_id("c1").scope(Some("mcp:tools"))
    }

    fn mint(&self, spec: &AccessTokenSpec) -> String {
        self.authority.minter().mint(spec).unwrap().expose().to_owned()
    }

    fn forge(&self, spec: &AccessTokenSpec, forgery: &Forgery) -> String {
        self.authority.minter().forge(spec, forgery).unwrap().expose().to_owned()
    }

    fn valid(&self) -> String {
        self.mint(&self.spec())
    }

    /// A well-formed JWT that no server may accept: a valid token with one payload byte
    /// changed.
    fn invalid(&self) -> String {
        self.forge(&self.spec(), &Forgery::TamperedPayload)
    }

    /// A POST of `body` to the MCP endpoint, no credentials.
    fn post(&self, body: &Value) -> RequestBuilder {
        self.http
            .post(self.url())
            .header(CONTENT_TYPE, "application/json")
            .header("accept", "application/json, text/event-stream")
            .body(body.to_string())
    }

    /// `initialize` (2025-11-25) with this `Authorization` value, if any.
    fn initialize(&self, authorization: Option<&str>) -> RequestBuilder {
        let request = self.post(&initialize());
        match authorization {
            Some(value) => request.header(AUTHORIZATION, value),
            None => request,
        }
    }

    /// A stateless 2026-07-28 `tools/call` of `tool` with `token`.
    fn call(&self, token: &str, tool: &str) -> RequestBuilder {
        let body = json!({
            "jsonrpc": "2.0", "id": 9, "method": "tools/call",
            "params": {
                "name": tool, "arguments": { "text": "x" },
                "_meta": {
                    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
                    "io.modelcontextprotocol/clientCapabilities": {}
                }
            }
        });
        self.post(&body)
            .bearer_auth(token)
            .header("mcp-protocol-version", "2026-07-28")
            .header("mcp-method", "tools/call")
            .header("mcp-name", tool)
    }

    async fn send(&self, request: RequestBuilder) -> Answer {
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let challenges = response
            .headers()
            .get_all(WWW_AUTHENTICATE)
            .iter()
            .map(|v| v.as_bytes().to_vec())
            .collect();
        let session =
            response.headers().get("mcp-session-id").map(|v| v.to_str().unwrap().to_owned());
        let bytes = response.bytes().await.unwrap();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer { status, challenges, session, body }
    }

    /// The status of `initialize` with `Bearer token`.
    async fn status_with(&self, token: &str) -> u16 {
        self.send(self.initialize(Some(&format!("Bearer {token}")))).await.status
    }

    /// `initialize` with `token`, then the session id (`None` unless it succeeded).
    async fn open_session(&self, token: &str) -> Option<String> {
        let answer = self.send(self.initialize(Some(&format!("Bearer {token}")))).await;
        if answer.status != 200 {
            return None;
        }
        let session = answer.session?;
        let note = json!({ "jsonrpc": "2.0", "method": "notifications/initialized" });
        let ack = self.send(self.post(&note).bearer_auth(token).header("mcp-session-id", &session));
        assert_eq!(ack.await.status, 202);
        Some(session)
    }

    /// `tools/list` in `session`, with `token` if any.
    fn list_in(&self, session: &str, token: Option<&str>) -> RequestBuilder {
        let body = json!({ "jsonrpc": "2.0", "id": 2, "method": "tools/list", "params": {} });
        let request = self.post(&body).header("mcp-session-id", session);
        match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    async fn shutdown(self) {
        self.world.shutdown().await;
    }
}

fn initialize() -> Value {
    json!({
        "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {
            "protocolVersion": "2025-11-25",
            "capabilities": {},
            "clientInfo": { "name": "server-mode-test", "version": "1" }
        }
    })
}

#[tokio::test]
async fn the_target_support_works_against_the_conformant_server() {
    let t = Target::start(MockConfig::default()).await;
    assert_eq!(t.status_with(&t.valid()).await, 200);
    assert_eq!(t.status_with(&t.invalid()).await, 401);
    let session = t.open_session(&t.valid()).await.unwrap();
    assert_eq!(t.send(t.list_in(&session, Some(&t.valid()))).await.status, 200);
    let echo = t.send(t.call(&t.valid(), "echo")).await;
    assert_eq!(echo.status, 200, "{echo:?}");
    assert_eq!(echo.body["result"]["content"][0]["text"], "x");
    assert_eq!(t.send(t.call(&t.valid(), "write")).await.status, 403);
    let prm = t.http.get(t.prm_url()).send().await.unwrap();
    assert_eq!(prm.status(), StatusCode::OK);
    t.shutdown().await;
}
