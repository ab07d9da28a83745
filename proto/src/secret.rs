//! [`Secret`]: a string that must never reach a log, a report or a panic message.
//!
//! Access tokens, refresh tokens, client secrets, authorization codes and PKCE verifiers
//! are all `Secret`. `Debug` shows only the length and a short fingerprint (enough to tell
//! two secrets apart in a transcript); the value is reachable only through
//! [`Secret::expose`], so every place that reveals it is greppable.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself. Call only to put it on the wire or to compare it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A stable, non-reversible tag for transcripts: the first 8 hex digits of SHA-256.
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::digest(self.0.as_bytes());
        digest.iter().take(4).map(|b| format!("{b:02x}")).collect()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret(<redacted {} bytes, sha256:{}>)", self.0.len(), self.fingerprint())
    }
}

impl Serialize for Secret {
    /// Serializes the real value: documents carrying secrets must go over the wire intact.
    /// Reports redact before they serialize.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("eyJhbGciOiJSUzI1NiJ9.super-secret");
        let shown = format!("{s:?}");
        assert!(!shown.contains("super-secret"), "{shown}");
        assert!(shown.contains("33 bytes"), "{shown}");
        assert_eq!(s.fingerprint().len(), 8);
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"eyJhbGciOiJSUzI1NiJ9.super-secret\"");
    }
}
