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
//! The document is valid under the Jenkins xUnit plugin's `junit-10.xsd` (the schema pytest
//! validates its own default output against) except for one widely read extension: the
//! `<properties>` of a `<testcase>`, which carry each check's requirement and level. To get
//! there, the root `skipped` count that `quick-junit` always writes is removed: that schema
//! does not allow it, and consumers count skips from the suites and cases. The test
//! `junit_consumers` checks both against the schema as pytest ships it (see the README).
//!
//! All text passes through [`crate::text`] first; `quick-junit` strips ANSI escapes and C0
//! controls too, but not the XML 1.0 non-characters U+FFFE and U+FFFF, which would make
//! the document ill-formed. Tabs in element text become spaces here, because `quick-junit`
//! would delete them.

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
///
/// Write it with [`to_string`] or [`JunitReporter`]: serialized by `quick-junit` directly it
/// still has the root `skipped` attribute that `junit-10.xsd` rejects.
pub fn report(run: &RunReport) -> Report {
    let mut report = Report::new(REPORT_NAME);
    report.add_test_suites(run.scenarios_in_order().into_iter().map(suite));
    report
}

/// The JUnit document as a string.
pub fn to_string(run: &RunReport) -> Result<String, JunitError> {
    let report = report(run);
    Ok(without_root_skipped(report.to_string()?, report.skipped))
}

/// `xml` without the ` skipped="N"` attribute of its root `<testsuites>` start tag.
///
/// `quick-junit` writes the root tag first, and the only text in it is [`REPORT_NAME`], so
/// the search stays inside a tag whose every byte we chose: no target-supplied text can
/// match. Should `quick-junit` ever stop writing the attribute, `xml` is returned unchanged.
fn without_root_skipped(mut xml: String, skipped: usize) -> String {
    let attribute = format!(" skipped=\"{skipped}\"");
    let root = xml.find("<testsuites ").and_then(|start| {
        let end = start + xml.get(start..)?.find('>')?;
        let offset = xml.get(start..end)?.find(&attribute)?;
        Some(start + offset)
    });
    if let Some(at) = root {
        xml.replace_range(at..at + attribute.len(), "");
    }
    xml
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
        case.set_system_out(element_text(transcript));
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
        element_text(&check.message),
        one_line(&check.requirement),
        check.level
    );
    if let Some(reference) = &check.spec_reference {
        text.push_str(&format!("\nspec: {}", one_line(reference)));
    }
    text
}

/// Text for an element: [`multi_line`], then every tab a space. `quick-junit` deletes tabs
/// (its ANSI-escape stripper keeps no C0 control but the line feed), which would glue
/// `key:\tvalue` into `key:value`.
fn element_text(s: &str) -> String {
    multi_line(s).replace('\t', " ")
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
            let xml = to_string(run).map_err(io::Error::other)?;
            self.out.write_all(xml.as_bytes())?;
            self.out.flush()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::without_root_skipped;

    #[test]
    fn only_the_root_skipped_count_is_removed() {
        let xml = r#"<?xml version="1.0"?>
<testsuites name="mcp-auth-harness" tests="3" skipped="1" failures="0" errors="0">
    <testsuite name="a" tests="3" skipped="1" errors="0" failures="0"/>
</testsuites>"#;
        assert_eq!(
            without_root_skipped(xml.to_owned(), 1),
            xml.replacen(r#" tests="3" skipped="1""#, r#" tests="3""#, 1)
        );
    }

    #[test]
    fn a_root_without_the_count_is_left_alone() {
        let xml = r#"<testsuites name="mcp-auth-harness" tests="1"><testsuite skipped="1"/>"#;
        assert_eq!(without_root_skipped(xml.to_owned(), 1), xml);
        assert_eq!(without_root_skipped("not xml".to_owned(), 0), "not xml");
    }
}
