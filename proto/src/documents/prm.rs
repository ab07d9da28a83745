//! OAuth 2.0 Protected Resource Metadata (RFC 9728), the document an MCP server publishes
//! so that clients can find its authorization servers.
//!
//! [`ProtectedResourceMetadata`] holds every member of RFC 9728 §2 (plus the DPoP and
//! RFC 9396 members) as a [`Member`], so a wrong type is kept and reported rather than
//! failing the whole read, and serializing the model sends it back byte-for-byte in meaning —
//! which is what a hostile mock needs. [`validate`] judges a document against the catalogue
//! rows `RS-PRM-*` under a [`PrmContext`]; [`check_http_response`] and [`json_error_finding`]
//! judge what came before the body could be read.
//!
//! The `resource` comparison is exact (RFC 9728 §3.3, §6): no case folding, no
//! percent-decoding, no trailing-slash forgiveness. [`ResourceProfile::McpLenient`] accepts
//! the readings that MCP SDKs accept (ambiguities A1 and A3 of the catalogue), and says so
//! with an [`Level::Info`](crate::Level::Info) finding instead of staying silent.

mod signed;
pub(crate) mod support;
mod validate;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::documents::as_metadata::Issuer;
use crate::documents::{Document, checks};
use crate::finding::Finding;
use crate::json::JsonError;
use crate::member::Member;
use crate::requirements::RS_PRM_HTTP;
use crate::spec_version::SpecVersion;

pub use validate::validate;

crate::documents::exact_string! {
    /// A protected resource identifier (RFC 9728 §1.2), exactly as sent: never normalised, so
    /// that comparisons see what the target wrote.
    ResourceId
}

/// An RFC 9728 Protected Resource Metadata document.
///
/// Human-readable members with a language tag (`resource_name#fr`, RFC 9728 §2.1) stay in
/// [`ProtectedResourceMetadata::extra`]; the validator recognises and type-checks them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ProtectedResourceMetadata {
    /// The resource identifier; REQUIRED, must equal the URL the document was found for.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub resource: Member<ResourceId>,
    /// Issuer identifiers of the authorization servers; REQUIRED and non-empty in MCP 06+.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub authorization_servers: Member<Vec<Issuer>>,
    /// The resource's JWK Set URL (https).
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub jwks_uri: Member<String>,
    /// Scope values used to request access to this resource.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub scopes_supported: Member<Vec<String>>,
    /// Ways to present a bearer token: `header`, `body`, `query`; `[]` means none.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub bearer_methods_supported: Member<Vec<String>>,
    /// JWS algorithms the resource signs responses with; never `none`.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub resource_signing_alg_values_supported: Member<Vec<String>>,
    /// Human-readable name of the resource.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub resource_name: Member<String>,
    /// URL of developer documentation.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub resource_documentation: Member<String>,
    /// URL of the data-use policy.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub resource_policy_uri: Member<String>,
    /// URL of the terms of service.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub resource_tos_uri: Member<String>,
    /// RFC 8705 mutual-TLS certificate-bound access tokens (default false).
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub tls_client_certificate_bound_access_tokens: Member<bool>,
    /// RFC 9396 authorization details types.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub authorization_details_types_supported: Member<Vec<String>>,
    /// RFC 9449 DPoP proof algorithms.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub dpop_signing_alg_values_supported: Member<Vec<String>>,
    /// RFC 9449: the resource always requires DPoP-bound tokens (default false).
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub dpop_bound_access_tokens_required: Member<bool>,
    /// A JWS-signed JWT whose claims are metadata values (RFC 9728 §2.2).
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub signed_metadata: Member<String>,
    /// Every other member, kept as sent (RFC 9728 §3.2: unknown members are ignored).
    #[serde(flatten)]
    pub extra: serde_json::Map<String, Value>,
}

impl ProtectedResourceMetadata {
    /// Reads `bytes` with the strict JSON reader.
    pub fn parse(bytes: &[u8]) -> Result<Document<Self>, JsonError> {
        Document::parse(bytes)
    }
}

/// How `resource` is compared with the expected resource identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResourceProfile {
    /// RFC 9728 §3.3 as written: identical strings, anything else is a MUST violation.
    #[default]
    Strict,
    /// What MCP SDKs accept (catalogue A1, A3): same `scheme://authority` with the document's
    /// path a segment-boundary prefix of the expected path, a trailing-slash-only difference,
    /// or a case-only difference in scheme or host. Reported at `Info`, never silently.
    McpLenient,
}

/// What [`validate`] needs to know beyond the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrmContext {
    /// The resource identifier the document was fetched for (the MCP server URL for a
    /// path-inserted or header-supplied PRM URL, the origin for the root well-known URL).
    /// `None` skips the comparison.
    pub expected_resource: Option<String>,
    /// The MCP revision the target claims.
    pub spec_version: SpecVersion,
    pub profile: ResourceProfile,
}

impl Default for PrmContext {
    fn default() -> Self {
        Self {
            expected_resource: None,
            spec_version: SpecVersion::LATEST,
            profile: ResourceProfile::Strict,
        }
    }
}

/// Judges the HTTP response that carried a PRM document (`RS-PRM-HTTP`, RFC 9728 §3.2): 200
/// with media type `application/json` (parameters allowed, type case-insensitive).
pub fn check_http_response(status: u16, content_type: Option<&str>) -> Vec<Finding> {
    checks::http_response_findings(
        RS_PRM_HTTP,
        status,
        content_type,
        "the protected resource metadata response",
        "RFC 9728 §3.2",
    )
}

/// The `RS-PRM-HTTP` MUST finding for a body the strict reader refused (invalid JSON,
/// duplicate member, not an object, BOM, too large, too deep).
pub fn json_error_finding(error: &JsonError) -> Finding {
    checks::json_error_finding(
        RS_PRM_HTTP,
        error,
        "the protected resource metadata document",
        "RFC 9728 §3.2",
    )
}

/// The human-readable members that may carry a language tag (RFC 9728 §2.1).
pub const LANGUAGE_TAGGED_MEMBERS: [&str; 4] =
    ["resource_name", "resource_documentation", "resource_policy_uri", "resource_tos_uri"];

/// Every member name of RFC 9728 §2 this model knows, with its JSON shape.
const MEMBERS: &[(&str, support::Shape)] = {
    use support::Shape::{Bool, Jwt, Strings, Text, Url};
    &[
        ("resource", Url),
        ("authorization_servers", Strings),
        ("jwks_uri", Url),
        ("scopes_supported", Strings),
        ("bearer_methods_supported", Strings),
        ("resource_signing_alg_values_supported", Strings),
        ("resource_name", Text),
        ("resource_documentation", Url),
        ("resource_policy_uri", Url),
        ("resource_tos_uri", Url),
        ("tls_client_certificate_bound_access_tokens", Bool),
        ("authorization_details_types_supported", Strings),
        ("dpop_signing_alg_values_supported", Strings),
        ("dpop_bound_access_tokens_required", Bool),
        ("signed_metadata", Jwt),
    ]
};

/// The names of the members [`ProtectedResourceMetadata`] types, in RFC 9728 §2 order;
/// every other name lands in `extra`.
pub fn member_names() -> impl Iterator<Item = &'static str> {
    MEMBERS.iter().map(|(name, _)| *name)
}

/// A fuzz input: a JSON object with the PRM member names and a mix of plausible, hostile,
/// wrong-typed and `null` values, plus language-tagged and unknown members.
#[cfg(feature = "arbitrary")]
pub fn arbitrary_document(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Value> {
    support::arbitrary_object(u, MEMBERS, &LANGUAGE_TAGGED_MEMBERS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_table_matches_the_model() {
        let full: serde_json::Map<String, Value> =
            MEMBERS.iter().map(|(name, _)| ((*name).to_owned(), Value::from(1))).collect();
        let doc = ProtectedResourceMetadata::parse(
            serde_json::to_string(&full).unwrap_or_default().as_bytes(),
        )
        .unwrap();
        // Every listed member is a typed field, so none falls through to `extra`.
        assert!(doc.typed.extra.is_empty(), "{:?}", doc.typed.extra.keys());
        assert!(matches!(doc.typed.signed_metadata, Member::Invalid(_)));
    }

    #[test]
    fn keeps_language_tagged_members_in_extra() {
        let doc = ProtectedResourceMetadata::parse(
            br#"{"resource":"https://mcp.example.test/mcp","resource_name#fr":"Serveur"}"#,
        )
        .unwrap();
        assert_eq!(doc.typed.extra["resource_name#fr"], "Serveur");
        assert_eq!(
            doc.typed.resource.valid().map(ResourceId::as_str),
            Some("https://mcp.example.test/mcp")
        );
    }

    #[cfg(feature = "arbitrary")]
    #[test]
    fn arbitrary_documents_parse_validate_and_round_trip() {
        let findings =
            support::exercise_generator::<ProtectedResourceMetadata>(arbitrary_document, |doc| {
                validate(doc, &PrmContext::default())
            });
        assert!(findings > 0, "the generator should produce broken documents");
    }

    #[test]
    fn rs_prm_http_json_errors_map_to_must() {
        let err =
            ProtectedResourceMetadata::parse(br#"{"resource":"a","resource":"b"}"#).err().unwrap();
        let finding = json_error_finding(&err);
        assert_eq!(finding.requirement, RS_PRM_HTTP);
        assert_eq!(finding.level, crate::Level::Must);
        assert!(finding.message.contains("parser-differential"));
        assert_eq!(finding.path.unwrap().as_str(), "$['resource']");
    }
}
