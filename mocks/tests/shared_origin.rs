//! Worlds in the official conformance suite's arrangements: an authorization server on the
//! MCP server's own origin (the 2025-03-26 layout), and an authorization server whose
//! scopes differ from the resource's.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use mcp_auth_mocks::config::{AsConfig, ConfigError, MetadataLocation, MockConfig};
use mcp_auth_mocks::journal::Listener;
use mcp_auth_mocks::world::{World, WorldOptions};
use serde_json::{Value, json};

async fn start(config: MockConfig) -> World {
    World::start(config, WorldOptions::default()).await.unwrap()
}

fn origin(url: &str) -> String {
    let rest = url.strip_prefix("http://").unwrap();
    format!("http://{}", rest.split('/').next().unwrap())
}

#[tokio::test]
async fn an_authorization_server_on_the_mcp_origin_shares_its_listener() {
    let mut config = MockConfig {
        authorization_server: AsConfig {
            on_mcp_origin: true,
            endpoint_path: Some("/oauth".into()),
            ..AsConfig::default()
        },
        ..MockConfig::default()
    };
    config.resource_server.prm_locations = Vec::new();
    let world = start(config).await;
    let base = origin(&world.mcp_url);
    assert_eq!(world.issuer(), base, "the issuer is the bare MCP origin");
    let http = reqwest::Client::new();
    let metadata: Value = http
        .get(format!("{base}/.well-known/oauth-authorization-server"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(metadata["issuer"], base.as_str());
    assert_eq!(metadata["token_endpoint"], format!("{base}/oauth/token"));
    // The MCP endpoint is still the MCP server's: a 401 without resource_metadata (no PRM).
    let anonymous = http
        .post(&world.mcp_url)
        .header("content-type", "application/json")
        .body(r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let challenge = anonymous.headers()["www-authenticate"].to_str().unwrap().to_owned();
    assert!(!challenge.contains("resource_metadata"), "{challenge}");
    assert_eq!(
        http.get(format!("{base}/.well-known/oauth-protected-resource/mcp"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    // Each request is journaled once, under the server that answered it.
    let listeners: Vec<(Listener, String)> = world
        .journal
        .entries()
        .into_iter()
        .map(|e| (e.listener.clone(), e.path().to_owned()))
        .collect();
    assert_eq!(
        listeners,
        [
            (
                Listener::AuthorizationServer("main".into()),
                "/.well-known/oauth-authorization-server".into()
            ),
            (Listener::ResourceServer, "/mcp".into()),
            (
                Listener::AuthorizationServer("main".into()),
                "/.well-known/oauth-protected-resource/mcp".into()
            ),
        ]
    );
    world.shutdown().await;
}

#[tokio::test]
async fn without_metadata_the_default_endpoints_answer_at_the_origin_root() {
    let mut config = MockConfig::default();
    config.authorization_server.on_mcp_origin = true;
    config.authorization_server.metadata_locations = Vec::new();
    config.resource_server.prm_locations = Vec::new();
    let world = start(config).await;
    let base = origin(&world.mcp_url);
    let http = reqwest::Client::new();
    let metadata = http.get(format!("{base}/.well-known/oauth-authorization-server")).send();
    assert_eq!(metadata.await.unwrap().status(), 404);
    let registration = http
        .post(format!("{base}/register"))
        .json(&json!({"redirect_uris": ["http://127.0.0.1:1/cb"], "token_endpoint_auth_method": "none"}))
        .send()
        .await
        .unwrap();
    assert_eq!(registration.status(), 201);
    world.shutdown().await;
}

#[tokio::test]
async fn only_one_authorization_server_can_be_on_the_mcp_origin() {
    let mut config = MockConfig::default();
    config.authorization_server.on_mcp_origin = true;
    config
        .extra_authorization_servers
        .insert("second".into(), AsConfig { on_mcp_origin: true, ..AsConfig::default() });
    assert_eq!(
        config.check(),
        Err(ConfigError::TwoOnMcpOrigin { first: "main".into(), second: "second".into() })
    );
    assert!(World::start(config, WorldOptions::default()).await.is_err());
}

#[tokio::test]
async fn the_authorization_server_may_know_scopes_the_resource_does_not_list() {
    let mut config = MockConfig::default();
    config.authorization_server.scopes_supported =
        Some(vec!["mcp:basic".into(), "offline_access".into()]);
    config.authorization_server.metadata_locations = vec![MetadataLocation::OauthInserted];
    config.resource_server.scopes_supported = vec!["mcp:basic".into()];
    let world = start(config).await;
    let http = reqwest::Client::new();
    let metadata: Value = http
        .get(format!("{}/.well-known/oauth-authorization-server", world.issuer()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(metadata["scopes_supported"], json!(["mcp:basic", "offline_access"]));
    let prm: Value = http
        .get(format!("{}/.well-known/oauth-protected-resource/mcp", origin(&world.mcp_url)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(prm["scopes_supported"], json!(["mcp:basic"]));
    world.shutdown().await;
}

#[tokio::test]
async fn a_resource_alias_is_a_resource_the_authorization_server_issues_tokens_for() {
    let mut config = MockConfig::default();
    config.resource_server.resource_aliases = vec!["{{mcp_origin}}".into()];
    config.authorization_server.clients = vec![mcp_auth_mocks::config::PreRegisteredClient {
        client_id: "cc".into(),
        client_secret: Some("secret".into()),
        redirect_uris: Vec::new(),
        token_endpoint_auth_method: "client_secret_basic".into(),
        jwks: None,
        any_redirect_uri: false,
    }];
    let world = start(config).await;
    let base = origin(&world.mcp_url);
    let http = reqwest::Client::new();
    let token = |resource: String| {
        let (http, issuer) = (&http, world.issuer().to_owned());
        async move {
            http.post(format!("{issuer}/token"))
                .basic_auth("cc", Some("secret"))
                .form(&[("grant_type", "client_credentials"), ("resource", &resource)])
                .send()
                .await
                .unwrap()
        }
    };
    let granted = token(base.clone()).await;
    assert_eq!(granted.status(), 200);
    let body: Value = granted.json().await.unwrap();
    let access = body["access_token"].as_str().unwrap().to_owned();
    // The MCP server accepts a token for its alias.
    let call = http
        .post(&world.mcp_url)
        .bearer_auth(&access)
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .body(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(call.status(), 200);
    // Anything else is still not a resource of this server.
    assert_eq!(token("https://elsewhere.example/mcp".into()).await.status(), 400);
    world.shutdown().await;
}
