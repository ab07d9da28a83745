//! A strict JSON reader for documents that come from targets.
//!
//! `serde_json::from_slice` silently keeps the last of two members with the same name, so
//! `{"issuer":"https://evil","issuer":"https://as"}` reads as the honest issuer while a
//! different parser downstream may see the evil one. This reader refuses duplicate names,
//! a byte-order mark, invalid UTF-8, excessive size and excessive nesting, and says where.
//! It returns a plain [`serde_json::Value`] that typed models then deserialize from.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::finding::JsonPath;
use crate::limits::{MAX_DOCUMENT_BYTES, MAX_JSON_DEPTH};

/// The JSON type of a value, for messages such as "expected an object, found an array".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
}

impl JsonType {
    pub fn of(value: &Value) -> Self {
        match value {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Boolean,
            Value::Number(_) => JsonType::Number,
            Value::String(_) => JsonType::String,
            Value::Array(_) => JsonType::Array,
            Value::Object(_) => JsonType::Object,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "a boolean",
            JsonType::Number => "a number",
            JsonType::String => "a string",
            JsonType::Array => "an array",
            JsonType::Object => "an object",
        }
    }
}

impl fmt::Display for JsonType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a document could not be read as a JSON object.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonErrorKind {
    #[error("document is {len} bytes, more than the {limit}-byte limit")]
    TooLarge { len: usize, limit: usize },
    #[error("document is empty")]
    Empty,
    #[error(
        "document starts with a UTF-8 byte-order mark, which JSON senders must not add (RFC 8259 §8.1)"
    )]
    ByteOrderMark,
    #[error("document is not valid UTF-8 (first bad byte at offset {valid_up_to})")]
    NotUtf8 { valid_up_to: usize },
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Syntax { line: usize, column: usize, message: String },
    #[error("member {path} appears more than once; readers disagree on which value wins")]
    DuplicateMember { path: JsonPath },
    #[error("nesting deeper than {limit} levels at {path}")]
    TooDeep { path: JsonPath, limit: usize },
    #[error("top-level value is {found}, not a JSON object")]
    NotAnObject { found: JsonType },
}

/// A document that could not be read, with the bytes it was read from.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct JsonError {
    pub kind: JsonErrorKind,
    /// The input, kept so a report can show what the target sent (up to the size limit).
    pub raw: Vec<u8>,
}

impl fmt::Debug for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonError")
            .field("kind", &self.kind)
            .field("raw_len", &self.raw.len())
            .finish()
    }
}

/// Reads `bytes` as a JSON object under the strict rules above.
pub fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, JsonError> {
    match parse_value(bytes)? {
        Value::Object(map) => Ok(map),
        other => Err(JsonError {
            kind: JsonErrorKind::NotAnObject { found: JsonType::of(&other) },
            raw: bytes.to_vec(),
        }),
    }
}

/// Reads `bytes` as any JSON value under the strict rules above.
pub fn parse_value(bytes: &[u8]) -> Result<Value, JsonError> {
    let fail = |kind| {
        Err(JsonError { kind, raw: bytes.iter().copied().take(MAX_DOCUMENT_BYTES).collect() })
    };
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return fail(JsonErrorKind::TooLarge { len: bytes.len(), limit: MAX_DOCUMENT_BYTES });
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return fail(JsonErrorKind::ByteOrderMark);
    }
    if let Err(e) = std::str::from_utf8(bytes) {
        return fail(JsonErrorKind::NotUtf8 { valid_up_to: e.valid_up_to() });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return fail(JsonErrorKind::Empty);
    }
    let violation = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let seed = StrictSeed { path: JsonPath::root(), depth: 0, violation: &violation };
    let result = seed.deserialize(&mut de).and_then(|v| de.end().map(|()| v));
    match (result, violation.into_inner()) {
        (_, Some(kind)) => fail(kind),
        (Ok(value), None) => Ok(value),
        (Err(e), None) => fail(JsonErrorKind::Syntax {
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        }),
    }
}

/// serde_json appends " at line L column C"; we report those as fields.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message.get(..i).unwrap_or(message).to_owned(),
        None => message.to_owned(),
    }
}

struct StrictSeed<'v> {
    path: JsonPath,
    depth: usize,
    violation: &'v RefCell<Option<JsonErrorKind>>,
}

impl StrictSeed<'_> {
    fn fail<E: de::Error>(&self, kind: JsonErrorKind) -> E {
        let message = kind.to_string();
        self.violation.borrow_mut().get_or_insert(kind);
        E::custom(message)
    }

    fn nested(&self, path: JsonPath) -> StrictSeed<'_> {
        StrictSeed { path, depth: self.depth + 1, violation: self.violation }
    }
}

impl<'de> DeserializeSeed<'de> for StrictSeed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        if self.depth >= MAX_JSON_DEPTH {
            return Err(self
                .fail(JsonErrorKind::TooDeep { path: self.path.clone(), limit: MAX_JSON_DEPTH }));
        }
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(self.nested(self.path.index(out.len())))? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        if self.depth >= MAX_JSON_DEPTH {
            return Err(self
                .fail(JsonErrorKind::TooDeep { path: self.path.clone(), limit: MAX_JSON_DEPTH }));
        }
        let mut seen = BTreeSet::new();
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = self.path.key(&key);
            if !seen.insert(key.clone()) {
                return Err(self.fail(JsonErrorKind::DuplicateMember { path }));
            }
            let value = map.next_value_seed(self.nested(path))?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(input: &[u8]) -> JsonErrorKind {
        parse_object(input).unwrap_err().kind
    }

    #[test]
    fn accepts_an_ordinary_object() {
        let map = parse_object(br#"{"issuer":"https://as.test","n":[1,2.5,null,true]}"#).unwrap();
        assert_eq!(map["issuer"], "https://as.test");
    }

    #[test]
    fn refuses_duplicate_members_with_their_path() {
        assert_eq!(
            kind(br#"{"issuer":"https://evil","issuer":"https://as"}"#),
            JsonErrorKind::DuplicateMember { path: JsonPath::root().key("issuer") }
        );
        assert_eq!(
            kind(br#"{"a":[{"b":1,"b":2}]}"#),
            JsonErrorKind::DuplicateMember { path: JsonPath::root().key("a").index(0).key("b") }
        );
    }

    #[test]
    fn refuses_what_is_not_an_object() {
        assert_eq!(kind(b"[1]"), JsonErrorKind::NotAnObject { found: JsonType::Array });
        assert_eq!(kind(b"  "), JsonErrorKind::Empty);
        assert_eq!(kind(b"\xEF\xBB\xBF{}"), JsonErrorKind::ByteOrderMark);
        assert_eq!(kind(b"{\"a\":\"\xff\"}"), JsonErrorKind::NotUtf8 { valid_up_to: 6 });
        assert!(matches!(kind(b"<html>"), JsonErrorKind::Syntax { line: 1, column: 1, .. }));
        assert!(matches!(kind(b"{} x"), JsonErrorKind::Syntax { .. }));
    }

    #[test]
    fn bounds_depth_and_size() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let wrapped = format!("{{\"a\":{deep}}}");
        assert!(matches!(
            kind(wrapped.as_bytes()),
            JsonErrorKind::TooDeep { limit: MAX_JSON_DEPTH, .. }
        ));
        let big = vec![b' '; MAX_DOCUMENT_BYTES + 1];
        assert!(matches!(kind(&big), JsonErrorKind::TooLarge { .. }));
    }
}
