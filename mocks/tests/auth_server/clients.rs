//! Clients that authenticate (client secrets, `private_key_jwt`) or identify with a URL
//! (Client ID Metadata Documents).

use axum::Router;
use axum::routing::get;
use base64::Engine as _;
use mcp_auth_mocks::config::{AsConfig, PreRegisteredClient};
use mcp_auth_mocks::keys::SigningKey;
use mcp_auth_mocks::mint::now_seconds;
use serde_json::json;

use super::refusals::{assert_no_redirect, assert_token_error};
use super::{REDIRECT, pkce, public_registration, start, with_public_client};

#[tokio::test]
async fn confidential_clients_authenticate_with_their_method() {
    let w = start(AsConfig::default()).await;
    let mut body = public_registration();
    body["token_endpoint_auth_method"] = json!("client_secret_basic");
    body["grant_types"] = json!(["authorization_code", "client_credentials"]);
    let c = w.register(&body).await.json();
    let (id, secret) = (c["client_id"].as_str().unwrap(), c["client_secret"].as_str().unwrap());
    assert_eq!(c["client_secret_expires_at"], 0);
    let cc = [("grant_type", "client_credentials"), ("scope", "mcp:tools")];
    let r = w.form("/token", &cc, Some((id, secret))).await;
    assert_eq!(r.status, 200);
    assert!(r.json().get("refresh_token").is_none(), "no refresh token for client credentials");
    // Wrong secret over Basic: 401 with WWW-Authenticate.
    let r = w.form("/token", &cc, Some((id, "wrong"))).await;
    assert_token_error(&r, 401, "invalid_client", true);
    assert!(r.header("www-authenticate").unwrap().starts_with("Basic "));
    // The right secret by the wrong method: invalid_client, 400 (no header used).
    let r = w.token(&[cc[0], cc[1], ("client_id", id), ("client_secret", secret)]).await;
    assert_token_error(&r, 400, "invalid_client", false);
    // Two methods at once: invalid_request.
    let r = w.form("/token", &[cc[0], ("client_secret", secret)], Some((id, secret))).await;
    assert_token_error(&r, 400, "invalid_request", true);
    // Public clients cannot use client credentials.
    let w2 = start(with_public_client()).await;
    let r = w2.token(&[("grant_type", "client_credentials"), ("client_id", "public")]).await;
    assert_token_error(&r, 400, "unauthorized_client", false);
    let r = w2.token(&[("grant_type", "password"), ("client_id", "public")]).await;
    assert_token_error(&r, 400, "unsupported_grant_type", false);
}

#[tokio::test]
async fn private_key_jwt_assertions_are_verified_and_single_use() {
    let key = SigningKey::generate_with_kid("client-key").unwrap();
    let client = PreRegisteredClient {
        client_id: "pkjwt".into(),
        client_secret: None,
        redirect_uris: vec![REDIRECT.into()],
        token_endpoint_auth_method: "private_key_jwt".into(),
        jwks: Some(json!({ "keys": [key.public_jwk()] })),
        any_redirect_uri: false,
    };
    let w = start(AsConfig { clients: vec![client], ..AsConfig::default() }).await;
    let assertion = |aud: &str, iss: &str| {
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES256);
        header.kid = Some("client-key".into());
        let now = now_seconds();
        let claims = json!({"iss": iss, "sub": "pkjwt", "aud": aud, "exp": now + 60, "iat": now, "jti": SigningKey::generate().unwrap().kid()});
        jsonwebtoken::encode(&header, &claims, key.encoding_key()).unwrap()
    };
    let send = |a: String| {
        let w = &w;
        async move {
            w.token(&[
                ("grant_type", "client_credentials"),
                ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                ("client_assertion", &a),
            ])
            .await
        }
    };
    let good = assertion(&w.url("/token"), "pkjwt");
    assert_eq!(send(good.clone()).await.status, 200);
    assert_token_error(&send(good).await, 400, "invalid_client", false);
    assert_eq!(send(assertion(&w.issuer, "pkjwt")).await.status, 200);
    assert_token_error(
        &send(assertion("https://elsewhere.test/token", "pkjwt")).await,
        400,
        "invalid_client",
        false,
    );
    assert_token_error(
        &send(assertion(&w.url("/token"), "someone-else")).await,
        400,
        "invalid_client",
        false,
    );
    // An alg:none assertion is no proof at all.
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let none = format!("{}.{}.", b64(r#"{"alg":"none"}"#), b64(r#"{"iss":"pkjwt","sub":"pkjwt"}"#));
    assert_token_error(&send(none).await, 400, "invalid_client", false);
}

#[tokio::test]
async fn client_id_metadata_documents_are_fetched_and_judged() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let host = format!("http://{}", listener.local_addr().unwrap());
    let good = format!("{host}/good.json");
    let wrong_id = format!("{host}/wrong.json");
    let doc = |id: &str| {
        json!({"client_id": id, "client_name": "cimd", "redirect_uris": [REDIRECT], "token_endpoint_auth_method": "none"}).to_string()
    };
    let (good_doc, wrong_doc) = (doc(&good), doc(&format!("{wrong_id}/")));
    let big = "x".repeat(6000);
    let router = Router::new()
        .route(
            "/good.json",
            get(move || async move { ([("content-type", "application/json")], good_doc) }),
        )
        .route(
            "/wrong.json",
            get(move || async move { ([("content-type", "application/json")], wrong_doc) }),
        )
        .route("/big.json", get(move || async move { big }))
        .route(
            "/moved.json",
            get(|| async { (axum::http::StatusCode::FOUND, [("location", "/good.json")]) }),
        );
    super::serve(router, listener).await;
    let w = start(AsConfig { client_id_metadata_documents: true, ..AsConfig::default() }).await;
    let (verifier, challenge) = pkce();
    let authorize = |client: String| {
        let (w, challenge) = (&w, challenge.clone());
        async move {
            w.authorize(&[
                ("response_type", "code"),
                ("client_id", &client),
                ("redirect_uri", REDIRECT),
                ("code_challenge", &challenge),
                ("code_challenge_method", "S256"),
            ])
            .await
        }
    };
    let r = authorize(good.clone()).await;
    assert_eq!(r.status, 302, "{}", String::from_utf8_lossy(&r.body));
    let code = r.location_params()["code"].clone();
    let r = w.redeem(&code, &verifier, &good, &[]).await;
    assert_eq!(r.status, 200);
    let cases = [
        (wrong_id, "AS-CIMD-ID-MATCH"),
        (format!("{host}/big.json"), "larger than 5120 bytes"),
        (format!("{host}/moved.json"), "answered 302"),
        (format!("{host}/missing.json"), "answered 404"),
    ];
    for (bad, reason) in cases {
        let r = authorize(bad).await;
        assert_no_redirect(&r);
        assert!(
            String::from_utf8_lossy(&r.body).contains(reason),
            "{reason}: {}",
            String::from_utf8_lossy(&r.body)
        );
    }
}
