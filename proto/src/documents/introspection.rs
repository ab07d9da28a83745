//! Token introspection responses (RFC 7662 §2.2).
//!
//! A resource server that introspects opaque tokens trusts this document for everything a
//! JWT would otherwise say: whether the token is active, for which audience, until when.
//! [`validate`] reports a malformed response under `RS-TOKEN-INACTIVE` (the row that rests
//! on introspection), and [`IntrospectionResponse::check_active_for`] encodes what the
//! resource server must conclude from a well-formed one.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::documents::Document;
use crate::documents::checks::{Findings, Rule};
use crate::documents::jwt::Audience;
use crate::finding::{Finding, JsonPath, Level};
use crate::json::JsonError;
use crate::member::Member;
use crate::requirements::RS_TOKEN_INACTIVE;
use crate::scope::Scope;

/// An introspection response. Times are integer seconds since the epoch (RFC 7662 §2.2).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct IntrospectionResponse {
    /// REQUIRED.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub active: Member<bool>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub scope: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub client_id: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub username: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub token_type: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub exp: Member<u64>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub iat: Member<u64>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub nbf: Member<u64>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub sub: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub aud: Member<Audience>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub iss: Member<String>,
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub jti: Member<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Why a resource server must not accept the introspected token for a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InactiveReason {
    #[error("active is not true")]
    NotActive,
    #[error("aud is missing or malformed, so the audience cannot be confirmed")]
    NoAudience,
    #[error("aud does not contain the resource")]
    WrongAudience,
    #[error("exp is malformed")]
    BadExpiry,
    #[error("exp has passed")]
    Expired,
    #[error("nbf is malformed")]
    BadNotBefore,
    #[error("nbf is in the future")]
    NotYetValid,
}

impl IntrospectionResponse {
    /// Reads `bytes` with the strict reader of [`crate::json`], then as this model.
    pub fn parse(bytes: &[u8]) -> Result<Document<Self>, JsonError> {
        Document::parse(bytes)
    }

    /// Whether a resource server at `resource` may accept the token at time `now`: `active`
    /// is `true`, `aud` contains `resource` exactly (MCP audience binding), `exp` (when
    /// present) is after `now` and `nbf` (when present) is not after `now`. A malformed
    /// member refuses, never guesses.
    pub fn check_active_for(&self, resource: &str, now: u64) -> Result<(), InactiveReason> {
        if self.active != Member::Valid(true) {
            return Err(InactiveReason::NotActive);
        }
        match &self.aud {
            Member::Valid(aud) if aud.contains(resource) => {}
            Member::Valid(_) => return Err(InactiveReason::WrongAudience),
            _ => return Err(InactiveReason::NoAudience),
        }
        match self.exp {
            Member::Absent => {}
            Member::Valid(exp) if now < exp => {}
            Member::Valid(_) => return Err(InactiveReason::Expired),
            _ => return Err(InactiveReason::BadExpiry),
        }
        match self.nbf {
            Member::Absent => {}
            Member::Valid(nbf) if nbf <= now => {}
            Member::Valid(_) => return Err(InactiveReason::NotYetValid),
            _ => return Err(InactiveReason::BadNotBefore),
        }
        Ok(())
    }

    /// [`Self::check_active_for`] as a yes/no answer.
    pub fn is_active_for(&self, resource: &str, now: u64) -> bool {
        self.check_active_for(resource, now).is_ok()
    }
}

/// Validates an introspection response: `active` present and boolean, every other member
/// of the type RFC 7662 §2.2 gives it. There is no context: the document alone decides.
pub fn validate(doc: &Document<IntrospectionResponse>) -> Vec<Finding> {
    let rule = Rule::new(RS_TOKEN_INACTIVE, Level::Must);
    let mut f = Findings::new();
    let r = &doc.typed;
    let root = JsonPath::root();
    let path = root.key("active");
    f.require_present(&r.active, rule, &path, "active");
    f.typed(&r.active, rule, &path, "a boolean");
    let path = root.key("scope");
    if let Some(scope) = f.typed(&r.scope, rule, &path, "a string")
        && let Err(e) = Scope::parse(scope)
    {
        f.report(rule, &path, format!("is not a valid scope string: {e}"));
    }
    for (name, member) in
        [("client_id", &r.client_id), ("username", &r.username), ("token_type", &r.token_type)]
    {
        f.typed(member, rule, &root.key(name), "a string");
    }
    for (name, member) in [("exp", &r.exp), ("iat", &r.iat), ("nbf", &r.nbf)] {
        f.typed(member, rule, &root.key(name), "an integer number of seconds since the epoch");
    }
    f.typed(&r.sub, rule, &root.key("sub"), "a string");
    f.typed(&r.aud, rule, &root.key("aud"), "a string or an array of strings");
    f.typed(&r.iss, rule, &root.key("iss"), "a string");
    f.typed(&r.jti, rule, &root.key("jti"), "a string");
    f.into_vec()
}

#[cfg(feature = "arbitrary")]
impl IntrospectionResponse {
    /// A JSON object with this model's member names and mixed-type values, for fuzzing.
    pub fn arbitrary_document(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Value> {
        use super::dcr::fuzzing::{Shape, object};
        Ok(Value::Object(object(
            u,
            &[
                ("active", Shape::Boolean),
                ("scope", Shape::Scope),
                ("client_id", Shape::Text),
                ("username", Shape::Text),
                ("token_type", Shape::Text),
                ("exp", Shape::Integer),
                ("iat", Shape::Integer),
                ("nbf", Shape::Integer),
                ("sub", Shape::Text),
                ("aud", Shape::Audience),
                ("iss", Shape::Url),
                ("jti", Shape::Text),
            ],
        )?))
    }
}

/// The finding for an introspection response body the strict JSON reader refused.
pub fn json_error_finding(error: &JsonError) -> Finding {
    crate::documents::checks::json_error_finding(
        RS_TOKEN_INACTIVE,
        error,
        "the introspection response",
        "RFC 7662 §2.2",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::FindingsExt;

    const R: &str = "https://mcp.example/mcp";

    fn parse(json: &str) -> Document<IntrospectionResponse> {
        IntrospectionResponse::parse(json.as_bytes()).unwrap()
    }

    #[test]
    fn rs_token_inactive_active_is_required_boolean() {
        assert!(validate(&parse(r#"{"active":false}"#)).is_empty());
        let fs = validate(&parse(r#"{"scope":"a"}"#));
        assert!(fs.has_must() && fs[0].message.contains("active"));
        let fs = validate(&parse(r#"{"active":"true","exp":1.5,"aud":[1]}"#));
        assert_eq!(fs.len(), 3, "{fs:?}");
        assert!(fs.iter().all(|f| f.requirement == RS_TOKEN_INACTIVE && f.level == Level::Must));
    }

    #[test]
    fn rfc7662_active_for_resource_time_and_audience() {
        let ok =
            parse(&format!(r#"{{"active":true,"aud":["x","{R}"],"exp":200,"nbf":100}}"#)).typed;
        assert_eq!(ok.check_active_for(R, 150), Ok(()));
        assert_eq!(ok.check_active_for(R, 200), Err(InactiveReason::Expired));
        assert_eq!(ok.check_active_for(R, 99), Err(InactiveReason::NotYetValid));
        assert_eq!(
            ok.check_active_for("https://mcp.example/mcp/", 150),
            Err(InactiveReason::WrongAudience)
        );
        let t = parse(&format!(r#"{{"active":"true","aud":"{R}"}}"#)).typed;
        assert_eq!(t.check_active_for(R, 1), Err(InactiveReason::NotActive));
        let t = parse(r#"{"active":true}"#).typed;
        assert_eq!(t.check_active_for(R, 1), Err(InactiveReason::NoAudience));
        let t = parse(&format!(r#"{{"active":true,"aud":"{R}","exp":"9"}}"#)).typed;
        assert!(!t.is_active_for(R, 1));
    }
}
