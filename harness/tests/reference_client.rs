#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! The reference client (`mcp-auth-reference-client`) run as a process, the way client mode
//! and the official suite launch a client, against in-process mock worlds: it completes in
//! the conformant world, refuses in hostile ones, and each broken variant does its wrong
//! thing where the world's journal shows it.

use std::process::Stdio;
use std::time::Duration;

use mcp_auth_harness::reference_client::decide::{
    CIMD_CLIENT_ID, MAX_REAUTHORIZATIONS, MAX_STEP_UPS, REDIRECT_URI, UNREGISTERED_REDIRECT_URI,
};
use mcp_auth_harness::reference_client::{Break, exit};
use mcp_auth_mocks::config::MockConfig;
use mcp_auth_mocks::journal::{Entry, Listener};
use mcp_auth_mocks::world::{World, WorldOptions};

const BIN: &str = env!("CARGO_BIN_EXE_mcp-auth-reference-client");

async fn world(yaml: &str) -> World {
    let config: MockConfig = if yaml.trim().is_empty() {
        MockConfig::default()
    } else {
        serde_saphyr::from_str(yaml).unwrap()
    };
    World::start(config, WorldOptions::default()).await.unwrap()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn show(&self) -> String {
        format!("exit {}\nstdout: {}\nstderr: {}", self.code, self.stdout, self.stderr)
    }
}

async fn run(world: &World, version: &str, breaks: &[&str], context: Option<&str>) -> Run {
    let mut command = tokio::process::Command::new(BIN);
    for b in breaks {
        command.arg("--break").arg(b);
    }
    command
        .arg(&world.mcp_url)
        .env("MCP_CONFORMANCE_SCENARIO", "auth/reference-client-test")
        .env("MCP_CONFORMANCE_PROTOCOL_VERSION", version)
        .env_remove("MCP_AUTH_REFERENCE_CLIENT_BREAK")
        .stdin(Stdio::null())
        .kill_on_drop(true);
    match context {
        Some(json) => command.env("MCP_CONFORMANCE_CONTEXT", json),
        None => command.env_remove("MCP_CONFORMANCE_CONTEXT"),
    };
    let output = tokio::time::timeout(Duration::from_secs(60), command.output())
        .await
        .expect("the client hung")
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn to_as(world: &World, path_suffix: &str) -> Vec<Entry> {
    world.journal.filter(|e| {
        matches!(e.listener, Listener::AuthorizationServer(_)) && e.path().ends_with(path_suffix)
    })
}

fn authorize_requests(world: &World) -> Vec<Entry> {
    to_as(world, "/authorize")
}

fn token_requests(world: &World) -> Vec<Entry> {
    to_as(world, "/token")
}

fn param(params: &[(String, String)], name: &str) -> Option<String> {
    params.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

fn access_tokens(world: &World) -> Vec<String> {
    world
        .journal
        .filter(|e| e.listener == Listener::ResourceServer)
        .iter()
        .filter_map(|e| e.header("authorization").and_then(|v| v.strip_prefix("Bearer ")))
        .map(str::to_owned)
        .collect()
}

// --- the conformant client ---

async fn conformant_flow(version: &str) {
    let w = world("").await;
    let r = run(&w, version, &[], None).await;
    assert_eq!(r.code, i32::from(exit::OK), "{}\n{}", r.show(), w.journal.render());
    assert!(r.stdout.contains("echo") && r.stdout.contains("write"), "{}", r.show());

    // First authorization with the challenge's scope, then a step-up for the union.
    let authorizations = authorize_requests(&w);
    assert_eq!(authorizations.len(), 2, "{}", w.journal.render());
    let mut challenges = Vec::new();
    for a in &authorizations {
        let q = a.query_params();
        assert_eq!(param(&q, "code_challenge_method").as_deref(), Some("S256"));
        assert!(param(&q, "state").is_some_and(|s| s.len() >= 32));
        assert_eq!(param(&q, "resource").as_deref(), Some(w.mcp_url.as_str()));
        assert_eq!(param(&q, "redirect_uri").as_deref(), Some(REDIRECT_URI));
        challenges.push(param(&q, "code_challenge").unwrap());
    }
    assert_ne!(challenges[0], challenges[1], "PKCE must be fresh per authorization");
    assert_eq!(param(&authorizations[0].query_params(), "scope").as_deref(), Some("mcp:tools"));
    assert_eq!(
        param(&authorizations[1].query_params(), "scope").as_deref(),
        Some("mcp:tools mcp:write")
    );
    for t in token_requests(&w) {
        let f = t.form_params();
        assert!(param(&f, "code_verifier").is_some());
        assert_eq!(param(&f, "resource").as_deref(), Some(w.mcp_url.as_str()));
    }
    // The token goes only to the MCP server, only in the header.
    let tokens = access_tokens(&w);
    assert!(!tokens.is_empty());
    for e in w.journal.entries() {
        for t in &tokens {
            assert!(!e.target.contains(t.as_str()), "token in a URL: {}", e.target);
        }
        if e.listener != Listener::ResourceServer {
            assert!(e.header("authorization").is_none_or(|v| !v.starts_with("Bearer ")));
        }
    }
    // Nothing secret on the client's output.
    for t in &tokens {
        assert!(!r.stderr.contains(t.as_str()) && !r.stdout.contains(t.as_str()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conformant_client_completes_at_2025_11_25() {
    conformant_flow("2025-11-25").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conformant_client_completes_at_2026_07_28_stateless() {
    conformant_flow("2026-07-28").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conformant_client_completes_at_2025_06_18() {
    conformant_flow("2025-06-18").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discovery_order_finds_path_issuer_metadata_at_the_oidc_appended_location() {
    let w = world(
        "authorization_server:\n  issuer_path: /tenant1\n  metadata_locations: [oidc_appended]\n",
    )
    .await;
    let r = run(&w, "2025-11-25", &[], None).await;
    assert_eq!(r.code, 0, "{}", r.show());
    let probes: Vec<String> = w
        .journal
        .filter(|e| e.path().contains("/.well-known/"))
        .iter()
        .filter(|e| matches!(e.listener, Listener::AuthorizationServer(_)))
        .map(|e| e.path().to_owned())
        .collect();
    assert_eq!(
        probes[..3],
        [
            "/.well-known/oauth-authorization-server/tenant1",
            "/.well-known/openid-configuration/tenant1",
            "/tenant1/.well-known/openid-configuration"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pre_registered_credentials_from_the_context_are_used_without_registration() {
    let yaml = format!(
        "authorization_server:\n  registration: false\n  clients:\n    - client_id: pre-registered-client\n      client_secret: pre-registered-secret\n      redirect_uris: [\"{REDIRECT_URI}\"]\n      token_endpoint_auth_method: client_secret_basic\n"
    );
    let w = world(&yaml).await;
    let context = r#"{"name":"auth/pre-registration","client_id":"pre-registered-client","client_secret":"pre-registered-secret"}"#;
    let r = run(&w, "2025-11-25", &[], Some(context)).await;
    assert_eq!(r.code, 0, "{}\n{}", r.show(), w.journal.render());
    assert!(to_as(&w, "/register").is_empty());
    assert!(
        token_requests(&w)
            .iter()
            .all(|t| t.header("authorization").is_some_and(|v| v.starts_with("Basic ")))
    );
    assert!(!r.stderr.contains("pre-registered-secret"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoked_token_is_refreshed_with_resource() {
    let w = world("resource_server:\n  revoke_tokens_after: 2\n").await;
    let r = run(&w, "2025-11-25", &[], None).await;
    assert_eq!(r.code, 0, "{}\n{}", r.show(), w.journal.render());
    let refreshes: Vec<Entry> = token_requests(&w)
        .into_iter()
        .filter(|t| param(&t.form_params(), "grant_type").as_deref() == Some("refresh_token"))
        .collect();
    assert!(!refreshes.is_empty(), "{}", w.journal.render());
    for t in refreshes {
        assert_eq!(param(&t.form_params(), "resource").as_deref(), Some(w.mcp_url.as_str()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_refresh_tokens_a_revoked_token_means_a_new_authorization() {
    let w = world(
        "authorization_server:\n  tokens:\n    refresh_tokens: false\nresource_server:\n  revoke_tokens_after: 2\n",
    )
    .await;
    let r = run(&w, "2025-11-25", &[], None).await;
    assert_eq!(r.code, 0, "{}\n{}", r.show(), w.journal.render());
    assert!(authorize_requests(&w).len() > 2, "{}", w.journal.render());
    assert!(
        token_requests(&w)
            .iter()
            .all(|t| param(&t.form_params(), "grant_type").as_deref() != Some("refresh_token"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn step_up_is_bounded_when_the_server_forbids_forever() {
    let w = world("resource_server:\n  forbid_forever: true\n").await;
    let r = run(&w, "2025-11-25", &[], None).await;
    assert_eq!(r.code, i32::from(exit::FAILED), "{}", r.show());
    assert!(r.stderr.contains("step-up"), "{}", r.show());
    assert_eq!(authorize_requests(&w).len() as u32, 1 + MAX_STEP_UPS);
}

// --- hostile worlds: the conformant client refuses ---

async fn refuses(yaml: &str, version: &str, requirement: &str) -> World {
    let w = world(yaml).await;
    let r = run(&w, version, &[], None).await;
    assert_eq!(r.code, i32::from(exit::REFUSED), "{}\n{}", r.show(), w.journal.render());
    assert!(r.stderr.contains(requirement), "{}", r.show());
    assert!(token_requests(&w).is_empty(), "{}", w.journal.render());
    assert!(access_tokens(&w).is_empty());
    w
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refuses_an_authorization_server_without_s256() {
    let w = refuses(
        "authorization_server:\n  pkce_methods: [plain]\n",
        "2025-11-25",
        "C-PKCE-NO-S256-ADVERTISED",
    )
    .await;
    assert!(authorize_requests(&w).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refuses_metadata_without_code_challenge_methods_supported() {
    let w = refuses(
        "authorization_server:\n  metadata:\n    remove: [code_challenge_methods_supported]\n",
        "2026-07-28",
        "C-PKCE-METADATA-REQUIRED",
    )
    .await;
    assert!(authorize_requests(&w).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refuses_metadata_whose_issuer_differs() {
    let w = refuses(
        "authorization_server:\n  metadata:\n    set:\n      issuer: https://attacker.example\n",
        "2025-11-25",
        "C-ASMETA-ISSUER-MATCH",
    )
    .await;
    assert!(to_as(&w, "/register").is_empty() && authorize_requests(&w).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refuses_prm_for_another_resource() {
    let w = refuses(
        "resource_server:\n  prm:\n    set:\n      resource: https://evil.example/mcp\n",
        "2025-11-25",
        "C-PRM-RESOURCE-MATCH",
    )
    .await;
    assert!(
        w.journal.filter(|e| matches!(e.listener, Listener::AuthorizationServer(_))).is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refuses_a_wrong_iss() {
    let w = refuses(
        "authorization_server:\n  iss_parameter:\n    value: https://evil.example\n",
        "2025-11-25",
        "C-ISS-MISMATCH",
    )
    .await;
    assert_eq!(authorize_requests(&w).len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refuses_a_missing_iss_when_advertised() {
    refuses(
        "authorization_server:\n  iss_parameter: missing_but_advertised\n",
        "2025-11-25",
        "C-ISS-ADVERTISED-MISSING",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refuses_an_altered_state() {
    refuses(
        "authorization_server:\n  state:\n    replace: forged-state\n",
        "2025-11-25",
        "C-STATE",
    )
    .await;
}

// --- broken variants: each does its wrong thing, visibly ---

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_variant_names_a_client_row_and_is_tested_below() {
    // The tests below cover each variant by name; this pins the list so a new variant
    // without a test is noticed.
    let names: Vec<&str> = Break::ALL.iter().map(|b| b.name()).collect();
    assert_eq!(
        names,
        [
            "no-pkce",
            "plain-pkce",
            "skip-prm-resource-check",
            "skip-issuer-check",
            "ignore-missing-s256",
            "no-state",
            "ignore-iss",
            "no-resource",
            "token-in-query",
            "token-to-other-host",
            "no-step-up",
            "unbounded-step-up",
            "plain-after-error",
            "reuse-old-refresh-token",
            "assume-refresh-token",
            "no-token-renewal",
            "unbounded-reauthorization",
            "invent-authorization-server",
            "guess-endpoints",
            "follow-metadata-redirects",
            "accept-any-url-scheme",
            "unregistered-redirect-uri",
            "unbounded-registration-retry",
            "no-application-type",
            "ignore-challenge-scope",
            "ignore-prm-scopes",
            "default-scope",
            "no-scope-union",
            "secret-in-form",
            "no-cimd",
            "ignore-pre-registration",
            "offline-access-always",
            "reuse-client-across-as",
            "require-iss",
            "no-legacy-discovery",
            "assertion-aud-token-endpoint",
            "probe-root-prm",
            "no-oidc-discovery",
            "drop-issuer-path",
            "no-prm-fallback"
        ]
    );
    assert!(Break::ALL.iter().all(|b| b.requirement().as_str().starts_with("C-")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_no_pkce_sends_no_code_challenge() {
    let w = world("").await;
    let r = run(&w, "2025-11-25", &["no-pkce"], None).await;
    assert!(r.stderr.contains("BROKEN VARIANT no-pkce"), "{}", r.show());
    let a = authorize_requests(&w);
    assert!(!a.is_empty());
    assert!(a.iter().all(|e| param(&e.query_params(), "code_challenge").is_none()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_plain_pkce_uses_plain() {
    let w = world("").await;
    run(&w, "2025-11-25", &["plain-pkce"], None).await;
    let a = authorize_requests(&w);
    assert!(!a.is_empty());
    assert_eq!(param(&a[0].query_params(), "code_challenge_method").as_deref(), Some("plain"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_skip_prm_resource_check_uses_prm_for_another_resource() {
    let w = world("resource_server:\n  prm:\n    set:\n      resource: https://evil.example/mcp\n")
        .await;
    let r = run(&w, "2025-11-25", &["skip-prm-resource-check"], None).await;
    assert_ne!(r.code, i32::from(exit::REFUSED), "{}", r.show());
    assert!(!authorize_requests(&w).is_empty(), "{}", w.journal.render());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_skip_issuer_check_uses_mismatched_metadata() {
    let w = world(
        "authorization_server:\n  metadata:\n    set:\n      issuer: https://attacker.example\n",
    )
    .await;
    run(&w, "2025-11-25", &["skip-issuer-check"], None).await;
    assert!(!authorize_requests(&w).is_empty(), "{}", w.journal.render());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_ignore_missing_s256_proceeds_without_s256() {
    let w = world(
        "authorization_server:\n  metadata:\n    remove: [code_challenge_methods_supported]\n",
    )
    .await;
    run(&w, "2025-11-25", &["ignore-missing-s256"], None).await;
    assert!(!authorize_requests(&w).is_empty(), "{}", w.journal.render());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_no_state_sends_no_state_and_accepts_a_forged_one() {
    let w = world("authorization_server:\n  state:\n    replace: forged-state\n").await;
    run(&w, "2025-11-25", &["no-state"], None).await;
    let a = authorize_requests(&w);
    assert!(!a.is_empty() && a.iter().all(|e| param(&e.query_params(), "state").is_none()));
    assert!(!token_requests(&w).is_empty(), "{}", w.journal.render());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_ignore_iss_redeems_a_code_with_a_wrong_iss() {
    let w =
        world("authorization_server:\n  iss_parameter:\n    value: https://evil.example\n").await;
    let r = run(&w, "2025-11-25", &["ignore-iss"], None).await;
    assert!(!token_requests(&w).is_empty(), "{}", r.show());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_no_resource_omits_resource() {
    let w = world("").await;
    run(&w, "2025-11-25", &["no-resource"], None).await;
    let a = authorize_requests(&w);
    assert!(!a.is_empty() && a.iter().all(|e| param(&e.query_params(), "resource").is_none()));
    let t = token_requests(&w);
    assert!(!t.is_empty() && t.iter().all(|e| param(&e.form_params(), "resource").is_none()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_token_in_query_puts_the_token_in_the_url() {
    let w = world("").await;
    run(&w, "2025-11-25", &["token-in-query"], None).await;
    let leaked = w
        .journal
        .filter(|e| e.listener == Listener::ResourceServer && e.target.contains("access_token="));
    assert!(!leaked.is_empty(), "{}", w.journal.render());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_token_to_other_host_sends_the_bearer_to_the_authorization_server() {
    let w = world("").await;
    run(&w, "2025-11-25", &["token-to-other-host"], None).await;
    let tokens = access_tokens(&w);
    let leaked = w.journal.filter(|e| {
        matches!(e.listener, Listener::AuthorizationServer(_))
            && e.header("authorization").is_some_and(|v| {
                v.strip_prefix("Bearer ").is_some_and(|t| tokens.iter().any(|k| k == t))
            })
    });
    assert!(!leaked.is_empty(), "{}", w.journal.render());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_no_step_up_gives_up_on_insufficient_scope() {
    let w = world("").await;
    let r = run(&w, "2025-11-25", &["no-step-up"], None).await;
    assert_ne!(r.code, 0, "{}", r.show());
    assert_eq!(authorize_requests(&w).len(), 1);
    assert!(!w.journal.filter(|e| e.status == 403).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_unbounded_step_up_keeps_reauthorizing() {
    let w = world("resource_server:\n  forbid_forever: true\n").await;
    run(&w, "2025-11-25", &["unbounded-step-up"], None).await;
    assert!(authorize_requests(&w).len() as u32 > 1 + MAX_STEP_UPS, "{}", w.journal.render());
}

fn grants(world: &World, grant_type: &str) -> Vec<Entry> {
    token_requests(world)
        .into_iter()
        .filter(|e| param(&e.form_params(), "grant_type").as_deref() == Some(grant_type))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_plain_after_error_downgrades_on_its_retry() {
    let w = world(
        "authorization_server:\n  reject_authorizations: {count: 1, error: invalid_request}\n",
    )
    .await;
    let r = run(&w, "2025-11-25", &["plain-after-error"], None).await;
    let methods: Vec<Option<String>> = authorize_requests(&w)
        .iter()
        .map(|e| param(&e.query_params(), "code_challenge_method"))
        .collect();
    assert_eq!(methods, [Some("S256".to_owned()), Some("plain".to_owned())], "{}", r.show());
    // The conformant client stops at the error instead.
    let w = world(
        "authorization_server:\n  reject_authorizations: {count: 1, error: invalid_request}\n",
    )
    .await;
    let r = run(&w, "2025-11-25", &[], None).await;
    assert_eq!(
        (r.code, authorize_requests(&w).len()),
        (i32::from(exit::FAILED), 1),
        "{}",
        r.show()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_reuse_old_refresh_token_replays_a_rotated_token() {
    let yaml = "resource_server:\n  revoke_tokens_after: 1\n  tool_scopes: {}\n";
    let w = world(yaml).await;
    let r = run(&w, "2026-07-28", &["reuse-old-refresh-token"], None).await;
    let refreshes = grants(&w, "refresh_token");
    assert!(refreshes.iter().any(|e| e.status == 400), "{}\n{}", r.show(), w.journal.render());
    let w = world(yaml).await;
    let r = run(&w, "2026-07-28", &[], None).await;
    let refreshes = grants(&w, "refresh_token");
    assert_eq!(r.code, 0, "{}", r.show());
    assert!(refreshes.len() >= 2 && refreshes.iter().all(|e| e.status == 200));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_assume_refresh_token_refreshes_with_nothing() {
    let yaml = "authorization_server:\n  tokens: {refresh_tokens: false}\nresource_server:\n  revoke_tokens_after: 2\n  tool_scopes: {}\n";
    let w = world(yaml).await;
    let r = run(&w, "2026-07-28", &["assume-refresh-token"], None).await;
    assert_ne!(r.code, 0, "{}", r.show());
    assert!(!grants(&w, "refresh_token").is_empty(), "{}", w.journal.render());
    let w = world(yaml).await;
    let r = run(&w, "2026-07-28", &[], None).await;
    assert_eq!(r.code, 0, "{}", r.show());
    assert!(grants(&w, "refresh_token").is_empty());
    assert!(grants(&w, "authorization_code").len() >= 2, "{}", w.journal.render());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_no_token_renewal_gives_up_on_the_first_refused_token() {
    let w = world("resource_server:\n  revoke_tokens_after: 2\n  tool_scopes: {}\n").await;
    let r = run(&w, "2026-07-28", &["no-token-renewal"], None).await;
    assert_eq!(r.code, i32::from(exit::FAILED), "{}", r.show());
    assert_eq!(token_requests(&w).len(), 1, "{}", w.journal.render());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_unbounded_reauthorization_keeps_renewing() {
    let yaml = "resource_server:\n  revoke_tokens_after: 0\n";
    let w = world(yaml).await;
    run(&w, "2026-07-28", &["unbounded-reauthorization"], None).await;
    let bound = 1 + MAX_REAUTHORIZATIONS as usize;
    assert!(token_requests(&w).len() > bound, "{}", w.journal.render());
    let w = world(yaml).await;
    let r = run(&w, "2026-07-28", &[], None).await;
    assert_eq!(
        (r.code, token_requests(&w).len()),
        (i32::from(exit::FAILED), bound),
        "{}",
        r.show()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_invent_authorization_server_guesses_at_the_mcp_origin() {
    let yaml = "malformed:\n  - {endpoint: prm, response: invalid_json}\n";
    let w = world(yaml).await;
    run(&w, "2026-07-28", &["invent-authorization-server"], None).await;
    let invented = w.journal.filter(|e| {
        e.listener == Listener::ResourceServer
            && e.path() == "/.well-known/oauth-authorization-server"
    });
    assert!(!invented.is_empty(), "{}", w.journal.render());
    let w = world(yaml).await;
    let r = run(&w, "2026-07-28", &[], None).await;
    assert_eq!(r.code, i32::from(exit::REFUSED), "{}", r.show());
    assert!(w.journal.filter(|e| e.listener != Listener::ResourceServer).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_guess_endpoints_goes_on_without_metadata() {
    let yaml = "malformed:\n  - {endpoint: as_metadata, response: html}\n";
    let w = world(yaml).await;
    let r = run(&w, "2026-07-28", &["guess-endpoints"], None).await;
    assert!(!authorize_requests(&w).is_empty(), "{}\n{}", r.show(), w.journal.render());
    let w = world(yaml).await;
    let r = run(&w, "2026-07-28", &[], None).await;
    assert_eq!(r.code, i32::from(exit::REFUSED), "{}", r.show());
    assert!(authorize_requests(&w).is_empty() && to_as(&w, "/register").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_follow_metadata_redirects_reaches_where_a_redirect_points() {
    let config: MockConfig = serde_saphyr::from_str(
        "malformed:\n  - {endpoint: prm, response: {redirect: {location: \"{{canary.away}}/prm\"}}}\n",
    )
    .unwrap();
    let options = || WorldOptions { canaries: vec!["away".into()], ..WorldOptions::default() };
    let canary_hits =
        |w: &World| w.journal.filter(|e| matches!(e.listener, Listener::Canary(_))).len();
    let w = World::start(config.clone(), options()).await.unwrap();
    run(&w, "2026-07-28", &["follow-metadata-redirects"], None).await;
    assert_eq!(canary_hits(&w), 1, "{}", w.journal.render());
    let w = World::start(config, options()).await.unwrap();
    run(&w, "2026-07-28", &[], None).await;
    assert_eq!(canary_hits(&w), 0, "{}", w.journal.render());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_accept_any_url_scheme_uses_a_javascript_endpoint() {
    let yaml = "authorization_server:\n  metadata:\n    set: {authorization_endpoint: \"javascript:alert(1)\"}\n";
    let w = world(yaml).await;
    let r = run(&w, "2026-07-28", &["accept-any-url-scheme"], None).await;
    assert!(!to_as(&w, "/register").is_empty(), "{}\n{}", r.show(), w.journal.render());
    let w = world(yaml).await;
    let r = run(&w, "2026-07-28", &[], None).await;
    assert_eq!(r.code, i32::from(exit::REFUSED), "{}", r.show());
    assert!(to_as(&w, "/register").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_unregistered_redirect_uri_is_turned_away() {
    let w = world("").await;
    let r = run(&w, "2026-07-28", &["unregistered-redirect-uri"], None).await;
    let a = authorize_requests(&w);
    assert_eq!(a.len(), 1, "{}", r.show());
    let sent = param(&a[0].query_params(), "redirect_uri");
    assert_eq!(sent.as_deref(), Some(UNREGISTERED_REDIRECT_URI));
    assert_ne!(a[0].status, 302, "the mock shows an error page, never a redirect");
    assert_eq!(r.code, i32::from(exit::FAILED), "{}", r.show());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_unbounded_registration_retry_repeats_a_refused_registration() {
    let yaml = "authorization_server:\n  client_id_metadata_documents: false\n  registration_error: {error: invalid_client_metadata}\n";
    let w = world(yaml).await;
    run(&w, "2026-07-28", &["unbounded-registration-retry"], None).await;
    assert!(to_as(&w, "/register").len() > 3, "{}", w.journal.render());
    let w = world(yaml).await;
    let r = run(&w, "2026-07-28", &[], None).await;
    assert_eq!(
        (r.code, to_as(&w, "/register").len()),
        (i32::from(exit::FAILED), 1),
        "{}",
        r.show()
    );
    assert!(r.stderr.contains("invalid_client_metadata"), "the error is surfaced: {}", r.show());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_errors_exit_with_the_usage_code() {
    let w = world("").await;
    let r = run(&w, "1999-01-01", &[], None).await;
    assert_eq!(r.code, i32::from(exit::USAGE), "{}", r.show());
    let r = run(&w, "2025-11-25", &["no-such-variant"], None).await;
    assert_eq!(r.code, i32::from(exit::USAGE), "{}", r.show());
    assert!(w.journal.is_empty());
}

// --- the official suite's worlds: what the reference client does there ---

/// The official suite's CIMD world: metadata-document URLs trusted unfetched.
const CIMD_WORLD: &str =
    "authorization_server:\n  client_id_metadata_documents: true\n  cimd_resolution: trust\n";

/// A world whose MCP server moves from `main` to `second` after one authorized request.
const MIGRATION_WORLD: &str = "extra_authorization_servers:\n  second: {}\nresource_server:\n  migrate: {to: second, after_requests: 1}\n";

/// The official suite's pre-registration world (registration kept, so that ignoring the
/// credentials shows as a registration).
fn pre_registration_world(registration: bool) -> String {
    format!(
        "authorization_server:\n  registration: {registration}\n  metadata: {{set: {{token_endpoint_auth_methods_supported: [client_secret_basic]}}}}\n  clients:\n    - {{client_id: pre-registered-client, client_secret: pre-registered-secret, redirect_uris: [], any_redirect_uri: true, token_endpoint_auth_method: client_secret_basic}}\n"
    )
}

const PRE_REGISTRATION_CONTEXT: &str = r#"{"name":"auth/pre-registration","client_id":"pre-registered-client","client_secret":"pre-registered-secret"}"#;

/// A fixed test-only ES256 key (the one `client/extensions/client-credentials-jwt` commits).
const CC_PEM: &str = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgmhhAWNUzilsF6OjD\ncax7lEZONBiAQrMr89MMa1fNuFKhRANCAARQHThtqLySq7/YgG+Y0f6JdH8VBjcf\nC6irliP4T66Y80b4xc4K7mNAAMB9EOEQ0iXJO1Azz9fvtF87g79W+rYa\n-----END PRIVATE KEY-----";
const CC_JWK: &str = r#"{"kty": "EC", "crv": "P-256", "x": "UB04bai8kqu_2IBvmNH-iXR_FQY3Hwuoq5Yj-E-umPM", "y": "RvjFzgruY0AAwH0Q4RDSJck7UDPP1--0XzuDv1b6tho", "alg": "ES256", "use": "sig"}"#;

fn client_credentials_world(method: &str, audience: &str) -> String {
    let client = match method {
        "private_key_jwt" => format!(
            "{{client_id: conformance-test-client, token_endpoint_auth_method: private_key_jwt, redirect_uris: [], jwks: {{keys: [{CC_JWK}]}}}}"
        ),
        _ => "{client_id: conformance-test-client, client_secret: conformance-test-secret, token_endpoint_auth_method: client_secret_basic, redirect_uris: []}".to_owned(),
    };
    format!(
        "authorization_server:\n  assertion_audience: {audience}\n  metadata: {{set: {{grant_types_supported: [client_credentials], token_endpoint_auth_methods_supported: [{method}]}}}}\n  clients: [{client}]\n"
    )
}

fn jwt_context() -> String {
    serde_json::json!({
        "name": "auth/client-credentials-jwt",
        "client_id": "conformance-test-client",
        "private_key_pem": CC_PEM,
        "signing_algorithm": "ES256"
    })
    .to_string()
}

/// The claims of the client assertion a token request carries.
fn assertion_claims(e: &Entry) -> serde_json::Value {
    use base64::Engine as _;
    let assertion = param(&e.form_params(), "client_assertion").expect("a client assertion");
    let payload = assertion.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

fn registrations_to(world: &World, server: &str) -> Vec<Entry> {
    world.journal.filter(|e| {
        e.listener == Listener::AuthorizationServer(server.to_owned())
            && e.path().ends_with("/register")
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_metadata_document_url_is_the_client_id_where_the_server_supports_it() {
    let w = world(CIMD_WORLD).await;
    let r = run(&w, "2025-11-25", &[], None).await;
    assert_eq!(r.code, 0, "{}\n{}", r.show(), w.journal.render());
    assert!(to_as(&w, "/register").is_empty(), "no registration: {}", w.journal.render());
    let a = authorize_requests(&w);
    assert!(!a.is_empty());
    assert!(
        a.iter().all(|e| param(&e.query_params(), "client_id").as_deref() == Some(CIMD_CLIENT_ID))
    );
    // Before 2025-11-25 there were no metadata documents: registration.
    let w = world(CIMD_WORLD).await;
    assert_eq!(run(&w, "2025-06-18", &[], None).await.code, 0);
    assert_eq!(to_as(&w, "/register").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_credentials_with_a_secret_go_over_basic() {
    let w = world(&client_credentials_world("client_secret_basic", "issuer")).await;
    let context = r#"{"name":"auth/client-credentials-basic","client_id":"conformance-test-client","client_secret":"conformance-test-secret"}"#;
    let r = run(&w, "2025-11-25", &[], Some(context)).await;
    assert_eq!(r.code, 0, "{}\n{}", r.show(), w.journal.render());
    assert!(authorize_requests(&w).is_empty(), "no authorization for client credentials");
    let t = token_requests(&w);
    assert!(!t.is_empty());
    for e in &t {
        assert_eq!(param(&e.form_params(), "grant_type").as_deref(), Some("client_credentials"));
        assert!(e.header("authorization").is_some_and(|v| v.starts_with("Basic ")));
        assert_eq!(param(&e.form_params(), "resource").as_deref(), Some(w.mcp_url.as_str()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_credentials_with_a_private_key_sign_an_assertion_for_the_issuer() {
    let w = world(&client_credentials_world("private_key_jwt", "issuer")).await;
    let r = run(&w, "2026-07-28", &[], Some(&jwt_context())).await;
    assert_eq!(r.code, 0, "{}\n{}", r.show(), w.journal.render());
    let t = token_requests(&w);
    assert!(!t.is_empty() && t.iter().all(|e| e.status == 200), "{}", w.journal.render());
    let form = t[0].form_params();
    assert_eq!(
        param(&form, "client_assertion_type").as_deref(),
        Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    );
    let claims = assertion_claims(&t[0]);
    assert_eq!(claims["iss"], "conformance-test-client");
    assert_eq!(claims["sub"], "conformance-test-client");
    assert_eq!(claims["aud"], w.issuer());
    assert!(!r.stderr.contains("PRIVATE KEY"), "the key never shows: {}", r.show());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_access_is_asked_for_only_when_the_authorization_server_lists_it() {
    let w = world(
        "authorization_server:\n  scopes_supported: [mcp:tools, mcp:write, offline_access]\n",
    )
    .await;
    let r = run(&w, "2026-07-28", &[], None).await;
    assert_eq!(r.code, 0, "{}\n{}", r.show(), w.journal.render());
    let a = authorize_requests(&w);
    assert_eq!(param(&a[0].query_params(), "scope").as_deref(), Some("mcp:tools offline_access"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_authorization_server_means_discovery_and_a_new_registration() {
    // Refresh tokens are issued here: the refreshed token is refused too, so the client
    // must look at PRM again rather than refresh for ever.
    let w = world(MIGRATION_WORLD).await;
    let r = run(&w, "2026-07-28", &[], None).await;
    assert_eq!(r.code, 0, "{}\n{}", r.show(), w.journal.render());
    assert_eq!(registrations_to(&w, "second").len(), 1, "{}", w.journal.render());
    assert_eq!(registrations_to(&w, "main").len(), 1);
    // The first authorization request went to main, with main's client_id.
    let first_id = param(&authorize_requests(&w)[0].query_params(), "client_id").unwrap();
    let at_second = w.journal.filter(|e| {
        e.listener == Listener::AuthorizationServer("second".to_owned()) && e.contains(&first_id)
    });
    assert!(at_second.is_empty(), "main's client_id reached second: {}", w.journal.render());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_no_application_type_registers_without_it() {
    let w = world("").await;
    run(&w, "2026-07-28", &["no-application-type"], None).await;
    let r = to_as(&w, "/register");
    assert!(!r.is_empty() && r.iter().all(|e| e.json().unwrap().get("application_type").is_none()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_ignore_challenge_scope_asks_for_prm_scopes_first() {
    let w = world("").await;
    run(&w, "2025-11-25", &["ignore-challenge-scope"], None).await;
    let a = authorize_requests(&w);
    assert_eq!(param(&a[0].query_params(), "scope").as_deref(), Some("mcp:tools mcp:write"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_ignore_prm_scopes_asks_for_no_scope() {
    let w = world("resource_server:\n  scope_hint: false\n").await;
    run(&w, "2025-11-25", &["ignore-prm-scopes"], None).await;
    assert_eq!(param(&authorize_requests(&w)[0].query_params(), "scope"), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_default_scope_asks_for_a_scope_nobody_named() {
    let w =
        world("resource_server:\n  scope_hint: false\n  scopes_supported: []\n  tool_scopes: {}\n")
            .await;
    run(&w, "2025-11-25", &["default-scope"], None).await;
    assert_eq!(param(&authorize_requests(&w)[0].query_params(), "scope").as_deref(), Some("mcp"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_no_scope_union_drops_earlier_scopes_on_step_up() {
    let w = world("").await;
    run(&w, "2026-07-28", &["no-scope-union"], None).await;
    let a = authorize_requests(&w);
    assert_eq!(param(&a[1].query_params(), "scope").as_deref(), Some("mcp:write"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_secret_in_form_ignores_the_basic_method() {
    let w = world(&pre_registration_world(false)).await;
    run(&w, "2025-11-25", &["secret-in-form"], Some(PRE_REGISTRATION_CONTEXT)).await;
    let t = token_requests(&w);
    assert!(!t.is_empty());
    assert!(t.iter().all(|e| e.header("authorization").is_none()
        && param(&e.form_params(), "client_secret").is_some()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_no_cimd_registers_although_metadata_documents_are_supported() {
    let w = world(CIMD_WORLD).await;
    run(&w, "2025-11-25", &["no-cimd"], None).await;
    assert_eq!(to_as(&w, "/register").len(), 1);
    let a = authorize_requests(&w);
    assert!(!a.is_empty());
    assert!(
        a.iter().all(|e| param(&e.query_params(), "client_id").as_deref() != Some(CIMD_CLIENT_ID))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_ignore_pre_registration_registers_instead() {
    let w = world(&pre_registration_world(true)).await;
    run(&w, "2025-11-25", &["ignore-pre-registration"], Some(PRE_REGISTRATION_CONTEXT)).await;
    assert_eq!(to_as(&w, "/register").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_offline_access_always_asks_for_it_unlisted() {
    let w = world("").await;
    run(&w, "2026-07-28", &["offline-access-always"], None).await;
    let a = authorize_requests(&w);
    assert!(!a.is_empty());
    assert!(param(&a[0].query_params(), "scope").is_some_and(|s| s.contains("offline_access")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_reuse_client_across_as_brings_the_old_client_id() {
    let w = world(MIGRATION_WORLD).await;
    run(&w, "2026-07-28", &["reuse-client-across-as"], None).await;
    assert!(registrations_to(&w, "second").is_empty(), "{}", w.journal.render());
    let first = param(&authorize_requests(&w)[0].query_params(), "client_id").unwrap();
    let at_second = w.journal.filter(|e| {
        e.listener == Listener::AuthorizationServer("second".to_owned())
            && e.path().ends_with("/authorize")
    });
    assert!(
        at_second
            .iter()
            .any(|e| param(&e.query_params(), "client_id").as_deref() == Some(first.as_str()))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_require_iss_rejects_a_response_without_unadvertised_iss() {
    let w = world("authorization_server:\n  iss_parameter: unsupported\n").await;
    let r = run(&w, "2026-07-28", &["require-iss"], None).await;
    assert_eq!(r.code, i32::from(exit::REFUSED), "{}", r.show());
    assert!(!authorize_requests(&w).is_empty() && token_requests(&w).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_no_legacy_discovery_looks_for_prm_under_2025_03_26() {
    let yaml =
        "authorization_server:\n  on_mcp_origin: true\nresource_server:\n  prm_locations: []\n";
    let w = world(yaml).await;
    assert_eq!(run(&w, "2025-03-26", &[], None).await.code, 0, "{}", w.journal.render());
    let w = world(yaml).await;
    let r = run(&w, "2025-03-26", &["no-legacy-discovery"], None).await;
    assert_eq!(r.code, i32::from(exit::REFUSED), "{}", r.show());
    assert!(w.journal.filter(|e| e.path() == "/.well-known/oauth-authorization-server").is_empty());
    assert!(
        !w.journal
            .filter(|e| e.path().starts_with("/.well-known/oauth-protected-resource"))
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_assertion_aud_token_endpoint_is_refused_by_an_issuer_only_server() {
    let w = world(&client_credentials_world("private_key_jwt", "issuer")).await;
    let r = run(&w, "2026-07-28", &["assertion-aud-token-endpoint"], Some(&jwt_context())).await;
    assert_ne!(r.code, 0, "{}", r.show());
    let t = token_requests(&w);
    assert!(!t.is_empty() && t.iter().all(|e| e.status != 200));
    assert!(assertion_claims(&t[0])["aud"].as_str().is_some_and(|a| a.ends_with("/token")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_probe_root_prm_asks_the_root_first() {
    let w = world("").await;
    run(&w, "2025-11-25", &["probe-root-prm"], None).await;
    let prm: Vec<String> = w
        .journal
        .filter(|e| e.path().starts_with("/.well-known/oauth-protected-resource"))
        .iter()
        .map(|e| e.path().to_owned())
        .collect();
    assert_eq!(prm.first().map(String::as_str), Some("/.well-known/oauth-protected-resource"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_no_oidc_discovery_never_asks_openid_configuration() {
    let w = world("authorization_server:\n  metadata_locations: [oidc_inserted]\n").await;
    let r = run(&w, "2025-11-25", &["no-oidc-discovery"], None).await;
    assert_ne!(r.code, 0, "{}", r.show());
    assert!(w.journal.filter(|e| e.path().contains("openid-configuration")).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_drop_issuer_path_asks_the_root_metadata_first() {
    let w = world("authorization_server:\n  issuer_path: /tenant1\n").await;
    run(&w, "2025-11-25", &["drop-issuer-path"], None).await;
    let first = to_as(&w, "/.well-known/oauth-authorization-server");
    assert!(!first.is_empty(), "{}", w.journal.render());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variant_no_prm_fallback_gives_up_without_resource_metadata() {
    let w = world("resource_server:\n  prm_locations: [path_inserted]\n").await;
    let r = run(&w, "2025-11-25", &["no-prm-fallback"], None).await;
    assert_eq!(r.code, i32::from(exit::REFUSED), "{}", r.show());
    assert!(w.journal.filter(|e| e.path().starts_with("/.well-known/")).is_empty());
}
