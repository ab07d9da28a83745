//! The MCP canonical server URI (MCP 2025-06-18+ §Canonical Server URI, RFC 8707 §2;
//! catalogue C-RES-CANONICAL): what a client sends as `resource` and a server publishes as
//! PRM `resource`.
//!
//! MUST: an absolute URI that identifies the server (scheme and host), without fragment.
//! SHOULD: lowercase scheme and host (upper case SHOULD still be accepted, ambiguity A3), no
//! trailing slash unless significant to the resource, no query (RFC 8707 §2).

use std::fmt;

use crate::finding::{Finding, Level};
use crate::requirements::C_RES_CANONICAL;
use crate::uri::Uri;

/// One way a URI departs from the canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CanonicalProblem {
    /// Not an absolute URI (relative reference, or not a URI at all). MUST.
    NotAbsolute,
    /// No host to identify the server (`urn:…`, `https:/mcp`). MUST.
    MissingHost,
    /// A fragment is present. MUST NOT.
    Fragment,
    /// The scheme has upper-case letters. SHOULD be lowercase.
    UppercaseScheme { scheme: String },
    /// The host has upper-case letters (percent-encoding hex digits aside). SHOULD be
    /// lowercase.
    UppercaseHost { host: String },
    /// The path ends in `/` (including a lone `/` after the host). SHOULD NOT, unless the
    /// slash is significant to the resource, which only its owner can say.
    TrailingSlash,
    /// A query component is present. SHOULD NOT (RFC 8707 §2).
    Query,
}

impl CanonicalProblem {
    /// MUST for the three that stop the value identifying the server; SHOULD otherwise.
    pub fn level(&self) -> Level {
        match self {
            CanonicalProblem::NotAbsolute
            | CanonicalProblem::MissingHost
            | CanonicalProblem::Fragment => Level::Must,
            CanonicalProblem::UppercaseScheme { .. }
            | CanonicalProblem::UppercaseHost { .. }
            | CanonicalProblem::TrailingSlash
            | CanonicalProblem::Query => Level::Should,
        }
    }

    pub fn is_must(&self) -> bool {
        self.level() == Level::Must
    }

    /// This problem as a C-RES-CANONICAL finding.
    pub fn finding(&self) -> Finding {
        Finding::new(C_RES_CANONICAL, self.level(), self.to_string())
    }
}

impl fmt::Display for CanonicalProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CanonicalProblem::NotAbsolute => f.write_str("the canonical server URI MUST be an absolute URI"),
            CanonicalProblem::MissingHost => {
                f.write_str("the canonical server URI MUST identify the server by scheme and host")
            }
            CanonicalProblem::Fragment => f.write_str("the canonical server URI MUST NOT contain a fragment"),
            CanonicalProblem::UppercaseScheme { scheme } => {
                write!(f, "scheme {scheme:?} SHOULD be lowercase")
            }
            CanonicalProblem::UppercaseHost { host } => write!(f, "host {host:?} SHOULD be lowercase"),
            CanonicalProblem::TrailingSlash => f.write_str(
                "the canonical server URI SHOULD NOT end in '/' unless the slash is significant to the resource",
            ),
            CanonicalProblem::Query => f.write_str("the canonical server URI SHOULD NOT contain a query"),
        }
    }
}

/// Whether `host` has an upper-case ASCII letter outside percent-encoding triplets (whose
/// hex digits RFC 3986 §6.2.2.1 normalises to upper case, so they are not a problem).
fn host_has_uppercase(host: &str) -> bool {
    let bytes = host.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            i += 3;
            continue;
        }
        if b.is_ascii_uppercase() {
            return true;
        }
        i += 1;
    }
    false
}

/// Every departure of `uri` from the canonical server URI form, MUST problems first. Empty
/// for a canonical URI. A value that is not an absolute URI yields only
/// [`CanonicalProblem::NotAbsolute`].
pub fn canonical_resource_problems(uri: &str) -> Vec<CanonicalProblem> {
    let Ok(u) = Uri::parse(uri) else { return vec![CanonicalProblem::NotAbsolute] };
    let mut out = Vec::new();
    if u.authority().is_none() || u.host().is_empty() {
        out.push(CanonicalProblem::MissingHost);
    }
    if u.fragment().is_some() {
        out.push(CanonicalProblem::Fragment);
    }
    if u.scheme().bytes().any(|b| b.is_ascii_uppercase()) {
        out.push(CanonicalProblem::UppercaseScheme { scheme: u.scheme().to_owned() });
    }
    // Covers IP literals too: IPv6 hex digits are case-insensitive like a reg-name.
    if host_has_uppercase(u.host()) {
        out.push(CanonicalProblem::UppercaseHost { host: u.host().chars().take(200).collect() });
    }
    if u.authority().is_some() && u.path().ends_with('/') {
        out.push(CanonicalProblem::TrailingSlash);
    }
    if u.query().is_some() {
        out.push(CanonicalProblem::Query);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mcp_canonical_uri_examples() {
        for ok in [
            "https://mcp.example.com/mcp",
            "https://mcp.example.com",
            "https://mcp.example.com:8443",
            "https://mcp.example.com/server/mcp",
            "https://mcp.example.com/a%2Fb",
            "https://[2001:db8::1]/mcp",
        ] {
            assert_eq!(canonical_resource_problems(ok), [], "{ok}");
        }
        assert_eq!(canonical_resource_problems("mcp.example.com"), [CanonicalProblem::NotAbsolute]);
        assert_eq!(
            canonical_resource_problems("https://mcp.example.com#fragment"),
            [CanonicalProblem::Fragment]
        );
    }

    #[test]
    fn should_level_problems_are_reported_with_their_level() {
        let p = canonical_resource_problems("HTTPS://MCP.Example.com/Server/mcp/?x=1");
        assert_eq!(
            p,
            [
                CanonicalProblem::UppercaseScheme { scheme: "HTTPS".into() },
                CanonicalProblem::UppercaseHost { host: "MCP.Example.com".into() },
                CanonicalProblem::TrailingSlash,
                CanonicalProblem::Query,
            ]
        );
        assert!(p.iter().all(|x| x.level() == Level::Should));
        assert_eq!(canonical_resource_problems("https://h/"), [CanonicalProblem::TrailingSlash]);
        assert_eq!(canonical_resource_problems("urn:x:y"), [CanonicalProblem::MissingHost]);
        assert!(CanonicalProblem::MissingHost.is_must());
        assert_eq!(CanonicalProblem::Fragment.finding().requirement, C_RES_CANONICAL);
    }
}
