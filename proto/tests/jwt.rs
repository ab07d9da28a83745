//! Compact JWS decoding (RFC 7515) and the RFC 9068 access-token rules a resource server
//! enforces (`RS-TOKEN-*`): the RFC 7515 A.1 example, a conformant token, hostile tokens.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod support;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use mcp_auth_proto::documents::jwt::{
    AccessTokenContext, CompactJwt, JwtErrorKind, JwtPart, validate_access_token,
};
use mcp_auth_proto::json::JsonErrorKind;
use mcp_auth_proto::requirements::{
    RS_TOKEN_AUDIENCE, RS_TOKEN_EXP_REQUIRED, RS_TOKEN_EXPIRED, RS_TOKEN_ISSUER,
    RS_TOKEN_NOT_YET_VALID, RS_TOKEN_SIGNATURE, RS_TOKEN_TYPE,
};
use mcp_auth_proto::{Finding, FindingsExt, Level};
use proptest::prelude::*;
use serde_json::{Value, json};
use support::{assert_one, with, without};

const ISSUER: &str = "https://as.example.com";
const RESOURCE: &str = "https://mcp.example.com/mcp";
const NOW: u64 = 1_767_225_600;

/// RFC 7515 Appendix A.1 (HMAC SHA-256 JWS), segments verbatim.
const A1: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

fn b64(s: &str) -> String {
    URL_SAFE_NO_PAD.encode(s)
}

fn header() -> Value {
    json!({"alg": "RS256", "typ": "at+jwt", "kid": "2026-01"})
}

fn claims() -> Value {
    json!({
        "iss": ISSUER, "exp": NOW + 300, "aud": RESOURCE, "sub": "5ba552d67",
        "client_id": "https://client.example/cimd.json", "iat": NOW - 60,
        "jti": "dbe39bf3a3ba4238a513f51d6e1691c4", "scope": "mcp:tools"
    })
}

fn mint(header: &Value, claims: &Value) -> String {
    format!(
        "{}.{}.{}",
        b64(&header.to_string()),
        b64(&claims.to_string()),
        b64("not-a-real-signature")
    )
}

fn ctx() -> AccessTokenContext {
    AccessTokenContext {
        expected_issuer: ISSUER.into(),
        expected_audience: RESOURCE.into(),
        now: NOW,
        leeway_seconds: 60,
    }
}

fn check(header: &Value, claims: &Value) -> Vec<Finding> {
    validate_access_token(&CompactJwt::parse(&mint(header, claims)).unwrap(), &ctx())
}

fn error(token: &str) -> JwtErrorKind {
    CompactJwt::parse(token).unwrap_err().kind
}

#[test]
fn rfc7515_appendix_a1_structure_parses() {
    let jwt = CompactJwt::parse(A1).unwrap();
    let h = &jwt.header().typed;
    assert_eq!(h.typ.valid().unwrap(), "JWT");
    assert_eq!(h.alg.valid().unwrap(), "HS256");
    let c = &jwt.claims().typed;
    assert_eq!(c.iss.valid().unwrap(), "joe");
    assert_eq!(c.exp.valid().unwrap().seconds(), 1_300_819_380.0);
    assert_eq!(c.extra["http://example.com/is_root"], Value::Bool(true));
    assert_eq!(jwt.signing_input(), A1.rsplit_once('.').unwrap().0.as_bytes());
    assert_eq!(jwt.signature().len(), 32);
    assert!(!format!("{jwt:?}").contains(A1), "Debug must not print the bearer token");
    // As an access token it fails the profile: typ JWT and a symmetric algorithm.
    let fs = validate_access_token(&jwt, &AccessTokenContext::default());
    assert!(fs.iter().any(|f| f.requirement == RS_TOKEN_TYPE && f.path.is_none()));
    assert!(fs.mentions(RS_TOKEN_SIGNATURE));
}

#[test]
fn conformant_rfc9068_token_has_no_findings() {
    assert_eq!(check(&header(), &claims()), vec![]);
    let array_aud = with(claims(), "aud", json!(["https://other.example", RESOURCE]));
    assert_eq!(check(&header(), &array_aud), vec![]);
}

#[test]
fn hostile_encodings_are_typed_errors() {
    let h = b64(&header().to_string());
    let p = b64(&claims().to_string());
    let dup = b64(r#"{"alg":"RS256","typ":"at+jwt","alg":"none"}"#);
    assert!(matches!(
        error(&format!("{dup}.{p}.c2ln")),
        JwtErrorKind::Json { part: JwtPart::Header, error: JsonErrorKind::DuplicateMember { .. } }
    ));
    let padded = URL_SAFE_NO_PAD.encode("{}") + "=";
    assert!(matches!(
        error(&format!("{h}.{padded}.c2ln")),
        JwtErrorKind::Padding { part: JwtPart::Payload, .. }
    ));
    assert!(matches!(error(&format!("{h}.{p}.c2l+")), JwtErrorKind::StandardAlphabet { .. }));
    assert_eq!(error(&format!("{h}..{p}.iv.tag")), JwtErrorKind::Encrypted);
    let big = format!("{h}.{}.c2ln", "A".repeat(20 * 1024));
    assert!(matches!(error(&big), JwtErrorKind::TooLarge { limit: 16384, .. }));
    let not_json = b64("not json");
    assert!(matches!(
        error(&format!("{h}.{not_json}.c2ln")),
        JwtErrorKind::Json { part: JwtPart::Payload, error: JsonErrorKind::Syntax { .. } }
    ));
    let array = b64("[1]");
    assert!(matches!(
        error(&format!("{h}.{array}.c2ln")),
        JwtErrorKind::Json { error: JsonErrorKind::NotAnObject { .. }, .. }
    ));
}

#[test]
fn rs_token_type_requires_at_jwt() {
    assert_one(&check(&with(header(), "typ", json!("JWT")), &claims()), RS_TOKEN_TYPE, Level::Must);
    assert_one(&check(&without(header(), "typ"), &claims()), RS_TOKEN_TYPE, Level::Must);
    assert!(check(&with(header(), "typ", json!("application/at+jwt")), &claims()).is_empty());
}

#[test]
fn rs_token_type_rfc9068_required_claims() {
    for claim in ["sub", "client_id", "iat", "jti"] {
        let fs = check(&header(), &without(claims(), claim));
        assert_one(&fs, RS_TOKEN_TYPE, Level::Must);
        assert_eq!(fs[0].path.as_ref().unwrap().as_str(), format!("$['{claim}']"));
    }
}

#[test]
fn rs_token_signature_alg_none_and_symmetric() {
    let none =
        format!("{}.{}.", b64(r#"{"alg":"none","typ":"at+jwt"}"#), b64(&claims().to_string()));
    let fs = validate_access_token(&CompactJwt::parse(&none).unwrap(), &ctx());
    assert_one(&fs, RS_TOKEN_SIGNATURE, Level::Must);
    assert_one(
        &check(&with(header(), "alg", json!("HS256")), &claims()),
        RS_TOKEN_SIGNATURE,
        Level::Must,
    );
    assert_one(&check(&without(header(), "alg"), &claims()), RS_TOKEN_SIGNATURE, Level::Must);
    let empty_sig = format!("{}.{}.", b64(&header().to_string()), b64(&claims().to_string()));
    let fs = validate_access_token(&CompactJwt::parse(&empty_sig).unwrap(), &ctx());
    assert_one(&fs, RS_TOKEN_SIGNATURE, Level::Must);
}

#[test]
fn rs_token_signature_header_keys_and_crit_are_not_honoured() {
    for (name, value) in [
        ("jku", json!("https://attacker.example/jwks.json")),
        ("x5u", json!("https://attacker.example/cert.pem")),
        (
            "jwk",
            json!({"kty": "EC", "crv": "P-256", "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}),
        ),
        ("crit", json!(["exp-ext"])),
    ] {
        assert_one(
            &check(&with(header(), name, value), &claims()),
            RS_TOKEN_SIGNATURE,
            Level::Should,
        );
    }
}

#[test]
fn rs_token_exp_required_and_expired() {
    assert_one(&check(&header(), &without(claims(), "exp")), RS_TOKEN_EXP_REQUIRED, Level::Must);
    assert_one(
        &check(&header(), &with(claims(), "exp", json!("soon"))),
        RS_TOKEN_EXP_REQUIRED,
        Level::Must,
    );
    assert_one(
        &check(&header(), &with(claims(), "exp", json!(NOW - 600))),
        RS_TOKEN_EXPIRED,
        Level::Must,
    );
    assert_one(
        &check(&header(), &with(claims(), "exp", json!(NOW - 1))),
        RS_TOKEN_EXPIRED,
        Level::Info,
    );
}

#[test]
fn rs_token_not_yet_valid() {
    assert_one(
        &check(&header(), &with(claims(), "nbf", json!(NOW + 3600))),
        RS_TOKEN_NOT_YET_VALID,
        Level::Must,
    );
    assert!(check(&header(), &with(claims(), "nbf", json!(NOW))).is_empty());
    assert_one(
        &check(&header(), &with(claims(), "iat", json!(NOW + 86_400))),
        RS_TOKEN_NOT_YET_VALID,
        Level::Info,
    );
}

#[test]
fn rs_token_audience_exact() {
    assert_one(&check(&header(), &without(claims(), "aud")), RS_TOKEN_AUDIENCE, Level::Must);
    for foreign in [
        json!("https://other.example/mcp"),
        json!(ISSUER),
        json!(["https://other.example"]),
        json!("https://mcp.example.com"),
        json!("https://mcp.example.com/mcp/"),
        json!("https://mcp.example.com:8443/mcp"),
    ] {
        assert_one(
            &check(&header(), &with(claims(), "aud", foreign)),
            RS_TOKEN_AUDIENCE,
            Level::Must,
        );
    }
}

#[test]
fn rs_token_issuer_exact() {
    assert_one(&check(&header(), &without(claims(), "iss")), RS_TOKEN_ISSUER, Level::Must);
    for other in ["https://as.example.com/", "https://AS.example.com", "https://evil.example"] {
        assert_one(
            &check(&header(), &with(claims(), "iss", json!(other))),
            RS_TOKEN_ISSUER,
            Level::Must,
        );
    }
}

proptest! {
    /// The decoder never panics and never accepts what it cannot decode back.
    #[test]
    fn parse_is_total(token in "[A-Za-z0-9_\\-.=+/ ]{0,200}") {
        if let Ok(jwt) = CompactJwt::parse(&token) {
            let again = jwt.to_compact();
            prop_assert_eq!(again.expose(), token.as_str());
        }
    }

    /// Any pair of JSON objects, properly encoded, parses and validates without panicking.
    #[test]
    fn validation_is_total(
        members in prop::collection::vec(
            (prop::sample::select(vec!["alg", "typ", "crit", "exp", "nbf", "iat", "aud", "iss", "sub", "scope"]),
             prop_oneof![
                 Just(Value::Null),
                 any::<i64>().prop_map(Value::from),
                 "[ -~]{0,12}".prop_map(Value::String),
                 prop::collection::vec("[a-z]{0,3}".prop_map(Value::String), 0..3).prop_map(Value::Array),
             ]),
            0..10),
        now in any::<u64>(),
        leeway in any::<u64>(),
    ) {
        let object = Value::Object(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect());
        let token = mint(&object, &object);
        let jwt = CompactJwt::parse(&token).unwrap();
        let c = AccessTokenContext { now, leeway_seconds: leeway, ..ctx() };
        prop_assert_eq!(validate_access_token(&jwt, &c), validate_access_token(&jwt, &c));
    }
}
