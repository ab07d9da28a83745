//! What each flaw does on the wire, beyond failing its probe: the exact status and
//! challenge, and that the neighbouring behaviour stays conformant. Plus the PRM defects
//! that need no flaw, expressed as switchboard edits.

use mcp_auth_mocks::config::{DocumentEdits, MockConfig, RsFlaw};
use mcp_auth_mocks::mint::Forgery;
use mcp_auth_proto::challenge::{ChallengeErrorKind, parse_strict};
use mcp_auth_proto::documents::prm::{PrmContext, ProtectedResourceMetadata, validate};
use mcp_auth_proto::requirements::{
    RS_PRM_AS_NONEMPTY, RS_PRM_BEARER_METHODS, RS_PRM_RESOURCE, RS_PRM_SCOPES, RS_PRM_TYPES,
};
use mcp_auth_proto::{Level, RequirementId};
use reqwest::header::AUTHORIZATION;
use serde_json::{Value, json};

use super::{Target, flawed, initialize};

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

#[tokio::test]
async fn token_flaws_let_in_only_their_token() {
    let t = Target::with_flaws(&[RsFlaw::AcceptMissingExp]).await;
    assert_eq!(t.status_with(&t.mint(&t.spec().without_claim("exp"))).await, 200);
    assert_eq!(t.status_with(&t.mint(&t.spec().lifetime_seconds(-600))).await, 401);
    t.shutdown().await;

    let t = Target::with_flaws(&[RsFlaw::AcceptAlgNone]).await;
    assert_eq!(t.status_with(&t.forge(&t.spec(), &Forgery::AlgNone)).await, 200);
    let expired = t.forge(&t.spec().lifetime_seconds(-600), &Forgery::AlgNone);
    assert_eq!(t.status_with(&expired).await, 401, "claims are still validated");
    t.shutdown().await;

    let t = Target::with_flaws(&[RsFlaw::IgnoreIssuerClaim]).await;
    let slash = t.mint(&t.spec().claim("iss", format!("{}/", t.authority.issuer())));
    assert_eq!(t.status_with(&slash).await, 200);
    let untrusted = t.authority.other_minter().mint(&t.spec()).unwrap();
    assert_eq!(t.status_with(untrusted.expose()).await, 401, "untrusted keys stay untrusted");
    t.shutdown().await;

    let t = Target::with_flaws(&[RsFlaw::AcceptIdToken]).await;
    assert_eq!(t.status_with(&t.forge(&t.spec(), &Forgery::IdToken)).await, 200);
    let foreign = t.mint(&t.spec().audiences(["https://other.example/mcp"]));
    assert_eq!(t.status_with(&foreign).await, 401);
    t.shutdown().await;
}

#[tokio::test]
async fn garbage_500_crashes_only_on_values_that_are_not_jws_shaped() {
    let t = Target::with_flaws(&[RsFlaw::Garbage500]).await;
    assert_eq!(t.status_with("opaque-garbage").await, 500);
    assert_eq!(t.status_with(&t.forge(&t.spec(), &Forgery::Truncated)).await, 500);
    let tampered = t.send(t.initialize(Some(&bearer(&t.invalid())))).await;
    assert_eq!(tampered.status, 401);
    assert_eq!(tampered.param("error").as_deref(), Some("invalid_token"));
    t.shutdown().await;
}

#[tokio::test]
async fn smuggled_tokens_are_used_only_by_the_flawed_servers() {
    let t = Target::with_flaws(&[RsFlaw::HonourQueryToken, RsFlaw::HonourBodyToken]).await;
    let token = t.valid();
    let query = t.http.post(format!("{}?access_token={token}", t.url()));
    assert_eq!(t.send(query.body(initialize().to_string())).await.status, 200);
    let mut in_params = initialize();
    in_params["params"]["access_token"] = json!(token);
    assert_eq!(t.send(t.post(&in_params)).await.status, 200);
    let mut in_meta = initialize();
    in_meta["params"]["_meta"] = json!({ "access_token": token });
    assert_eq!(t.send(t.post(&in_meta)).await.status, 200);
    // A header still wins: an invalid header token is not rescued by the query.
    let both = t.http.post(format!("{}?access_token={token}", t.url())).bearer_auth(t.invalid());
    assert_eq!(t.send(both.body(initialize().to_string())).await.status, 401);
    t.shutdown().await;
}

#[tokio::test]
async fn credential_parsing_flaws() {
    let t = Target::with_flaws(&[RsFlaw::MultipleAuthorizationUsesLast]).await;
    let two = |first: String, last: String| {
        t.initialize(Some(&bearer(&first))).header(AUTHORIZATION, bearer(&last))
    };
    assert_eq!(t.send(two(t.invalid(), t.valid())).await.status, 200);
    assert_eq!(t.send(two(t.valid(), t.invalid())).await.status, 401);
    t.shutdown().await;

    let t = Target::with_flaws(&[RsFlaw::CaseSensitiveBearer]).await;
    assert_eq!(t.status_with(&t.valid()).await, 200);
    let lower = t.send(t.initialize(Some(&format!("bearer {}", t.valid())))).await;
    assert_eq!(lower.status, 401);
    assert_eq!(lower.param("error").as_deref(), Some("invalid_token"));
    t.shutdown().await;

    let t = Target::with_flaws(&[RsFlaw::MalformedCredentials500]).await;
    for value in ["Bearer", "Bearer a b", "Bearer=abc", "abc"] {
        assert_eq!(t.send(t.initialize(Some(value))).await.status, 500, "{value}");
    }
    let basic = t.send(t.initialize(Some("Basic dXNlcjpwYXNz"))).await;
    assert_eq!(basic.status, 401, "another scheme is not malformed Bearer");
    t.shutdown().await;

    let t = Target::with_flaws(&[RsFlaw::OtherScheme400]).await;
    let basic = t.send(t.initialize(Some("Basic dXNlcjpwYXNz"))).await;
    assert_eq!(basic.status, 400);
    assert_eq!(basic.param("error").as_deref(), Some("invalid_request"));
    t.shutdown().await;
}

#[tokio::test]
async fn anonymous_challenge_flaws() {
    let t = Target::with_flaws(&[RsFlaw::Anonymous403]).await;
    let anonymous = t.send(t.initialize(None)).await;
    assert_eq!(anonymous.status, 403);
    assert!(anonymous.param("resource_metadata").is_some(), "the usual challenge");
    assert_eq!(anonymous.param("error"), None);
    assert_eq!(t.status_with(&t.invalid()).await, 401);
    t.shutdown().await;

    let t = Target::with_flaws(&[RsFlaw::NoWwwAuthenticate]).await;
    let anonymous = t.send(t.initialize(None)).await;
    assert_eq!((anonymous.status, anonymous.challenges.len()), (401, 0));
    let invalid = t.send(t.initialize(Some(&bearer(&t.invalid())))).await;
    assert_eq!((invalid.status, invalid.challenges.len()), (401, 0));
    assert_eq!(invalid.body["error"], "invalid_token", "the body still says why");
    let forbidden = t.send(t.call(&t.valid(), "write")).await;
    assert_eq!((forbidden.status, forbidden.challenges.len()), (403, 1));
    t.shutdown().await;

    let t = Target::with_flaws(&[RsFlaw::ErrorOnAnonymous]).await;
    let anonymous = t.send(t.initialize(None)).await;
    assert_eq!(anonymous.status, 401);
    assert_eq!(anonymous.param("error").as_deref(), Some("invalid_token"));
    let basic = t.send(t.initialize(Some("Basic dXNlcjpwYXNz"))).await;
    assert_eq!(basic.param("error"), None, "another scheme keeps its plain challenge");
    t.shutdown().await;
}

#[tokio::test]
async fn resource_metadata_flaws() {
    let t = Target::with_flaws(&[RsFlaw::OmitResourceMetadata]).await;
    let anonymous = t.send(t.initialize(None)).await;
    assert!(anonymous.has_bearer_challenge());
    assert_eq!(anonymous.param("resource_metadata"), None);
    let bad_request = t.send(t.initialize(Some("Bearer a b"))).await;
    assert_eq!((bad_request.status, bad_request.param("resource_metadata")), (400, None));
    let forbidden = t.send(t.call(&t.valid(), "write")).await;
    assert_eq!(forbidden.param("resource_metadata"), Some(t.prm_url()));
    assert_eq!(t.http.get(t.prm_url()).send().await.unwrap().status(), 200, "PRM still served");
    t.shutdown().await;

    let t = Target::with_flaws(&[RsFlaw::Omit403ResourceMetadata]).await;
    let forbidden = t.send(t.call(&t.valid(), "write")).await;
    assert_eq!((forbidden.status, forbidden.param("resource_metadata")), (403, None));
    assert_eq!(forbidden.param("scope").as_deref(), Some("mcp:write"));
    let anonymous = t.send(t.initialize(None)).await;
    assert_eq!(anonymous.param("resource_metadata"), Some(t.prm_url()));
    t.shutdown().await;
}

#[tokio::test]
async fn duplicate_challenge_param_repeats_resource_metadata_in_every_challenge() {
    let t = Target::with_flaws(&[RsFlaw::DuplicateChallengeParam]).await;
    let answers = [
        t.send(t.initialize(None)).await,
        t.send(t.initialize(Some(&bearer(&t.invalid())))).await,
        t.send(t.initialize(Some("Bearer a b"))).await,
        t.send(t.call(&t.valid(), "write")).await,
    ];
    for answer in answers {
        let raw = String::from_utf8(answer.challenges[0].clone()).unwrap();
        let expected = format!("resource_metadata=\"{}\"", t.prm_url());
        assert_eq!(raw.matches(&expected).count(), 2, "{raw}");
        let error = parse_strict(&[raw.as_bytes()]).unwrap_err();
        assert!(matches!(error.kind, ChallengeErrorKind::DuplicateParam { .. }), "{error:?}");
        assert_eq!(answer.param("resource_metadata"), Some(t.prm_url()), "lenient reading");
    }
    t.shutdown().await;
}

#[tokio::test]
async fn reflect_forwarded_host_builds_the_challenge_url_from_the_request() {
    let t = Target::with_flaws(&[RsFlaw::ReflectForwardedHost]).await;
    let forwarded =
        t.send(t.initialize(None).header("x-forwarded-host", "evil.example:8443")).await;
    assert_eq!(
        forwarded.param("resource_metadata").as_deref(),
        Some("http://evil.example:8443/.well-known/oauth-protected-resource/mcp")
    );
    let host = t.send(t.initialize(None).header("host", "evil.example")).await;
    assert!(host.param("resource_metadata").unwrap().starts_with("http://evil.example/"));
    // Without either header it is the real host, so nothing looks wrong.
    let plain = t.send(t.initialize(None)).await;
    assert_eq!(plain.param("resource_metadata"), Some(t.prm_url()));
    let prm = t.http.get(t.prm_url()).header("x-forwarded-host", "evil.example");
    let prm: Value = prm.send().await.unwrap().json().await.unwrap();
    assert_eq!(prm["resource"], t.url(), "PRM is not affected");
    t.shutdown().await;
}

#[tokio::test]
async fn scope_flaws() {
    let t = Target::with_flaws(&[RsFlaw::InsufficientScopeAs401]).await;
    let answer = t.send(t.call(&t.valid(), "write")).await;
    assert_eq!((answer.status, answer.param("error").as_deref()), (401, Some("invalid_token")));
    t.shutdown().await;

    let t = Target::with_flaws(&[RsFlaw::ScopeNotEnforced]).await;
    let answer = t.send(t.call(&t.valid(), "write")).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body["result"]["content"][0]["text"], "stored 1 characters");
    t.shutdown().await;

    let t = Target::with_flaws(&[RsFlaw::Omit403Scope]).await;
    let answer = t.send(t.call(&t.valid(), "write")).await;
    assert_eq!(answer.status, 403);
    assert_eq!(answer.param("error").as_deref(), Some("insufficient_scope"));
    assert_eq!(answer.param("scope"), None);
    t.shutdown().await;

    let mut config = flawed(&[RsFlaw::Incremental403]);
    let needed = vec!["mcp:write".to_owned(), "mcp:admin".to_owned()];
    config.resource_server.tool_scopes.insert("write".to_owned(), needed);
    let t = Target::start(config).await;
    let mut granted = "mcp:tools".to_owned();
    let mut named = Vec::new();
    loop {
        let answer = t.send(t.call(&t.mint(&t.spec().scope(Some(granted.clone()))), "write")).await;
        if answer.status != 403 {
            assert_eq!(answer.status, 200);
            break;
        }
        let scope = answer.param("scope").unwrap();
        named.push(scope.clone());
        granted = format!("{granted} {scope}");
    }
    assert_eq!(named, ["mcp:write", "mcp:admin"], "one round per missing scope");
    t.shutdown().await;

    let mut config = flawed(&[RsFlaw::IgnoreScopeHierarchy]);
    config.resource_server.scope_implies.insert("mcp:admin".into(), vec!["mcp:write".into()]);
    let t = Target::start(config).await;
    let admin = t.mint(&t.spec().scope(Some("mcp:admin")));
    assert_eq!(t.send(t.call(&admin, "write")).await.status, 403);
    let both = t.mint(&t.spec().scope(Some("mcp:admin mcp:write")));
    assert_eq!(t.send(t.call(&both, "write")).await.status, 200);
    t.shutdown().await;
}

#[tokio::test]
async fn session_flaws() {
    let t = Target::with_flaws(&[RsFlaw::SessionSubstitutesToken]).await;
    let session = t.open_session(&t.valid()).await.unwrap();
    let list = t.send(t.list_in(&session, None)).await;
    assert_eq!(list.status, 200, "served as alice without a token");
    assert_eq!(list.body["result"]["tools"][0]["name"], "echo");
    assert_eq!(t.send(t.initialize(None)).await.status, 401, "no session, no service");
    let unknown = t.send(t.list_in("no-such-session", None)).await;
    assert_eq!(unknown.status, 401);
    let delete = t.http.delete(t.url()).header("mcp-session-id", &session);
    assert_eq!(t.send(delete).await.status, 204);
    t.shutdown().await;

    let t = Target::with_flaws(&[RsFlaw::SessionNotBoundToUser]).await;
    let session = t.open_session(&t.valid()).await.unwrap();
    let bob = t.mint(&t.spec().subject("bob"));
    assert_eq!(t.send(t.list_in(&session, Some(&bob))).await.status, 200);
    assert_eq!(t.send(t.list_in(&session, None)).await.status, 401, "a token is still needed");
    t.shutdown().await;

    let t = Target::with_flaws(&[RsFlaw::SequentialSessionIds]).await;
    let first = t.open_session(&t.valid()).await.unwrap();
    let second = t.open_session(&t.valid()).await.unwrap();
    assert_eq!((first.as_str(), second.as_str()), ("session-1", "session-2"));
    t.shutdown().await;

    let t = Target::with_flaws(&[RsFlaw::NoOriginCheck]).await;
    let request = t.initialize(Some(&bearer(&t.valid()))).header("origin", "https://evil.example");
    assert_eq!(t.send(request).await.status, 200);
    let anonymous = t.initialize(None).header("origin", "https://evil.example");
    assert_eq!(t.send(anonymous).await.status, 401, "authorization is still checked");
    t.shutdown().await;
}

#[tokio::test]
async fn prm_requires_token_hides_discovery_behind_a_token() {
    let mut config = flawed(&[RsFlaw::PrmRequiresToken]);
    config.resource_server.revoke_tokens_after = Some(1);
    let t = Target::start(config).await;
    let anonymous = t.http.get(t.prm_url()).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    let challenge = anonymous.headers()["www-authenticate"].to_str().unwrap().to_owned();
    assert!(challenge.contains(&t.prm_url()), "{challenge}");
    let token = t.valid();
    let with_token = t.http.get(t.prm_url()).bearer_auth(&token).send().await.unwrap();
    assert_eq!(with_token.status(), 200);
    let prm: Value = with_token.json().await.unwrap();
    assert_eq!(prm["resource"], t.url());
    // Fetching PRM did not use up the token's one allowed MCP request.
    assert_eq!(t.status_with(&token).await, 200);
    assert_eq!(t.status_with(&token).await, 401);
    t.shutdown().await;
}

/// PRM defects need no flaw: `prm` edits express them. Each edit below makes proto's PRM
/// validator report its requirement at SHOULD or MUST level, which the unedited document
/// does not (it has only the `Info` notes on loopback `http`).
#[tokio::test]
async fn prm_defects_are_switchboard_edits() {
    let edits: [(RequirementId, &str, Value); 5] = [
        (RS_PRM_RESOURCE, "resource", json!("https://evil.example/mcp")),
        (RS_PRM_AS_NONEMPTY, "authorization_servers", json!([])),
        (RS_PRM_TYPES, "scopes_supported", json!("mcp:tools mcp:write")),
        (RS_PRM_BEARER_METHODS, "bearer_methods_supported", json!(["header", "query"])),
        (RS_PRM_SCOPES, "scopes_supported", json!(["mcp:tools", "offline_access"])),
    ];
    let findings = |config: MockConfig| async move {
        let t = Target::start(config).await;
        let body = t.http.get(t.prm_url()).send().await.unwrap().bytes().await.unwrap();
        let doc = ProtectedResourceMetadata::parse(&body).unwrap();
        let context =
            PrmContext { expected_resource: Some(t.url().to_owned()), ..PrmContext::default() };
        t.shutdown().await;
        validate(&doc, &context)
    };
    let violates = |findings: &[mcp_auth_proto::Finding], requirement: RequirementId| {
        findings.iter().any(|f| f.requirement == requirement && f.level >= Level::Should)
    };
    let baseline = findings(MockConfig::default()).await;
    for (requirement, member, value) in edits {
        assert!(!violates(&baseline, requirement), "{requirement} in the baseline: {baseline:#?}");
        let mut config = MockConfig::default();
        let mut set = serde_json::Map::new();
        set.insert(member.to_owned(), value.clone());
        config.resource_server.prm = DocumentEdits { remove: Vec::new(), set };
        let edited = findings(config).await;
        assert!(
            violates(&edited, requirement),
            "{member} = {value} should break {requirement}: {edited:#?}"
        );
    }
}
