//! Discovery URLs and identifier comparisons (RFC 9728 §3, RFC 8414 §3, OpenID Connect
//! Discovery §4, and the MCP rules of each spec version; catalogue §3).
//!
//! Everything here is string surgery on the components [`crate::Uri`] splits out: nothing is
//! decoded, re-encoded, lowercased or dot-segment-resolved, so a constructed URL keeps the
//! identifier's `scheme://authority` (port and IPv6 brackets included) and path bytes exactly.
//! That is what RFC 9728 §3.3 and RFC 8414 §3.3 require of the *comparison* afterwards, and
//! it is what lets a harness see the differences a normalising URL library would hide.
//!
//! * [`identifier`]: validated resource identifiers, issuer identifiers and CIMD `client_id`
//!   URLs, with typed errors and the dev-only deviations a caller must report.
//! * [`prm`]: where Protected Resource Metadata lives and what a client of each version
//!   fetches, in order.
//! * [`as_metadata`]: where authorization-server metadata lives (RFC 8414 / OIDC, inserted
//!   / appended) and the 2025-03-26 origin rule.
//! * [`compare`]: `issuer` and `resource` comparisons, with the strict and MCP-lenient
//!   profiles of ambiguity A1.
//! * [`canonical`]: the MCP canonical server URI guidance.
//! * [`invariants`]: the origin- and path-preservation property, shared by the proptests and
//!   the fuzzer.

pub mod as_metadata;
pub mod canonical;
pub mod compare;
pub mod identifier;
pub mod invariants;
pub mod prm;

pub use as_metadata::{
    AsMetadataCandidate, Construction, Mcp03Discovery, MetadataKind, as_metadata_03,
    as_metadata_candidates, as_metadata_traps, as_metadata_url,
};
pub use canonical::{CanonicalProblem, canonical_resource_problems};
pub use compare::{MismatchReason, Profile, ResourceComparison, compare_resource, issuer_matches};
pub use identifier::{
    CimdClientId, IdentifierError, IdentifierErrorKind, IdentifierRole, IdentifierWarning,
    IssuerIdentifier, ResourceIdentifier,
};
pub use prm::{
    PrmCandidate, PrmSource, TrailingSlash, prm_client_order, prm_probe_urls,
    prm_well_known_path_inserted, prm_well_known_path_inserted_with, prm_well_known_root,
};

/// The RFC 9728 well-known suffix.
pub const PRM_SUFFIX: &str = "/.well-known/oauth-protected-resource";
/// The RFC 8414 well-known suffix (MCP 2026-07-28 fixes this default suffix).
pub const OAUTH_AS_SUFFIX: &str = "/.well-known/oauth-authorization-server";
/// The OpenID Connect Discovery well-known suffix.
pub const OIDC_SUFFIX: &str = "/.well-known/openid-configuration";
