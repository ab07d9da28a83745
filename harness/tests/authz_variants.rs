#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Every `authz` reference target: the conformant mock authorization server passes every
//! authorization-server scenario (under every spec version), and each broken variant
//! fails exactly the scenarios of its rule — no more, no fewer, never with a harness error.

use mcp_auth_harness::reference::{AS_TARGETS, AsTarget, verdict};
use mcp_auth_harness::runner::RunOptions;
use mcp_auth_harness::scenario::{self, ScenarioRole};
use mcp_auth_mocks::config::AsFlaw;
use mcp_auth_proto::SpecVersion;
use mcp_auth_reports::{FanOut, Outcome};

async fn check(target: &AsTarget) -> Result<usize, String> {
    let scenarios = scenario::catalogue(ScenarioRole::AuthorizationServer, &[] as &[&str]).unwrap();
    let (report, _) = target.run(scenarios, RunOptions::default(), FanOut::new()).await.unwrap();
    verdict(&report, target.fails)
        .map_err(|why| format!("{} ({}): {why}", target.name, target.spec_version))?;
    Ok(report.checks().filter(|c| c.outcome == Outcome::Pass).count())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_authz_target_fails_exactly_its_scenarios() {
    let mut problems = Vec::new();
    for target in AS_TARGETS {
        if let Err(problem) = check(target).await {
            problems.push(problem);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_as_passes_under_every_spec_version() {
    let mut problems = Vec::new();
    for version in SpecVersion::ALL {
        let mut target = *AS_TARGETS.iter().find(|t| t.name == "reference-as").unwrap();
        target.spec_version = version;
        match check(&target).await {
            // Under every version something is judged (the metadata at least).
            Ok(passed) => assert!(passed > 0, "{version}: nothing passed"),
            Err(problem) => problems.push(problem),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn every_authz_scenario_has_a_variant_that_fails_it() {
    let scenarios = scenario::catalogue(ScenarioRole::AuthorizationServer, &[] as &[&str]).unwrap();
    let missing: Vec<&str> = scenarios
        .iter()
        .map(|s| s.id())
        .filter(|id| !AS_TARGETS.iter().any(|t| t.fails.contains(id)))
        .collect();
    assert_eq!(missing, Vec::<&str>::new());
}

#[test]
fn every_as_flaw_is_used_by_a_target() {
    for flaw in AsFlaw::ALL {
        let name = serde_json::to_value(flaw).unwrap();
        let used = AS_TARGETS.iter().any(
            |t| matches!(t.breakage, mcp_auth_harness::reference::AsBreakage::Flaw(n) if n == name),
        );
        assert!(used, "{name} has no reference target");
    }
}
