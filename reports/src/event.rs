//! The events a run emits, in the order it emits them.
//!
//! ```text
//! RunStarted
//!   ScenarioStarted  CheckFinished*  ScenarioFinished     (once per scenario)
//! RunFinished
//! ```
//!
//! Events borrow from the runner's model; reporters that need the whole run (JUnit, JSON)
//! wait for [`Event::RunFinished`], which carries the complete, sorted [`RunReport`].
//! [`crate::Recorder`] emits exactly this grammar.

use crate::model::{CheckResult, RunInfo, RunReport, ScenarioInfo, ScenarioResult};

/// One step of a run.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    /// The run begins; `planned_scenarios` is how many scenarios it means to run.
    RunStarted { run: &'a RunInfo, planned_scenarios: usize },
    /// A scenario begins.
    ScenarioStarted(&'a ScenarioInfo),
    /// A check of the current scenario has an outcome.
    CheckFinished(&'a CheckResult),
    /// The current scenario is over; it carries every check recorded for it.
    ScenarioFinished(&'a ScenarioResult),
    /// The run is over; the report is complete and sorted.
    RunFinished(&'a RunReport),
}
