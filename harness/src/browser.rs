//! The stand-in browser of `client --browser`: for clients that open the authorization URL
//! in a browser and wait on a loopback callback.
//!
//! [`install`] writes a folder with `xdg-open` (and the other names Linux tools try) that
//! runs this binary's hidden `browse` command; the client gets the folder first on its
//! `PATH` and `BROWSER` pointing at it; like a real launcher it returns at once and the
//! page loads in the background. `browse URL` plays the user agent: it fetches the URL,
//! follows redirects (at most [`MAX_HOPS`], with the cookies the servers set) until a page
//! that is not a redirect — normally the client's own callback — and writes each hop to the
//! log file `MCP_AUTH_HARNESS_BROWSER_LOG` names, with query values cut out (they hold
//! codes). It opens only `http` and `https` URLs: any other scheme (`javascript:`, `file:`)
//! is refused and logged, because a real browser would run it.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::runner::http::{self, Outgoing};

/// Most redirects followed.
pub const MAX_HOPS: usize = 10;
/// The environment variable naming the log file.
pub const LOG_VAR: &str = "MCP_AUTH_HARNESS_BROWSER_LOG";
/// Names a client may use to open a URL.
const LAUNCHERS: [&str; 4] = ["xdg-open", "x-www-browser", "www-browser", "sensible-browser"];

/// The installed folder; removed when dropped.
#[derive(Debug)]
pub struct BrowserDir {
    path: PathBuf,
}

impl BrowserDir {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for BrowserDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Writes the launcher scripts into a fresh private folder; they run the `browse` command
/// of `exe`, which must be the `mcp-auth-harness` executable (the CLI passes its own; a
/// test or benchmark passes the built binary, never its own executable, which has no such
/// command).
pub fn install(exe: &Path) -> std::io::Result<BrowserDir> {
    use std::os::unix::fs::PermissionsExt as _;
    let unique: u64 = rand::random();
    let path = std::env::temp_dir().join(format!("mcp-auth-harness-browser-{unique:016x}"));
    std::fs::create_dir(&path)?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o700))?;
    let dir = BrowserDir { path };
    let quoted = exe.to_string_lossy().replace('\'', r"'\''");
    for name in LAUNCHERS {
        let script = dir.path.join(name);
        // Like a real launcher it returns at once and the page loads in the background:
        // clients wait on their callback listener while the "browser" works (Python's
        // webbrowser even waits for the launcher to exit before it goes on).
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\n'{quoted}' browse -- \"$@\" </dev/null >/dev/null 2>&1 &\nexit 0\n"
            ),
        )?;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(dir)
}

/// A URL for a log line: scheme, authority and path, with query values replaced by their
/// names (codes, states and tokens never reach the log).
pub fn loggable(url: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let base = base.split('#').next().unwrap_or_default();
    if query.is_empty() {
        return base.to_owned();
    }
    let names: Vec<String> =
        form_urlencoded::parse(query.as_bytes()).map(|(k, _)| format!("{k}=…")).collect();
    format!("{base}?{}", names.join("&"))
}

/// Why browsing ended without reaching a page.
#[derive(Debug, thiserror::Error)]
pub enum BrowseError {
    #[error("refused to open {0:?}: a browser would run it, and only http(s) is opened")]
    Scheme(String),
    #[error("more than {MAX_HOPS} redirects")]
    TooManyRedirects,
    #[error("{0}")]
    Transport(#[from] http::TransportError),
    #[error("a redirect without a usable Location")]
    BadLocation,
}

/// Follows `url` like a browser; returns the hops as log lines.
pub async fn browse(url: &str, log: &mut Vec<String>) -> Result<u16, BrowseError> {
    let client = http::client()?;
    let mut cookies: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut current = url.to_owned();
    for _ in 0..=MAX_HOPS {
        let parsed =
            url::Url::parse(&current).map_err(|_| BrowseError::Scheme(loggable(&current)))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            let shown: String = current.chars().take(60).collect();
            log.push(format!("refused {shown:?}"));
            return Err(BrowseError::Scheme(shown));
        }
        let host = parsed.host_str().unwrap_or_default().to_owned();
        let mut headers = vec![("accept".to_owned(), "text/html".to_owned())];
        if let Some(jar) = cookies.get(&host).filter(|j| !j.is_empty()) {
            let line: Vec<String> = jar.iter().map(|(k, v)| format!("{k}={v}")).collect();
            headers.push(("cookie".to_owned(), line.join("; ")));
        }
        let outgoing = Outgoing {
            method: "GET".to_owned(),
            url: current.clone(),
            headers,
            body: None,
            timeout: Duration::from_secs(10),
        };
        let response = http::exchange(&client, &outgoing).await?;
        log.push(format!("GET {} -> {}", loggable(&current), response.status));
        for set in response.header_values("set-cookie") {
            if let Some((name, value)) = set.split(';').next().and_then(|p| p.split_once('=')) {
                cookies
                    .entry(host.clone())
                    .or_default()
                    .insert(name.trim().to_owned(), value.trim().to_owned());
            }
        }
        if !(300..400).contains(&response.status) {
            return Ok(response.status);
        }
        let location = response.header("location").ok_or(BrowseError::BadLocation)?;
        current = parsed.join(location).map_err(|_| BrowseError::BadLocation)?.to_string();
        if !current.starts_with("http://") && !current.starts_with("https://") {
            let shown: String = location.chars().take(60).collect();
            log.push(format!("refused redirect to {shown:?}"));
            return Err(BrowseError::Scheme(shown));
        }
    }
    Err(BrowseError::TooManyRedirects)
}

/// The `browse` command: exit 0 when a page below 400 was reached, 1 otherwise.
pub fn run_browse(urls: &[String]) -> u8 {
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
        return 1;
    };
    let mut code = 0;
    for url in urls {
        let mut log = Vec::new();
        let result = runtime.block_on(browse(url, &mut log));
        match &result {
            Ok(status) if *status < 400 => {}
            Ok(status) => {
                log.push(format!("ended at HTTP {status}"));
                code = 1;
            }
            Err(e) => {
                log.push(format!("error: {e}"));
                code = 1;
            }
        }
        let log_file = std::env::var_os(LOG_VAR).and_then(|path| {
            std::fs::OpenOptions::new().create(true).append(true).open(PathBuf::from(path)).ok()
        });
        if let Some(mut file) = log_file {
            for line in &log {
                let _ = writeln!(file, "{line}");
            }
        }
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logged_urls_keep_parameter_names_only() {
        assert_eq!(
            loggable("http://127.0.0.1:5/cb?code=secret&state=s2#frag"),
            "http://127.0.0.1:5/cb?code=…&state=…"
        );
        assert_eq!(loggable("http://a/b"), "http://a/b");
    }

    #[tokio::test]
    async fn other_schemes_are_refused_before_any_request() {
        let mut log = Vec::new();
        let e = browse("javascript:alert(document.cookie)", &mut log).await.unwrap_err();
        assert!(matches!(e, BrowseError::Scheme(_)), "{e}");
        assert!(log.iter().any(|l| l.starts_with("refused")), "{log:?}");
        let e = browse("file:///etc/passwd", &mut Vec::new()).await.unwrap_err();
        assert!(matches!(e, BrowseError::Scheme(_)), "{e}");
    }

    #[test]
    fn install_writes_executable_launchers_and_cleans_up() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = install(Path::new("/nonexistent/mcp-auth-harness")).unwrap();
        let path = dir.path().to_path_buf();
        for name in LAUNCHERS {
            let meta = std::fs::metadata(path.join(name)).unwrap();
            assert_eq!(meta.permissions().mode() & 0o777, 0o700, "{name}");
            let text = std::fs::read_to_string(path.join(name)).unwrap();
            assert!(text.contains(" browse -- \"$@\" </dev/null >/dev/null 2>&1 &"), "{text}");
        }
        drop(dir);
        assert!(!path.exists());
    }
}
