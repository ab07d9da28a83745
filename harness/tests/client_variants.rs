#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Every client reference target: the conformant reference client passes every client
//! scenario (under every spec version), and each broken variant fails exactly the
//! scenarios of its rule — no more, no fewer, and never with a harness error.
//!
//! The reference client runs as a process, launched by client mode exactly as it launches
//! any client under test (through the harness binary's hidden `reference-client` command).

use std::path::Path;

use mcp_auth_harness::client_reference::{CLIENT_TARGETS, ClientTarget, run_target};
use mcp_auth_harness::reference::verdict;
use mcp_auth_harness::reference_client::Break;
use mcp_auth_harness::runner::RunOptions;
use mcp_auth_harness::scenario::{self, ScenarioRole};
use mcp_auth_reports::FanOut;

const EXE: &str = env!("CARGO_BIN_EXE_mcp-auth-harness");

async fn check(target: &ClientTarget) -> Result<(), String> {
    let scenarios = scenario::catalogue(ScenarioRole::Client, &[] as &[&str]).unwrap();
    let options = RunOptions { jobs: 4, durations: false };
    let (report, _) =
        run_target(target, Path::new(EXE), scenarios, options, FanOut::new()).await.unwrap();
    verdict(&report, target.fails)
        .map_err(|why| format!("{} ({}): {why}", target.name, target.spec_version))
}

/// Targets judged at once. A scenario mostly waits (on a client process, on a slow-drip
/// response), so several targets share the two cores well; one at a time the suite takes
/// over ten minutes.
const TARGETS_AT_ONCE: usize = 6;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_client_target_fails_exactly_its_scenarios() {
    let mut problems = Vec::new();
    let mut pending = CLIENT_TARGETS.iter();
    let mut running = tokio::task::JoinSet::new();
    loop {
        while running.len() < TARGETS_AT_ONCE {
            let Some(target) = pending.next() else { break };
            // Reporters are not `Send`: each target is judged on a blocking thread of its own,
            // driving its run on the shared runtime.
            let handle = tokio::runtime::Handle::current();
            running.spawn_blocking(move || handle.block_on(check(target)));
        }
        let Some(done) = running.join_next().await else { break };
        if let Err(problem) = done.unwrap() {
            problems.push(problem);
        }
    }
    problems.sort();
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn every_broken_variant_is_a_target_and_fails_something() {
    for b in Break::ALL {
        let name = b.to_string();
        let target = CLIENT_TARGETS
            .iter()
            .find(|t| t.breaks == [name.as_str()])
            .unwrap_or_else(|| panic!("no client target breaks only {name}"));
        assert!(!target.fails.is_empty(), "{name} fails no scenario");
    }
}

#[test]
fn every_client_scenario_has_a_variant_that_fails_it() {
    let scenarios = scenario::catalogue(ScenarioRole::Client, &[] as &[&str]).unwrap();
    let missing: Vec<&str> = scenarios
        .iter()
        .map(|s| s.id())
        .filter(|id| !CLIENT_TARGETS.iter().any(|t| t.fails.contains(id)))
        .collect();
    assert_eq!(missing, Vec::<&str>::new(), "client scenarios no variant fails");
}
