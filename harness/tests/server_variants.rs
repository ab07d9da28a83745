#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Every reference target: the conformant ones pass every server scenario (under every spec
//! version), and each broken variant fails exactly the scenarios of its rule — no more, no
//! fewer, and never with a harness error.

use mcp_auth_harness::reference::{TARGETS, Target, failing_scenarios};
use mcp_auth_harness::runner::RunOptions;
use mcp_auth_harness::scenario::{self, ScenarioRole};
use mcp_auth_proto::SpecVersion;
use mcp_auth_reports::{FanOut, Outcome};

async fn check(target: &Target) -> Result<(), String> {
    let scenarios = scenario::catalogue(ScenarioRole::Server, &[] as &[&str]).unwrap();
    let (report, _) = target.run(scenarios, RunOptions::default(), FanOut::new()).await.unwrap();
    let errors: Vec<String> = report
        .checks()
        .filter(|c| c.outcome == Outcome::Error)
        .map(|c| format!("{}:{} {}", c.scenario, c.check, c.message))
        .collect();
    // Every JWT the harness presents is redacted by value; "eyJ" (the base64url of `{"`)
    // starts every JWT header, so none may be left in any message or transcript.
    // (PRM's signed_metadata is a JWS by definition: public metadata, not a credential.)
    let leaks: Vec<String> = report
        .checks()
        .filter(|c| c.scenario != "server/prm/signed-metadata")
        .filter(|c| {
            c.message.contains("eyJ") || c.transcript.as_deref().is_some_and(|t| t.contains("eyJ"))
        })
        .map(|c| {
            let text = format!("{}\n{}", c.message, c.transcript.clone().unwrap_or_default());
            let at = text.find("eyJ").unwrap_or(0);
            let context: String = text[at.saturating_sub(120)..].chars().take(240).collect();
            format!("{}:{} near: {context}", c.scenario, c.check)
        })
        .collect();
    if !leaks.is_empty() {
        return Err(format!("{}: token material in reports: {leaks:?}", target.name));
    }
    let failing = failing_scenarios(&report);
    let expected: Vec<String> = target.fails.iter().map(|s| (*s).to_owned()).collect();
    if errors.is_empty() && failing == expected {
        return Ok(());
    }
    let detail: Vec<String> = report
        .checks()
        .filter(|c| matches!(c.outcome, Outcome::Fail | Outcome::Error))
        .map(|c| format!("  {}:{} {:?}: {}", c.scenario, c.check, c.outcome, c.message))
        .collect();
    Err(format!(
        "{} ({}): expected failing {expected:?}, got {failing:?}\n{}",
        target.name,
        target.spec_version,
        detail.join("\n")
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_target_fails_exactly_its_scenarios() {
    let mut problems = Vec::new();
    for target in TARGETS {
        if let Err(problem) = check(target).await {
            problems.push(problem);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_passes_under_every_spec_version() {
    let mut problems = Vec::new();
    for version in SpecVersion::ALL {
        for name in ["reference", "reference-introspection"] {
            let mut target = *TARGETS.iter().find(|t| t.name == name).unwrap();
            target.spec_version = version;
            if let Err(problem) = check(&target).await {
                problems.push(problem);
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn every_server_scenario_has_a_variant_that_fails_it() {
    let scenarios = scenario::catalogue(ScenarioRole::Server, &[] as &[&str]).unwrap();
    let missing: Vec<&str> = scenarios
        .iter()
        .map(|s| s.id())
        .filter(|id| !TARGETS.iter().any(|t| t.fails.contains(id)))
        .collect();
    // RS-HTTPS-ENDPOINT cannot be broken by a loopback mock; a unit test judges it.
    assert_eq!(missing, ["server/transport/https-endpoint"]);
}
