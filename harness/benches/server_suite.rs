//! Server mode's cost: the whole server suite against the in-process reference server (the
//! conformant mock, with the harness as its authorization server), and the harness's own
//! overhead per scenario: a scenario that sends nothing (`judge` only) and one that sends one
//! request, next to the bare request made with the same HTTP client.
//!
//! Peak memory is measured outside criterion (see the closing note of issue 4):
//! `/usr/bin/time -v target/release/mcp-auth-harness demo`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::missing_docs_in_private_items)]

use criterion::{Criterion, criterion_group, criterion_main};
use mcp_auth_harness::reference::TARGETS;
use mcp_auth_harness::runner::{self, RunContext, RunOptions, http};
use mcp_auth_harness::scenario::{self, Scenario, ScenarioRole};
use mcp_auth_mocks::world::{World, WorldOptions};
use mcp_auth_proto::SpecVersion;
use mcp_auth_reports::FanOut;

fn scenarios() -> Vec<Scenario> {
    scenario::catalogue(ScenarioRole::Server, &[] as &[&str]).unwrap()
}

fn one(id: &str) -> Vec<Scenario> {
    scenarios().into_iter().filter(|s| s.id() == id).collect()
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let reference = TARGETS.iter().find(|t| t.name == "reference").unwrap();

    let mut group = c.benchmark_group("server_suite");
    group.sample_size(10);
    group.bench_function("all scenarios vs reference (start, run, stop)", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let (report, _) =
                    reference.run(scenarios(), RunOptions::default(), FanOut::new()).await.unwrap();
                assert!(report.checks().count() > 80);
            })
        });
    });
    group.finish();

    let world = runtime
        .block_on(World::start(
            reference.config().unwrap(),
            WorldOptions { authority: true, ..WorldOptions::default() },
        ))
        .unwrap();
    let mut context = RunContext::new(&world.mcp_url, SpecVersion::V2026_07_28).unwrap();
    context.authority = world.authority();
    context.scope = "mcp:tools".to_owned();

    // Per-scenario overhead, amortised over a run of 100 copies (one HTTP client per run,
    // as in real runs): divide the times by 100.
    let mut group = c.benchmark_group("per_100_scenarios");
    let judge_only: Vec<Scenario> =
        std::iter::repeat_n(one("server/transport/https-endpoint"), 100).flatten().collect();
    group.bench_function("judge-only scenario (no request) x100", |b| {
        b.iter(|| {
            runtime.block_on(async {
                runner::run(
                    judge_only.clone(),
                    context.clone(),
                    RunOptions::default(),
                    FanOut::new(),
                )
                .await
                .unwrap()
            })
        });
    });
    let one_request: Vec<Scenario> =
        std::iter::repeat_n(one("server/challenge/www-authenticate-bearer"), 100)
            .flatten()
            .collect();
    group.bench_function("one-request scenario x100", |b| {
        b.iter(|| {
            runtime.block_on(async {
                runner::run(
                    one_request.clone(),
                    context.clone(),
                    RunOptions::default(),
                    FanOut::new(),
                )
                .await
                .unwrap()
            })
        });
    });
    let client = http::client().unwrap();
    let probe = runner::mcp::request(SpecVersion::V2026_07_28, 1, runner::mcp::CONNECT, None, None);
    let outgoing = http::Outgoing {
        method: "POST".to_owned(),
        url: world.mcp_url.clone(),
        headers: probe.headers,
        body: Some(probe.body.to_string().into_bytes()),
        timeout: std::time::Duration::from_secs(5),
    };
    group.bench_function("the same request, bare, x100 (4 at a time)", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let mut set = tokio::task::JoinSet::new();
                for _ in 0..100 {
                    if set.len() == 4 {
                        set.join_next().await.unwrap().unwrap();
                    }
                    let (client, outgoing) = (client.clone(), outgoing.clone());
                    set.spawn(async move { http::exchange(&client, &outgoing).await.unwrap() });
                }
                while let Some(r) = set.join_next().await {
                    r.unwrap();
                }
            })
        });
    });
    group.finish();
    runtime.block_on(world.shutdown());
}

criterion_group!(benches, bench);
criterion_main!(benches);
