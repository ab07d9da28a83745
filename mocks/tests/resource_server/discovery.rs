//! Discovery: the 401 challenge, PRM at each location and with edits, a verbatim
//! `WWW-Authenticate`, and URLs that a `Host` header cannot steer.

use super::*;

#[tokio::test]
async fn anonymous_requests_get_a_401_challenge_with_no_must_findings_in_any_version() {
    let mock = start(RsConfig::default()).await;
    let response = mock.post(None, None, initialize("2025-06-18")).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    for version in SpecVersion::ALL {
        let params = judged(&response, ctx(401, false, version));
        assert_eq!(params["resource_metadata"], format!("{}{PRM_PATH}", mock.base));
        assert_eq!(params["scope"], "mcp:tools");
        assert!(!params.contains_key("error"), "RFC 6750 §3.1: no error without credentials");
    }
    assert_eq!(
        mock.server.resource_metadata_url(),
        Some(format!("{}{PRM_PATH}", mock.base).as_str())
    );
    assert!(response.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_default_prm_document_has_no_must_findings() {
    let mock = start(RsConfig::default()).await;
    let response = mock.get(PRM_PATH).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
    let bytes = response.bytes().await.unwrap();
    let doc = ProtectedResourceMetadata::parse(&bytes).unwrap();
    for version in [SpecVersion::V2025_06_18, SpecVersion::V2025_11_25, SpecVersion::V2026_07_28] {
        let context = PrmContext {
            expected_resource: Some(mock.resource.clone()),
            spec_version: version,
            ..PrmContext::default()
        };
        let findings = validate(&doc, &context);
        let musts: Vec<_> = findings.iter().filter(|f| f.level == Level::Must).collect();
        assert!(musts.is_empty(), "{musts:?}");
    }
    let value: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(value["resource"], mock.resource);
    assert_eq!(value["authorization_servers"], json!([AS_MAIN]));
    assert_eq!(value["scopes_supported"], json!(["mcp:tools", "mcp:write"]));
    assert_eq!(value["bearer_methods_supported"], json!(["header"]));
    // Only the configured locations answer.
    assert_eq!(
        mock.get("/.well-known/oauth-protected-resource").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(mock.server.prm_urls(), [format!("{}{PRM_PATH}", mock.base)]);
}

#[tokio::test]
async fn prm_is_served_at_each_configured_location() {
    let custom = "/custom/metadata/location.json";
    let config = RsConfig {
        prm_locations: vec![PrmLocation::Root, PrmLocation::Custom(custom.to_owned())],
        ..RsConfig::default()
    };
    let mock = start(config).await;
    for path in ["/.well-known/oauth-protected-resource", custom] {
        assert_eq!(mock.prm(path).await["resource"], mock.resource);
    }
    assert_eq!(mock.get(PRM_PATH).await.status(), StatusCode::NOT_FOUND);
    // Without `Header` the challenge names no metadata URL; clients must use well-known.
    let response = mock.post(None, None, initialize("2025-11-25")).await;
    let params = judged(&response, ctx(401, false, SpecVersion::V2025_11_25));
    assert!(!params.contains_key("resource_metadata"), "{params:?}");

    let config = RsConfig {
        prm_locations: vec![PrmLocation::Header, PrmLocation::Custom(custom.to_owned())],
        ..RsConfig::default()
    };
    let mock = start(config).await;
    let response = mock.post(None, None, initialize("2025-11-25")).await;
    let params = judged(&response, ctx(401, false, SpecVersion::V2025_11_25));
    assert_eq!(params["resource_metadata"], format!("{}{custom}", mock.base));
    assert_eq!(mock.prm(custom).await["resource"], mock.resource);

    // The header names the path-inserted URL, so it answers even when not listed.
    let mock =
        start(RsConfig { prm_locations: vec![PrmLocation::Header], ..RsConfig::default() }).await;
    assert_eq!(mock.prm(PRM_PATH).await["resource"], mock.resource);
    assert_eq!(
        mock.http.post(format!("{}{PRM_PATH}", mock.base)).send().await.unwrap().status(),
        StatusCode::METHOD_NOT_ALLOWED
    );
}

#[tokio::test]
async fn prm_edits_change_the_document() {
    let mut set = serde_json::Map::new();
    set.insert("resource".to_owned(), json!("https://evil.example/mcp"));
    set.insert("bearer_methods_supported".to_owned(), json!(["query"]));
    let config = RsConfig {
        prm: DocumentEdits { remove: vec!["scopes_supported".to_owned()], set },
        ..RsConfig::default()
    };
    let mock = start(config).await;
    let bytes = mock.get(PRM_PATH).await.bytes().await.unwrap();
    let value: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(value["resource"], "https://evil.example/mcp");
    assert!(value.get("scopes_supported").is_none());
    let doc = ProtectedResourceMetadata::parse(&bytes).unwrap();
    let context =
        PrmContext { expected_resource: Some(mock.resource.clone()), ..PrmContext::default() };
    let findings = validate(&doc, &context);
    let requirements: Vec<&str> = findings
        .iter()
        .filter(|f| f.level == Level::Must)
        .map(|f| f.requirement.as_str())
        .collect();
    assert!(requirements.contains(&"RS-PRM-RESOURCE"), "{findings:?}");
    assert!(requirements.contains(&"RS-PRM-BEARER-METHODS"), "{findings:?}");
}

#[tokio::test]
async fn a_configured_www_authenticate_replaces_the_whole_401_header() {
    let raw = "Bearer resource_metadata=http://evil.example/prm, Bearer";
    let config = RsConfig { www_authenticate: Some(raw.to_owned()), ..RsConfig::default() };
    let mock = start(config).await;
    let anonymous = mock.post(None, None, initialize("2025-06-18")).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(challenges(&anonymous), [raw.as_bytes().to_vec()]);
    let bad_token = mock.post(Some("unknown"), None, initialize("2025-06-18")).await;
    assert_eq!(bad_token.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(challenges(&bad_token), [raw.as_bytes().to_vec()]);
}

#[tokio::test]
async fn scope_hint_off_leaves_scope_out_of_the_challenge() {
    let mock = start(RsConfig { scope_hint: false, ..RsConfig::default() }).await;
    let response = mock.post(None, None, initialize("2025-11-25")).await;
    let params = judged(&response, ctx(401, false, SpecVersion::V2025_11_25));
    assert!(!params.contains_key("scope"));
    assert!(params.contains_key("resource_metadata"));
}

#[tokio::test]
async fn advertised_urls_ignore_the_host_header() {
    let mock = start(RsConfig::default()).await;
    let response = mock
        .request(None, None, &initialize("2025-11-25"))
        .header("host", "evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let params = judged(&response, ctx(401, false, SpecVersion::LATEST));
    assert_eq!(params["resource_metadata"], format!("{}{PRM_PATH}", mock.base));
    // The hostile Host really reached the server.
    assert_eq!(mock.journal.entries()[0].header("host"), Some("evil.example"));
}
