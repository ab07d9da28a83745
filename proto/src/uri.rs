//! A URI splitter that never normalises.
//!
//! Discovery and comparison rules in MCP authorization work on the exact strings a target
//! sent (RFC 9728 §3.3, RFC 8414 §3.3, RFC 9207): a WHATWG-style URL parser lowercases hosts,
//! drops default ports, resolves dot-segments and re-encodes paths, and so would hide the
//! very differences the harness must see. [`Uri`] splits an absolute URI into its RFC 3986
//! §3 components, checks each component's characters, and keeps every byte as sent, so that
//! `uri.to_string() == input` always holds.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::ops::Range;

use crate::limits::MAX_URL_BYTES;

/// Why a string is not an absolute URI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UriErrorKind {
    #[error("empty")]
    Empty,
    #[error("longer than {limit} bytes")]
    TooLong { limit: usize },
    #[error("not an absolute URI (no scheme); relative references are not accepted here")]
    Relative,
    #[error("invalid scheme")]
    BadScheme,
    #[error("character {found:?} at byte {offset} is not allowed in the {component}")]
    IllegalCharacter { offset: usize, found: char, component: &'static str },
    #[error("'%' at byte {offset} is not followed by two hex digits")]
    BadPercentEncoding { offset: usize },
    #[error("invalid port {port:?}")]
    BadPort { port: String },
    #[error("invalid host {host:?}")]
    BadHost { host: String },
    #[error("missing host")]
    MissingHost,
}

/// A string that did not split as an absolute URI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not a valid absolute URI: {kind}")]
pub struct UriError {
    pub kind: UriErrorKind,
    /// The input, cut to 200 characters for messages.
    pub input: String,
}

/// The host component, as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostKind {
    /// A registered name such as `example.com` (possibly percent-encoded, never decoded).
    RegName,
    /// A dotted-decimal IPv4 literal.
    Ipv4(Ipv4Addr),
    /// A bracketed IPv6 literal.
    Ipv6(Ipv6Addr),
    /// A bracketed `v<hex>.` future literal.
    IpFuture,
}

/// An absolute URI split into components, every byte kept as sent.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Uri {
    text: String,
    scheme: Range<usize>,
    authority: Option<Range<usize>>,
    userinfo: Option<Range<usize>>,
    host: Range<usize>,
    port: Option<Range<usize>>,
    path: Range<usize>,
    query: Option<Range<usize>>,
    fragment: Option<Range<usize>>,
}

impl fmt::Debug for Uri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Uri({:?})", self.text)
    }
}

impl fmt::Display for Uri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

const SUB_DELIMS: &[u8] = b"!$&'()*+,;=";

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn is_pchar(b: u8) -> bool {
    is_unreserved(b) || SUB_DELIMS.contains(&b) || matches!(b, b':' | b'@')
}

impl Uri {
    /// Splits `input` as an absolute URI (`scheme ":" hier-part [ "?" query ] [ "#" fragment ]`).
    pub fn parse(input: &str) -> Result<Uri, UriError> {
        let err = |kind| UriError { kind, input: input.chars().take(200).collect() };
        if input.is_empty() {
            return Err(err(UriErrorKind::Empty));
        }
        if input.len() > MAX_URL_BYTES {
            return Err(err(UriErrorKind::TooLong { limit: MAX_URL_BYTES }));
        }
        let bytes = input.as_bytes();
        let scheme_end = match input.find([':', '/', '?', '#']) {
            Some(i) if bytes.get(i) == Some(&b':') => i,
            _ => return Err(err(UriErrorKind::Relative)),
        };
        let scheme = input.get(..scheme_end).unwrap_or_default();
        let mut chars = scheme.bytes();
        let first_ok = chars.next().is_some_and(|b| b.is_ascii_alphabetic());
        if !first_ok || !chars.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        {
            return Err(err(UriErrorKind::BadScheme));
        }
        let rest_start = scheme_end + 1;
        let hier_end = input
            .get(rest_start..)
            .and_then(|r| r.find(['?', '#']))
            .map_or(input.len(), |i| i + rest_start);
        let (query, fragment) = split_query_fragment(input, hier_end);
        let hier = rest_start..hier_end;
        let mut uri = Uri {
            text: input.to_owned(),
            scheme: 0..scheme_end,
            authority: None,
            userinfo: None,
            host: 0..0,
            port: None,
            path: hier.clone(),
            query,
            fragment,
        };
        let hier_text = input.get(hier.clone()).unwrap_or_default();
        if let Some(after) = hier_text.strip_prefix("//") {
            let auth_start = hier.start + 2;
            let auth_len = after.find('/').unwrap_or(after.len());
            let authority = auth_start..auth_start + auth_len;
            uri.path = authority.end..hier.end;
            uri.split_authority(authority).map_err(err)?;
        }
        uri.check_characters().map_err(err)?;
        Ok(uri)
    }

    fn split_authority(&mut self, authority: Range<usize>) -> Result<(), UriErrorKind> {
        let text = self.text.get(authority.clone()).unwrap_or_default();
        let (userinfo, host_port, hp_start) = match text.rfind('@') {
            Some(at) => (
                Some(authority.start..authority.start + at),
                text.get(at + 1..).unwrap_or_default(),
                authority.start + at + 1,
            ),
            None => (None, text, authority.start),
        };
        let (host_len, port) = if host_port.starts_with('[') {
            let close = host_port
                .find(']')
                .ok_or_else(|| UriErrorKind::BadHost { host: host_port.to_owned() })?;
            match host_port.get(close + 1..) {
                Some("") => (close + 1, None),
                Some(p) if p.starts_with(':') => {
                    (close + 1, Some(hp_start + close + 2..authority.end))
                }
                _ => return Err(UriErrorKind::BadHost { host: host_port.to_owned() }),
            }
        } else {
            match host_port.rfind(':') {
                Some(colon) => (colon, Some(hp_start + colon + 1..authority.end)),
                None => (host_port.len(), None),
            }
        };
        self.authority = Some(authority);
        self.userinfo = userinfo;
        self.host = hp_start..hp_start + host_len;
        self.port = port;
        if let Some(port) = self.port() {
            if port.is_empty() {
                // RFC 3986 allows an empty port; it means the scheme's default. Keep it.
            } else if !port.bytes().all(|b| b.is_ascii_digit())
                || port.len() > 5
                || port.parse::<u32>().map_or(true, |p| p > 65_535)
            {
                return Err(UriErrorKind::BadPort { port: port.to_owned() });
            }
        }
        self.host_kind()?;
        Ok(())
    }

    fn check_characters(&self) -> Result<(), UriErrorKind> {
        let check =
            |range: &Range<usize>, component: &'static str, allowed: &dyn Fn(u8) -> bool| {
                let bytes = self.text.as_bytes().get(range.clone()).unwrap_or_default();
                let mut i = 0;
                while let Some(&b) = bytes.get(i) {
                    let offset = range.start + i;
                    if b == b'%' {
                        let hex = |j: usize| bytes.get(j).is_some_and(|h| h.is_ascii_hexdigit());
                        if !(hex(i + 1) && hex(i + 2)) {
                            return Err(UriErrorKind::BadPercentEncoding { offset });
                        }
                        i += 3;
                        continue;
                    }
                    if !allowed(b) {
                        let found = self
                            .text
                            .get(offset..)
                            .and_then(|s| s.chars().next())
                            .unwrap_or('\u{fffd}');
                        return Err(UriErrorKind::IllegalCharacter { offset, found, component });
                    }
                    i += 1;
                }
                Ok(())
            };
        if let Some(userinfo) = &self.userinfo {
            check(userinfo, "userinfo", &|b| {
                is_unreserved(b) || SUB_DELIMS.contains(&b) || b == b':'
            })?;
        }
        if self.host_kind()? == HostKind::RegName {
            check(&self.host, "host", &|b| is_unreserved(b) || SUB_DELIMS.contains(&b))?;
        }
        check(&self.path, "path", &|b| is_pchar(b) || b == b'/')?;
        if let Some(query) = &self.query {
            check(query, "query", &|b| is_pchar(b) || b == b'/' || b == b'?')?;
        }
        if let Some(fragment) = &self.fragment {
            check(fragment, "fragment", &|b| is_pchar(b) || b == b'/' || b == b'?')?;
        }
        Ok(())
    }

    fn host_kind(&self) -> Result<HostKind, UriErrorKind> {
        let host = self.host();
        if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            if inner.starts_with(['v', 'V']) {
                return Ok(HostKind::IpFuture);
            }
            return inner
                .parse::<Ipv6Addr>()
                .map(HostKind::Ipv6)
                .map_err(|_| UriErrorKind::BadHost { host: host.to_owned() });
        }
        if !host.is_empty()
            && host.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && host.split('.').count() == 4
        {
            // RFC 3986 dec-octet forbids leading zeros; std's parser agrees.
            return host
                .parse::<Ipv4Addr>()
                .map(HostKind::Ipv4)
                .map_err(|_| UriErrorKind::BadHost { host: host.to_owned() });
        }
        Ok(HostKind::RegName)
    }

    /// The whole URI, exactly as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The scheme as sent (compare case-insensitively, RFC 3986 §3.1).
    pub fn scheme(&self) -> &str {
        self.slice(&self.scheme)
    }

    /// Whether the scheme is `name`, ignoring ASCII case.
    pub fn scheme_is(&self, name: &str) -> bool {
        self.scheme().eq_ignore_ascii_case(name)
    }

    /// The authority (`userinfo@host:port`), when the URI has one.
    pub fn authority(&self) -> Option<&str> {
        self.authority.as_ref().map(|r| self.slice(r))
    }

    pub fn userinfo(&self) -> Option<&str> {
        self.userinfo.as_ref().map(|r| self.slice(r))
    }

    /// The host as sent, brackets included for IP literals; empty when there is no authority.
    pub fn host(&self) -> &str {
        self.slice(&self.host)
    }

    /// What kind of host this is. A URI without authority reports [`HostKind::RegName`] with
    /// an empty [`Uri::host`].
    pub fn kind_of_host(&self) -> HostKind {
        self.host_kind().unwrap_or(HostKind::RegName)
    }

    /// The port digits as sent (`Some("")` for a bare `:`).
    pub fn port(&self) -> Option<&str> {
        self.port.as_ref().map(|r| self.slice(r))
    }

    /// The path as sent (possibly empty).
    pub fn path(&self) -> &str {
        self.slice(&self.path)
    }

    pub fn query(&self) -> Option<&str> {
        self.query.as_ref().map(|r| self.slice(r))
    }

    pub fn fragment(&self) -> Option<&str> {
        self.fragment.as_ref().map(|r| self.slice(r))
    }

    /// `scheme "://" authority` exactly as sent, without userinfo; the prefix every
    /// well-known URL keeps. `None` without an authority.
    pub fn origin(&self) -> Option<String> {
        let authority = self.authority.as_ref()?;
        let host_start = self.userinfo.as_ref().map_or(authority.start, |u| u.end + 1);
        Some(format!("{}://{}", self.scheme(), self.text.get(host_start..authority.end)?))
    }

    /// Whether the host is a loopback address or the name `localhost` (any case): the hosts
    /// for which OAuth 2.1 §8.4.2 relaxes redirect-URI port matching and for which `http`
    /// is tolerated in development.
    pub fn is_loopback(&self) -> bool {
        match self.kind_of_host() {
            HostKind::Ipv4(ip) => ip.is_loopback(),
            HostKind::Ipv6(ip) => ip.is_loopback(),
            HostKind::IpFuture => false,
            HostKind::RegName => self.host().eq_ignore_ascii_case("localhost"),
        }
    }

    /// Whether this URI has the shape of an `http`/`https` URL with a non-empty host.
    pub fn is_http_url(&self) -> bool {
        (self.scheme_is("https") || self.scheme_is("http"))
            && self.authority.is_some()
            && !self.host().is_empty()
    }

    fn slice(&self, range: &Range<usize>) -> &str {
        self.text.get(range.clone()).unwrap_or_default()
    }
}

fn split_query_fragment(
    input: &str,
    hier_end: usize,
) -> (Option<Range<usize>>, Option<Range<usize>>) {
    let tail = input.get(hier_end..).unwrap_or_default();
    let hash = tail.find('#').map(|i| i + hier_end);
    let fragment = hash.map(|h| h + 1..input.len());
    let query_end = hash.unwrap_or(input.len());
    let query = tail.starts_with('?').then_some(hier_end + 1..query_end);
    (query, fragment)
}

impl std::str::FromStr for Uri {
    type Err = UriError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uri::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_without_normalising() {
        let u = Uri::parse("HTTPS://u:p@Example.COM:8443/a%2Fb/./mcp?x=1#f").unwrap();
        assert_eq!(u.scheme(), "HTTPS");
        assert!(u.scheme_is("https"));
        assert_eq!(u.userinfo(), Some("u:p"));
        assert_eq!(u.host(), "Example.COM");
        assert_eq!(u.port(), Some("8443"));
        assert_eq!(u.path(), "/a%2Fb/./mcp");
        assert_eq!(u.query(), Some("x=1"));
        assert_eq!(u.fragment(), Some("f"));
        assert_eq!(u.origin().unwrap(), "HTTPS://Example.COM:8443");
        assert_eq!(u.to_string(), "HTTPS://u:p@Example.COM:8443/a%2Fb/./mcp?x=1#f");
    }

    #[test]
    fn ip_literals_and_loopback() {
        let v6 = Uri::parse("http://[::1]:9/cb").unwrap();
        assert!(v6.is_loopback());
        assert_eq!(v6.host(), "[::1]");
        assert!(Uri::parse("http://127.8.0.1/cb").unwrap().is_loopback());
        assert!(Uri::parse("http://LocalHost/cb").unwrap().is_loopback());
        assert!(!Uri::parse("http://127.0.0.1.evil.test/cb").unwrap().is_loopback());
        assert!(!Uri::parse("http://2130706433/").unwrap().is_loopback());
        assert!(Uri::parse("https://[2001:db8::1]/mcp").unwrap().is_http_url());
    }

    #[test]
    fn refuses_what_is_not_an_absolute_uri() {
        let kind = |s: &str| Uri::parse(s).unwrap_err().kind;
        assert_eq!(kind("/relative/prm"), UriErrorKind::Relative);
        assert_eq!(kind(""), UriErrorKind::Empty);
        assert_eq!(kind("1http://x"), UriErrorKind::BadScheme);
        assert!(matches!(kind("https://a b/"), UriErrorKind::IllegalCharacter { found: ' ', .. }));
        assert!(matches!(kind("https://x/%zz"), UriErrorKind::BadPercentEncoding { .. }));
        assert!(matches!(kind("https://x:99999/"), UriErrorKind::BadPort { .. }));
        assert!(matches!(kind("https://[::g]/"), UriErrorKind::BadHost { .. }));
        assert!(matches!(kind("https://x/\u{e9}"), UriErrorKind::IllegalCharacter { .. }));
        assert!(matches!(kind("https://x/\"y"), UriErrorKind::IllegalCharacter { .. }));
    }

    #[test]
    fn accepts_opaque_schemes_so_callers_can_refuse_them_by_name() {
        let u = Uri::parse("javascript:alert(1)").unwrap();
        assert_eq!(u.scheme(), "javascript");
        assert!(u.authority().is_none());
        assert!(!u.is_http_url());
    }
}
