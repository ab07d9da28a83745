//! Token endpoint responses (OAuth 2.1 §3.2.3) and error responses (OAuth 2.1 §3.2.4).
//!
//! [`TokenResponse`] and [`TokenError`] read whatever an authorization server answers;
//! [`validate_response`] and [`validate_error`] report what breaks `AS-TOKEN-RESPONSE`,
//! `AS-TOKEN-ERRORS` and (as information) `AS-SHORT-LIVED`. Tokens are [`Secret`]s, so a
//! parsed response can be logged without leaking them.

mod headers;
mod validate;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::documents::Document;
use crate::json::JsonError;
use crate::member::Member;
use crate::secret::Secret;

pub use headers::{
    cache_control_has_no_store, is_error_text_char, is_error_uri_char, is_json_media_type,
};
pub(crate) use validate::check_json_content_type;
pub use validate::{
    SHORT_LIVED_SECONDS, TOKEN_ERROR_CODES, TokenErrorContext, TokenResponseContext,
    validate_error, validate_response,
};

/// A successful access token response (OAuth 2.1 §3.2.3).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TokenResponse {
    /// REQUIRED.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub access_token: Member<Secret>,
    /// REQUIRED; compared case-insensitively (`Bearer`).
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub token_type: Member<String>,
    /// RECOMMENDED; lifetime in seconds.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub expires_in: Member<u64>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub refresh_token: Member<Secret>,
    /// OPTIONAL if identical to the requested scope, otherwise REQUIRED.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub scope: Member<String>,
    /// OpenID Connect ID token, when `openid` was requested.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub id_token: Member<Secret>,
    /// Members this model does not know; clients ignore them (OAuth 2.1 §3.2.3).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl TokenResponse {
    /// Reads `bytes` with the strict reader of [`crate::json`], then as this model.
    pub fn parse(bytes: &[u8]) -> Result<Document<Self>, JsonError> {
        Document::parse(bytes)
    }
}

/// An error response of the token endpoint (OAuth 2.1 §3.2.4).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TokenError {
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub error: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub error_description: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub error_uri: Member<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl TokenError {
    /// Reads `bytes` with the strict reader of [`crate::json`], then as this model.
    pub fn parse(bytes: &[u8]) -> Result<Document<Self>, JsonError> {
        Document::parse(bytes)
    }
}

#[cfg(feature = "arbitrary")]
impl TokenResponse {
    /// A JSON object with this model's member names and mixed-type values, for fuzzing.
    pub fn arbitrary_document(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Value> {
        use super::dcr::fuzzing::{Shape, object};
        Ok(Value::Object(object(
            u,
            &[
                ("access_token", Shape::Text),
                ("token_type", Shape::Text),
                ("expires_in", Shape::Integer),
                ("refresh_token", Shape::Text),
                ("scope", Shape::Scope),
                ("id_token", Shape::Text),
            ],
        )?))
    }
}

#[cfg(feature = "arbitrary")]
impl TokenError {
    /// A JSON object with this model's member names and mixed-type values, for fuzzing.
    pub fn arbitrary_document(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Value> {
        use super::dcr::fuzzing::{Shape, object};
        Ok(Value::Object(object(
            u,
            &[
                ("error", Shape::Text),
                ("error_description", Shape::Text),
                ("error_uri", Shape::Url),
            ],
        )?))
    }
}

/// The finding for a token response body the strict JSON reader refused.
pub fn json_error_finding(error: &JsonError) -> crate::finding::Finding {
    crate::documents::checks::json_error_finding(
        crate::requirements::AS_TOKEN_RESPONSE,
        error,
        "the token response",
        "OAuth 2.1 §3.2.3",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_tokens_and_round_trip_keeps_wrong_types() {
        let raw =
            br#"{"access_token":"at-very-secret","token_type":"Bearer","expires_in":"3600","x":1}"#;
        let doc = TokenResponse::parse(raw).unwrap();
        let shown = format!("{doc:?}");
        assert!(!shown.contains("at-very-secret"), "{shown}");
        assert_eq!(doc.typed.expires_in, Member::Invalid(Value::from("3600")));
        let again = serde_json::to_vec(&doc.typed).unwrap();
        assert_eq!(TokenResponse::parse(&again).unwrap().typed, doc.typed);
        assert_eq!(serde_json::from_slice::<Value>(&again).unwrap()["expires_in"], "3600");
    }
}
