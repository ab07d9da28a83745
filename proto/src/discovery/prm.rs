//! Where Protected Resource Metadata lives (RFC 9728 §3, §3.1, §5.1) and what a conformant
//! client of each MCP version fetches, in order (catalogue §3.3, §3.4, C-PRM-FALLBACK-ORDER).
//!
//! Each candidate also records the `resource` value the fetched document must carry
//! (RFC 9728 §3.3): the identifier the URL was built from, or for a header-supplied URL the
//! URL the client requested. For the root fallback of a resource with a path, RFC 9728's
//! strict expectation is the origin, while MCP servers publish their canonical URI there
//! (ambiguity A1); both are recorded and [`PrmCandidate::check_resource`] applies the
//! [`Profile`].

use crate::discovery::PRM_SUFFIX;
use crate::discovery::compare::{Profile, ResourceComparison, compare_resource};
use crate::discovery::identifier::ResourceIdentifier;
use crate::spec_version::SpecVersion;

/// How a candidate URL was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrmSource {
    /// The `resource_metadata` parameter of a `WWW-Authenticate` challenge, verbatim.
    Header,
    /// `/.well-known/oauth-protected-resource` inserted between authority and path.
    PathInserted,
    /// `/.well-known/oauth-protected-resource` at the origin.
    Root,
}

/// How a trailing `/` at the end of the resource path is treated before insertion
/// (ambiguity A2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TrailingSlash {
    /// RFC 9728 §3.1 read literally: only a `/` right after the host (a path of exactly
    /// `/`) is removed; `https://h/mcp/` keeps its slash.
    #[default]
    Rfc9728Literal,
    /// RFC 8414 §3.1 style, common in SDKs: one terminating `/` of any path is removed.
    Rfc8414Stripped,
}

/// One metadata request a client makes, and what the answer must say.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PrmCandidate {
    pub source: PrmSource,
    /// The URL to fetch (for [`PrmSource::PathInserted`], the literal RFC 9728 form).
    pub url: String,
    /// For [`PrmSource::PathInserted`] when the resource path ends in `/`: the RFC
    /// 8414-style stripped form that many clients request instead. Mocks serve both.
    pub alternative_url: Option<String>,
    /// The `resource` value RFC 9728 §3.3 requires, compared exactly.
    pub expected_resource: String,
    /// The resource the client is discovering (the MCP server URL it requested). Differs
    /// from `expected_resource` only for the root fallback of a resource with a path.
    pub requested_resource: String,
}

impl PrmCandidate {
    /// Whether a request for `url` is this candidate (either trailing-slash form).
    pub fn is_requested_by(&self, url: &str) -> bool {
        self.url == url || self.alternative_url.as_deref() == Some(url)
    }

    /// Compares a fetched document's `resource` with what this candidate expects.
    ///
    /// Strict: identical to `expected_resource`, else a mismatch. Lenient (ambiguity A1):
    /// identical to `expected_resource` is [`ResourceComparison::Identical`]; otherwise the
    /// value is compared with the requested resource, and anything it accepts is
    /// [`ResourceComparison::SameOriginPrefix`] (a pass only under the lenient profile), so
    /// that a root document naming the MCP server is accepted with a warning.
    pub fn check_resource(&self, found: &str, profile: Profile) -> ResourceComparison {
        let strict = compare_resource(&self.expected_resource, found, Profile::Strict);
        if strict == ResourceComparison::Identical || profile == Profile::Strict {
            return strict;
        }
        match compare_resource(&self.requested_resource, found, profile) {
            ResourceComparison::Identical | ResourceComparison::SameOriginPrefix => {
                ResourceComparison::SameOriginPrefix
            }
            // Explain the mismatch against the strict expectation; that is the rule broken.
            ResourceComparison::Mismatch(_) => strict,
        }
    }
}

/// The RFC 9728 path-inserted well-known URL, literal reading of §3.1 (ambiguity A2):
/// `https://example.com/mcp` → `https://example.com/.well-known/oauth-protected-resource/mcp`.
/// The query is kept.
pub fn prm_well_known_path_inserted(resource: &ResourceIdentifier) -> String {
    prm_well_known_path_inserted_with(resource, TrailingSlash::Rfc9728Literal)
}

/// The path-inserted well-known URL under a chosen trailing-slash rule.
pub fn prm_well_known_path_inserted_with(
    resource: &ResourceIdentifier,
    rule: TrailingSlash,
) -> String {
    let path = resource.path();
    let path = match rule {
        TrailingSlash::Rfc9728Literal if path == "/" => "",
        TrailingSlash::Rfc9728Literal => path,
        TrailingSlash::Rfc8414Stripped => path.strip_suffix('/').unwrap_or(path),
    };
    let mut url = String::with_capacity(resource.as_str().len() + PRM_SUFFIX.len());
    url.push_str(resource.origin());
    url.push_str(PRM_SUFFIX);
    url.push_str(path);
    if let Some(query) = resource.query() {
        url.push('?');
        url.push_str(query);
    }
    url
}

/// The root well-known URL, `origin + /.well-known/oauth-protected-resource`. Path and query
/// are dropped: this is the metadata location of the origin as a resource.
pub fn prm_well_known_root(resource: &ResourceIdentifier) -> String {
    format!("{}{PRM_SUFFIX}", resource.origin())
}

fn header_candidate(resource: &ResourceIdentifier, header_url: &str) -> PrmCandidate {
    PrmCandidate {
        source: PrmSource::Header,
        url: header_url.to_owned(),
        alternative_url: None,
        expected_resource: resource.as_str().to_owned(),
        requested_resource: resource.as_str().to_owned(),
    }
}

fn well_known_candidates(resource: &ResourceIdentifier) -> Vec<PrmCandidate> {
    let requested = resource.as_str().to_owned();
    if resource.is_root() && resource.query().is_none() {
        // Path-inserted and root coincide: one request, and the identifier it was built
        // from is the resource itself.
        return vec![PrmCandidate {
            source: PrmSource::Root,
            url: prm_well_known_root(resource),
            alternative_url: None,
            expected_resource: requested.clone(),
            requested_resource: requested,
        }];
    }
    let literal = prm_well_known_path_inserted(resource);
    let stripped = prm_well_known_path_inserted_with(resource, TrailingSlash::Rfc8414Stripped);
    vec![
        PrmCandidate {
            source: PrmSource::PathInserted,
            alternative_url: (stripped != literal).then_some(stripped),
            url: literal,
            expected_resource: requested.clone(),
            requested_resource: requested.clone(),
        },
        PrmCandidate {
            source: PrmSource::Root,
            url: prm_well_known_root(resource),
            alternative_url: None,
            expected_resource: resource.origin().to_owned(),
            requested_resource: requested,
        },
    ]
}

/// Exactly what a conformant client of `version` fetches, in order, to find the PRM of
/// `resource`, given the `resource_metadata` value of the 401 challenge (if any).
///
/// * 2025-03-26: nothing (no PRM in that version).
/// * 2025-06-18: the header URL only; without a header there is nothing (06 has no
///   well-known fallback, and servers MUST send the header).
/// * 2025-11-25 and later: the header URL alone if present; else path-inserted, then root;
///   a single root request when the resource is at the origin.
///
/// `header_url` is taken verbatim: whether it is a usable URL is the challenge parser's
/// concern (a client fetches the value it was given, C-PRM-USE-HEADER).
pub fn prm_client_order(
    resource: &ResourceIdentifier,
    header_url: Option<&str>,
    version: SpecVersion,
) -> Vec<PrmCandidate> {
    match (version, header_url) {
        (SpecVersion::V2025_03_26, _) => Vec::new(),
        (_, Some(url)) => vec![header_candidate(resource, url)],
        (SpecVersion::V2025_06_18, None) => Vec::new(),
        (SpecVersion::V2025_11_25 | SpecVersion::V2026_07_28, None) => {
            well_known_candidates(resource)
        }
    }
}

/// Every location a server may publish its PRM at (RS-PRM-DISCOVERABLE probes all of them):
/// the header URL if any, then path-inserted and root (one entry when they coincide).
pub fn prm_probe_urls(
    resource: &ResourceIdentifier,
    header_url: Option<&str>,
) -> Vec<PrmCandidate> {
    let mut out: Vec<PrmCandidate> =
        header_url.map(|url| header_candidate(resource, url)).into_iter().collect();
    out.extend(well_known_candidates(resource));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> ResourceIdentifier {
        ResourceIdentifier::parse(s).unwrap()
    }

    #[test]
    fn a2_trailing_slash_literal_and_stripped() {
        let res = r("https://example.com/mcp/");
        assert_eq!(
            prm_well_known_path_inserted(&res),
            "https://example.com/.well-known/oauth-protected-resource/mcp/"
        );
        assert_eq!(
            prm_well_known_path_inserted_with(&res, TrailingSlash::Rfc8414Stripped),
            "https://example.com/.well-known/oauth-protected-resource/mcp"
        );
        let order = prm_client_order(&res, None, SpecVersion::V2025_11_25);
        let first = order.first().unwrap();
        assert!(
            first.is_requested_by("https://example.com/.well-known/oauth-protected-resource/mcp")
        );
        assert_eq!(first.expected_resource, "https://example.com/mcp/");
    }

    #[test]
    fn root_resource_with_query_still_tries_the_query_form_first() {
        let res = r("https://example.com/?t=a");
        let order = prm_client_order(&res, None, SpecVersion::LATEST);
        let urls: Vec<_> = order.iter().map(|c| c.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://example.com/.well-known/oauth-protected-resource?t=a",
                "https://example.com/.well-known/oauth-protected-resource"
            ]
        );
    }

    #[test]
    fn a1_root_candidate_expects_origin_strictly_and_accepts_server_uri_leniently() {
        let res = r("https://example.com/mcp");
        let order = prm_client_order(&res, None, SpecVersion::V2026_07_28);
        let root = order.get(1).unwrap();
        assert_eq!(root.source, PrmSource::Root);
        assert_eq!(root.expected_resource, "https://example.com");
        assert_eq!(
            root.check_resource("https://example.com", Profile::Strict),
            ResourceComparison::Identical
        );
        assert!(matches!(
            root.check_resource("https://example.com/mcp", Profile::Strict),
            ResourceComparison::Mismatch(_)
        ));
        assert_eq!(
            root.check_resource("https://example.com/mcp", Profile::McpLenient),
            ResourceComparison::SameOriginPrefix
        );
        assert!(matches!(
            root.check_resource("https://evil.example/mcp", Profile::McpLenient),
            ResourceComparison::Mismatch(_)
        ));
    }
}
