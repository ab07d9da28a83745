//! The recorder: event order, misuse, and reporters fed through a fan-out.

use std::io;

use mcp_auth_proto::Level;
use mcp_auth_proto::requirements::{RS_PRM_RESOURCE, RS_TOKEN_AUDIENCE};
use mcp_auth_reports::console::{ConsoleOptions, ConsoleReporter};
use mcp_auth_reports::json::JsonReporter;
use mcp_auth_reports::junit::JunitReporter;
use mcp_auth_reports::{
    CheckResult, Event, FanOut, Outcome, RecordError, Recorder, Reporter, RunReport, ScenarioInfo,
};

use crate::fixtures;

/// Writes one line per event.
#[derive(Default)]
struct Log(Vec<String>);

impl Reporter for Log {
    fn handle(&mut self, event: &Event<'_>) -> io::Result<()> {
        self.0.push(match event {
            Event::RunStarted { planned_scenarios, .. } => format!("run {planned_scenarios}"),
            Event::ScenarioStarted(s) => format!("start {}", s.id),
            Event::CheckFinished(c) => format!("check {}", c.check),
            Event::ScenarioFinished(s) => format!("finish {} {}", s.id, s.checks.len()),
            Event::RunFinished(r) => format!("done {}", r.scenarios.len()),
        });
        Ok(())
    }
}

fn info(id: &str) -> ScenarioInfo {
    fixtures::scenario(id, "t", vec![]).info()
}

fn check(scenario: &str, id: &str, outcome: Outcome) -> CheckResult {
    CheckResult::new(scenario, id, RS_PRM_RESOURCE, Level::Must, outcome, "m")
}

/// Records `b` before `a` and checks in reverse order.
fn record(log: &mut Log) -> RunReport {
    let mut recorder = Recorder::start(fixtures::run_info(), 2, log).unwrap();
    for id in ["b", "a"] {
        recorder.start_scenario(info(id)).unwrap();
        recorder.record(check(id, "z", Outcome::Pass)).unwrap();
        recorder.record(check(id, "y", Outcome::Fail)).unwrap();
        recorder.finish_scenario(None).unwrap();
    }
    recorder.finish().unwrap().0
}

#[test]
fn events_follow_the_grammar_and_the_report_is_sorted() {
    let mut log = Log::default();
    let report = record(&mut log);
    assert_eq!(
        log.0,
        [
            "run 2",
            "start b",
            "check z",
            "check y",
            "finish b 2",
            "start a",
            "check z",
            "check y",
            "finish a 2",
            "done 2",
        ]
    );
    let order: Vec<(&str, &str)> = report
        .scenarios
        .iter()
        .flat_map(|s| s.checks.iter().map(|c| (s.id.as_str(), c.check.as_str())))
        .collect();
    assert_eq!(order, [("a", "y"), ("a", "z"), ("b", "y"), ("b", "z")]);
}

#[test]
fn misuse_is_an_error_not_a_panic() {
    let mut recorder = Recorder::start(fixtures::run_info(), 1, Log::default()).unwrap();
    assert!(matches!(
        recorder.record(check("a", "x", Outcome::Pass)),
        Err(RecordError::NoScenarioOpen)
    ));
    assert!(matches!(recorder.finish_scenario(None), Err(RecordError::NoScenarioOpen)));
    recorder.start_scenario(info("a")).unwrap();
    assert!(matches!(
        recorder.start_scenario(info("b")),
        Err(RecordError::ScenarioStillOpen { .. })
    ));
    assert!(matches!(
        recorder.record(check("b", "x", Outcome::Pass)),
        Err(RecordError::WrongScenario { .. })
    ));
    assert!(matches!(recorder.finish(), Err(RecordError::UnfinishedScenario { .. })));
}

#[test]
fn every_reporter_behind_a_fan_out_sees_the_same_run() {
    let mut console = ConsoleReporter::new(Vec::new(), ConsoleOptions::default());
    let mut junit = JunitReporter::new(Vec::new());
    let mut json = JsonReporter::new(Vec::new());
    let fan = FanOut::new().with(&mut console).with(&mut junit).with(&mut json);
    let mut recorder = Recorder::start(fixtures::run_info(), 1, fan).unwrap();
    recorder.start_scenario(info("rs/a")).unwrap();
    recorder
        .record(CheckResult::new("rs/a", "c", RS_TOKEN_AUDIENCE, Level::Must, Outcome::Fail, "bad"))
        .unwrap();
    recorder.finish_scenario(None).unwrap();
    let (report, fan) = recorder.finish().unwrap();
    drop(fan);
    let console = String::from_utf8(console.into_inner()).unwrap();
    assert!(console.contains("FAIL  rs/a  t  (1 check: 1 fail)"), "{console}");
    assert_eq!(
        String::from_utf8(junit.into_inner()).unwrap(),
        mcp_auth_reports::junit::to_string(&report).unwrap()
    );
    assert_eq!(
        String::from_utf8(json.into_inner()).unwrap(),
        mcp_auth_reports::json::to_string(&report).unwrap()
    );
}
