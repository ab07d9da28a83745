//! Where tokens come from and what bad ones get: the `Authorization` header only, RFC 6750
//! error codes, a session that never replaces the token, and the `Origin` check.

use super::*;

#[tokio::test]
async fn a_session_is_no_substitute_for_the_token() {
    let mock = start(RsConfig::default()).await;
    let session = mock.initialize("tok-tools", "2025-06-18").await;
    let list = mock.post(None, Some(&session), rpc(2, "tools/list", json!({}))).await;
    assert_eq!(list.status(), StatusCode::UNAUTHORIZED);
    judged(&list, ctx(401, false, SpecVersion::V2025_06_18));
    let delete =
        mock.http.delete(&mock.resource).header("mcp-session-id", &session).send().await.unwrap();
    assert_eq!(delete.status(), StatusCode::UNAUTHORIZED);
    let get =
        mock.http.get(&mock.resource).header("mcp-session-id", &session).send().await.unwrap();
    assert_eq!(get.status(), StatusCode::UNAUTHORIZED);
    // With the token, GET is refused for what it is: no SSE stream is offered.
    let get = mock.http.get(&mock.resource).bearer_auth("tok-tools").send().await.unwrap();
    assert_eq!(get.status(), StatusCode::METHOD_NOT_ALLOWED);
    // The session survived all that.
    let list = mock.post(Some("tok-tools"), Some(&session), rpc(2, "tools/list", json!({}))).await;
    assert_eq!(list.status(), StatusCode::OK);
}

#[tokio::test]
async fn tokens_are_read_only_from_the_authorization_header() {
    let mock = start(RsConfig::default()).await;
    let response = mock
        .http
        .post(format!("{}?access_token=tok-all", mock.resource))
        .header(CONTENT_TYPE, "application/json")
        .body(initialize("2025-06-18").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(!judged(&response, ctx(401, false, SpecVersion::LATEST)).contains_key("error"));
    let mut smuggled = initialize("2025-06-18");
    smuggled["params"]["access_token"] = json!("tok-all");
    smuggled["params"]["_meta"] = json!({ "access_token": "tok-all" });
    assert_eq!(mock.post(None, None, smuggled).await.status(), StatusCode::UNAUTHORIZED);
    // A query token next to a valid header changes nothing.
    let both = mock
        .http
        .post(format!("{}?access_token=garbage", mock.resource))
        .bearer_auth("tok-all")
        .body(initialize("2025-06-18").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(both.status(), StatusCode::OK);
}

#[tokio::test]
async fn bad_credentials_get_the_rfc6750_error_codes() {
    let mock = start(RsConfig::default()).await;
    let send = |value: &'static str| {
        mock.http
            .post(&mock.resource)
            .header(AUTHORIZATION, value)
            .body(initialize("2025-11-25").to_string())
            .send()
    };
    // Unknown token: 401 invalid_token.
    let unknown = send("Bearer not-a-known-token").await.unwrap();
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    let params = judged(&unknown, ctx(401, true, SpecVersion::LATEST));
    assert_eq!(params["error"], "invalid_token");
    assert!(!params["error_description"].contains("not-a-known-token"));
    // Malformed Bearer credentials: 400 invalid_request.
    for malformed in ["Bearer", "Bearer a b", "Bearer \"tok-all\"", "Bearer=tok-all", "tok-all"] {
        let response = send(malformed).await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{malformed}");
        let params = judged(&response, ctx(400, true, SpecVersion::LATEST));
        assert_eq!(params["error"], "invalid_request", "{malformed}");
        assert!(!params["error_description"].contains("tok-all"));
    }
    // Another scheme: no usable credentials, so a challenge without error.
    let basic = send("Basic dXNlcjpwYXNz").await.unwrap();
    assert_eq!(basic.status(), StatusCode::UNAUTHORIZED);
    assert!(!judged(&basic, ctx(401, false, SpecVersion::LATEST)).contains_key("error"));
    // Two Authorization headers: invalid_request, even if both are valid.
    let two = mock
        .http
        .post(&mock.resource)
        .header(AUTHORIZATION, "Bearer tok-all")
        .header(AUTHORIZATION, "Bearer tok-tools")
        .body(initialize("2025-11-25").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(two.status(), StatusCode::BAD_REQUEST);
    // The scheme is case-insensitive.
    assert_eq!(send("bEaReR tok-all").await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn a_foreign_origin_is_refused_and_loopback_origins_are_not() {
    let mock = start(RsConfig::default()).await;
    let evil = mock
        .request(Some("tok-all"), None, &initialize("2025-11-25"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(evil.status(), StatusCode::FORBIDDEN);
    let body: Value = evil.json().await.unwrap();
    assert!(body.get("id").is_none());
    assert_eq!(body["error"]["code"], -32600);
    let local = mock
        .request(Some("tok-all"), None, &initialize("2025-11-25"))
        .header("origin", mock.base.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(local.status(), StatusCode::OK);
}
