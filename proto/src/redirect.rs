//! Redirect URIs (OAuth 2.1 §2.3, §2.3.1, §8.4.2; MCP §Communication Security; catalogue
//! AS-REDIRECT-EXACT, C-REDIRECT-*, AS-DCR-REDIRECT-SCHEME).
//!
//! Matching is simple string comparison (RFC 3986 §6.2.1): no case folding, no
//! percent-decoding, no dot-segment resolution. The one exception is the port of an `http`
//! loopback redirect URI, which native clients pick at run time (OAuth 2.1 §8.4.2). MCP says
//! "localhost" where OAuth 2.1 prefers IP literals (ambiguity A4): the port exception is
//! applied to `localhost` too, and the match says so, so callers can note it.

use std::fmt;

use crate::finding::{Finding, Level, RequirementId};
use crate::uri::{HostKind, Uri};

/// Which kind of loopback host allowed a port difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LoopbackHost {
    /// An IPv4 or IPv6 loopback literal (`127.0.0.1`, `[::1]`): OAuth 2.1 §8.4.2.
    IpLiteral,
    /// The name `localhost`: tolerated (ambiguity A4), worth an `info` note.
    Localhost,
}

/// How a requested redirect URI relates to a registered one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RedirectMatch {
    /// Byte-identical.
    Exact,
    /// A registered `http` loopback redirect URI with only the port changed.
    LoopbackPortVariant { host: LoopbackHost },
    /// Anything else.
    Mismatch,
}

impl RedirectMatch {
    /// Whether an authorization server may redirect to the requested URI.
    pub fn is_accepted(self) -> bool {
        !matches!(self, RedirectMatch::Mismatch)
    }
}

/// The URI without its port: everything else must be byte-identical.
fn without_port(uri: &Uri) -> Option<String> {
    let mut out = format!("{}://", uri.scheme());
    if let Some(userinfo) = uri.userinfo() {
        out.push_str(userinfo);
        out.push('@');
    }
    out.push_str(uri.host());
    out.push_str(uri.path());
    if let Some(q) = uri.query() {
        out.push('?');
        out.push_str(q);
    }
    if let Some(f) = uri.fragment() {
        out.push('#');
        out.push_str(f);
    }
    uri.authority().map(|_| out)
}

fn loopback_host(uri: &Uri) -> Option<LoopbackHost> {
    match uri.kind_of_host() {
        HostKind::Ipv4(ip) if ip.is_loopback() => Some(LoopbackHost::IpLiteral),
        HostKind::Ipv6(ip) if ip.is_loopback() => Some(LoopbackHost::IpLiteral),
        HostKind::RegName if uri.host().eq_ignore_ascii_case("localhost") => {
            Some(LoopbackHost::Localhost)
        }
        _ => None,
    }
}

/// Compares a requested redirect URI with one registered URI (AS-REDIRECT-EXACT).
pub fn redirect_uri_matches(registered: &str, requested: &str) -> RedirectMatch {
    if registered == requested {
        return RedirectMatch::Exact;
    }
    let (Ok(reg), Ok(req)) = (Uri::parse(registered), Uri::parse(requested)) else {
        return RedirectMatch::Mismatch;
    };
    // Only `http` loopback: an https redirect URI is not a native-app loopback listener.
    let Some(host) = loopback_host(&reg).filter(|_| reg.scheme_is("http")) else {
        return RedirectMatch::Mismatch;
    };
    match (without_port(&reg), without_port(&req)) {
        (Some(a), Some(b)) if a == b => RedirectMatch::LoopbackPortVariant { host },
        _ => RedirectMatch::Mismatch,
    }
}

/// The best match of `requested` against every registered URI: exact beats a loopback port
/// variant, which beats a mismatch.
pub fn redirect_uri_matches_any<'a>(
    registered: impl IntoIterator<Item = &'a str>,
    requested: &str,
) -> RedirectMatch {
    let mut best = RedirectMatch::Mismatch;
    for r in registered {
        match redirect_uri_matches(r, requested) {
            RedirectMatch::Exact => return RedirectMatch::Exact,
            RedirectMatch::LoopbackPortVariant { host } => {
                // An IP literal match is the conformant one; prefer it over `localhost`.
                if !matches!(
                    best,
                    RedirectMatch::LoopbackPortVariant { host: LoopbackHost::IpLiteral }
                ) {
                    best = RedirectMatch::LoopbackPortVariant { host };
                }
            }
            RedirectMatch::Mismatch => {}
        }
    }
    best
}

/// Why a redirect URI may not be registered or used.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RedirectProblem {
    /// Not an absolute URI (OAuth 2.1 §2.3.1). MUST.
    NotAbsolute,
    /// Has a fragment (OAuth 2.1 §2.3.1). MUST NOT.
    Fragment,
    /// `http` on a host that is not loopback. MUST be https (MCP; OAuth 2.1 §1.5).
    InsecureHttp { host: String },
    /// A scheme other than https or loopback http: `javascript:`, `data:`, private-use
    /// schemes. MCP allows only localhost or https. MUST.
    UnsupportedScheme { scheme: String },
    /// An http(s) URI without a host. MUST.
    MissingHost,
    /// `localhost` instead of a loopback IP literal: NOT RECOMMENDED (OAuth 2.1 §8.4.2),
    /// what MCP's text says (ambiguity A4). Info.
    LocalhostName,
}

impl RedirectProblem {
    pub fn level(&self) -> Level {
        match self {
            RedirectProblem::LocalhostName => Level::Info,
            _ => Level::Must,
        }
    }

    /// This problem as a finding against `requirement` (C-REDIRECT-SCHEME for a client's
    /// redirect URI, AS-DCR-REDIRECT-SCHEME for what an AS accepted at registration).
    pub fn finding(&self, requirement: RequirementId) -> Finding {
        Finding::new(requirement, self.level(), self.to_string())
    }
}

impl fmt::Display for RedirectProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RedirectProblem::NotAbsolute => f.write_str("redirect URI is not an absolute URI"),
            RedirectProblem::Fragment => f.write_str("redirect URI MUST NOT contain a fragment"),
            RedirectProblem::InsecureHttp { host } => {
                write!(f, "redirect URI uses http on non-loopback host {host:?}; https is required")
            }
            RedirectProblem::UnsupportedScheme { scheme } => write!(
                f,
                "redirect URI scheme {scheme:?} is not allowed; only https or http on a loopback host"
            ),
            RedirectProblem::MissingHost => f.write_str("redirect URI has no host"),
            RedirectProblem::LocalhostName => f.write_str(
                "redirect URI uses the name localhost; a loopback IP literal (127.0.0.1 or [::1]) is recommended",
            ),
        }
    }
}

/// Every problem of `uri` as a redirect URI to register or use. Empty when acceptable. A
/// value that is not an absolute URI yields only [`RedirectProblem::NotAbsolute`].
pub fn redirect_uri_problems(uri: &str) -> Vec<RedirectProblem> {
    let Ok(u) = Uri::parse(uri) else { return vec![RedirectProblem::NotAbsolute] };
    let mut out = Vec::new();
    let is_http = u.scheme_is("http");
    if !is_http && !u.scheme_is("https") {
        out.push(RedirectProblem::UnsupportedScheme {
            scheme: u.scheme().chars().take(64).collect(),
        });
    } else if u.authority().is_none() || u.host().is_empty() {
        out.push(RedirectProblem::MissingHost);
    } else if is_http && !u.is_loopback() {
        out.push(RedirectProblem::InsecureHttp { host: u.host().chars().take(200).collect() });
    }
    if u.fragment().is_some() {
        out.push(RedirectProblem::Fragment);
    }
    if loopback_host(&u) == Some(LoopbackHost::Localhost) {
        out.push(RedirectProblem::LocalhostName);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_loopback_port_variant() {
        assert_eq!(
            redirect_uri_matches("http://[::1]:1234/cb", "http://[::1]:5678/cb"),
            RedirectMatch::LoopbackPortVariant { host: LoopbackHost::IpLiteral }
        );
        // The rest stays byte-identical: a different spelling of ::1 is a mismatch.
        assert_eq!(
            redirect_uri_matches("http://[::1]:1234/cb", "http://[0::1]:5678/cb"),
            RedirectMatch::Mismatch
        );
    }

    #[test]
    fn https_loopback_gets_no_port_exception() {
        assert_eq!(
            redirect_uri_matches("https://127.0.0.1:1234/cb", "https://127.0.0.1:5678/cb"),
            RedirectMatch::Mismatch
        );
    }

    #[test]
    fn best_match_prefers_exact_then_ip_literal() {
        let reg = ["http://localhost:1/cb", "http://127.0.0.1:1/cb", "http://127.0.0.1:9/cb"];
        assert_eq!(redirect_uri_matches_any(reg, "http://127.0.0.1:9/cb"), RedirectMatch::Exact);
        assert_eq!(
            redirect_uri_matches_any(reg, "http://127.0.0.1:7/cb"),
            RedirectMatch::LoopbackPortVariant { host: LoopbackHost::IpLiteral }
        );
        assert_eq!(redirect_uri_matches_any(reg, "https://c.test/cb"), RedirectMatch::Mismatch);
    }
}
