//! Expected-failure baselines, in the official MCP conformance suite's format.
//!
//! ```yaml
//! # expected-failures.yaml
//! client:
//!   - auth/scope-step-up                        # every check of the scenario
//!   - auth/basic-cimd:cimd-client-id-used       # one check
//! server: []
//! authorization: []
//! ```
//!
//! Keys are roles (`client`, `server`, `authorization`, any subset); each holds entries
//! `scenario` or `scenario:check` (split at the first `:`). An entry applies to scenarios of
//! its role only. The semantics are the official suite's:
//!
//! - a failing check is *expected* when an entry names its scenario or the check;
//! - an entry is *stale* when what it names is present and now passes (a scenario entry:
//!   the scenario's outcome is `pass`; a check entry: every check with that ID passed).
//!   A stale entry fails the run, so baselines shrink as implementations improve;
//! - entries for scenarios or checks that are absent, skipped or errored are tolerated;
//! - an `error` outcome (the harness could not judge) is never excused by a baseline.
//!
//! Unknown keys, duplicate keys and entries with an empty part are errors with their line
//! and column. The same entry listed twice is accepted, as the official suite does.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::model::{Role, RunReport};
use crate::outcome::Outcome;

/// The file as written; `deny_unknown_fields` makes a misspelt role an error.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    client: Option<Vec<Spanned<String>>>,
    server: Option<Vec<Spanned<String>>>,
    authorization: Option<Vec<Spanned<String>>>,
}

/// One line of a baseline: a whole scenario, or one check of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub scenario: String,
    pub check: Option<String>,
    /// Where the entry is written (1-based).
    pub line: u64,
    pub column: u64,
}

impl Entry {
    fn covers(&self, scenario: &str, check: &str) -> bool {
        self.scenario == scenario && self.check.as_deref().is_none_or(|c| c == check)
    }
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.check {
            Some(check) => write!(f, "{}:{check}", self.scenario),
            None => f.write_str(&self.scenario),
        }
    }
}

/// What is wrong with one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EntryProblem {
    #[error("the scenario part is empty")]
    EmptyScenario,
    #[error("the check part after ':' is empty")]
    EmptyCheck,
}

/// A baseline that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    /// Not YAML, not a mapping, an unknown or duplicate key, an entry that is not a string.
    /// The parser's message already quotes the line with a caret.
    #[error("invalid expected-failures file: {error}")]
    Yaml { line: Option<u64>, column: Option<u64>, error: Box<serde_saphyr::Error> },
    #[error("line {line}, column {column}: {role} entry {entry:?}: {problem}")]
    Entry { role: Role, entry: String, problem: EntryProblem, line: u64, column: u64 },
}

/// An expected-failures baseline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    client: Vec<Entry>,
    server: Vec<Entry>,
    authorization: Vec<Entry>,
}

impl Baseline {
    /// Parses a baseline. An empty file (or one with only comments) is an empty baseline.
    pub fn from_yaml(text: &str) -> Result<Self, BaselineError> {
        let file: BaselineFile = serde_saphyr::from_str(text).map_err(|error| {
            let location = error.location();
            BaselineError::Yaml {
                line: location.map(|l| l.line()),
                column: location.map(|l| l.column()),
                error: Box::new(error),
            }
        })?;
        Ok(Self {
            client: entries(Role::Client, file.client)?,
            server: entries(Role::Server, file.server)?,
            authorization: entries(Role::Authorization, file.authorization)?,
        })
    }

    /// Reads and parses a baseline file.
    pub fn load(path: &Path) -> Result<Self, BaselineError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| BaselineError::Read { path: path.to_owned(), source })?;
        Self::from_yaml(&text)
    }

    /// The entries for one role, in file order.
    pub fn entries(&self, role: Role) -> &[Entry] {
        match role {
            Role::Client => &self.client,
            Role::Server => &self.server,
            Role::Authorization => &self.authorization,
        }
    }

    /// Judges a run against this baseline.
    pub fn evaluate(&self, report: &RunReport) -> Evaluation {
        let mut evaluation = Evaluation::default();
        for scenario in report.scenarios_in_order() {
            let entries = self.entries(scenario.role);
            for check in scenario.checks_in_order() {
                let key = CheckKey {
                    role: scenario.role,
                    scenario: scenario.id.clone(),
                    check: check.check.clone(),
                };
                match check.outcome {
                    Outcome::Fail
                        if entries.iter().any(|e| e.covers(&scenario.id, &check.check)) =>
                    {
                        evaluation.expected_failures.push(key);
                    }
                    Outcome::Fail => evaluation.unexpected_failures.push(key),
                    Outcome::Error => evaluation.errors.push(key),
                    Outcome::Pass | Outcome::Skip => {}
                }
            }
        }
        for role in Role::ALL {
            for entry in self.entries(role) {
                if is_stale(report, role, entry) {
                    evaluation.stale.push(StaleEntry { role, entry: entry.clone() });
                }
            }
        }
        evaluation
    }
}

/// Whether what `entry` names is present and passes now.
fn is_stale(report: &RunReport, role: Role, entry: &Entry) -> bool {
    let scenarios = report.scenarios.iter().filter(|s| s.role == role && s.id == entry.scenario);
    let outcomes: Vec<Outcome> = match &entry.check {
        None => scenarios.map(|s| s.outcome()).collect(),
        Some(check) => scenarios
            .flat_map(|s| &s.checks)
            .filter(|c| &c.check == check)
            .map(|c| c.outcome)
            .collect(),
    };
    !outcomes.is_empty() && outcomes.iter().all(|&o| o == Outcome::Pass)
}

fn entries(role: Role, raw: Option<Vec<Spanned<String>>>) -> Result<Vec<Entry>, BaselineError> {
    raw.unwrap_or_default()
        .into_iter()
        .map(|spanned| {
            let (line, column) = (spanned.referenced.line(), spanned.referenced.column());
            let text = spanned.value;
            let (scenario, check) = match text.split_once(':') {
                Some((scenario, check)) => (scenario, Some(check)),
                None => (text.as_str(), None),
            };
            let problem = if scenario.is_empty() {
                Some(EntryProblem::EmptyScenario)
            } else if check.is_some_and(str::is_empty) {
                Some(EntryProblem::EmptyCheck)
            } else {
                None
            };
            if let Some(problem) = problem {
                return Err(BaselineError::Entry { role, entry: text, problem, line, column });
            }
            Ok(Entry {
                scenario: scenario.to_owned(),
                check: check.map(str::to_owned),
                line,
                column,
            })
        })
        .collect()
}

/// A check, named the way a baseline names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckKey {
    pub role: Role,
    pub scenario: String,
    pub check: String,
}

impl fmt::Display for CheckKey {
    /// `role scenario:check`, the entry to add under `role` to baseline it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}:{}", self.role, self.scenario, self.check)
    }
}

/// A baseline entry whose scenario or check now passes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleEntry {
    pub role: Role,
    pub entry: Entry,
}

/// What a baseline made of a run. Lists are in report order (scenario, then check ID);
/// stale entries in file order, `client` then `server` then `authorization`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evaluation {
    /// Failing checks an entry covers.
    pub expected_failures: Vec<CheckKey>,
    /// Failing checks no entry covers.
    pub unexpected_failures: Vec<CheckKey>,
    /// Entries whose scenario or check now passes.
    pub stale: Vec<StaleEntry>,
    /// Checks the harness could not judge; a baseline never excuses these.
    pub errors: Vec<CheckKey>,
}

impl Evaluation {
    /// Whether the conformance verdict is clean: no unexpected failure and no stale entry.
    /// Errors are judged separately (they make the run incomplete; see [`crate::exit`]).
    pub fn passed(&self) -> bool {
        self.unexpected_failures.is_empty() && self.stale.is_empty()
    }
}
