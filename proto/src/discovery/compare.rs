//! Identifier comparisons: `issuer` (RFC 8414 §3.3, OIDC Discovery §4.3, RFC 9207 §2.4) and
//! PRM `resource` (RFC 9728 §3.3).
//!
//! Both RFCs compare code points after JSON unescaping, with no Unicode or URI
//! normalisation (RFC 9728 §6, RFC 8414 §4). The only relaxation offered is the MCP-lenient
//! reading of ambiguity A1 for `resource`, as an explicit [`Profile`]. When values differ,
//! [`MismatchReason`] says how, so a caller can grade case-only or trailing-slash
//! differences (ambiguity A3) without this module guessing on its behalf.

use std::fmt;

use crate::finding::{Finding, Level, RequirementId};
use crate::uri::Uri;

/// Whether an issuer found in metadata (or an RFC 9207 `iss`) is the one expected: exact
/// code-point equality, nothing else (no case folding, default-port elision, trailing-slash
/// or percent-encoding normalisation).
pub fn issuer_matches(expected: &str, found: &str) -> bool {
    expected == found
}

/// How `resource` values are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Profile {
    /// RFC 9728 §3.3 as written: identical or not.
    #[default]
    Strict,
    /// What MCP SDKs and draft-mcguinness-oauth-rfc9728bis accept: same scheme and
    /// authority exactly, and the found path a segment-boundary prefix of the expected one.
    McpLenient,
}

/// How a found `resource` relates to the expected one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ResourceComparison {
    /// Identical strings.
    Identical,
    /// Not identical, but accepted by [`Profile::McpLenient`]: same scheme and authority,
    /// and the found path is a prefix of the expected path on a segment boundary. Only
    /// ever returned under the lenient profile; a pass with a warning.
    SameOriginPrefix,
    /// Not acceptable under the profile used.
    Mismatch(MismatchReason),
}

impl ResourceComparison {
    /// Whether the value may be used under the profile the comparison ran with.
    pub fn is_accepted(&self) -> bool {
        !matches!(self, ResourceComparison::Mismatch(_))
    }

    /// The finding for `requirement` (e.g. `RS_PRM_RESOURCE`, `C_PRM_RESOURCE_MATCH`):
    /// none when identical, `info` for a lenient-only pass, MUST for a mismatch.
    pub fn finding(
        &self,
        requirement: RequirementId,
        expected: &str,
        found: &str,
    ) -> Option<Finding> {
        let shown = |s: &str| s.chars().take(200).collect::<String>();
        match self {
            ResourceComparison::Identical => None,
            ResourceComparison::SameOriginPrefix => Some(Finding::new(
                requirement,
                Level::Info,
                format!(
                    "resource {:?} is not identical to {:?}; accepted only by the MCP-lenient profile (same origin, path prefix; ambiguity A1)",
                    shown(found),
                    shown(expected)
                ),
            )),
            ResourceComparison::Mismatch(reason) => Some(Finding::new(
                requirement,
                Level::Must,
                format!(
                    "resource {:?} does not match {:?}: {reason}",
                    shown(found),
                    shown(expected)
                ),
            )),
        }
    }
}

/// How two `resource` values differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MismatchReason {
    /// The found value is not an absolute URI.
    FoundNotUri,
    /// The expected value is not an absolute URI (a harness configuration problem).
    ExpectedNotUri,
    /// The found value has a fragment (never valid in a resource identifier).
    FoundHasFragment,
    /// Only the ASCII case of the scheme and/or host differs (ambiguity A3).
    CaseOnly,
    /// Only a terminating `/` of the path differs (ambiguity A2).
    TrailingSlashOnly,
    /// Scheme or authority (host, port, userinfo) differs: another origin.
    OtherOrigin,
    /// Same origin, path not acceptable (not equal, or not a segment prefix under the
    /// lenient profile).
    OtherPath,
    /// Same origin and path, different query.
    OtherQuery,
}

impl MismatchReason {
    /// Whether the difference is one that ambiguities A2/A3 let a lenient profile grade as
    /// `info` (case of scheme/host, a trailing slash). Cross-origin or other-path
    /// differences are never cosmetic.
    pub fn is_cosmetic(self) -> bool {
        matches!(self, MismatchReason::CaseOnly | MismatchReason::TrailingSlashOnly)
    }
}

impl fmt::Display for MismatchReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MismatchReason::FoundNotUri => "the value is not an absolute URI",
            MismatchReason::ExpectedNotUri => "the expected value is not an absolute URI",
            MismatchReason::FoundHasFragment => "the value has a fragment",
            MismatchReason::CaseOnly => {
                "only the case of scheme or host differs (still not identical)"
            }
            MismatchReason::TrailingSlashOnly => {
                "only a trailing slash differs (still not identical)"
            }
            MismatchReason::OtherOrigin => "different origin",
            MismatchReason::OtherPath => "different path",
            MismatchReason::OtherQuery => "different query",
        })
    }
}

/// `scheme "://" authority` as sent, userinfo included (a different userinfo is a
/// different authority).
fn scheme_authority(uri: &Uri) -> Option<String> {
    uri.authority().map(|a| format!("{}://{a}", uri.scheme()))
}

/// Whether `prefix` is `path` or a prefix of it ending on a segment boundary.
fn is_segment_prefix(prefix: &str, path: &str) -> bool {
    match path.strip_prefix(prefix) {
        None => false,
        Some("") => true,
        Some(rest) => prefix.is_empty() || prefix.ends_with('/') || rest.starts_with('/'),
    }
}

/// Compares a found `resource` with the expected one under `profile`.
pub fn compare_resource(expected: &str, found: &str, profile: Profile) -> ResourceComparison {
    use MismatchReason as R;
    if expected == found {
        return ResourceComparison::Identical;
    }
    let mismatch = ResourceComparison::Mismatch;
    let Ok(f) = Uri::parse(found) else { return mismatch(R::FoundNotUri) };
    let Ok(e) = Uri::parse(expected) else { return mismatch(R::ExpectedNotUri) };
    if f.fragment().is_some() {
        return mismatch(R::FoundHasFragment);
    }
    let same_origin = scheme_authority(&e) == scheme_authority(&f);
    if profile == Profile::McpLenient
        && same_origin
        && e.authority().is_some()
        && f.query().is_none()
        && is_segment_prefix(f.path(), e.path())
    {
        return ResourceComparison::SameOriginPrefix;
    }
    let rest_equal = e.path() == f.path() && e.query() == f.query() && e.fragment().is_none();
    if !same_origin {
        let case_only = e.scheme().eq_ignore_ascii_case(f.scheme())
            && e.userinfo() == f.userinfo()
            && e.host().eq_ignore_ascii_case(f.host())
            && e.port() == f.port()
            && rest_equal;
        return mismatch(if case_only { R::CaseOnly } else { R::OtherOrigin });
    }
    if e.path() != f.path() {
        let trim = |p: &str| p.strip_suffix('/').unwrap_or(p).to_owned();
        let slash_only = trim(e.path()) == trim(f.path()) && e.query() == f.query();
        return mismatch(if slash_only { R::TrailingSlashOnly } else { R::OtherPath });
    }
    mismatch(R::OtherQuery)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc9207_issuer_comparison_is_exact() {
        assert!(issuer_matches("https://as.example/t", "https://as.example/t"));
        for variant in [
            "https://AS.example/t",
            "https://as.example/t/",
            "https://as.example:443/t",
            "https://as.example/%74",
        ] {
            assert!(!issuer_matches("https://as.example/t", variant), "{variant}");
        }
    }

    #[test]
    fn segment_prefix_respects_boundaries() {
        assert!(is_segment_prefix("", "/mcp"));
        assert!(is_segment_prefix("/", "/mcp"));
        assert!(is_segment_prefix("/a", "/a/b"));
        assert!(is_segment_prefix("/a/", "/a/b"));
        assert!(!is_segment_prefix("/mc", "/mcp"));
        assert!(!is_segment_prefix("/mcp/", "/mcp"));
    }

    #[test]
    fn mismatch_reasons_explain_the_difference() {
        let reason = |e, f| match compare_resource(e, f, Profile::Strict) {
            ResourceComparison::Mismatch(r) => r,
            other => panic!("{other:?}"),
        };
        assert_eq!(reason("https://h/mcp", "https://H/mcp"), MismatchReason::CaseOnly);
        assert_eq!(reason("https://h/mcp", "HTTPS://h/mcp"), MismatchReason::CaseOnly);
        assert_eq!(reason("https://h/mcp", "https://h/mcp/"), MismatchReason::TrailingSlashOnly);
        assert_eq!(reason("https://h/mcp", "https://h:443/mcp"), MismatchReason::OtherOrigin);
        assert_eq!(reason("https://h/mcp", "https://h/other"), MismatchReason::OtherPath);
        assert_eq!(reason("https://h/mcp", "https://h/mcp?x"), MismatchReason::OtherQuery);
        assert_eq!(reason("https://h/mcp", "https://h/mcp#f"), MismatchReason::FoundHasFragment);
        assert_eq!(reason("https://h/mcp", "/mcp"), MismatchReason::FoundNotUri);
        assert!(MismatchReason::CaseOnly.is_cosmetic());
        assert!(!MismatchReason::OtherOrigin.is_cosmetic());
    }
}
