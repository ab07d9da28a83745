//! `client`: judge an MCP client by what it does in a mock world that may lie to it.
//!
//! With `--command`, each selected scenario starts its mock world on fresh loopback ports,
//! launches the command in the official conformance suite's contract (MCP URL last,
//! `MCP_CONFORMANCE_*` in the environment), waits for it to exit or kills it at
//! `--timeout`, and judges from the world's journal and the exit. Without `--command`, the
//! world of the one chosen scenario stays up for a client driven by hand (a GUI client),
//! and is judged when the user presses Ctrl-C.

use std::io::Write;
use std::time::Duration;

use clap::Args;
use mcp_auth_mocks::world::WorldOptions;
use mcp_auth_reports::Outcome;

use crate::cli::{CommandError, VersionArg};
use crate::exit;
use crate::output::sanitize;
use crate::run_cmd::{self, ReportArgs, SelectArgs};
use crate::runner::client_judge::{ClientEvidence, ProcessEnd};
use crate::runner::client_run::{self, ClientLaunch, ClientProcess};
use crate::runner::{RunContext, http, scenario_info};
use crate::scenario::{Scenario, ScenarioRole};

#[derive(Debug, Clone, Args)]
pub struct ClientArgs {
    /// The client to test: a shell command; the MCP URL is appended as its last argument.
    /// Omitted: the mocks of the one chosen scenario stay up for a client run by hand, and
    /// are judged at Ctrl-C.
    #[arg(long)]
    pub command: Option<String>,
    /// Run a named group: `all` (default), `official` (scenarios the official suite also
    /// has), `harness` (only this harness's), or a tag (`auth`, `backcompat`,
    /// `extensions`, `hostile-metadata`, ...).
    #[arg(long, value_name = "NAME")]
    pub suite: Option<String>,
    #[command(flatten)]
    pub version: VersionArg,
    #[command(flatten)]
    pub select: SelectArgs,
    #[command(flatten)]
    pub reports: ReportArgs,
    /// Longest the client may run in one scenario before it is killed (a hang).
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    pub timeout: u64,
    /// Give the client a browser: `BROWSER` and an `xdg-open` on its `PATH` that fetch the
    /// authorization URL, follow the redirects to the client's loopback callback, and record
    /// both.
    #[arg(long)]
    pub browser: bool,
}

/// Runs `client`.
pub fn run(
    args: &ClientArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, CommandError> {
    let Some(scenarios) = run_cmd::select(ScenarioRole::Client, &args.select, err)? else {
        return Ok(exit::HARNESS_ERROR);
    };
    let scenarios = match suite_filter(scenarios, args.suite.as_deref()) {
        Ok(s) => s,
        Err(message) => {
            writeln!(err, "error: {message}")?;
            return Ok(exit::HARNESS_ERROR);
        }
    };
    let browser =
        if args.browser { Some(crate::browser::install(&std::env::current_exe()?)?) } else { None };
    if browser.is_some() && args.command.is_none() {
        writeln!(
            err,
            "error: --browser needs --command (a client run by hand has its own browser)"
        )?;
        return Ok(exit::HARNESS_ERROR);
    }
    let runtime = run_cmd::runtime()?;
    let Some(command) = &args.command else {
        let [scenario] = scenarios.as_slice() else {
            writeln!(
                err,
                "error: without --command, choose exactly one scenario with --scenario ID \
                 ({} selected)",
                scenarios.len()
            )?;
            return Ok(exit::HARNESS_ERROR);
        };
        return runtime.block_on(interactive(scenario, args, out));
    };
    let launch = ClientLaunch {
        command: command.clone(),
        timeout: Duration::from_secs(args.timeout.max(1)),
        browser_dir: browser.as_ref().map(|b| b.path().to_path_buf()),
        env: Vec::new(),
    };
    let context = RunContext::client_run(launch, args.version.spec_version);
    runtime.block_on(async {
        writeln!(
            out,
            "Testing the MCP client `{}` (spec {}) in {} scenario(s).\n",
            sanitize(command),
            args.version.spec_version,
            scenarios.len()
        )?;
        let (_, code) = run_cmd::execute(scenarios, context, &args.reports, out).await?;
        Ok(code)
    })
}

/// Applies `--suite`.
pub fn suite_filter(
    scenarios: Vec<Scenario>,
    suite: Option<&str>,
) -> Result<Vec<Scenario>, String> {
    let keep = |s: &Scenario| match suite {
        None | Some("all") => true,
        Some("official") => s.file.official_name.is_some(),
        Some("harness") => s.file.official_name.is_none(),
        Some(tag) => s.file.tags.iter().any(|t| t == tag),
    };
    let chosen: Vec<Scenario> = scenarios.into_iter().filter(keep).collect();
    if chosen.is_empty() {
        return Err(format!(
            "no client scenario is in suite {:?} (see `mcp-auth-harness list --role client`)",
            suite.unwrap_or("all")
        ));
    }
    Ok(chosen)
}

/// Keeps one scenario's world up for a client run by hand; judges at Ctrl-C.
async fn interactive(
    scenario: &Scenario,
    args: &ClientArgs,
    out: &mut dyn Write,
) -> Result<u8, CommandError> {
    let spec_version = args.version.spec_version;
    if let Some(reason) = crate::scenario::not_applicable(scenario, spec_version) {
        writeln!(out, "{} does not apply: {reason}", scenario.id())?;
        return Ok(exit::HARNESS_ERROR);
    }
    let world = match client_run::start_world(scenario, spec_version, WorldOptions::default()).await
    {
        Ok(w) => w,
        Err(e) => {
            writeln!(out, "error: {e}")?;
            return Ok(exit::HARNESS_ERROR);
        }
    };
    writeln!(out, "Scenario {}: {}", scenario.id(), scenario.file.title)?;
    writeln!(out, "MCP server: {}", world.world.mcp_url)?;
    writeln!(out, "MCP_CONFORMANCE_SCENARIO={}", world.announce)?;
    writeln!(out, "MCP_CONFORMANCE_PROTOCOL_VERSION={spec_version}")?;
    if let Some(context) = &world.context {
        writeln!(out, "MCP_CONFORMANCE_CONTEXT={context}")?;
    }
    writeln!(out, "Point the client at the MCP server, then press Ctrl-C to judge.")?;
    out.flush()?;
    let _ = tokio::signal::ctrl_c().await;
    let process = ClientProcess {
        end: ProcessEnd::NotLaunched,
        stdout: String::new(),
        stderr: String::new(),
        browser_log: String::new(),
    };
    let evidence: ClientEvidence = client_run::evidence(&world, &process);
    let http = http::client().map_err(|e| CommandError::Output(std::io::Error::other(e)))?;
    let outcome = client_run::judge(scenario, spec_version, &world, evidence, &process, http).await;
    let context = RunContext::client(world.world.mcp_url.clone(), spec_version);
    world.world.shutdown().await;
    let mut failed = false;
    let reporter = mcp_auth_reports::console::ConsoleReporter::new(
        &mut *out,
        mcp_auth_reports::console::ConsoleOptions { color: false, verbose: args.reports.verbose },
    );
    let info = mcp_auth_reports::RunInfo {
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        role: mcp_auth_reports::Role::Client,
        spec_version,
        target: "a client run by hand".to_owned(),
    };
    let mut recorder = mcp_auth_reports::Recorder::start(info, 1, reporter)?;
    recorder.start_scenario(scenario_info(scenario, &context))?;
    for check in outcome.checks {
        failed |= matches!(check.outcome, Outcome::Fail | Outcome::Error);
        recorder.record(check)?;
    }
    recorder.finish_scenario(None)?;
    let (report, _) = recorder.finish()?;
    Ok(mcp_auth_reports::exit::exit_code(&report, None).max(u8::from(failed)))
}
