//! Token endpoint responses (OAuth 2.1 §3.2.3, §3.2.4) and introspection responses
//! (RFC 7662 §2.2): conformant documents, then one broken document per rule.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod support;
use mcp_auth_proto::documents::introspection::{self, IntrospectionResponse};
use mcp_auth_proto::documents::token::{
    TokenError, TokenErrorContext, TokenResponse, TokenResponseContext, validate_error,
    validate_response,
};
use mcp_auth_proto::requirements::{
    AS_SHORT_LIVED, AS_TOKEN_ERRORS, AS_TOKEN_RESPONSE, RS_TOKEN_INACTIVE,
};
use mcp_auth_proto::{Finding, FindingsExt, Level, Member};
use proptest::prelude::*;
use serde_json::{Value, json};
use support::{assert_one, with, without};

fn good() -> Value {
    json!({
        "access_token": "2YotnFZFEjr1zCsicMWpAA",
        "token_type": "Bearer",
        "expires_in": 3600,
        "refresh_token": "tGzv3JOkF0XG5Qx2TlKWIA",
        "scope": "mcp:tools"
    })
}

fn ctx() -> TokenResponseContext {
    TokenResponseContext { requested_scope: Some("mcp:tools".into()), ..Default::default() }
}

fn check(value: &Value, ctx: &TokenResponseContext) -> Vec<Finding> {
    validate_response(&TokenResponse::parse(value.to_string().as_bytes()).unwrap(), ctx)
}

#[test]
fn as_token_response_conformant_response_has_no_findings() {
    assert_eq!(check(&good(), &ctx()), vec![]);
    let doc = TokenResponse::parse(good().to_string().as_bytes()).unwrap();
    assert!(!format!("{doc:?}").contains("2YotnFZFEjr1zCsicMWpAA"), "Debug redacts tokens");
}

#[test]
fn as_token_response_headers() {
    let c = TokenResponseContext { status: 201, ..ctx() };
    assert_one(&check(&good(), &c), AS_TOKEN_RESPONSE, Level::Must);
    let c = TokenResponseContext { content_type: Some("text/html".into()), ..ctx() };
    assert_one(&check(&good(), &c), AS_TOKEN_RESPONSE, Level::Must);
    let c = TokenResponseContext { cache_control: Some("no-cache".into()), ..ctx() };
    assert_one(&check(&good(), &c), AS_TOKEN_RESPONSE, Level::Must);
    let c = TokenResponseContext { cache_control: None, ..ctx() };
    assert_one(&check(&good(), &c), AS_TOKEN_RESPONSE, Level::Must);
}

#[test]
fn as_token_response_access_token_and_token_type_required() {
    assert_one(&check(&without(good(), "access_token"), &ctx()), AS_TOKEN_RESPONSE, Level::Must);
    assert_one(
        &check(&with(good(), "access_token", json!("")), &ctx()),
        AS_TOKEN_RESPONSE,
        Level::Must,
    );
    assert_one(
        &check(&with(good(), "access_token", json!(7)), &ctx()),
        AS_TOKEN_RESPONSE,
        Level::Must,
    );
    assert_one(&check(&without(good(), "token_type"), &ctx()), AS_TOKEN_RESPONSE, Level::Must);
}

#[test]
fn c_tok_response_parsing_token_type_is_case_insensitive() {
    for t in ["bearer", "BEARER"] {
        assert!(check(&with(good(), "token_type", json!(t)), &ctx()).is_empty());
    }
    let fs = check(&with(good(), "token_type", json!("N_A")), &ctx());
    assert_one(&fs, AS_TOKEN_RESPONSE, Level::Info);
    assert!(fs[0].message.contains("N_A"));
}

#[test]
fn as_token_response_expires_in() {
    assert_one(&check(&without(good(), "expires_in"), &ctx()), AS_TOKEN_RESPONSE, Level::Should);
    for bad in [json!("3600"), json!(-1), json!(36.5)] {
        assert_one(
            &check(&with(good(), "expires_in", bad), &ctx()),
            AS_TOKEN_RESPONSE,
            Level::Must,
        );
    }
}

#[test]
fn as_short_lived_reports_long_lifetimes() {
    let fs = check(&with(good(), "expires_in", json!(604_800)), &ctx());
    assert_one(&fs, AS_SHORT_LIVED, Level::Info);
    assert!(fs[0].message.contains("604800"));
}

#[test]
fn as_token_response_scope() {
    assert_one(
        &check(&with(good(), "scope", json!(["mcp:tools"])), &ctx()),
        AS_TOKEN_RESPONSE,
        Level::Must,
    );
    assert_one(
        &check(&with(good(), "scope", json!("a  b")), &ctx()),
        AS_TOKEN_RESPONSE,
        Level::Must,
    );
    // A narrower grant is legal and worth knowing; an absent scope means "as requested".
    assert_one(
        &check(&with(good(), "scope", json!("mcp:read")), &ctx()),
        AS_TOKEN_RESPONSE,
        Level::Info,
    );
    assert!(check(&without(good(), "scope"), &ctx()).is_empty());
}

fn error(value: Value, ctx: &TokenErrorContext) -> Vec<Finding> {
    validate_error(&TokenError::parse(value.to_string().as_bytes()).unwrap(), ctx)
}

#[test]
fn as_token_errors_conformant_errors() {
    let body = json!({"error": "invalid_grant", "error_description": "code was already used"});
    assert!(error(body, &TokenErrorContext::default()).is_empty());
    let ctx = TokenErrorContext {
        status: 401,
        www_authenticate: Some("Basic realm=\"as\"".into()),
        client_auth_via_header: true,
        ..Default::default()
    };
    assert!(error(json!({"error": "invalid_client"}), &ctx).is_empty());
    // A client that authenticated in the body may get 400 or 401 for invalid_client.
    assert!(error(json!({"error": "invalid_client"}), &TokenErrorContext::default()).is_empty());
}

#[test]
fn as_token_errors_each_rule() {
    let d = TokenErrorContext::default();
    let grant = json!({"error": "invalid_grant"});
    assert_one(
        &error(grant.clone(), &TokenErrorContext { status: 500, ..d.clone() }),
        AS_TOKEN_ERRORS,
        Level::Must,
    );
    assert_one(
        &error(grant.clone(), &TokenErrorContext { status: 401, ..d.clone() }),
        AS_TOKEN_ERRORS,
        Level::Must,
    );
    assert_one(
        &error(grant, &TokenErrorContext { content_type: None, ..d.clone() }),
        AS_TOKEN_ERRORS,
        Level::Must,
    );
    let header_client =
        TokenErrorContext { status: 401, client_auth_via_header: true, ..d.clone() };
    assert_one(
        &error(json!({"error": "invalid_client"}), &header_client),
        AS_TOKEN_ERRORS,
        Level::Must,
    );
    let header_400 = TokenErrorContext { client_auth_via_header: true, ..d.clone() };
    assert_one(
        &error(json!({"error": "invalid_client"}), &header_400),
        AS_TOKEN_ERRORS,
        Level::Must,
    );
    assert_one(&error(json!({"error": "bad_thing"}), &d), AS_TOKEN_ERRORS, Level::Must);
    assert_one(&error(json!({"error": "slow_down"}), &d), AS_TOKEN_ERRORS, Level::Info);
    assert_one(&error(json!({}), &d), AS_TOKEN_ERRORS, Level::Must);
    let body = json!({"error": "invalid_request", "error_description": "bad \"quote\""});
    assert_one(&error(body, &d), AS_TOKEN_ERRORS, Level::Must);
    let body = json!({"error": "invalid_request", "error_uri": "https://as.example/e rr"});
    assert_one(&error(body, &d), AS_TOKEN_ERRORS, Level::Must);
}

fn introspect(value: Value) -> Vec<Finding> {
    introspection::validate(&IntrospectionResponse::parse(value.to_string().as_bytes()).unwrap())
}

#[test]
fn rs_token_inactive_introspection_document() {
    let good = json!({
        "active": true, "client_id": "l238j323ds-23ij4", "username": "jdoe",
        "scope": "mcp:tools", "sub": "Z5O3upPC88QrAjx00dis", "aud": "https://mcp.example/mcp",
        "iss": "https://as.example/", "exp": 1_419_356_238u64, "iat": 1_419_350_238u64,
        "token_type": "Bearer", "jti": "abc"
    });
    assert!(introspect(good.clone()).is_empty());
    let doc = IntrospectionResponse::parse(good.to_string().as_bytes()).unwrap();
    assert!(doc.typed.is_active_for("https://mcp.example/mcp", 1_419_356_000));
    assert!(!doc.typed.is_active_for("https://mcp.example", 1_419_356_000));
    assert!(!doc.typed.is_active_for("https://mcp.example/mcp", 1_419_356_238));
    assert_one(&introspect(without(good.clone(), "active")), RS_TOKEN_INACTIVE, Level::Must);
    assert_one(
        &introspect(with(good.clone(), "active", json!("true"))),
        RS_TOKEN_INACTIVE,
        Level::Must,
    );
    assert_one(&introspect(with(good, "exp", json!("1419356238"))), RS_TOKEN_INACTIVE, Level::Must);
}

proptest! {
    /// Token validators never panic and always report deterministically; the models keep
    /// whatever was sent and re-serialize to an equal model.
    #[test]
    fn token_validators_are_total(
        members in prop::collection::vec(
            (prop::sample::select(vec!["access_token", "token_type", "expires_in", "scope",
                "error", "error_description", "error_uri", "active", "aud", "exp"]),
             prop_oneof![
                 Just(Value::Null),
                 any::<i64>().prop_map(Value::from),
                 "[ -~\u{e9}]{0,12}".prop_map(Value::String),
                 prop::collection::vec("[a-z]{0,3}".prop_map(Value::String), 0..3).prop_map(Value::Array),
             ]),
            0..8),
        status in 100u16..600,
    ) {
        let object: serde_json::Map<String, Value> =
            members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        let bytes = Value::Object(object).to_string().into_bytes();
        let ok = TokenResponse::parse(&bytes).unwrap();
        let c = TokenResponseContext { status, ..ctx() };
        prop_assert_eq!(validate_response(&ok, &c), validate_response(&ok, &c));
        let again = serde_json::to_vec(&ok.typed).unwrap();
        prop_assert_eq!(&TokenResponse::parse(&again).unwrap().typed, &ok.typed);
        let err = TokenError::parse(&bytes).unwrap();
        let _ = validate_error(&err, &TokenErrorContext { status, ..Default::default() }).has_must();
        let intro = IntrospectionResponse::parse(&bytes).unwrap();
        let findings = introspection::validate(&intro);
        prop_assert_eq!(findings.is_empty() && intro.typed.active.is_absent(), false);
        if intro.typed.is_active_for("https://mcp.example/mcp", 1) {
            prop_assert_eq!(&intro.typed.active, &Member::Valid(true));
        }
    }
}

/// Regression (found by the `token_response` fuzz target): the granted-scope note quoted the
/// whole scope strings, so a hostile server could make a report line arbitrarily long.
#[test]
fn granted_scope_note_quotes_a_bounded_excerpt() {
    use mcp_auth_proto::documents::token::{
        TokenResponse, TokenResponseContext, validate_response,
    };
    let scope = "s".repeat(5000);
    let body = format!(
        r#"{{"access_token":"at","token_type":"Bearer","expires_in":60,"scope":"{scope}"}}"#
    );
    let doc = TokenResponse::parse(body.as_bytes()).unwrap();
    let context = TokenResponseContext {
        requested_scope: Some("files:read".to_owned()),
        ..TokenResponseContext::default()
    };
    let findings = validate_response(&doc, &context);
    let note = findings.iter().find(|f| f.message.starts_with("granted scope")).unwrap();
    assert!(note.message.len() < 600, "{} bytes", note.message.len());
}
