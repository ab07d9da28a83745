//! The reporter interface, and a fan-out that feeds several reporters the same events.
//!
//! Reporters are independent consumers: each sees every event and none sees another's
//! output, so the console, JUnit and JSON writers can be combined freely.

use std::fmt;
use std::io;

use crate::event::Event;

/// Something that consumes the events of a run.
pub trait Reporter {
    /// Handles one event. An error ends the reporter's usefulness (a closed pipe, a full
    /// disk), not the run: the caller decides what to do with it.
    fn handle(&mut self, event: &Event<'_>) -> io::Result<()>;
}

impl<R: Reporter + ?Sized> Reporter for &mut R {
    fn handle(&mut self, event: &Event<'_>) -> io::Result<()> {
        (**self).handle(event)
    }
}

impl<R: Reporter + ?Sized> Reporter for Box<R> {
    fn handle(&mut self, event: &Event<'_>) -> io::Result<()> {
        (**self).handle(event)
    }
}

/// Feeds every event to several reporters, in the order they were added.
///
/// Every reporter sees every event even when an earlier one fails: a closed console pipe
/// must not cost the JUnit file its last event. The first error is returned.
#[derive(Default)]
pub struct FanOut<'a> {
    reporters: Vec<Box<dyn Reporter + 'a>>,
}

impl<'a> FanOut<'a> {
    pub fn new() -> Self {
        Self { reporters: Vec::new() }
    }

    /// Adds a reporter (pass `&mut reporter` to keep ownership).
    pub fn with(mut self, reporter: impl Reporter + 'a) -> Self {
        self.push(reporter);
        self
    }

    pub fn push(&mut self, reporter: impl Reporter + 'a) {
        self.reporters.push(Box::new(reporter));
    }

    pub fn len(&self) -> usize {
        self.reporters.len()
    }

    pub fn is_empty(&self) -> bool {
        self.reporters.is_empty()
    }
}

impl fmt::Debug for FanOut<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FanOut").field("reporters", &self.reporters.len()).finish()
    }
}

impl Reporter for FanOut<'_> {
    fn handle(&mut self, event: &Event<'_>) -> io::Result<()> {
        let mut first_error = None;
        for reporter in &mut self.reporters {
            if let Err(e) = reporter.handle(event) {
                first_error.get_or_insert(e);
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Role, RunInfo};

    struct Counter(usize);
    impl Reporter for Counter {
        fn handle(&mut self, _: &Event<'_>) -> io::Result<()> {
            self.0 += 1;
            Ok(())
        }
    }

    struct Broken;
    impl Reporter for Broken {
        fn handle(&mut self, _: &Event<'_>) -> io::Result<()> {
            Err(io::Error::from(io::ErrorKind::BrokenPipe))
        }
    }

    #[test]
    fn a_failing_reporter_does_not_starve_the_others() {
        let run = RunInfo {
            tool_version: "0".into(),
            role: Role::Server,
            spec_version: mcp_auth_proto::SpecVersion::LATEST,
            target: "t".into(),
        };
        let (mut a, mut b) = (Counter(0), Counter(0));
        let mut fan = FanOut::new().with(&mut a).with(Broken).with(&mut b);
        assert_eq!(fan.len(), 3);
        let err = fan.handle(&Event::RunStarted { run: &run, planned_scenarios: 0 }).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::BrokenPipe);
        drop(fan);
        assert_eq!((a.0, b.0), (1, 1));
    }
}
