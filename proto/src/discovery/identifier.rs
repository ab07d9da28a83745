//! Validated identifiers: resource identifiers (RFC 9728 §1.2, RFC 8707 §2), issuer
//! identifiers (RFC 8414 §2) and CIMD `client_id` URLs (CIMD §3, MCP 2025-11-25+).
//!
//! Invalid identifiers are refused with a typed error, never repaired: a fragment or userinfo
//! is not stripped, because a client that strips it fetches metadata for a different
//! identifier than the one it was given.
//!
//! The harness's own mocks listen on `http://127.0.0.1`, so `http` on a loopback host is
//! accepted, but never silently: it is recorded as [`IdentifierWarning::LoopbackHttp`] in
//! [`ResourceIdentifier::warnings`] (and the issuer / client-id equivalents), which callers
//! turn into a finding (graded `info` in a dev profile, as the MUST it breaks otherwise).

use std::fmt;

use crate::finding::{Finding, Level, RequirementId};
use crate::uri::{Uri, UriErrorKind};

/// Which kind of identifier was being validated; named in error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdentifierRole {
    /// A protected resource identifier (PRM `resource`, RFC 8707 `resource`).
    Resource,
    /// An authorization server issuer identifier.
    Issuer,
    /// A Client ID Metadata Document URL used as `client_id`.
    CimdClientId,
}

impl IdentifierRole {
    pub fn as_str(self) -> &'static str {
        match self {
            IdentifierRole::Resource => "resource identifier",
            IdentifierRole::Issuer => "issuer identifier",
            IdentifierRole::CimdClientId => "client_id metadata document URL",
        }
    }
}

impl fmt::Display for IdentifierRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a string is not a valid identifier of its role.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentifierErrorKind {
    #[error("{0}")]
    Uri(UriErrorKind),
    #[error("scheme {scheme:?} is not https (or http on a loopback host)")]
    NotHttp { scheme: String },
    #[error("no host")]
    MissingHost,
    #[error("http is allowed only on a loopback host; {host:?} needs https")]
    InsecureHttp { host: String },
    #[error("has a fragment")]
    Fragment,
    #[error("has userinfo")]
    Userinfo,
    #[error("has a query component (RFC 8414 §2 forbids one in an issuer)")]
    Query,
    #[error("has no path (CIMD §3 requires one)")]
    MissingPath,
    #[error("path segment {segment:?} is a dot-segment (CIMD §3 forbids them)")]
    DotSegment { segment: String },
}

/// A string refused as an identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not a valid {role}: {kind}")]
pub struct IdentifierError {
    pub role: IdentifierRole,
    pub kind: IdentifierErrorKind,
    /// The input, cut to 200 characters for messages.
    pub input: String,
}

impl IdentifierError {
    /// Every refusal breaks a MUST of the identifier's definition.
    pub fn level(&self) -> Level {
        Level::Must
    }

    /// This error as a finding against `requirement` (the caller knows which row the
    /// identifier was checked for, e.g. `RS_PRM_RESOURCE` or `C_REG_CIMD_CLIENT_ID`).
    pub fn finding(&self, requirement: RequirementId) -> Finding {
        Finding::new(requirement, self.level(), self.to_string())
    }
}

/// An accepted identifier that deviates from what its role asks for, in a way callers must
/// report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdentifierWarning {
    /// `http` on a loopback host: usable for local development and the harness's mocks, but
    /// the https MUST (OAuth 2.1 §1.5, RFC 9728 §7.1, RFC 8414 §2) is broken.
    LoopbackHttp,
    /// A query component: RFC 8707 §2 (resource) and CIMD §3 (client_id) say SHOULD NOT.
    Query,
}

impl IdentifierWarning {
    /// The strength of the rule the deviation breaks. A dev profile reports
    /// [`IdentifierWarning::LoopbackHttp`] as `info` instead.
    pub fn level(self) -> Level {
        match self {
            IdentifierWarning::LoopbackHttp => Level::Must,
            IdentifierWarning::Query => Level::Should,
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            IdentifierWarning::LoopbackHttp => {
                "uses http on a loopback host: acceptable only in a development profile, https is required otherwise"
            }
            IdentifierWarning::Query => "has a query component, which SHOULD NOT be present",
        }
    }

    /// This warning as a finding against `requirement`.
    pub fn finding(self, requirement: RequirementId, input: &str) -> Finding {
        let shown: String = input.chars().take(200).collect();
        Finding::new(requirement, self.level(), format!("{shown:?} {}", self.message()))
    }
}

/// The checked parts every identifier keeps.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Checked {
    uri: Uri,
    /// Length of `scheme "://" authority` at the start of the input.
    prefix_len: usize,
    warnings: Vec<IdentifierWarning>,
}

impl Checked {
    /// The common rules: absolute http(s) URL with a host, no fragment, no userinfo, and
    /// http only on loopback (recorded).
    fn parse(input: &str, role: IdentifierRole) -> Result<Checked, IdentifierError> {
        let err = |kind| IdentifierError { role, kind, input: input.chars().take(200).collect() };
        let uri = Uri::parse(input).map_err(|e| err(IdentifierErrorKind::Uri(e.kind)))?;
        let https = uri.scheme_is("https");
        if !https && !uri.scheme_is("http") {
            return Err(err(IdentifierErrorKind::NotHttp { scheme: uri.scheme().to_owned() }));
        }
        let Some(authority) = uri.authority() else {
            return Err(err(IdentifierErrorKind::MissingHost));
        };
        if uri.host().is_empty() {
            return Err(err(IdentifierErrorKind::MissingHost));
        }
        if uri.userinfo().is_some() {
            return Err(err(IdentifierErrorKind::Userinfo));
        }
        if uri.fragment().is_some() {
            return Err(err(IdentifierErrorKind::Fragment));
        }
        let mut warnings = Vec::new();
        if !https {
            if !uri.is_loopback() {
                return Err(err(IdentifierErrorKind::InsecureHttp { host: uri.host().to_owned() }));
            }
            warnings.push(IdentifierWarning::LoopbackHttp);
        }
        let prefix_len = uri.scheme().len() + "://".len() + authority.len();
        Ok(Checked { uri, prefix_len, warnings })
    }

    fn prefix(&self) -> &str {
        self.uri.as_str().get(..self.prefix_len).unwrap_or_default()
    }
}

macro_rules! identifier_accessors {
    ($ty:ident) => {
        impl $ty {
            /// The identifier exactly as given.
            pub fn as_str(&self) -> &str {
                self.0.uri.as_str()
            }

            /// The split identifier.
            pub fn uri(&self) -> &Uri {
                &self.0.uri
            }

            /// `scheme "://" authority` exactly as given (port and brackets kept): the prefix
            /// every well-known URL built from this identifier starts with.
            pub fn origin(&self) -> &str {
                self.0.prefix()
            }

            /// The path exactly as given (possibly empty).
            pub fn path(&self) -> &str {
                self.0.uri.path()
            }

            /// Deviations the caller must report (empty for a fully conformant identifier).
            pub fn warnings(&self) -> &[IdentifierWarning] {
                &self.0.warnings
            }

            /// Whether the identifier is acceptable only in a development profile (loopback
            /// http).
            pub fn is_dev_only(&self) -> bool {
                self.0.warnings.contains(&IdentifierWarning::LoopbackHttp)
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// A protected resource identifier (RFC 9728 §1.2): an absolute `https` URL with a host, no
/// fragment and no userinfo. A query is accepted (RFC 9728 allows it) and recorded as a
/// warning (RFC 8707 §2: SHOULD NOT).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResourceIdentifier(Checked);

identifier_accessors!(ResourceIdentifier);

impl ResourceIdentifier {
    pub fn parse(input: &str) -> Result<ResourceIdentifier, IdentifierError> {
        let mut checked = Checked::parse(input, IdentifierRole::Resource)?;
        if checked.uri.query().is_some() {
            checked.warnings.push(IdentifierWarning::Query);
        }
        Ok(ResourceIdentifier(checked))
    }

    /// The query exactly as given, without the `?`.
    pub fn query(&self) -> Option<&str> {
        self.0.uri.query()
    }

    /// Whether the path is empty or a lone `/`: the resource sits at the origin, and its
    /// path-inserted and root well-known URLs coincide.
    pub fn is_root(&self) -> bool {
        matches!(self.path(), "" | "/")
    }
}

/// An authorization server issuer identifier (RFC 8414 §2): an `https` URL with a host and
/// no query, fragment or userinfo.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IssuerIdentifier(Checked);

identifier_accessors!(IssuerIdentifier);

impl IssuerIdentifier {
    pub fn parse(input: &str) -> Result<IssuerIdentifier, IdentifierError> {
        let checked = Checked::parse(input, IdentifierRole::Issuer)?;
        if checked.uri.query().is_some() {
            return Err(IdentifierError {
                role: IdentifierRole::Issuer,
                kind: IdentifierErrorKind::Query,
                input: input.chars().take(200).collect(),
            });
        }
        Ok(IssuerIdentifier(checked))
    }

    /// The path with one terminating `/` removed (RFC 8414 §3.1, OIDC Discovery §4.1); empty
    /// for a root issuer.
    pub fn path_without_trailing_slash(&self) -> &str {
        let path = self.path();
        path.strip_suffix('/').unwrap_or(path)
    }

    /// Whether the issuer has no path beyond an optional lone `/`.
    pub fn is_root(&self) -> bool {
        self.path_without_trailing_slash().is_empty()
    }
}

/// A Client ID Metadata Document URL (CIMD §3; catalogue §4.7, C-REG-CIMD-CLIENT-ID):
/// `https`, a path without `.`/`..` segments, no fragment, no userinfo; a query is accepted
/// and recorded (SHOULD NOT); a port is fine.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CimdClientId(Checked);

identifier_accessors!(CimdClientId);

impl CimdClientId {
    pub fn parse(input: &str) -> Result<CimdClientId, IdentifierError> {
        let role = IdentifierRole::CimdClientId;
        let err = |kind| IdentifierError { role, kind, input: input.chars().take(200).collect() };
        let mut checked = Checked::parse(input, role)?;
        let path = checked.uri.path();
        if path.is_empty() {
            return Err(err(IdentifierErrorKind::MissingPath));
        }
        // `%2E` is an encoded unreserved `.` (RFC 3986 §2.3) that normalisers decode before
        // resolving dot-segments, so it counts as a dot too.
        if let Some(segment) = path.split('/').find(|s| is_dot_segment(s)) {
            return Err(err(IdentifierErrorKind::DotSegment { segment: segment.to_owned() }));
        }
        if checked.uri.query().is_some() {
            checked.warnings.push(IdentifierWarning::Query);
        }
        Ok(CimdClientId(checked))
    }
}

fn is_dot_segment(segment: &str) -> bool {
    let decoded = segment.replace("%2E", ".").replace("%2e", ".");
    decoded == "." || decoded == ".."
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_identifier_keeps_components_and_records_deviations() {
        let r = ResourceIdentifier::parse("https://example.com:8443/a%2Fb/mcp?tenant=a").unwrap();
        assert_eq!(r.origin(), "https://example.com:8443");
        assert_eq!(r.path(), "/a%2Fb/mcp");
        assert_eq!(r.query(), Some("tenant=a"));
        assert_eq!(r.warnings(), [IdentifierWarning::Query]);
        assert!(!r.is_dev_only());

        let dev = ResourceIdentifier::parse("http://127.0.0.1:9000/mcp").unwrap();
        assert!(dev.is_dev_only());
        assert_eq!(dev.warnings(), [IdentifierWarning::LoopbackHttp]);
    }

    #[test]
    fn rfc9728_section_1_2_refuses_fragment_userinfo_and_cleartext() {
        let kind = |s| ResourceIdentifier::parse(s).unwrap_err().kind;
        assert_eq!(kind("https://example.com/mcp#x"), IdentifierErrorKind::Fragment);
        assert_eq!(kind("https://example.com/mcp#"), IdentifierErrorKind::Fragment);
        assert_eq!(kind("https://u:p@example.com/mcp"), IdentifierErrorKind::Userinfo);
        assert_eq!(
            kind("http://example.com/mcp"),
            IdentifierErrorKind::InsecureHttp { host: "example.com".into() }
        );
        assert_eq!(
            kind("ftp://example.com/"),
            IdentifierErrorKind::NotHttp { scheme: "ftp".into() }
        );
        assert_eq!(kind("https:/mcp"), IdentifierErrorKind::MissingHost);
        assert_eq!(kind("https:///mcp"), IdentifierErrorKind::MissingHost);
        assert_eq!(kind("/mcp"), IdentifierErrorKind::Uri(UriErrorKind::Relative));
    }

    #[test]
    fn rfc8414_section_2_issuer_has_no_query() {
        let e = IssuerIdentifier::parse("https://as.example?x=1").unwrap_err();
        assert_eq!(e.kind, IdentifierErrorKind::Query);
        assert_eq!(e.role, IdentifierRole::Issuer);
        assert!(IssuerIdentifier::parse("https://as.example?").is_err());
        let i = IssuerIdentifier::parse("https://as.example/realms/mcp/").unwrap();
        assert_eq!(i.path_without_trailing_slash(), "/realms/mcp");
        assert!(IssuerIdentifier::parse("https://as.example/").unwrap().is_root());
    }

    #[test]
    fn cimd_section_3_client_id_rules() {
        let kind = |s| CimdClientId::parse(s).unwrap_err().kind;
        assert_eq!(kind("https://c.example"), IdentifierErrorKind::MissingPath);
        assert_eq!(
            kind("https://c.example/a/../c.json"),
            IdentifierErrorKind::DotSegment { segment: "..".into() }
        );
        assert_eq!(
            kind("https://c.example/%2e/c.json"),
            IdentifierErrorKind::DotSegment { segment: "%2e".into() }
        );
        let ok = CimdClientId::parse("https://c.example:8443/c.json?v=1").unwrap();
        assert_eq!(ok.warnings(), [IdentifierWarning::Query]);
        assert!(CimdClientId::parse("https://c.example/.well-known/c.json").is_ok());
    }

    #[test]
    fn errors_and_warnings_become_findings() {
        let e = ResourceIdentifier::parse("https://example.com/#f").unwrap_err();
        let f = e.finding(crate::requirements::RS_PRM_RESOURCE);
        assert_eq!(f.level, Level::Must);
        assert!(f.message.contains("fragment"), "{}", f.message);
        let w = IdentifierWarning::Query.finding(crate::requirements::C_RES_CANONICAL, "x");
        assert_eq!(w.level, Level::Should);
    }
}
