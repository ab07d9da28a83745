//! The hostile tokens: each [`Forgery`] is one attack a resource server must refuse
//! (RFC 8725 §2, §3; RFC 9068 §4; RFC 7515 §4.1.11).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{AccessTokenSpec, MintError, Minter, encode_segment, offset, sign_es256};

/// The name every [`Forgery::CritUnknown`] token marks critical; no implementation knows it.
pub const UNKNOWN_CRITICAL: &str = "urn:mcp-auth-harness:unknown-critical";

/// How a minted token departs from a valid one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Forgery {
    /// No forgery: a valid token.
    None,
    /// Header `alg: none` and an empty signature (an unsecured JWS, RFC 7519 §6).
    AlgNone,
    /// `alg: HS256` with the issuer's public key (SPKI PEM text) as the HMAC secret: the
    /// algorithm-confusion attack (RFC 8725 §2.1).
    Hs256WithPublicKey,
    /// Signed by a key the issuer never published; `same_kid` labels it with the issuer's
    /// `kid`, otherwise with the attacker key's own.
    ForeignKey { same_kid: bool },
    /// Signed by the issuer's real key, labelled with a `kid` the issuer never published.
    UnknownKid,
    /// Signed by the attacker key, which rides along in the `jwk` header (RFC 8725 §3.10).
    EmbeddedJwk,
    /// Signed by the attacker key, with `jku` pointing at this URL (where a scenario may
    /// host [`Minter::attacker_key_set`]).
    Jku(String),
    /// Validly signed, with a `crit` header naming an extension nobody understands
    /// (RFC 7515 §4.1.11: must be rejected).
    CritUnknown,
    /// Validly signed, then one payload byte changed.
    TamperedPayload,
    /// A valid token cut off inside its payload: not a JWS at all.
    Truncated,
    /// An OpenID Connect ID token from the same issuer: `typ: JWT`, `aud` = the client.
    IdToken,
}

impl Forgery {
    /// Every variant, with `jku` for [`Forgery::Jku`].
    pub fn all(jku: &str) -> Vec<Forgery> {
        vec![
            Forgery::None,
            Forgery::AlgNone,
            Forgery::Hs256WithPublicKey,
            Forgery::ForeignKey { same_kid: true },
            Forgery::ForeignKey { same_kid: false },
            Forgery::UnknownKid,
            Forgery::EmbeddedJwk,
            Forgery::Jku(jku.to_owned()),
            Forgery::CritUnknown,
            Forgery::TamperedPayload,
            Forgery::Truncated,
            Forgery::IdToken,
        ]
    }
}

pub(super) fn build(
    minter: &Minter,
    spec: &AccessTokenSpec,
    forgery: &Forgery,
) -> Result<String, MintError> {
    let mut header = minter.header(spec);
    let claims = minter.claims(spec);
    match forgery {
        Forgery::None => sign_es256(minter.key(), &header, &claims),
        Forgery::AlgNone => {
            header.insert("alg".into(), Value::from("none"));
            let h = encode_segment(&header, "header")?;
            Ok(format!("{h}.{}.", encode_segment(&claims, "payload")?))
        }
        Forgery::Hs256WithPublicKey => {
            header.insert("alg".into(), Value::from("HS256"));
            let input = format!(
                "{}.{}",
                encode_segment(&header, "header")?,
                encode_segment(&claims, "payload")?
            );
            let secret = minter.key().public_key_pem()?;
            let mac = jsonwebtoken::crypto::sign(
                input.as_bytes(),
                &EncodingKey::from_secret(secret.as_bytes()),
                Algorithm::HS256,
            )
            .map_err(|_| MintError::Hmac)?;
            Ok(format!("{input}.{mac}"))
        }
        Forgery::ForeignKey { same_kid } => {
            let attacker = minter.attacker_key()?;
            let kid = if *same_kid { minter.key().kid() } else { attacker.kid() };
            header.insert("kid".into(), Value::from(kid));
            sign_es256(&attacker, &header, &claims)
        }
        Forgery::UnknownKid => {
            let unknown = format!("{}-unpublished", minter.key().kid());
            header.insert("kid".into(), Value::from(unknown));
            sign_es256(minter.key(), &header, &claims)
        }
        Forgery::EmbeddedJwk => {
            let attacker = minter.attacker_key()?;
            header.insert("kid".into(), Value::from(attacker.kid()));
            header.insert("jwk".into(), attacker.public_jwk().clone());
            sign_es256(&attacker, &header, &claims)
        }
        Forgery::Jku(url) => {
            let attacker = minter.attacker_key()?;
            header.insert("kid".into(), Value::from(attacker.kid()));
            header.insert("jku".into(), Value::from(url.clone()));
            sign_es256(&attacker, &header, &claims)
        }
        Forgery::CritUnknown => {
            header.insert("crit".into(), Value::from(vec![UNKNOWN_CRITICAL]));
            header.insert(UNKNOWN_CRITICAL.into(), Value::from(true));
            sign_es256(minter.key(), &header, &claims)
        }
        Forgery::TamperedPayload => {
            let token = sign_es256(minter.key(), &header, &claims)?;
            let (h, rest) = token.split_once('.').unwrap_or_default();
            let signature = rest.rsplit_once('.').map(|(_, s)| s).unwrap_or_default();
            Ok(format!("{h}.{}.{signature}", tampered_payload(claims)?))
        }
        Forgery::Truncated => {
            let token = sign_es256(minter.key(), &header, &claims)?;
            let (h, rest) = token.split_once('.').unwrap_or_default();
            let payload = rest.split_once('.').map(|(p, _)| p).unwrap_or_default();
            let cut = payload.get(..payload.len() / 2).unwrap_or_default();
            Ok(format!("{h}.{cut}"))
        }
        Forgery::IdToken => {
            header.insert("typ".into(), Value::from("JWT"));
            sign_es256(minter.key(), &header, &id_token_claims(minter, spec, &claims))
        }
    }
}

/// The payload with exactly one byte changed: the last character of `sub` when it is a
/// non-empty ASCII string (a different subject, same length), else a space added before
/// the closing brace (still the same JSON, different bytes).
fn tampered_payload(mut claims: Map<String, Value>) -> Result<String, MintError> {
    if let Some(Value::String(sub)) = claims.get_mut("sub")
        && let Some(last) = sub.pop().filter(char::is_ascii_alphanumeric)
    {
        sub.push(if last == 'a' { 'b' } else { 'a' });
        return encode_segment(&claims, "payload");
    }
    let mut json = serde_json::to_vec(&claims).map_err(|_| MintError::Json { part: "payload" })?;
    json.pop();
    json.extend_from_slice(b" }");
    Ok(URL_SAFE_NO_PAD.encode(json))
}

/// OpenID Connect Core §2 ID token claims for the spec's subject and client.
fn id_token_claims(
    minter: &Minter,
    spec: &AccessTokenSpec,
    access: &Map<String, Value>,
) -> Map<String, Value> {
    let now = spec.now();
    let mut claims = Map::new();
    claims.insert("iss".into(), Value::from(minter.issuer()));
    claims.insert("sub".into(), Value::from(spec.subject.clone()));
    claims.insert("aud".into(), Value::from(spec.client_id.clone()));
    claims.insert("iat".into(), Value::from(now));
    claims.insert("auth_time".into(), Value::from(now));
    claims.insert("exp".into(), offset(now, spec.lifetime_seconds));
    if let Some(jti) = access.get("jti") {
        claims.insert("jti".into(), jti.clone());
    }
    claims
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::SigningKey;
    use mcp_auth_proto::documents::jwt::CompactJwt;

    #[test]
    fn tampering_changes_exactly_one_byte() {
        let claims: Map<String, Value> =
            serde_json::from_str(r#"{"sub":"mock-user","iss":"x"}"#).unwrap();
        let original = encode_segment(&claims, "payload").unwrap();
        let a = URL_SAFE_NO_PAD.decode(original).unwrap();
        let b = URL_SAFE_NO_PAD.decode(tampered_payload(claims).unwrap()).unwrap();
        assert_eq!(a.len(), b.len());
        assert_eq!(a.iter().zip(&b).filter(|(x, y)| x != y).count(), 1);
        let no_sub: Map<String, Value> = serde_json::from_str(r#"{"iss":"x"}"#).unwrap();
        let c = URL_SAFE_NO_PAD.decode(tampered_payload(no_sub).unwrap()).unwrap();
        assert_eq!(c, br#"{"iss":"x" }"#);
    }

    #[test]
    fn headers_say_what_each_forgery_is() {
        let m = Minter::new("https://as.test", SigningKey::generate_with_kid("k").unwrap());
        let spec = AccessTokenSpec::new("https://mcp.test/mcp");
        let header = |f: &Forgery| {
            let token = m.forge(&spec, f).unwrap();
            CompactJwt::parse(token.expose()).unwrap().header().object.clone()
        };
        assert_eq!(header(&Forgery::AlgNone)["alg"], "none");
        assert_eq!(header(&Forgery::Hs256WithPublicKey)["alg"], "HS256");
        assert_eq!(header(&Forgery::ForeignKey { same_kid: true })["kid"], "k");
        assert_ne!(header(&Forgery::ForeignKey { same_kid: false })["kid"], "k");
        assert_eq!(header(&Forgery::UnknownKid)["kid"], "k-unpublished");
        assert_eq!(header(&Forgery::EmbeddedJwk)["jwk"]["kty"], "EC");
        assert_eq!(
            header(&Forgery::Jku("https://evil.test/jwks".into()))["jku"],
            "https://evil.test/jwks"
        );
        assert_eq!(header(&Forgery::CritUnknown)["crit"][0], UNKNOWN_CRITICAL);
        assert_eq!(header(&Forgery::IdToken)["typ"], "JWT");
        let none = m.forge(&spec, &Forgery::AlgNone).unwrap();
        assert!(none.expose().ends_with('.'));
    }

    #[test]
    fn forgeries_round_trip_through_serde() {
        let text = serde_json::to_string(&Forgery::all("https://e.test/k")).unwrap();
        assert!(text.contains(r#"{"foreign_key":{"same_kid":true}}"#), "{text}");
        assert!(text.contains(r#""alg_none""#), "{text}");
        let back: Vec<Forgery> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, Forgery::all("https://e.test/k"));
    }
}
