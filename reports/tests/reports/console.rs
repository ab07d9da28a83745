//! The console reporter: golden output, colours, control characters.

use std::time::Duration;

use mcp_auth_proto::Level;
use mcp_auth_proto::requirements::RS_TOKEN_AUDIENCE;
use mcp_auth_reports::console::{ConsoleOptions, ConsoleReporter, write_evaluation};
use mcp_auth_reports::{Baseline, CheckResult, Event, Outcome, Reporter, RunReport};

use crate::fixtures;

/// Feeds a finished report through the reporter the way a run would.
fn render(report: &RunReport, options: ConsoleOptions) -> String {
    let mut sorted = report.clone();
    sorted.sort();
    let mut console = ConsoleReporter::new(Vec::new(), options);
    let info = report.info();
    console
        .handle(&Event::RunStarted { run: &info, planned_scenarios: sorted.scenarios.len() })
        .unwrap();
    for scenario in &sorted.scenarios {
        console.handle(&Event::ScenarioStarted(&scenario.info())).unwrap();
        for check in &scenario.checks {
            console.handle(&Event::CheckFinished(check)).unwrap();
        }
        console.handle(&Event::ScenarioFinished(scenario)).unwrap();
    }
    console.handle(&Event::RunFinished(&sorted)).unwrap();
    String::from_utf8(console.into_inner()).unwrap()
}

#[test]
fn golden_mixed_run() {
    let expected = "\
mcp-auth-harness 0.1.0: server conformance, spec 2025-11-25, target http://127.0.0.1:9/mcp (4 scenarios)
ERROR rs/expired-token  Rejects expired tokens  (2 checks: 1 fail, 1 error)
      FAIL  exp-required  RS-TOKEN-EXP-REQUIRED (MUST): token without exp was accepted
      ERROR expired-rejected  RS-TOKEN-EXPIRED (MUST): connection refused by 127.0.0.1:9
SKIP  rs/local-bind  Binds to loopback only  (1 check: 1 skip)
      SKIP  loopback-only  RS-LOCAL-BIND (SHOULD): remote target
PASS  rs/prm-document  PRM document is served  (2 checks: 1 pass, 1 skip)
FAIL  rs/token-audience  Rejects tokens minted for another resource  (2 checks: 1 pass, 1 fail)
      FAIL  audience-rejected  RS-TOKEN-AUDIENCE (MUST): token for https://other.example/ was accepted (HTTP 200)
            spec: MCP 2025-11-25 §Token Handling

Failures:
  rs/expired-token / exp-required  RS-TOKEN-EXP-REQUIRED (MUST): token without exp was accepted
  rs/token-audience / audience-rejected  RS-TOKEN-AUDIENCE (MUST): token for https://other.example/ was accepted (HTTP 200)

Errors:
  rs/expired-token / expired-rejected  RS-TOKEN-EXPIRED (MUST): connection refused by 127.0.0.1:9

Summary: 4 scenarios: 1 pass, 1 fail, 1 error, 1 skip
         7 checks: 2 pass, 2 fail, 1 error, 2 skip
Outcome: ERROR
";
    assert_eq!(render(&fixtures::mixed(), ConsoleOptions::default()), expected);
}

#[test]
fn golden_verbose_lists_every_check_and_transcripts() {
    let id = "rs/token-audience";
    let mut scenario = fixtures::scenario(
        id,
        "Audience",
        vec![
            CheckResult::new(
                id,
                "audience-rejected",
                RS_TOKEN_AUDIENCE,
                Level::Must,
                Outcome::Fail,
                "accepted",
            )
            .with_official_name("invalid-bearer-token")
            .with_transcript("> GET /mcp\r\n< 200\n"),
            CheckResult::new(
                id,
                "valid",
                RS_TOKEN_AUDIENCE,
                Level::Must,
                Outcome::Pass,
                "HTTP 200",
            )
            .with_transcript("not shown for passes"),
        ],
    );
    scenario.official_name = Some("auth/token-audience".into());
    // A duration is recorded but the console never prints times.
    scenario.duration = Some(Duration::from_millis(1234));
    let expected = "\
mcp-auth-harness 0.1.0: server conformance, spec 2025-11-25, target http://127.0.0.1:9/mcp (1 scenario)
FAIL  rs/token-audience  Audience  (2 checks: 1 pass, 1 fail)
      official scenario: auth/token-audience
      FAIL  audience-rejected  RS-TOKEN-AUDIENCE (MUST): accepted
            official check: invalid-bearer-token
            transcript:
              > GET /mcp
              < 200
      PASS  valid  RS-TOKEN-AUDIENCE (MUST): HTTP 200

Failures:
  rs/token-audience / audience-rejected  RS-TOKEN-AUDIENCE (MUST): accepted

Summary: 1 scenario: 1 fail
         2 checks: 1 pass, 1 fail
Outcome: FAIL
";
    let options = ConsoleOptions { color: false, verbose: true };
    assert_eq!(render(&fixtures::report(vec![scenario]), options), expected);
}

#[test]
fn colours_only_when_asked() {
    let plain = render(&fixtures::mixed(), ConsoleOptions { color: false, verbose: true });
    assert!(!plain.contains('\u{1b}'));
    let coloured = render(&fixtures::mixed(), ConsoleOptions { color: true, verbose: false });
    assert!(coloured.contains("\u{1b}[1;31mFAIL \u{1b}[0m rs/token-audience"));
    assert!(coloured.contains("\u{1b}[1;35mERROR\u{1b}[0m rs/expired-token"));
    assert!(coloured.contains("\u{1b}[32mPASS \u{1b}[0m rs/prm-document"));
    assert!(coloured.contains("\u{1b}[33mSKIP \u{1b}[0m rs/local-bind"));
    assert!(coloured.ends_with("Outcome: \u{1b}[1;35mERROR\u{1b}[0m\n"));
}

#[test]
fn target_supplied_control_characters_are_stripped() {
    let id = "rs/evil\u{1b}[2J";
    let scenario = fixtures::scenario(
        id,
        "title\rFAKE PASS",
        vec![
            CheckResult::new(
                id,
                "c\u{7}",
                RS_TOKEN_AUDIENCE,
                Level::Must,
                Outcome::Fail,
                "server said \u{1b}]0;pwned\u{7}\u{1b}[1A\rPASS\u{202E}txt.exe\u{9b}31m",
            )
            .with_spec_reference("ref\u{0}")
            .with_transcript("line1\u{1b}[31m\r\nline2\u{8}"),
        ],
    );
    let mut report = fixtures::report(vec![scenario]);
    report.target = "http://x/\u{1b}[H".into();
    let out = render(&report, ConsoleOptions { color: false, verbose: true });
    for c in out.chars() {
        assert!(c == '\n' || !c.is_control(), "control character {c:?} in {out:?}");
        assert!(!('\u{202A}'..='\u{202E}').contains(&c) && !('\u{2066}'..='\u{2069}').contains(&c));
    }
    assert!(out.contains("title FAKE PASS"), "a carriage return must not rewind the line");
    assert!(out.contains("server said ]0;pwned[1A PASStxt.exe31m"));
    assert!(out.contains("              line1[31m\n              line2\n"));
}

#[test]
fn baseline_evaluation_is_written() {
    let baseline = Baseline::from_yaml(
        "server:\n  - rs/token-audience\n  - rs/prm-document:prm-resource-matches\n",
    )
    .unwrap();
    let evaluation = baseline.evaluate(&fixtures::mixed());
    let mut out = Vec::new();
    write_evaluation(&mut out, &evaluation).unwrap();
    let expected = "
Baseline:
  expected failure   server rs/token-audience:audience-rejected
  stale entry        server: rs/prm-document:prm-resource-matches (line 3) now passes; remove it from the baseline
  unexpected failure server rs/expired-token:exp-required
  error (never baselined) server rs/expired-token:expired-rejected
  => incomplete: the harness could not judge every check
";
    assert_eq!(String::from_utf8(out).unwrap(), expected);
}
