//! Writers add nothing that is not in the model: no secrets the runner did not put there,
//! no host names, no times, and the same bytes for the same results in any order.

use std::collections::BTreeSet;

use mcp_auth_proto::Level;
use mcp_auth_proto::requirements::RS_TOKEN_AUDIENCE;
use mcp_auth_reports::console::{ConsoleOptions, ConsoleReporter};
use mcp_auth_reports::{CheckResult, Event, Outcome, Reporter, RunReport, json, junit};
use serde_json::Value;

use crate::fixtures;

/// A run whose transcript the runner has already redacted.
fn redacted() -> RunReport {
    let id = "rs/token-passthrough";
    let mut report = fixtures::mixed();
    report.scenarios.push(fixtures::scenario(
        id,
        "Does not pass tokens through",
        vec![
            CheckResult::new(
                id,
                "no-passthrough",
                RS_TOKEN_AUDIENCE,
                Level::Must,
                Outcome::Fail,
                "upstream saw the client's token (Bearer [REDACTED:sha256=1f2e])",
            )
            .with_transcript("> GET /mcp\n> Authorization: Bearer [REDACTED:sha256=1f2e]\n< 200"),
        ],
    ));
    report
}

fn console(report: &RunReport) -> String {
    let mut sorted = report.clone();
    sorted.sort();
    let mut console =
        ConsoleReporter::new(Vec::new(), ConsoleOptions { color: false, verbose: true });
    for scenario in &sorted.scenarios {
        console.handle(&Event::ScenarioFinished(scenario)).unwrap();
    }
    console.handle(&Event::RunFinished(&sorted)).unwrap();
    String::from_utf8(console.into_inner()).unwrap()
}

fn outputs(report: &RunReport) -> [String; 3] {
    [console(report), junit::to_string(report).unwrap(), json::to_string(report).unwrap()]
}

fn model_strings(report: &RunReport) -> BTreeSet<String> {
    let mut strings: BTreeSet<String> =
        [&report.tool_version, &report.target].into_iter().cloned().collect();
    for s in &report.scenarios {
        strings.extend([s.id.clone(), s.title.clone()]);
        strings.extend(s.official_name.clone());
        for c in &s.checks {
            strings.extend([
                c.scenario.clone(),
                c.check.clone(),
                c.requirement.clone(),
                c.message.clone(),
            ]);
            strings.extend(
                c.spec_reference.iter().chain(&c.official_name).chain(&c.transcript).cloned(),
            );
        }
    }
    strings
}

fn json_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| json_strings(v, out)),
        Value::Object(members) => members.values().for_each(|v| json_strings(v, out)),
        _ => {}
    }
}

#[test]
fn every_json_string_comes_from_the_model_or_is_an_enum_name() {
    let report = redacted();
    let model = model_strings(&report);
    let names = ["server", "2025-11-25", "pass", "fail", "error", "skip", "MUST", "SHOULD"];
    let document: Value = serde_json::from_str(&json::to_string(&report).unwrap()).unwrap();
    let mut strings = Vec::new();
    json_strings(&document, &mut strings);
    for s in strings {
        assert!(model.contains(&s) || names.contains(&s.as_str()), "{s:?} is not in the model");
    }
}

#[test]
fn junit_names_and_transcripts_are_the_models() {
    let report = redacted();
    let model = model_strings(&report);
    let xml = junit::to_string(&report).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    for case in doc.descendants().filter(|n| n.has_tag_name("testcase")) {
        assert!(model.contains(case.attribute("name").unwrap()));
        assert!(model.contains(case.attribute("classname").unwrap()));
        if let Some(out) = case.children().find(|n| n.has_tag_name("system-out")) {
            assert!(model.contains(out.text().unwrap()));
        }
    }
}

#[test]
fn no_secret_host_name_or_time_appears_that_the_model_lacks() {
    let report = redacted();
    let mut forbidden = vec!["eyJ".to_owned(), "timestamp".to_owned(), "hostname".to_owned()];
    if let Ok(host) = std::fs::read_to_string("/etc/hostname") {
        let host = host.trim();
        if host.len() >= 6 && !model_strings(&report).iter().any(|s| s.contains(host)) {
            forbidden.push(host.to_owned());
        }
    }
    let year = 1970
        + std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
            / 31_556_952;
    forbidden.push(format!("{year}-"));
    for output in outputs(&report) {
        assert!(output.contains("[REDACTED:sha256=1f2e]"));
        for needle in &forbidden {
            assert!(!output.contains(needle.as_str()), "{needle:?} in\n{output}");
        }
    }
}

#[test]
fn the_same_results_in_any_order_give_the_same_bytes() {
    let report = redacted();
    let mut shuffled = report.clone();
    shuffled.scenarios.reverse();
    shuffled.scenarios.iter_mut().for_each(|s| s.checks.reverse());
    assert_eq!(outputs(&report), outputs(&shuffled));
    assert_eq!(outputs(&report), outputs(&report));
}
