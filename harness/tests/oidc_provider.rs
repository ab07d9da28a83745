//! A real third-party authorization server, npm `oidc-provider` 9.13.3 configured for MCP
//! (`interop/node/oidc_as.mjs`), driven end to end without the harness: discovery, dynamic
//! client registration, an authorization request with PKCE S256, `state` and `resource`
//! completed by the consent command (`interop/node/consent.mjs`), and the token request.
//!
//! This is the ground `mcp-auth-harness authz --consent-command` stands on: what is asserted
//! here holds for this configuration today (a metadata document the protocol core reads
//! with no complaint but plain http, a JWT whose `aud` is the resource, RFC 9207 `iss`,
//! refresh rotation with reuse detection, loopback-or-https redirect URIs), so the
//! authorization-server mode can be judged against it.
//!
//! `scripts/test-all` installs the npm packages and sets `MCP_AUTH_HARNESS_NODE_DIR`;
//! without it the tests say so and do nothing, unless `MCP_AUTH_HARNESS_REQUIRE_INTEROP` or
//! `CI` is set.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr,
    clippy::indexing_slicing
)]

#[path = "support/oidc.rs"]
mod oidc;

use mcp_auth_proto::documents::as_metadata::{
    self, AsMetadataContext, AuthorizationServerMetadata, MetadataFlavour,
};
use mcp_auth_proto::documents::jwt::CompactJwt;
use mcp_auth_proto::finding::Level;
use mcp_auth_proto::pkce::{CodeChallenge, CodeVerifier};
use mcp_auth_proto::requirements::AS_META_HTTPS;
use mcp_auth_proto::spec_version::SpecVersion;
use oidc::OidcProvider;
use reqwest::Url;
use serde_json::{Value, json};

/// An MCP endpoint on loopback: the resource the tokens are for. Nothing listens there;
/// the authorization server only needs to accept the identifier.
const RESOURCE: &str = "http://127.0.0.1:9/mcp";

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

async fn read(response: reqwest::Response) -> Reply {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.unwrap();
    let body = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!("{status}: not JSON ({e}): {}", String::from_utf8_lossy(&bytes))
    });
    Reply { status, headers, body }
}

async fn post_json(url: &str, body: &Value) -> Reply {
    let response = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    read(response).await
}

async fn post_form(url: &str, pairs: &[(&str, &str)]) -> Reply {
    let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
    let response = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    read(response).await
}

/// The first value of query parameter `name` in `url`.
fn query(url: &Url, name: &str) -> Option<String> {
    url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

/// Registers a public client (RFC 7591) with one loopback redirect URI; returns its id.
async fn register_public_client(server: &OidcProvider, redirect_uri: &str) -> String {
    let reply = post_json(
        &server.url("/reg"),
        &json!({
            "redirect_uris": [redirect_uri],
            "token_endpoint_auth_method": "none",
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
            "client_name": "mcp-auth-harness test client",
        }),
    )
    .await;
    assert_eq!(reply.status, 201, "{:?}", reply.body);
    assert_eq!(reply.body["token_endpoint_auth_method"], "none", "{:?}", reply.body);
    assert!(reply.body.get("client_secret").is_none(), "a public client got a secret");
    reply.body["client_id"].as_str().unwrap().to_owned()
}

/// A loopback redirect URI on a port nothing listens on: the consent command reports the
/// URL without fetching it.
fn redirect_uri() -> String {
    format!("http://127.0.0.1:{}/callback", oidc::free_loopback_port())
}

struct Authorized {
    client_id: String,
    redirect_uri: String,
    verifier: CodeVerifier,
    callback: Url,
}

/// Registers a client, sends it through the authorization endpoint with PKCE S256, `state`
/// and `resource`, and returns the callback URL the consent command reached.
async fn authorize(server: &OidcProvider, state: &str) -> Authorized {
    let redirect_uri = redirect_uri();
    let client_id = register_public_client(server, &redirect_uri).await;
    let verifier = CodeVerifier::generate(&mut rand::rng());
    let challenge = CodeChallenge::s256(&verifier);
    let mut url = Url::parse(&server.url("/auth")).unwrap();
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &client_id)
        .append_pair("redirect_uri", &redirect_uri)
        .append_pair("code_challenge", challenge.as_str())
        .append_pair("code_challenge_method", challenge.method().as_str())
        .append_pair("state", state)
        .append_pair("scope", oidc::SCOPE)
        .append_pair("resource", RESOURCE);

    let run = server.consent(url.as_str()).await;
    assert_eq!(run.code, Some(0), "consent command failed: {run:?}\nAS log:\n{}", server.log());
    let callback = Url::parse(run.last_line().unwrap()).unwrap();
    Authorized { client_id, redirect_uri, verifier, callback }
}

/// AS-META-PUBLISHED, AS-META-ISSUER, AS-META-PKCE, AS-META-ISS-FLAG: both discovery
/// documents are served, name the issuer exactly and advertise S256 only and `iss`; the
/// protocol core's validator finds no violation in either but the http scheme a loopback
/// test server cannot avoid (AS-META-HTTPS).
#[tokio::test]
async fn metadata_at_both_locations_passes_but_for_https() {
    let Some(server) = oidc::start(&[]).await else { return };
    for (path, flavour) in [
        ("/.well-known/oauth-authorization-server", MetadataFlavour::Oauth),
        ("/.well-known/openid-configuration", MetadataFlavour::OpenId),
    ] {
        let response = reqwest::get(server.url(path)).await.unwrap();
        let status = response.status().as_u16();
        let content_type =
            response.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_owned);
        assert!(as_metadata::check_http_response(status, content_type.as_deref()).is_empty());
        let doc = AuthorizationServerMetadata::parse(&response.bytes().await.unwrap()).unwrap();
        let m = &doc.typed;
        assert_eq!(m.issuer.valid().map(|i| i.as_str()), Some(server.issuer.as_str()), "{path}");
        assert_eq!(m.code_challenge_methods_supported.valid(), Some(&vec!["S256".to_owned()]));
        assert_eq!(m.authorization_response_iss_parameter_supported.valid(), Some(&true));
        assert_eq!(m.response_types_supported.valid(), Some(&vec!["code".to_owned()]));
        assert!(m.registration_endpoint.valid().is_some(), "{path}: no registration endpoint");
        assert!(m.introspection_endpoint.valid().is_some(), "{path}: no introspection endpoint");
        assert!(m.revocation_endpoint.valid().is_some(), "{path}: no revocation endpoint");

        let ctx = AsMetadataContext {
            expected_issuer: Some(server.issuer.clone()),
            flavour,
            spec_version: SpecVersion::LATEST,
        };
        let findings = as_metadata::validate(&doc, &ctx);
        // Info findings are facts, not violations (the loopback issuer is one).
        let other: Vec<_> = findings
            .iter()
            .filter(|f| f.level > Level::Info && f.requirement != AS_META_HTTPS)
            .collect();
        assert!(other.is_empty(), "{path}: {other:#?}");
        assert!(
            findings.iter().any(|f| f.requirement == AS_META_HTTPS),
            "{path}: plain http endpoints went unnoticed"
        );
    }
}

/// The whole code flow: the callback carries the code, our `state` and RFC 9207 `iss`
/// (AS-ISS-IN-RESPONSE); the token response is `no-store` (AS-TOKEN-RESPONSE) with a JWT
/// access token whose `aud` is exactly the requested resource (AS-RESOURCE-AUDIENCE), short
/// lived (AS-SHORT-LIVED); its refresh token rotates and a replayed one is refused
/// (AS-RT-ROTATION).
#[tokio::test]
async fn code_flow_with_pkce_and_resource_yields_a_jwt_for_the_resource() {
    let Some(server) = oidc::start(&[]).await else { return };
    let state = "st-4d9c1e";
    let flow = authorize(&server, state).await;
    let callback = &flow.callback;

    let expected = Url::parse(&flow.redirect_uri).unwrap();
    assert_eq!(callback.origin(), expected.origin());
    assert_eq!(callback.path(), expected.path());
    assert_eq!(query(callback, "state").as_deref(), Some(state));
    assert_eq!(query(callback, "iss").as_deref(), Some(server.issuer.as_str()));
    assert_eq!(query(callback, "error"), None, "{:?}", query(callback, "error_description"));
    let code = query(callback, "code").expect("no code in the callback");

    let token = post_form(
        &server.url("/token"),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", &flow.client_id),
            ("redirect_uri", &flow.redirect_uri),
            ("code_verifier", flow.verifier.expose()),
            ("resource", RESOURCE),
        ],
    )
    .await;
    assert_eq!(token.status, 200, "{:?}", token.body);
    assert_eq!(token.headers.get("cache-control").unwrap(), "no-store");
    assert_eq!(token.body["token_type"], "Bearer");
    let expires_in = token.body["expires_in"].as_u64().unwrap();
    assert!((1..=300).contains(&expires_in), "expires_in {expires_in}");

    let jwt = CompactJwt::parse(token.body["access_token"].as_str().unwrap()).unwrap();
    assert_eq!(jwt.header().typed.typ.valid().map(String::as_str), Some("at+jwt"));
    let claims = &jwt.claims().typed;
    let audience = claims.aud.valid().expect("no aud claim");
    assert_eq!(audience.values(), vec![RESOURCE]);
    assert_eq!(claims.iss.valid(), Some(&server.issuer));
    assert_eq!(claims.client_id.valid(), Some(&flow.client_id));
    assert_eq!(claims.scope.valid().map(String::as_str), Some(oidc::SCOPE));

    let first = token.body["refresh_token"].as_str().expect("no refresh token").to_owned();
    let refresh = |rt: String| {
        let url = server.url("/token");
        let client_id = flow.client_id.clone();
        async move {
            post_form(
                &url,
                &[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", &rt),
                    ("client_id", &client_id),
                    ("resource", RESOURCE),
                ],
            )
            .await
        }
    };
    let rotated = refresh(first.clone()).await;
    assert_eq!(rotated.status, 200, "{:?}", rotated.body);
    let second = rotated.body["refresh_token"].as_str().expect("no rotated refresh token");
    assert_ne!(second, first, "the refresh token was not rotated");
    let replay = refresh(first).await;
    assert_eq!(replay.status, 400, "{:?}", replay.body);
    assert_eq!(replay.body["error"], "invalid_grant");
}

/// AS-DCR-REDIRECT-SCHEME: `oidc_as.mjs`'s MCP rule refuses `http:` redirect URIs on other
/// hosts in RFC 7591 form, while loopback `http:` and `https:` anywhere register.
#[tokio::test]
async fn registration_refuses_http_redirect_uris_off_loopback() {
    let Some(server) = oidc::start(&[]).await else { return };
    let register = |uri: &str| {
        let body = json!({"redirect_uris": [uri], "token_endpoint_auth_method": "none"});
        let url = server.url("/reg");
        async move { post_json(&url, &body).await }
    };
    let refused = register("http://mcp-client.example/callback").await;
    assert_eq!(refused.status, 400, "{:?}", refused.body);
    assert_eq!(refused.body["error"], "invalid_redirect_uri");
    for accepted in ["http://127.0.0.1:3000/callback", "https://mcp-client.example/callback"] {
        let reply = register(accepted).await;
        assert_eq!(reply.status, 201, "{accepted}: {:?}", reply.body);
    }
}

/// The consent command's failure contract: when the authorization server answers with an
/// error page instead of redirecting (an unknown client: it must not redirect, AS-REDIRECT-
/// NO-AUTO), the command exits 1 with a reason on standard error and prints no URL.
#[tokio::test]
async fn consent_command_fails_cleanly_without_a_redirect() {
    let Some(server) = oidc::start(&[]).await else { return };
    let mut url = Url::parse(&server.url("/auth")).unwrap();
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", "no-such-client")
        .append_pair("redirect_uri", "http://127.0.0.1:9/callback")
        .append_pair("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        .append_pair("code_challenge_method", "S256");
    let run = server.consent(url.as_str()).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stdout.trim().is_empty(), "{run:?}");
    assert!(run.stderr.contains("instead of a redirect"), "{run:?}");
}
