//! Structure-aware JSON generators for the fuzz targets (feature `arbitrary`).
//!
//! The models hold every member as [`crate::Member`], which has no `Arbitrary` impl of its
//! own, so the fuzz inputs are built one level lower: JSON objects that use the model's
//! member names, each member absent, plausible, or of a wrong type. Parsing such an object
//! exercises every `Member` state, and plausible values reach the deeper checks (URL rules,
//! scope grammar, audience comparison) that random bytes would almost never reach.
//!
//! Shared by the registration, CIMD, token, introspection and JWT generators.

use arbitrary::{Result, Unstructured};
use serde_json::{Map, Number, Value};

/// What a plausible value of a member looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Text,
    Url,
    Integer,
    Boolean,
    TextArray,
    UrlArray,
    Object,
    /// A string or an array of strings (JWT / introspection `aud`).
    Audience,
    Scope,
}

/// Deepest nesting of the wrong-typed values generated here, far below the reader's limit.
const MAX_DEPTH: usize = 3;

const URLS: &[&str] = &[
    "https://client.example/cb",
    "http://127.0.0.1:3000/callback",
    "http://localhost/cb",
    "https://client.example/cb#frag",
    "http://evil.example/cb",
    "javascript:alert(1)",
    "/relative",
    "https://user@client.example/cb",
    "https://client.example/./a/../b",
    "com.example.app:/oauth",
];

const WORDS: &[&str] = &[
    "authorization_code",
    "refresh_token",
    "code",
    "none",
    "client_secret_basic",
    "private_key_jwt",
    "native",
    "web",
    "Bearer",
    "at+jwt",
    "RS256",
    "HS256",
    "files:read",
    "",
];

/// An object with the given members, each absent, plausible or wrong-typed, plus at times
/// an unknown member.
pub(crate) fn object(
    u: &mut Unstructured<'_>,
    members: &[(&str, Shape)],
) -> Result<Map<String, Value>> {
    let mut map = Map::new();
    for &(name, shape) in members {
        match u.int_in_range(0..=5u8)? {
            0 | 1 => {}
            2..=4 => {
                map.insert(name.to_owned(), plausible(u, shape)?);
            }
            _ => {
                map.insert(name.to_owned(), any_value(u, 0)?);
            }
        }
    }
    if u.ratio(1, 8)? {
        let name: String = u.arbitrary()?;
        let value = any_value(u, 0)?;
        map.insert(name, value);
    }
    Ok(map)
}

fn word(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(1, 4)? {
        return u.arbitrary();
    }
    Ok(u.choose(WORDS)?.to_string())
}

fn url(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(1, 5)? {
        return u.arbitrary();
    }
    Ok(u.choose(URLS)?.to_string())
}

/// A value of the member's expected type (its content may still break a rule).
pub(crate) fn plausible(u: &mut Unstructured<'_>, shape: Shape) -> Result<Value> {
    Ok(match shape {
        Shape::Text => Value::String(word(u)?),
        Shape::Url => Value::String(url(u)?),
        Shape::Integer => {
            let n: u32 = u.arbitrary()?;
            Value::from(n)
        }
        Shape::Boolean => Value::Bool(u.arbitrary()?),
        Shape::TextArray => {
            let len = u.int_in_range(0..=3usize)?;
            Value::Array((0..len).map(|_| word(u).map(Value::String)).collect::<Result<_>>()?)
        }
        Shape::UrlArray => {
            let len = u.int_in_range(0..=3usize)?;
            Value::Array((0..len).map(|_| url(u).map(Value::String)).collect::<Result<_>>()?)
        }
        Shape::Object => {
            let mut m = Map::new();
            m.insert("keys".to_owned(), Value::Array(Vec::new()));
            Value::Object(m)
        }
        Shape::Audience => {
            if u.arbitrary()? {
                Value::String(url(u)?)
            } else {
                plausible(u, Shape::UrlArray)?
            }
        }
        Shape::Scope => {
            let len = u.int_in_range(1..=3usize)?;
            let words = (0..len).map(|_| word(u)).collect::<Result<Vec<_>>>()?;
            Value::String(words.join(" "))
        }
    })
}

/// Any JSON value, nesting bounded by [`MAX_DEPTH`].
pub(crate) fn any_value(u: &mut Unstructured<'_>, depth: usize) -> Result<Value> {
    let pick = if depth >= MAX_DEPTH { u.int_in_range(0..=4u8)? } else { u.int_in_range(0..=6u8)? };
    Ok(match pick {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => {
            let n: i64 = u.arbitrary()?;
            Value::from(n)
        }
        3 => {
            // Quarter steps only: without serde_json's `float_roundtrip` feature, reading
            // a long fraction back may differ in the last bit, which would break the
            // round-trip property for reasons outside the models.
            let n: i32 = u.arbitrary()?;
            Number::from_f64(f64::from(n) / 4.0).map_or(Value::Null, Value::Number)
        }
        4 => Value::String(u.arbitrary()?),
        5 => {
            let len = u.int_in_range(0..=3usize)?;
            Value::Array((0..len).map(|_| any_value(u, depth + 1)).collect::<Result<_>>()?)
        }
        _ => {
            let len = u.int_in_range(0..=3usize)?;
            let mut m = Map::new();
            for _ in 0..len {
                let k: String = u.arbitrary()?;
                let v = any_value(u, depth + 1)?;
                m.insert(k, v);
            }
            Value::Object(m)
        }
    })
}

#[cfg(test)]
mod tests {
    use crate::documents::cimd::{self, ClientIdMetadataDocument};
    use crate::documents::dcr::{self, ClientMetadata, RegistrationError, RegistrationResponse};
    use crate::documents::introspection::{self, IntrospectionResponse};
    use crate::documents::jwt::{AccessTokenClaims, JoseHeader};
    use crate::documents::token::{self, TokenError, TokenResponse};
    use arbitrary::Unstructured;
    use serde_json::Value;

    /// Deterministic pseudo-random bytes (xorshift), so the test needs no fuzzer.
    fn bytes(seed: u64) -> Vec<u8> {
        let mut x = seed | 1;
        (0..512)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x.to_le_bytes()[0]
            })
            .collect()
    }

    fn round_trip<T>(value: &Value) -> crate::documents::Document<T>
    where
        T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
    {
        let doc = crate::documents::Document::<T>::parse(value.to_string().as_bytes()).unwrap();
        let again = serde_json::to_vec(&doc.typed).unwrap();
        assert_eq!(crate::documents::Document::<T>::parse(&again).unwrap().typed, doc.typed);
        doc
    }

    #[test]
    fn generated_documents_parse_validate_and_round_trip() {
        for seed in 0..200u64 {
            let data = bytes(seed);
            let u = &mut Unstructured::new(&data);
            let v = ClientMetadata::arbitrary_document(u).unwrap();
            let _ = dcr::validate_request(&round_trip(&v), crate::SpecVersion::LATEST);
            let v = RegistrationResponse::arbitrary_document(u).unwrap();
            let _ = dcr::validate_response(&round_trip(&v), &Default::default());
            let v = RegistrationError::arbitrary_document(u).unwrap();
            let _ = dcr::validate_error(&round_trip(&v), 400, None);
            let v = ClientIdMetadataDocument::arbitrary_document(u).unwrap();
            let _ = cimd::validate(&round_trip(&v), &Default::default());
            let v = TokenResponse::arbitrary_document(u).unwrap();
            let _ = token::validate_response(&round_trip(&v), &Default::default());
            let v = TokenError::arbitrary_document(u).unwrap();
            let _ = token::validate_error(&round_trip(&v), &Default::default());
            let v = IntrospectionResponse::arbitrary_document(u).unwrap();
            let _ = introspection::validate(&round_trip(&v));
            round_trip::<JoseHeader>(&JoseHeader::arbitrary_document(u).unwrap());
            round_trip::<AccessTokenClaims>(&AccessTokenClaims::arbitrary_document(u).unwrap());
        }
    }
}
