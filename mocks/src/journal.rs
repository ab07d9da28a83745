//! The request journal: every request to every mock, in order.
//!
//! Client-mode verdicts are read from here ("was the token ever sent to the canary?", "did
//! the token request carry `resource`?"), so entries keep what was received exactly,
//! including credentials. Printing an entry (`Display`) redacts credentials: `Authorization`
//! values and the secret-bearing form and query parameters are shown as a length and a
//! fingerprint.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use mcp_auth_proto::Secret;

/// Which listener received a request.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Listener {
    /// An authorization server, by name.
    AuthorizationServer(String),
    /// The MCP server.
    ResourceServer,
    /// A canary: a listener that must never be contacted.
    Canary(String),
}

impl fmt::Display for Listener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Listener::AuthorizationServer(name) => write!(f, "as:{name}"),
            Listener::ResourceServer => f.write_str("mcp"),
            Listener::Canary(name) => write!(f, "canary:{name}"),
        }
    }
}

/// One request and the status it got.
#[derive(Clone)]
pub struct Entry {
    /// Position in the journal, from 0.
    pub seq: usize,
    /// Time since the journal was created.
    pub at: Duration,
    pub listener: Listener,
    pub method: String,
    /// Path and query exactly as received.
    pub target: String,
    /// Header names lowercased, values lossily decoded, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The status the mock answered with (0 when the connection ended first).
    pub status: u16,
}

impl Entry {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The path, without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// The decoded query parameters, in order.
    pub fn query_params(&self) -> Vec<(String, String)> {
        match self.target.split_once('?') {
            Some((_, q)) => form_urlencoded::parse(q.as_bytes()).into_owned().collect(),
            None => Vec::new(),
        }
    }

    /// The decoded `application/x-www-form-urlencoded` body parameters, in order.
    pub fn form_params(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(&self.body).into_owned().collect()
    }

    /// The body as JSON, if it is.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// Whether `needle` appears anywhere in the request: target, any header, or body.
    pub fn contains(&self, needle: &str) -> bool {
        !needle.is_empty()
            && (self.target.contains(needle)
                || self.headers.iter().any(|(_, v)| v.contains(needle))
                || String::from_utf8_lossy(&self.body).contains(needle))
    }
}

/// Form and query parameters whose values are credentials.
const SECRET_PARAMS: &[&str] = &[
    "code",
    "code_verifier",
    "refresh_token",
    "access_token",
    "client_secret",
    "client_assertion",
    "token",
    "id_token",
];

fn redact_pairs(pairs: Vec<(String, String)>) -> String {
    let encode = |text: &str| form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
    let rendered: Vec<String> = pairs
        .iter()
        .map(|(k, v)| {
            // The marker is left unencoded so a person can read it.
            let value = if SECRET_PARAMS.contains(&k.as_str()) { redacted(v) } else { encode(v) };
            format!("{}={value}", encode(k))
        })
        .collect();
    rendered.join("&")
}

fn redacted(value: &str) -> String {
    let s = Secret::new(value);
    format!("<redacted:{}:{}>", s.len(), s.fingerprint())
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let target = match self.target.split_once('?') {
            Some((path, _)) => format!("{path}?{}", redact_pairs(self.query_params())),
            None => self.target.clone(),
        };
        write!(
            f,
            "#{:<3} {:>7.3}s {:<12} {} {} -> {}",
            self.seq,
            self.at.as_secs_f64(),
            self.listener.to_string(),
            self.method,
            target,
            self.status
        )?;
        if let Some(auth) = self.header("authorization") {
            let (scheme, rest) = auth.split_once(' ').unwrap_or((auth, ""));
            write!(f, " [authorization: {scheme} {}]", redacted(rest))?;
        }
        let content_type = self.header("content-type").unwrap_or_default();
        if content_type.starts_with("application/x-www-form-urlencoded") && !self.body.is_empty() {
            write!(f, " [form: {}]", redact_pairs(self.form_params()))?;
        } else if !self.body.is_empty() {
            write!(f, " [body: {} bytes]", self.body.len())?;
        }
        Ok(())
    }
}

impl fmt::Debug for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Entry({self})")
    }
}

/// A kind of credential the mock authorization servers hand out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CredentialKind {
    AuthorizationCode,
    AccessToken,
    RefreshToken,
    ClientSecret,
}

/// A credential some mock issued, and which server issued it.
#[derive(Clone)]
pub struct Issued {
    pub kind: CredentialKind,
    /// The authorization server that issued it, by name.
    pub issuer: String,
    pub value: String,
}

impl fmt::Debug for Issued {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Issued({:?} by {}: {})", self.kind, self.issuer, redacted(&self.value))
    }
}

/// The shared, append-only journal. Cloning shares it.
///
/// Besides requests it keeps every credential the authorization servers issued, so a
/// client-mode check can ask where a credential travelled afterwards (a token at another
/// host, a code in a log-visible URL).
#[derive(Clone)]
pub struct Journal {
    inner: Arc<Mutex<Vec<Entry>>>,
    issued: Arc<Mutex<Vec<Issued>>>,
    started: Instant,
}

impl fmt::Debug for Journal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Journal({} entries)", self.len())
    }
}

impl Default for Journal {
    fn default() -> Self {
        Self::new()
    }
}

impl Journal {
    pub fn new() -> Self {
        Self {
            inner: Arc::new(Mutex::new(Vec::new())),
            issued: Arc::new(Mutex::new(Vec::new())),
            started: Instant::now(),
        }
    }

    /// Records a credential an authorization server issued.
    pub fn note_issued(&self, kind: CredentialKind, issuer: &str, value: &str) {
        if value.is_empty() {
            return;
        }
        let mut issued = self.issued.lock().unwrap_or_else(PoisonError::into_inner);
        issued.push(Issued { kind, issuer: issuer.to_owned(), value: value.to_owned() });
    }

    /// Every credential issued so far, in order.
    pub fn issued(&self) -> Vec<Issued> {
        self.issued.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Appends a request; returns its sequence number.
    pub fn record(
        &self,
        listener: Listener,
        method: &str,
        target: &str,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        status: u16,
    ) -> usize {
        let mut entries = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let seq = entries.len();
        entries.push(Entry {
            seq,
            at: self.started.elapsed(),
            listener,
            method: method.to_owned(),
            target: target.to_owned(),
            headers,
            body,
            status,
        });
        seq
    }

    /// A copy of every entry so far.
    pub fn entries(&self) -> Vec<Entry> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Entries for which `predicate` holds.
    pub fn filter(&self, predicate: impl Fn(&Entry) -> bool) -> Vec<Entry> {
        self.entries().into_iter().filter(|e| predicate(e)).collect()
    }

    /// Entries received by `listener`.
    pub fn to(&self, listener: &Listener) -> Vec<Entry> {
        self.filter(|e| &e.listener == listener)
    }

    pub fn len(&self) -> usize {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The whole journal, one redacted line per entry.
    pub fn render(&self) -> String {
        self.entries().iter().map(|e| format!("{e}\n")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn journal_with_token_request() -> Journal {
        let j = Journal::new();
        j.record(
            Listener::AuthorizationServer("main".into()),
            "POST",
            "/token",
            vec![
                ("content-type".into(), "application/x-www-form-urlencoded".into()),
                ("authorization".into(), "Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW".into()),
            ],
            b"grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA&code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk&resource=https%3A%2F%2Fmcp.test%2Fmcp".to_vec(),
            200,
        );
        j.record(
            Listener::ResourceServer,
            "GET",
            "/mcp?access_token=leaked-token-value",
            vec![],
            vec![],
            401,
        );
        j
    }

    #[test]
    fn entries_keep_what_was_received() {
        let j = journal_with_token_request();
        let e = &j.entries()[0];
        assert_eq!(e.form_params()[1], ("code".to_owned(), "SplxlOBeZQQYbYS6WxSbIA".to_owned()));
        assert!(e.contains("dBjftJeZ4CVP"));
        assert_eq!(j.to(&Listener::ResourceServer).len(), 1);
        assert_eq!(j.entries()[1].path(), "/mcp");
    }

    #[test]
    fn rendering_redacts_credentials() {
        let text = journal_with_token_request().render();
        for secret in [
            "SplxlOBeZQQYbYS6WxSbIA",
            "dBjftJeZ4CVP",
            "czZCaGRSa3F0MzpnWDFmQmF0M2JW",
            "leaked-token-value",
        ] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(text.contains("resource=https%3A%2F%2Fmcp.test%2Fmcp"), "{text}");
        assert!(text.contains("authorization: Basic <redacted:"), "{text}");
    }
}
