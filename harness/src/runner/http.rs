//! One bounded HTTP exchange with an untrusted target.
//!
//! Redirects are never followed (a 3xx is itself what a check judges), system proxies are
//! ignored (a probe of a loopback target must reach it, not a proxy), and both the time and
//! the bytes read are bounded: a target that streams forever or never answers costs at most
//! the limits, and what was read so far is kept.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

/// Most bytes of a response body kept; the rest is not read.
pub const MAX_RESPONSE_BYTES: usize = 1024 * 1024;
/// Connect timeout for every request.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// What to send.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub method: String,
    pub url: String,
    /// In order; names may repeat.
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
    pub timeout: Duration,
}

/// What came back.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub status: u16,
    /// In order, values as received (non-UTF-8 bytes replaced).
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The body was longer than [`MAX_RESPONSE_BYTES`] and was cut.
    pub truncated: bool,
}

impl Incoming {
    /// Every value of a header field, case-insensitively by name.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.header_values(name).into_iter().next()
    }
}

/// Why no response could be judged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    #[error("no response within {0:?}")]
    Timeout(Duration),
    #[error("could not connect: {0}")]
    Connect(String),
    #[error("the request could not be built: {0}")]
    Request(String),
    #[error("the exchange failed: {0}")]
    Exchange(String),
}

impl TransportError {
    pub fn is_timeout(&self) -> bool {
        matches!(self, TransportError::Timeout(_))
    }
}

/// The client every probe uses: no redirects, no proxies, bounded connects.
pub fn client() -> Result<reqwest::Client, TransportError> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .connect_timeout(CONNECT_TIMEOUT)
        .user_agent(concat!("mcp-auth-harness/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| TransportError::Request(e.to_string()))
}

/// Sends `outgoing` and reads the response within its timeout and the size bound.
pub async fn exchange(
    client: &reqwest::Client,
    outgoing: &Outgoing,
) -> Result<Incoming, TransportError> {
    let method = reqwest::Method::from_bytes(outgoing.method.as_bytes())
        .map_err(|e| TransportError::Request(format!("method {:?}: {e}", outgoing.method)))?;
    let mut headers = HeaderMap::new();
    for (name, value) in &outgoing.headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|e| TransportError::Request(format!("header name {name:?}: {e}")))?;
        // from_bytes refuses CR, LF, NUL and other controls: those cannot be sent here.
        let value = HeaderValue::from_bytes(value.as_bytes())
            .map_err(|e| TransportError::Request(format!("value of {name}: {e}")))?;
        headers.append(name, value);
    }
    let mut request = client.request(method, &outgoing.url).headers(headers);
    if let Some(body) = &outgoing.body {
        request = request.body(body.clone());
    }
    let work = async {
        let mut response = request.send().await.map_err(classify)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (n.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned())
            })
            .collect();
        let mut body = Vec::new();
        let mut truncated = false;
        while let Some(chunk) = response.chunk().await.map_err(classify)? {
            let room = MAX_RESPONSE_BYTES - body.len();
            if chunk.len() > room {
                body.extend_from_slice(chunk.get(..room).unwrap_or_default());
                truncated = true;
                break;
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Incoming { status, headers, body, truncated })
    };
    match tokio::time::timeout(outgoing.timeout, work).await {
        Ok(result) => result,
        Err(_) => Err(TransportError::Timeout(outgoing.timeout)),
    }
}

fn classify(error: reqwest::Error) -> TransportError {
    // The source chain says what happened (refused, reset); the URL is already known.
    let is_connect = error.is_connect();
    let is_timeout = error.is_timeout();
    let error = error.without_url();
    let mut text = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    if is_connect {
        TransportError::Connect(text)
    } else if is_timeout {
        TransportError::Exchange(format!("timed out: {text}"))
    } else {
        TransportError::Exchange(text)
    }
}
