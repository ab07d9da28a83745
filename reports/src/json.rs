//! The JSON report: a versioned document for machines (`"schema_version": 1`).
//!
//! The format is documented in `reports/README.md`, and its JSON Schema is committed at
//! `reports/schema/report.v1.schema.json`, generated from the types below by [`schema`]. A
//! test fails when the committed file is not current; rerun it with
//! `MCP_AUTH_UPDATE_SCHEMA=1` to rewrite it.
//!
//! Strings are the model's, unmodified: JSON escaping makes any character safe inside the
//! document. A consumer that prints them to a terminal must strip control characters itself.
//! Optional members are always present (`null` when absent) except `duration_ms`, which is
//! written only when the run was timed.

use std::borrow::Cow;
use std::io::{self, Write};

use mcp_auth_proto::{Level, SpecVersion};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Serialize, Serializer};

use crate::event::Event;
use crate::model::{CheckResult, Role, RunReport, ScenarioResult};
use crate::outcome::Outcome;
use crate::reporter::Reporter;
use crate::summary::Summary;

/// The version of the document format this module writes. A consumer refuses a version it
/// does not know; additions that old consumers can ignore do not change it.
pub const SCHEMA_VERSION: u32 = 1;

/// A run report of mcp-auth-harness.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(title = "mcp-auth-harness run report", deny_unknown_fields)]
pub struct JsonReport<'a> {
    /// The format version; 1 for this schema.
    #[schemars(with = "SchemaVersionSchema")]
    pub schema_version: u32,
    /// The version of mcp-auth-harness that wrote the report.
    pub tool_version: &'a str,
    /// The mode of the run: which kind of implementation the target is.
    pub role: Role,
    /// The MCP specification revision the run tested against.
    #[schemars(with = "SpecVersionSchema")]
    pub spec_version: SpecVersion,
    /// The target as the user gave it (URL or command line).
    pub target: &'a str,
    /// The run's outcome over all checks: error > fail > pass > skip.
    pub outcome: Outcome,
    /// Counts of scenario outcomes and check outcomes.
    pub summary: Summary,
    /// Sorted by scenario ID.
    pub scenarios: Vec<JsonScenario<'a>>,
}

/// One scenario and its checks.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct JsonScenario<'a> {
    /// Stable scenario ID; the key of baselines.
    pub id: &'a str,
    pub title: &'a str,
    pub role: Role,
    #[schemars(with = "SpecVersionSchema")]
    pub spec_version: SpecVersion,
    /// The scenario's name in the official MCP conformance suite, if it mirrors one.
    pub official_name: Option<&'a str>,
    /// Derived from the checks: error > fail > pass > skip; no checks is skip.
    pub outcome: Outcome,
    /// Wall-clock duration in milliseconds; present only when the run was timed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
    /// Sorted by check ID.
    pub checks: Vec<JsonCheck<'a>>,
}

/// One check.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct JsonCheck<'a> {
    /// The ID of the scenario the check belongs to.
    pub scenario: &'a str,
    /// Stable check ID within the scenario.
    pub check: &'a str,
    /// Requirement catalogue ID (`RS-PRM-RESOURCE`).
    pub requirement: &'a str,
    /// Strength of the requirement.
    #[serde(serialize_with = "serialize_level")]
    #[schemars(with = "LevelSchema")]
    pub level: Level,
    pub outcome: Outcome,
    /// What was seen: the violation, why the harness could not judge, or why it was skipped.
    pub message: &'a str,
    /// Where the requirement is written.
    pub spec_reference: Option<&'a str>,
    /// The check's name in the official MCP conformance suite, if it has one.
    pub official_name: Option<&'a str>,
    /// The exchange that led to the outcome, redacted by the runner.
    pub transcript: Option<&'a str>,
}

fn serialize_level<S: Serializer>(level: &Level, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(level.as_str())
}

/// Every level, for the schema. The exhaustive match in [`level_position`] makes a new
/// variant in `mcp-auth-proto` a compile error here instead of a silently wrong schema.
const LEVELS: [Level; 5] = [Level::Info, Level::Robust, Level::May, Level::Should, Level::Must];

#[cfg_attr(not(test), expect(dead_code, reason = "only a compile-time exhaustiveness guard"))]
fn level_position(level: Level) -> usize {
    match level {
        Level::Info => 0,
        Level::Robust => 1,
        Level::May => 2,
        Level::Should => 3,
        Level::Must => 4,
    }
}

struct LevelSchema;

impl JsonSchema for LevelSchema {
    fn schema_name() -> Cow<'static, str> {
        "Level".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = LEVELS.iter().map(|l| l.as_str()).collect();
        json_schema!({
            "description": "Strength of the requirement: MUST, SHOULD, MAY, robust (no normative keyword; a safety expectation) or info.",
            "type": "string",
            "enum": names,
        })
    }
}

struct SpecVersionSchema;

impl JsonSchema for SpecVersionSchema {
    fn schema_name() -> Cow<'static, str> {
        "SpecVersion".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = SpecVersion::ALL.iter().map(|v| v.as_str()).collect();
        json_schema!({
            "description": "An MCP specification revision.",
            "type": "string",
            "enum": names,
        })
    }
}

struct SchemaVersionSchema;

impl JsonSchema for SchemaVersionSchema {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "SchemaVersion".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "integer", "const": SCHEMA_VERSION })
    }
}

/// The document for `report`, borrowing from it; scenarios and checks in ID order.
pub fn document(report: &RunReport) -> JsonReport<'_> {
    JsonReport {
        schema_version: SCHEMA_VERSION,
        tool_version: &report.tool_version,
        role: report.role,
        spec_version: report.spec_version,
        target: &report.target,
        outcome: report.outcome(),
        summary: report.summary(),
        scenarios: report.scenarios_in_order().into_iter().map(scenario).collect(),
    }
}

fn scenario(s: &ScenarioResult) -> JsonScenario<'_> {
    JsonScenario {
        id: &s.id,
        title: &s.title,
        role: s.role,
        spec_version: s.spec_version,
        official_name: s.official_name.as_deref(),
        outcome: s.outcome(),
        duration_ms: s.duration.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
        checks: s.checks_in_order().into_iter().map(check).collect(),
    }
}

fn check(c: &CheckResult) -> JsonCheck<'_> {
    JsonCheck {
        scenario: &c.scenario,
        check: &c.check,
        requirement: &c.requirement,
        level: c.level,
        outcome: c.outcome,
        message: &c.message,
        spec_reference: c.spec_reference.as_deref(),
        official_name: c.official_name.as_deref(),
        transcript: c.transcript.as_deref(),
    }
}

/// The report as pretty-printed JSON, ending in a newline.
pub fn to_string(report: &RunReport) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(&document(report))?;
    text.push('\n');
    Ok(text)
}

/// The JSON Schema of the document (draft 2020-12, describing what is serialized).
pub fn schema() -> Schema {
    SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<JsonReport<'static>>()
}

/// [`schema`] as the committed file holds it: pretty-printed, ending in a newline.
pub fn schema_string() -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(&schema())?;
    text.push('\n');
    Ok(text)
}

/// Writes the JSON document to `out` when the run finishes.
#[derive(Debug)]
pub struct JsonReporter<W: Write> {
    out: W,
}

impl<W: Write> JsonReporter<W> {
    pub fn new(out: W) -> Self {
        Self { out }
    }

    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> Reporter for JsonReporter<W> {
    fn handle(&mut self, event: &Event<'_>) -> io::Result<()> {
        if let Event::RunFinished(report) = event {
            let text = to_string(report)?;
            self.out.write_all(text.as_bytes())?;
            self.out.flush()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_names_in_the_schema_are_the_serde_names() {
        for (i, level) in LEVELS.iter().enumerate() {
            assert_eq!(level_position(*level), i);
            assert_eq!(serde_json::to_value(level).unwrap(), level.as_str());
        }
    }
}
