//! The HTTP edge: one reqwest client with bounded connect and total times, bodies read up
//! to a cap, and redirects never followed (the authorization response is read from the
//! `Location` of the 302, and a redirecting metadata URL must not lead anywhere).

use std::time::Duration;

use mcp_auth_proto::limits::MAX_DOCUMENT_BYTES;
use reqwest::header::HeaderMap;

use super::breaks::{Break, Breaks, FOLLOWED_REDIRECTS};
use super::error::Failure;

/// Connection set-up bound.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Whole-exchange bound (a slow-drip body ends here).
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(15);
/// Largest body read; metadata, tokens and MCP replies of this client fit easily.
pub const MAX_BODY_BYTES: usize = MAX_DOCUMENT_BYTES;

/// One response, body read within [`MAX_BODY_BYTES`].
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    /// A header's value when it is visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Every value of a header, as bytes.
    pub fn header_values(&self, name: &str) -> Vec<Vec<u8>> {
        self.headers.get_all(name).iter().map(|v| v.as_bytes().to_vec()).collect()
    }

    /// A short, printable excerpt of the body for messages.
    pub fn excerpt(&self) -> String {
        let text = String::from_utf8_lossy(&self.body);
        let cut: String = text.chars().take(200).filter(|c| !c.is_control()).collect();
        if text.chars().count() > 200 { format!("{cut}…") } else { cut }
    }
}

/// The bounded client.
#[derive(Debug, Clone)]
pub struct Http {
    client: reqwest::Client,
    /// The same, following redirects: only the `follow-metadata-redirects` variant uses it.
    following: reqwest::Client,
}

impl Http {
    pub fn new() -> Result<Http, Failure> {
        let build = |redirect: reqwest::redirect::Policy| {
            reqwest::Client::builder()
                .redirect(redirect)
                .connect_timeout(CONNECT_TIMEOUT)
                .timeout(TOTAL_TIMEOUT)
                .user_agent(concat!("mcp-auth-reference-client/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(Failure::Client)
        };
        Ok(Http {
            client: build(reqwest::redirect::Policy::none())?,
            following: build(reqwest::redirect::Policy::limited(FOLLOWED_REDIRECTS))?,
        })
    }

    /// A metadata GET: never following redirects, unless `breaks` has
    /// `follow-metadata-redirects`.
    pub fn get_metadata(&self, url: &str, breaks: &Breaks) -> reqwest::RequestBuilder {
        if breaks.has(Break::FollowMetadataRedirects) {
            self.following.get(url)
        } else {
            self.client.get(url)
        }
    }

    pub fn get(&self, url: &str) -> reqwest::RequestBuilder {
        self.client.get(url)
    }

    pub fn post(&self, url: &str) -> reqwest::RequestBuilder {
        self.client.post(url)
    }

    /// Sends `request` and reads the body up to [`MAX_BODY_BYTES`]. `url` is for messages
    /// only: callers pass it without credentials.
    pub async fn send(
        &self,
        method: &'static str,
        url: &str,
        request: reqwest::RequestBuilder,
    ) -> Result<Reply, Failure> {
        // The error's own copy of the URL is dropped: the request URL may carry a secret
        // (the `token-in-query` variant), and `url` is the caller's safe rendering.
        let transport = |source: reqwest::Error| Failure::Transport {
            method,
            url: url.to_owned(),
            source: source.without_url(),
        };
        let mut response = request.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(Failure::TooLarge { url: url.to_owned(), limit: MAX_BODY_BYTES });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Reply { status, headers, body })
    }
}
