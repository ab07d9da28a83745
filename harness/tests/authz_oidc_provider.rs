//! Authorization-server mode against a real authorization server: npm `oidc-provider`
//! 9.13.3 (`interop/node/oidc_as.mjs`), driven through login and consent by the consent
//! command written for it (`interop/node/consent.mjs`), exactly as a user runs
//! `authz --issuer URL --consent-command CMD`.
//!
//! Configured for MCP (PKCE S256 only, resource indicators with JWT access tokens, refresh
//! rotation, RFC 9207 `iss`, and a redirect-URI rule limiting registrations to loopback or
//! https) it passes every scenario. With the library's own redirect-URI defaults it
//! registers a plain-http redirect URI on another host for a `web` client, which
//! AS-DCR-REDIRECT-SCHEME forbids (MCP "Communication Security": redirect URIs MUST be
//! either localhost or use HTTPS); exactly that scenario fails.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr,
    clippy::indexing_slicing
)]

#[path = "support/oidc.rs"]
mod oidc;

use assert_cmd::cargo::cargo_bin;
use serde_json::Value;

/// Runs `authz` against `provider` and returns the exit code and the JSON report.
async fn authz(provider: &oidc::OidcProvider) -> (Option<i32>, Value) {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("report.json");
    let consent = provider
        .consent_command()
        .iter()
        .map(|part| format!("'{}'", part.replace('\'', r"'\''")))
        .collect::<Vec<_>>()
        .join(" ");
    let output = tokio::process::Command::new(cargo_bin("mcp-auth-harness"))
        .args(["authz", "--issuer", &provider.issuer, "--consent-command", &consent])
        .args(["--resource", "http://127.0.0.1:9/mcp", "--scope", "mcp:tools"])
        .arg("--report")
        .arg(format!("json={}", json.display()))
        .env("NO_COLOR", "1")
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap_or_else(|e| {
        panic!(
            "no report ({e}); stdout:\n{stdout}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    }))
    .unwrap();
    eprintln!("{stdout}");
    (output.status.code(), report)
}

fn failing(report: &Value) -> Vec<String> {
    report["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["outcome"] != "pass" && s["outcome"] != "skip")
        .map(|s| format!("{} {}", s["id"].as_str().unwrap(), s["outcome"].as_str().unwrap()))
        .collect()
}

fn skipped(report: &Value) -> Vec<String> {
    report["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["outcome"] == "skip")
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oidc_provider_configured_for_mcp_passes_every_scenario() {
    let Some(provider) = oidc::start(&[]).await else { return };
    let (code, report) = authz(&provider).await;
    assert_eq!(failing(&report), Vec::<String>::new(), "{}", provider.log());
    // Every scenario ran (the consent command got codes through login and consent) but the
    // one that needs a confidential client known beforehand (`--client-id`).
    assert_eq!(skipped(&report), ["authorization-server/token/client-credentials"]);
    assert_eq!(code, Some(0));
    // No credential the run handled appears in the report.
    let text = report.to_string();
    assert!(!text.contains("eyJ"), "a JWT in the report");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oidc_provider_defaults_register_cleartext_redirect_uris() {
    let Some(provider) = oidc::start(&[("AS_MCP_REDIRECT_POLICY", "off")]).await else { return };
    let (code, report) = authz(&provider).await;
    assert_eq!(failing(&report), ["authorization-server/registration/redirect-scheme fail"]);
    assert_eq!(code, Some(1));
}
