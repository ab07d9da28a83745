//! The console reporter: a line per scenario as it finishes, the failing and erroring
//! checks under it, and a summary at the end.
//!
//! Every string that comes from the model goes through [`crate::text`] first: messages
//! and transcripts quote the target, and a target must not be able to move the cursor,
//! recolour or forge lines of our output. Colours are decided by the caller (see
//! [`use_color`]) so tests can force either way.
//!
//! ```text
//! mcp-auth-harness 0.1.0: server conformance, spec 2025-11-25, target http://127.0.0.1:9/mcp
//! FAIL  rs/audience  Rejects tokens minted for another resource  (2 checks: 1 pass, 1 fail)
//!       FAIL  audience-rejected  RS-TOKEN-AUDIENCE (MUST): token for https://other/ was accepted
//!             spec: MCP 2025-11-25 §Token Handling
//! ...
//! Summary: 2 scenarios: 1 pass, 1 fail
//!          3 checks: 2 pass, 1 fail
//! Outcome: FAIL
//! ```

use std::ffi::OsStr;
use std::io::{self, Write};

use crate::baseline::Evaluation;
use crate::event::Event;
use crate::model::{CheckResult, RunInfo, RunReport, ScenarioResult};
use crate::outcome::Outcome;
use crate::reporter::Reporter;
use crate::summary::Counts;
use crate::text::{multi_line, one_line};

/// Whether to colour console output: only on a terminal, and only when `NO_COLOR` is unset
/// or empty (<https://no-color.org>: "when present and not an empty string"). The caller
/// passes `std::io::IsTerminal::is_terminal(&stdout)` and `std::env::var_os("NO_COLOR")`.
pub fn use_color(is_terminal: bool, no_color: Option<&OsStr>) -> bool {
    is_terminal && no_color.is_none_or(OsStr::is_empty)
}

/// How the console reporter writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConsoleOptions {
    /// ANSI colours on the outcome labels.
    pub color: bool,
    /// Also list passing and skipped checks, and print transcripts of failures and errors.
    pub verbose: bool,
}

/// Writes human-readable progress and a summary to `out`.
#[derive(Debug)]
pub struct ConsoleReporter<W: Write> {
    out: W,
    options: ConsoleOptions,
}

impl<W: Write> ConsoleReporter<W> {
    pub fn new(out: W, options: ConsoleOptions) -> Self {
        Self { out, options }
    }

    pub fn into_inner(self) -> W {
        self.out
    }

    fn label(&self, outcome: Outcome) -> String {
        let (text, colour) = match outcome {
            Outcome::Pass => ("PASS ", "32"),
            Outcome::Fail => ("FAIL ", "1;31"),
            Outcome::Error => ("ERROR", "1;35"),
            Outcome::Skip => ("SKIP ", "33"),
        };
        if self.options.color { format!("\x1b[{colour}m{text}\x1b[0m") } else { text.to_owned() }
    }

    fn run_started(&mut self, run: &RunInfo, planned: usize) -> io::Result<()> {
        writeln!(
            self.out,
            "mcp-auth-harness {}: {} conformance, spec {}, target {} ({} scenario{})",
            one_line(&run.tool_version),
            run.role,
            run.spec_version,
            one_line(&run.target),
            planned,
            plural(planned),
        )
    }

    fn scenario_finished(&mut self, scenario: &ScenarioResult) -> io::Result<()> {
        let label = self.label(scenario.outcome());
        let counts = scenario.counts();
        writeln!(
            self.out,
            "{label} {}  {}  ({})",
            one_line(&scenario.id),
            one_line(&scenario.title),
            describe(counts, "check")
        )?;
        if self.options.verbose
            && let Some(name) = &scenario.official_name
        {
            writeln!(self.out, "      official scenario: {}", one_line(name))?;
        }
        for check in scenario.checks_in_order() {
            let listed = matches!(check.outcome, Outcome::Fail | Outcome::Error)
                || (check.outcome == Outcome::Skip && scenario.outcome() == Outcome::Skip)
                || self.options.verbose;
            if listed {
                self.check_line(check, "      ")?;
            }
        }
        Ok(())
    }

    fn check_line(&mut self, check: &CheckResult, indent: &str) -> io::Result<()> {
        let label = self.label(check.outcome);
        writeln!(
            self.out,
            "{indent}{label} {}  {} ({}): {}",
            one_line(&check.check),
            one_line(&check.requirement),
            check.level,
            one_line(&check.message)
        )?;
        let detail = format!("{indent}      ");
        if let Some(reference) = &check.spec_reference {
            writeln!(self.out, "{detail}spec: {}", one_line(reference))?;
        }
        if self.options.verbose {
            if let Some(name) = &check.official_name {
                writeln!(self.out, "{detail}official check: {}", one_line(name))?;
            }
            if check.outcome != Outcome::Pass
                && let Some(transcript) = &check.transcript
            {
                writeln!(self.out, "{detail}transcript:")?;
                for line in multi_line(transcript).lines() {
                    writeln!(self.out, "{detail}  {line}")?;
                }
            }
        }
        Ok(())
    }

    fn run_finished(&mut self, report: &RunReport) -> io::Result<()> {
        for (outcome, heading) in [(Outcome::Fail, "Failures"), (Outcome::Error, "Errors")] {
            let checks: Vec<&CheckResult> =
                report.checks().filter(|c| c.outcome == outcome).collect();
            if checks.is_empty() {
                continue;
            }
            writeln!(self.out, "\n{heading}:")?;
            for check in checks {
                writeln!(
                    self.out,
                    "  {} / {}  {} ({}): {}",
                    one_line(&check.scenario),
                    one_line(&check.check),
                    one_line(&check.requirement),
                    check.level,
                    one_line(&check.message)
                )?;
            }
        }
        let summary = report.summary();
        writeln!(self.out, "\nSummary: {}", describe(summary.scenarios, "scenario"))?;
        writeln!(self.out, "         {}", describe(summary.checks, "check"))?;
        let outcome = report.outcome();
        writeln!(self.out, "Outcome: {}", self.label(outcome).trim_end())
    }
}

impl<W: Write> Reporter for ConsoleReporter<W> {
    fn handle(&mut self, event: &Event<'_>) -> io::Result<()> {
        match event {
            Event::RunStarted { run, planned_scenarios } => {
                self.run_started(run, *planned_scenarios)
            }
            Event::ScenarioStarted(_) | Event::CheckFinished(_) => Ok(()),
            Event::ScenarioFinished(scenario) => self.scenario_finished(scenario),
            Event::RunFinished(report) => {
                self.run_finished(report)?;
                self.out.flush()
            }
        }
    }
}

/// Writes what a baseline made of the run: excused failures, stale entries, and the
/// failures and errors it did not excuse.
pub fn write_evaluation(out: &mut dyn Write, evaluation: &Evaluation) -> io::Result<()> {
    writeln!(out, "\nBaseline:")?;
    for key in &evaluation.expected_failures {
        writeln!(out, "  expected failure   {key}")?;
    }
    for stale in &evaluation.stale {
        writeln!(
            out,
            "  stale entry        {}: {} (line {}) now passes; remove it from the baseline",
            stale.role, stale.entry, stale.entry.line
        )?;
    }
    for key in &evaluation.unexpected_failures {
        writeln!(out, "  unexpected failure {key}")?;
    }
    for key in &evaluation.errors {
        writeln!(out, "  error (never baselined) {key}")?;
    }
    let verdict = if !evaluation.errors.is_empty() {
        "incomplete: the harness could not judge every check"
    } else if evaluation.passed() {
        "every failure is expected"
    } else {
        "unexpected failures or stale entries"
    };
    writeln!(out, "  => {verdict}")
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `3 checks: 2 pass, 1 fail`, leaving out zero counts; `no checks` when empty.
fn describe(counts: Counts, noun: &str) -> String {
    let total = counts.total();
    if total == 0 {
        return format!("no {noun}s");
    }
    let parts: Vec<String> = Outcome::ALL
        .iter()
        .filter(|&&o| counts.get(o) > 0)
        .map(|&o| format!("{} {}", counts.get(o), o))
        .collect();
    format!("{total} {noun}{}: {}", plural(total), parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(use_color(true, None));
        assert!(use_color(true, Some(OsStr::new(""))));
        assert!(!use_color(true, Some(OsStr::new("1"))));
        assert!(!use_color(false, None));
    }

    #[test]
    fn counts_are_described_without_zeros() {
        assert_eq!(describe(Counts::default(), "check"), "no checks");
        let c = Counts { pass: 1, fail: 0, error: 2, skip: 0 };
        assert_eq!(describe(c, "scenario"), "3 scenarios: 1 pass, 2 error");
    }
}
