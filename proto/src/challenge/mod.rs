//! `WWW-Authenticate` challenges (RFC 9110 §11, RFC 6750 §3, RFC 9728 §5.1).
//!
//! Three readings of the same bytes:
//!
//! * [`parse_strict`] implements the RFC 9110 §11 grammar as a recipient must (several
//!   challenges per field, several fields combined as one list, token68 look-ahead, BWS,
//!   empty list elements, quoted-pair unescaping) and refuses everything else with a
//!   [`ChallengeError`] that says which field, which byte and what rule. Checks use it.
//! * [`parse_lenient`] never fails: it reads what a forgiving client would read (unquoted
//!   URLs, an unterminated last quote, the first of duplicate parameters) and lists every
//!   deviation it forgave. Where strict parsing succeeds, the lenient reading is identical
//!   and lists nothing; where it fails, the first deviation is the strict error.
//! * [`analyze`] judges a resource server's challenges against the catalogue and returns
//!   [`Finding`](crate::Finding)s.
//!
//! [`serialize`] writes challenges back so that strict parsing returns them unchanged.
//! Every reading is bounded by [`crate::limits`] and linear in its input.

mod analyze;
#[cfg(feature = "arbitrary")]
mod arbitrary;
pub(crate) mod chars;
mod error;
pub(crate) mod parse;
mod serialize;

use std::collections::BTreeMap;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

pub use analyze::{ChallengeAnalysis, ChallengeContext, analyze};
#[cfg(feature = "arbitrary")]
pub use arbitrary::{ARBITRARY_MAX_CHALLENGES, arbitrary_challenges};
pub use error::{ChallengeError, ChallengeErrorKind};
pub use serialize::serialize;

/// How the bytes of a parameter value decoded. obs-text (0x80–0xFF) is legal inside a
/// quoted-string, but RFC 6750 parameters allow ASCII only, so validators need to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ValueEncoding {
    /// Only ASCII bytes.
    #[default]
    Ascii,
    /// Bytes above 0x7F that form valid UTF-8.
    Utf8,
    /// Bytes above 0x7F that are not valid UTF-8; [`AuthParam::value`] holds a lossy
    /// decoding (U+FFFD for each invalid sequence).
    NonUtf8,
}

/// One `name=value` auth-param of a challenge.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AuthParam {
    /// The name as sent; names compare case-insensitively.
    pub name: String,
    /// The value, quoted-pairs unescaped.
    pub value: String,
    /// Whether the value was sent as a quoted-string (rather than a token).
    pub quoted: bool,
    /// Whether the value's bytes were ASCII, UTF-8, or neither.
    pub encoding: ValueEncoding,
}

impl AuthParam {
    /// A param as a well-behaved sender writes it: quoted, encoding taken from the value.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        let value = value.into();
        let encoding = if value.is_ascii() { ValueEncoding::Ascii } else { ValueEncoding::Utf8 };
        Self { name: name.into(), value, quoted: true, encoding }
    }

    /// Whether the name is `name`, ignoring ASCII case.
    pub fn name_is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

/// One challenge: an auth-scheme with either a token68 or auth-params (or neither).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Challenge {
    /// The scheme as sent; schemes compare case-insensitively.
    pub scheme: String,
    /// The token68, when the challenge carries one instead of auth-params.
    pub token68: Option<String>,
    /// The auth-params in the order sent.
    pub params: Vec<AuthParam>,
}

impl Challenge {
    /// A challenge with no token68 and no params.
    pub fn new(scheme: impl Into<String>) -> Self {
        Self { scheme: scheme.into(), token68: None, params: Vec::new() }
    }

    /// Adds a quoted param (builder style).
    pub fn with_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push(AuthParam::new(name, value));
        self
    }

    /// Whether the scheme is `scheme`, ignoring ASCII case (RFC 9110 §11.1).
    pub fn scheme_is(&self, scheme: &str) -> bool {
        self.scheme.eq_ignore_ascii_case(scheme)
    }

    /// Whether this is a `Bearer` challenge (any case).
    pub fn is_bearer(&self) -> bool {
        self.scheme_is("Bearer")
    }

    /// The value of the first param named `name`, ignoring ASCII case.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.auth_param(name).map(|p| p.value.as_str())
    }

    /// The first param named `name`, ignoring ASCII case, with how it was sent.
    pub fn auth_param(&self, name: &str) -> Option<&AuthParam> {
        self.params.iter().find(|p| p.name_is(name))
    }

    /// Whether [`serialize`] can write this challenge so that strict parsing returns it
    /// unchanged: scheme and names are tokens, names are unique (ignoring case) and at most
    /// [`crate::limits::MAX_PARAMS_PER_CHALLENGE`], a token68 stands alone, values hold no
    /// control character other than HTAB, and every param is marked quoted with the
    /// encoding of its value.
    pub fn is_well_formed(&self) -> bool {
        let names_unique = self.params.iter().enumerate().all(|(i, p)| {
            self.params.iter().skip(i + 1).all(|q| !q.name.eq_ignore_ascii_case(&p.name))
        });
        chars::is_token(&self.scheme)
            && names_unique
            && self.params.len() <= crate::limits::MAX_PARAMS_PER_CHALLENGE
            && match &self.token68 {
                Some(t) => self.params.is_empty() && chars::is_token68(t),
                None => true,
            }
            && self.params.iter().all(|p| {
                chars::is_token(&p.name)
                    && p.quoted
                    && p.encoding == AuthParam::new("", p.value.as_str()).encoding
                    && !p.value.bytes().any(chars::is_ctl)
            })
    }
}

/// The JSON the CLI prints: `{"scheme", "params": {lowercased name: value}, "token68"}`.
/// Params are sorted by name; of duplicates (only possible in hand-built values) the first
/// wins, as in the lenient reading.
impl Serialize for Challenge {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut params = BTreeMap::new();
        for p in &self.params {
            params.entry(p.name.to_ascii_lowercase()).or_insert(p.value.as_str());
        }
        let mut s = serializer.serialize_struct("Challenge", 3)?;
        s.serialize_field("scheme", &self.scheme)?;
        s.serialize_field("params", &params)?;
        s.serialize_field("token68", &self.token68)?;
        s.end()
    }
}

/// Strictly parses the `WWW-Authenticate` field values of one response.
///
/// `fields` are the values of every `WWW-Authenticate` field line, in order; they are read
/// as one comma-separated list (RFC 9110 §5.3). An empty slice, or fields holding only
/// whitespace and commas, yield no challenges.
pub fn parse_strict(fields: &[&[u8]]) -> Result<Vec<Challenge>, ChallengeError> {
    parse::read(fields, parse::Mode::Strict).map(|outcome| outcome.challenges)
}

/// What a forgiving client reads, and every rule it had to forgive to read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LenientReading {
    /// The challenges as a forgiving client reads them.
    pub challenges: Vec<Challenge>,
    /// Each deviation is the error strict parsing would report at that point, in input
    /// order; at most 64 are listed.
    pub deviations: Vec<ChallengeError>,
    /// Deviations beyond those listed.
    pub unlisted_deviations: usize,
}

impl LenientReading {
    /// Whether the reading forgave nothing (then it equals the strict parse).
    pub fn is_clean(&self) -> bool {
        self.deviations.is_empty() && self.unlisted_deviations == 0
    }
}

/// Reads the field values as a forgiving client would; never fails.
///
/// Recoveries, each recorded as a deviation: an unquoted value with non-token characters
/// (`resource_metadata=https://…`) is read up to the next comma or whitespace; an
/// unterminated quoted-string ends at the end of its field; of duplicate params the
/// FIRST is kept; a fold becomes SP; control characters inside a quoted-string are
/// dropped; HTAB after a scheme is read as SP; a missing comma is read as present; a param
/// without scheme, after a token68, beyond the per-challenge bound, or without value is
/// dropped; any other broken element is skipped up to the next comma. A field over the
/// size bound is skipped, and reading stops at the total or challenge-count bound.
pub fn parse_lenient(fields: &[&[u8]]) -> LenientReading {
    match parse::read(fields, parse::Mode::Lenient) {
        Ok(outcome) => LenientReading {
            challenges: outcome.challenges,
            deviations: outcome.deviations,
            unlisted_deviations: outcome.unlisted_deviations,
        },
        // Lenient mode records instead of failing; keep the types honest anyway.
        Err(error) => LenientReading {
            challenges: Vec::new(),
            deviations: vec![error],
            unlisted_deviations: 0,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessors_ignore_case() {
        let c = Challenge::new("bEaReR").with_param("Resource_Metadata", "https://m.test/prm");
        assert!(c.is_bearer());
        assert!(c.scheme_is("BEARER"));
        assert_eq!(c.param("resource_metadata"), Some("https://m.test/prm"));
        assert_eq!(c.param("scope"), None);
        assert!(c.is_well_formed());
    }

    #[test]
    fn serializes_as_the_cli_json_shape() {
        let c = Challenge::new("Bearer").with_param("Scope", "a b").with_param("realm", "x");
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(
            json,
            r#"{"scheme":"Bearer","params":{"realm":"x","scope":"a b"},"token68":null}"#
        );
        let t = Challenge { token68: Some("abc==".into()), ..Challenge::new("Basic") };
        assert_eq!(
            serde_json::to_value(&t).unwrap(),
            serde_json::json!({"scheme": "Basic", "params": {}, "token68": "abc=="})
        );
    }

    #[test]
    fn well_formedness_rejects_what_cannot_round_trip() {
        assert!(!Challenge::new("Bear er").is_well_formed());
        assert!(!Challenge::new("B").with_param("a", "1").with_param("A", "2").is_well_formed());
        assert!(!Challenge::new("B").with_param("a", "x\ny").is_well_formed());
        let mut unquoted = Challenge::new("B").with_param("a", "1");
        unquoted.params[0].quoted = false;
        assert!(!unquoted.is_well_formed());
        let both =
            Challenge { token68: Some("t".into()), ..Challenge::new("B").with_param("a", "") };
        assert!(!both.is_well_formed());
    }

    #[test]
    fn obs_text_decodes_and_is_recorded() {
        let c = &parse_strict(&[b"Bearer realm=\"\x80\xff\", x=\"caf\xc3\xa9\""]).unwrap()[0];
        assert_eq!(c.auth_param("realm").unwrap().encoding, ValueEncoding::NonUtf8);
        assert_eq!(c.param("realm"), Some("\u{fffd}\u{fffd}"));
        assert_eq!(c.auth_param("x").unwrap().encoding, ValueEncoding::Utf8);
        assert_eq!(c.param("x"), Some("caf\u{e9}"));
    }
}
