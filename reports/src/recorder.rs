//! The runner's side of the event stream: record results, emit events, build the report.
//!
//! The runner never assembles a [`RunReport`] by hand nor emits events itself; it tells a
//! [`Recorder`] what happened, and the recorder keeps the report and the events in step
//! (a `ScenarioFinished` carries exactly the checks emitted before it).

use std::io;
use std::time::Duration;

use crate::event::Event;
use crate::model::{CheckResult, RunInfo, RunReport, ScenarioInfo, ScenarioResult};
use crate::reporter::Reporter;

/// A call out of order, or a reporter that failed.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("a reporter failed: {0}")]
    Reporter(#[from] io::Error),
    #[error("scenario {open:?} is still running; finish it before starting {next:?}")]
    ScenarioStillOpen { open: String, next: String },
    #[error("no scenario is running")]
    NoScenarioOpen,
    #[error("check {check:?} names scenario {given:?}, but scenario {open:?} is running")]
    WrongScenario { check: String, given: String, open: String },
    #[error("scenario {open:?} is still running at the end of the run")]
    UnfinishedScenario { open: String },
}

/// Records a run and emits its events to a reporter (often a [`crate::FanOut`]).
#[derive(Debug)]
pub struct Recorder<R: Reporter> {
    reporter: R,
    report: RunReport,
    current: Option<ScenarioResult>,
}

impl<R: Reporter> Recorder<R> {
    /// Starts a run: emits [`Event::RunStarted`].
    pub fn start(run: RunInfo, planned_scenarios: usize, mut reporter: R) -> io::Result<Self> {
        reporter.handle(&Event::RunStarted { run: &run, planned_scenarios })?;
        Ok(Self { reporter, report: RunReport::new(run), current: None })
    }

    /// Starts a scenario: emits [`Event::ScenarioStarted`].
    pub fn start_scenario(&mut self, info: ScenarioInfo) -> Result<(), RecordError> {
        if let Some(open) = &self.current {
            return Err(RecordError::ScenarioStillOpen { open: open.id.clone(), next: info.id });
        }
        self.reporter.handle(&Event::ScenarioStarted(&info))?;
        self.current = Some(ScenarioResult::new(info));
        Ok(())
    }

    /// Records a check of the running scenario: emits [`Event::CheckFinished`].
    pub fn record(&mut self, check: CheckResult) -> Result<(), RecordError> {
        let Some(current) = &mut self.current else {
            return Err(RecordError::NoScenarioOpen);
        };
        if check.scenario != current.id {
            return Err(RecordError::WrongScenario {
                check: check.check,
                given: check.scenario,
                open: current.id.clone(),
            });
        }
        self.reporter.handle(&Event::CheckFinished(&check))?;
        current.checks.push(check);
        Ok(())
    }

    /// Ends the running scenario: emits [`Event::ScenarioFinished`]. `duration` is `None`
    /// unless the user asked for timings.
    pub fn finish_scenario(&mut self, duration: Option<Duration>) -> Result<(), RecordError> {
        let Some(mut scenario) = self.current.take() else {
            return Err(RecordError::NoScenarioOpen);
        };
        scenario.duration = duration;
        let emitted = self.reporter.handle(&Event::ScenarioFinished(&scenario));
        self.report.scenarios.push(scenario);
        emitted.map_err(RecordError::from)
    }

    /// Ends the run: sorts the report, emits [`Event::RunFinished`], and returns the report
    /// and the reporter.
    pub fn finish(mut self) -> Result<(RunReport, R), RecordError> {
        if let Some(open) = self.current {
            return Err(RecordError::UnfinishedScenario { open: open.id });
        }
        self.report.sort();
        self.reporter.handle(&Event::RunFinished(&self.report))?;
        Ok((self.report, self.reporter))
    }
}
