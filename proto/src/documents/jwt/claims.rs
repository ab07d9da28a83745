//! The JOSE header (RFC 7515 §4.1) and the JWT access-token claims (RFC 9068 §2.2).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

use crate::member::Member;

/// The `aud` claim: one string or an array of strings (RFC 7519 §4.1.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Audience {
    One(String),
    Many(Vec<String>),
}

impl Audience {
    /// The audience values, in the order sent.
    pub fn values(&self) -> Vec<&str> {
        match self {
            Audience::One(a) => vec![a.as_str()],
            Audience::Many(list) => list.iter().map(String::as_str).collect(),
        }
    }

    /// Whether `audience` is one of the values, by exact string comparison (RFC 7519
    /// §4.1.3: no normalisation; a trailing slash or a different case is another audience).
    pub fn contains(&self, audience: &str) -> bool {
        self.values().contains(&audience)
    }
}

/// A JWT NumericDate (RFC 7519 §2): seconds since the epoch, possibly fractional. Kept as
/// the JSON number that was sent, so a token re-serializes byte for byte.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NumericDate(pub Number);

impl NumericDate {
    pub fn from_seconds(seconds: u64) -> Self {
        Self(Number::from(seconds))
    }

    /// The value in seconds, as a float (exact for every date before the year 285 million).
    pub fn seconds(&self) -> f64 {
        self.0.as_f64().unwrap_or(f64::NAN)
    }
}

/// The JOSE header of a JWS (RFC 7515 §4.1).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct JoseHeader {
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub alg: Member<String>,
    /// `at+jwt` for RFC 9068 access tokens.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub typ: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub kid: Member<String>,
    /// A URL to fetch keys from: must not be honoured by a resource server.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub jku: Member<String>,
    /// A URL to fetch a certificate from: must not be honoured by a resource server.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub x5u: Member<String>,
    /// An embedded key: must not be trusted by a resource server.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub jwk: Member<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub crit: Member<Vec<String>>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub cty: Member<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The claims of a JWT access token (RFC 9068 §2.2).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AccessTokenClaims {
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub iss: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub exp: Member<NumericDate>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub aud: Member<Audience>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub sub: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub client_id: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub iat: Member<NumericDate>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub jti: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub scope: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub auth_time: Member<NumericDate>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub acr: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub amr: Member<Vec<String>>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub nbf: Member<NumericDate>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(feature = "arbitrary")]
impl JoseHeader {
    /// A JSON object with this model's member names and mixed-type values, for fuzzing.
    pub fn arbitrary_document(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Value> {
        use crate::documents::dcr::fuzzing::{Shape, object};
        Ok(Value::Object(object(
            u,
            &[
                ("alg", Shape::Text),
                ("typ", Shape::Text),
                ("kid", Shape::Text),
                ("jku", Shape::Url),
                ("x5u", Shape::Url),
                ("jwk", Shape::Object),
                ("crit", Shape::TextArray),
                ("cty", Shape::Text),
            ],
        )?))
    }
}

#[cfg(feature = "arbitrary")]
impl AccessTokenClaims {
    /// A JSON object with this model's member names and mixed-type values, for fuzzing.
    pub fn arbitrary_document(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Value> {
        use crate::documents::dcr::fuzzing::{Shape, object};
        Ok(Value::Object(object(
            u,
            &[
                ("iss", Shape::Url),
                ("exp", Shape::Integer),
                ("aud", Shape::Audience),
                ("sub", Shape::Text),
                ("client_id", Shape::Text),
                ("iat", Shape::Integer),
                ("jti", Shape::Text),
                ("scope", Shape::Scope),
                ("auth_time", Shape::Integer),
                ("acr", Shape::Text),
                ("amr", Shape::TextArray),
                ("nbf", Shape::Integer),
            ],
        )?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7519_4_1_3_audience_is_string_or_array_compared_exactly() {
        let one: Audience = serde_json::from_str(r#""https://mcp.example/mcp""#).unwrap();
        assert!(one.contains("https://mcp.example/mcp"));
        assert!(!one.contains("https://mcp.example/mcp/"));
        let many: Audience = serde_json::from_str(r#"["a","https://MCP.example/mcp"]"#).unwrap();
        assert!(!many.contains("https://mcp.example/mcp"));
        assert_eq!(many.values(), ["a", "https://MCP.example/mcp"]);
        assert_eq!(serde_json::to_string(&many).unwrap(), r#"["a","https://MCP.example/mcp"]"#);
    }

    #[test]
    fn numeric_dates_keep_their_json_form() {
        let claims: AccessTokenClaims =
            serde_json::from_str(r#"{"exp":1700000000,"nbf":1.5,"iat":"1"}"#).unwrap();
        assert_eq!(claims.exp.valid().map(NumericDate::seconds), Some(1_700_000_000.0));
        assert_eq!(claims.iat, Member::Invalid(Value::from("1")));
        assert_eq!(
            serde_json::to_string(&claims).unwrap(),
            r#"{"exp":1700000000,"iat":"1","nbf":1.5}"#
        );
    }
}
