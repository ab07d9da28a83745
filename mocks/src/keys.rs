//! Signing keys and the key sets authorization servers publish.
//!
//! Every mock authorization server signs with one ES256 key (ECDSA P-256 with SHA-256,
//! RFC 7518 §3.4). A [`SigningKey`] holds the private key in the three forms its users
//! need: the p256 key (for JWS this crate assembles itself), and jsonwebtoken's
//! [`EncodingKey`] / [`DecodingKey`] (for interop with that library). A [`KeySet`] is the
//! public half only, which is all a resource server ever gets.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{DecodingKey, EncodingKey};
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::elliptic_curve::sec1::ToEncodedPoint as _;
use p256::pkcs8::{DecodePrivateKey as _, EncodePrivateKey as _, EncodePublicKey as _, LineEnding};
use rand::RngCore as _;
use serde_json::{Value, json};

/// The JWS algorithm of every key here.
pub const ES256: &str = "ES256";

/// Why a key could not be made or used. Never carries key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("could not encode the private key as PKCS#8")]
    Pkcs8,
    #[error("could not encode the public key as SPKI PEM")]
    Spki,
    #[error("ECDSA signing failed")]
    Sign,
    #[error("the text is not a PKCS#8 PEM P-256 private key")]
    NotAPrivateKey,
}

/// An ES256 private key with its key ID.
#[derive(Clone)]
pub struct SigningKey {
    kid: String,
    ecdsa: p256::ecdsa::SigningKey,
    encoding: EncodingKey,
    decoding: DecodingKey,
    jwk: Value,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The kid is public; nothing else is printed.
        f.debug_struct("SigningKey").field("kid", &self.kid).field("alg", &ES256).finish()
    }
}

impl SigningKey {
    /// A fresh key with a random `kid`.
    pub fn generate() -> Result<SigningKey, KeyError> {
        Self::generate_with_kid(random_id(12))
    }

    /// A fresh key with the given `kid`.
    pub fn generate_with_kid(kid: impl Into<String>) -> Result<SigningKey, KeyError> {
        // p256 0.13 speaks rand_core 0.6 and the workspace uses rand 0.9, so the scalar is
        // drawn as bytes. `from_slice` refuses zero and values ≥ n, a 2^-128 event.
        let secret = loop {
            let mut bytes = [0u8; 32];
            rand::rng().fill_bytes(&mut bytes);
            if let Ok(secret) = p256::SecretKey::from_slice(&bytes) {
                break secret;
            }
        };
        Self::from_secret(secret, kid.into())
    }

    /// The key in a PKCS#8 PEM text (`-----BEGIN PRIVATE KEY-----`), as the official suite
    /// hands a client its key in `MCP_CONFORMANCE_CONTEXT.private_key_pem`.
    pub fn from_pkcs8_pem(pem: &str, kid: impl Into<String>) -> Result<SigningKey, KeyError> {
        let secret =
            p256::SecretKey::from_pkcs8_pem(pem.trim()).map_err(|_| KeyError::NotAPrivateKey)?;
        Self::from_secret(secret, kid.into())
    }

    fn from_secret(secret: p256::SecretKey, kid: String) -> Result<SigningKey, KeyError> {
        let der = secret.to_pkcs8_der().map_err(|_| KeyError::Pkcs8)?;
        let public = secret.public_key();
        // Uncompressed SEC1 (`04 || x || y`): what jsonwebtoken's EC decoding key holds.
        let point = public.to_encoded_point(false);
        let point = point.as_bytes();
        let (x, y) = coordinates(point);
        let jwk = json!({
            "kty": "EC",
            "crv": "P-256",
            "x": URL_SAFE_NO_PAD.encode(x),
            "y": URL_SAFE_NO_PAD.encode(y),
            "kid": kid,
            "alg": ES256,
            "use": "sig",
        });
        Ok(SigningKey {
            kid,
            ecdsa: p256::ecdsa::SigningKey::from(&secret),
            encoding: EncodingKey::from_ec_der(der.as_bytes()),
            decoding: DecodingKey::from_ec_der(point),
            jwk,
        })
    }

    /// The same private key published under another `kid` (for forgeries that reuse an
    /// issuer's key ID with a key the issuer never published).
    pub fn with_kid(&self, kid: impl Into<String>) -> SigningKey {
        let kid = kid.into();
        let mut jwk = self.jwk.clone();
        if let Some(object) = jwk.as_object_mut() {
            object.insert("kid".to_owned(), Value::from(kid.clone()));
        }
        SigningKey { kid, jwk, ..self.clone() }
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The public JWK (`kty`, `crv`, `x`, `y`, `kid`, `alg`, `use`).
    pub fn public_jwk(&self) -> &Value {
        &self.jwk
    }

    /// The public key, for verifying.
    pub fn verifying_key(&self) -> VerifyingKey {
        *self.ecdsa.verifying_key()
    }

    /// The public key as SPKI PEM text: the bytes an algorithm-confusion attacker feeds
    /// to HMAC (a verifier that lets the header pick HS256 and passes its stored public
    /// key as the HMAC secret accepts the result).
    pub fn public_key_pem(&self) -> Result<String, KeyError> {
        self.verifying_key().to_public_key_pem(LineEnding::LF).map_err(|_| KeyError::Spki)
    }

    /// jsonwebtoken's view of the private key (PKCS#8 DER).
    pub fn encoding_key(&self) -> &EncodingKey {
        &self.encoding
    }

    /// jsonwebtoken's view of the public key.
    pub fn decoding_key(&self) -> &DecodingKey {
        &self.decoding
    }

    /// The ES256 signature of `signing_input`: raw `r || s`, 64 bytes (RFC 7518 §3.4).
    /// ECDSA here is deterministic (RFC 6979), so no random source is needed.
    pub fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, KeyError> {
        let signature: Signature =
            self.ecdsa.try_sign(signing_input).map_err(|_| KeyError::Sign)?;
        Ok(signature.to_bytes().to_vec())
    }
}

/// The x and y halves of an uncompressed SEC1 point (`04 || x || y`).
fn coordinates(point: &[u8]) -> (&[u8], &[u8]) {
    let body = point.get(1..).unwrap_or_default();
    body.split_at(body.len() / 2)
}

/// A random URL-safe identifier from `octets` random bytes.
pub(crate) fn random_id(octets: usize) -> String {
    let mut bytes = vec![0u8; octets];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// One published public key.
#[derive(Clone)]
struct PublicKey {
    kid: String,
    key: VerifyingKey,
    jwk: Value,
}

/// The public keys an issuer publishes at its `jwks_uri`. Holds no private key, so it can
/// be handed to a resource server.
#[derive(Clone, Default)]
pub struct KeySet {
    keys: Vec<PublicKey>,
}

impl fmt::Debug for KeySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.keys.iter().map(|k| &k.kid)).finish()
    }
}

impl KeySet {
    /// The public halves of `keys`.
    pub fn new<'a>(keys: impl IntoIterator<Item = &'a SigningKey>) -> KeySet {
        let mut set = KeySet::default();
        for key in keys {
            set.push(key);
        }
        set
    }

    /// Publishes the public half of `key` too (for key rotation scenarios).
    pub fn push(&mut self, key: &SigningKey) {
        self.keys.push(PublicKey {
            kid: key.kid.clone(),
            key: key.verifying_key(),
            jwk: key.jwk.clone(),
        });
    }

    /// The key published under `kid`, if any.
    pub fn find(&self, kid: &str) -> Option<&VerifyingKey> {
        self.keys.iter().find(|k| k.kid == kid).map(|k| &k.key)
    }

    /// The key IDs, in publication order.
    pub fn kids(&self) -> Vec<&str> {
        self.keys.iter().map(|k| k.kid.as_str()).collect()
    }

    /// The JWK Set document (RFC 7517 §5): `{"keys":[...]}`.
    pub fn jwks(&self) -> Value {
        json!({ "keys": self.keys.iter().map(|k| k.jwk.clone()).collect::<Vec<_>>() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::Algorithm;
    use p256::ecdsa::signature::Verifier as _;

    #[test]
    fn a_pkcs8_pem_key_reads_back_to_the_same_key() {
        let key = SigningKey::generate_with_kid("k").unwrap();
        let pem = key.ecdsa.to_pkcs8_pem(LineEnding::LF).unwrap();
        let back = SigningKey::from_pkcs8_pem(&pem, "k").unwrap();
        assert_eq!(back.public_jwk(), key.public_jwk());
        let signature = Signature::from_slice(&back.sign(b"input").unwrap()).unwrap();
        assert!(key.verifying_key().verify(b"input", &signature).is_ok());
        assert_eq!(
            SigningKey::from_pkcs8_pem("not a key", "k").err(),
            Some(KeyError::NotAPrivateKey)
        );
    }

    #[test]
    fn debug_shows_only_the_kid() {
        let key = SigningKey::generate_with_kid("k1").unwrap();
        let shown = format!("{key:?}");
        assert_eq!(shown, r#"SigningKey { kid: "k1", alg: "ES256" }"#);
        let d = key.public_jwk()["x"].as_str().unwrap().to_owned();
        assert!(!shown.contains(&d));
    }

    #[test]
    fn rfc7518_3_4_signature_is_raw_r_s_and_interoperates_with_jsonwebtoken() {
        let key = SigningKey::generate().unwrap();
        let signature = key.sign(b"header.payload").unwrap();
        assert_eq!(signature.len(), 64);
        let parsed = Signature::from_slice(&signature).unwrap();
        assert!(key.verifying_key().verify(b"header.payload", &parsed).is_ok());
        let b64 = URL_SAFE_NO_PAD.encode(&signature);
        assert!(
            jsonwebtoken::crypto::verify(
                &b64,
                b"header.payload",
                key.decoding_key(),
                Algorithm::ES256
            )
            .unwrap()
        );
        assert!(
            !jsonwebtoken::crypto::verify(
                &b64,
                b"header.payloaD",
                key.decoding_key(),
                Algorithm::ES256
            )
            .unwrap()
        );
        // And jsonwebtoken's own signature with the PKCS#8 key verifies with the p256 key.
        let theirs =
            jsonwebtoken::crypto::sign(b"x.y", key.encoding_key(), Algorithm::ES256).unwrap();
        let theirs = Signature::from_slice(&URL_SAFE_NO_PAD.decode(theirs).unwrap()).unwrap();
        assert!(key.verifying_key().verify(b"x.y", &theirs).is_ok());
    }

    #[test]
    fn jwks_publishes_public_members_only() {
        let a = SigningKey::generate_with_kid("a").unwrap();
        let b = SigningKey::generate_with_kid("b").unwrap();
        let set = KeySet::new([&a, &b]);
        let jwks = set.jwks();
        let keys = jwks["keys"].as_array().unwrap();
        assert_eq!(keys.len(), 2);
        let first = keys[0].as_object().unwrap();
        let mut names: Vec<&str> = first.keys().map(String::as_str).collect();
        names.sort_unstable();
        assert_eq!(names, ["alg", "crv", "kid", "kty", "use", "x", "y"]);
        assert_eq!(first["kid"], "a");
        assert_eq!(URL_SAFE_NO_PAD.decode(first["x"].as_str().unwrap()).unwrap().len(), 32);
        assert_eq!(set.find("b"), Some(&b.verifying_key()));
        assert!(set.find("c").is_none());
        // A JWK jsonwebtoken can read back.
        let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_value(keys[1].clone()).unwrap();
        assert!(DecodingKey::from_jwk(&jwk).is_ok());
    }

    #[test]
    fn with_kid_keeps_the_private_key() {
        let a = SigningKey::generate_with_kid("a").unwrap();
        let renamed = a.with_kid("b");
        assert_eq!(renamed.kid(), "b");
        assert_eq!(renamed.public_jwk()["kid"], "b");
        assert_eq!(renamed.verifying_key(), a.verifying_key());
        assert!(a.public_key_pem().unwrap().starts_with("-----BEGIN PUBLIC KEY-----"));
    }
}
