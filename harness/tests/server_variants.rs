#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Every reference target: the conformant ones pass every server scenario (under every spec
//! version), and each broken variant fails exactly the scenarios of its rule — no more, no
//! fewer, and never with a harness error.

use mcp_auth_harness::reference::{TARGETS, Target, verdict};
use mcp_auth_harness::runner::RunOptions;
use mcp_auth_harness::scenario::{self, ScenarioRole};
use mcp_auth_proto::SpecVersion;
use mcp_auth_reports::FanOut;

async fn check(target: &Target) -> Result<(), String> {
    let scenarios = scenario::catalogue(ScenarioRole::Server, &[] as &[&str]).unwrap();
    let (report, _) = target.run(scenarios, RunOptions::default(), FanOut::new()).await.unwrap();
    verdict(&report, target.fails)
        .map_err(|why| format!("{} ({}): {why}", target.name, target.spec_version))?;
    Ok(())
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
    // RS-HTTPS-ENDPOINT cannot be broken by a loopback mock: server_cli.rs
    // (plain_http_on_a_public_host_fails_the_https_endpoint_scenario) sees it fail and pass.
    assert_eq!(missing, ["server/transport/https-endpoint"]);
}
