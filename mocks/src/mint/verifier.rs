//! [`JwtVerifier`]: how the mock MCP server accepts the mock authorization servers' JWT
//! access tokens, and nothing else.
//!
//! Order matters: the token is decoded strictly (proto's `CompactJwt`), the algorithm is
//! pinned to ES256 before anything is trusted, `crit` is refused (no extension is
//! understood), the key comes only from the trusted issuer's published set by `kid` —
//! never from `jwk`, `jku` or `x5u` headers —, the signature is checked, and only then are
//! the claims judged (proto's `validate_access_token`: `typ`, `iss`, `aud`, `exp`, `nbf`,
//! required RFC 9068 claims) and the `jti` looked up in the issuer's revocations.
//!
//! The token-validation [`RsFlaw`]s of a deliberately broken server are honoured here, each
//! by waiving exactly the check it names (see [`JwtVerifier::verify_with_flaws`]).

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use mcp_auth_proto::documents::jwt::{AccessTokenContext, CompactJwt, validate_access_token};
use mcp_auth_proto::requirements::{
    RS_TOKEN_AUDIENCE, RS_TOKEN_EXP_REQUIRED, RS_TOKEN_EXPIRED, RS_TOKEN_ISSUER,
    RS_TOKEN_NOT_YET_VALID, RS_TOKEN_SIGNATURE, RS_TOKEN_TYPE,
};
use mcp_auth_proto::scope::Scope;
use mcp_auth_proto::{Level, Member, RequirementId};
use p256::ecdsa::Signature;
use p256::ecdsa::signature::Verifier as _;

use serde_json::Value;

use super::now_seconds;
use crate::config::RsFlaw;
use crate::keys::{ES256, KeySet};
use crate::verify::{
    AccessTokenVerifier, TokenRejection, VerifiedToken, VerifyFuture, VerifyRequest,
};

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

    /// [`AccessTokenVerifier::verify`] at a given time (seconds since the epoch) for a
    /// conformant server. An empty `resource` matches no audience.
    pub fn verify_at(
        &self,
        token: &str,
        resource: &str,
        now: u64,
    ) -> Result<VerifiedToken, TokenRejection> {
        self.verify_with_flaws(token, resource, now, &NO_FLAWS)
    }

    /// [`JwtVerifier::verify_at`] for a server with `flaws`: the token-validation flaws
    /// ([`RsFlaw::AcceptExpired`] and its neighbours) waive the checks they name.
    pub fn verify_with_flaws(
        &self,
        token: &str,
        resource: &str,
        now: u64,
        flaws: &BTreeSet<RsFlaw>,
    ) -> Result<VerifiedToken, TokenRejection> {
        if resource.is_empty() {
            return Err(TokenRejection::Audience);
        }
        self.check(token, resource, now, flaws)
    }

    /// Everything but the audience: for the issuing server itself (introspection), which
    /// serves every audience it issues for.
    pub(crate) fn verify_any_audience(
        &self,
        token: &str,
        now: u64,
    ) -> Result<VerifiedToken, TokenRejection> {
        self.check(token, "", now, &NO_FLAWS)
    }

    /// `resource` empty skips the audience comparison (proto's context convention).
    fn check(
        &self,
        token: &str,
        resource: &str,
        now: u64,
        flaws: &BTreeSet<RsFlaw>,
    ) -> Result<VerifiedToken, TokenRejection> {
        let has = |flaw| flaws.contains(&flaw);
        let jwt = CompactJwt::parse(token).map_err(|e| TokenRejection::Malformed(e.to_string()))?;
        let header = &jwt.header().typed;
        let unsigned = match &header.alg {
            Member::Valid(alg) if alg == ES256 => false,
            // RsFlaw::AcceptAlgNone: the unsecured JWS is taken at its word.
            Member::Valid(alg)
                if has(RsFlaw::AcceptAlgNone) && alg.eq_ignore_ascii_case("none") =>
            {
                true
            }
            Member::Valid(alg) => return Err(TokenRejection::Algorithm(alg.clone())),
            _ => return Err(TokenRejection::Algorithm(String::new())),
        };
        if jwt.header().object.contains_key("crit") {
            return Err(TokenRejection::Malformed(
                "the header marks extensions critical (crit), and none is understood".to_owned(),
            ));
        }
        let trusted = self.issuer_of(&jwt, unsigned, has(RsFlaw::IgnoreIssuerClaim))?;
        if !unsigned {
            let key = header
                .kid
                .valid()
                .and_then(|kid| trusted.keys.find(kid))
                .ok_or(TokenRejection::BadSignature)?;
            let signature =
                Signature::from_slice(jwt.signature()).map_err(|_| TokenRejection::BadSignature)?;
            key.verify(jwt.signing_input(), &signature)
                .map_err(|_| TokenRejection::BadSignature)?;
        }

        let ctx = AccessTokenContext {
            expected_issuer: trusted.issuer.clone(),
            expected_audience: resource.to_owned(),
            now,
            leeway_seconds: LEEWAY_SECONDS,
        };
        let waived = |requirement: RequirementId| {
            let flaw = |f| has(f).then_some(f);
            match requirement {
                r if r == RS_TOKEN_EXPIRED => flaw(RsFlaw::AcceptExpired),
                r if r == RS_TOKEN_NOT_YET_VALID => flaw(RsFlaw::AcceptNotYetValid),
                r if r == RS_TOKEN_EXP_REQUIRED => flaw(RsFlaw::AcceptMissingExp),
                r if r == RS_TOKEN_ISSUER => flaw(RsFlaw::IgnoreIssuerClaim),
                r if r == RS_TOKEN_TYPE => flaw(RsFlaw::AcceptIdToken),
                // Only alg:none is reported for an unsigned token that got this far.
                r if r == RS_TOKEN_SIGNATURE => unsigned.then_some(RsFlaw::AcceptAlgNone),
                r if r == RS_TOKEN_AUDIENCE => flaw(RsFlaw::IgnoreAudience).or_else(|| {
                    flaw(RsFlaw::AcceptIdToken).filter(|_| audience_is_the_client(&jwt))
                }),
                _ => None,
            }
            .is_some()
        };
        if let Some(finding) = validate_access_token(&jwt, &ctx)
            .into_iter()
            .find(|f| f.level == Level::Must && !waived(f.requirement))
        {
            return Err(match finding.requirement {
                r if r == RS_TOKEN_AUDIENCE => TokenRejection::Audience,
                r if r == RS_TOKEN_EXPIRED => TokenRejection::Expired,
                r if r == RS_TOKEN_NOT_YET_VALID => TokenRejection::NotYetValid,
                r if r == RS_TOKEN_ISSUER => TokenRejection::UntrustedIssuer(
                    jwt.claims().typed.iss.valid().cloned().unwrap_or_default(),
                ),
                r if r == RS_TOKEN_SIGNATURE => TokenRejection::BadSignature,
                _ => TokenRejection::NotAnAccessToken(finding.message),
            });
        }
        let claims = &jwt.claims().typed;
        // validate_access_token has established that these are present strings (unless a
        // flaw waived the rule; then they are empty).
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
            // The trusted issuer: the same as `iss` unless RsFlaw::IgnoreIssuerClaim let a
            // different `iss` through, and then the issuer whose key signed it.
            issuer: trusted.issuer.clone(),
            subject: text(&claims.sub),
            client_id: text(&claims.client_id),
            scope,
            expires_at,
        })
    }

    /// The trusted issuer the token is judged against: the one its `iss` names exactly, or
    /// with `ignore_iss` ([`RsFlaw::IgnoreIssuerClaim`]) the one whose published keys hold
    /// its `kid` (for an unsigned token, the one `iss` names, else the first).
    fn issuer_of(
        &self,
        jwt: &CompactJwt,
        unsigned: bool,
        ignore_iss: bool,
    ) -> Result<&Trusted, TokenRejection> {
        let iss = jwt.claims().typed.iss.valid();
        let named = || iss.and_then(|iss| self.trusted.iter().find(|t| t.issuer == *iss));
        if !ignore_iss {
            let iss = iss.ok_or_else(|| {
                TokenRejection::NotAnAccessToken("iss is missing or not a string".to_owned())
            })?;
            return named().ok_or_else(|| TokenRejection::UntrustedIssuer(iss.clone()));
        }
        if unsigned {
            return named().or(self.trusted.first()).ok_or(TokenRejection::BadSignature);
        }
        let kid = jwt.header().typed.kid.valid();
        self.trusted
            .iter()
            .find(|t| kid.is_some_and(|kid| t.keys.find(kid).is_some()))
            .ok_or(TokenRejection::BadSignature)
    }
}

/// Whether the token's `aud` names its own client, as an OpenID Connect ID token's does:
/// it contains the `client_id` or `azp` claim, or, with neither claim present, is a single
/// value (an ID token names its one client there). Used by [`RsFlaw::AcceptIdToken`] only.
fn audience_is_the_client(jwt: &CompactJwt) -> bool {
    let claims = &jwt.claims().typed;
    let Some(aud) = claims.aud.valid() else { return false };
    let azp = jwt.claims().object.get("azp").and_then(Value::as_str);
    match (claims.client_id.valid().map(String::as_str), azp) {
        (None, None) => aud.values().len() == 1,
        (client_id, azp) => client_id.into_iter().chain(azp).any(|c| aud.contains(c)),
    }
}

/// A conformant server's flaws.
static NO_FLAWS: BTreeSet<RsFlaw> = BTreeSet::new();

impl AccessTokenVerifier for JwtVerifier {
    fn verify<'a>(&'a self, request: VerifyRequest<'a>) -> VerifyFuture<'a> {
        let verdict =
            self.verify_with_flaws(request.token, request.resource, now_seconds(), request.flaws);
        Box::pin(std::future::ready(verdict))
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
        let ok = v.verify_at(t.expose(), R, now_seconds()).unwrap();
        assert_eq!((ok.issuer.as_str(), ok.client_id.as_str()), ("http://127.0.0.1:9", "c"));
        assert!(ok.scope.contains("mcp:tools"));
        assert!(ok.expires_at > now_seconds());
    }

    #[test]
    fn claim_problems_map_to_their_rejection() {
        let (m, v, revocations) = setup();
        let check =
            |spec: AccessTokenSpec| v.verify_at(m.mint(&spec).unwrap().expose(), R, now_seconds());
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
        assert!(v.verify_at(t.expose(), R, now_seconds()).is_ok());
        revocations.revoke("j-1");
        assert_eq!(v.verify_at(t.expose(), R, now_seconds()), Err(TokenRejection::Inactive));
    }

    #[test]
    fn an_untrusted_issuer_is_refused_even_with_a_good_signature() {
        let (_, v, _) = setup();
        let other = Minter::new("http://127.0.0.1:7", SigningKey::generate().unwrap());
        let t = other.mint(&AccessTokenSpec::new(R)).unwrap();
        assert_eq!(
            v.verify_at(t.expose(), R, now_seconds()),
            Err(TokenRejection::UntrustedIssuer("http://127.0.0.1:7".into()))
        );
    }

    fn flaws(list: &[RsFlaw]) -> BTreeSet<RsFlaw> {
        list.iter().copied().collect()
    }

    /// Each token-validation flaw lets through the token that breaks its rule, and no
    /// other flaw does: a broken server breaks one rule only.
    #[test]
    fn each_token_flaw_waives_exactly_its_own_check() {
        use crate::mint::Forgery;
        let (m, v, _) = setup();
        let now = now_seconds();
        let spec = || AccessTokenSpec::new(R).scope(Some("mcp:tools"));
        let cases = [
            (RsFlaw::AcceptExpired, m.mint(&spec().lifetime_seconds(-600))),
            (RsFlaw::AcceptNotYetValid, m.mint(&spec().not_before_in(3600))),
            (RsFlaw::AcceptMissingExp, m.mint(&spec().without_claim("exp"))),
            (RsFlaw::IgnoreAudience, m.mint(&AccessTokenSpec::new("http://127.0.0.1:8/other"))),
            (RsFlaw::IgnoreIssuerClaim, m.mint(&spec().claim("iss", "http://127.0.0.1:9/"))),
            (RsFlaw::AcceptAlgNone, m.forge(&spec(), &Forgery::AlgNone)),
            (RsFlaw::AcceptIdToken, m.forge(&spec(), &Forgery::IdToken)),
        ];
        for (flaw, token) in &cases {
            let token = token.as_ref().unwrap().expose();
            assert!(v.verify_at(token, R, now).is_err(), "{flaw:?}: refused when conformant");
            let accepted = v.verify_with_flaws(token, R, now, &flaws(&[*flaw]));
            assert!(accepted.is_ok(), "{flaw:?}: {accepted:?}");
            assert_eq!(accepted.unwrap().issuer, m.issuer(), "{flaw:?}");
            for (other, _) in cases.iter().filter(|(other, _)| other != flaw) {
                assert!(
                    v.verify_with_flaws(token, R, now, &flaws(&[*other])).is_err(),
                    "{other:?} let the {flaw:?} token through"
                );
            }
        }
        // A conformant token passes with every flaw on.
        let all = flaws(&RsFlaw::ALL);
        assert!(v.verify_with_flaws(m.mint(&spec()).unwrap().expose(), R, now, &all).is_ok());
    }

    #[test]
    fn token_flaws_keep_every_other_check() {
        use crate::mint::Forgery;
        let (m, v, _) = setup();
        let now = now_seconds();
        // accept_missing_exp: an expired token is still refused.
        let expired = m.mint(&AccessTokenSpec::new(R).lifetime_seconds(-600)).unwrap();
        let lax = flaws(&[RsFlaw::AcceptMissingExp]);
        assert_eq!(
            v.verify_with_flaws(expired.expose(), R, now, &lax),
            Err(TokenRejection::Expired)
        );
        // accept_alg_none: the claims are still validated.
        let lax = flaws(&[RsFlaw::AcceptAlgNone]);
        let unsigned_expired =
            m.forge(&AccessTokenSpec::new(R).lifetime_seconds(-600), &Forgery::AlgNone).unwrap();
        assert_eq!(
            v.verify_with_flaws(unsigned_expired.expose(), R, now, &lax),
            Err(TokenRejection::Expired)
        );
        // ignore_issuer_claim: keys of an untrusted issuer, and the attacker's key under a
        // trusted kid, are still refused.
        let lax = flaws(&[RsFlaw::IgnoreIssuerClaim]);
        let other = Minter::new("http://127.0.0.1:7", SigningKey::generate().unwrap());
        let foreign = other.mint(&AccessTokenSpec::new(R)).unwrap();
        assert_eq!(
            v.verify_with_flaws(foreign.expose(), R, now, &lax),
            Err(TokenRejection::BadSignature)
        );
        let forged =
            m.forge(&AccessTokenSpec::new(R), &Forgery::ForeignKey { same_kid: true }).unwrap();
        assert_eq!(
            v.verify_with_flaws(forged.expose(), R, now, &lax),
            Err(TokenRejection::BadSignature)
        );
        // accept_id_token: an access token for another audience is still refused.
        let lax = flaws(&[RsFlaw::AcceptIdToken]);
        let foreign_aud = m.mint(&AccessTokenSpec::new("http://127.0.0.1:8/other")).unwrap();
        assert_eq!(
            v.verify_with_flaws(foreign_aud.expose(), R, now, &lax),
            Err(TokenRejection::Audience)
        );
    }
}
