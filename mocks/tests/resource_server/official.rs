//! The settings that reproduce the official conformance suite's MCP servers: scopes per
//! JSON-RPC method, a 401 hint of its own, methods served anonymously without sessions,
//! and 410 once a step-up loop has gone on long enough.

use mcp_auth_mocks::config::MockConfig;

use super::*;

fn scopes(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<String>> {
    pairs.iter().map(|(m, s)| ((*m).to_owned(), vec![(*s).to_owned()])).collect()
}

#[tokio::test]
async fn method_scopes_refuse_before_the_method_runs_and_name_every_scope() {
    let config = RsConfig {
        method_scopes: scopes(&[("*", "mcp:tools"), ("tools/call", "mcp:write")]),
        tool_scopes: BTreeMap::new(),
        ..RsConfig::default()
    };
    let mock = start(config).await;
    let session = mock.initialize("tok-tools", "2025-11-25").await;
    let listed = mock.post(Some("tok-tools"), Some(&session), rpc(2, "tools/list", json!({})));
    assert_eq!(listed.await.status(), StatusCode::OK);
    // tools/call needs mcp:write only (its own entry replaces `*`).
    let refused = mock.post(Some("tok-tools"), Some(&session), call("echo", "hi")).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let params = judged(&refused, ctx(403, true, SpecVersion::V2025_11_25));
    assert_eq!(params["error"], "insufficient_scope");
    assert_eq!(params["scope"], "mcp:write");
    let session = mock.initialize("tok-all", "2025-11-25").await;
    let called = mock.post(Some("tok-all"), Some(&session), call("echo", "hi")).await;
    assert_eq!(called.status(), StatusCode::OK);
    // The 2026-07-28 era is gated the same way.
    let discover = mock.modern(Some("tok-tools"), "tools/call", json!({"name": "echo"}));
    assert_eq!(discover.header("mcp-name", "echo").send().await.unwrap().status(), 403);
}

#[tokio::test]
async fn the_401_hint_can_name_scopes_of_its_own() {
    let config =
        RsConfig { challenge_scopes: Some(vec!["mcp:basic".into()]), ..RsConfig::default() };
    let mock = start(config).await;
    let response = mock.post(None, None, initialize("2025-11-25")).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let params = judged(&response, ctx(401, false, SpecVersion::V2025_11_25));
    assert_eq!(params["scope"], "mcp:basic");
    // PRM still says what the server supports.
    assert_eq!(mock.prm(PRM_PATH).await["scopes_supported"], json!(["mcp:tools", "mcp:write"]));
}

#[tokio::test]
async fn anonymous_methods_are_served_without_a_token_and_without_sessions() {
    let config = RsConfig {
        anonymous_methods: vec!["initialize".into(), "notifications/".into()],
        sessions: false,
        ..RsConfig::default()
    };
    let mock = start(config).await;
    let init = mock.post(None, None, initialize("2025-11-25")).await;
    assert_eq!(init.status(), StatusCode::OK);
    assert!(init.headers().get("mcp-session-id").is_none(), "no sessions");
    let note = json!({ "jsonrpc": "2.0", "method": "notifications/initialized" });
    assert_eq!(mock.post(None, None, note).await.status(), StatusCode::ACCEPTED);
    // Everything else still needs a token, and is served without a session.
    let list = rpc(2, "tools/list", json!({}));
    assert_eq!(mock.post(None, None, list.clone()).await.status(), StatusCode::UNAUTHORIZED);
    let listed = mock
        .request(Some("tok-tools"), None, &list)
        .header("mcp-protocol-version", "2025-11-25")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status(), StatusCode::OK);
    let body: Value = listed.json().await.unwrap();
    assert_eq!(body["result"]["tools"][0]["name"], "echo");
    // A version the server does not speak is refused.
    let odd = mock.request(Some("tok-tools"), None, &list).header("mcp-protocol-version", "1999");
    assert_eq!(odd.send().await.unwrap().status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn an_anonymous_initialize_needs_sessions_off() {
    let mut config = MockConfig::default();
    config.resource_server.anonymous_methods = vec!["initialize".into()];
    assert_eq!(config.check(), Err(mcp_auth_mocks::config::ConfigError::AnonymousSession));
    config.resource_server.sessions = false;
    assert_eq!(config.check(), Ok(()));
}

#[tokio::test]
async fn gone_after_forbidden_ends_a_step_up_loop_with_410() {
    let config = RsConfig { gone_after_forbidden: Some(2), ..RsConfig::default() };
    let mock = start(config).await;
    let session = mock.initialize("tok-tools", "2025-11-25").await;
    for _ in 0..2 {
        let refused = mock.post(Some("tok-tools"), Some(&session), call("write", "x")).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    }
    let gone = mock.post(Some("tok-all"), Some(&session), call("echo", "x")).await;
    assert_eq!(gone.status(), StatusCode::GONE);
    assert!(gone.headers().get(WWW_AUTHENTICATE).is_none());
    let body: Value = gone.json().await.unwrap();
    assert_eq!(body["error"], "test_complete");
    // Anonymous requests still get their 401 (the count is of authorized ones).
    assert_eq!(mock.post(None, None, call("echo", "x")).await.status(), 401);
}

#[tokio::test]
async fn a_2026_request_without_client_capabilities_is_malformed() {
    let mock = start(RsConfig::default()).await;
    let body = json!({
        "jsonrpc": "2.0", "id": 7, "method": "server/discover",
        "params": { "_meta": { "io.modelcontextprotocol/protocolVersion": "2026-07-28" } }
    });
    let response = mock
        .request(Some("tok-tools"), None, &body)
        .header("mcp-protocol-version", "2026-07-28")
        .header("mcp-method", "server/discover")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], -32602);
    let complete = mock.modern(Some("tok-tools"), "server/discover", json!({}));
    assert_eq!(complete.send().await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn a_post_only_server_answers_get_and_delete_before_authorization() {
    let mock = start(RsConfig { post_only: true, ..RsConfig::default() }).await;
    let get = mock.http.get(&mock.resource).send().await.unwrap();
    assert_eq!(get.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(get.headers().get(WWW_AUTHENTICATE).is_none());
    let delete = mock.http.delete(&mock.resource).send().await.unwrap();
    assert_eq!(delete.status(), StatusCode::METHOD_NOT_ALLOWED);
    // POST is authorized as ever.
    assert_eq!(mock.post(None, None, initialize("2025-11-25")).await.status(), 401);
    // The conformant default authorizes first.
    let plain = start(RsConfig::default()).await;
    assert_eq!(plain.http.get(&plain.resource).send().await.unwrap().status(), 401);
}
