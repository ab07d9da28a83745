//! Exit codes: 0 clean, 1 conformance failure or stale entry, 2 harness error; error wins.

use mcp_auth_reports::exit::{CONFORMANCE_FAILURE, HARNESS_ERROR, OK, exit_code};
use mcp_auth_reports::{Baseline, Outcome};

use crate::fixtures;

fn without_errors() -> mcp_auth_reports::RunReport {
    let mut report = fixtures::mixed();
    report.scenarios.iter_mut().for_each(|s| s.checks.retain(|c| c.outcome != Outcome::Error));
    report
}

#[test]
fn constants_match_the_harness_binary() {
    assert_eq!((OK, CONFORMANCE_FAILURE, HARNESS_ERROR), (0, 1, 2));
}

#[test]
fn passes_and_skips_exit_zero() {
    assert_eq!(exit_code(&fixtures::clean(), None), OK);
    assert_eq!(exit_code(&fixtures::report(vec![]), None), OK);
}

#[test]
fn a_failure_exits_one() {
    assert_eq!(exit_code(&without_errors(), None), CONFORMANCE_FAILURE);
}

#[test]
fn an_error_beats_a_failure() {
    assert_eq!(exit_code(&fixtures::mixed(), None), HARNESS_ERROR);
}

#[test]
fn a_baseline_excuses_failures_but_not_errors() {
    let baseline =
        Baseline::from_yaml("server:\n  - rs/token-audience\n  - rs/expired-token\n").unwrap();
    assert_eq!(exit_code(&without_errors(), Some(&baseline)), OK);
    assert_eq!(exit_code(&fixtures::mixed(), Some(&baseline)), HARNESS_ERROR);
}

#[test]
fn an_unexpected_failure_or_a_stale_entry_exits_one() {
    let partial = Baseline::from_yaml("server:\n  - rs/token-audience\n").unwrap();
    assert_eq!(exit_code(&without_errors(), Some(&partial)), CONFORMANCE_FAILURE);
    let stale = Baseline::from_yaml("server:\n  - rs/prm-document\n").unwrap();
    assert_eq!(exit_code(&fixtures::clean(), Some(&stale)), CONFORMANCE_FAILURE);
    let evaluation = stale.evaluate(&fixtures::clean());
    assert_eq!(mcp_auth_reports::exit::from_evaluation(&evaluation), CONFORMANCE_FAILURE);
}
