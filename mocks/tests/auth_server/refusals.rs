//! What a conformant authorization server refuses, with the exact RFC error code.

use mcp_auth_mocks::config::AsConfig;
use mcp_auth_mocks::mint::now_seconds;
use mcp_auth_mocks::verify::TokenRejection;
use mcp_auth_proto::FindingsExt;
use mcp_auth_proto::documents::dcr::{self, RegistrationError};
use mcp_auth_proto::documents::token::{self, TokenError, TokenErrorContext};
use serde_json::json;

use super::{REDIRECT, Reply, pkce, public_registration, start, with_public_client};

pub fn assert_token_error(r: &Reply, status: u16, code: &str, via_header: bool) {
    assert_eq!(
        (r.status, r.error()),
        (status, code.to_owned()),
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    let ctx = TokenErrorContext {
        status: r.status,
        content_type: r.header("content-type").map(str::to_owned),
        www_authenticate: r.header("www-authenticate").map(str::to_owned),
        client_auth_via_header: via_header,
    };
    let findings = token::validate_error(&TokenError::parse(&r.body).unwrap(), &ctx);
    assert!(!findings.has_must(), "{findings:?}");
}

/// 400 error page, and above all no redirect (AS-REDIRECT-NO-AUTO).
pub fn assert_no_redirect(r: &Reply) {
    assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(&r.body));
    assert!(r.header("location").is_none());
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
}

#[tokio::test]
async fn pkce_wrong_and_missing_verifiers() {
    let w = start(with_public_client()).await;
    let base = |code: &str| {
        vec![
            ("grant_type", "authorization_code".to_owned()),
            ("code", code.to_owned()),
            ("client_id", "public".to_owned()),
        ]
    };
    let send = |form: Vec<(&'static str, String)>| {
        let w = &w;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            w.token(&form).await
        }
    };
    // Wrong verifier: invalid_grant, and the code is spent.
    let (code, verifier) = w.code("public", &[]).await;
    let (other, _) = pkce();
    let mut form = base(&code);
    form.push(("code_verifier", other));
    assert_token_error(&send(form).await, 400, "invalid_grant", false);
    let mut form = base(&code);
    form.push(("code_verifier", verifier));
    assert_token_error(&send(form).await, 400, "invalid_grant", false);
    // Missing verifier: invalid_request.
    let (code, _) = w.code("public", &[]).await;
    assert_token_error(&send(base(&code)).await, 400, "invalid_request", false);
}

#[tokio::test]
async fn pkce_downgrade_is_refused_when_pkce_is_optional() {
    let w = start(AsConfig { pkce_methods: vec![], ..with_public_client() }).await;
    let r = w
        .authorize(&[
            ("response_type", "code"),
            ("client_id", "public"),
            ("redirect_uri", REDIRECT),
        ])
        .await;
    let code = r.location_params()["code"].clone();
    let (verifier, _) = pkce();
    let r = w.redeem(&code, &verifier, "public", &[]).await;
    assert_token_error(&r, 400, "invalid_grant", false);
}

#[tokio::test]
async fn a_reused_code_is_refused_and_its_tokens_revoked() {
    let w = start(with_public_client()).await;
    let (code, verifier) = w.code("public", &[]).await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("code_verifier", &verifier),
        ("client_id", "public"),
    ];
    let first = w.token(&form).await.json();
    let at = first["access_token"].as_str().unwrap();
    assert!(w.server.verifier().verify_at(at, &w.resource, now_seconds()).is_ok());
    assert_token_error(&w.token(&form).await, 400, "invalid_grant", false);
    assert_eq!(
        w.server.verifier().verify_at(at, &w.resource, now_seconds()),
        Err(TokenRejection::Inactive)
    );
    assert_eq!(w.introspect(at).await["active"], false);
    let rt = first["refresh_token"].as_str().unwrap();
    let r = w
        .token(&[("grant_type", "refresh_token"), ("refresh_token", rt), ("client_id", "public")])
        .await;
    assert_token_error(&r, 400, "invalid_grant", false);
}

#[tokio::test]
async fn redirect_uris_must_match_except_the_loopback_port() {
    let w = start(with_public_client()).await;
    let (_, challenge) = pkce();
    let try_uri = |uri: &'static str| {
        let (w, challenge) = (&w, challenge.clone());
        async move {
            w.authorize(&[
                ("response_type", "code"),
                ("client_id", "public"),
                ("redirect_uri", uri),
                ("code_challenge", &challenge),
                ("code_challenge_method", "S256"),
            ])
            .await
        }
    };
    for uri in [
        "http://127.0.0.1:5555/cb/",
        "http://127.0.0.1:5555/CB",
        "http://127.0.0.1:5555/cb?x=1",
        "http://localhost:5555/cb",
        "https://127.0.0.1:5555/cb",
        "http://127.0.0.1:5555/%63b",
    ] {
        assert_no_redirect(&try_uri(uri).await);
    }
    // OAuth 2.1 §8.4.2: the port of a loopback redirect URI may change.
    let r = try_uri("http://127.0.0.1:6666/cb").await;
    assert_eq!(r.status, 302);
    assert!(r.header("location").unwrap().starts_with("http://127.0.0.1:6666/cb?"));
    // At the token endpoint, a different redirect_uri than the code's: invalid_grant.
    let (code, verifier) = w.code("public", &[]).await;
    let r =
        w.redeem(&code, &verifier, "public", &[("redirect_uri", "http://127.0.0.1:6666/cb")]).await;
    assert_token_error(&r, 400, "invalid_grant", false);
}

#[tokio::test]
async fn unknown_clients_get_a_page_not_a_redirect() {
    let w = start(with_public_client()).await;
    let (_, challenge) = pkce();
    let r = w
        .authorize(&[
            ("response_type", "code"),
            ("client_id", "nobody"),
            ("redirect_uri", REDIRECT),
            ("code_challenge", &challenge),
        ])
        .await;
    assert_no_redirect(&r);
    assert_no_redirect(
        &w.authorize(&[("response_type", "code"), ("redirect_uri", REDIRECT)]).await,
    );
    let r = w.token(&[("grant_type", "client_credentials"), ("client_id", "nobody")]).await;
    assert_token_error(&r, 400, "invalid_client", false);
}

#[tokio::test]
async fn authorization_request_errors_redirect_with_the_rfc_code() {
    let w = start(with_public_client()).await;
    let (_, challenge) = pkce();
    let error_of = |extra: Vec<(&'static str, String)>| {
        let w = &w;
        async move {
            let mut params = vec![
                ("client_id", "public".to_owned()),
                ("redirect_uri", REDIRECT.to_owned()),
                ("state", "st".to_owned()),
            ];
            params.extend(extra);
            let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let r = w.authorize(&params).await;
            assert_eq!(r.status, 302, "{}", String::from_utf8_lossy(&r.body));
            let p = r.location_params();
            assert!(!p.contains_key("code") && !p.contains_key("access_token"));
            assert_eq!((p["state"].as_str(), p["iss"].as_str()), ("st", w.issuer.as_str()));
            p["error"].clone()
        }
    };
    let code = || ("response_type", "code".to_owned());
    let ch = || ("code_challenge", challenge.clone());
    assert_eq!(
        error_of(vec![code(), ch(), ("code_challenge_method", "plain".into())]).await,
        "invalid_request"
    );
    // An absent method means plain (RFC 7636 §4.3).
    assert_eq!(error_of(vec![code(), ch()]).await, "invalid_request");
    assert_eq!(
        error_of(vec![code(), ch(), ("code_challenge_method", "s256".into())]).await,
        "invalid_request"
    );
    assert_eq!(error_of(vec![code()]).await, "invalid_request");
    let s256 = || ("code_challenge_method", "S256".to_owned());
    assert_eq!(
        error_of(vec![("response_type", "token".into()), ch(), s256()]).await,
        "unsupported_response_type"
    );
    assert_eq!(error_of(vec![ch(), s256()]).await, "invalid_request");
    assert_eq!(
        error_of(vec![code(), ch(), s256(), ("resource", "http://127.0.0.1:4001/other".into())])
            .await,
        "invalid_target"
    );
    assert_eq!(
        error_of(vec![code(), ch(), s256(), ("scope", "admin".into())]).await,
        "invalid_scope"
    );
    assert_eq!(
        error_of(vec![code(), ch(), s256(), ("scope", "a  b".into())]).await,
        "invalid_scope"
    );
    assert_eq!(
        error_of(vec![
            code(),
            ch(),
            s256(),
            ("scope", "mcp:tools".into()),
            ("scope", "mcp:write".into())
        ])
        .await,
        "invalid_request"
    );
}

#[tokio::test]
async fn bad_registrations_get_rfc7591_errors() {
    let w = start(AsConfig::default()).await;
    let with = |name: &str, value: serde_json::Value| {
        let mut body = public_registration();
        body[name] = value;
        body
    };
    let cases = [
        (with("redirect_uris", json!(["http://evil.test/cb"])), "invalid_redirect_uri"),
        (with("redirect_uris", json!(["javascript:alert(1)"])), "invalid_redirect_uri"),
        (with("redirect_uris", json!(["https://c.test/cb#f"])), "invalid_redirect_uri"),
        (with("redirect_uris", json!(["/cb"])), "invalid_redirect_uri"),
        (with("redirect_uris", json!([])), "invalid_redirect_uri"),
        (with("redirect_uris", json!("https://c.test/cb")), "invalid_redirect_uri"),
        (with("client_name", json!(7)), "invalid_client_metadata"),
        (with("token_endpoint_auth_method", json!("tls_client_auth")), "invalid_client_metadata"),
        (with("response_types", json!(["token"])), "invalid_client_metadata"),
        (with("grant_types", json!(["implicit"])), "invalid_client_metadata"),
        (with("application_type", json!("desktop")), "invalid_client_metadata"),
        (with("token_endpoint_auth_method", json!("private_key_jwt")), "invalid_client_metadata"),
    ];
    for (body, expected) in cases {
        let r = w.register(&body).await;
        assert_eq!((r.status, r.error()), (400, expected.to_owned()), "{body}");
        let findings = dcr::validate_error(
            &RegistrationError::parse(&r.body).unwrap(),
            r.status,
            r.header("content-type"),
        );
        assert!(!findings.has_must(), "{findings:?}");
    }
    let r = reply_of(
        w.http
            .post(w.url("/register"))
            .header("content-type", "application/json")
            .body("{\"a\":1,\"a\":2}"),
    )
    .await;
    assert_eq!((r.status, r.error()), (400, "invalid_client_metadata".to_owned()));
    // A localhost redirect URI is allowed (MCP names it), an https one too.
    let r = w
        .register(&with("redirect_uris", json!(["http://localhost:3000/cb", "https://c.test/cb"])))
        .await;
    assert_eq!(r.status, 201);
}

async fn reply_of(request: reqwest::RequestBuilder) -> Reply {
    super::reply(request.send().await.unwrap()).await
}

#[tokio::test]
async fn refresh_cannot_widen_scope_and_codes_are_bound_to_their_client() {
    let mut config = with_public_client();
    config.clients.push(super::public_client("other"));
    let w = start(config).await;
    let t = w.tokens("public", &[("scope", "mcp:tools")]).await.json();
    let rt = t["refresh_token"].as_str().unwrap();
    let r = w
        .token(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", rt),
            ("client_id", "public"),
            ("scope", "mcp:tools mcp:write"),
        ])
        .await;
    assert_token_error(&r, 400, "invalid_scope", false);
    let r = w
        .token(&[("grant_type", "refresh_token"), ("refresh_token", rt), ("client_id", "other")])
        .await;
    assert_token_error(&r, 400, "invalid_grant", false);
    let (code, verifier) = w.code("public", &[]).await;
    let r = w.redeem(&code, &verifier, "other", &[]).await;
    assert_token_error(&r, 400, "invalid_grant", false);
    // A resource the code was not issued for: invalid_target.
    let (code, verifier) = w.code("public", &[("resource", "http://127.0.0.1:4001/mcp")]).await;
    let r =
        w.redeem(&code, &verifier, "public", &[("resource", "http://127.0.0.1:4001/mcp2")]).await;
    assert_token_error(&r, 400, "invalid_target", false);
    // Form bodies only.
    let r = super::reply(
        w.http
            .post(w.url("/token"))
            .json(&json!({"grant_type": "client_credentials"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_token_error(&r, 400, "invalid_request", false);
}
