//! The way through an authorization server's login and consent pages in `authz` mode: a
//! user-supplied command (`--consent-command`).
//!
//! The contract, shared with whoever writes such a command: it is run by `sh -c` with the
//! authorization URL appended as its last argument; it logs in and consents however that
//! server needs (a headless browser, form posts), and prints the callback URL the server
//! finally redirected to as the last non-empty line of its standard output. It has
//! [`AuthzTarget::consent_timeout`](super::context::AuthzTarget) to do so, and is killed
//! after that. Its standard error is never shown: it may hold passwords or codes.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::AsyncReadExt as _;
use tokio::process::Command;

/// Most bytes of the command's output read (the callback URL is its last line).
const MAX_OUTPUT_BYTES: u64 = 256 * 1024;

/// Why the consent command produced no callback URL.
#[derive(Debug, thiserror::Error)]
pub enum ConsentError {
    #[error("the consent command could not be started: {0}")]
    Spawn(std::io::Error),
    #[error("the consent command did not finish within {0:?}")]
    Timeout(Duration),
    #[error("the consent command failed: {0}")]
    Wait(std::io::Error),
    #[error("the consent command exited with status {code:?}")]
    Status { code: Option<i32> },
    #[error(
        "the consent command printed no callback URL (the last line of its output must be one)"
    )]
    NoUrl,
}

/// Runs `command` with `authorization_url` as its last argument and returns the callback
/// URL it printed.
pub async fn run(
    command: &str,
    authorization_url: &str,
    timeout: Duration,
) -> Result<String, ConsentError> {
    // `"$1"` passes the URL as one argument whatever it contains; `$0` is the name.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("{command} \"$1\""))
        .arg("mcp-auth-harness-consent")
        .arg(authorization_url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(ConsentError::Spawn)?;
    let mut stdout = child.stdout.take().ok_or(ConsentError::NoUrl)?.take(MAX_OUTPUT_BYTES);
    let work = async {
        let mut output = Vec::new();
        stdout.read_to_end(&mut output).await.map_err(ConsentError::Wait)?;
        let status = child.wait().await.map_err(ConsentError::Wait)?;
        Ok::<_, ConsentError>((status, output))
    };
    let (status, output) =
        tokio::time::timeout(timeout, work).await.map_err(|_| ConsentError::Timeout(timeout))??;
    if !status.success() {
        return Err(ConsentError::Status { code: status.code() });
    }
    last_url(&String::from_utf8_lossy(&output)).ok_or(ConsentError::NoUrl)
}

/// The last non-empty line, if it looks like an absolute http(s) URL.
fn last_url(output: &str) -> Option<String> {
    let line = output.lines().map(str::trim).rfind(|l| !l.is_empty())?;
    (line.starts_with("http://") || line.starts_with("https://")).then(|| line.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_line_is_the_callback() {
        assert_eq!(
            last_url("logging in\nhttp://127.0.0.1/cb?code=x\n\n").as_deref(),
            Some("http://127.0.0.1/cb?code=x")
        );
        assert_eq!(last_url("http://a/cb\ndone"), None);
        assert_eq!(last_url(""), None);
    }

    #[tokio::test]
    async fn the_url_arrives_as_one_argument_and_the_output_is_read() {
        let url = "http://127.0.0.1/authorize?a=1&b=$(false) 'x'";
        let command = "f() { printf 'noise\\n%s?code=abc\\n' http://cb; }; f";
        let got = run(command, url, Duration::from_secs(10)).await.unwrap();
        assert_eq!(got, "http://cb?code=abc");
        // The URL is passed verbatim: echoing it back returns it unchanged.
        let echoed = run("echo", "http://x/?q=$(id)&r='s'", Duration::from_secs(10)).await.unwrap();
        assert_eq!(echoed, "http://x/?q=$(id)&r='s'");
    }

    #[tokio::test]
    async fn failures_are_told_apart() {
        let t = Duration::from_secs(10);
        assert!(matches!(run("false", "http://x", t).await, Err(ConsentError::Status { .. })));
        assert!(matches!(run("true", "http://x", t).await, Err(ConsentError::NoUrl)));
        let slow = run("sleep 5; echo", "http://x", Duration::from_millis(200)).await;
        assert!(matches!(slow, Err(ConsentError::Timeout(_))));
    }
}
