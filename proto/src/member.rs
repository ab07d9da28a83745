//! [`Member`]: one member of a JSON object as a target sent it.
//!
//! Typed models must not throw a whole document away because one member has the wrong
//! type: a validator has to say *which* member is wrong, and a mock has to be able to send
//! a wrong type on purpose. So every member of a typed model is a `Member<T>`, which is
//! absent, `null`, a value of the expected type, or whatever else was there.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::json::JsonType;

/// One member of a JSON object.
///
/// Use with `#[serde(default, skip_serializing_if = "Member::is_absent")]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Member<T> {
    /// The member is not in the object.
    #[default]
    Absent,
    /// The member is present with the value `null`.
    Null,
    /// The member has the expected type.
    Valid(T),
    /// The member is present with a value of another type (kept as sent).
    Invalid(Value),
}

impl<T> Member<T> {
    pub fn is_absent(&self) -> bool {
        matches!(self, Member::Absent)
    }

    /// The value when it has the expected type.
    pub fn valid(&self) -> Option<&T> {
        match self {
            Member::Valid(v) => Some(v),
            _ => None,
        }
    }

    pub fn into_valid(self) -> Option<T> {
        match self {
            Member::Valid(v) => Some(v),
            _ => None,
        }
    }

    /// The JSON type that was present instead of the expected one, for messages.
    pub fn invalid_type(&self) -> Option<JsonType> {
        match self {
            Member::Invalid(v) => Some(JsonType::of(v)),
            Member::Null => Some(JsonType::Null),
            _ => None,
        }
    }
}

impl<T> From<T> for Member<T> {
    fn from(value: T) -> Self {
        Member::Valid(value)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Member<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Only reached when the member is present; absence comes from `#[serde(default)]`.
        let value = Value::deserialize(deserializer)?;
        if value.is_null() {
            return Ok(Member::Null);
        }
        Ok(match T::deserialize(&value) {
            Ok(v) => Member::Valid(v),
            Err(_) => Member::Invalid(value),
        })
    }
}

impl<T: Serialize> Serialize for Member<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Only reached without `skip_serializing_if`; `null` is the closest honest value.
            Member::Absent | Member::Null => serializer.serialize_unit(),
            Member::Valid(v) => v.serialize(serializer),
            Member::Invalid(v) => v.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, Serialize)]
    struct Doc {
        #[serde(default, skip_serializing_if = "Member::is_absent")]
        issuer: Member<String>,
        #[serde(default, skip_serializing_if = "Member::is_absent")]
        list: Member<Vec<String>>,
        #[serde(flatten)]
        extra: serde_json::Map<String, Value>,
    }

    #[test]
    fn keeps_each_member_as_sent() {
        let doc: Doc =
            serde_json::from_str(r#"{"issuer":42,"list":["a"],"x-extra":{"k":1}}"#).unwrap();
        assert_eq!(doc.issuer, Member::Invalid(Value::from(42)));
        assert_eq!(doc.list.valid().unwrap(), &vec!["a".to_owned()]);
        assert_eq!(doc.extra["x-extra"]["k"], 1);
        let doc: Doc = serde_json::from_str(r#"{"issuer":null}"#).unwrap();
        assert_eq!(doc.issuer, Member::Null);
        assert!(doc.list.is_absent());
    }

    #[test]
    fn serializes_wrong_types_verbatim_so_mocks_can_lie() {
        let doc = Doc {
            issuer: Member::Invalid(Value::from(7)),
            list: Member::Absent,
            extra: serde_json::Map::new(),
        };
        assert_eq!(serde_json::to_string(&doc).unwrap(), r#"{"issuer":7}"#);
    }
}
