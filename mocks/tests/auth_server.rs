//! The mock authorization server over real HTTP on loopback: a complete flow, the
//! refusals a conformant server owes, and one test per switchboard setting showing what
//! changes on the wire.
//!
//! Helpers live here; the tests are in `auth_server/` (not test targets of their own).
// Test helpers outside #[test] functions: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[path = "auth_server/clients.rs"]
mod clients;
#[path = "auth_server/flow.rs"]
mod flow;
#[path = "auth_server/official.rs"]
mod official;
#[path = "auth_server/refusals.rs"]
mod refusals;
#[path = "auth_server/switchboard.rs"]
mod switchboard;

use std::collections::HashMap;

use axum::Router;
use mcp_auth_mocks::auth_server::{AsSetup, AuthServer};
use mcp_auth_mocks::config::{AsConfig, Endpoint, MalformedResponse, PreRegisteredClient};
use mcp_auth_mocks::journal::Journal;
use mcp_auth_mocks::keys::SigningKey;
use mcp_auth_proto::pkce::{CodeChallenge, CodeVerifier};
use reqwest::header::HeaderMap;
use serde_json::{Value, json};

pub const REDIRECT: &str = "http://127.0.0.1:5555/cb";
pub const SCOPES: [&str; 2] = ["mcp:tools", "mcp:write"];

/// A running authorization server and a client with redirects off.
#[derive(Debug)]
pub struct World {
    pub server: AuthServer,
    pub issuer: String,
    pub origin: String,
    pub resource: String,
    pub journal: Journal,
    pub http: reqwest::Client,
}

/// A reply, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The query parameters of the `Location` of a redirect.
    pub fn location_params(&self) -> HashMap<String, String> {
        let location = self.header("location").expect("a Location header");
        let query = location.split_once('?').map(|(_, q)| q).unwrap_or_default();
        form_urlencoded::parse(query.as_bytes()).into_owned().collect()
    }

    pub fn error(&self) -> String {
        self.json()["error"].as_str().unwrap_or_default().to_owned()
    }
}

pub async fn reply(response: reqwest::Response) -> Reply {
    Reply {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.bytes().await.unwrap().to_vec(),
    }
}

/// Serves `router` on a fresh loopback port.
pub async fn serve(router: Router, listener: tokio::net::TcpListener) {
    tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
}

pub async fn start(config: AsConfig) -> World {
    start_with(config, "", Vec::new()).await
}

pub async fn start_with(
    config: AsConfig,
    issuer_path: &str,
    malformed: Vec<(Endpoint, MalformedResponse)>,
) -> World {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let issuer = format!("{origin}{issuer_path}");
    let resource = "http://127.0.0.1:4001/mcp".to_owned();
    let journal = Journal::new();
    let server = AuthServer::new(AsSetup {
        name: "main".into(),
        issuer: issuer.clone(),
        config,
        malformed,
        journal: journal.clone(),
        resources: vec![resource.clone()],
        scopes_supported: SCOPES.map(str::to_owned).to_vec(),
        key: SigningKey::generate().unwrap(),
    });
    serve(server.router(), listener).await;
    let http =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    World { server, issuer, origin, resource, journal, http }
}

pub fn public_client(id: &str) -> PreRegisteredClient {
    PreRegisteredClient {
        client_id: id.into(),
        client_secret: None,
        redirect_uris: vec![REDIRECT.into()],
        token_endpoint_auth_method: "none".into(),
        jwks: None,
        any_redirect_uri: false,
    }
}

/// A config with one pre-registered public client, `public`.
pub fn with_public_client() -> AsConfig {
    AsConfig { clients: vec![public_client("public")], ..AsConfig::default() }
}

pub fn pkce() -> (String, String) {
    let verifier = CodeVerifier::generate(&mut rand::rng());
    let challenge = CodeChallenge::s256(&verifier).to_string();
    (verifier.expose().to_owned(), challenge)
}

impl World {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.issuer.trim_end_matches('/'))
    }

    pub async fn get(&self, url: &str) -> Reply {
        reply(self.http.get(url).send().await.unwrap()).await
    }

    pub async fn metadata(&self) -> Reply {
        self.get(&self.server.metadata_urls()[0]).await
    }

    pub async fn register(&self, body: &Value) -> Reply {
        let r = self.http.post(self.url("/register")).json(body).send().await.unwrap();
        reply(r).await
    }

    /// `GET /authorize` with `params`, redirects not followed.
    pub async fn authorize(&self, params: &[(&str, &str)]) -> Reply {
        let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(params).finish();
        self.get(&format!("{}?{query}", self.url("/authorize"))).await
    }

    /// A code for `client` with S256 PKCE; returns `(code, verifier)`.
    pub async fn code(&self, client: &str, extra: &[(&str, &str)]) -> (String, String) {
        let (verifier, challenge) = pkce();
        let mut params = vec![
            ("response_type", "code"),
            ("client_id", client),
            ("redirect_uri", REDIRECT),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
            ("state", "xyz"),
        ];
        params.extend_from_slice(extra);
        let r = self.authorize(&params).await;
        assert_eq!(r.status, 302, "{}", String::from_utf8_lossy(&r.body));
        let code = r.location_params().get("code").cloned().expect("a code");
        (code, verifier)
    }

    /// `POST /token` with a form, optionally with HTTP Basic credentials.
    pub async fn form(
        &self,
        path: &str,
        form: &[(&str, &str)],
        basic: Option<(&str, &str)>,
    ) -> Reply {
        let mut request = self.http.post(self.url(path)).form(form);
        if let Some((id, secret)) = basic {
            request = request.basic_auth(id, Some(secret));
        }
        reply(request.send().await.unwrap()).await
    }

    pub async fn token(&self, form: &[(&str, &str)]) -> Reply {
        self.form("/token", form, None).await
    }

    /// Redeems `code` with `verifier` for public client `client`, `extra` form fields added.
    pub async fn redeem(
        &self,
        code: &str,
        verifier: &str,
        client: &str,
        extra: &[(&str, &str)],
    ) -> Reply {
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code),
            ("code_verifier", verifier),
            ("client_id", client),
        ];
        form.extend_from_slice(extra);
        self.token(&form).await
    }

    /// Code → tokens for public client `client`.
    pub async fn tokens(&self, client: &str, extra: &[(&str, &str)]) -> Reply {
        let (code, verifier) = self.code(client, extra).await;
        self.redeem(&code, &verifier, client, &[("redirect_uri", REDIRECT)]).await
    }

    pub async fn introspect(&self, token: &str) -> Value {
        self.form("/introspect", &[("token", token)], None).await.json()
    }
}

pub fn public_registration() -> Value {
    json!({
        "redirect_uris": [REDIRECT],
        "token_endpoint_auth_method": "none",
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "client_name": "harness test client",
        "application_type": "native",
        "x-unknown-member": 1
    })
}
