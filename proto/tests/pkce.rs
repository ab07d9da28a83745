//! PKCE per RFC 7636 and OAuth 2.1 §4.1.1: the Appendix B vector, the verifier and challenge
//! grammars, method names, verification, and generated values.

use mcp_auth_proto::finding::Level;
use mcp_auth_proto::pkce::*;
use mcp_auth_proto::requirements::{AS_PKCE_VERIFY, C_PKCE_S256, C_PKCE_VERIFIER_FORMAT};
use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::{RngCore, SeedableRng};

const APPENDIX_B_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const APPENDIX_B_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

#[test]
fn rfc7636_appendix_b() {
    let v = CodeVerifier::parse(APPENDIX_B_VERIFIER).unwrap();
    let c = CodeChallenge::s256(&v);
    assert_eq!(c.as_str(), APPENDIX_B_CHALLENGE);
    assert_eq!(c.method(), CodeChallengeMethod::S256);
    assert_eq!(
        verify(APPENDIX_B_VERIFIER, APPENDIX_B_CHALLENGE, CodeChallengeMethod::S256),
        Ok(())
    );
}

/// Replays the 32 octets of RFC 7636 Appendix B.
struct AppendixBOctets;

const APPENDIX_B_OCTETS: [u8; 32] = [
    116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77,
    105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
];

impl RngCore for AppendixBOctets {
    fn next_u32(&mut self) -> u32 {
        0
    }
    fn next_u64(&mut self) -> u64 {
        0
    }
    fn fill_bytes(&mut self, dst: &mut [u8]) {
        for (d, s) in dst.iter_mut().zip(APPENDIX_B_OCTETS.iter().cycle()) {
            *d = *s;
        }
    }
}

#[test]
fn rfc7636_appendix_b_generate_encodes_the_octets() {
    let v = CodeVerifier::generate(&mut AppendixBOctets);
    assert_eq!(v.expose(), APPENDIX_B_VERIFIER);
    assert_eq!(CodeChallenge::s256(&v).as_str(), APPENDIX_B_CHALLENGE);
}

#[test]
fn as_pkce_verify_rejects_wrong_verifier_and_wrong_method() {
    let other = "A".repeat(43);
    let e = verify(&other, APPENDIX_B_CHALLENGE, CodeChallengeMethod::S256).unwrap_err();
    assert_eq!(e.kind, PkceErrorKind::Mismatch);
    assert_eq!(e.field, PkceField::CodeVerifier);
    assert_eq!(e.finding(AS_PKCE_VERIFY).level, Level::Must);
    // Downgrade: the S256 challenge sent back as if it were plain does not verify.
    assert!(verify(APPENDIX_B_VERIFIER, APPENDIX_B_CHALLENGE, CodeChallengeMethod::Plain).is_err());
    assert_eq!(
        verify(APPENDIX_B_VERIFIER, APPENDIX_B_VERIFIER, CodeChallengeMethod::Plain),
        Ok(())
    );
}

#[test]
fn rfc7636_4_1_verifier_length_and_charset() {
    let kind = |s: &str| CodeVerifier::parse(s).unwrap_err().kind;
    assert!(CodeVerifier::parse(&"a".repeat(43)).is_ok());
    assert!(CodeVerifier::parse(&"a".repeat(128)).is_ok());
    assert_eq!(kind(""), PkceErrorKind::TooShort { len: 0, min: 43 });
    assert_eq!(kind(&"a".repeat(42)), PkceErrorKind::TooShort { len: 42, min: 43 });
    assert_eq!(kind(&"a".repeat(129)), PkceErrorKind::TooLong { len: 129, max: 128 });
    assert_eq!(kind(&"a".repeat(100_000)), PkceErrorKind::TooLong { len: 100_000, max: 128 });
    for (bad, offset, found) in [
        (format!("{}+", "a".repeat(43)), 43, '+'),
        (format!("/{}", "a".repeat(43)), 0, '/'),
        (format!("{}={}", "a".repeat(20), "a".repeat(30)), 20, '='),
        (format!("{} {}", "a".repeat(20), "a".repeat(30)), 20, ' '),
        (format!("{}é", "a".repeat(43)), 43, 'é'),
    ] {
        assert_eq!(kind(&bad), PkceErrorKind::IllegalCharacter { offset, found }, "{bad}");
    }
    let e = CodeVerifier::parse("short").unwrap_err();
    assert_eq!(e.finding(C_PKCE_VERIFIER_FORMAT).requirement, C_PKCE_VERIFIER_FORMAT);
}

#[test]
fn rfc7636_4_2_s256_challenge_is_43_unpadded_base64url() {
    let kind = |s: &str| CodeChallenge::parse(s, CodeChallengeMethod::S256).unwrap_err().kind;
    assert!(CodeChallenge::parse(APPENDIX_B_CHALLENGE, CodeChallengeMethod::S256).is_ok());
    assert_eq!(
        kind(&format!("{APPENDIX_B_CHALLENGE}=")),
        PkceErrorKind::IllegalCharacter { offset: 43, found: '=' }
    );
    assert_eq!(
        kind(&APPENDIX_B_CHALLENGE[..42]),
        PkceErrorKind::WrongLength { len: 42, expected: 43 }
    );
    assert_eq!(
        kind(&format!("{APPENDIX_B_CHALLENGE}A")),
        PkceErrorKind::WrongLength { len: 44, expected: 43 }
    );
    // Standard base64 alphabet is not base64url.
    assert_eq!(
        kind("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM"),
        PkceErrorKind::IllegalCharacter { offset: 40, found: '+' }
    );
    // Last character must leave the two spare bits zero.
    assert_eq!(
        kind("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN"),
        PkceErrorKind::NonCanonicalBase64
    );
    // A plain challenge follows the verifier grammar.
    assert!(CodeChallenge::parse(&"~".repeat(43), CodeChallengeMethod::Plain).is_ok());
    assert!(CodeChallenge::parse("abc", CodeChallengeMethod::Plain).is_err());
}

#[test]
fn as_pkce_s256_method_names_are_case_sensitive() {
    assert_eq!(CodeChallengeMethod::parse("S256"), Ok(CodeChallengeMethod::S256));
    assert_eq!(CodeChallengeMethod::parse("plain"), Ok(CodeChallengeMethod::Plain));
    for bad in ["s256", "PLAIN", "Plain", "S-256", "FOO", ""] {
        let e = CodeChallengeMethod::parse(bad).unwrap_err();
        assert_eq!(e.field, PkceField::CodeChallengeMethod);
        assert_eq!(e.kind, PkceErrorKind::UnknownMethod { method: bad.to_owned() });
        assert!(e.to_string().contains(&format!("{bad:?}")), "{e}");
    }
}

#[test]
fn rfc7636_4_3_absent_method_means_plain() {
    assert_eq!(CodeChallengeMethod::from_param(None), Ok(CodeChallengeMethod::Plain));
    assert_eq!(CodeChallengeMethod::from_param(Some("S256")), Ok(CodeChallengeMethod::S256));
    assert!(CodeChallengeMethod::from_param(Some("s256")).is_err());
}

#[test]
fn c_pkce_s256_client_method_finding() {
    assert_eq!(client_method_finding(Some("S256")), None);
    for param in [None, Some("plain"), Some("s256")] {
        let f = client_method_finding(param).unwrap();
        assert_eq!(f.requirement, C_PKCE_S256);
        assert_eq!(f.level, Level::Must);
    }
}

#[test]
fn c_pkce_verifier_format_generated_verifiers_are_43_chars_and_distinct() {
    let mut rng = StdRng::seed_from_u64(7);
    let a = CodeVerifier::generate(&mut rng);
    let b = CodeVerifier::generate(&mut rng);
    assert_eq!(a.expose().len(), 43);
    assert_ne!(a, b);
    assert!(!format!("{a:?}").contains(a.expose()));
}

proptest! {
    #[test]
    fn generated_verifiers_parse_and_verify(seed in any::<[u8; 32]>()) {
        let v = CodeVerifier::generate(&mut StdRng::from_seed(seed));
        prop_assert!(CodeVerifier::parse(v.expose()).is_ok());
        let c = CodeChallenge::s256(&v);
        prop_assert!(CodeChallenge::parse(c.as_str(), CodeChallengeMethod::S256).is_ok());
        prop_assert_eq!(verify(v.expose(), c.as_str(), CodeChallengeMethod::S256), Ok(()));
    }

    #[test]
    fn any_valid_verifier_verifies_against_its_own_s256(v in "[A-Za-z0-9._~-]{43,128}") {
        let parsed = CodeVerifier::parse(&v).unwrap();
        let c = CodeChallenge::s256(&parsed);
        prop_assert_eq!(c.as_str().len(), 43);
        prop_assert!(CodeChallenge::parse(c.as_str(), CodeChallengeMethod::S256).is_ok());
        prop_assert_eq!(verify(&v, c.as_str(), CodeChallengeMethod::S256), Ok(()));
    }

    #[test]
    fn parsers_never_panic(s in "\\PC{0,200}") {
        let _ = CodeVerifier::parse(&s);
        let _ = CodeChallenge::parse(&s, CodeChallengeMethod::S256);
        let _ = CodeChallenge::parse(&s, CodeChallengeMethod::Plain);
        let _ = CodeChallengeMethod::parse(&s);
        let _ = verify(&s, &s, CodeChallengeMethod::Plain);
    }
}
