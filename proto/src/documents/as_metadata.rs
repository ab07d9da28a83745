//! Authorization server metadata: OAuth 2.0 Authorization Server Metadata (RFC 8414) and
//! OpenID Connect Discovery 1.0 provider metadata, read as one model.
//!
//! [`AuthorizationServerMetadata`] holds the RFC 8414 §2 members, the extensions MCP relies
//! on (RFC 9207 `authorization_response_iss_parameter_supported`, CIMD
//! `client_id_metadata_document_supported`, RFC 9728 §4 `protected_resources`, PAR, DPoP,
//! mTLS, RAR, device authorization) and the OpenID Connect Discovery §3 members, each as a
//! [`Member`]. [`validate`] judges a document against the `AS-META-*` rows under an
//! [`AsMetadataContext`] whose [`MetadataFlavour`] says which of the two specifications the
//! document was fetched as.
//!
//! The `issuer` comparison is exact (RFC 8414 §3.3, §4; OIDC Discovery §4.3): a trailing
//! slash or a letter's case is a different issuer.

mod validate;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::documents::prm::support::Shape;
use crate::documents::{Document, checks};
use crate::finding::Finding;
use crate::json::JsonError;
use crate::member::Member;
use crate::requirements::AS_META_PUBLISHED;
use crate::spec_version::SpecVersion;

pub use validate::validate;

crate::documents::exact_string! {
    /// An issuer identifier (RFC 8414 §2), exactly as sent: never normalised, so that the
    /// comparisons of RFC 8414 §3.3 and RFC 9207 see what the target wrote.
    Issuer
}

/// Declares the model and its member table from one list, so that the fuzz generator and the
/// model can never disagree on a member name.
macro_rules! metadata_model {
    ($( $(#[$doc:meta])* $name:ident : $ty:ty = $shape:ident ),* $(,)?) => {
        /// An RFC 8414 / OpenID Connect Discovery metadata document.
        #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
        pub struct AuthorizationServerMetadata {
            $(
                $(#[$doc])*
                #[serde(default, skip_serializing_if = "Member::is_absent")]
                pub $name: Member<$ty>,
            )*
            /// Every other member, kept as sent (RFC 8414 §3.2: unknown members are ignored).
            #[serde(flatten)]
            pub extra: serde_json::Map<String, Value>,
        }

        /// Every member name this model knows, with its JSON shape.
        const MEMBERS: &[(&str, Shape)] = &[ $( (stringify!($name), Shape::$shape) ),* ];
    };
}

metadata_model! {
    /// The issuer identifier; REQUIRED, must equal the issuer the document was fetched for.
    issuer: Issuer = Url,
    /// REQUIRED for MCP (the authorization code flow starts here); the client opens it.
    authorization_endpoint: String = Url,
    /// REQUIRED unless only the implicit grant is supported, which OAuth 2.1 removed.
    token_endpoint: String = Url,
    /// JWK Set URL; REQUIRED by OIDC Discovery.
    jwks_uri: String = Url,
    /// RFC 7591 registration endpoint; its presence means DCR is offered.
    registration_endpoint: String = Url,
    scopes_supported: Vec<String> = Strings,
    /// REQUIRED; must contain `code`.
    response_types_supported: Vec<String> = Strings,
    response_modes_supported: Vec<String> = Strings,
    grant_types_supported: Vec<String> = Strings,
    token_endpoint_auth_methods_supported: Vec<String> = Strings,
    /// Never `none` (RFC 8414 §2).
    token_endpoint_auth_signing_alg_values_supported: Vec<String> = Strings,
    service_documentation: String = Url,
    ui_locales_supported: Vec<String> = Strings,
    op_policy_uri: String = Url,
    op_tos_uri: String = Url,
    /// RFC 7009 revocation endpoint.
    revocation_endpoint: String = Url,
    revocation_endpoint_auth_methods_supported: Vec<String> = Strings,
    revocation_endpoint_auth_signing_alg_values_supported: Vec<String> = Strings,
    /// RFC 7662 introspection endpoint.
    introspection_endpoint: String = Url,
    introspection_endpoint_auth_methods_supported: Vec<String> = Strings,
    introspection_endpoint_auth_signing_alg_values_supported: Vec<String> = Strings,
    /// PKCE methods (`S256`, `plain`; case-sensitive); MCP 11+ clients refuse without it.
    code_challenge_methods_supported: Vec<String> = Strings,
    /// A JWS-signed JWT of metadata values (RFC 8414 §2.1).
    signed_metadata: String = Jwt,
    /// RFC 9207 §3: the AS sends `iss` in authorization responses.
    authorization_response_iss_parameter_supported: bool = Bool,
    /// CIMD §5: the AS accepts URL client IDs that name a metadata document.
    client_id_metadata_document_supported: bool = Bool,
    /// RFC 9728 §4: resources this AS issues tokens for.
    protected_resources: Vec<String> = Strings,
    /// RFC 9126 pushed authorization request endpoint.
    pushed_authorization_request_endpoint: String = Url,
    require_pushed_authorization_requests: bool = Bool,
    /// RFC 8628 device authorization endpoint.
    device_authorization_endpoint: String = Url,
    /// RFC 8705 §3.3.
    tls_client_certificate_bound_access_tokens: bool = Bool,
    /// RFC 9449 §5.1; never `none`.
    dpop_signing_alg_values_supported: Vec<String> = Strings,
    /// RFC 9396 §10.
    authorization_details_types_supported: Vec<String> = Strings,
    /// OIDC Discovery §3: RECOMMENDED, https.
    userinfo_endpoint: String = Url,
    acr_values_supported: Vec<String> = Strings,
    /// OIDC Discovery §3: REQUIRED (`pairwise`, `public`).
    subject_types_supported: Vec<String> = Strings,
    /// OIDC Discovery §3: REQUIRED, must include `RS256`.
    id_token_signing_alg_values_supported: Vec<String> = Strings,
    id_token_encryption_alg_values_supported: Vec<String> = Strings,
    id_token_encryption_enc_values_supported: Vec<String> = Strings,
    userinfo_signing_alg_values_supported: Vec<String> = Strings,
    userinfo_encryption_alg_values_supported: Vec<String> = Strings,
    userinfo_encryption_enc_values_supported: Vec<String> = Strings,
    request_object_signing_alg_values_supported: Vec<String> = Strings,
    request_object_encryption_alg_values_supported: Vec<String> = Strings,
    request_object_encryption_enc_values_supported: Vec<String> = Strings,
    display_values_supported: Vec<String> = Strings,
    claim_types_supported: Vec<String> = Strings,
    claims_supported: Vec<String> = Strings,
    claims_locales_supported: Vec<String> = Strings,
    claims_parameter_supported: bool = Bool,
    request_parameter_supported: bool = Bool,
    request_uri_parameter_supported: bool = Bool,
    require_request_uri_registration: bool = Bool,
}

impl AuthorizationServerMetadata {
    /// Reads `bytes` with the strict JSON reader.
    pub fn parse(bytes: &[u8]) -> Result<Document<Self>, JsonError> {
        Document::parse(bytes)
    }
}

/// Which specification the document was fetched as; it decides the required members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MetadataFlavour {
    /// RFC 8414 (`/.well-known/oauth-authorization-server`).
    #[default]
    Oauth,
    /// OpenID Connect Discovery 1.0 (`/.well-known/openid-configuration`), which adds
    /// `jwks_uri`, `subject_types_supported` and `id_token_signing_alg_values_supported`.
    OpenId,
}

/// What [`validate`] needs to know beyond the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsMetadataContext {
    /// The issuer the metadata URL was built from; `None` skips the comparison.
    pub expected_issuer: Option<String>,
    pub flavour: MetadataFlavour,
    /// The MCP revision the target claims.
    pub spec_version: SpecVersion,
}

impl Default for AsMetadataContext {
    fn default() -> Self {
        Self {
            expected_issuer: None,
            flavour: MetadataFlavour::Oauth,
            spec_version: SpecVersion::LATEST,
        }
    }
}

/// Judges the HTTP response that carried an AS metadata document (`AS-META-PUBLISHED`,
/// RFC 8414 §3.2, OIDC Discovery §4.2): 200 with media type `application/json`.
pub fn check_http_response(status: u16, content_type: Option<&str>) -> Vec<Finding> {
    checks::http_response_findings(
        AS_META_PUBLISHED,
        status,
        content_type,
        "the authorization server metadata response",
        "RFC 8414 §3.2",
    )
}

/// The `AS-META-PUBLISHED` MUST finding for a body the strict reader refused (invalid JSON,
/// duplicate member, not an object, BOM, too large, too deep).
pub fn json_error_finding(error: &JsonError) -> Finding {
    checks::json_error_finding(
        AS_META_PUBLISHED,
        error,
        "the authorization server metadata document",
        "RFC 8414 §3.2",
    )
}

/// The names of the members [`AuthorizationServerMetadata`] types; every other name lands
/// in `extra`.
pub fn member_names() -> impl Iterator<Item = &'static str> {
    MEMBERS.iter().map(|(name, _)| *name)
}

/// A fuzz input: a JSON object with the AS metadata member names and a mix of plausible,
/// hostile, wrong-typed and `null` values, plus an unknown member.
#[cfg(feature = "arbitrary")]
pub fn arbitrary_document(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Value> {
    crate::documents::prm::support::arbitrary_object(u, MEMBERS, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_table_matches_the_model() {
        let full: serde_json::Map<String, Value> =
            MEMBERS.iter().map(|(name, _)| ((*name).to_owned(), Value::from(1))).collect();
        let doc = AuthorizationServerMetadata::parse(
            serde_json::to_string(&full).unwrap_or_default().as_bytes(),
        )
        .unwrap();
        assert!(doc.typed.extra.is_empty(), "{:?}", doc.typed.extra.keys());
        let names: std::collections::BTreeSet<&str> = member_names().collect();
        assert_eq!(names.len(), MEMBERS.len(), "a member is listed twice");
        for oidc in ["userinfo_endpoint", "subject_types_supported", "claims_supported"] {
            assert!(names.contains(oidc), "{oidc}");
        }
    }

    #[cfg(feature = "arbitrary")]
    #[test]
    fn arbitrary_documents_parse_validate_and_round_trip() {
        let findings = crate::documents::prm::support::exercise_generator::<
            AuthorizationServerMetadata,
        >(arbitrary_document, |doc| {
            validate(doc, &AsMetadataContext::default())
        });
        assert!(findings > 0, "the generator should produce broken documents");
    }

    #[test]
    fn as_meta_published_json_errors_map_to_must() {
        let err = AuthorizationServerMetadata::parse(b"[]").err().unwrap();
        let finding = json_error_finding(&err);
        assert_eq!(finding.requirement, AS_META_PUBLISHED);
        assert_eq!(finding.level, crate::Level::Must);
        assert!(finding.message.contains("not a JSON object"), "{}", finding.message);
    }
}
