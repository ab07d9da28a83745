//! Minting access tokens, valid and hostile.
//!
//! Server-mode scenarios test an MCP server's token validation, so they need exactly the
//! token each check is about: a valid RFC 9068 access token with one claim changed, or one
//! of the classic JWS attacks ([`Forgery`]). A [`Minter`] signs for one issuer;
//! [`AccessTokenSpec`] describes the token with RFC 9068 defaults, and every claim and
//! header member can be replaced or removed.
//!
//! The JWS is assembled here (RFC 7515 §7.1: base64url header and payload, ES256 over
//! `header.payload`, raw `r || s`) rather than by jsonwebtoken, because jsonwebtoken
//! refuses to produce most of what a forgery needs (`alg: none`, a tampered payload, an
//! arbitrary header). The mock authorization server mints its real tokens the same way,
//! so valid and hostile tokens differ only where they are meant to.
//!
//! [`verifier`] holds the matching [`JwtVerifier`].

mod forgery;
pub mod verifier;

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use mcp_auth_proto::Secret;
use serde_json::{Map, Value};

use crate::keys::{ES256, KeyError, KeySet, SigningKey, random_id};

pub use forgery::Forgery;
pub use verifier::{JwtVerifier, Revocations};

/// The `typ` of RFC 9068 access tokens.
pub const AT_JWT: &str = "at+jwt";

/// Why a token could not be minted. Never carries key material or the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MintError {
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("could not serialize the JWS {part}")]
    Json { part: &'static str },
    #[error("HMAC signing failed")]
    Hmac,
}

/// Seconds since the Unix epoch.
pub fn now_seconds() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default()
}

/// What to mint: RFC 9068 claims with defaults, plus edits.
///
/// Defaults: header `alg: ES256`, `typ: at+jwt`, `kid` of the issuer's key; claims `iss`
/// (the minter's issuer), `aud` (the resource), `sub`, `client_id`, `iat` (now), `exp`
/// (now + lifetime), `jti` (random), and `scope` when one is set. Edits apply after the
/// defaults: removals first, then replacements (like the switchboard's document edits).
#[derive(Debug, Clone, PartialEq)]
pub struct AccessTokenSpec {
    audience: Vec<String>,
    subject: String,
    client_id: String,
    scope: Option<String>,
    lifetime_seconds: i64,
    not_before_offset: Option<i64>,
    now: Option<u64>,
    jti: Option<String>,
    set_claims: Map<String, Value>,
    removed_claims: Vec<String>,
    set_header: Map<String, Value>,
    removed_header: Vec<String>,
}

impl AccessTokenSpec {
    /// A token for `resource` (its `aud`), for subject `mock-user` and client `mock-client`,
    /// valid for an hour.
    pub fn new(resource: impl Into<String>) -> Self {
        Self {
            audience: vec![resource.into()],
            subject: "mock-user".to_owned(),
            client_id: "mock-client".to_owned(),
            scope: None,
            lifetime_seconds: 3600,
            not_before_offset: None,
            now: None,
            jti: None,
            set_claims: Map::new(),
            removed_claims: Vec::new(),
            set_header: Map::new(),
            removed_header: Vec::new(),
        }
    }

    /// Several audiences (`aud` becomes an array).
    pub fn audiences(mut self, audiences: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.audience = audiences.into_iter().map(Into::into).collect();
        self
    }

    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = subject.into();
        self
    }

    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = client_id.into();
        self
    }

    /// The `scope` claim; `None` leaves it out.
    pub fn scope(mut self, scope: Option<impl Into<String>>) -> Self {
        self.scope = scope.map(Into::into);
        self
    }

    /// `exp = iat + seconds`; negative gives a token that expired `-seconds` ago.
    pub fn lifetime_seconds(mut self, seconds: i64) -> Self {
        self.lifetime_seconds = seconds;
        self
    }

    /// Adds `nbf = now + seconds` (positive: not valid yet).
    pub fn not_before_in(mut self, seconds: i64) -> Self {
        self.not_before_offset = Some(seconds);
        self
    }

    /// The time the token is minted at (default: the clock).
    pub fn issued_at(mut self, now: u64) -> Self {
        self.now = Some(now);
        self
    }

    /// The `jti` (default: 16 random octets, base64url).
    pub fn jti(mut self, jti: impl Into<String>) -> Self {
        self.jti = Some(jti.into());
        self
    }

    /// Sets claim `name` to any JSON value (wrong types included).
    pub fn claim(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.set_claims.insert(name.into(), value.into());
        self
    }

    /// Leaves claim `name` out.
    pub fn without_claim(mut self, name: impl Into<String>) -> Self {
        self.removed_claims.push(name.into());
        self
    }

    /// Sets JOSE header member `name` (`typ`, `kid`, `alg`, anything).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.set_header.insert(name.into(), value.into());
        self
    }

    /// Leaves JOSE header member `name` out.
    pub fn without_header(mut self, name: impl Into<String>) -> Self {
        self.removed_header.push(name.into());
        self
    }

    fn now(&self) -> u64 {
        self.now.unwrap_or_else(now_seconds)
    }

    fn audience_value(&self) -> Value {
        match self.audience.as_slice() {
            [one] => Value::from(one.clone()),
            many => Value::from(many.to_vec()),
        }
    }
}

fn edit(object: &mut Map<String, Value>, removed: &[String], set: &Map<String, Value>) {
    for name in removed {
        object.remove(name);
    }
    for (name, value) in set {
        object.insert(name.clone(), value.clone());
    }
}

fn offset(now: u64, seconds: i64) -> Value {
    Value::from(now.saturating_add_signed(seconds))
}

/// Mints tokens for one issuer.
#[derive(Debug, Clone)]
pub struct Minter {
    issuer: String,
    key: SigningKey,
    /// The key every attacker-signed forgery uses, made on first use and kept, so a
    /// scenario can host its JWK Set (for [`Forgery::Jku`]).
    attacker: Arc<Mutex<Option<SigningKey>>>,
}

impl Minter {
    pub fn new(issuer: impl Into<String>, key: SigningKey) -> Self {
        Self { issuer: issuer.into(), key, attacker: Arc::new(Mutex::new(None)) }
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    pub fn key(&self) -> &SigningKey {
        &self.key
    }

    /// The keys this issuer publishes.
    pub fn key_set(&self) -> KeySet {
        KeySet::new([&self.key])
    }

    /// The attacker's key (never published by the issuer).
    pub fn attacker_key(&self) -> Result<SigningKey, MintError> {
        let mut slot = self.attacker.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(key) = slot.as_ref() {
            return Ok(key.clone());
        }
        let key = SigningKey::generate_with_kid(format!("attacker-{}", random_id(6)))?;
        *slot = Some(key.clone());
        Ok(key)
    }

    /// The attacker's JWK Set, to serve at a [`Forgery::Jku`] URL.
    pub fn attacker_key_set(&self) -> Result<KeySet, MintError> {
        Ok(KeySet::new([&self.attacker_key()?]))
    }

    /// The claims `spec` describes, edits applied.
    pub fn claims(&self, spec: &AccessTokenSpec) -> Map<String, Value> {
        let now = spec.now();
        let mut claims = Map::new();
        claims.insert("iss".into(), Value::from(self.issuer.clone()));
        claims.insert("aud".into(), spec.audience_value());
        claims.insert("sub".into(), Value::from(spec.subject.clone()));
        claims.insert("client_id".into(), Value::from(spec.client_id.clone()));
        claims.insert("iat".into(), Value::from(now));
        claims.insert("exp".into(), offset(now, spec.lifetime_seconds));
        if let Some(nbf) = spec.not_before_offset {
            claims.insert("nbf".into(), offset(now, nbf));
        }
        let jti = spec.jti.clone().unwrap_or_else(|| random_id(16));
        claims.insert("jti".into(), Value::from(jti));
        if let Some(scope) = &spec.scope {
            claims.insert("scope".into(), Value::from(scope.clone()));
        }
        edit(&mut claims, &spec.removed_claims, &spec.set_claims);
        claims
    }

    /// The JOSE header `spec` describes, edits applied.
    pub fn header(&self, spec: &AccessTokenSpec) -> Map<String, Value> {
        let mut header = Map::new();
        header.insert("alg".into(), Value::from(ES256));
        header.insert("typ".into(), Value::from(AT_JWT));
        header.insert("kid".into(), Value::from(self.key.kid()));
        edit(&mut header, &spec.removed_header, &spec.set_header);
        header
    }

    /// A valid token (signed with the issuer's key).
    pub fn mint(&self, spec: &AccessTokenSpec) -> Result<Secret, MintError> {
        self.forge(spec, &Forgery::None)
    }

    /// The token `spec` describes, turned into `forgery`.
    pub fn forge(&self, spec: &AccessTokenSpec, forgery: &Forgery) -> Result<Secret, MintError> {
        forgery::build(self, spec, forgery).map(Secret::new)
    }
}

/// `BASE64URL(UTF8(JSON(object)))`.
fn encode_segment(object: &Map<String, Value>, part: &'static str) -> Result<String, MintError> {
    let json = serde_json::to_vec(object).map_err(|_| MintError::Json { part })?;
    Ok(URL_SAFE_NO_PAD.encode(json))
}

/// A compact JWS of `header` and `claims` signed ES256 with `key`.
fn sign_es256(
    key: &SigningKey,
    header: &Map<String, Value>,
    claims: &Map<String, Value>,
) -> Result<String, MintError> {
    let input =
        format!("{}.{}", encode_segment(header, "header")?, encode_segment(claims, "payload")?);
    let signature = key.sign(input.as_bytes())?;
    Ok(format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use mcp_auth_proto::documents::jwt::CompactJwt;

    fn minter() -> Minter {
        Minter::new("http://127.0.0.1:9/tenant", SigningKey::generate_with_kid("k1").unwrap())
    }

    #[test]
    fn rfc9068_defaults() {
        let m = minter();
        let spec =
            AccessTokenSpec::new("http://127.0.0.1:8/mcp").scope(Some("a b")).issued_at(1000);
        let jwt = CompactJwt::parse(m.mint(&spec).unwrap().expose()).unwrap();
        let header = &jwt.header().object;
        assert_eq!(header["alg"], "ES256");
        assert_eq!(header["typ"], "at+jwt");
        assert_eq!(header["kid"], "k1");
        let c = &jwt.claims().object;
        assert_eq!(c["iss"], "http://127.0.0.1:9/tenant");
        assert_eq!(c["aud"], "http://127.0.0.1:8/mcp");
        assert_eq!((c["iat"].as_u64(), c["exp"].as_u64()), (Some(1000), Some(4600)));
        assert_eq!(c["scope"], "a b");
        assert_eq!(c["jti"].as_str().unwrap().len(), 22);
        assert!(!c.contains_key("nbf"));
    }

    #[test]
    fn edits_replace_and_remove_claims_and_header_members() {
        let m = minter();
        let spec = AccessTokenSpec::new("r")
            .audiences(["r", "s"])
            .without_claim("jti")
            .claim("exp", "soon")
            .without_header("typ")
            .header("kid", 7)
            .lifetime_seconds(-10)
            .not_before_in(60)
            .issued_at(1000);
        let c = m.claims(&spec);
        assert_eq!(c["aud"], serde_json::json!(["r", "s"]));
        assert_eq!(c["exp"], "soon");
        assert_eq!(c["nbf"], 1060);
        assert!(!c.contains_key("jti"));
        let h = m.header(&spec);
        assert_eq!(h["kid"], 7);
        assert!(!h.contains_key("typ"));
        let expired = m.claims(&AccessTokenSpec::new("r").lifetime_seconds(-10).issued_at(1000));
        assert_eq!(expired["exp"], 990);
    }

    #[test]
    fn attacker_key_is_stable_and_unpublished() {
        let m = minter();
        let a = m.attacker_key().unwrap();
        assert_eq!(m.attacker_key().unwrap().kid(), a.kid());
        assert_ne!(a.verifying_key(), m.key().verifying_key());
        assert!(m.key_set().find(a.kid()).is_none());
        assert_eq!(m.attacker_key_set().unwrap().kids(), [a.kid()]);
    }
}
