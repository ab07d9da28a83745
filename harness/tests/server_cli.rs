//! The `server`, `list`, `explain` and `demo` commands end to end: exit codes, report files,
//! baselines, and `--as-listen` with a real third-party server that trusts the harness.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr,
    clippy::indexing_slicing
)]

#[path = "support/third_party.rs"]
mod third_party;

#[path = "support/served.rs"]
mod served;

use std::process::Stdio;

use assert_cmd::cargo::cargo_bin;
use serde_json::Value;
use served::{harness, serve, text};

#[test]
fn anonymous_run_passes_writes_reports_and_says_what_would_run_more() {
    let served = serve(None);
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("out/junit.xml");
    let json = dir.path().join("out/report.json");
    let run = harness()
        .args(["server", "--url", &served.mcp_url, "--spec-version", "2025-11-25"])
        .arg("--report")
        .arg(format!("junit={}", junit.display()))
        .arg("--report")
        .arg(format!("json={}", json.display()))
        .env("NO_COLOR", "1")
        .assert()
        .code(0);
    let out = text(&run.get_output().stdout);
    assert!(out.contains("Fixture: anonymous"), "{out}");
    assert!(out.contains("Outcome: PASS"), "{out}");
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["schema_version"], 1);
    assert_eq!(
        (report["role"].as_str(), report["outcome"].as_str()),
        (Some("server"), Some("pass"))
    );
    let scenarios = report["scenarios"].as_array().unwrap();
    let expired = scenarios.iter().find(|s| s["id"] == "server/token/expired").unwrap();
    assert_eq!(expired["outcome"], "skip");
    let message = expired["checks"][0]["message"].as_str().unwrap();
    assert!(message.contains("--as-listen") && message.contains("--expired-token"), "{message}");
    let syntax = scenarios.iter().find(|s| s["id"] == "server/challenge/syntax").unwrap();
    assert_eq!(syntax["outcome"], "pass");
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("<testsuite name=\"server/challenge/syntax\""), "{xml}");
    assert!(xml.contains("<skipped"), "{xml}");
}

#[test]
fn a_violation_exits_1_and_a_baseline_excuses_it_unless_stale() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("broken.yaml");
    std::fs::write(&config, "resource_server:\n  flaws: [error_on_anonymous]\n").unwrap();
    let served = serve(Some(&config));
    let args = ["server", "--url", &served.mcp_url, "--scenario", "server/challenge/"];

    let failed = harness().args(args).env("NO_COLOR", "1").assert().code(1);
    let out = text(&failed.get_output().stdout);
    assert!(out.contains("FAIL  server/challenge/no-error-without-token"), "{out}");
    assert!(out.contains("RS-401-NO-ERROR-WITHOUT-TOKEN (SHOULD)"), "{out}");
    assert!(out.contains("spec: RFC 6750 §3.1"), "{out}");

    let baseline = dir.path().join("expected.yaml");
    std::fs::write(&baseline, "server:\n  - server/challenge/no-error-without-token\n").unwrap();
    harness().args(args).arg("--expected-failures").arg(&baseline).assert().code(0);

    std::fs::write(
        &baseline,
        "server:\n  - server/challenge/no-error-without-token\n  - server/challenge/syntax\n",
    )
    .unwrap();
    let stale = harness().args(args).arg("--expected-failures").arg(&baseline).assert().code(1);
    let out = text(&stale.get_output().stdout);
    assert!(out.contains("stale entry") && out.contains("server/challenge/syntax"), "{out}");
}

#[test]
fn usage_errors_exit_2() {
    harness()
        .args(["server", "--url", "http://127.0.0.1:9/mcp", "--report", "xml=out.xml"])
        .assert()
        .code(2);
    let e = harness()
        .args(["server", "--url", "http://127.0.0.1:9/mcp", "--scenario", "server/nope"])
        .assert()
        .code(2);
    assert!(text(&e.get_output().stderr).contains("no scenario matches"));
    let e = harness().args(["server", "--url", "ftp://example.test/mcp"]).assert().code(2);
    assert!(text(&e.get_output().stderr).contains("not a usable MCP endpoint URL"));
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("b.yaml");
    std::fs::write(&baseline, "server:\n  - [not, a, string]\n").unwrap();
    harness()
        .args(["server", "--url", "http://127.0.0.1:9/mcp", "--expected-failures"])
        .arg(&baseline)
        .assert()
        .code(2);
}

#[test]
fn an_unreachable_target_is_a_harness_error() {
    let port = third_party::free_loopback_port();
    let url = format!("http://127.0.0.1:{port}/mcp");
    let run = harness()
        .args(["server", "--url", &url, "--scenario", "server/challenge/unauthenticated-401"])
        .args(["--request-timeout", "2"])
        .assert()
        .code(2);
    let out = text(&run.get_output().stdout);
    assert!(out.contains("ERROR") && out.contains("could not connect"), "{out}");
}

#[test]
fn list_and_explain() {
    let list = harness().args(["list", "--role", "server"]).assert().code(0);
    let out = text(&list.get_output().stdout);
    assert!(out.contains("server/token/audience"), "{out}");
    let count: usize = out
        .lines()
        .last()
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(count >= 48, "{count}");

    let explain = harness().args(["explain", "server/token/audience"]).assert().code(0);
    let out = text(&explain.get_output().stdout);
    assert!(out.contains("RS-TOKEN-AUDIENCE"), "{out}");
    assert!(out.contains("Server accepts only tokens issued specifically for it"), "{out}");
    assert!(out.contains("sibling-path-refused"), "{out}");

    let row = harness().args(["explain", "RS-LOCAL-BIND"]).assert().code(0);
    assert!(text(&row.get_output().stdout).contains("No scenario checks it"));
    harness().args(["explain", "nothing/like/this"]).assert().code(2);
}

#[test]
fn demo_verifies_every_target_and_writes_reports() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("reports");
    let run = harness().arg("demo").arg("--out").arg(&out_dir).assert().code(0);
    let out = text(&run.get_output().stdout);
    assert!(out.contains("8 server targets: 8 as built, 0 unexpected"), "{out}");
    assert!(out.contains("19 samples: 19 as built, 0 unexpected"), "{out}");
    assert!(out.contains("BROKEN: accepts expired tokens"), "{out}");
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.join("server-accepts-expired-tokens.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["outcome"], "fail");
    let failed: Vec<&str> = json["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["outcome"] == "fail")
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(failed, ["server/token/expired"]);
    assert!(out_dir.join("server-reference.junit.xml").exists());
}

/// The whole `--as-listen` flow: the harness starts its authorization server and prints
/// what to trust; a real TypeScript SDK server is then started trusting it; the harness
/// waits for it, mints tokens and judges.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn as_listen_with_a_real_server_that_trusts_the_harness() {
    if third_party::interop_available("MCP_AUTH_HARNESS_NODE_DIR").is_none() {
        return;
    }
    let as_port = third_party::free_loopback_port();
    let mcp_port = third_party::free_loopback_port();
    let mcp_url = format!("http://127.0.0.1:{mcp_port}/mcp");
    let mut child = tokio::process::Command::new(cargo_bin("mcp-auth-harness"))
        .args(["server", "--url", &mcp_url, "--spec-version", "2025-11-25"])
        .args(["--as-listen", &format!("127.0.0.1:{as_port}"), "--scope", "mcp:tools"])
        .args(["--wait-for-target", "60", "--scenario", "server/token/"])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines =
        tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(child.stdout.take().unwrap()));
    let mut banner = String::new();
    while let Some(line) = lines.next_line().await.unwrap() {
        banner.push_str(&line);
        banner.push('\n');
        if line.starts_with("Then start it") {
            break;
        }
    }
    let issuer = format!("http://127.0.0.1:{as_port}");
    assert!(banner.contains(&format!("issuer                  {issuer}")), "{banner}");
    let introspection = format!("{issuer}/introspect");
    assert!(banner.contains(&introspection), "{banner}");
    let trust = third_party::Trust { issuer: &issuer, introspection_url: &introspection };
    let server =
        third_party::start_at(third_party::ThirdParty::Node, trust, Some(mcp_port)).await.unwrap();
    let mut rest = String::new();
    while let Some(line) = lines.next_line().await.unwrap() {
        rest.push_str(&line);
        rest.push('\n');
    }
    let status = child.wait().await.unwrap();
    drop(server);
    assert_eq!(status.code(), Some(1), "{rest}");
    assert!(rest.contains("Fixture: the harness's authorization server"), "{rest}");
    assert!(rest.contains("PASS  server/token/valid"), "{rest}");
    assert!(rest.contains("PASS  server/token/audience"), "{rest}");
    assert!(rest.contains("PASS  server/token/signature"), "{rest}");
    assert!(rest.contains("FAIL  server/token/multi-method"), "{rest}");
}

/// A loopback listener that accepts connections and then either holds them open without a
/// word (`hang`) or drops them at once (a target that crashes on every request).
fn misbehaving_target(hang: bool) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/mcp", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            if hang {
                held.push(stream);
            }
        }
    });
    url
}

#[test]
fn a_hanging_target_is_a_harness_error_not_a_verdict() {
    let url = misbehaving_target(true);
    let run = harness()
        .args(["server", "--url", &url, "--scope", "mcp:tools"])
        .args(["--scenario", "server/challenge/www-authenticate-bearer", "--request-timeout", "1"])
        .env("NO_COLOR", "1")
        .assert()
        .code(2);
    let out = text(&run.get_output().stdout);
    assert!(out.contains("ERROR server/challenge/www-authenticate-bearer"), "{out}");
    assert!(out.contains("no response within"), "{out}");
    assert!(!out.contains("PASS  server/challenge") && !out.contains("FAIL  server/challenge"));
}

#[test]
fn a_target_that_drops_every_connection_is_a_harness_error() {
    let url = misbehaving_target(false);
    let run = harness()
        .args(["server", "--url", &url, "--scope", "mcp:tools"])
        .args(["--scenario", "server/challenge/www-authenticate-bearer", "--request-timeout", "2"])
        .env("NO_COLOR", "1")
        .assert()
        .code(2);
    let out = text(&run.get_output().stdout);
    assert!(out.contains("ERROR server/challenge/www-authenticate-bearer"), "{out}");
    assert!(!out.contains("PASS  server/challenge") && !out.contains("FAIL  server/challenge"));
}

/// RS-HTTPS-ENDPOINT cannot be broken by a loopback mock: judged here on a plain-http URL
/// of a host that is not loopback (the scenario sends nothing), and seen passing on every
/// loopback reference target.
#[test]
fn plain_http_on_a_public_host_fails_the_https_endpoint_scenario() {
    let run = harness()
        .args(["server", "--url", "http://mcp.example.invalid/mcp", "--scope", "mcp:tools"])
        .args(["--scenario", "server/transport/https-endpoint"])
        .env("NO_COLOR", "1")
        .assert()
        .code(1);
    let out = text(&run.get_output().stdout);
    assert!(out.contains("FAIL  server/transport/https-endpoint"), "{out}");
    assert!(out.contains("RS-HTTPS-ENDPOINT (MUST)"), "{out}");
    let https = harness()
        .args(["server", "--url", "https://mcp.example.invalid/mcp", "--scope", "mcp:tools"])
        .args(["--scenario", "server/transport/https-endpoint"])
        .env("NO_COLOR", "1")
        .assert()
        .code(0);
    assert!(text(&https.get_output().stdout).contains("PASS  server/transport/https-endpoint"));
}
