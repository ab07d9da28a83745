//! The JUnit writer judged by code we did not write: the Jenkins xUnit plugin's
//! `junit-10.xsd`, read from inside pytest's sdist exactly as shipped and applied by
//! `xmlschema`, and the file read back by `junitparser` (all PyPI, pinned in
//! `interop/python/`). `interop/python/check_junit.py` runs both and prints what they saw as
//! JSON; the assertions are here.
//!
//! `scripts/test-all` installs them and sets `MCP_AUTH_HARNESS_PYTHON` and
//! `MCP_AUTH_HARNESS_PYTEST_SDIST`. Without those the tests say so and pass on a developer's
//! machine, and fail under CI (the convention of the mocks' interop tests).

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mcp_auth_proto::Secret;
use mcp_auth_reports::{RunReport, junit};
use serde_json::{Value, json};

use crate::fixtures;

/// SHA-256 of `testing/example_scripts/junit-10.xsd` in pytest 9.2.0's sdist, byte for byte
/// the xUnit plugin's own copy. A different schema must be a deliberate change.
const JUNIT_10_XSD_SHA256: &str =
    "a1a816f58d1bf95ebabf371994df0b9246dee66ea9572fbec4f9296f1b2c0ff6";

/// What a target might put in a message: XML syntax, a CDATA terminator, an ANSI escape,
/// NUL and BEL, CR LF, a tab, the XML non-characters, non-ASCII text and a bidi override.
const HOSTILE: &str = concat!(
    "accepted <token aud=\"https://other.example/\"> & 'kept' ]]> ",
    "\u{1b}[31mred\u{0}\u{7}\r\nline\ttwo\u{FFFE}\u{FFFF} ünïcødé ✓ 日本語 🔐\u{202E}txet",
);
/// `HOSTILE` on one line, as `reports/README.md` says: controls removed, CR, LF and tab
/// become spaces. Written out rather than computed so that the writer is not its own oracle.
const HOSTILE_ONE_LINE: &str = concat!(
    "accepted <token aud=\"https://other.example/\"> & 'kept' ]]> ",
    "[31mred  line two ünïcødé ✓ 日本語 🔐txet",
);
/// `HOSTILE` as element text: line feeds kept, tabs become spaces, carriage returns removed
/// with the other controls.
const HOSTILE_LINES: &str = concat!(
    "accepted <token aud=\"https://other.example/\"> & 'kept' ]]> ",
    "[31mred\nline two ünïcødé ✓ 日本語 🔐txet",
);

const SPEC: &str = "MCP 2025-11-25 §Token Handling";

/// The access token the target saw. The runner redacts it before the model holds the
/// transcript (the mocks' journal writes `<redacted:LENGTH:FINGERPRINT>`).
const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL290aGVyLmV4YW1wbGUvIn0.c2lnbmF0dXJl";

fn redacted_token() -> String {
    let token = Secret::new(TOKEN);
    format!("<redacted:{}:{}>", token.len(), token.fingerprint())
}

/// A transcript with the redacted token, CR LF line ends, an OSC escape, NUL, U+FFFE and a tab.
fn transcript() -> String {
    format!(
        concat!(
            "> GET /mcp HTTP/1.1\r\n",
            "> Authorization: Bearer {}\r\n",
            "> X-Evil: \u{1b}]0;pwned\u{7}\u{0}ok\n",
            "< HTTP/1.1 200 OK\u{FFFE}\n",
            "< \t{{\"ok\":true}}",
        ),
        redacted_token()
    )
}

/// What the transcript must read as in `<system-out>`.
fn transcript_lines() -> String {
    format!(
        concat!(
            "> GET /mcp HTTP/1.1\n",
            "> Authorization: Bearer {}\n",
            "> X-Evil: ]0;pwnedok\n",
            "< HTTP/1.1 200 OK\n",
            "<  {{\"ok\":true}}",
        ),
        redacted_token()
    )
}

fn long_message() -> String {
    format!("{}<&>", "é".repeat(5000))
}

/// [`fixtures::mixed`] (every outcome) with hostile text in two messages, a title and a
/// transcript, a 10 kB message, and one timed scenario.
fn run() -> RunReport {
    let mut run = fixtures::mixed();
    for scenario in &mut run.scenarios {
        match scenario.id.as_str() {
            "rs/token-audience" => {
                scenario.title = "Rejects tokens for <another> resource\u{1b}[2J\r\n".to_owned();
                for check in scenario.checks.iter_mut().filter(|c| c.check == "audience-rejected") {
                    check.message = HOSTILE.to_owned();
                    check.spec_reference = Some(SPEC.to_owned());
                    check.transcript = Some(transcript());
                }
            }
            "rs/expired-token" => {
                scenario.duration = Some(Duration::from_millis(1_234_500));
                for check in &mut scenario.checks {
                    match check.check.as_str() {
                        "expired-rejected" => {
                            check.message = concat!(
                                "connection refused by 127.0.0.1:9 \u{2014} Verbindung abgelehnt \u{2717}",
                                "\u{0}\u{FFFF}\u{85}",
                            )
                            .to_owned();
                        }
                        "exp-required" => check.message = long_message(),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    run
}

/// The value of `variable`, or `None` when the test must skip: allowed on a developer's
/// machine, a failure under CI.
#[allow(clippy::print_stderr)]
fn installed(variable: &str) -> Option<String> {
    match std::env::var(variable) {
        Ok(v) if !v.is_empty() => Some(v),
        _ if std::env::var_os("CI").is_some() => {
            panic!("CI must set {variable} (scripts/test-all does)")
        }
        _ => {
            eprintln!("skipped: {variable} is not set (run scripts/test-all)");
            None
        }
    }
}

/// Writes `run()` as JUnit to a file, runs `check_junit.py` on it (bounded to 90 s) and
/// returns the JSON it printed.
fn checked() -> Option<Value> {
    let python = installed("MCP_AUTH_HARNESS_PYTHON")?;
    let sdist = installed("MCP_AUTH_HARNESS_PYTEST_SDIST")?;
    let dir = tempfile::tempdir().unwrap();
    let xml = dir.path().join("junit.xml");
    fs::write(&xml, junit::to_string(&run()).unwrap()).unwrap();
    let script: PathBuf =
        [env!("CARGO_MANIFEST_DIR"), "..", "interop", "python", "check_junit.py"].iter().collect();
    // Output goes to files, not pipes, so a large report cannot block the child while we wait.
    let (out, err) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let mut child = Command::new(&python)
        .arg(&script)
        .arg(&sdist)
        .arg(&xml)
        .stdin(Stdio::null())
        .stdout(File::create(&out).unwrap())
        .stderr(File::create(&err).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    let deadline = Instant::now() + Duration::from_secs(90);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("check_junit.py hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |path: &Path| fs::read_to_string(path).unwrap();
    assert!(status.success(), "check_junit.py: {status}\n{}", read(&err));
    let stdout = read(&out);
    let line = stdout.lines().last().unwrap_or_default();
    Some(serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", read(&err))))
}

fn suite<'a>(checked: &'a Value, name: &str) -> &'a Value {
    checked["suites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no suite {name} in {checked}"))
}

fn case<'a>(checked: &'a Value, suite_name: &str, name: &str) -> &'a Value {
    suite(checked, suite_name)["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no case {name} in {suite_name}"))
}

#[test]
fn junit_10_xsd_as_shipped_rejects_only_the_testcase_properties() {
    let Some(checked) = checked() else { return };
    assert_eq!(checked["schema"]["sdist"], "pytest-9.2.0.tar.gz", "{}", checked["schema"]);
    assert_eq!(checked["schema"]["member"], "pytest-9.2.0/testing/example_scripts/junit-10.xsd");
    assert_eq!(checked["schema"]["sha256"], JUNIT_10_XSD_SHA256);

    // Our one extension: every testcase has <properties> (requirement, level), and the
    // strict schema says exactly that, once per testcase, and nothing else.
    let errors = checked["errors"].as_array().unwrap();
    let paths: Vec<&str> = errors.iter().map(|e| e["path"].as_str().unwrap()).collect();
    let suite = |s: usize| format!("/testsuites/testsuite[{s}]");
    let expected = [
        format!("{}/testcase[1]", suite(1)),
        format!("{}/testcase[2]", suite(1)),
        format!("{}/testcase", suite(2)), // an only child has no index
        format!("{}/testcase[1]", suite(3)),
        format!("{}/testcase[2]", suite(3)),
        format!("{}/testcase[1]", suite(4)),
        format!("{}/testcase[2]", suite(4)),
    ];
    assert_eq!(paths, expected, "{errors:?}");
    for error in errors {
        let reason = error["reason"].as_str().unwrap();
        assert!(reason.starts_with("Unexpected child with tag 'properties'"), "{reason}");
    }

    // Without them the document is valid, so the extension hides no other error (xmlschema
    // stops checking a testcase's children at the first unexpected one).
    assert_eq!(checked["errors_without_testcase_properties"], json!([]));
}

#[test]
fn junitparser_reads_back_counts_names_and_outcomes() {
    let Some(checked) = checked() else { return };
    assert_eq!(checked["consumer"]["name"], "junitparser");
    assert_eq!(
        checked["testsuites"],
        json!({"name": "mcp-auth-harness", "tests": 7, "failures": 2, "errors": 1})
    );

    // (suite, [tests, failures, errors, skipped], [(case, outcome)]), in the written order.
    let expected = [
        (
            "rs/expired-token",
            [2, 1, 1, 0],
            vec![("exp-required", "failure"), ("expired-rejected", "error")],
        ),
        ("rs/local-bind", [1, 0, 0, 1], vec![("loopback-only", "skipped")]),
        (
            "rs/prm-document",
            [2, 0, 0, 1],
            vec![("prm-resource-matches", "pass"), ("prm-scopes", "skipped")],
        ),
        (
            "rs/token-audience",
            [2, 1, 0, 0],
            vec![("audience-rejected", "failure"), ("valid-token-accepted", "pass")],
        ),
    ];
    let suites = checked["suites"].as_array().unwrap();
    let names: Vec<&Value> = suites.iter().map(|s| &s["name"]).collect();
    assert_eq!(names, expected.iter().map(|(n, ..)| n).collect::<Vec<_>>());
    for (name, [tests, failures, errors, skipped], cases) in expected {
        let suite = suite(&checked, name);
        let counts =
            json!({"tests": tests, "failures": failures, "errors": errors, "skipped": skipped});
        let written = json!({
            "tests": suite["tests"], "failures": suite["failures"],
            "errors": suite["errors"], "skipped": suite["skipped"],
        });
        assert_eq!(written, counts, "{name}: counts as written");
        assert_eq!(suite["counted"], counts, "{name}: counts from its testcases");
        assert_eq!(suite["timestamp"], Value::Null);
        assert_eq!(suite["hostname"], Value::Null);
        let read: Vec<(String, String, String)> = suite["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let outcome = match c["results"].as_array().unwrap().as_slice() {
                    [] => "pass".to_owned(),
                    [one] => one["kind"].as_str().unwrap().to_owned(),
                    more => panic!("{} results: {more:?}", more.len()),
                };
                assert_eq!(c["passed"], outcome == "pass");
                (
                    c["name"].as_str().unwrap().to_owned(),
                    c["classname"].as_str().unwrap().to_owned(),
                    outcome,
                )
            })
            .collect();
        let want: Vec<(String, String, String)> = cases
            .iter()
            .map(|(case, outcome)| ((*case).to_owned(), name.to_owned(), (*outcome).to_owned()))
            .collect();
        assert_eq!(read, want, "{name}");
    }
    assert_eq!(suite(&checked, "rs/expired-token")["time"], 1234.5);
}

#[test]
fn junitparser_reads_back_messages_types_properties_and_transcripts() {
    let Some(checked) = checked() else { return };

    let audience = case(&checked, "rs/token-audience", "audience-rejected");
    assert_eq!(
        audience["results"],
        json!([{
            "kind": "failure",
            "type": "conformance failure",
            "message": format!("RS-TOKEN-AUDIENCE (MUST): {HOSTILE_ONE_LINE} [spec: {SPEC}]"),
            "text": format!("{HOSTILE_LINES}\nrequirement: RS-TOKEN-AUDIENCE (MUST)\nspec: {SPEC}"),
        }])
    );
    // The transcript arrives stripped of controls, the runner's redaction intact, nothing added.
    assert_eq!(audience["system_out"], transcript_lines());
    assert_eq!(audience["system_err"], Value::Null);
    assert!(!checked.to_string().contains(&TOKEN[..12]));
    assert_eq!(
        audience["properties"],
        json!([["requirement", "RS-TOKEN-AUDIENCE"], ["level", "MUST"]])
    );

    let long = case(&checked, "rs/expired-token", "exp-required");
    assert_eq!(
        long["results"],
        json!([{
            "kind": "failure",
            "type": "conformance failure",
            "message": format!("RS-TOKEN-EXP-REQUIRED (MUST): {}", long_message()),
            "text": format!("{}\nrequirement: RS-TOKEN-EXP-REQUIRED (MUST)", long_message()),
        }])
    );

    let error = case(&checked, "rs/expired-token", "expired-rejected");
    let refused = "connection refused by 127.0.0.1:9 — Verbindung abgelehnt ✗";
    assert_eq!(
        error["results"],
        json!([{
            "kind": "error",
            "type": "harness error",
            "message": format!("RS-TOKEN-EXPIRED (MUST): {refused}"),
            "text": format!("{refused}\nrequirement: RS-TOKEN-EXPIRED (MUST)"),
        }])
    );

    let skipped = case(&checked, "rs/prm-document", "prm-scopes");
    assert_eq!(
        skipped["results"],
        json!([{
            "kind": "skipped",
            "type": "not applicable",
            "message": "RS-PRM-SCOPES (SHOULD): target advertises no scopes",
            "text": "target advertises no scopes\nrequirement: RS-PRM-SCOPES (SHOULD)",
        }])
    );

    let passed = case(&checked, "rs/prm-document", "prm-resource-matches");
    assert_eq!(passed["system_out"], Value::Null);
    assert_eq!(
        passed["properties"],
        json!([
            ["requirement", "RS-PRM-RESOURCE"],
            ["level", "MUST"],
            ["official_name", "prm-resource"]
        ])
    );
    assert_eq!(
        suite(&checked, "rs/prm-document")["properties"],
        json!([
            ["title", "PRM document is served"],
            ["role", "server"],
            ["spec_version", "2025-11-25"],
            ["official_name", "auth/prm"],
        ])
    );
    assert_eq!(
        suite(&checked, "rs/token-audience")["properties"][0],
        json!(["title", "Rejects tokens for <another> resource[2J  "])
    );
}
