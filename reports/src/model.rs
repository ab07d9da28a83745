//! The result model: the only contract between the scenario runner and the writers.
//!
//! The runner fills these types (usually through [`crate::Recorder`]); the console, JUnit
//! and JSON writers, the baseline and the exit code only read them. Nothing here holds a
//! wall-clock time or a host name; a scenario's duration is recorded only when the runner
//! is asked for it.
//!
//! Order is part of the model's output: writers go through
//! [`RunReport::scenarios_in_order`] and [`ScenarioResult::checks_in_order`] (sorted by ID,
//! ties kept in recording order), so two runs with the same results write the same bytes.

use std::fmt;
use std::time::Duration;

use mcp_auth_proto::requirements::CatalogueRow;
use mcp_auth_proto::{Level, RequirementId, SpecVersion};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::outcome::Outcome;
use crate::summary::{Counts, Summary};

/// Which kind of implementation is under test. The names are the keys of the official
/// suite's expected-failures file.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The target is an MCP client; the harness plays the server and authorization server.
    Client,
    /// The target is an MCP server (a protected resource).
    Server,
    /// The target is an authorization server.
    Authorization,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Client, Role::Server, Role::Authorization];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Client => "client",
            Role::Server => "server",
            Role::Authorization => "authorization",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The result of one check of one scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    /// The ID of the scenario the check belongs to.
    pub scenario: String,
    /// The check's stable ID, unique within its scenario.
    pub check: String,
    /// The catalogue requirement the check concerns (`RS-PRM-RESOURCE`).
    pub requirement: String,
    /// The strength of that requirement.
    pub level: Level,
    pub outcome: Outcome,
    /// What was seen. For `fail`, what is wrong; for `error`, why the harness could not
    /// judge; for `skip`, why the check does not apply. The runner has already redacted
    /// secrets; writers strip control characters but add nothing.
    pub message: String,
    /// Where the requirement is written (`MCP 2025-11-25 §Authorization/…`, a URL).
    pub spec_reference: Option<String>,
    /// The name of the same check in the official MCP conformance suite, if it has one.
    pub official_name: Option<String>,
    /// The exchange that led to the outcome, already redacted by the runner.
    pub transcript: Option<String>,
}

impl CheckResult {
    /// A check result naming a catalogue requirement by its constant
    /// (`mcp_auth_proto::requirements::RS_PRM_RESOURCE`), so a typo does not compile.
    pub fn new(
        scenario: impl Into<String>,
        check: impl Into<String>,
        requirement: RequirementId,
        level: Level,
        outcome: Outcome,
        message: impl Into<String>,
    ) -> Self {
        Self {
            scenario: scenario.into(),
            check: check.into(),
            requirement: requirement.as_str().to_owned(),
            level,
            outcome,
            message: message.into(),
            spec_reference: None,
            official_name: None,
            transcript: None,
        }
    }

    pub fn with_spec_reference(mut self, reference: impl Into<String>) -> Self {
        self.spec_reference = Some(reference.into());
        self
    }

    pub fn with_official_name(mut self, name: impl Into<String>) -> Self {
        self.official_name = Some(name.into());
        self
    }

    pub fn with_transcript(mut self, transcript: impl Into<String>) -> Self {
        self.transcript = Some(transcript.into());
        self
    }

    /// The catalogue row of [`CheckResult::requirement`], if the ID is in the catalogue.
    pub fn catalogue_row(&self) -> Option<&'static CatalogueRow> {
        mcp_auth_proto::requirements::lookup(&self.requirement)
    }
}

/// What is known about a scenario before it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioInfo {
    /// Stable ID (`rs/prm-resource-matches`), the key of baselines and JUnit classnames.
    pub id: String,
    /// One line for people.
    pub title: String,
    pub role: Role,
    pub spec_version: SpecVersion,
    /// The scenario's name in the official MCP conformance suite, if it mirrors one.
    pub official_name: Option<String>,
}

/// The result of one scenario: its checks, and an outcome derived from them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioResult {
    pub id: String,
    pub title: String,
    pub role: Role,
    pub spec_version: SpecVersion,
    pub official_name: Option<String>,
    /// In recording order; writers use [`ScenarioResult::checks_in_order`].
    pub checks: Vec<CheckResult>,
    /// How long the scenario took. `None` unless the runner was asked to time scenarios;
    /// writers leave every time field out when it is `None`.
    pub duration: Option<Duration>,
}

impl ScenarioResult {
    /// A scenario with no checks yet.
    pub fn new(info: ScenarioInfo) -> Self {
        let ScenarioInfo { id, title, role, spec_version, official_name } = info;
        Self { id, title, role, spec_version, official_name, checks: Vec::new(), duration: None }
    }

    /// The header this result was made from.
    pub fn info(&self) -> ScenarioInfo {
        ScenarioInfo {
            id: self.id.clone(),
            title: self.title.clone(),
            role: self.role,
            spec_version: self.spec_version,
            official_name: self.official_name.clone(),
        }
    }

    /// The derived outcome; see [`Outcome::combine`] for the rule (error > fail > pass >
    /// skip; no checks is skip).
    pub fn outcome(&self) -> Outcome {
        Outcome::combine(self.checks.iter().map(|c| c.outcome))
    }

    /// Counts of the checks' outcomes.
    pub fn counts(&self) -> Counts {
        Counts::of(self.checks.iter().map(|c| c.outcome))
    }

    /// The checks sorted by check ID; checks with equal IDs stay in recording order.
    pub fn checks_in_order(&self) -> Vec<&CheckResult> {
        let mut checks: Vec<&CheckResult> = self.checks.iter().collect();
        checks.sort_by(|a, b| a.check.cmp(&b.check));
        checks
    }
}

/// What is known about a run before it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunInfo {
    /// The harness version (`env!("CARGO_PKG_VERSION")` of the binary).
    pub tool_version: String,
    /// The mode of the run: which kind of implementation the target is.
    pub role: Role,
    pub spec_version: SpecVersion,
    /// The target exactly as the user gave it (URL or command line), already redacted.
    pub target: String,
}

/// A whole run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunReport {
    pub tool_version: String,
    pub role: Role,
    pub spec_version: SpecVersion,
    pub target: String,
    /// In recording order; writers use [`RunReport::scenarios_in_order`].
    pub scenarios: Vec<ScenarioResult>,
}

impl RunReport {
    /// A run with no scenarios yet.
    pub fn new(info: RunInfo) -> Self {
        let RunInfo { tool_version, role, spec_version, target } = info;
        Self { tool_version, role, spec_version, target, scenarios: Vec::new() }
    }

    /// The header this report was made from.
    pub fn info(&self) -> RunInfo {
        RunInfo {
            tool_version: self.tool_version.clone(),
            role: self.role,
            spec_version: self.spec_version,
            target: self.target.clone(),
        }
    }

    /// The scenarios sorted by ID; equal IDs stay in recording order.
    pub fn scenarios_in_order(&self) -> Vec<&ScenarioResult> {
        let mut scenarios: Vec<&ScenarioResult> = self.scenarios.iter().collect();
        scenarios.sort_by(|a, b| a.id.cmp(&b.id));
        scenarios
    }

    /// Sorts scenarios and their checks in place, the order writers use.
    pub fn sort(&mut self) {
        self.scenarios.sort_by(|a, b| a.id.cmp(&b.id));
        for scenario in &mut self.scenarios {
            scenario.checks.sort_by(|a, b| a.check.cmp(&b.check));
        }
    }

    /// Every check of every scenario, in writer order.
    pub fn checks(&self) -> impl Iterator<Item = &CheckResult> {
        self.scenarios_in_order().into_iter().flat_map(|s| s.checks_in_order())
    }

    /// The run's outcome, by the same rule as a scenario's over all checks.
    pub fn outcome(&self) -> Outcome {
        Outcome::combine(self.scenarios.iter().flat_map(|s| &s.checks).map(|c| c.outcome))
    }

    pub fn summary(&self) -> Summary {
        Summary {
            scenarios: Counts::of(self.scenarios.iter().map(ScenarioResult::outcome)),
            checks: Counts::of(self.scenarios.iter().flat_map(|s| &s.checks).map(|c| c.outcome)),
        }
    }

    /// Requirement IDs used by some check but absent from the catalogue, sorted and
    /// deduplicated. A runner's test asserts this is empty.
    pub fn unknown_requirements(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .scenarios
            .iter()
            .flat_map(|s| &s.checks)
            .filter(|c| c.catalogue_row().is_none())
            .map(|c| c.requirement.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

#[cfg(test)]
mod tests {
    use mcp_auth_proto::requirements::{RS_PRM_RESOURCE, RS_TOKEN_AUDIENCE};

    use super::*;

    fn scenario(id: &str) -> ScenarioResult {
        ScenarioResult::new(ScenarioInfo {
            id: id.to_owned(),
            title: "t".to_owned(),
            role: Role::Server,
            spec_version: SpecVersion::V2025_11_25,
            official_name: None,
        })
    }

    fn check(scenario: &str, id: &str, outcome: Outcome) -> CheckResult {
        CheckResult::new(scenario, id, RS_PRM_RESOURCE, Level::Must, outcome, "m")
    }

    #[test]
    fn scenario_with_a_failing_and_an_erroring_check_is_error() {
        let mut s = scenario("a");
        s.checks.push(check("a", "x", Outcome::Fail));
        s.checks.push(check("a", "y", Outcome::Error));
        assert_eq!(s.outcome(), Outcome::Error);
        assert_eq!(s.counts(), Counts { pass: 0, fail: 1, error: 1, skip: 0 });
    }

    #[test]
    fn order_is_by_id_and_stable_for_ties() {
        let mut report = RunReport::new(RunInfo {
            tool_version: "0".into(),
            role: Role::Server,
            spec_version: SpecVersion::V2025_11_25,
            target: "t".into(),
        });
        let mut b = scenario("b");
        b.checks.push(check("b", "z", Outcome::Pass));
        b.checks.push(CheckResult { message: "first".into(), ..check("b", "k", Outcome::Pass) });
        b.checks.push(CheckResult { message: "second".into(), ..check("b", "k", Outcome::Pass) });
        report.scenarios.push(b);
        report.scenarios.push(scenario("a"));
        let ids: Vec<_> = report.scenarios_in_order().iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        let msgs: Vec<_> = report.checks().map(|c| c.message.as_str()).collect();
        assert_eq!(msgs, ["first", "second", "m"]);
        let before: Vec<_> = report.checks().cloned().collect();
        report.sort();
        assert_eq!(report.scenarios.first().map(|s| s.id.as_str()), Some("a"));
        assert_eq!(report.checks().cloned().collect::<Vec<_>>(), before);
    }

    #[test]
    fn unknown_requirements_are_listed_once() {
        let mut report = RunReport::new(RunInfo {
            tool_version: "0".into(),
            role: Role::Server,
            spec_version: SpecVersion::V2025_11_25,
            target: "t".into(),
        });
        let mut s = scenario("a");
        s.checks.push(CheckResult::new(
            "a",
            "x",
            RS_TOKEN_AUDIENCE,
            Level::Must,
            Outcome::Pass,
            "",
        ));
        for _ in 0..2 {
            s.checks.push(CheckResult {
                requirement: "NOPE-1".into(),
                ..check("a", "y", Outcome::Pass)
            });
        }
        report.scenarios.push(s);
        assert_eq!(report.unknown_requirements(), ["NOPE-1"]);
        assert_eq!(report.summary().checks.total(), 3);
    }
}
