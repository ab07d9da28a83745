//! One test per authorization-server switchboard setting: what it changes on the wire.

use mcp_auth_mocks::config::{
    AsConfig, AuthorizeBehaviour, DocumentEdits, Endpoint, IssParameter, MalformedResponse,
    MetadataLocation, OAuthErrorReply, RejectAuthorizations, StateBehaviour, TokenPolicy,
};
use mcp_auth_mocks::mint::now_seconds;
use mcp_auth_mocks::verify::TokenRejection;
use mcp_auth_proto::documents::jwt::CompactJwt;
use serde_json::json;

use super::{REDIRECT, pkce, public_registration, start, start_with, with_public_client};

#[tokio::test]
async fn issuer_path_puts_metadata_and_endpoints_under_the_path() {
    let w = start_with(with_public_client(), "/tenant1", Vec::new()).await;
    let r = w.get(&format!("{}/.well-known/oauth-authorization-server/tenant1", w.origin)).await;
    assert_eq!(r.status, 200);
    let m = r.json();
    assert_eq!(m["issuer"], format!("{}/tenant1", w.origin));
    assert_eq!(m["authorization_endpoint"], format!("{}/tenant1/authorize", w.origin));
    assert_eq!(
        w.get(&format!("{}/.well-known/oauth-authorization-server", w.origin)).await.status,
        404
    );
    let t = w.tokens("public", &[]).await.json();
    let jwt = CompactJwt::parse(t["access_token"].as_str().unwrap()).unwrap();
    assert_eq!(jwt.claims().object["iss"], w.issuer.as_str());
}

#[tokio::test]
async fn metadata_locations_choose_where_the_document_is() {
    let config = AsConfig {
        metadata_locations: vec![
            MetadataLocation::OidcAppended,
            MetadataLocation::OauthRoot,
            MetadataLocation::OauthAppended,
            MetadataLocation::OidcInserted,
        ],
        ..AsConfig::default()
    };
    let w = start_with(config, "/t", Vec::new()).await;
    for path in [
        "/t/.well-known/openid-configuration",
        "/.well-known/oauth-authorization-server",
        "/t/.well-known/oauth-authorization-server",
        "/.well-known/openid-configuration/t",
    ] {
        let r = w.get(&format!("{}{path}", w.origin)).await;
        assert_eq!(r.status, 200, "{path}");
        // Served as OIDC discovery too, so its required members are there.
        assert_eq!(r.json()["subject_types_supported"], json!(["public"]));
    }
    assert_eq!(
        w.get(&format!("{}/.well-known/oauth-authorization-server/t", w.origin)).await.status,
        404
    );
}

#[tokio::test]
async fn metadata_edits_remove_and_set_members() {
    let mut edits = DocumentEdits::default();
    edits.remove.push("code_challenge_methods_supported".into());
    edits.set.insert("issuer".into(), json!("https://elsewhere.test"));
    let w = start(AsConfig { metadata: edits, ..AsConfig::default() }).await;
    let m = w.metadata().await.json();
    assert!(m.get("code_challenge_methods_supported").is_none());
    assert_eq!(m["issuer"], "https://elsewhere.test");
}

#[tokio::test]
async fn pkce_methods_decide_what_authorize_accepts() {
    let w = start(AsConfig { pkce_methods: vec![], ..with_public_client() }).await;
    assert!(w.metadata().await.json().get("code_challenge_methods_supported").is_none());
    let r = w
        .authorize(&[
            ("response_type", "code"),
            ("client_id", "public"),
            ("redirect_uri", REDIRECT),
        ])
        .await;
    assert!(r.location_params().contains_key("code"));

    let w = start(AsConfig {
        pkce_methods: vec!["S256".into(), "plain".into()],
        ..with_public_client()
    })
    .await;
    assert_eq!(
        w.metadata().await.json()["code_challenge_methods_supported"],
        json!(["S256", "plain"])
    );
    let (verifier, _) = pkce();
    let r = w
        .authorize(&[
            ("response_type", "code"),
            ("client_id", "public"),
            ("redirect_uri", REDIRECT),
            ("code_challenge", &verifier),
        ])
        .await;
    let code = r.location_params()["code"].clone();
    let r = w.redeem(&code, &verifier, "public", &[]).await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn registration_can_be_switched_off() {
    let w = start(AsConfig { registration: false, ..AsConfig::default() }).await;
    assert!(w.metadata().await.json().get("registration_endpoint").is_none());
    assert_eq!(w.register(&public_registration()).await.status, 404);
}

#[tokio::test]
async fn registration_response_and_status_edits() {
    let mut edits = DocumentEdits::default();
    edits.remove.push("client_id".into());
    edits.set.insert("client_secret_expires_at".into(), json!("never"));
    let w = start(AsConfig {
        registration_response: edits,
        registration_status: 200,
        ..AsConfig::default()
    })
    .await;
    let r = w.register(&public_registration()).await;
    assert_eq!(r.status, 200);
    let body = r.json();
    assert!(body.get("client_id").is_none());
    assert_eq!(body["client_secret_expires_at"], "never");
}

#[tokio::test]
async fn client_id_metadata_documents_can_be_switched_off() {
    let w = start(AsConfig { client_id_metadata_documents: false, ..AsConfig::default() }).await;
    assert!(w.metadata().await.json().get("client_id_metadata_document_supported").is_none());
    let (_, challenge) = pkce();
    let r = w
        .authorize(&[
            ("response_type", "code"),
            ("client_id", "http://127.0.0.1:1/c.json"),
            ("redirect_uri", REDIRECT),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ])
        .await;
    assert_eq!(r.status, 400);
    assert!(String::from_utf8_lossy(&r.body).contains("unknown client_id"));
}

#[tokio::test]
async fn authorize_error_redirects_with_state_and_iss() {
    let behaviour = AuthorizeBehaviour::Error {
        error: "access_denied".into(),
        description: Some("the user said no".into()),
    };
    let (w, p) =
        authorization_response(AsConfig { authorize: behaviour, ..with_public_client() }).await;
    assert_eq!(
        (p["error"].as_str(), p["error_description"].as_str()),
        ("access_denied", "the user said no")
    );
    assert_eq!((p["state"].as_str(), p["iss"].as_str()), ("client-state", w.issuer.as_str()));
    assert!(!p.contains_key("code"));
}

async fn authorization_response(
    config: AsConfig,
) -> (super::World, std::collections::HashMap<String, String>) {
    let w = start(config).await;
    let (_, challenge) = pkce();
    let r = w
        .authorize(&[
            ("response_type", "code"),
            ("client_id", "public"),
            ("redirect_uri", REDIRECT),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
            ("state", "client-state"),
        ])
        .await;
    let p = r.location_params();
    (w, p)
}

#[tokio::test]
async fn iss_parameter_variants() {
    let (w, p) = authorization_response(AsConfig {
        iss_parameter: IssParameter::MissingButAdvertised,
        ..with_public_client()
    })
    .await;
    assert!(!p.contains_key("iss"));
    assert_eq!(w.metadata().await.json()["authorization_response_iss_parameter_supported"], true);
    let (w, p) = authorization_response(AsConfig {
        iss_parameter: IssParameter::Unsupported,
        ..with_public_client()
    })
    .await;
    assert!(!p.contains_key("iss"));
    assert!(
        w.metadata().await.json().get("authorization_response_iss_parameter_supported").is_none()
    );
    let (_, p) = authorization_response(AsConfig {
        iss_parameter: IssParameter::Value("https://evil.test".into()),
        ..with_public_client()
    })
    .await;
    assert_eq!(p["iss"], "https://evil.test");
}

#[tokio::test]
async fn state_variants() {
    let (_, p) =
        authorization_response(AsConfig { state: StateBehaviour::Drop, ..with_public_client() })
            .await;
    assert!(!p.contains_key("state") && p.contains_key("code"));
    let (_, p) = authorization_response(AsConfig {
        state: StateBehaviour::Replace("forged".into()),
        ..with_public_client()
    })
    .await;
    assert_eq!(p["state"], "forged");
}

fn policy(f: impl FnOnce(&mut TokenPolicy)) -> AsConfig {
    let mut config = with_public_client();
    f(&mut config.tokens);
    config
}

#[tokio::test]
async fn token_lifetime_and_expired_on_issue() {
    let w = start(policy(|p| p.lifetime_seconds = 60)).await;
    let t = w.tokens("public", &[]).await.json();
    assert_eq!(t["expires_in"], 60);
    let c = CompactJwt::parse(t["access_token"].as_str().unwrap()).unwrap().claims().object.clone();
    assert_eq!(c["exp"].as_u64().unwrap() - c["iat"].as_u64().unwrap(), 60);

    let w = start(policy(|p| p.expired_on_issue = true)).await;
    let t = w.tokens("public", &[]).await.json();
    assert_eq!(t["expires_in"], 3600);
    let at = t["access_token"].as_str().unwrap();
    assert_eq!(
        w.server.verifier().verify_at(at, &w.resource, now_seconds()),
        Err(TokenRejection::Expired)
    );
    assert_eq!(w.introspect(at).await["active"], false);
}

#[tokio::test]
async fn refresh_token_policies() {
    let w = start(policy(|p| p.refresh_tokens = false)).await;
    assert!(w.tokens("public", &[]).await.json().get("refresh_token").is_none());
    assert_eq!(
        w.metadata().await.json()["grant_types_supported"],
        json!(["authorization_code", "client_credentials"])
    );

    let w = start(policy(|p| p.rotate_refresh_tokens = false)).await;
    let t = w.tokens("public", &[]).await.json();
    let rt = t["refresh_token"].as_str().unwrap();
    for _ in 0..2 {
        let r = w
            .token(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", rt),
                ("client_id", "public"),
            ])
            .await;
        assert_eq!(r.status, 200);
        assert!(r.json().get("refresh_token").is_none(), "not rotated: the old one stays");
    }
}

#[tokio::test]
async fn granted_scope_narrows_the_grant() {
    let w = start(policy(|p| p.granted_scope = Some("mcp:tools".into()))).await;
    let t = w.tokens("public", &[("scope", "mcp:tools mcp:write")]).await.json();
    assert_eq!(t["scope"], "mcp:tools");
    let granted = w
        .server
        .verifier()
        .verify_at(t["access_token"].as_str().unwrap(), &w.resource, now_seconds())
        .unwrap();
    assert!(!granted.scope.contains("mcp:write"));
}

#[tokio::test]
async fn token_error_answers_every_token_request() {
    let w = start(policy(|p| p.error = Some("invalid_target".into()))).await;
    let (code, verifier) = w.code("public", &[]).await;
    let r = w.redeem(&code, &verifier, "public", &[]).await;
    assert_eq!((r.status, r.error()), (400, "invalid_target".to_owned()));
    let r = w.token(&[("grant_type", "client_credentials")]).await;
    assert_eq!(r.error(), "invalid_target");
}

#[tokio::test]
async fn cacheable_token_responses_lose_no_store() {
    let w = start(policy(|p| p.cacheable = true)).await;
    let (code, verifier) = w.code("public", &[]).await;
    let r = w.redeem(&code, &verifier, "public", &[]).await;
    assert_eq!(r.status, 200);
    assert!(r.header("cache-control").is_none());
}

#[tokio::test]
async fn malformed_replaces_each_endpoint() {
    let endpoints = [
        Endpoint::AsMetadata,
        Endpoint::Jwks,
        Endpoint::Registration,
        Endpoint::Authorize,
        Endpoint::Token,
        Endpoint::Introspection,
    ];
    let malformed =
        endpoints.iter().map(|e| (*e, MalformedResponse::Status { code: 418 })).collect();
    let w = start_with(with_public_client(), "", malformed).await;
    assert_eq!(w.metadata().await.status, 418);
    assert_eq!(w.get(&w.url("/jwks")).await.status, 418);
    assert_eq!(w.register(&public_registration()).await.status, 418);
    assert_eq!(w.authorize(&[("client_id", "public")]).await.status, 418);
    assert_eq!(w.token(&[("grant_type", "client_credentials")]).await.status, 418);
    assert_eq!(w.form("/introspect", &[("token", "x")], None).await.status, 418);
    // Revocation has no switchboard entry, so it still answers.
    assert_eq!(
        w.form("/revoke", &[("token", "x"), ("client_id", "public")], None).await.status,
        200
    );

    // Kinds that distort the real body keep it.
    let w = start_with(
        AsConfig::default(),
        "",
        vec![(Endpoint::AsMetadata, MalformedResponse::WrongContentType)],
    )
    .await;
    let r = w.metadata().await;
    assert_eq!(r.header("content-type"), Some("text/html"));
    assert_eq!(r.json()["issuer"], w.issuer.as_str());
    let w = start_with(
        AsConfig::default(),
        "",
        vec![(Endpoint::AsMetadata, MalformedResponse::RedirectLoop)],
    )
    .await;
    let r = w.metadata().await;
    assert_eq!((r.status, r.header("location")), (302, Some(w.server.metadata_urls()[0].as_str())));
}

#[tokio::test]
async fn reject_authorizations_refuses_the_first_requests_then_approves() {
    let reject = RejectAuthorizations {
        count: 1,
        error: "invalid_request".into(),
        description: Some("transform algorithm not supported".into()),
    };
    let config = AsConfig { reject_authorizations: Some(reject), ..with_public_client() };
    let (w, p) = authorization_response(config).await;
    assert_eq!(
        (p["error"].as_str(), p["error_description"].as_str()),
        ("invalid_request", "transform algorithm not supported")
    );
    assert_eq!((p["state"].as_str(), p["iss"].as_str()), ("client-state", w.issuer.as_str()));
    assert!(!p.contains_key("code"));
    // The second request is served as usual.
    let (code, _) = w.code("public", &[]).await;
    assert!(!code.is_empty());
}

#[tokio::test]
async fn a_request_the_server_would_refuse_anyway_does_not_use_up_a_rejection() {
    let reject =
        RejectAuthorizations { count: 1, error: "access_denied".into(), description: None };
    let w = start(AsConfig { reject_authorizations: Some(reject), ..with_public_client() }).await;
    let r = w
        .authorize(&[
            ("response_type", "code"),
            ("client_id", "public"),
            ("redirect_uri", REDIRECT),
        ])
        .await;
    assert_eq!(r.location_params()["error"], "invalid_request", "no PKCE: its own refusal");
    let (_, challenge) = pkce();
    let r = w
        .authorize(&[
            ("response_type", "code"),
            ("client_id", "public"),
            ("redirect_uri", REDIRECT),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ])
        .await;
    let p = r.location_params();
    assert_eq!(p["error"], "access_denied");
    assert_eq!(p["error_description"], "refused by configuration");
}

#[tokio::test]
async fn registration_error_answers_every_registration() {
    let reply = OAuthErrorReply {
        error: "invalid_redirect_uri".into(),
        description: Some("loopback redirect URIs are not accepted here".into()),
    };
    let w = start(AsConfig { registration_error: Some(reply), ..AsConfig::default() }).await;
    let r = w.register(&public_registration()).await;
    assert_eq!((r.status, r.error()), (400, "invalid_redirect_uri".to_owned()));
    assert_eq!(r.json()["error_description"], "loopback redirect URIs are not accepted here");
}

#[tokio::test]
async fn granted_scope_times_narrows_only_the_first_grants() {
    let w = start(policy(|p| {
        p.granted_scope = Some("mcp:tools".into());
        p.granted_scope_times = Some(1);
    }))
    .await;
    let wanted = [("scope", "mcp:tools mcp:write")];
    assert_eq!(w.tokens("public", &wanted).await.json()["scope"], "mcp:tools");
    assert_eq!(w.tokens("public", &wanted).await.json()["scope"], "mcp:tools mcp:write");
}
