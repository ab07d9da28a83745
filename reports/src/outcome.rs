//! The four outcomes of a check, and how a scenario's outcome follows from its checks.
//!
//! Failure is not error. [`Outcome::Fail`] means the target broke a rule: the harness saw
//! what it needed and the answer is "no". [`Outcome::Error`] means the harness could not
//! judge (connection refused, timeout, target crashed, a mock failed to bind), so the
//! answer is "unknown". [`Outcome::Skip`] means the check does not apply (spec version,
//! mode, missing fixture). They stay apart in every writer and in the exit code.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The result of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The target did what the requirement asks.
    Pass,
    /// A conformance violation: the target did something the requirement forbids.
    Fail,
    /// The harness could not judge: the run is incomplete, not the target wrong.
    Error,
    /// Not applicable to this spec version, mode or fixture.
    Skip,
}

impl Outcome {
    /// Every outcome, in the order writers list counts.
    pub const ALL: [Outcome; 4] = [Outcome::Pass, Outcome::Fail, Outcome::Error, Outcome::Skip];

    /// The serialized name: `pass`, `fail`, `error`, `skip`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Error => "error",
            Outcome::Skip => "skip",
        }
    }

    /// Rank used by [`Outcome::combine`]: higher wins.
    fn rank(self) -> u8 {
        match self {
            Outcome::Skip => 0,
            Outcome::Pass => 1,
            Outcome::Fail => 2,
            Outcome::Error => 3,
        }
    }

    /// The outcome of a group of checks (a scenario, a run): **error > fail > pass > skip**.
    ///
    /// - Any `error` makes the group `error`, even when another check failed. This is what
    ///   hurl does (a file with a runtime error is counted as a runtime error, not an assert
    ///   failure) and what nextest's exit code does: a run that could not be completed is
    ///   not a verdict, and reporting it as "fail" would invite baselining a harness fault.
    ///   The failing check is still listed as `fail` inside the group; only the summary
    ///   outcome of the group is `error`.
    /// - Otherwise any `fail` makes it `fail`.
    /// - Otherwise any `pass` makes it `pass`: skipped checks next to passing ones do not
    ///   hide the passes.
    /// - A group whose checks are all skipped, or that has no checks, is `skip`: nothing
    ///   was judged. (A runner that could not run a scenario records an `error` check; an
    ///   empty scenario therefore means "nothing applied".)
    pub fn combine(outcomes: impl IntoIterator<Item = Outcome>) -> Outcome {
        outcomes.into_iter().max_by_key(|o| o.rank()).unwrap_or(Outcome::Skip)
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Outcome::{self, Error, Fail, Pass, Skip};

    #[test]
    fn error_beats_fail_beats_pass_beats_skip() {
        assert_eq!(Outcome::combine([Pass, Fail, Error, Skip]), Error);
        assert_eq!(Outcome::combine([Fail, Error]), Error);
        assert_eq!(Outcome::combine([Pass, Fail, Skip]), Fail);
        assert_eq!(Outcome::combine([Skip, Pass, Skip]), Pass);
        assert_eq!(Outcome::combine([Skip, Skip]), Skip);
        assert_eq!(Outcome::combine([]), Skip);
    }

    #[test]
    fn serde_names_are_lowercase() {
        for o in Outcome::ALL {
            assert_eq!(serde_json::to_string(&o).unwrap(), format!("\"{}\"", o.as_str()));
        }
    }
}
