//! Counts of outcomes, per scenario and per check.

use schemars::JsonSchema;
use serde::Serialize;

use crate::outcome::Outcome;

/// How many items ended with each outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Counts {
    pub pass: usize,
    pub fail: usize,
    pub error: usize,
    pub skip: usize,
}

impl Counts {
    /// Counts the given outcomes.
    pub fn of(outcomes: impl IntoIterator<Item = Outcome>) -> Self {
        let mut counts = Counts::default();
        for outcome in outcomes {
            counts.add(outcome);
        }
        counts
    }

    pub fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Pass => self.pass += 1,
            Outcome::Fail => self.fail += 1,
            Outcome::Error => self.error += 1,
            Outcome::Skip => self.skip += 1,
        }
    }

    pub fn get(&self, outcome: Outcome) -> usize {
        match outcome {
            Outcome::Pass => self.pass,
            Outcome::Fail => self.fail,
            Outcome::Error => self.error,
            Outcome::Skip => self.skip,
        }
    }

    pub fn total(&self) -> usize {
        self.pass + self.fail + self.error + self.skip
    }
}

/// The counts of a whole run: scenarios by their derived outcome, and every check.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Summary {
    pub scenarios: Counts,
    pub checks: Counts,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up() {
        let c = Counts::of([Outcome::Pass, Outcome::Pass, Outcome::Error, Outcome::Skip]);
        assert_eq!((c.pass, c.fail, c.error, c.skip, c.total()), (2, 0, 1, 1, 4));
        assert_eq!(c.get(Outcome::Error), 1);
    }
}
