#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! The scenario loader: every built-in scenario loads, and each kind of mistake a user can
//! make is reported at its line and column with a message that says what to do.

use mcp_auth_harness::scenario::{self, ScenarioRole, load};

const GOOD: &str = r#"schema_version: 1
id: mine/check
title: t
role: server
requirements: [RS-401-NOAUTH]
description: d
steps:
  - request:
      name: anonymous
      body: { mcp: { method: connect } }
      expect:
        - check: is-401
          requirement: RS-401-NOAUTH
          claim: c
          assert: { status: { is: 401 } }
"#;

fn error(text: &str) -> load::LoadError {
    load::parse("f.yaml", text, "mine/check").expect_err("must be refused")
}

#[test]
fn a_good_file_loads_and_lists_its_checks() {
    let s = load::parse("f.yaml", GOOD, "mine/check").unwrap();
    assert_eq!(s.id(), "mine/check");
    assert_eq!(s.checks.len(), 1);
    assert_eq!(s.checks[0].level, mcp_auth_proto::Level::Must);
}

#[test]
fn every_builtin_scenario_loads() {
    let all = scenario::builtin().unwrap_or_else(|errors| {
        panic!("{}", errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
    });
    assert!(all.len() >= 40, "{}", all.len());
    let server = scenario::catalogue(ScenarioRole::Server, &[] as &[&str]).unwrap();
    assert!(server.windows(2).all(|w| w[0].id() < w[1].id()), "sorted by id");
}

#[test]
fn unknown_keys_are_located() {
    let text = GOOD.replace("      name: anonymous\n", "      name: anonymous\n      methd: GET\n");
    let e = error(&text);
    assert_eq!((e.line, e.column), (10, 7), "{e}");
    assert!(e.message.contains("unknown field `methd`"), "{e}");
    assert!(e.to_string().contains("^"), "caret display: {e}");
}

#[test]
fn duplicate_keys_are_located() {
    let text = GOOD.replace("title: t\n", "title: t\ntitle: u\n");
    let e = error(&text);
    assert_eq!(e.line, 4, "{e}");
    assert!(e.message.to_lowercase().contains("duplicate"), "{e}");
}

#[test]
fn the_id_must_match_the_path() {
    let e = load::parse("f.yaml", GOOD, "mine/other").unwrap_err();
    assert_eq!((e.line, e.column), (2, 5), "{e}");
    assert!(e.message.contains("\"mine/other\""), "{e}");
}

#[test]
fn requirements_must_exist_and_fit_the_role() {
    let e = error(&GOOD.replace("requirements: [RS-401-NOAUTH]", "requirements: [RS-401-NOPE]"));
    assert_eq!((e.line, e.column), (5, 16), "{e}");
    assert!(e.message.contains("not a row of the requirement catalogue"), "{e}");
    let e = error(&GOOD.replace("role: server", "role: client"));
    assert!(e.message.contains("is a RS requirement; this is a client scenario"), "{e}");
    let listed_twice = GOOD.replace("[RS-401-NOAUTH]", "[RS-401-NOAUTH, RS-401-WWWAUTH]");
    let e = error(&listed_twice);
    assert!(e.message.contains("RS-401-WWWAUTH is listed but no check judges it"), "{e}");
}

#[test]
fn checks_are_unique_and_name_a_listed_requirement() {
    let text = GOOD.replace("requirement: RS-401-NOAUTH", "requirement: RS-401-WWWAUTH");
    let e = error(&text);
    assert_eq!(e.line, 13, "{e}");
    assert!(e.message.contains("not one of this scenario's requirements"), "{e}");
    let dup = GOOD.to_owned()
        + "        - check: is-401\n          requirement: RS-401-NOAUTH\n          claim: c\n          assert: { status: { is: 401 } }\n";
    let e = error(&dup);
    assert!(e.message.contains("declared twice"), "{e}");
    assert_eq!(e.line, 16, "{e}");
}

#[test]
fn unknown_variables_and_tokens_are_located() {
    let text = GOOD.replace(
        "      name: anonymous\n",
        "      name: anonymous\n      url: \"{{mcp_ulr}}/x\"\n",
    );
    let e = error(&text);
    assert_eq!((e.line, e.column), (10, 13), "{e}");
    assert!(e.message.contains("unknown variable `mcp_ulr`"), "{e}");
    let text =
        GOOD.replace("      name: anonymous\n", "      name: anonymous\n      bearer: nope\n");
    let e = error(&text);
    assert!(e.message.contains("token \"nope\" is not declared"), "{e}");
    // User variables are allowed without declaration.
    let text = GOOD.replace(
        "      name: anonymous\n",
        "      name: anonymous\n      url: \"{{var.base}}/mcp\"\n",
    );
    assert!(load::parse("f.yaml", &text, "mine/check").is_ok());
}

#[test]
fn a_capture_is_known_only_after_its_step() {
    let text = GOOD.replace(
        "      name: anonymous\n",
        "      name: anonymous\n      url: \"{{later}}\"\n      capture: { later: { header: X } }\n",
    );
    let e = error(&text);
    assert!(e.message.contains("unknown variable `later`"), "{e}");
}

#[test]
fn versions_and_limits_are_checked() {
    let e = error(
        &GOOD.replace("role: server\n", "role: server\nspec_versions: { since: 2024-01-01 }\n"),
    );
    assert!(e.message.contains("2024-01-01"), "{e}");
    assert_eq!(e.line, 5, "{e}");
    let e = error(&GOOD.replace(
        "role: server\n",
        "role: server\nspec_versions: { since: 2026-07-28, until: 2025-06-18 }\n",
    ));
    assert!(e.message.contains("is after until"), "{e}");
    let e = error(&GOOD.replace("schema_version: 1", "schema_version: 2"));
    assert!(e.message.contains("schema_version 2 is not supported"), "{e}");
    let wait = GOOD.to_owned() + "  - wait: { ms: 600000 }\n";
    assert!(error(&wait).message.contains("wait is at most"));
}

#[test]
fn validate_command_reports_bad_files_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("mine")).unwrap();
    std::fs::write(dir.path().join("mine/check.yaml"), GOOD).unwrap();
    let ok = assert_cmd::Command::cargo_bin("mcp-auth-harness")
        .unwrap()
        .arg("validate")
        .arg(dir.path())
        .assert()
        .code(0);
    let out = String::from_utf8_lossy(&ok.get_output().stdout).into_owned();
    assert!(out.contains("1 valid scenario file(s), 0 invalid"), "{out}");
    std::fs::write(dir.path().join("mine/check.yaml"), GOOD.replace("is: 401", "iz: 401")).unwrap();
    let bad = assert_cmd::Command::cargo_bin("mcp-auth-harness")
        .unwrap()
        .arg("validate")
        .arg(dir.path())
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&bad.get_output().stderr).into_owned();
    assert!(err.contains("check.yaml:15:"), "{err}");
    assert!(err.contains("unknown variant `iz`"), "{err}");
}

#[test]
fn mocks_are_for_client_scenarios_and_strict() {
    let with_mocks = GOOD
        .replace("description: d\n", "description: d\nmocks:\n  resource_server: { path: /mcp }\n");
    let e = error(&with_mocks);
    assert_eq!(e.line, 7, "{e}");
    assert!(
        e.message.contains("a server or authorization-server scenario probes a real target"),
        "{e}"
    );
    let typo = GOOD
        .replace("description: d\n", "description: d\nmocks:\n  resource_server: { pth: /mcp }\n");
    let e = error(&typo);
    assert_eq!(e.line, 8, "{e}");
    assert!(e.message.contains("unknown field `pth`"), "{e}");
}
