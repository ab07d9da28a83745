//! Bounded HTTP GET for documents a user points `inspect` at.
//!
//! The target is untrusted: the connection, the whole exchange and the body are bounded,
//! and redirects are never followed (a 3xx on a metadata URL is itself a finding, and
//! following it could lead anywhere). Only `http` and `https` URLs are fetched.

use std::time::Duration;

use mcp_auth_proto::limits::MAX_DOCUMENT_BYTES;

/// Bounds on one fetch.
#[derive(Debug, Clone, Copy)]
pub struct FetchLimits {
    pub connect_timeout: Duration,
    pub total_timeout: Duration,
    pub max_body_bytes: usize,
}

impl Default for FetchLimits {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            total_timeout: Duration::from_secs(15),
            max_body_bytes: MAX_DOCUMENT_BYTES,
        }
    }
}

/// What came back, as far as the bounds allowed.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub url: String,
    pub status: u16,
    pub content_type: Option<String>,
    pub location: Option<String>,
    pub cache_control: Option<String>,
    pub body: Vec<u8>,
}

/// Why nothing usable came back. These are harness errors, not findings about the target.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("only http and https URLs can be fetched, not {url:?}")]
    UnsupportedScheme { url: String },
    #[error("could not fetch {url}: {source}")]
    Transport {
        url: String,
        #[source]
        source: reqwest::Error,
    },
    #[error("{url} sent more than {limit} bytes; stopped reading")]
    TooLarge { url: String, limit: usize },
    #[error("could not start the HTTP client: {0}")]
    Client(String),
}

/// GETs `url` within `limits`, on a private single-threaded runtime.
pub fn get(url: &str, limits: FetchLimits) -> Result<Fetched, FetchError> {
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(FetchError::UnsupportedScheme { url: url.to_owned() });
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| FetchError::Client(e.to_string()))?;
    runtime.block_on(get_async(url, limits))
}

async fn get_async(url: &str, limits: FetchLimits) -> Result<Fetched, FetchError> {
    let transport = |source| FetchError::Transport { url: url.to_owned(), source };
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(limits.connect_timeout)
        .timeout(limits.total_timeout)
        .user_agent(concat!("mcp-auth-harness/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| FetchError::Client(e.to_string()))?;
    let mut response = client
        .get(url)
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(transport)?;
    let header = |name: reqwest::header::HeaderName| {
        response.headers().get(name).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    let status = response.status().as_u16();
    let content_type = header(reqwest::header::CONTENT_TYPE);
    let location = header(reqwest::header::LOCATION);
    let cache_control = header(reqwest::header::CACHE_CONTROL);
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if body.len() + chunk.len() > limits.max_body_bytes {
            return Err(FetchError::TooLarge { url: url.to_owned(), limit: limits.max_body_bytes });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Fetched { url: url.to_owned(), status, content_type, location, cache_control, body })
}
