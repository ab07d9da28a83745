//! The handshake-based versions (2025-03-26 to 2025-11-25): `initialize`, sessions and
//! their binding to the user, JSON-RPC errors.

use super::*;

#[tokio::test]
async fn a_2025_06_18_session_runs_initialize_list_and_call() {
    let mock = start(RsConfig::default()).await;
    let session = mock.initialize("tok-tools", "2025-06-18").await;
    assert!(session.len() >= 43 && session.bytes().all(|b| (0x21..=0x7e).contains(&b)));

    let list = mock
        .request(Some("tok-tools"), Some(&session), &rpc(2, "tools/list", json!({})))
        .header("mcp-protocol-version", "2025-06-18")
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), StatusCode::OK);
    let list: Value = list.json().await.unwrap();
    let names: Vec<&str> = list["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["echo", "write"]);
    assert_eq!(list["result"]["tools"][0]["inputSchema"]["required"], json!(["text"]));

    let echo = mock.post(Some("tok-tools"), Some(&session), call("echo", "hello")).await;
    assert_eq!(echo.status(), StatusCode::OK);
    let echo: Value = echo.json().await.unwrap();
    assert_eq!(echo["id"], 3);
    assert_eq!(echo["result"]["content"][0], json!({"type": "text", "text": "hello"}));
    assert_eq!(echo["result"]["isError"], false);

    let ping: Value = mock
        .post(Some("tok-tools"), Some(&session), rpc(4, "ping", json!({})))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ping["result"], json!({}));
    let unknown =
        mock.post(Some("tok-tools"), Some(&session), rpc(5, "resources/list", json!({}))).await;
    assert_eq!(unknown.status(), StatusCode::OK);
    assert_eq!(unknown.json::<Value>().await.unwrap()["error"]["code"], -32601);

    // A version header that contradicts the negotiated one is refused.
    let wrong = mock
        .request(Some("tok-tools"), Some(&session), &rpc(6, "tools/list", json!({})))
        .header("mcp-protocol-version", "2025-11-25")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);

    // DELETE ends the session; afterwards it is unknown.
    let delete = mock
        .http
        .delete(&mock.resource)
        .bearer_auth("tok-tools")
        .header("mcp-session-id", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(delete.status(), StatusCode::NO_CONTENT);
    let after = mock.post(Some("tok-tools"), Some(&session), rpc(7, "tools/list", json!({}))).await;
    assert_eq!(after.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn sessions_are_required_and_bound_to_their_user() {
    let mock = start(RsConfig::default()).await;
    let missing = mock.post(Some("tok-tools"), None, rpc(2, "tools/list", json!({}))).await;
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    assert_eq!(missing.json::<Value>().await.unwrap()["id"], 2);
    let unknown = mock.post(Some("tok-tools"), Some("nope"), rpc(2, "tools/list", json!({}))).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let session = mock.initialize("tok-tools", "2025-11-25").await;
    let bob = mock.post(Some("tok-bob"), Some(&session), rpc(2, "tools/list", json!({}))).await;
    assert_eq!(bob.status(), StatusCode::NOT_FOUND, "another user's session is unknown to him");
    let alice = mock.post(Some("tok-all"), Some(&session), rpc(2, "tools/list", json!({}))).await;
    assert_eq!(alice.status(), StatusCode::OK, "same user, another token");
}

#[tokio::test]
async fn initialize_negotiates_only_handshake_versions() {
    let mock = start(RsConfig::default()).await;
    for (asked, answered) in [
        ("2025-03-26", "2025-03-26"),
        ("2025-11-25", "2025-11-25"),
        ("2024-11-05", "2025-11-25"),
        ("2026-07-28", "2025-11-25"),
        ("draft", "2025-11-25"),
    ] {
        let response = mock.post(Some("tok-tools"), None, initialize(asked)).await;
        assert!(response.headers().contains_key("mcp-session-id"));
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["result"]["protocolVersion"], answered, "{asked}");
        assert_eq!(body["result"]["capabilities"], json!({"tools": {}}));
        assert!(body["result"]["serverInfo"]["name"].is_string());
    }
}

#[tokio::test]
async fn json_rpc_errors_for_malformed_bodies() {
    let mock = start(RsConfig::default()).await;
    let parse = mock
        .http
        .post(&mock.resource)
        .bearer_auth("tok-all")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(parse.status(), StatusCode::BAD_REQUEST);
    let body: Value = parse.json().await.unwrap();
    assert_eq!(body["error"]["code"], -32700);
    assert_eq!(body["id"], Value::Null);
    let batch = mock.post(Some("tok-all"), None, json!([initialize("2025-03-26")])).await;
    assert_eq!(batch.status(), StatusCode::BAD_REQUEST);
    assert_eq!(batch.json::<Value>().await.unwrap()["error"]["code"], -32600);
    // Parsing happens after authorization: an anonymous bad body is still a 401.
    let anonymous = mock.http.post(&mock.resource).body("{not json").send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}
