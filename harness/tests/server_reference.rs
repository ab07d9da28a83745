#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Server mode against the reference MCP server (the conformant mocks): every scenario
//! passes or is skipped for a stated reason, under every spec version.

use mcp_auth_harness::authority;
use mcp_auth_harness::runner::{self, RunContext, RunOptions};
use mcp_auth_harness::scenario::{self, ScenarioRole};
use mcp_auth_mocks::config::MockConfig;
use mcp_auth_mocks::mint::Revocations;
use mcp_auth_mocks::world::{World, WorldOptions};
use mcp_auth_proto::SpecVersion;
use mcp_auth_reports::{FanOut, Outcome, RunReport};

async fn run_reference(config: MockConfig, version: SpecVersion) -> RunReport {
    let world = World::start(
        authority::with_untrusted_issuer(config),
        WorldOptions { canaries: authority::canaries(), ..WorldOptions::default() },
    )
    .await
    .unwrap();
    let mut context = RunContext::new(&world.mcp_url, version).unwrap();
    context.authority = authority::from_world(&world, Revocations::new());
    context.scope = "mcp:tools".to_owned();
    context.vars.insert("privileged_tool".into(), "write".into());
    context.vars.insert("baseline_tool".into(), "echo".into());
    let scenarios = scenario::catalogue(ScenarioRole::Server, &[] as &[&str]).unwrap();
    let (report, _) =
        runner::run(scenarios, context, RunOptions::default(), FanOut::new()).await.unwrap();
    world.shutdown().await;
    report
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_server_passes_every_scenario() {
    for version in SpecVersion::ALL {
        let report = run_reference(MockConfig::default(), version).await;
        let bad: Vec<String> = report
            .checks()
            .filter(|c| matches!(c.outcome, Outcome::Fail | Outcome::Error))
            .map(|c| {
                format!(
                    "{}:{} {:?} {}\n{}",
                    c.scenario,
                    c.check,
                    c.outcome,
                    c.message,
                    c.transcript.clone().unwrap_or_default()
                )
            })
            .collect();
        assert!(bad.is_empty(), "{version}:\n{}", bad.join("\n"));
        let skips: Vec<String> = report
            .checks()
            .filter(|c| c.outcome == Outcome::Skip)
            .map(|c| format!("{}:{} {}", c.scenario, c.check, c.message))
            .collect();
        eprintln!("{version}: {} checks, skipped:\n{}", report.checks().count(), skips.join("\n"));
    }
}
