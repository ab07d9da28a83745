//! Exit codes of a conformance run. CI systems read them, so they never change meaning;
//! the values are the same as the harness binary's other commands.
//!
//! | Code | Meaning |
//! | --- | --- |
//! | [`OK`] `0` | every check passed or was skipped; with a baseline, every failure is expected and no entry is stale |
//! | [`CONFORMANCE_FAILURE`] `1` | a check failed (without a baseline), or an unexpected failure or stale entry (with one) |
//! | [`HARNESS_ERROR`] `2` | some check has outcome `error`: the harness could not judge everything. Also usage errors, decided by the binary |
//!
//! **Precedence: error beats failure.** A run with both a failing and an erroring check
//! exits `2`, like nextest (a setup or execution fault outranks test failures) and hurl
//! (runtime errors exit 3 before assert failures exit 4). A run that could not be completed
//! is not a verdict: exiting `1` would tell CI "the target is non-conformant" when the truth
//! is "we don't know", and would invite baselining a harness fault. A baseline never
//! lowers `2`. The failures are still in every report.

use crate::baseline::{Baseline, Evaluation};
use crate::model::RunReport;
use crate::outcome::Outcome;

/// Every check passed or was skipped (with a baseline: every failure is expected).
pub const OK: u8 = 0;
/// A conformance failure, or a stale baseline entry.
pub const CONFORMANCE_FAILURE: u8 = 1;
/// The harness could not complete the run (any `error` outcome), or a usage error.
pub const HARNESS_ERROR: u8 = 2;

/// The exit code of a run, judged against `baseline` when one is given. See the module
/// documentation for the precedence (error, then failure or stale entry, then ok).
pub fn exit_code(report: &RunReport, baseline: Option<&Baseline>) -> u8 {
    if report.checks().any(|c| c.outcome == Outcome::Error) {
        return HARNESS_ERROR;
    }
    match baseline {
        Some(baseline) => from_evaluation(&baseline.evaluate(report)),
        None if report.checks().any(|c| c.outcome == Outcome::Fail) => CONFORMANCE_FAILURE,
        None => OK,
    }
}

/// The exit code of a baseline evaluation, by the same precedence.
pub fn from_evaluation(evaluation: &Evaluation) -> u8 {
    if !evaluation.errors.is_empty() {
        HARNESS_ERROR
    } else if evaluation.passed() {
        OK
    } else {
        CONFORMANCE_FAILURE
    }
}
