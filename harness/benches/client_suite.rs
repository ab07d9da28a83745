//! Client mode's cost: the harness's overhead per client scenario (mock world started on
//! fresh ports, a client process launched through `sh -c` that exits at once, journal
//! judged, world stopped), a bare `sh -c true` for comparison (the part that is the
//! operating system's), and the whole client suite's wall time against the reference
//! client (through the harness binary's `reference-client` command, as `demo` runs it).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::missing_docs_in_private_items)]

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use mcp_auth_harness::client_reference::{CLIENT_TARGETS, run_target};
use mcp_auth_harness::runner::client_run::{ClientLaunch, run_client_scenario};
use mcp_auth_harness::runner::{RunOptions, http};
use mcp_auth_harness::scenario::{self, Scenario, ScenarioRole};
use mcp_auth_proto::SpecVersion;
use mcp_auth_reports::FanOut;

const EXE: &str = env!("CARGO_BIN_EXE_mcp-auth-harness");

fn scenarios() -> Vec<Scenario> {
    scenario::catalogue(ScenarioRole::Client, &[] as &[&str]).unwrap()
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let scenario =
        scenarios().into_iter().find(|s| s.id() == "client/discovery/metadata-default").unwrap();
    let client = http::client().unwrap();
    let launch = ClientLaunch {
        command: "true".to_owned(),
        timeout: Duration::from_secs(10),
        browser_dir: None,
        env: Vec::new(),
    };

    let mut group = c.benchmark_group("client_overhead");
    group.bench_function("one scenario, a client that exits at once", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let outcome = run_client_scenario(
                    &scenario,
                    SpecVersion::V2026_07_28,
                    &launch,
                    client.clone(),
                )
                .await;
                assert!(!outcome.checks.is_empty());
            })
        });
    });
    group.bench_function("bare sh -c true", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let status =
                    tokio::process::Command::new("sh").args(["-c", "true"]).status().await.unwrap();
                assert!(status.success());
            })
        });
    });
    group.finish();

    let reference = CLIENT_TARGETS.iter().find(|t| t.name == "reference-client").unwrap();
    let mut group = c.benchmark_group("client_suite");
    group.sample_size(10);
    group.bench_function("all client scenarios vs the reference client", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let (report, _) = run_target(
                    reference,
                    Path::new(EXE),
                    scenarios(),
                    RunOptions::default(),
                    FanOut::new(),
                )
                .await
                .unwrap();
                assert!(report.checks().count() > 0);
            })
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
