//! Minted tokens as a resource server sees them: every forgery decodes (except the
//! truncated one), proto's `validate_access_token` explains the ones it can see, and the
//! verifier refuses each for the right reason.
// Test helpers outside #[test] functions: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use mcp_auth_mocks::keys::SigningKey;
use mcp_auth_mocks::mint::now_seconds;
use mcp_auth_mocks::mint::{AccessTokenSpec, Forgery, JwtVerifier, Minter, Revocations};
use mcp_auth_mocks::verify::TokenRejection;
use mcp_auth_proto::documents::jwt::{AccessTokenContext, CompactJwt, validate_access_token};
use mcp_auth_proto::requirements::{RS_TOKEN_SIGNATURE, RS_TOKEN_TYPE};
use mcp_auth_proto::{FindingsExt, Level};
use p256::ecdsa::Signature;
use p256::ecdsa::signature::Verifier as _;

const ISSUER: &str = "http://127.0.0.1:4000/tenant1";
const RESOURCE: &str = "http://127.0.0.1:4001/mcp";
const JKU: &str = "http://127.0.0.1:4002/attacker/jwks.json";

fn setup() -> (Minter, JwtVerifier) {
    let minter = Minter::new(ISSUER, SigningKey::generate_with_kid("as-key-1").unwrap());
    let verifier = JwtVerifier::new().trust(ISSUER, minter.key_set(), Revocations::new());
    (minter, verifier)
}

fn spec() -> AccessTokenSpec {
    AccessTokenSpec::new(RESOURCE).client_id("client-1").scope(Some("mcp:tools"))
}

fn ctx() -> AccessTokenContext {
    AccessTokenContext {
        expected_issuer: ISSUER.into(),
        expected_audience: RESOURCE.into(),
        now: now_seconds(),
        leeway_seconds: 30,
    }
}

#[test]
fn every_forgery_is_refused_for_its_reason() {
    let (minter, verifier) = setup();
    for forgery in Forgery::all(JKU) {
        let token = minter.forge(&spec(), &forgery).unwrap();
        let outcome = verifier.verify_at(token.expose(), RESOURCE, now_seconds());
        let expected = match &forgery {
            Forgery::None => {
                assert!(outcome.is_ok(), "{outcome:?}");
                continue;
            }
            Forgery::AlgNone => TokenRejection::Algorithm("none".into()),
            Forgery::Hs256WithPublicKey => TokenRejection::Algorithm("HS256".into()),
            Forgery::ForeignKey { .. }
            | Forgery::UnknownKid
            | Forgery::EmbeddedJwk
            | Forgery::Jku(_)
            | Forgery::TamperedPayload => TokenRejection::BadSignature,
            Forgery::CritUnknown | Forgery::Truncated => {
                assert!(
                    matches!(outcome, Err(TokenRejection::Malformed(_))),
                    "{forgery:?}: {outcome:?}"
                );
                continue;
            }
            Forgery::IdToken => {
                assert!(
                    matches!(outcome, Err(TokenRejection::NotAnAccessToken(_))),
                    "{forgery:?}: {outcome:?}"
                );
                continue;
            }
        };
        assert_eq!(outcome, Err(expected), "{forgery:?}");
    }
}

#[test]
fn every_forgery_but_truncated_decodes_and_proto_explains_the_visible_ones() {
    let (minter, _) = setup();
    for forgery in Forgery::all(JKU) {
        let token = minter.forge(&spec(), &forgery).unwrap();
        let parsed = CompactJwt::parse(token.expose());
        if forgery == Forgery::Truncated {
            assert!(parsed.is_err(), "a truncated token must not decode");
            continue;
        }
        let jwt = parsed.unwrap_or_else(|e| panic!("{forgery:?}: {e}"));
        let findings = validate_access_token(&jwt, &ctx());
        let must = |req| findings.iter().any(|f| f.requirement == req && f.level == Level::Must);
        let should_mentions = |word: &str| {
            findings.iter().any(|f| f.level == Level::Should && f.message.contains(word))
        };
        match &forgery {
            Forgery::AlgNone | Forgery::Hs256WithPublicKey => {
                assert!(must(RS_TOKEN_SIGNATURE), "{forgery:?}: {findings:?}")
            }
            Forgery::IdToken => assert!(must(RS_TOKEN_TYPE), "{findings:?}"),
            Forgery::EmbeddedJwk => assert!(should_mentions("jwk"), "{findings:?}"),
            Forgery::Jku(_) => assert!(should_mentions("jku"), "{findings:?}"),
            Forgery::CritUnknown => assert!(should_mentions("crit"), "{findings:?}"),
            // Only a signature check can tell these from a valid token.
            Forgery::None
            | Forgery::ForeignKey { .. }
            | Forgery::UnknownKid
            | Forgery::TamperedPayload => {
                assert!(!findings.has_must(), "{forgery:?}: {findings:?}")
            }
            Forgery::Truncated => unreachable!(),
        }
    }
}

#[test]
fn the_attacks_are_real_attacks() {
    let (minter, _) = setup();
    let token =
        |f: &Forgery| CompactJwt::parse(minter.forge(&spec(), f).unwrap().expose()).unwrap();
    let es256 = |jwt: &CompactJwt, key: &SigningKey| {
        let sig = Signature::from_slice(jwt.signature()).unwrap();
        key.verifying_key().verify(jwt.signing_input(), &sig).is_ok()
    };
    // HS256 keyed with the public key verifies for a verifier that lets the header choose.
    let hs = token(&Forgery::Hs256WithPublicKey);
    let pem = minter.key().public_key_pem().unwrap();
    let mac = URL_SAFE_NO_PAD.encode(hs.signature());
    assert!(
        jsonwebtoken::crypto::verify(
            &mac,
            hs.signing_input(),
            &DecodingKey::from_secret(pem.as_bytes()),
            Algorithm::HS256
        )
        .unwrap()
    );
    // Attacker-signed tokens verify with the attacker key, the embedded one included.
    let attacker = minter.attacker_key().unwrap();
    for f in
        [Forgery::ForeignKey { same_kid: true }, Forgery::EmbeddedJwk, Forgery::Jku(JKU.into())]
    {
        let jwt = token(&f);
        assert!(es256(&jwt, &attacker), "{f:?}");
        assert!(!es256(&jwt, minter.key()), "{f:?}");
    }
    assert_eq!(token(&Forgery::EmbeddedJwk).header().object["jwk"], *attacker.public_jwk());
    // Genuine signatures where the forgery is elsewhere.
    assert!(es256(&token(&Forgery::UnknownKid), minter.key()));
    assert!(es256(&token(&Forgery::CritUnknown), minter.key()));
    assert!(es256(&token(&Forgery::IdToken), minter.key()));
    assert!(!es256(&token(&Forgery::TamperedPayload), minter.key()));
    assert_eq!(token(&Forgery::IdToken).claims().object["aud"], "client-1");
    assert!(token(&Forgery::AlgNone).signature().is_empty());
}

#[test]
fn valid_tokens_interoperate_with_jsonwebtoken() {
    let (minter, _) = setup();
    let token = minter.mint(&spec()).unwrap();
    let mut validation = Validation::new(Algorithm::ES256);
    validation.set_audience(&[RESOURCE]);
    validation.set_issuer(&[ISSUER]);
    let data = jsonwebtoken::decode::<serde_json::Value>(
        token.expose(),
        minter.key().decoding_key(),
        &validation,
    )
    .unwrap();
    assert_eq!(data.header.typ.as_deref(), Some("at+jwt"));
    assert_eq!(data.claims["client_id"], "client-1");
}

#[test]
fn hostile_claims_are_refused_by_the_verifier() {
    let (minter, verifier) = setup();
    let check = |s: AccessTokenSpec| {
        verifier.verify_at(minter.mint(&s).unwrap().expose(), RESOURCE, now_seconds())
    };
    assert_eq!(check(spec().lifetime_seconds(-3600)), Err(TokenRejection::Expired));
    assert_eq!(check(spec().not_before_in(3600)), Err(TokenRejection::NotYetValid));
    assert_eq!(
        check(spec().audiences(["http://127.0.0.1:4001/mcp/"])),
        Err(TokenRejection::Audience)
    );
    assert!(check(spec().audiences(["http://other.test", RESOURCE])).is_ok());
    assert!(matches!(check(spec().header("typ", "JWT")), Err(TokenRejection::NotAnAccessToken(_))));
    assert!(matches!(check(spec().without_claim("sub")), Err(TokenRejection::NotAnAccessToken(_))));
    assert_eq!(
        check(spec().header("alg", "ES384")),
        Err(TokenRejection::Algorithm("ES384".into()))
    );
    assert_eq!(check(spec().without_header("kid")), Err(TokenRejection::BadSignature));
    // An empty resource matches nothing.
    assert_eq!(
        verifier.verify_at(minter.mint(&spec()).unwrap().expose(), "", now_seconds()),
        Err(TokenRejection::Audience)
    );
}
