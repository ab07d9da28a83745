//! The scenario runner: runs scenarios concurrently against one target and feeds their
//! results, as each finishes, to a [`Recorder`] whose reporters write console, JUnit and
//! JSON output. The runner never formats anything itself.
//!
//! Modules: `context` (what a run knows), `consent` (the way through login pages in `authz`
//! mode), `http` (one bounded exchange), `mcp` (JSON-RPC
//! per spec version), `tokens` (minting and supplied tokens), `assert` (judging),
//! `transcript` (redacted records), `scenario_run` (one scenario).

pub mod assert;
pub mod client_judge;
pub mod client_run;
pub mod consent;
pub mod context;
pub mod http;
pub mod mcp;
pub mod scenario_run;
pub mod tokens;
pub mod transcript;

use std::collections::HashMap;
use std::sync::Arc;

use mcp_auth_reports::{RecordError, Recorder, Reporter, RunInfo, RunReport, ScenarioInfo};
use tokio::task::JoinSet;

pub use context::RunContext;
pub use scenario_run::{ScenarioOutcome, run_scenario};

use crate::scenario::Scenario;
use crate::scenario::ScenarioRole;

/// How a run is carried out.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    /// Scenarios in flight at once (at least 1).
    pub jobs: usize,
    /// Record each scenario's duration in the reports (off by default: output stays
    /// byte-for-byte deterministic).
    pub durations: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self { jobs: 4, durations: false }
    }
}

/// The scenario information reports show before a scenario's checks.
pub fn scenario_info(scenario: &Scenario, context: &RunContext) -> ScenarioInfo {
    ScenarioInfo {
        id: scenario.id().to_owned(),
        title: scenario.file.title.clone(),
        role: role_of(scenario),
        spec_version: context.spec_version,
        official_name: scenario.file.official_name.clone(),
    }
}

fn role_of(scenario: &Scenario) -> mcp_auth_reports::Role {
    match scenario.file.role {
        ScenarioRole::Client => mcp_auth_reports::Role::Client,
        ScenarioRole::AuthorizationServer => mcp_auth_reports::Role::Authorization,
        ScenarioRole::Server => mcp_auth_reports::Role::Server,
    }
}

/// Runs `scenarios` (already selected) against `context`'s target and records every check.
pub async fn run<R: Reporter>(
    scenarios: Vec<Scenario>,
    context: RunContext,
    options: RunOptions,
    reporter: R,
) -> Result<(RunReport, R), RecordError> {
    let info = RunInfo {
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        role: scenarios.first().map_or(mcp_auth_reports::Role::Server, role_of),
        spec_version: context.spec_version,
        target: context.mcp_url.clone(),
    };
    let mut recorder = Recorder::start(info, scenarios.len(), reporter)?;
    let client = http::client();
    let context = Arc::new(context);
    let scenarios: Vec<Arc<Scenario>> = scenarios.into_iter().map(Arc::new).collect();
    let mut pending = scenarios.iter().cloned();
    let mut running = JoinSet::new();
    let mut in_flight: HashMap<tokio::task::Id, Arc<Scenario>> = HashMap::new();
    let jobs = options.jobs.max(1);
    loop {
        while running.len() < jobs {
            let Some(scenario) = pending.next() else { break };
            let task_context = Arc::clone(&context);
            let task_scenario = Arc::clone(&scenario);
            let task_client = client.clone();
            let handle = running.spawn(async move {
                match (task_client, &task_context.client_launch) {
                    (Ok(client), Some(launch)) => {
                        client_run::run_client_scenario(
                            &task_scenario,
                            task_context.spec_version,
                            launch,
                            client,
                        )
                        .await
                    }
                    (Ok(client), None) => run_scenario(&task_scenario, &task_context, client).await,
                    (Err(e), _) => scenario_run::harness_fault(&task_scenario, &e.to_string()),
                }
            });
            in_flight.insert(handle.id(), scenario);
        }
        let Some(joined) = running.join_next_with_id().await else { break };
        let (id, outcome) = match joined {
            Ok((id, outcome)) => (id, outcome),
            // A panic in a scenario is a harness bug; its checks become errors that say so,
            // and the run goes on.
            Err(e) => {
                let id = e.id();
                let Some(scenario) = in_flight.remove(&id) else { continue };
                let outcome = scenario_run::harness_fault(&scenario, &format!("harness bug: {e}"));
                record(&mut recorder, &scenario, &context, outcome, options)?;
                continue;
            }
        };
        let Some(scenario) = in_flight.remove(&id) else { continue };
        record(&mut recorder, &scenario, &context, outcome, options)?;
    }
    recorder.finish()
}

fn record<R: Reporter>(
    recorder: &mut Recorder<R>,
    scenario: &Scenario,
    context: &RunContext,
    outcome: ScenarioOutcome,
    options: RunOptions,
) -> Result<(), RecordError> {
    recorder.start_scenario(scenario_info(scenario, context))?;
    for check in outcome.checks {
        recorder.record(check)?;
    }
    recorder.finish_scenario(options.durations.then_some(outcome.duration))
}
