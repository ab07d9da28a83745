//! The `authz` command end to end against `mocks serve`: exit codes, report files, a
//! broken authorization server named by its failing scenario, flags documented in `--help`,
//! and no issued credential in any output.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[path = "support/served.rs"]
mod served;

use served::{harness, serve, text};

#[test]
fn the_conformant_mock_passes_and_reports_hold_no_credentials() {
    let served = serve(None);
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("authz.json");
    let run = harness()
        .args(["authz", "--issuer", &served.issuer, "--resource", &served.mcp_url, "-v"])
        .arg("--report")
        .arg(format!("json={}", json.display()))
        .env("NO_COLOR", "1")
        .assert()
        .code(0);
    let out = text(&run.get_output().stdout);
    assert!(out.contains("as an authorization server"), "{out}");
    assert!(out.contains("authorization-server/code/pkce-verify"), "{out}");
    assert!(out.contains("Outcome: PASS"), "{out}");
    let report = std::fs::read_to_string(&json).unwrap();
    assert!(report.contains("authorization-server/metadata/published"));
    // Access tokens are JWTs; neither console nor report may show one.
    for shown in [&out, &report] {
        assert!(!shown.contains("eyJhbGci"), "a token leaked");
    }
}

#[test]
fn a_broken_authorization_server_fails_its_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("broken.yaml");
    std::fs::write(&config, "authorization_server:\n  flaws: [code_reusable]\n").unwrap();
    let served = serve(Some(&config));
    let run = harness()
        .args(["authz", "--issuer", &served.issuer, "--resource", &served.mcp_url])
        .args(["--scenario", "authorization-server/code/", "-v"])
        .env("NO_COLOR", "1")
        .assert()
        .code(1);
    let out = text(&run.get_output().stdout);
    assert!(out.contains("FAIL  authorization-server/code/single-use"), "{out}");
    assert!(out.contains("second-redemption-refused"), "{out}");
    assert!(!out.contains("FAIL  authorization-server/code/pkce-verify"), "{out}");
    // The transcript of the failure shows the code only as a label.
    assert!(out.contains("<secret:code>"), "{out}");
}

#[test]
fn without_a_resource_the_audience_scenario_says_which_flag_runs_it() {
    let served = serve(None);
    let run = harness()
        .args(["authz", "--issuer", &served.issuer, "-v"])
        .args(["--scenario", "authorization-server/code/resource-audience"])
        .env("NO_COLOR", "1")
        .assert()
        .code(0);
    let out = text(&run.get_output().stdout);
    assert!(out.contains("SKIP"), "{out}");
    assert!(out.contains("resource"), "{out}");
}

#[test]
fn help_documents_the_contract() {
    let run = harness().args(["authz", "--help"]).assert().code(0);
    let out = text(&run.get_output().stdout);
    for flag in
        ["--issuer", "--consent-command", "--client-id", "--client-secret", "--redirect-uri"]
    {
        assert!(out.contains(flag), "{flag} missing from help:\n{out}");
    }
    assert!(out.contains("last argument"), "{out}");
}

#[test]
fn an_issuer_that_is_not_one_is_a_harness_error() {
    let run = harness().args(["authz", "--issuer", "not a url"]).assert().code(2);
    assert!(text(&run.get_output().stderr).contains("issuer"));
}
