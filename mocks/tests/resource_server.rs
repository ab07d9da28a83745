//! The mock MCP server over real HTTP: started on `127.0.0.1:0` with a fake token verifier
//! (a table of tokens), driven with reqwest, judged with the proto crate's own parsers and
//! validators.
//!
//! This file holds the shared support (the fake verifier, the server on a random port,
//! request helpers, challenge judging); the tests are in topic modules.
// Support code for tests: a failed unwrap or index is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[path = "resource_server/credentials.rs"]
mod credentials;
#[path = "resource_server/discovery.rs"]
mod discovery;
#[path = "resource_server/handshake.rs"]
mod handshake;
#[path = "resource_server/official.rs"]
mod official;
#[path = "resource_server/scopes.rs"]
mod scopes;
#[path = "resource_server/stateless.rs"]
mod stateless;
#[path = "resource_server/switchboard.rs"]
mod switchboard;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use mcp_auth_mocks::config::{
    DocumentEdits, Endpoint, MalformedResponse, Migration, PrmLocation, RsConfig,
};
use mcp_auth_mocks::journal::{Journal, Listener};
use mcp_auth_mocks::resource_server::{ResourceServer, RsSetup};
use mcp_auth_mocks::verify::{
    AccessTokenVerifier, TokenRejection, VerifiedToken, VerifyFuture, VerifyRequest,
};
use mcp_auth_proto::challenge::{ChallengeContext, analyze};
use mcp_auth_proto::documents::prm::{PrmContext, ProtectedResourceMetadata, validate};
use mcp_auth_proto::scope::Scope;
use mcp_auth_proto::{Level, SpecVersion};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

const AS_MAIN: &str = "https://as.example.test";
const AS_OTHER: &str = "https://as2.example.test/tenant1";
const PRM_PATH: &str = "/.well-known/oauth-protected-resource/mcp";

/// Tokens by value; a token for another resource is refused with `Audience`, so the test
/// also shows the server passes its own identifier.
struct FakeVerifier {
    resource: String,
    tokens: HashMap<&'static str, VerifiedToken>,
}

impl AccessTokenVerifier for FakeVerifier {
    fn verify<'a>(&'a self, request: VerifyRequest<'a>) -> VerifyFuture<'a> {
        let verdict = if request.resource != self.resource {
            Err(TokenRejection::Audience)
        } else {
            self.tokens.get(request.token).cloned().ok_or(TokenRejection::Inactive)
        };
        Box::pin(std::future::ready(verdict))
    }
}

fn verified(issuer: &str, subject: &str, scope: &str) -> VerifiedToken {
    VerifiedToken {
        issuer: issuer.to_owned(),
        subject: subject.to_owned(),
        client_id: "client".to_owned(),
        scope: Scope::from_tokens(scope.split_whitespace()),
        expires_at: u64::MAX,
    }
}

struct Mock {
    server: ResourceServer,
    base: String,
    resource: String,
    journal: Journal,
    http: reqwest::Client,
}

async fn start(config: RsConfig) -> Mock {
    start_with(config, Vec::new()).await
}

async fn start_with(config: RsConfig, malformed: Vec<(Endpoint, MalformedResponse)>) -> Mock {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let resource = format!("{base}/mcp");
    let tokens = HashMap::from([
        ("tok-tools", verified(AS_MAIN, "alice", "mcp:tools")),
        ("tok-all", verified(AS_MAIN, "alice", "mcp:tools mcp:write")),
        ("tok-bob", verified(AS_MAIN, "bob", "mcp:tools mcp:write")),
        ("tok-other", verified(AS_OTHER, "alice", "mcp:tools mcp:write")),
    ]);
    let journal = Journal::new();
    let server = ResourceServer::new(RsSetup {
        resource: resource.clone(),
        config,
        authorization_servers: vec![
            ("main".to_owned(), AS_MAIN.to_owned()),
            ("other".to_owned(), AS_OTHER.to_owned()),
        ],
        verifier: Arc::new(FakeVerifier { resource: resource.clone(), tokens }),
        malformed,
        journal: journal.clone(),
    });
    let router = server.router();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let http =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    Mock { server, base, resource, journal, http }
}

impl Mock {
    fn request(
        &self,
        token: Option<&str>,
        session: Option<&str>,
        body: &Value,
    ) -> reqwest::RequestBuilder {
        let mut request = self
            .http
            .post(&self.resource)
            .header(CONTENT_TYPE, "application/json")
            .header("accept", "application/json, text/event-stream")
            .body(body.to_string());
        if let Some(token) = token {
            request = request.header(AUTHORIZATION, format!("Bearer {token}"));
        }
        if let Some(session) = session {
            request = request.header("mcp-session-id", session);
        }
        request
    }

    async fn post(&self, token: Option<&str>, session: Option<&str>, body: Value) -> Response {
        self.request(token, session, &body).send().await.unwrap()
    }

    /// A 2026-07-28 request with `_meta` and the mirrored headers.
    fn modern(&self, token: Option<&str>, method: &str, params: Value) -> reqwest::RequestBuilder {
        self.modern_with(token, method, params, "2026-07-28", method)
    }

    /// A 2026-07-28 request whose `MCP-Protocol-Version` and `Mcp-Method` headers are given.
    fn modern_with(
        &self,
        token: Option<&str>,
        method: &str,
        mut params: Value,
        version_header: &str,
        method_header: &str,
    ) -> reqwest::RequestBuilder {
        params["_meta"] = json!({
            "io.modelcontextprotocol/protocolVersion": "2026-07-28",
            "io.modelcontextprotocol/clientInfo": { "name": "test", "version": "1" },
            "io.modelcontextprotocol/clientCapabilities": {}
        });
        let body = json!({ "jsonrpc": "2.0", "id": 7, "method": method, "params": params });
        self.request(token, None, &body)
            .header("mcp-protocol-version", version_header)
            .header("mcp-method", method_header)
    }

    /// `initialize` then `notifications/initialized`; returns the session id.
    async fn initialize(&self, token: &str, version: &str) -> String {
        let response = self.post(Some(token), None, initialize(version)).await;
        assert_eq!(response.status(), StatusCode::OK);
        let session = response.headers()["mcp-session-id"].to_str().unwrap().to_owned();
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["result"]["protocolVersion"], version);
        let note = json!({ "jsonrpc": "2.0", "method": "notifications/initialized" });
        let ack = self.post(Some(token), Some(&session), note).await;
        assert_eq!(ack.status(), StatusCode::ACCEPTED);
        assert!(ack.bytes().await.unwrap().is_empty());
        session
    }

    async fn get(&self, path: &str) -> Response {
        self.http.get(format!("{}{path}", self.base)).send().await.unwrap()
    }

    async fn prm(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
        response.json().await.unwrap()
    }
}

fn initialize(version: &str) -> Value {
    json!({
        "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {
            "protocolVersion": version,
            "capabilities": {},
            "clientInfo": { "name": "test", "version": "1" }
        }
    })
}

fn rpc(id: u64, method: &str, params: Value) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params })
}

fn call(tool: &str, text: &str) -> Value {
    rpc(3, "tools/call", json!({ "name": tool, "arguments": { "text": text } }))
}

/// Every `WWW-Authenticate` value of a response.
fn challenges(response: &Response) -> Vec<Vec<u8>> {
    response.headers().get_all(WWW_AUTHENTICATE).iter().map(|v| v.as_bytes().to_vec()).collect()
}

/// Parses the challenge with proto, asserts zero MUST findings for `context`, and returns
/// the Bearer params (lowercased names).
fn judged(response: &Response, context: ChallengeContext) -> BTreeMap<String, String> {
    let fields = challenges(response);
    let refs: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
    let analysis = analyze(&refs, &context);
    let musts: Vec<_> = analysis.findings.iter().filter(|f| f.level == Level::Must).collect();
    assert!(musts.is_empty(), "{musts:?} in {fields:?}");
    assert!(analysis.strict.is_ok(), "{fields:?}");
    let bearer = analysis.bearer().expect("a Bearer challenge");
    bearer.params.iter().map(|p| (p.name.to_ascii_lowercase(), p.value.clone())).collect()
}

fn ctx(status: u16, had_credentials: bool, version: SpecVersion) -> ChallengeContext {
    ChallengeContext { status, request_had_credentials: had_credentials, spec_version: version }
}
