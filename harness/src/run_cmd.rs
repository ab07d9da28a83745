//! What every scenario-running command shares: selection flags, report flags, the
//! expected-failures baseline, and turning a finished run into an exit code.

use std::fs::File;
use std::io::{BufWriter, IsTerminal as _, Write};
use std::path::PathBuf;

use clap::Args;
use mcp_auth_reports::console::{ConsoleOptions, ConsoleReporter, use_color, write_evaluation};
use mcp_auth_reports::json::JsonReporter;
use mcp_auth_reports::junit::JunitReporter;
use mcp_auth_reports::{Baseline, FanOut, RunReport, exit as report_exit};

use crate::cli::CommandError;
use crate::output::sanitize_lines;
use crate::runner::{self, RunContext, RunOptions};
use crate::scenario::{self, Scenario, ScenarioRole, Selection};

/// Which scenarios run.
#[derive(Debug, Clone, Args)]
pub struct SelectArgs {
    /// Run only this scenario, or those under an ID prefix ending in `/` (repeatable).
    #[arg(long = "scenario", value_name = "ID")]
    pub scenarios: Vec<String>,
    /// Run only scenarios that check this requirement (repeatable).
    #[arg(long = "requirement", value_name = "ID")]
    pub requirements: Vec<String>,
    /// Run only scenarios with this tag (repeatable).
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// Also load scenario files from this folder (repeatable); IDs are paths within it.
    #[arg(long = "scenarios", value_name = "DIR")]
    pub scenario_dirs: Vec<PathBuf>,
}

impl SelectArgs {
    pub fn selection(&self) -> Selection {
        Selection {
            scenarios: self.scenarios.clone(),
            requirements: self.requirements.clone(),
            tags: self.tags.clone(),
        }
    }
}

/// Where results go and how they are judged.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Also write a report: `junit=PATH` or `json=PATH` (repeatable).
    #[arg(long = "report", value_name = "FORMAT=PATH", value_parser = parse_report)]
    pub reports: Vec<ReportTarget>,
    /// Expected failures in the official conformance suite's baseline format: listed
    /// failures do not fail the run; a listed entry that passes does (stale baseline).
    #[arg(long, value_name = "FILE")]
    pub expected_failures: Option<PathBuf>,
    /// List every check, and transcripts of failures and errors.
    #[arg(long, short)]
    pub verbose: bool,
    /// Scenarios run at once.
    #[arg(long, default_value_t = 4)]
    pub jobs: usize,
}

/// One `--report` flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportTarget {
    pub format: ReportFormat,
    pub path: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Junit,
    Json,
}

fn parse_report(text: &str) -> Result<ReportTarget, String> {
    let (format, path) =
        text.split_once('=').ok_or_else(|| format!("{text:?}: use junit=PATH or json=PATH"))?;
    let format = match format {
        "junit" => ReportFormat::Junit,
        "json" => ReportFormat::Json,
        other => return Err(format!("unknown report format {other:?}: use junit or json")),
    };
    if path.is_empty() {
        return Err("the report path is empty".to_owned());
    }
    Ok(ReportTarget { format, path: PathBuf::from(path) })
}

/// Loads the built-in and user scenarios of `role` and applies the selection. Load errors
/// are printed and end the command.
pub fn select(
    role: ScenarioRole,
    select: &SelectArgs,
    err: &mut dyn Write,
) -> Result<Option<Vec<Scenario>>, CommandError> {
    let all = match scenario::catalogue(role, &select.scenario_dirs) {
        Ok(all) => all,
        Err(errors) => {
            for e in errors {
                writeln!(err, "error: {}", sanitize_lines(&e.to_string()))?;
            }
            return Ok(None);
        }
    };
    let selection = select.selection();
    let chosen: Vec<Scenario> = all.into_iter().filter(|s| selection.matches(s)).collect();
    if chosen.is_empty() {
        writeln!(err, "error: no scenario matches the selection (see `mcp-auth-harness list`)")?;
        return Ok(None);
    }
    Ok(Some(chosen))
}

/// Opens the report files up front, so a bad path fails before any probe is sent.
fn open_reports(
    targets: &[ReportTarget],
) -> Result<Vec<(ReportFormat, BufWriter<File>)>, CommandError> {
    targets
        .iter()
        .map(|t| {
            if let Some(parent) = t.path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .map_err(|source| CommandError::Report { path: t.path.clone(), source })?;
            }
            let file = File::create(&t.path)
                .map_err(|source| CommandError::Report { path: t.path.clone(), source })?;
            Ok((t.format, BufWriter::new(file)))
        })
        .collect()
}

/// Runs `scenarios` against `context`, writes every report, applies the baseline, and
/// returns the run and its exit code.
pub async fn execute(
    scenarios: Vec<Scenario>,
    context: RunContext,
    reports: &ReportArgs,
    out: &mut dyn Write,
) -> Result<(RunReport, u8), CommandError> {
    let baseline = match &reports.expected_failures {
        Some(path) => Some(Baseline::load(path)?),
        None => None,
    };
    let files = open_reports(&reports.reports)?;
    let color = use_color(std::io::stdout().is_terminal(), std::env::var_os("NO_COLOR").as_deref());
    let options = ConsoleOptions { color, verbose: reports.verbose };
    let mut fan = FanOut::new().with(ConsoleReporter::new(&mut *out, options));
    for (format, file) in files {
        match format {
            ReportFormat::Junit => fan.push(JunitReporter::new(file)),
            ReportFormat::Json => fan.push(JsonReporter::new(file)),
        }
    }
    let run_options = RunOptions { jobs: reports.jobs, durations: false };
    let (report, fan) = runner::run(scenarios, context, run_options, fan).await?;
    drop(fan);
    let code = match &baseline {
        Some(baseline) => {
            let evaluation = baseline.evaluate(&report);
            write_evaluation(out, &evaluation)?;
            report_exit::from_evaluation(&evaluation)
        }
        None => report_exit::exit_code(&report, None),
    };
    Ok((report, code))
}

/// The runtime a scenario-running command blocks on (scenarios run on its workers).
pub fn runtime() -> Result<tokio::runtime::Runtime, CommandError> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(CommandError::Output)
}
