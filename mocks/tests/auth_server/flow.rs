//! The complete, conformant flow: metadata, registration, authorization, token, refresh
//! with rotation, introspection and revocation, each answer judged by proto's validators.

use mcp_auth_mocks::config::AsConfig;
use mcp_auth_mocks::journal::Listener;
use mcp_auth_mocks::mint::now_seconds;
use mcp_auth_mocks::verify::TokenRejection;
use mcp_auth_proto::FindingsExt;
use mcp_auth_proto::documents::as_metadata::{
    self, AsMetadataContext, AuthorizationServerMetadata,
};
use mcp_auth_proto::documents::dcr::{
    self, ClientMetadata, DcrResponseContext, RegistrationResponse,
};
use mcp_auth_proto::documents::jwt::CompactJwt;
use mcp_auth_proto::documents::token::{self, TokenResponse, TokenResponseContext};

use super::{REDIRECT, Reply, public_registration, start};

fn check_token_response(r: &Reply, requested_scope: Option<&str>) {
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let doc = TokenResponse::parse(&r.body).unwrap();
    let ctx = TokenResponseContext {
        status: r.status,
        content_type: r.header("content-type").map(str::to_owned),
        cache_control: r.header("cache-control").map(str::to_owned),
        requested_scope: requested_scope.map(str::to_owned),
    };
    let findings = token::validate_response(&doc, &ctx);
    assert!(!findings.has_must(), "{findings:?}");
}

#[tokio::test]
async fn metadata_validates_with_no_must_finding() {
    let w = start(AsConfig::default()).await;
    let r = w.metadata().await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let doc = AuthorizationServerMetadata::parse(&r.body).unwrap();
    let ctx = AsMetadataContext { expected_issuer: Some(w.issuer.clone()), ..Default::default() };
    let findings = as_metadata::validate(&doc, &ctx);
    assert!(!findings.has_must(), "{findings:?}");
    let m = r.json();
    assert_eq!(m["issuer"], w.issuer.as_str());
    assert_eq!(m["token_endpoint"], w.url("/token"));
    assert_eq!(m["code_challenge_methods_supported"], serde_json::json!(["S256"]));
    assert_eq!(m["authorization_response_iss_parameter_supported"], true);
    // Off by default: a world advertises CIMD only when it can resolve the client's URL.
    assert!(m.get("client_id_metadata_document_supported").is_none());
    // Every advertised endpoint answers.
    let jwks = w.get(m["jwks_uri"].as_str().unwrap()).await.json();
    assert_eq!(jwks, w.server.key_set().jwks());
    assert_eq!(w.journal.to(&Listener::AuthorizationServer("main".into())).len(), 2);
}

#[tokio::test]
async fn the_whole_flow() {
    let w = start(AsConfig::default()).await;
    // Registration (RFC 7591): 201, validated, unknown member ignored.
    let request = public_registration();
    let r = w.register(&request).await;
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let ctx = DcrResponseContext {
        status: r.status,
        request: Some(ClientMetadata::parse(request.to_string().as_bytes()).unwrap().typed),
        ..Default::default()
    };
    let findings = dcr::validate_response(&RegistrationResponse::parse(&r.body).unwrap(), &ctx);
    assert!(!findings.has_must(), "{findings:?}");
    let registered = r.json();
    assert!(registered.get("x-unknown-member").is_none());
    assert!(registered.get("client_secret").is_none());
    assert_eq!(registered["token_endpoint_auth_method"], "none");
    let client = registered["client_id"].as_str().unwrap().to_owned();

    // Authorization: a 302 to the redirect URI with code, state and iss.
    let (verifier, challenge) = super::pkce();
    let r = w
        .authorize(&[
            ("response_type", "code"),
            ("client_id", &client),
            ("redirect_uri", REDIRECT),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
            ("state", "s-1"),
            ("scope", "mcp:tools mcp:write"),
            ("resource", &w.resource),
        ])
        .await;
    assert_eq!(r.status, 302);
    assert!(r.header("location").unwrap().starts_with(&format!("{REDIRECT}?")));
    let params = r.location_params();
    assert_eq!(params["state"], "s-1");
    assert_eq!(params["iss"], w.issuer);
    let code = params["code"].clone();

    // Token: a JWT access token for the resource, and a refresh token.
    let r = w
        .redeem(&code, &verifier, &client, &[("redirect_uri", REDIRECT), ("resource", &w.resource)])
        .await;
    check_token_response(&r, Some("mcp:tools mcp:write"));
    let t = r.json();
    assert_eq!((t["token_type"].as_str(), t["expires_in"].as_u64()), (Some("Bearer"), Some(3600)));
    assert_eq!(t["scope"], "mcp:tools mcp:write");
    let at1 = t["access_token"].as_str().unwrap().to_owned();
    let rt1 = t["refresh_token"].as_str().unwrap().to_owned();
    let verifier = w.server.verifier();
    let granted = verifier.verify_at(&at1, &w.resource, now_seconds()).unwrap();
    assert_eq!(
        (granted.client_id.as_str(), granted.issuer.as_str()),
        (client.as_str(), w.issuer.as_str())
    );
    let jwt = CompactJwt::parse(&at1).unwrap();
    assert_eq!(jwt.header().object["typ"], "at+jwt");
    assert_eq!(jwt.claims().object["aud"], w.resource.as_str());

    // Refresh with rotation: a new refresh token, the old one spent.
    let r = w
        .token(&[("grant_type", "refresh_token"), ("refresh_token", &rt1), ("client_id", &client)])
        .await;
    check_token_response(&r, None);
    let t = r.json();
    let at2 = t["access_token"].as_str().unwrap().to_owned();
    let rt2 = t["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(rt1, rt2);
    assert_eq!(t["scope"], "mcp:tools mcp:write");

    // Introspection (RFC 7662).
    let i = w.introspect(&at2).await;
    assert_eq!(i["active"], true);
    assert_eq!(
        (i["aud"].as_str(), i["client_id"].as_str()),
        (Some(w.resource.as_str()), Some(client.as_str()))
    );
    assert_eq!(
        (i["iss"].as_str(), i["scope"].as_str()),
        (Some(w.issuer.as_str()), Some("mcp:tools mcp:write"))
    );
    assert!(i["exp"].as_u64().is_some() && i["sub"].is_string());
    assert_eq!(w.introspect(&rt2).await["active"], true);
    assert_eq!(w.introspect(&rt1).await["active"], false);
    assert_eq!(w.introspect("not-a-token").await, serde_json::json!({"active": false}));

    // Revocation (RFC 7009) of the access token.
    let r = w.form("/revoke", &[("token", &at2), ("client_id", &client)], None).await;
    assert_eq!(r.status, 200);
    assert_eq!(w.introspect(&at2).await["active"], false);
    assert_eq!(verifier.verify_at(&at2, &w.resource, now_seconds()), Err(TokenRejection::Inactive));
    assert!(verifier.verify_at(&at1, &w.resource, now_seconds()).is_ok());

    // Replaying the rotated-away refresh token revokes the family (OAuth 2.1 §4.3.1).
    let r = w
        .token(&[("grant_type", "refresh_token"), ("refresh_token", &rt1), ("client_id", &client)])
        .await;
    assert_eq!((r.status, r.error()), (400, "invalid_grant".to_owned()));
    assert_eq!(verifier.verify_at(&at1, &w.resource, now_seconds()), Err(TokenRejection::Inactive));
    let r = w
        .token(&[("grant_type", "refresh_token"), ("refresh_token", &rt2), ("client_id", &client)])
        .await;
    assert_eq!(r.error(), "invalid_grant");
    assert_eq!(w.introspect(&rt2).await["active"], false);
    // Unknown tokens revoke quietly.
    let r = w.form("/revoke", &[("token", "unknown"), ("client_id", &client)], None).await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn revoking_a_refresh_token_revokes_its_grant() {
    let w = start(super::with_public_client()).await;
    let t = w.tokens("public", &[]).await.json();
    let (at, rt) = (t["access_token"].as_str().unwrap(), t["refresh_token"].as_str().unwrap());
    let r = w
        .form(
            "/revoke",
            &[("token", rt), ("token_type_hint", "refresh_token"), ("client_id", "public")],
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(w.introspect(at).await["active"], false);
    let r = w
        .token(&[("grant_type", "refresh_token"), ("refresh_token", rt), ("client_id", "public")])
        .await;
    assert_eq!(r.error(), "invalid_grant");
}

/// Server mode mints the tokens it probes a resource server with; when that server
/// introspects them here, a validly signed token answers from its own claims (audience
/// included, whatever it is), and an expired, revoked or foreign-signed one is inactive.
#[tokio::test]
async fn introspection_answers_for_tokens_minted_with_this_servers_key() {
    use mcp_auth_mocks::mint::{AccessTokenSpec, Forgery};
    let w = start(AsConfig::default()).await;
    let minter = w.server.minter();
    let spec = AccessTokenSpec::new("http://127.0.0.1:4002/elsewhere")
        .scope(Some("mcp:tools"))
        .subject("minted-user")
        .jti("minted-1");
    let token = minter.mint(&spec).unwrap();
    let i = w.introspect(token.expose()).await;
    assert_eq!(i["active"], true, "{i}");
    assert_eq!(i["aud"], "http://127.0.0.1:4002/elsewhere");
    assert_eq!((i["scope"].as_str(), i["sub"].as_str()), (Some("mcp:tools"), Some("minted-user")));
    assert_eq!(
        (i["iss"].as_str(), i["client_id"].as_str()),
        (Some(w.issuer.as_str()), Some("mock-client"))
    );
    assert!(i["exp"].as_u64().is_some_and(|exp| exp > now_seconds()));

    let expired = minter.mint(&AccessTokenSpec::new(&w.resource).lifetime_seconds(-600)).unwrap();
    assert_eq!(w.introspect(expired.expose()).await, serde_json::json!({"active": false}));
    for forgery in [Forgery::ForeignKey { same_kid: true }, Forgery::AlgNone] {
        let forged = minter.forge(&AccessTokenSpec::new(&w.resource), &forgery).unwrap();
        assert_eq!(w.introspect(forged.expose()).await["active"], false, "{forgery:?}");
    }
    w.server.revocations().revoke("minted-1");
    assert_eq!(w.introspect(token.expose()).await["active"], false);
}
