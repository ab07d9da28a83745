//! The `mcp-auth-harness` binary as a user meets it: arguments, output and exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::thread;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn harness() -> Command {
    Command::cargo_bin("mcp-auth-harness").unwrap()
}

fn sample(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples").join(name).display().to_string()
}

/// Serves one canned HTTP response per connection on a loopback port, for `count`
/// connections, and returns the base URL.
fn serve(response: Vec<u8>, count: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    thread::spawn(move || {
        for stream in listener.incoming().take(count) {
            let mut stream = stream.unwrap();
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(&response);
        }
    });
    format!("http://{addr}")
}

fn http_response(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

#[test]
fn www_authenticate_json_has_the_documented_shape() {
    let out = harness()
        .args([
            "inspect",
            "www-authenticate",
            "--json",
            r#"Bearer resource_metadata="https://m.test/prm", scope="files:read""#,
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["challenges"][0]["scheme"], "Bearer");
    assert_eq!(json["challenges"][0]["params"]["resource_metadata"], "https://m.test/prm");
    assert_eq!(json["challenges"][0]["token68"], Value::Null);
    assert!(json["findings"].as_array().unwrap().iter().all(|f| f["level"] != "MUST"));
}

#[test]
fn an_unquoted_url_is_a_must_finding_and_exit_1() {
    harness()
        .args(["inspect", "www-authenticate", "Bearer resource_metadata=https://m.test/prm"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("RS-WWWAUTH-SYNTAX"))
        .stdout(predicate::str::contains("lenient reading"));
}

#[test]
fn several_values_are_several_fields() {
    let out = harness()
        .args([
            "inspect",
            "www-authenticate",
            "--json",
            r#"Basic realm="x""#,
            r#"Bearer resource_metadata="https://m.test/prm""#,
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["challenges"].as_array().unwrap().len(), 2);
}

#[test]
fn prm_files_are_judged_against_the_given_resource() {
    harness()
        .args([
            "inspect",
            "prm",
            &sample("prm-conformant.json"),
            "--resource",
            "https://mcp.example.test/mcp",
        ])
        .assert()
        .code(0);
    harness()
        .args([
            "inspect",
            "prm",
            &sample("prm-conformant.json"),
            "--resource",
            "https://mcp.example.test/other",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("RS-PRM-RESOURCE"));
}

#[test]
fn unreadable_input_is_exit_2_not_a_finding() {
    harness()
        .args(["inspect", "prm", "/nonexistent/prm.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read /nonexistent/prm.json"));
    harness().args(["inspect", "prm"]).assert().code(2);
    harness().args(["inspect", "well-known", "--issuer", "https://as.test#f"]).assert().code(2);
}

#[test]
fn well_known_prints_the_2025_11_25_order_for_a_path_issuer() {
    harness()
        .args(["inspect", "well-known", "--issuer", "https://auth.example.com/tenant1"])
        .assert()
        .code(0)
        .stdout(
            "https://auth.example.com/.well-known/oauth-authorization-server/tenant1\n\
             https://auth.example.com/.well-known/openid-configuration/tenant1\n\
             https://auth.example.com/tenant1/.well-known/openid-configuration\n",
        );
    let out = harness()
        .args(["inspect", "well-known", "--json", "--resource", "https://example.com/public/mcp"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let urls: Vec<String> = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        urls,
        [
            "https://example.com/.well-known/oauth-protected-resource/public/mcp",
            "https://example.com/.well-known/oauth-protected-resource"
        ]
    );
}

#[test]
fn well_known_for_2025_06_18_is_rfc8414_only_and_header_only_for_prm() {
    harness()
        .args([
            "inspect",
            "well-known",
            "--spec-version",
            "2025-06-18",
            "--issuer",
            "https://a.test/t",
        ])
        .assert()
        .code(0)
        .stdout("https://a.test/.well-known/oauth-authorization-server/t\n");
    harness()
        .args([
            "inspect",
            "well-known",
            "--spec-version",
            "2025-06-18",
            "--resource",
            "https://a.test/mcp",
        ])
        .assert()
        .code(0)
        .stdout("")
        .stderr(predicate::str::contains("--header-url"));
}

#[test]
fn fetched_prm_derives_the_resource_and_checks_the_envelope() {
    let body =
        br#"{"resource":"http://127.0.0.1/mcp","authorization_servers":["https://as.test"]}"#;
    let base = serve(http_response("200 OK", "text/html", body), 1);
    harness()
        .args(["inspect", "prm", &format!("{base}/.well-known/oauth-protected-resource/mcp")])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("expected resource derived from the well-known URL"))
        .stdout(predicate::str::contains("RS-PRM-HTTP"))
        .stdout(predicate::str::contains("Content-Type"));
}

#[test]
fn a_redirect_is_reported_not_followed() {
    let base = serve(
        b"HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
        1,
    );
    harness()
        .args(["inspect", "as-metadata", &format!("{base}/.well-known/oauth-authorization-server")])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("AS-META-PUBLISHED"))
        .stdout(predicate::str::contains("redirect"));
}

#[test]
fn an_oversized_body_stops_the_read() {
    let body = vec![b' '; 300 * 1024];
    let base = serve(http_response("200 OK", "application/json", &body), 1);
    harness()
        .args(["inspect", "prm", &format!("{base}/prm")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("more than 262144 bytes"));
}

#[test]
fn token_responses_from_files_and_stdin() {
    harness()
        .args(["inspect", "token-response", &sample("token-conformant.json")])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Cache-Control assumed"));
    harness()
        .args(["inspect", "token-response", "-", "--cache-control", "max-age=60"])
        .write_stdin(std::fs::read(sample("token-conformant.json")).unwrap())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("AS-TOKEN-RESPONSE"));
}

#[test]
fn token_values_never_reach_the_output() {
    let out = harness()
        .args(["inspect", "token-response", "--json", &sample("token-broken-no-token-type.json")])
        .assert()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains("2YotnFZFEjr1zCsicMWpAA"), "{text}");
}

#[test]
fn dcr_responses_are_judged() {
    harness().args(["inspect", "dcr-response", &sample("dcr-conformant.json")]).assert().code(0);
    harness()
        .args(["inspect", "dcr-response", &sample("dcr-broken-secret-without-expiry.json")])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("client_secret_expires_at"));
}

/// Starts `mocks serve --stop-after SECONDS`, reads its banner up to the `journal` line, and
/// returns the child, the MCP URL it printed, and the rest of its output lines.
fn spawn_serve(
    stop_after: &str,
) -> (std::process::Child, String, std::io::Lines<std::io::BufReader<std::process::ChildStdout>>) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mcp-auth-harness"))
        .args(["mocks", "serve", "--stop-after", stop_after])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let mut mcp_url = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(url) = line.split("point your client here): ").nth(1) {
            mcp_url = Some(url.to_owned());
        }
        if line.starts_with("journal") {
            break;
        }
    }
    (child, mcp_url.expect("serve printed no MCP URL"), lines)
}

#[test]
fn mocks_serve_prints_its_urls_and_journals_requests_redacted() {
    let (mut child, mcp_url, lines) = spawn_serve("3");
    let addr = mcp_url.trim_start_matches("http://").split('/').next().unwrap().to_owned();
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "GET /mcp?access_token=very-secret-token-value HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let rest: Vec<String> = lines.map(|l| l.unwrap()).collect();
    assert!(child.wait().unwrap().success());
    let journal = rest.join("\n");
    assert!(journal.contains("GET /mcp?access_token=<redacted:"), "{journal}");
    assert!(!journal.contains("very-secret-token-value"), "{journal}");
    assert!(journal.contains("stopped after 1 request"), "{journal}");
}

#[test]
fn mocks_config_errors_point_at_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mocks.yaml");
    std::fs::write(&path, "authorization_server:\n  pkce_methods: [S256]\n  pkce: []\n").unwrap();
    harness()
        .args(["mocks", "serve", "--stop-after", "1", "--config"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field `pkce`"))
        .stderr(predicate::str::contains("line 3"));
}

#[test]
fn mocks_serve_stops_cleanly_on_ctrl_c() {
    let (mut child, _, lines) = spawn_serve("60");
    let started = std::time::Instant::now();
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let rest: Vec<String> = lines.map(|l| l.unwrap()).collect();
    assert!(child.wait().unwrap().success(), "Ctrl-C must be a clean stop (exit 0)");
    assert!(started.elapsed() < std::time::Duration::from_secs(30), "it waited for --stop-after");
    assert_eq!(rest.last().map(String::as_str), Some("stopped after 0 requests"));
}
