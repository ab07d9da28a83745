//! Where `inspect` reads a document from: a file, standard input (`-`), or an `http(s)`
//! URL fetched within bounds.

use std::io::Read;
use std::path::PathBuf;

use mcp_auth_proto::limits::MAX_DOCUMENT_BYTES;

use crate::fetch::{self, FetchError, FetchLimits, Fetched};

/// A document and, when it came over HTTP, the response around it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub body: Vec<u8>,
    pub http: Option<Fetched>,
}

/// Why a document could not be read: a harness error (exit 2), not a finding.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("cannot read {path}: {source}")]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read standard input: {0}")]
    Stdin(#[source] std::io::Error),
    #[error("{what} is larger than {limit} bytes; refusing to read it")]
    TooLarge { what: String, limit: usize },
    #[error(transparent)]
    Fetch(#[from] FetchError),
}

/// Reads `source`: `-` for standard input, an `http://` or `https://` URL, else a path.
pub fn load(source: &str) -> Result<Loaded, SourceError> {
    if source == "-" {
        let mut body = Vec::new();
        std::io::stdin()
            .take(MAX_DOCUMENT_BYTES as u64 + 1)
            .read_to_end(&mut body)
            .map_err(SourceError::Stdin)?;
        return check_size(body, "standard input").map(|body| Loaded { body, http: None });
    }
    if source.starts_with("http://") || source.starts_with("https://") {
        let fetched = fetch::get(source, FetchLimits::default())?;
        return Ok(Loaded { body: fetched.body.clone(), http: Some(fetched) });
    }
    let path = PathBuf::from(source);
    let file = std::fs::File::open(&path)
        .map_err(|source| SourceError::File { path: path.clone(), source })?;
    let mut body = Vec::new();
    file.take(MAX_DOCUMENT_BYTES as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|source| SourceError::File { path: path.clone(), source })?;
    check_size(body, &path.display().to_string()).map(|body| Loaded { body, http: None })
}

fn check_size(body: Vec<u8>, what: &str) -> Result<Vec<u8>, SourceError> {
    if body.len() > MAX_DOCUMENT_BYTES {
        return Err(SourceError::TooLarge { what: what.to_owned(), limit: MAX_DOCUMENT_BYTES });
    }
    Ok(body)
}
