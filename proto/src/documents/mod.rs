//! Typed models of the JSON documents of MCP authorization.
//!
//! Every model is read through the strict reader in [`crate::json`] (no duplicate members,
//! bounded size and depth), keeps the raw bytes and the untyped object, and holds each known
//! member as a [`crate::Member`] so that a wrong type is reported by the validator instead of
//! discarding the document. Unknown members are kept in `extra`.

pub mod as_metadata;
pub mod checks;
pub mod cimd;
pub mod dcr;
pub mod introspection;
pub mod jwt;
pub mod prm;
pub mod token;

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::json::{JsonError, JsonErrorKind, parse_object};

/// Declares a string newtype for a protocol identifier that is kept exactly as sent (never
/// normalised), so comparisons see what the target wrote.
macro_rules! exact_string {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}
pub(crate) use exact_string;

/// A JSON document as a target sent it: the bytes, the object, and the typed reading.
#[derive(Clone)]
pub struct Document<T> {
    /// The bytes exactly as received.
    pub raw: Vec<u8>,
    /// The object, every member included.
    pub object: Map<String, Value>,
    /// The typed reading.
    pub typed: T,
}

impl<T: fmt::Debug> fmt::Debug for Document<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The typed model redacts its secrets; the raw bytes and object may hold them, so
        // they are summarised, never printed.
        f.debug_struct("Document")
            .field("raw_len", &self.raw.len())
            .field("members", &self.object.len())
            .field("typed", &self.typed)
            .finish()
    }
}

impl<T: DeserializeOwned> Document<T> {
    /// Reads `bytes` as a JSON object and then as `T`.
    pub fn parse(bytes: &[u8]) -> Result<Self, JsonError> {
        let object = parse_object(bytes)?;
        // Models hold every member as `Member<_>` plus a flattened map, so this cannot fail
        // for any object; the error arm keeps that assumption from becoming a panic.
        let typed = T::deserialize(Value::Object(object.clone())).map_err(|e| JsonError {
            kind: JsonErrorKind::Syntax { line: 0, column: 0, message: e.to_string() },
            raw: bytes.to_vec(),
        })?;
        Ok(Document { raw: bytes.to_vec(), object, typed })
    }
}
