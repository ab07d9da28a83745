//! Verdict parity with the official MCP conformance suite (npm
//! `@modelcontextprotocol/conformance`, the version pinned in
//! `interop/conformance/package-lock.json`) on the client scenarios both suites have: for
//! the same client at the same spec version, the scenario passes in both or fails in both.
//!
//! * The third-party SDK clients (pinned versions) are compared with the official suite's
//!   verdicts recorded in `interop/conformance/verdicts/` (`record.sh` re-records them).
//! * The reference client changes with this repository, so the official suite is run live
//!   against it (through `interop/conformance/run-official.sh`, loopback only).
//!
//! Where the verdicts differ for a reason this harness stands by, the difference is listed
//! in [`DIFFERENCES`] with that reason; any other difference, and any listed difference
//! that no longer occurs, fails the test.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr,
    clippy::indexing_slicing
)]

#[path = "../../mocks/tests/support/interop.rs"]
mod interop;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use mcp_auth_harness::runner::client_run::ClientLaunch;
use mcp_auth_harness::runner::{self, RunContext, RunOptions};
use mcp_auth_harness::scenario::{self, ScenarioRole};
use mcp_auth_proto::SpecVersion;
use mcp_auth_reports::{FanOut, Outcome};
use serde_json::Value;

/// `(client, run, official scenario, why the verdicts differ)`.
const DIFFERENCES: &[(&str, &str, &str, &str)] = &[];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn quoted(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}

/// A recorded or live run of the official suite: its name (the suffix of the verdict
/// files) and the spec version both suites run at.
const RUNS: &[(&str, SpecVersion)] = &[
    ("2025-03-26", SpecVersion::V2025_03_26),
    ("2025-06-18", SpecVersion::V2025_06_18),
    ("2025-11-25", SpecVersion::V2025_11_25),
    ("2026-07-28", SpecVersion::V2026_07_28),
    ("2026-07-28-draft", SpecVersion::V2026_07_28),
    ("extensions", SpecVersion::V2025_11_25),
];

/// The official verdict of each scenario of a verdict file: `pass`, `fail` (their
/// warnings fail a client run too), `skipped` or `error`.
fn official_verdicts(file: &Value) -> BTreeMap<String, String> {
    file["scenarios"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, v)| {
            let verdict = match v["verdict"].as_str().unwrap() {
                "warn" => "fail",
                other => other,
            };
            (name.clone(), verdict.to_owned())
        })
        .collect()
}

/// Our verdict for every scenario with an official name among `names`, at `version`.
async fn our_verdicts(
    command: String,
    version: SpecVersion,
    names: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let scenarios: Vec<_> = scenario::catalogue(ScenarioRole::Client, &[] as &[&str])
        .unwrap()
        .into_iter()
        .filter(|s| s.file.official_name.as_ref().is_some_and(|n| names.contains_key(n)))
        .collect();
    let launch = ClientLaunch {
        command,
        timeout: Duration::from_secs(60),
        browser_dir: None,
        env: Vec::new(),
    };
    let context = RunContext::client_run(launch, version);
    let options = RunOptions { jobs: 2, durations: false };
    let (report, _) = runner::run(scenarios, context, options, FanOut::new()).await.unwrap();
    let mut verdicts = BTreeMap::new();
    for s in &report.scenarios {
        let Some(name) = &s.official_name else { continue };
        let verdict = match s.outcome() {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Skip => "skipped",
            Outcome::Error => "error",
        };
        verdicts.insert(name.clone(), verdict.to_owned());
    }
    verdicts
}

/// Compares and returns the differences not listed in [`DIFFERENCES`], plus listed ones
/// that did not occur.
fn compare(
    client: &str,
    run: &str,
    official: &BTreeMap<String, String>,
    ours: &BTreeMap<String, String>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, theirs) in official {
        let Some(mine) = ours.get(name) else { continue };
        let listed = DIFFERENCES.iter().any(|(c, r, n, _)| *c == client && *r == run && n == name);
        let same = mine == theirs;
        eprintln!("{client} {run} {name}: official {theirs}, ours {mine}");
        match (same, listed) {
            (true, true) => problems.push(format!(
                "{client} {run} {name}: listed as a difference, but both say {mine}"
            )),
            (false, false) => {
                problems.push(format!("{client} {run} {name}: official {theirs}, ours {mine}"));
            }
            _ => {}
        }
    }
    problems
}

async fn parity_with_recorded(client: &str, command: String) -> Vec<String> {
    let mut problems = Vec::new();
    for (run, version) in RUNS {
        let path = repo().join(format!("interop/conformance/verdicts/{client}-{run}.json"));
        let file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let official = official_verdicts(&file);
        let ours = our_verdicts(command.clone(), *version, &official).await;
        problems.extend(compare(client, run, &official, &ours));
    }
    problems
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_sdk_client_verdicts_match_the_official_suite() {
    let Some(python) = interop::installed("MCP_AUTH_HARNESS_PYTHON") else { return };
    let command = format!(
        "{} {}",
        quoted(Path::new(&python)),
        quoted(&repo().join("interop/python/oauth_client.py"))
    );
    let problems = parity_with_recorded("python", command).await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typescript_sdk_client_verdicts_match_the_official_suite() {
    let Some(dir) = interop::installed("MCP_AUTH_HARNESS_NODE_DIR") else { return };
    let command = format!(
        "{} {}",
        interop::node_program(),
        quoted(&Path::new(&dir).join("oauth_client.mjs"))
    );
    let problems = parity_with_recorded("typescript", command).await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Runs the official suite live (`run-official.sh`) against `command`.
fn official_live(conformance: &Path, command: &str, run: &str, version: SpecVersion) -> Value {
    let out = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = vec!["--command".into(), command.into(), "--out".into()];
    args.push(out.path().display().to_string());
    match run {
        "extensions" => args.extend(["--suite".into(), "extensions".into()]),
        "2025-03-26" => {
            args.extend(["--spec-version".into(), version.as_str().into()]);
            args.extend(["--suite".into(), "backcompat".into()]);
        }
        "2026-07-28-draft" => {
            args.extend(["--spec-version".into(), version.as_str().into()]);
            let recorded =
                repo().join("interop/conformance/verdicts/reference-2026-07-28-draft.json");
            let file: Value =
                serde_json::from_str(&std::fs::read_to_string(recorded).unwrap()).unwrap();
            for name in file["scenarios"].as_object().unwrap().keys() {
                args.extend(["--scenario".into(), name.clone()]);
            }
        }
        _ => {
            args.extend(["--spec-version".into(), version.as_str().into()]);
            args.extend(["--suite".into(), "auth".into()]);
        }
    }
    let status = std::process::Command::new("bash")
        .arg(conformance.join("run-official.sh"))
        .args(&args)
        .status()
        .unwrap();
    assert!(status.success(), "run-official.sh failed for {run}");
    serde_json::from_str(&std::fs::read_to_string(out.path().join("verdicts.json")).unwrap())
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reference_client_verdicts_match_the_official_suite_run_live() {
    let Some(conformance) = interop::installed("MCP_AUTH_HARNESS_CONFORMANCE_DIR") else {
        return;
    };
    let exe = Path::new(env!("CARGO_BIN_EXE_mcp-auth-harness"));
    let command = format!("{} reference-client", quoted(exe));
    let mut problems = Vec::new();
    for (run, version) in RUNS {
        let file = official_live(Path::new(&conformance), &command, run, *version);
        let official = official_verdicts(&file);
        let ours = our_verdicts(command.clone(), *version, &official).await;
        problems.extend(compare("reference", run, &official, &ours));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
