//! MCP 2026-07-28: stateless requests with `_meta` and the mirrored headers.

use super::*;

#[tokio::test]
async fn a_2026_07_28_request_works_without_a_session() {
    let mock = start(RsConfig::default()).await;
    let list = mock.modern(Some("tok-tools"), "tools/list", json!({})).send().await.unwrap();
    assert_eq!(list.status(), StatusCode::OK);
    assert!(!list.headers().contains_key("mcp-session-id"));
    let body: Value = list.json().await.unwrap();
    assert_eq!(body["result"]["resultType"], "complete");
    assert_eq!(body["result"]["tools"][0]["name"], "echo");
    assert!(body["result"]["_meta"]["io.modelcontextprotocol/serverInfo"]["name"].is_string());

    let discover: Value = mock
        .modern(Some("tok-tools"), "server/discover", json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(discover["result"]["supportedVersions"][0], "2026-07-28");
    assert_eq!(discover["result"]["capabilities"], json!({"tools": {}}));

    let echo = mock
        .modern(
            Some("tok-tools"),
            "tools/call",
            json!({"name": "echo", "arguments": {"text": "hi"}}),
        )
        .header("mcp-name", "=?base64?ZWNobw==?=")
        .send()
        .await
        .unwrap();
    assert_eq!(echo.status(), StatusCode::OK);
    assert_eq!(echo.json::<Value>().await.unwrap()["result"]["content"][0]["text"], "hi");

    // A stale session id is ignored, not an error.
    let stale = mock
        .modern(Some("tok-tools"), "tools/list", json!({}))
        .header("mcp-session-id", "gone")
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::OK);

    // Step-up works the same way.
    let write = mock
        .modern(
            Some("tok-tools"),
            "tools/call",
            json!({"name": "write", "arguments": {"text": "hi"}}),
        )
        .header("mcp-name", "write")
        .send()
        .await
        .unwrap();
    assert_eq!(write.status(), StatusCode::FORBIDDEN);
    assert_eq!(judged(&write, ctx(403, true, SpecVersion::V2026_07_28))["scope"], "mcp:write");

    // And the token is still needed on every request.
    let anonymous = mock.modern(None, "tools/list", json!({})).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    judged(&anonymous, ctx(401, false, SpecVersion::V2026_07_28));
}

#[tokio::test]
async fn the_2026_07_28_header_rules_are_enforced() {
    let mock = start(RsConfig::default()).await;
    let code = |v: Value| v["error"]["code"].as_i64().unwrap();
    // Mcp-Method must mirror the method.
    let response = mock
        .modern_with(Some("tok-tools"), "tools/list", json!({}), "2026-07-28", "tools/call")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(code(response.json().await.unwrap()), -32020);
    // Mcp-Name must mirror the tool.
    let response = mock
        .modern(
            Some("tok-tools"),
            "tools/call",
            json!({"name": "echo", "arguments": {"text": "x"}}),
        )
        .header("mcp-name", "write")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(code(response.json().await.unwrap()), -32020);
    // An unsupported version names the supported ones.
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {"_meta": {"io.modelcontextprotocol/protocolVersion": "1900-01-01"}}});
    let response = mock
        .request(Some("tok-tools"), None, &body)
        .header("mcp-protocol-version", "1900-01-01")
        .header("mcp-method", "tools/list")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["error"]["code"], -32022);
    assert_eq!(error["error"]["data"]["requested"], "1900-01-01");
    assert_eq!(error["error"]["data"]["supported"][0], "2026-07-28");
    // A missing MCP-Protocol-Version header is a mismatch with _meta.
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {"_meta": {"io.modelcontextprotocol/protocolVersion": "2026-07-28"}}});
    let response = mock
        .request(Some("tok-tools"), None, &body)
        .header("mcp-method", "tools/list")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(code(response.json().await.unwrap()), -32020);
    // ping is gone in 2026-07-28: 404 with -32601.
    let response = mock.modern(Some("tok-tools"), "ping", json!({})).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(code(response.json().await.unwrap()), -32601);
}
