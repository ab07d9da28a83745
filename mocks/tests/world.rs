//! The whole mock world over real HTTP: a conformant client completes the flow against the
//! default configuration, and switchboard settings change what it meets.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/flow.rs"]
mod flow;

use mcp_auth_mocks::config::{AsConfig, IssParameter, MetadataLocation, MockConfig};
use mcp_auth_mocks::journal::Listener;
use mcp_auth_mocks::world::{World, WorldOptions};

async fn start(config: MockConfig) -> World {
    World::start(config, WorldOptions { canaries: vec!["trap".into()], ..WorldOptions::default() })
        .await
        .unwrap()
}

#[tokio::test]
async fn a_conformant_client_completes_the_flow_against_the_default_world() {
    let world = start(MockConfig::default()).await;
    let flow = flow::run(&world.mcp_url, "echo").await.unwrap();
    assert_eq!(flow.issuer, world.issuer());
    assert_eq!(flow.tool_result["result"]["content"][0]["text"], "hi", "{}", flow.tool_result);

    let entries = world.journal.entries();
    let paths: Vec<String> = entries.iter().map(|e| format!("{} {}", e.method, e.path())).collect();
    let position = |needle: &str| {
        paths
            .iter()
            .position(|p| p.contains(needle))
            .unwrap_or_else(|| panic!("{needle} not in {paths:#?}"))
    };
    assert!(
        position("/.well-known/oauth-protected-resource")
            < position("/.well-known/oauth-authorization-server")
    );
    assert!(position("/register") < position("/authorize"));
    assert!(position("/authorize") < position("/token"));
    // Every MCP request after the token carries it; none went to the canary.
    let token = flow.access_token.expose();
    let mcp_after_token: Vec<_> = entries
        .iter()
        .filter(|e| e.listener == Listener::ResourceServer && e.seq > position("/token"))
        .collect();
    assert!(
        mcp_after_token
            .iter()
            .all(|e| e.header("authorization").is_some_and(|a| a.ends_with(token)))
    );
    assert!(world.journal.to(&Listener::Canary("trap".into())).is_empty());
    // The rendered journal never shows the token.
    assert!(!world.journal.render().contains(token));
    world.shutdown().await;
}

#[tokio::test]
async fn the_token_endpoint_binds_the_resource_as_audience() {
    let world = start(MockConfig::default()).await;
    let flow = flow::run(&world.mcp_url, "echo").await.unwrap();
    let jwt =
        mcp_auth_proto::documents::jwt::CompactJwt::parse(flow.access_token.expose()).unwrap();
    let aud = jwt.claims().object["aud"].clone();
    assert!(
        aud == world.mcp_url.as_str()
            || aud.as_array().is_some_and(|a| a.contains(&world.mcp_url.clone().into())),
        "{aud}"
    );
}

#[tokio::test]
async fn a_wrong_iss_makes_a_careful_client_stop_before_the_token_request() {
    let config = MockConfig {
        authorization_server: AsConfig {
            iss_parameter: IssParameter::Value("https://evil.example".into()),
            ..AsConfig::default()
        },
        ..MockConfig::default()
    };
    let world = start(config).await;
    let err = flow::run(&world.mcp_url, "echo").await.unwrap_err();
    assert!(err.0.contains("iss"), "{err}");
    assert!(world.journal.filter(|e| e.path().ends_with("/token")).is_empty());
}

#[tokio::test]
async fn metadata_only_at_the_oidc_location_is_still_found_in_2025_11_25_order() {
    let config = MockConfig {
        authorization_server: AsConfig {
            issuer_path: "/tenant1".into(),
            metadata_locations: vec![MetadataLocation::OidcAppended],
            ..AsConfig::default()
        },
        ..MockConfig::default()
    };
    let world = start(config).await;
    flow::run(&world.mcp_url, "echo").await.unwrap();
    let probes: Vec<String> = world
        .journal
        .filter(|e| e.path().contains("/.well-known/o") && !e.path().contains("protected-resource"))
        .iter()
        .map(|e| format!("{} {}", e.path(), e.status))
        .collect();
    assert_eq!(
        probes,
        [
            "/.well-known/oauth-authorization-server/tenant1 404",
            "/.well-known/openid-configuration/tenant1 404",
            "/tenant1/.well-known/openid-configuration 200",
        ]
    );
}

#[tokio::test]
async fn step_up_is_demanded_for_the_write_tool() {
    let world = start(MockConfig::default()).await;
    let err = flow::run(&world.mcp_url, "write").await.unwrap_err();
    assert!(err.0.contains("403"), "{err}");
    let last = world.journal.entries().last().cloned().unwrap();
    assert_eq!(last.status, 403);
}

#[tokio::test]
async fn canaries_record_what_reaches_them() {
    let world = start(MockConfig::default()).await;
    let url = format!("{}/leak?access_token=secret-value-123", world.canaries["trap"]);
    let status = reqwest::get(&url).await.unwrap().status().as_u16();
    assert_eq!(status, 404);
    let hits = world.journal.to(&Listener::Canary("trap".into()));
    assert_eq!(hits.len(), 1);
    assert!(hits[0].contains("secret-value-123"));
    assert!(world.canaries["trap"].starts_with("http://127.0.0.2:"));
}

#[tokio::test]
async fn a_bad_configuration_is_refused_before_binding() {
    let mut config = MockConfig::default();
    config.resource_server.authorization_servers = vec!["nope".into()];
    let err = World::start(config, WorldOptions::default()).await.unwrap_err();
    assert!(err.to_string().contains("nope"), "{err}");
}

/// The mock MCP server refuses what a resource server must refuse, with RFC 6750's
/// `invalid_token`, for tokens the mock authorization server mints: expired, for another
/// audience, and every forgery; and accepts the positive control.
#[tokio::test]
async fn the_mcp_server_refuses_expired_foreign_and_forged_tokens() {
    use mcp_auth_mocks::mint::{AccessTokenSpec, Forgery};
    let world = start(MockConfig::default()).await;
    let minter = world.minter("main").unwrap();
    let spec =
        || AccessTokenSpec::new(world.mcp_url.clone()).client_id("c1").scope(Some("mcp:tools"));
    let http = reqwest::Client::new();
    let call = |token: String| {
        let http = http.clone();
        let url = world.mcp_url.clone();
        async move {
            let r = http
                .post(url)
                .header("authorization", format!("Bearer {token}"))
                .header("accept", "application/json, text/event-stream")
                .json(&serde_json::json!({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}))
                .send()
                .await
                .unwrap();
            let challenge =
                r.headers().get("www-authenticate").map(|v| v.to_str().unwrap().to_owned());
            (r.status().as_u16(), challenge.unwrap_or_default())
        }
    };
    let valid = minter.mint(&spec()).unwrap();
    assert_eq!(call(valid.expose().to_owned()).await.0, 200, "positive control");
    let mut refused = vec![
        ("expired", minter.mint(&spec().lifetime_seconds(-600)).unwrap()),
        ("other audience", minter.mint(&spec().audiences(["https://other.example/mcp"])).unwrap()),
    ];
    for forgery in Forgery::all("http://127.0.0.2:9/jwks.json") {
        if forgery != Forgery::None {
            refused.push(("forgery", minter.forge(&spec(), &forgery).unwrap()));
        }
    }
    for (what, token) in refused {
        let (status, challenge) = call(token.expose().to_owned()).await;
        assert_eq!(status, 401, "{what}: {token:?}");
        assert!(challenge.contains(r#"error="invalid_token""#), "{what}: {challenge}");
    }
    world.shutdown().await;
}

/// The conformant authorization server is conformant in both formats: served at the OIDC
/// locations, its document has no MUST finding under OpenID Connect Discovery's rules either.
#[tokio::test]
async fn the_oidc_document_satisfies_openid_connect_discovery() {
    use mcp_auth_proto::FindingsExt;
    use mcp_auth_proto::documents::as_metadata::{
        self, AsMetadataContext, AuthorizationServerMetadata, MetadataFlavour,
    };
    let config = MockConfig {
        authorization_server: AsConfig {
            issuer_path: "/realm".into(),
            metadata_locations: vec![
                MetadataLocation::OidcInserted,
                MetadataLocation::OidcAppended,
            ],
            ..AsConfig::default()
        },
        ..MockConfig::default()
    };
    let world = start(config).await;
    let url = format!("{}/.well-known/openid-configuration", world.issuer());
    let body = reqwest::get(&url).await.unwrap().bytes().await.unwrap();
    let doc = AuthorizationServerMetadata::parse(&body).unwrap();
    let findings = as_metadata::validate(
        &doc,
        &AsMetadataContext {
            expected_issuer: Some(world.issuer().to_owned()),
            flavour: MetadataFlavour::OpenId,
            ..AsMetadataContext::default()
        },
    );
    assert!(!findings.has_must(), "{findings:#?}");
    world.shutdown().await;
}

/// RS-SCOPE-HIERARCHY over the wire: with `mcp:admin` implying `mcp:write`, an admin token
/// may call `write`; without the hierarchy the same token gets 403 `insufficient_scope`.
#[tokio::test]
async fn scope_hierarchies_are_honoured_on_the_wire() {
    use mcp_auth_mocks::mint::AccessTokenSpec;
    for (implies, expected) in [(true, 200), (false, 403)] {
        let mut config = MockConfig::default();
        if implies {
            config
                .resource_server
                .scope_implies
                .insert("mcp:admin".into(), vec!["mcp:write".into()]);
        }
        let world = start(config).await;
        let token = world
            .minter("main")
            .unwrap()
            .mint(
                &AccessTokenSpec::new(world.mcp_url.clone())
                    .client_id("c1")
                    .scope(Some("mcp:admin")),
            )
            .unwrap();
        let r = reqwest::Client::new()
            .post(&world.mcp_url)
            .header("authorization", format!("Bearer {}", token.expose()))
            .header("accept", "application/json, text/event-stream")
            .header("mcp-protocol-version", "2026-07-28")
            .header("mcp-method", "tools/call")
            .header("mcp-name", "write")
            .json(&serde_json::json!({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"write","arguments":{"text":"x"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), expected, "implies={implies}: {}", r.text().await.unwrap());
        world.shutdown().await;
    }
}
