//! The settings that reproduce the official conformance suite's authorization servers:
//! metadata-document URLs trusted unfetched, registrations with pinned values, endpoints
//! under their own path, assertions addressed to the issuer only, and pre-registered
//! clients that may use any redirect URI.

use mcp_auth_mocks::config::{
    AsConfig, AssertionAudience, CimdResolution, PreRegisteredClient, RegistrationAssigns,
};
use mcp_auth_mocks::keys::SigningKey;
use mcp_auth_mocks::mint::now_seconds;
use serde_json::json;

use super::refusals::{assert_no_redirect, assert_token_error};
use super::{pkce, public_registration, start, start_with};

/// The URL the official suite's CIMD scenario expects as `client_id`; nothing serves it.
const CIMD_URL: &str = "https://conformance-test.local/client-metadata.json";

#[tokio::test]
async fn trusted_metadata_document_urls_are_public_clients_with_any_redirect_uri() {
    let config = AsConfig {
        client_id_metadata_documents: true,
        cimd_resolution: CimdResolution::Trust,
        ..AsConfig::default()
    };
    let w = start(config).await;
    assert_eq!(w.metadata().await.json()["client_id_metadata_document_supported"], true);
    let (verifier, challenge) = pkce();
    let callback = "http://localhost:3000/callback";
    let r = w
        .authorize(&[
            ("response_type", "code"),
            ("client_id", CIMD_URL),
            ("redirect_uri", callback),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ])
        .await;
    assert_eq!(r.status, 302, "{}", String::from_utf8_lossy(&r.body));
    let location = r.header("location").unwrap();
    assert!(location.starts_with(callback), "{location}");
    let code = r.location_params()["code"].clone();
    let t = w.redeem(&code, &verifier, CIMD_URL, &[]).await;
    assert_eq!(t.status, 200, "{}", String::from_utf8_lossy(&t.body));
    // Still not a blank cheque: a redirect URI that is not an http(s) URL is refused.
    let r = w
        .authorize(&[
            ("response_type", "code"),
            ("client_id", CIMD_URL),
            ("redirect_uri", "javascript:alert(1)"),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ])
        .await;
    assert_no_redirect(&r);
    // The conformant resolution fetches, and nothing answers for that URL: refused, and the
    // only requests the journal shows are the test's own.
    let w = start(AsConfig { client_id_metadata_documents: true, ..AsConfig::default() }).await;
    let r = w
        .authorize(&[
            ("response_type", "code"),
            ("client_id", "http://127.0.0.1:1/client-metadata.json"),
            ("redirect_uri", callback),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ])
        .await;
    assert_no_redirect(&r);
}

#[tokio::test]
async fn registrations_get_the_assigned_values_and_are_held_to_them() {
    let assigns = RegistrationAssigns {
        client_id: Some("as1-client-id".into()),
        client_secret: Some("as1-client-secret".into()),
        token_endpoint_auth_method: Some("client_secret_basic".into()),
    };
    let w = start(AsConfig { registration_assigns: assigns, ..AsConfig::default() }).await;
    // The request asks for a public client; the response says what was registered.
    let r = w.register(&public_registration()).await;
    assert_eq!(r.status, 201);
    let c = r.json();
    assert_eq!(c["client_id"], "as1-client-id");
    assert_eq!(c["client_secret"], "as1-client-secret");
    assert_eq!(c["token_endpoint_auth_method"], "client_secret_basic");
    let (code, verifier) = w.code("as1-client-id", &[]).await;
    // As a public client: refused, the registration said Basic.
    let r = w.redeem(&code, &verifier, "as1-client-id", &[]).await;
    assert_token_error(&r, 400, "invalid_client", false);
    let (code, verifier) = w.code("as1-client-id", &[]).await;
    let form =
        [("grant_type", "authorization_code"), ("code", &code), ("code_verifier", &verifier)];
    let r = w.form("/token", &form, Some(("as1-client-id", "as1-client-secret"))).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    // A second registration gets the same id (and replaces the first).
    assert_eq!(w.register(&public_registration()).await.json()["client_id"], "as1-client-id");
}

#[tokio::test]
async fn an_assigned_method_alone_brings_a_generated_secret() {
    let assigns = RegistrationAssigns {
        token_endpoint_auth_method: Some("client_secret_post".into()),
        ..RegistrationAssigns::default()
    };
    let w = start(AsConfig { registration_assigns: assigns, ..AsConfig::default() }).await;
    let c = w.register(&public_registration()).await.json();
    assert_eq!(c["token_endpoint_auth_method"], "client_secret_post");
    assert!(c["client_secret"].as_str().is_some_and(|s| s.len() >= 32), "{c}");
}

#[tokio::test]
async fn endpoints_can_live_under_their_own_path() {
    let config = AsConfig { endpoint_path: Some("/oauth".into()), ..AsConfig::default() };
    let w = start_with(config, "", Vec::new()).await;
    let m = w.metadata().await.json();
    assert_eq!(m["issuer"], w.issuer.as_str());
    assert_eq!(m["authorization_endpoint"], w.url("/oauth/authorize"));
    assert_eq!(m["registration_endpoint"], w.url("/oauth/register"));
    let r = w.http.post(w.url("/oauth/register")).json(&public_registration()).send().await;
    assert_eq!(r.unwrap().status(), 201);
    // The root endpoints are not there.
    assert_eq!(w.register(&public_registration()).await.status, 404);
}

#[tokio::test]
async fn assertions_may_be_addressed_to_the_issuer_only() {
    let key = SigningKey::generate_with_kid("k").unwrap();
    let client = PreRegisteredClient {
        client_id: "cc".into(),
        client_secret: None,
        redirect_uris: Vec::new(),
        token_endpoint_auth_method: "private_key_jwt".into(),
        jwks: Some(json!({ "keys": [key.public_jwk()] })),
        any_redirect_uri: false,
    };
    let config = AsConfig {
        clients: vec![client],
        assertion_audience: AssertionAudience::Issuer,
        ..AsConfig::default()
    };
    let w = start(config).await;
    let send = |aud: String| {
        let (w, key) = (&w, &key);
        async move {
            let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES256);
            header.kid = Some("k".into());
            let now = now_seconds();
            let jti = SigningKey::generate().unwrap().kid().to_owned();
            let claims = json!({"iss": "cc", "sub": "cc", "aud": aud, "exp": now + 60, "jti": jti});
            let assertion = jsonwebtoken::encode(&header, &claims, key.encoding_key()).unwrap();
            w.token(&[
                ("grant_type", "client_credentials"),
                ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                ("client_assertion", &assertion),
            ])
            .await
        }
    };
    assert_token_error(&send(w.url("/token")).await, 400, "invalid_client", false);
    assert_eq!(send(w.issuer.clone()).await.status, 200);
    assert_eq!(send(format!("{}/", w.issuer)).await.status, 200);
}

#[tokio::test]
async fn a_pre_registered_client_may_be_allowed_any_redirect_uri() {
    let mut client = super::public_client("prereg");
    client.redirect_uris.clear();
    client.any_redirect_uri = true;
    let w = start(AsConfig { clients: vec![client], ..AsConfig::default() }).await;
    let (_, challenge) = pkce();
    let authorize = |redirect: &'static str| {
        let (w, challenge) = (&w, challenge.clone());
        async move {
            w.authorize(&[
                ("response_type", "code"),
                ("client_id", "prereg"),
                ("redirect_uri", redirect),
                ("code_challenge", &challenge),
                ("code_challenge_method", "S256"),
            ])
            .await
        }
    };
    assert_eq!(authorize("http://localhost:3000/callback").await.status, 302);
    assert_eq!(authorize("https://app.example/cb").await.status, 302);
    assert_no_redirect(&authorize("file:///etc/passwd").await);
}
