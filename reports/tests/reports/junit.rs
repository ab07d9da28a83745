//! The JUnit writer: golden output, parse-back with a real XML parser, hostile text.

use std::time::Duration;

use mcp_auth_proto::Level;
use mcp_auth_proto::requirements::RS_TOKEN_AUDIENCE;
use mcp_auth_reports::junit::{self, JunitReporter};
use mcp_auth_reports::{CheckResult, Event, Outcome, Reporter};
use proptest::prelude::*;

use crate::fixtures;

fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> &'a str {
    node.attribute(name).unwrap_or_else(|| panic!("no {name} on {node:?}"))
}

fn count(doc: &roxmltree::Document<'_>, tag: &str) -> usize {
    doc.descendants().filter(|n| n.has_tag_name(tag)).count()
}

#[test]
fn golden_clean_run() {
    let expected = r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="mcp-auth-harness" tests="2" failures="0" errors="0">
    <testsuite name="rs/prm-document" tests="2" skipped="1" errors="0" failures="0">
        <properties>
            <property name="title" value="PRM document is served"/>
            <property name="role" value="server"/>
            <property name="spec_version" value="2025-11-25"/>
        </properties>
        <testcase name="prm-resource-matches" classname="rs/prm-document">
            <properties>
                <property name="requirement" value="RS-PRM-RESOURCE"/>
                <property name="level" value="MUST"/>
            </properties>
        </testcase>
        <testcase name="prm-scopes" classname="rs/prm-document">
            <properties>
                <property name="requirement" value="RS-PRM-SCOPES"/>
                <property name="level" value="SHOULD"/>
            </properties>
            <skipped message="RS-PRM-SCOPES (SHOULD): no scopes" type="not applicable">no scopes
requirement: RS-PRM-SCOPES (SHOULD)</skipped>
        </testcase>
    </testsuite>
</testsuites>
"#;
    assert_eq!(junit::to_string(&fixtures::clean()).unwrap(), expected);
}

#[test]
fn failure_error_and_skip_stay_distinct_when_parsed_back() {
    let xml = junit::to_string(&fixtures::mixed()).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(
        [attr(root, "tests"), attr(root, "failures"), attr(root, "errors")],
        ["7", "2", "1"]
    );
    // junit-10.xsd has no root `skipped`; the suites carry it.
    assert!(root.attribute("skipped").is_none());
    let skipped: usize = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .map(|s| attr(s, "skipped").parse::<usize>().unwrap())
        .sum();
    assert_eq!(skipped, 2);
    assert_eq!((count(&doc, "failure"), count(&doc, "error"), count(&doc, "skipped")), (2, 1, 2));
    assert!(root.attribute("timestamp").is_none() && root.attribute("time").is_none());
    assert!(doc.descendants().all(|n| n.attribute("hostname").is_none()
        && n.attribute("timestamp").is_none()
        && n.attribute("time").is_none()));

    let suites: Vec<_> = root.children().filter(|n| n.has_tag_name("testsuite")).collect();
    let names: Vec<_> = suites.iter().map(|s| attr(*s, "name")).collect();
    assert_eq!(
        names,
        ["rs/expired-token", "rs/local-bind", "rs/prm-document", "rs/token-audience"]
    );
    let expired = suites[0];
    assert_eq!([attr(expired, "failures"), attr(expired, "errors")], ["1", "1"]);

    let audience = doc
        .descendants()
        .find(|n| n.has_tag_name("testcase") && attr(*n, "name") == "audience-rejected")
        .unwrap();
    assert_eq!(attr(audience, "classname"), "rs/token-audience");
    let failure = audience.children().find(|n| n.has_tag_name("failure")).unwrap();
    let message = attr(failure, "message");
    for part in ["RS-TOKEN-AUDIENCE", "MUST", "MCP 2025-11-25 §Token Handling", "was accepted"] {
        assert!(message.contains(part), "{part} missing from {message}");
    }
    assert_eq!(attr(failure, "type"), "conformance failure");
    let out = audience.children().find(|n| n.has_tag_name("system-out")).unwrap();
    assert_eq!(out.text(), Some("> GET /mcp\n< HTTP/1.1 200 OK"));

    let error = doc.descendants().find(|n| n.has_tag_name("error")).unwrap();
    assert_eq!(attr(error, "type"), "harness error");
    assert_eq!(attr(error.parent().unwrap(), "name"), "expired-rejected");
}

#[test]
fn time_is_written_only_when_the_run_was_timed() {
    let mut report = fixtures::clean();
    report.scenarios[0].duration = Some(Duration::from_millis(1500));
    let xml = junit::to_string(&report).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let suite = doc.descendants().find(|n| n.has_tag_name("testsuite")).unwrap();
    assert_eq!(attr(suite, "time"), "1.500");
}

/// Every character XML 1.0 forbids, ANSI escapes and bidi controls, in every field.
const HOSTILE: &str = "a\u{0}\u{1}\u{8}\u{b}\u{c}\u{e}\u{1f}\u{7f}\u{85}\u{9b}\u{FFFE}\u{FFFF}\u{1b}[31m<&\"'>]]>\u{202E}\r\n\tz";

#[test]
fn control_characters_never_make_the_document_ill_formed() {
    let id = format!("rs/{HOSTILE}");
    let mut scenario = fixtures::scenario(
        &id,
        HOSTILE,
        Outcome::ALL
            .iter()
            .map(|&o| {
                CheckResult::new(&id, HOSTILE, RS_TOKEN_AUDIENCE, Level::Must, o, HOSTILE)
                    .with_spec_reference(HOSTILE)
                    .with_official_name(HOSTILE)
                    .with_transcript(HOSTILE)
            })
            .collect(),
    );
    scenario.official_name = Some(HOSTILE.into());
    let xml = junit::to_string(&fixtures::report(vec![scenario])).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    assert_eq!((count(&doc, "failure"), count(&doc, "error"), count(&doc, "skipped")), (1, 1, 1));
    let case = doc.descendants().find(|n| n.has_tag_name("testcase")).unwrap();
    assert_eq!(attr(case, "name"), "a[31m<&\"'>]]>   z");
}

#[test]
fn tabs_become_spaces_rather_than_vanish() {
    // quick-junit deletes tabs; the writer turns them into spaces first so words stay apart.
    let id = "rs/tabs";
    let check =
        CheckResult::new(id, "tabs", RS_TOKEN_AUDIENCE, Level::Must, Outcome::Fail, "key:\tvalue")
            .with_transcript("a\tb\nc");
    let xml = junit::to_string(&fixtures::report(vec![fixtures::scenario(id, "t", vec![check])]))
        .unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let element = |tag| doc.descendants().find(|n| n.has_tag_name(tag)).unwrap();
    assert_eq!(element("system-out").text(), Some("a b\nc"));
    let failure = element("failure");
    assert_eq!(attr(failure, "message"), "RS-TOKEN-AUDIENCE (MUST): key: value");
    assert_eq!(failure.text(), Some("key: value\nrequirement: RS-TOKEN-AUDIENCE (MUST)"));
}

#[test]
fn the_reporter_writes_on_run_finished_only() {
    let report = fixtures::mixed();
    let mut reporter = JunitReporter::new(Vec::new());
    reporter.handle(&Event::ScenarioFinished(&report.scenarios[0])).unwrap();
    assert!(reporter.into_inner().is_empty());
    let mut reporter = JunitReporter::new(Vec::new());
    reporter.handle(&Event::RunFinished(&report)).unwrap();
    assert_eq!(
        String::from_utf8(reporter.into_inner()).unwrap(),
        junit::to_string(&report).unwrap()
    );
}

proptest! {
    #[test]
    fn any_text_yields_well_formed_xml(
        scenario in any::<String>(), check in any::<String>(), message in any::<String>(),
        transcript in any::<String>(),
    ) {
        let c = CheckResult::new(&scenario, &check, RS_TOKEN_AUDIENCE, Level::Must, Outcome::Fail, &message)
            .with_transcript(&transcript);
        let report = fixtures::report(vec![fixtures::scenario(&scenario, &message, vec![c])]);
        let xml = junit::to_string(&report).unwrap();
        let doc = roxmltree::Document::parse(&xml);
        prop_assert!(doc.is_ok(), "{:?}: {}", doc.err(), xml);
        prop_assert_eq!(count(&doc.unwrap(), "failure"), 1);
    }
}
