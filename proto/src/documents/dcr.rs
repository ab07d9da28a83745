//! Dynamic Client Registration (RFC 7591), with OpenID Connect's `application_type`.
//!
//! Three documents: the client metadata a client POSTs ([`ClientMetadata`]), the client
//! information the authorization server answers with ([`RegistrationResponse`]: the
//! issued identifier and secret plus every registered metadata value), and the error
//! response ([`RegistrationError`]). Validators judge the server's answers
//! ([`validate_response`], [`validate_error`]) and the client's request
//! ([`validate_request`]). Secrets are [`Secret`]s so a parsed response can be logged.

#[cfg(feature = "arbitrary")]
pub(crate) mod fuzzing;
mod metadata;
mod validate;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::documents::Document;
use crate::json::JsonError;
use crate::member::Member;
use crate::secret::Secret;

pub(crate) use metadata::{MetadataRules, check_metadata};
pub use validate::{
    DCR_ERROR_CODES, DcrResponseContext, validate_error, validate_request, validate_response,
};

/// Client metadata (RFC 7591 §2, OIDC Registration §2 for `application_type`).
///
/// Human-readable members may also come in language-tagged variants (`client_name#fr`);
/// those stay in `extra` under their full names.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ClientMetadata {
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub redirect_uris: Member<Vec<String>>,
    /// Default `client_secret_basic` (RFC 7591 §2).
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub token_endpoint_auth_method: Member<String>,
    /// Default `["authorization_code"]`.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub grant_types: Member<Vec<String>>,
    /// Default `["code"]`.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub response_types: Member<Vec<String>>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub client_name: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub client_uri: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub logo_uri: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub scope: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub contacts: Member<Vec<String>>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub tos_uri: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub policy_uri: Member<String>,
    /// Mutually exclusive with `jwks`.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub jwks_uri: Member<String>,
    /// A JWK Set object; mutually exclusive with `jwks_uri`.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub jwks: Member<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub software_id: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub software_version: Member<String>,
    /// A signed JWT asserting metadata (RFC 7591 §2.3); returned unmodified.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub software_statement: Member<String>,
    /// `native` or `web` (OIDC; default `web`). MCP 2026-07-28 requires clients to send it.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub application_type: Member<String>,
    /// Metadata this model does not know (servers ignore what they do not understand).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ClientMetadata {
    /// Reads `bytes` with the strict reader of [`crate::json`], then as this model.
    pub fn parse(bytes: &[u8]) -> Result<Document<Self>, JsonError> {
        Document::parse(bytes)
    }

    /// The known members that are present, with their wire names, in declaration order.
    pub fn present_members(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut add = |absent: bool, name: &'static str| {
            if !absent {
                out.push(name);
            }
        };
        add(self.redirect_uris.is_absent(), "redirect_uris");
        add(self.token_endpoint_auth_method.is_absent(), "token_endpoint_auth_method");
        add(self.grant_types.is_absent(), "grant_types");
        add(self.response_types.is_absent(), "response_types");
        add(self.client_name.is_absent(), "client_name");
        add(self.client_uri.is_absent(), "client_uri");
        add(self.logo_uri.is_absent(), "logo_uri");
        add(self.scope.is_absent(), "scope");
        add(self.contacts.is_absent(), "contacts");
        add(self.tos_uri.is_absent(), "tos_uri");
        add(self.policy_uri.is_absent(), "policy_uri");
        add(self.jwks_uri.is_absent(), "jwks_uri");
        add(self.jwks.is_absent(), "jwks");
        add(self.software_id.is_absent(), "software_id");
        add(self.software_version.is_absent(), "software_version");
        add(self.software_statement.is_absent(), "software_statement");
        add(self.application_type.is_absent(), "application_type");
        out
    }

    /// The grant types in force: the member when it is a valid array, else RFC 7591's
    /// default `["authorization_code"]` when absent; `None` when unusable.
    pub fn effective_grant_types(&self) -> Option<Vec<&str>> {
        match &self.grant_types {
            Member::Absent => Some(vec!["authorization_code"]),
            Member::Valid(v) => Some(v.iter().map(String::as_str).collect()),
            _ => None,
        }
    }

    /// The response types in force (default `["code"]`), like [`Self::effective_grant_types`].
    pub fn effective_response_types(&self) -> Option<Vec<&str>> {
        match &self.response_types {
            Member::Absent => Some(vec!["code"]),
            Member::Valid(v) => Some(v.iter().map(String::as_str).collect()),
            _ => None,
        }
    }
}

/// The client information response (RFC 7591 §3.2.1): issued credentials plus every
/// registered metadata value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RegistrationResponse {
    /// REQUIRED.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub client_id: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub client_secret: Member<Secret>,
    /// Seconds since the epoch.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub client_id_issued_at: Member<u64>,
    /// Seconds since the epoch, `0` for never; REQUIRED when a secret is issued.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub client_secret_expires_at: Member<u64>,
    /// RFC 7592 management credential.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub registration_access_token: Member<Secret>,
    /// RFC 7592 client configuration endpoint.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub registration_client_uri: Member<String>,
    /// The registered metadata, and unknown members in its `extra`.
    #[serde(flatten)]
    pub metadata: ClientMetadata,
}

impl RegistrationResponse {
    /// Reads `bytes` with the strict reader of [`crate::json`], then as this model.
    pub fn parse(bytes: &[u8]) -> Result<Document<Self>, JsonError> {
        Document::parse(bytes)
    }
}

/// A registration error response (RFC 7591 §3.2.2).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RegistrationError {
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub error: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub error_description: Member<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl RegistrationError {
    /// Reads `bytes` with the strict reader of [`crate::json`], then as this model.
    pub fn parse(bytes: &[u8]) -> Result<Document<Self>, JsonError> {
        Document::parse(bytes)
    }
}

#[cfg(feature = "arbitrary")]
pub(crate) const METADATA_SHAPES: &[(&str, fuzzing::Shape)] = {
    use fuzzing::Shape;
    &[
        ("redirect_uris", Shape::UrlArray),
        ("token_endpoint_auth_method", Shape::Text),
        ("grant_types", Shape::TextArray),
        ("response_types", Shape::TextArray),
        ("client_name", Shape::Text),
        ("client_uri", Shape::Url),
        ("logo_uri", Shape::Url),
        ("scope", Shape::Scope),
        ("contacts", Shape::TextArray),
        ("tos_uri", Shape::Url),
        ("policy_uri", Shape::Url),
        ("jwks_uri", Shape::Url),
        ("jwks", Shape::Object),
        ("software_id", Shape::Text),
        ("software_version", Shape::Text),
        ("software_statement", Shape::Text),
        ("application_type", Shape::Text),
    ]
};

#[cfg(feature = "arbitrary")]
impl ClientMetadata {
    /// A JSON object with this model's member names and mixed-type values, for fuzzing.
    pub fn arbitrary_document(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Value> {
        Ok(Value::Object(fuzzing::object(u, METADATA_SHAPES)?))
    }
}

#[cfg(feature = "arbitrary")]
impl RegistrationResponse {
    /// A JSON object with this model's member names and mixed-type values, for fuzzing.
    pub fn arbitrary_document(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Value> {
        use fuzzing::Shape;
        let mut object = fuzzing::object(
            u,
            &[
                ("client_id", Shape::Text),
                ("client_secret", Shape::Text),
                ("client_id_issued_at", Shape::Integer),
                ("client_secret_expires_at", Shape::Integer),
                ("registration_access_token", Shape::Text),
                ("registration_client_uri", Shape::Url),
            ],
        )?;
        object.extend(fuzzing::object(u, METADATA_SHAPES)?);
        Ok(Value::Object(object))
    }
}

#[cfg(feature = "arbitrary")]
impl RegistrationError {
    /// A JSON object with this model's member names and mixed-type values, for fuzzing.
    pub fn arbitrary_document(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Value> {
        use fuzzing::Shape;
        Ok(Value::Object(fuzzing::object(
            u,
            &[("error", Shape::Text), ("error_description", Shape::Text)],
        )?))
    }
}

/// The finding for a registration response body the strict JSON reader refused.
pub fn json_error_finding(error: &JsonError) -> crate::finding::Finding {
    crate::documents::checks::json_error_finding(
        crate::requirements::AS_DCR_RESPONSE,
        error,
        "the client registration response",
        "RFC 7591 §3.2.1",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_flattens_metadata_and_keeps_unknown_members() {
        let raw = br#"{"client_id":"c1","client_secret":"s3cr3t-value","client_secret_expires_at":0,
            "redirect_uris":["http://127.0.0.1/cb"],"grant_types":"authorization_code","x-vendor":true}"#;
        let doc = RegistrationResponse::parse(raw).unwrap();
        let r = &doc.typed;
        assert_eq!(r.client_id.valid().map(String::as_str), Some("c1"));
        assert_eq!(r.metadata.redirect_uris.valid().map(Vec::len), Some(1));
        assert_eq!(r.metadata.grant_types, Member::Invalid(Value::from("authorization_code")));
        assert_eq!(r.metadata.extra.get("x-vendor"), Some(&Value::Bool(true)));
        assert!(!format!("{doc:?}").contains("s3cr3t-value"));
        let again = serde_json::to_vec(r).unwrap();
        assert_eq!(&RegistrationResponse::parse(&again).unwrap().typed, r);
    }

    #[test]
    fn defaults_apply_only_when_absent() {
        let m = ClientMetadata::default();
        assert_eq!(m.effective_grant_types(), Some(vec!["authorization_code"]));
        assert_eq!(m.effective_response_types(), Some(vec!["code"]));
        let m = ClientMetadata { grant_types: Member::Null, ..Default::default() };
        assert_eq!(m.effective_grant_types(), None);
        let m = ClientMetadata { scope: "a".to_owned().into(), ..Default::default() };
        assert_eq!(m.present_members(), vec!["scope"]);
    }
}
