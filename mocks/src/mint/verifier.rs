//! [`JwtVerifier`]: how the mock MCP server accepts the mock authorization servers' JWT
//! access tokens, and nothing else.
//!
//! Order matters: the token is decoded strictly (proto's `CompactJwt`), the algorithm is
//! pinned to ES256 before anything is trusted, `crit` is refused (no extension is
//! understood), the key comes only from the trusted issuer's published set by `kid` —
//! never from `jwk`, `jku` or `x5u` headers —, the signature is checked, and only then are
//! the claims judged (proto's `validate_access_token`: `typ`, `iss`, `aud`, `exp`, `nbf`,
//! required RFC 9068 claims) and the `jti` looked up in the issuer's revocations.

use std::collections::HashSet;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use mcp_auth_proto::documents::jwt::{AccessTokenContext, CompactJwt, validate_access_token};
use mcp_auth_proto::requirements::{
    RS_TOKEN_AUDIENCE, RS_TOKEN_EXPIRED, RS_TOKEN_ISSUER, RS_TOKEN_NOT_YET_VALID,
    RS_TOKEN_SIGNATURE,
};
use mcp_auth_proto::scope::Scope;
use mcp_auth_proto::{Level, Member};
use p256::ecdsa::Signature;
use p256::ecdsa::signature::Verifier as _;

use super::now_seconds;
use crate::keys::{ES256, KeySet};
use crate::verify::{AccessTokenVerifier, TokenRejection, VerifiedToken};

/// Clock skew tolerated on `exp`, `nbf` and `iat`.
pub const LEEWAY_SECONDS: u64 = 30;

/// The `jti`s of revoked access tokens, shared between an authorization server (which
/// revokes: RFC 7009, code reuse, refresh-token reuse) and verifiers. Cloning shares it.
#[derive(Clone, Default)]
pub struct Revocations {
    jtis: Arc<Mutex<HashSet<String>>>,
}

impl fmt::Debug for Revocations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Revocations({} revoked)", self.len())
    }
}

impl Revocations {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn revoke(&self, jti: impl Into<String>) {
        self.jtis.lock().unwrap_or_else(PoisonError::into_inner).insert(jti.into());
    }

    pub fn is_revoked(&self, jti: &str) -> bool {
        self.jtis.lock().unwrap_or_else(PoisonError::into_inner).contains(jti)
    }

    pub fn len(&self) -> usize {
        self.jtis.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Debug, Clone)]
struct Trusted {
    issuer: String,
    keys: KeySet,
    revocations: Revocations,
}

/// Verifies RFC 9068 JWT access tokens from a fixed set of issuers.
#[derive(Debug, Clone, Default)]
pub struct JwtVerifier {
    trusted: Vec<Trusted>,
}

impl JwtVerifier {
    /// A verifier that trusts nobody yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Trusts tokens from `issuer` (compared exactly) signed with one of `keys`, unless
    /// their `jti` is in `revocations`.
    pub fn trust(
        mut self,
        issuer: impl Into<String>,
        keys: KeySet,
        revocations: Revocations,
    ) -> Self {
        self.trusted.push(Trusted { issuer: issuer.into(), keys, revocations });
        self
    }

    /// [`AccessTokenVerifier::verify`] at a given time (seconds since the epoch). An empty
    /// `resource` matches no audience.
    pub fn verify_at(
        &self,
        token: &str,
        resource: &str,
        now: u64,
    ) -> Result<VerifiedToken, TokenRejection> {
        if resource.is_empty() {
            return Err(TokenRejection::Audience);
        }
        self.check(token, resource, now)
    }

    /// Everything but the audience: for the issuing server itself (introspection), which
    /// serves every audience it issues for.
    pub(crate) fn verify_any_audience(
        &self,
        token: &str,
        now: u64,
    ) -> Result<VerifiedToken, TokenRejection> {
        self.check(token, "", now)
    }

    /// `resource` empty skips the audience comparison (proto's context convention).
    fn check(
        &self,
        token: &str,
        resource: &str,
        now: u64,
    ) -> Result<VerifiedToken, TokenRejection> {
        let jwt = CompactJwt::parse(token).map_err(|e| TokenRejection::Malformed(e.to_string()))?;
        let header = &jwt.header().typed;
        match &header.alg {
            Member::Valid(alg) if alg == ES256 => {}
            Member::Valid(alg) => return Err(TokenRejection::Algorithm(alg.clone())),
            _ => return Err(TokenRejection::Algorithm(String::new())),
        }
        if jwt.header().object.contains_key("crit") {
            return Err(TokenRejection::Malformed(
                "the header marks extensions critical (crit), and none is understood".to_owned(),
            ));
        }
        let claims = &jwt.claims().typed;
        let issuer = claims.iss.valid().ok_or_else(|| {
            TokenRejection::NotAnAccessToken("iss is missing or not a string".to_owned())
        })?;
        let trusted = self
            .trusted
            .iter()
            .find(|t| t.issuer == *issuer)
            .ok_or_else(|| TokenRejection::UntrustedIssuer(issuer.clone()))?;
        let key = header
            .kid
            .valid()
            .and_then(|kid| trusted.keys.find(kid))
            .ok_or(TokenRejection::BadSignature)?;
        let signature =
            Signature::from_slice(jwt.signature()).map_err(|_| TokenRejection::BadSignature)?;
        key.verify(jwt.signing_input(), &signature).map_err(|_| TokenRejection::BadSignature)?;

        let ctx = AccessTokenContext {
            expected_issuer: trusted.issuer.clone(),
            expected_audience: resource.to_owned(),
            now,
            leeway_seconds: LEEWAY_SECONDS,
        };
        if let Some(finding) =
            validate_access_token(&jwt, &ctx).into_iter().find(|f| f.level == Level::Must)
        {
            return Err(match finding.requirement {
                r if r == RS_TOKEN_AUDIENCE => TokenRejection::Audience,
                r if r == RS_TOKEN_EXPIRED => TokenRejection::Expired,
                r if r == RS_TOKEN_NOT_YET_VALID => TokenRejection::NotYetValid,
                r if r == RS_TOKEN_ISSUER => TokenRejection::UntrustedIssuer(issuer.clone()),
                r if r == RS_TOKEN_SIGNATURE => TokenRejection::BadSignature,
                _ => TokenRejection::NotAnAccessToken(finding.message),
            });
        }
        // validate_access_token has established that these are present strings.
        let text = |m: &Member<String>| m.valid().cloned().unwrap_or_default();
        let jti = text(&claims.jti);
        if trusted.revocations.is_revoked(&jti) {
            return Err(TokenRejection::Inactive);
        }
        let scope = claims
            .scope
            .valid()
            .and_then(|s| Scope::parse(s).ok())
            .unwrap_or_else(|| Scope::from_tokens(Vec::<String>::new()));
        let expires_at =
            claims.exp.valid().map(|d| d.seconds().max(0.0) as u64).unwrap_or_default();
        Ok(VerifiedToken {
            issuer: issuer.clone(),
            subject: text(&claims.sub),
            client_id: text(&claims.client_id),
            scope,
            expires_at,
        })
    }
}

impl AccessTokenVerifier for JwtVerifier {
    fn verify(&self, token: &str, resource: &str) -> Result<VerifiedToken, TokenRejection> {
        self.verify_at(token, resource, now_seconds())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::SigningKey;
    use crate::mint::{AccessTokenSpec, Minter};

    const R: &str = "http://127.0.0.1:8/mcp";

    fn setup() -> (Minter, JwtVerifier, Revocations) {
        let m = Minter::new("http://127.0.0.1:9", SigningKey::generate().unwrap());
        let revocations = Revocations::new();
        let v = JwtVerifier::new().trust(m.issuer(), m.key_set(), revocations.clone());
        (m, v, revocations)
    }

    #[test]
    fn accepts_a_valid_token_and_reports_what_it_grants() {
        let (m, v, _) = setup();
        let t = m.mint(&AccessTokenSpec::new(R).scope(Some("mcp:tools")).client_id("c")).unwrap();
        let ok = v.verify(t.expose(), R).unwrap();
        assert_eq!((ok.issuer.as_str(), ok.client_id.as_str()), ("http://127.0.0.1:9", "c"));
        assert!(ok.scope.contains("mcp:tools"));
        assert!(ok.expires_at > now_seconds());
    }

    #[test]
    fn claim_problems_map_to_their_rejection() {
        let (m, v, revocations) = setup();
        let check = |spec: AccessTokenSpec| v.verify(m.mint(&spec).unwrap().expose(), R);
        assert_eq!(
            check(AccessTokenSpec::new("http://127.0.0.1:8/other")),
            Err(TokenRejection::Audience)
        );
        assert_eq!(
            check(AccessTokenSpec::new(R).lifetime_seconds(-31)),
            Err(TokenRejection::Expired)
        );
        // Within the 30 s leeway.
        assert!(check(AccessTokenSpec::new(R).lifetime_seconds(-20)).is_ok());
        assert_eq!(
            check(AccessTokenSpec::new(R).not_before_in(120)),
            Err(TokenRejection::NotYetValid)
        );
        assert!(matches!(
            check(AccessTokenSpec::new(R).without_header("typ")),
            Err(TokenRejection::NotAnAccessToken(_))
        ));
        assert!(matches!(
            check(AccessTokenSpec::new(R).without_claim("exp")),
            Err(TokenRejection::NotAnAccessToken(_))
        ));
        assert!(matches!(
            check(AccessTokenSpec::new(R).without_claim("jti")),
            Err(TokenRejection::NotAnAccessToken(_))
        ));
        assert_eq!(
            check(AccessTokenSpec::new(R).claim("iss", "http://127.0.0.1:9/")),
            Err(TokenRejection::UntrustedIssuer("http://127.0.0.1:9/".into()))
        );
        let t = m.mint(&AccessTokenSpec::new(R).jti("j-1")).unwrap();
        assert!(v.verify(t.expose(), R).is_ok());
        revocations.revoke("j-1");
        assert_eq!(v.verify(t.expose(), R), Err(TokenRejection::Inactive));
    }

    #[test]
    fn an_untrusted_issuer_is_refused_even_with_a_good_signature() {
        let (_, v, _) = setup();
        let other = Minter::new("http://127.0.0.1:7", SigningKey::generate().unwrap());
        let t = other.mint(&AccessTokenSpec::new(R)).unwrap();
        assert_eq!(
            v.verify(t.expose(), R),
            Err(TokenRejection::UntrustedIssuer("http://127.0.0.1:7".into()))
        );
    }
}
