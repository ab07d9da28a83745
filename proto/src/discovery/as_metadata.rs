//! Where authorization-server metadata lives (RFC 8414 §3 / §3.1, OpenID Connect Discovery
//! §4 / §4.1) and the order a client of each MCP version tries (catalogue §3.2–§3.5,
//! C-ASMETA-*).
//!
//! Both constructions remove one terminating `/` of a path issuer first (RFC 8414 §3.1 for
//! insertion; OIDC §4.1 before appending; the OIDC-inserted form applies RFC 8414's rule by
//! analogy). The `issuer` the fetched document must carry stays the input exactly, slash
//! included (RFC 8414 §3.3, OIDC §4.3).

use crate::discovery::identifier::{IssuerIdentifier, ResourceIdentifier};
use crate::discovery::{OAUTH_AS_SUFFIX, OIDC_SUFFIX};
use crate::spec_version::SpecVersion;

/// Which metadata format a URL is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetadataKind {
    /// RFC 8414 `oauth-authorization-server`.
    OAuth,
    /// OpenID Connect Discovery `openid-configuration`.
    OpenId,
}

impl MetadataKind {
    /// The well-known suffix, leading `/` included.
    pub fn suffix(self) -> &'static str {
        match self {
            MetadataKind::OAuth => OAUTH_AS_SUFFIX,
            MetadataKind::OpenId => OIDC_SUFFIX,
        }
    }
}

/// How the suffix is combined with the issuer path. For a root issuer both give the same
/// URL; candidates for a root issuer are labelled [`Construction::Inserted`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Construction {
    /// Between authority and path (RFC 8414 §3.1): `https://h/.well-known/…/tenant1`.
    Inserted,
    /// After the path (OIDC Discovery §4.1): `https://h/tenant1/.well-known/…`.
    Appended,
}

/// One metadata request, and the `issuer` the answer must carry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AsMetadataCandidate {
    pub kind: MetadataKind,
    pub construction: Construction,
    pub url: String,
    /// The issuer exactly as given; the fetched `issuer` must be identical to it.
    pub expected_issuer: String,
}

/// The metadata URL of `issuer` for one format and construction.
pub fn as_metadata_url(
    issuer: &IssuerIdentifier,
    kind: MetadataKind,
    construction: Construction,
) -> String {
    let path = issuer.path_without_trailing_slash();
    match construction {
        Construction::Inserted => format!("{}{}{path}", issuer.origin(), kind.suffix()),
        Construction::Appended => format!("{}{path}{}", issuer.origin(), kind.suffix()),
    }
}

fn candidate(
    issuer: &IssuerIdentifier,
    kind: MetadataKind,
    construction: Construction,
) -> AsMetadataCandidate {
    AsMetadataCandidate {
        kind,
        construction,
        url: as_metadata_url(issuer, kind, construction),
        expected_issuer: issuer.as_str().to_owned(),
    }
}

/// What a conformant client of `version` tries, in order, for an `authorization_servers`
/// entry (used verbatim as the issuer).
///
/// * 2025-03-26: nothing; that version does not discover from an issuer (see
///   [`as_metadata_03`]).
/// * 2025-06-18: RFC 8414 insertion only.
/// * 2025-11-25 and later, path issuer: OAuth inserted, OIDC inserted, OIDC appended.
///   Root issuer: OAuth, then OIDC.
pub fn as_metadata_candidates(
    issuer: &IssuerIdentifier,
    version: SpecVersion,
) -> Vec<AsMetadataCandidate> {
    use Construction::{Appended, Inserted};
    use MetadataKind::{OAuth, OpenId};
    match version {
        SpecVersion::V2025_03_26 => Vec::new(),
        SpecVersion::V2025_06_18 => vec![candidate(issuer, OAuth, Inserted)],
        SpecVersion::V2025_11_25 | SpecVersion::V2026_07_28 if issuer.is_root() => {
            vec![candidate(issuer, OAuth, Inserted), candidate(issuer, OpenId, Inserted)]
        }
        SpecVersion::V2025_11_25 | SpecVersion::V2026_07_28 => vec![
            candidate(issuer, OAuth, Inserted),
            candidate(issuer, OpenId, Inserted),
            candidate(issuer, OpenId, Appended),
        ],
    }
}

/// URLs a conformant client must not rely on for a path issuer (catalogue §3.4, ambiguity
/// A8; harness trap listeners): the path-dropped RFC 8414 URL (the 2025-03-26 habit) and
/// the RFC 8414 suffix appended instead of inserted. Empty for a root issuer.
pub fn as_metadata_traps(issuer: &IssuerIdentifier) -> Vec<String> {
    if issuer.is_root() {
        return Vec::new();
    }
    vec![
        format!("{}{OAUTH_AS_SUFFIX}", issuer.origin()),
        as_metadata_url(issuer, MetadataKind::OAuth, Construction::Appended),
    ]
}

/// The 2025-03-26 discovery of an MCP server: the "authorization base URL" is the server
/// URL with its path (and query) discarded; metadata is fetched from there, and the default
/// endpoints are used when it is missing (C-ASMETA-03-ORIGIN, C-ASMETA-03-DEFAULTS).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mcp03Discovery {
    /// `scheme://authority` of the MCP server URL, exactly as given.
    pub base_url: String,
    pub metadata_url: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub registration_endpoint: String,
}

/// The 2025-03-26 metadata URL and default endpoints for the MCP server at `mcp_url`.
pub fn as_metadata_03(mcp_url: &ResourceIdentifier) -> Mcp03Discovery {
    let base = mcp_url.origin();
    Mcp03Discovery {
        base_url: base.to_owned(),
        metadata_url: format!("{base}{OAUTH_AS_SUFFIX}"),
        authorization_endpoint: format!("{base}/authorize"),
        token_endpoint: format!("{base}/token"),
        registration_endpoint: format!("{base}/register"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(issuer: &str, v: SpecVersion) -> Vec<String> {
        let i = IssuerIdentifier::parse(issuer).unwrap();
        as_metadata_candidates(&i, v).into_iter().map(|c| c.url).collect()
    }

    #[test]
    fn version_03_uses_no_issuer_discovery_and_06_only_rfc8414() {
        assert!(urls("https://as.example/t", SpecVersion::V2025_03_26).is_empty());
        assert_eq!(
            urls("https://as.example/t", SpecVersion::V2025_06_18),
            ["https://as.example/.well-known/oauth-authorization-server/t"]
        );
    }

    #[test]
    fn traps_for_a_path_issuer() {
        let i = IssuerIdentifier::parse("https://auth.example.com/tenant1").unwrap();
        assert_eq!(
            as_metadata_traps(&i),
            [
                "https://auth.example.com/.well-known/oauth-authorization-server",
                "https://auth.example.com/tenant1/.well-known/oauth-authorization-server"
            ]
        );
        let root = IssuerIdentifier::parse("https://auth.example.com/").unwrap();
        assert!(as_metadata_traps(&root).is_empty());
    }
}
