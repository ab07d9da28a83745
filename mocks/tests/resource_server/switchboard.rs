//! The `malformed` switchboard entries for PRM and MCP, and the journal.

use super::*;

#[tokio::test]
async fn malformed_settings_replace_prm_and_mcp_bodies_but_not_challenges() {
    let malformed = vec![
        (Endpoint::Prm, MalformedResponse::InvalidJson),
        (Endpoint::Mcp, MalformedResponse::Html),
        (Endpoint::Token, MalformedResponse::JsonArray),
    ];
    let mock = start_with(RsConfig::default(), malformed).await;
    let prm = mock.get(PRM_PATH).await;
    assert_eq!(prm.status(), StatusCode::OK);
    assert!(serde_json::from_slice::<Value>(&prm.bytes().await.unwrap()).is_err());
    let init = mock.post(Some("tok-tools"), None, initialize("2025-06-18")).await;
    assert_eq!(init.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
    assert!(init.headers().contains_key("mcp-session-id"));
    let anonymous = mock.post(None, None, initialize("2025-06-18")).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    judged(&anonymous, ctx(401, false, SpecVersion::LATEST));

    let status = vec![
        (Endpoint::Prm, MalformedResponse::Status { code: 503 }),
        (Endpoint::Mcp, MalformedResponse::RedirectLoop),
    ];
    let mock = start_with(RsConfig::default(), status).await;
    assert_eq!(mock.get(PRM_PATH).await.status(), StatusCode::SERVICE_UNAVAILABLE);
    let redirect = mock.post(Some("tok-tools"), None, initialize("2025-06-18")).await;
    assert_eq!(redirect.status(), StatusCode::FOUND);
    assert_eq!(redirect.headers()["location"], mock.resource.as_str());
}

#[tokio::test]
async fn every_request_is_journaled_with_its_status() {
    let mock = start(RsConfig::default()).await;
    mock.get(PRM_PATH).await;
    mock.post(None, None, initialize("2025-06-18")).await;
    mock.post(Some("tok-tools"), None, initialize("2025-06-18")).await;
    let entries = mock.journal.to(&Listener::ResourceServer);
    let seen: Vec<(&str, &str, u16)> =
        entries.iter().map(|e| (e.method.as_str(), e.path(), e.status)).collect();
    assert_eq!(seen, [("GET", PRM_PATH, 200), ("POST", "/mcp", 401), ("POST", "/mcp", 200)]);
    assert!(entries[2].contains("tok-tools"));
    assert!(!mock.journal.render().contains("tok-tools"));
}

#[tokio::test]
async fn extra_documents_are_served_at_their_paths_and_never_shadow_prm() {
    use mcp_auth_mocks::config::ServedDocument;
    let other =
        json!({"resource": "https://other.example/rs2", "authorization_servers": [AS_MAIN]});
    let config = RsConfig {
        extra_documents: vec![
            ServedDocument {
                path: "/.well-known/oauth-protected-resource/rs2".into(),
                document: other.clone(),
            },
            ServedDocument { path: PRM_PATH.into(), document: json!({"shadow": true}) },
        ],
        ..RsConfig::default()
    };
    let mock = start(config).await;
    let served = mock.get("/.well-known/oauth-protected-resource/rs2").await;
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.json::<Value>().await.unwrap(), other);
    let prm: Value = mock.get(PRM_PATH).await.json().await.unwrap();
    assert_eq!(prm["resource"], mock.resource.as_str(), "the real PRM wins");
    assert_eq!(mock.get("/elsewhere").await.status(), StatusCode::NOT_FOUND);
}
