//! `client` end to end: the launch contract the official suite's clients rely on (URL last,
//! `MCP_CONFORMANCE_*`), and what becomes of a client that hangs, crashes or never makes a
//! request — never a pass. Also the interactive mode (no `--command`, judged at Ctrl-C)
//! and reports.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr,
    clippy::indexing_slicing
)]

#[path = "support/served.rs"]
mod served;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use assert_cmd::cargo::cargo_bin;
use serde_json::Value;
use served::{harness, text};

const SCENARIO: &str = "client/discovery/metadata-default";

fn reference_client() -> String {
    cargo_bin("mcp-auth-reference-client").display().to_string()
}

/// A client script: records its arguments and `MCP_CONFORMANCE_*` variables to `record`,
/// then runs `then` (with the arguments in `"$@"`).
fn script(dir: &Path, name: &str, record: &Path, then: &str) -> String {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\n{{ printf 'argc=%s\\n' \"$#\"; for a in \"$@\"; do printf 'arg=%s\\n' \"$a\"; done; \
             env | grep '^MCP_CONFORMANCE_' | sort; }} > '{}'\n{then}\n",
            record.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.display().to_string()
}

fn client_run(command: &str, extra: &[&str]) -> (i32, String, String) {
    let output = harness()
        .args(["client", "--command", command, "--scenario", SCENARIO])
        .args(extra)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (output.status.code().unwrap_or(-1), text(&output.stdout), text(&output.stderr))
}

#[test]
fn the_official_contract_url_last_and_conformance_variables() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("record.txt");
    // The reference client takes no such flags: it gets the URL alone.
    let then = format!("for last; do :; done; exec '{}' \"$last\"", reference_client());
    let command = script(dir.path(), "client.sh", &record, &then);
    // Extra words in the command stay before the URL, as with the official suite.
    let (code, out, err) =
        client_run(&format!("{command} --flag 'two words'"), &["--spec-version", "2025-11-25"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("Outcome: PASS"), "{out}");
    let recorded = std::fs::read_to_string(&record).unwrap();
    let args: Vec<&str> = recorded.lines().filter_map(|l| l.strip_prefix("arg=")).collect();
    assert_eq!(args.len(), 3, "{recorded}");
    assert_eq!(&args[..2], ["--flag", "two words"], "{recorded}");
    let url = args[2];
    assert!(url.starts_with("http://127.0.0.1:") && url.ends_with("/mcp"), "{recorded}");
    assert!(recorded.contains("MCP_CONFORMANCE_SCENARIO=auth/metadata-default\n"), "{recorded}");
    assert!(recorded.contains("MCP_CONFORMANCE_PROTOCOL_VERSION=2025-11-25\n"), "{recorded}");
    assert!(!recorded.contains("MCP_CONFORMANCE_CONTEXT"), "{recorded}");
}

#[test]
fn the_context_carries_the_announced_name_and_rendered_members() {
    let dir = tempfile::tempdir().unwrap();
    let scenarios = dir.path().join("scenarios");
    std::fs::create_dir_all(scenarios.join("mine")).unwrap();
    std::fs::write(
        scenarios.join("mine/prereg.yaml"),
        r#"schema_version: 1
id: mine/prereg
title: pre-registered credentials arrive in the context
role: client
requirements: [C-REG-PREREG]
description: test scenario
client:
  announce: auth/pre-registration
  context: {client_id: fixed-id, client_secret: fixed-secret, mcp: "{{mcp_url}}"}
mocks:
  authorization_server:
    registration: false
    clients:
      - {client_id: fixed-id, client_secret: fixed-secret, token_endpoint_auth_method: client_secret_basic, redirect_uris: ["http://127.0.0.1:53682/callback"]}
steps:
  - judge:
      expect:
        - check: completes
          requirement: C-REG-PREREG
          claim: the client completes with the pre-registered credentials
          assert:
            all:
              - client: completed
              - requests: {endpoint: token, where: [{header: {name: authorization, value: {starts_with: "Basic "}}}], count: {at_least: 1}}
"#,
    )
    .unwrap();
    let record = dir.path().join("record.txt");
    let command =
        script(dir.path(), "client.sh", &record, &format!("exec '{}' \"$@\"", reference_client()));
    let output = harness()
        .args(["client", "--command", &command, "--scenario", "mine/prereg", "--scenarios"])
        .arg(&scenarios)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let (out, err) = (text(&output.stdout), text(&output.stderr));
    assert_eq!(output.status.code(), Some(0), "{out}\n{err}");
    let recorded = std::fs::read_to_string(&record).unwrap();
    let url = recorded.lines().filter_map(|l| l.strip_prefix("arg=")).next_back().unwrap();
    let context = recorded
        .lines()
        .find_map(|l| l.strip_prefix("MCP_CONFORMANCE_CONTEXT="))
        .unwrap_or_else(|| panic!("no context: {recorded}"));
    let context: Value = serde_json::from_str(context).unwrap();
    assert_eq!(context["name"], "auth/pre-registration");
    assert_eq!(context["client_id"], "fixed-id");
    assert_eq!(context["mcp"], url);
    assert!(recorded.contains("MCP_CONFORMANCE_SCENARIO=auth/pre-registration\n"), "{recorded}");
}

#[test]
fn a_client_that_makes_no_request_is_a_harness_error_not_a_verdict() {
    let (code, out, err) = client_run("true", &[]);
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(out.contains("made no request to the mock world"), "{out}");
    assert!(!out.contains("PASS  "), "{out}");
}

#[test]
fn a_client_that_hangs_fails_and_is_killed_with_what_it_started() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("still-running");
    // It does the flow, then hangs in a child process of its own.
    let command = format!(
        "f() {{ '{}' \"$@\" && (sleep 5 && touch '{}') & wait; }}; f",
        reference_client(),
        marker.display()
    );
    let (code, out, err) = client_run(&command, &["--timeout", "2"]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(out.contains("still running after 2 s and was killed"), "{out}");
    assert!(out.contains("FAIL  client-completes"), "{out}");
    std::thread::sleep(std::time::Duration::from_secs(5));
    assert!(!marker.exists(), "the client's child outlived the kill");
}

#[test]
fn a_client_that_crashes_fails() {
    let command = format!("f() {{ '{}' \"$@\"; kill -SEGV $$; }}; f", reference_client());
    let (code, out, err) = client_run(&command, &[]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(out.contains("killed by signal 11"), "{out}");
}

#[test]
fn a_broken_variant_fails_and_the_reports_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("junit.xml");
    let json = dir.path().join("report.json");
    let (code, out, err) = client_run(
        &format!("'{}' --break plain-pkce", reference_client()),
        &[
            "--report",
            &format!("junit={}", junit.display()),
            "--report",
            &format!("json={}", json.display()),
        ],
    );
    assert_eq!(code, 1, "{out}\n{err}");
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["role"], "client");
    let checks = report["scenarios"][0]["checks"].as_array().unwrap();
    let s256 = checks.iter().find(|c| c["check"] == "pkce-s256").unwrap();
    assert_eq!(s256["outcome"], "fail");
    assert!(s256["message"].as_str().unwrap().contains("code_challenge_method=plain"), "{s256}");
    // The journal goes with the failure, credentials redacted.
    let transcript = s256["transcript"].as_str().unwrap();
    assert!(transcript.contains("mock world journal"), "{transcript}");
    assert!(!transcript.contains("eyJ"), "{transcript}");
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains(&format!("<testsuite name=\"{SCENARIO}\"")), "{xml}");
    assert!(xml.contains("<failure"), "{xml}");
}

#[test]
fn without_a_command_the_mocks_wait_for_a_client_run_by_hand_and_judge_at_ctrl_c() {
    let mut child = Command::new(cargo_bin("mcp-auth-harness"))
        .args(["client", "--scenario", SCENARIO, "--spec-version", "2025-11-25", "-v"])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut url = None;
    let mut banner = String::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        banner.push_str(&line);
        banner.push('\n');
        if let Some(u) = line.strip_prefix("MCP server: ") {
            url = Some(u.to_owned());
        }
        if line.contains("press Ctrl-C") {
            break;
        }
    }
    let url = url.unwrap_or_else(|| panic!("no URL in {banner}"));
    assert!(banner.contains("MCP_CONFORMANCE_SCENARIO=auth/metadata-default"), "{banner}");
    let status = Command::new(reference_client())
        .arg(&url)
        .env("MCP_CONFORMANCE_PROTOCOL_VERSION", "2025-11-25")
        .env("MCP_CONFORMANCE_SCENARIO", "auth/metadata-default")
        .status()
        .unwrap();
    assert!(status.success());
    Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let rest: Vec<String> = lines.map(Result::unwrap).collect();
    let rest = rest.join("\n");
    let status = child.wait().unwrap();
    // The journal checks are judged; the exit of a client run by hand is unknown (skip).
    assert!(rest.contains("PASS  pkce-s256"), "{rest}");
    assert!(rest.contains("SKIP  client-completes"), "{rest}");
    assert_eq!(status.code(), Some(0), "{rest}");
}

#[test]
fn suites_and_selection_errors_are_usage_errors() {
    let (code, _, err) = client_run("true", &["--suite", "no-such-suite"]);
    assert_eq!(code, 2);
    assert!(err.contains("no client scenario is in suite"), "{err}");
    // Without --command, exactly one scenario is kept up.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("mine")).unwrap();
    for name in ["one", "two"] {
        std::fs::write(
            dir.path().join(format!("mine/{name}.yaml")),
            format!(
                "schema_version: 1\nid: mine/{name}\ntitle: t\nrole: client\n\
                 requirements: [C-PKCE-USED]\ndescription: d\nsteps:\n  - judge:\n      expect:\n\
                 \x20       - {{check: done, requirement: C-PKCE-USED, claim: c, assert: {{client: completed}}}}\n"
            ),
        )
        .unwrap();
    }
    let output = harness()
        .args(["client", "--scenario", "mine/", "--scenarios"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("exactly one scenario with --scenario ID (2 selected)"), "{stderr}");
}
