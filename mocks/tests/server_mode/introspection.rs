//! `token_validation: introspection`: the mock MCP server asks the authorization server
//! about every token over HTTP (RFC 7662), sees revocations at once, and with the
//! `fail_open_introspection` flaw does not.

use mcp_auth_mocks::config::{
    Endpoint, Malformed, MalformedResponse, MockConfig, RsFlaw, TokenValidation,
};
use mcp_auth_mocks::journal::{Entry, Listener};
use mcp_auth_mocks::world::{World, WorldOptions};

use super::{Target, flow};

fn introspecting(flaws: &[RsFlaw]) -> MockConfig {
    let mut config = MockConfig::default();
    config.resource_server.token_validation = TokenValidation::Introspection;
    config.resource_server.flaws.extend(flaws.iter().copied());
    config
}

/// The introspection requests `main` received.
fn introspections(t: &Target) -> Vec<Entry> {
    let main = Listener::AuthorizationServer("main".to_owned());
    t.world.journal.to(&main).into_iter().filter(|e| e.path() == "/introspect").collect()
}

#[tokio::test]
async fn every_request_is_introspected_and_a_revocation_is_seen_at_once() {
    let t = Target::start(introspecting(&[])).await;
    let token = t.mint(&t.spec().jti("jti-revoked-later"));
    assert_eq!(t.status_with(&token).await, 200);
    let asked = introspections(&t);
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].method, "POST");
    assert_eq!(asked[0].header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(asked[0].form_params(), [("token".to_owned(), token.clone())]);
    assert_eq!(asked[0].status, 200);
    assert!(!t.world.journal.render().contains(&token), "the journal prints it redacted");

    t.authority.revocations().revoke("jti-revoked-later");
    let revoked = t.send(t.initialize(Some(&format!("Bearer {token}")))).await;
    assert_eq!(revoked.status, 401);
    assert_eq!(revoked.param("error").as_deref(), Some("invalid_token"));
    assert_eq!(introspections(&t).len(), 2, "asked again, not cached");
    t.shutdown().await;
}

#[tokio::test]
async fn fail_open_introspection_accepts_revoked_tokens_but_not_forged_ones() {
    let t = Target::start(introspecting(&[RsFlaw::FailOpenIntrospection])).await;
    let token = t.mint(&t.spec().jti("jti-revoked-first"));
    t.authority.revocations().revoke("jti-revoked-first");
    assert_eq!(t.status_with(&token).await, 200, "inactive, then accepted as a local JWT");
    assert_eq!(introspections(&t).len(), 1, "it did ask");
    let expired = t.mint(&t.spec().lifetime_seconds(-600));
    assert_eq!(t.status_with(&expired).await, 401, "the local check still judges exp");
    t.shutdown().await;
    let t = Target::start(introspecting(&[])).await;
    let token = t.mint(&t.spec().jti("jti-revoked-too"));
    t.authority.revocations().revoke("jti-revoked-too");
    assert_eq!(t.status_with(&token).await, 401);
    t.shutdown().await;
}

#[tokio::test]
async fn introspected_answers_are_judged_for_audience_and_scope() {
    let t = Target::start(introspecting(&[])).await;
    let foreign = t.mint(&t.spec().audiences(["https://other.example/mcp"]));
    assert_eq!(t.status_with(&foreign).await, 401, "active, but for another resource");
    let write = t.mint(&t.spec().scope(Some("mcp:tools mcp:write")));
    assert_eq!(t.send(t.call(&write, "write")).await.status, 200, "scope from the answer");
    assert_eq!(t.send(t.call(&t.valid(), "write")).await.status, 403);
    t.shutdown().await;

    let t = Target::start(introspecting(&[RsFlaw::IgnoreAudience])).await;
    let foreign = t.mint(&t.spec().audiences(["https://other.example/mcp"]));
    assert_eq!(t.status_with(&foreign).await, 200);
    t.shutdown().await;
}

/// The world's MCP server never trusts the `untrusted` issuer, in either mode: its tokens
/// are refused, and in introspection mode it is not even asked.
#[tokio::test]
async fn the_untrusted_issuer_is_never_trusted() {
    for validation in [TokenValidation::Jwt, TokenValidation::Introspection] {
        let mut config = MockConfig::default();
        config.resource_server.token_validation = validation;
        let t = Target::start(config).await;
        let prm: serde_json::Value =
            t.http.get(t.prm_url()).send().await.unwrap().json().await.unwrap();
        assert_eq!(prm["authorization_servers"], serde_json::json!([t.authority.issuer()]));
        let foreign = t.authority.other_minter().mint(&t.spec()).unwrap();
        assert_eq!(t.status_with(foreign.expose()).await, 401, "{validation:?}");
        let untrusted = Listener::AuthorizationServer("untrusted".to_owned());
        assert!(t.world.journal.to(&untrusted).is_empty(), "{validation:?}");
        t.shutdown().await;
    }
}

#[tokio::test]
async fn an_unusable_introspection_answer_refuses_the_token() {
    let mut config = introspecting(&[]);
    config.malformed.push(Malformed {
        endpoint: Endpoint::Introspection,
        authorization_server: None,
        response: MalformedResponse::InvalidJson,
    });
    let t = Target::start(config).await;
    let answer = t.send(t.initialize(Some(&format!("Bearer {}", t.valid())))).await;
    assert_eq!(answer.status, 401);
    assert_eq!(
        answer.param("error_description").as_deref(),
        Some("the access token could not be introspected")
    );
    t.shutdown().await;
}

/// A real client's token, from the authorization-code flow, works in introspection mode.
#[tokio::test]
async fn a_conformant_client_completes_the_flow_against_an_introspecting_server() {
    let world = World::start(introspecting(&[]), WorldOptions::default()).await.unwrap();
    let outcome = flow::run(&world.mcp_url, "echo").await.unwrap();
    assert_eq!(outcome.tool_result["result"]["content"][0]["text"], "hi");
    let main = Listener::AuthorizationServer("main".to_owned());
    assert!(world.journal.to(&main).iter().any(|e| e.path() == "/introspect"));
    world.shutdown().await;
}
