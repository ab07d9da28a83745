//! The JUnit XML report, written with `quick-junit` (nextest's writer).
//!
//! One `<testsuite>` per scenario (name = scenario ID), one `<testcase>` per check (name =
//! check ID, classname = scenario ID). `fail` becomes `<failure>`, `error` becomes
//! `<error>`, `skip` becomes `<skipped>`: CI systems show a harness fault differently from
//! a conformance violation. Their `message` attribute carries the requirement ID, level,
//! message and spec reference; their text holds the same on separate lines; a check's
//! transcript goes in the testcase's `<system-out>`. No timestamps or host names are written;
//! `time` only when the run was timed.
//!
//! All text passes through [`crate::text`] first; `quick-junit` strips ANSI escapes and C0
//! controls too, but not the XML 1.0 non-characters U+FFFE and U+FFFF, which would make
//! the document ill-formed.

use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use crate::event::Event;
use crate::model::{CheckResult, RunReport, ScenarioResult};
use crate::outcome::Outcome;
use crate::reporter::Reporter;
use crate::text::{multi_line, one_line};

/// The name of the root `<testsuites>` element.
pub const REPORT_NAME: &str = "mcp-auth-harness";

/// JUnit XML could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write JUnit XML: {0}")]
pub struct JunitError(#[from] quick_junit::SerializeError);

/// The JUnit document of a run; scenarios and checks in ID order.
pub fn report(run: &RunReport) -> Report {
    let mut report = Report::new(REPORT_NAME);
    report.add_test_suites(run.scenarios_in_order().into_iter().map(suite));
    report
}

/// The JUnit document as a string.
pub fn to_string(run: &RunReport) -> Result<String, JunitError> {
    Ok(report(run).to_string()?)
}

fn suite(scenario: &ScenarioResult) -> TestSuite {
    let mut suite = TestSuite::new(one_line(&scenario.id));
    suite.add_property(Property::new("title", one_line(&scenario.title)));
    suite.add_property(Property::new("role", scenario.role.as_str()));
    suite.add_property(Property::new("spec_version", scenario.spec_version.as_str()));
    if let Some(name) = &scenario.official_name {
        suite.add_property(Property::new("official_name", one_line(name)));
    }
    if let Some(duration) = scenario.duration {
        suite.set_time(duration);
    }
    suite.add_test_cases(scenario.checks_in_order().into_iter().map(case));
    suite
}

fn case(check: &CheckResult) -> TestCase {
    let status = match check.outcome {
        Outcome::Pass => TestCaseStatus::success(),
        Outcome::Fail => non_success(check, NonSuccessKind::Failure, "conformance failure"),
        Outcome::Error => non_success(check, NonSuccessKind::Error, "harness error"),
        Outcome::Skip => {
            let mut status = TestCaseStatus::skipped();
            status.set_message(headline(check)).set_type("not applicable");
            status.set_description(description(check));
            status
        }
    };
    let mut case = TestCase::new(one_line(&check.check), status);
    case.set_classname(one_line(&check.scenario));
    case.add_property(Property::new("requirement", one_line(&check.requirement)));
    case.add_property(Property::new("level", check.level.as_str()));
    if let Some(name) = &check.official_name {
        case.add_property(Property::new("official_name", one_line(name)));
    }
    if let Some(transcript) = &check.transcript {
        case.set_system_out(multi_line(transcript));
    }
    case
}

fn non_success(check: &CheckResult, kind: NonSuccessKind, ty: &str) -> TestCaseStatus {
    let mut status = TestCaseStatus::non_success(kind);
    status.set_message(headline(check)).set_type(ty).set_description(description(check));
    status
}

/// `RS-PRM-RESOURCE (MUST): message [spec: reference]`, on one line.
fn headline(check: &CheckResult) -> String {
    let mut line =
        format!("{} ({}): {}", one_line(&check.requirement), check.level, one_line(&check.message));
    if let Some(reference) = &check.spec_reference {
        line.push_str(&format!(" [spec: {}]", one_line(reference)));
    }
    line
}

/// The same facts, one per line, for the element's text.
fn description(check: &CheckResult) -> String {
    let mut text = format!(
        "{}\nrequirement: {} ({})",
        multi_line(&check.message),
        one_line(&check.requirement),
        check.level
    );
    if let Some(reference) = &check.spec_reference {
        text.push_str(&format!("\nspec: {}", one_line(reference)));
    }
    text
}

/// Writes the JUnit document to `out` when the run finishes.
#[derive(Debug)]
pub struct JunitReporter<W: Write> {
    out: W,
}

impl<W: Write> JunitReporter<W> {
    pub fn new(out: W) -> Self {
        Self { out }
    }

    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> Reporter for JunitReporter<W> {
    fn handle(&mut self, event: &Event<'_>) -> io::Result<()> {
        if let Event::RunFinished(run) = event {
            report(run).serialize(&mut self.out).map_err(io::Error::other)?;
            self.out.flush()?;
        }
        Ok(())
    }
}
