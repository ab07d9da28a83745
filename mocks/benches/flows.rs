//! Throughput of the mocks: complete authorization-code flows per second (401 → PRM → AS
//! metadata → registration → authorization → token → MCP initialize and tools/call), and the
//! time from starting a world to its first answered request.
//!
//! `cargo bench -p mcp-auth-mocks` measures; `cargo test --benches` (run by CI) executes each
//! benchmark once.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[path = "../tests/support/flow.rs"]
mod flow;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mcp_auth_mocks::config::MockConfig;
use mcp_auth_mocks::world::{World, WorldOptions};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

fn complete_flows(c: &mut Criterion) {
    let rt = runtime();
    let world = rt.block_on(World::start(MockConfig::default(), WorldOptions::default())).unwrap();
    let mut group = c.benchmark_group("mocks");
    group.throughput(Throughput::Elements(1));
    group.bench_function("complete_authorization_code_flow", |b| {
        b.iter(|| rt.block_on(flow::run(&world.mcp_url, "echo")).unwrap())
    });
    group.finish();
    rt.block_on(world.shutdown());
}

fn start_to_ready(c: &mut Criterion) {
    let rt = runtime();
    let http = reqwest::Client::new();
    c.bench_function("mocks/start_to_first_answer", |b| {
        b.iter(|| {
            rt.block_on(async {
                let world =
                    World::start(MockConfig::default(), WorldOptions::default()).await.unwrap();
                let status = http.get(&world.mcp_url).send().await.unwrap().status();
                assert_eq!(status.as_u16(), 401);
                world.shutdown().await;
            })
        })
    });
}

criterion_group!(benches, complete_flows, start_to_ready);
criterion_main!(benches);
