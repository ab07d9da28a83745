//! Scopes and token lifetime: the 403 step-up challenge, configurable tool scopes,
//! `forbid_forever`, `revoke_tokens_after` and `migrate`.

use super::*;

#[tokio::test]
async fn write_without_its_scope_gets_a_403_step_up_challenge() {
    let mock = start(RsConfig::default()).await;
    let session = mock.initialize("tok-tools", "2025-11-25").await;
    let denied = mock.post(Some("tok-tools"), Some(&session), call("write", "x")).await;
    assert_eq!(denied.status(), StatusCode::FORBIDDEN);
    for version in [SpecVersion::V2025_11_25, SpecVersion::V2026_07_28] {
        let params = judged(&denied, ctx(403, true, version));
        assert_eq!(params["error"], "insufficient_scope");
        assert_eq!(params["scope"], "mcp:write");
        assert_eq!(params["resource_metadata"], format!("{}{PRM_PATH}", mock.base));
    }
    let session = mock.initialize("tok-all", "2025-11-25").await;
    let allowed = mock.post(Some("tok-all"), Some(&session), call("write", "abc")).await;
    assert_eq!(allowed.status(), StatusCode::OK);
    let body: Value = allowed.json().await.unwrap();
    assert_eq!(body["result"]["content"][0]["text"], "stored 3 characters");
}

#[tokio::test]
async fn tool_scopes_are_configurable() {
    let config = RsConfig {
        tool_scopes: BTreeMap::from([(
            "echo".to_owned(),
            vec!["mcp:echo".to_owned(), "mcp:x".to_owned()],
        )]),
        ..RsConfig::default()
    };
    let mock = start(config).await;
    let session = mock.initialize("tok-tools", "2025-11-25").await;
    let echo = mock.post(Some("tok-tools"), Some(&session), call("echo", "x")).await;
    assert_eq!(echo.status(), StatusCode::FORBIDDEN);
    assert_eq!(judged(&echo, ctx(403, true, SpecVersion::LATEST))["scope"], "mcp:echo mcp:x");
    let write = mock.post(Some("tok-tools"), Some(&session), call("write", "x")).await;
    assert_eq!(write.status(), StatusCode::OK, "write needs nothing once tool_scopes omits it");
}

#[tokio::test]
async fn forbid_forever_refuses_every_call_whatever_the_token() {
    let mock = start(RsConfig { forbid_forever: true, ..RsConfig::default() }).await;
    let session = mock.initialize("tok-all", "2025-11-25").await;
    for _ in 0..3 {
        let response = mock.post(Some("tok-all"), Some(&session), call("echo", "x")).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            judged(&response, ctx(403, true, SpecVersion::LATEST))["error"],
            "insufficient_scope"
        );
    }
    let list = mock.post(Some("tok-all"), Some(&session), rpc(2, "tools/list", json!({}))).await;
    assert_eq!(list.status(), StatusCode::OK, "only tools/call is refused");
}

#[tokio::test]
async fn revoke_tokens_after_stops_a_token_after_n_requests() {
    let mock = start(RsConfig { revoke_tokens_after: Some(2), ..RsConfig::default() }).await;
    let session = mock.initialize("tok-tools", "2025-06-18").await; // requests 1 and 2
    let revoked =
        mock.post(Some("tok-tools"), Some(&session), rpc(2, "tools/list", json!({}))).await;
    assert_eq!(revoked.status(), StatusCode::UNAUTHORIZED);
    let params = judged(&revoked, ctx(401, true, SpecVersion::V2025_06_18));
    assert_eq!(params["error"], "invalid_token");
    // Another token of the same user still works, in the same session.
    let other = mock.post(Some("tok-all"), Some(&session), rpc(2, "tools/list", json!({}))).await;
    assert_eq!(other.status(), StatusCode::OK);
}

#[tokio::test]
async fn migrate_switches_prm_and_refuses_the_old_issuers_tokens() {
    let config = RsConfig {
        migrate: Some(Migration { to: "other".to_owned(), after_requests: 1 }),
        ..RsConfig::default()
    };
    let mock = start(config).await;
    assert_eq!(mock.prm(PRM_PATH).await["authorization_servers"], json!([AS_MAIN]));
    assert_eq!(
        mock.post(Some("tok-other"), None, initialize("2025-11-25")).await.status(),
        StatusCode::UNAUTHORIZED,
        "not named yet"
    );
    assert!(!mock.server.migrated());
    // The one request served before the switch.
    let first = mock.post(Some("tok-tools"), None, initialize("2025-11-25")).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert!(mock.server.migrated());
    assert_eq!(mock.prm(PRM_PATH).await["authorization_servers"], json!([AS_OTHER]));
    let old = mock.post(Some("tok-tools"), None, initialize("2025-11-25")).await;
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(judged(&old, ctx(401, true, SpecVersion::LATEST))["error"], "invalid_token");
    let new = mock.post(Some("tok-other"), None, initialize("2025-11-25")).await;
    assert_eq!(new.status(), StatusCode::OK);
}
