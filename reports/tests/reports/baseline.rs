//! Expected-failure baselines: parsing (strict, with positions) and the official suite's
//! semantics.

use std::path::Path;

use mcp_auth_proto::Level;
use mcp_auth_proto::requirements::RS_TOKEN_AUDIENCE;
use mcp_auth_reports::baseline::{BaselineError, CheckKey, Entry, EntryProblem};
use mcp_auth_reports::{Baseline, CheckResult, Outcome, Role};

use crate::fixtures;

fn key(scenario: &str, check: &str) -> CheckKey {
    CheckKey { role: Role::Server, scenario: scenario.into(), check: check.into() }
}

#[test]
fn parses_every_role_and_both_entry_forms() {
    let baseline = Baseline::from_yaml(
        "# expected failures\nclient:\n  - auth/scope-step-up\n  - auth/basic-cimd:cimd-client-id-used\nserver: []\nauthorization:\n  - as/x:y:z\n",
    )
    .unwrap();
    assert_eq!(
        baseline.entries(Role::Client),
        [
            Entry { scenario: "auth/scope-step-up".into(), check: None, line: 3, column: 5 },
            Entry {
                scenario: "auth/basic-cimd".into(),
                check: Some("cimd-client-id-used".into()),
                line: 4,
                column: 5
            },
        ]
    );
    assert!(baseline.entries(Role::Server).is_empty());
    // Split at the first ':'; the rest is the check ID.
    assert_eq!(baseline.entries(Role::Authorization)[0].check.as_deref(), Some("y:z"));
    assert_eq!(
        baseline.entries(Role::Client)[1].to_string(),
        "auth/basic-cimd:cimd-client-id-used"
    );
}

#[test]
fn empty_and_comment_only_files_are_empty_baselines() {
    for text in ["", "# nothing expected\n", "client:\n"] {
        let baseline = Baseline::from_yaml(text).unwrap();
        assert!(Role::ALL.iter().all(|&r| baseline.entries(r).is_empty()), "{text:?}");
    }
}

fn yaml_error_position(text: &str) -> (Option<u64>, Option<u64>, String) {
    match Baseline::from_yaml(text).unwrap_err() {
        error @ BaselineError::Yaml { line, column, .. } => (line, column, error.to_string()),
        other => panic!("expected a YAML error, got {other:?}"),
    }
}

#[test]
fn unknown_keys_are_errors_with_line_and_column() {
    let (line, column, message) = yaml_error_position("client:\n  - a\nservers:\n  - b\n");
    assert_eq!((line, column), (Some(3), Some(1)));
    assert!(message.contains("unknown field `servers`"), "{message}");
    assert!(message.contains("3:1") || message.contains("line 3"), "{message}");
}

#[test]
fn duplicate_keys_and_wrong_shapes_are_errors_with_positions() {
    assert_eq!(yaml_error_position("server:\n  - a\nserver:\n  - b\n").0, Some(3));
    assert_eq!(yaml_error_position("- a\n").0, Some(1));
    let (line, column, _) = yaml_error_position("server:\n  - {a: 1}\n");
    assert_eq!((line, column), (Some(2), Some(5)));
}

#[test]
fn entries_with_an_empty_part_are_errors_with_positions() {
    let error = Baseline::from_yaml("server:\n  - ok\n  - \"rs/x:\"\n").unwrap_err();
    assert!(matches!(
        error,
        BaselineError::Entry {
            role: Role::Server,
            problem: EntryProblem::EmptyCheck,
            line: 3,
            column: 5,
            ..
        }
    ));
    assert_eq!(
        error.to_string(),
        "line 3, column 5: server entry \"rs/x:\": the check part after ':' is empty"
    );
    let error = Baseline::from_yaml("client: [\":c\"]").unwrap_err();
    assert!(matches!(error, BaselineError::Entry { problem: EntryProblem::EmptyScenario, .. }));
}

#[test]
fn a_missing_file_is_a_read_error() {
    let error = Baseline::load(Path::new("/nonexistent/expected-failures.yaml")).unwrap_err();
    assert!(matches!(error, BaselineError::Read { .. }));
}

#[test]
fn scenario_and_check_entries_excuse_failures_but_never_errors() {
    let baseline = Baseline::from_yaml(
        "server:\n  - rs/token-audience\n  - rs/expired-token:exp-required\n  - rs/expired-token:expired-rejected\n",
    )
    .unwrap();
    let evaluation = baseline.evaluate(&fixtures::mixed());
    assert_eq!(
        evaluation.expected_failures,
        [key("rs/expired-token", "exp-required"), key("rs/token-audience", "audience-rejected")]
    );
    assert!(evaluation.unexpected_failures.is_empty());
    assert_eq!(evaluation.errors, [key("rs/expired-token", "expired-rejected")]);
    // The entry naming the erroring check is not stale: an error says nothing either way.
    assert!(evaluation.stale.is_empty());
    assert!(evaluation.passed());
}

#[test]
fn failures_without_an_entry_are_unexpected() {
    let evaluation = Baseline::default().evaluate(&fixtures::mixed());
    assert_eq!(
        evaluation.unexpected_failures,
        [key("rs/expired-token", "exp-required"), key("rs/token-audience", "audience-rejected")]
    );
    assert!(!evaluation.passed());
}

#[test]
fn entries_for_passing_items_are_stale() {
    let baseline = Baseline::from_yaml(
        "server:\n  - rs/prm-document\n  - rs/token-audience:valid-token-accepted\n  - rs/token-audience\n",
    )
    .unwrap();
    let evaluation = baseline.evaluate(&fixtures::mixed());
    let stale: Vec<String> = evaluation.stale.iter().map(|s| s.entry.to_string()).collect();
    assert_eq!(stale, ["rs/prm-document", "rs/token-audience:valid-token-accepted"]);
    assert_eq!(evaluation.stale[0].entry.line, 2);
    assert!(!evaluation.passed());
}

#[test]
fn entries_for_absent_skipped_or_errored_items_are_tolerated() {
    let baseline = Baseline::from_yaml(
        "server:\n  - rs/not-in-this-run\n  - rs/local-bind\n  - rs/prm-document:prm-scopes\n  - rs/prm-document:no-such-check\n  - rs/expired-token:expired-rejected\n",
    )
    .unwrap();
    let mut report = fixtures::mixed();
    report.scenarios.retain(|s| s.id != "rs/token-audience");
    report.scenarios.iter_mut().for_each(|s| s.checks.retain(|c| c.check != "exp-required"));
    let evaluation = baseline.evaluate(&report);
    assert!(evaluation.stale.is_empty(), "{:?}", evaluation.stale);
    assert!(evaluation.passed());
}

#[test]
fn entries_apply_to_their_own_role_only() {
    // The same scenario ID under `client` neither excuses a server failure nor goes stale
    // because a server scenario of that name passes.
    let baseline =
        Baseline::from_yaml("client:\n  - rs/token-audience\n  - rs/prm-document\n").unwrap();
    let evaluation = baseline.evaluate(&fixtures::mixed());
    assert_eq!(evaluation.unexpected_failures.len(), 2);
    assert!(evaluation.expected_failures.is_empty());
    assert!(evaluation.stale.is_empty());
}

#[test]
fn a_check_entry_is_stale_only_when_every_check_of_that_id_passes() {
    let id = "rs/dup";
    let check = |o| CheckResult::new(id, "same", RS_TOKEN_AUDIENCE, Level::Must, o, "m");
    let report = fixtures::report(vec![fixtures::scenario(
        id,
        "duplicate check IDs",
        vec![check(Outcome::Pass), check(Outcome::Fail)],
    )]);
    let evaluation = Baseline::from_yaml("server: [\"rs/dup:same\"]").unwrap().evaluate(&report);
    assert!(evaluation.stale.is_empty());
    assert_eq!(evaluation.expected_failures, [key(id, "same")]);
}
