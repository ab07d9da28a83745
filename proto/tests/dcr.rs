//! Dynamic Client Registration documents (RFC 7591): a conformant exchange, then one broken
//! document per rule, each pinned to its catalogue row and level.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod support;
use mcp_auth_proto::documents::dcr::{
    ClientMetadata, DcrResponseContext, RegistrationError, RegistrationResponse, validate_error,
    validate_request, validate_response,
};
use mcp_auth_proto::requirements::{
    AS_DCR_ERRORS, AS_DCR_REDIRECT_SCHEME, AS_DCR_RESPONSE, C_REG_DCR_APPLICATION_TYPE,
    C_REG_DCR_REQUEST,
};
use mcp_auth_proto::{Finding, FindingsExt, Level, SpecVersion};
use proptest::prelude::*;
use serde_json::{Value, json};
use support::{assert_one, with, without};

const REQUEST: &str = r#"{
  "client_name": "Example MCP Client",
  "redirect_uris": ["http://127.0.0.1:33418/callback"],
  "grant_types": ["authorization_code", "refresh_token"],
  "response_types": ["code"],
  "token_endpoint_auth_method": "none",
  "application_type": "native",
  "scope": "mcp:tools",
  "x-unknown-to-server": 1
}"#;

fn request() -> ClientMetadata {
    ClientMetadata::parse(REQUEST.as_bytes()).unwrap().typed
}

fn response(value: Value) -> Vec<Finding> {
    response_with(value, DcrResponseContext { request: Some(request()), ..Default::default() })
}

fn response_with(value: Value, ctx: DcrResponseContext) -> Vec<Finding> {
    let doc = RegistrationResponse::parse(value.to_string().as_bytes()).unwrap();
    validate_response(&doc, &ctx)
}

fn good_response() -> Value {
    json!({
        "client_id": "s6BhdRkqt3",
        "client_id_issued_at": 1_767_225_600u64,
        "client_name": "Example MCP Client",
        "redirect_uris": ["http://127.0.0.1:33418/callback"],
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "token_endpoint_auth_method": "none",
        "application_type": "native",
        "scope": "mcp:tools"
    })
}

#[test]
fn as_dcr_response_conformant_response_has_no_findings() {
    assert_eq!(response(good_response()), vec![]);
}

#[test]
fn as_dcr_response_a13_status_200_is_info_and_others_must() {
    let ctx =
        |status| DcrResponseContext { status, request: Some(request()), ..Default::default() };
    assert_one(&response_with(good_response(), ctx(200)), AS_DCR_RESPONSE, Level::Info);
    assert_one(&response_with(good_response(), ctx(400)), AS_DCR_RESPONSE, Level::Must);
}

#[test]
fn as_dcr_response_content_type_must_be_json() {
    let ctx = DcrResponseContext {
        content_type: Some("text/html".into()),
        request: Some(request()),
        ..Default::default()
    };
    assert_one(&response_with(good_response(), ctx), AS_DCR_RESPONSE, Level::Must);
    let ctx = DcrResponseContext {
        content_type: Some("application/json; charset=utf-8".into()),
        ..Default::default()
    };
    assert!(response_with(good_response(), ctx).is_empty());
}

#[test]
fn as_dcr_response_client_id_is_required_non_empty_string() {
    let fs = response(without(good_response(), "client_id"));
    assert_one(&fs, AS_DCR_RESPONSE, Level::Must);
    assert_eq!(fs[0].path.as_ref().unwrap().as_str(), "$['client_id']");
    assert_one(
        &response(with(good_response(), "client_id", json!(""))),
        AS_DCR_RESPONSE,
        Level::Must,
    );
    assert_one(
        &response(with(good_response(), "client_id", json!(42))),
        AS_DCR_RESPONSE,
        Level::Must,
    );
}

#[test]
fn as_dcr_response_secret_requires_client_secret_expires_at() {
    let v = with(good_response(), "client_secret", json!("cf136dc3c1fc93f31185e5885805d"));
    let fs = response(v.clone());
    assert_one(&fs, AS_DCR_RESPONSE, Level::Must);
    assert_eq!(fs[0].path.as_ref().unwrap().as_str(), "$['client_secret_expires_at']");
    assert!(!fs[0].message.contains("cf136dc3"), "a finding never shows the secret");
    assert!(response(with(v, "client_secret_expires_at", json!(0))).is_empty());
}

#[test]
fn as_dcr_response_timestamps_are_numbers() {
    let fs = response(with(good_response(), "client_id_issued_at", json!("1767225600")));
    assert_one(&fs, AS_DCR_RESPONSE, Level::Must);
}

#[test]
fn as_dcr_response_registered_metadata_is_echoed() {
    let fs = response(without(good_response(), "redirect_uris"));
    assert_one(&fs, AS_DCR_RESPONSE, Level::Must);
    assert!(fs[0].message.contains("redirect_uris"));
    // Replaced values are allowed (RFC 7591 §3.2.1), unknown metadata need not come back.
    let replaced = with(good_response(), "scope", json!("mcp:tools mcp:resources"));
    assert!(response(replaced).is_empty());
    // An OAuth-only server may ignore OIDC's application_type.
    assert_one(
        &response(without(good_response(), "application_type")),
        AS_DCR_RESPONSE,
        Level::Info,
    );
}

#[test]
fn as_dcr_response_software_statement_returned_unmodified() {
    let mut req = request();
    req.software_statement =
        "eyJhbGciOiJSUzI1NiJ9.eyJzb2Z0d2FyZV9pZCI6IjEifQ.c2ln".to_owned().into();
    let ctx = DcrResponseContext { request: Some(req), ..Default::default() };
    let v = with(good_response(), "software_statement", json!("eyJhbGciOiJub25lIn0.e30."));
    assert_one(&response_with(v, ctx), AS_DCR_RESPONSE, Level::Must);
}

#[test]
fn as_dcr_response_grant_and_response_types_consistent() {
    let v = with(good_response(), "response_types", json!(["token"]));
    assert_one(&response_with(v, DcrResponseContext::default()), AS_DCR_RESPONSE, Level::Should);
}

#[test]
fn as_dcr_redirect_scheme_returned_redirect_uris() {
    for bad in ["http://evil.test/cb", "javascript:x", "https://c.test/cb#f", "/cb"] {
        let v = with(good_response(), "redirect_uris", json!([bad]));
        let fs = response_with(v, DcrResponseContext::default());
        assert_one(&fs, AS_DCR_REDIRECT_SCHEME, Level::Must);
        assert_eq!(fs[0].path.as_ref().unwrap().as_str(), "$['redirect_uris'][0]");
    }
    let v =
        with(good_response(), "redirect_uris", json!(["https://c.test/cb", "http://[::1]:9/cb"]));
    assert!(response_with(v, DcrResponseContext::default()).is_empty());
}

fn error(value: Value, status: u16, content_type: Option<&str>) -> Vec<Finding> {
    let doc = RegistrationError::parse(value.to_string().as_bytes()).unwrap();
    validate_error(&doc, status, content_type)
}

#[test]
fn as_dcr_errors_conformant_error() {
    let body = json!({"error": "invalid_redirect_uri", "error_description": "http is not allowed"});
    assert!(error(body, 400, Some("application/json")).is_empty());
}

#[test]
fn as_dcr_errors_each_rule() {
    let good = json!({"error": "invalid_client_metadata"});
    assert_one(&error(good.clone(), 500, Some("application/json")), AS_DCR_ERRORS, Level::Must);
    assert_one(&error(good.clone(), 400, Some("text/plain")), AS_DCR_ERRORS, Level::Must);
    assert_one(&error(good, 400, None), AS_DCR_ERRORS, Level::Must);
    let fs = error(json!({"error": "invalid_request"}), 400, Some("application/json"));
    assert_one(&fs, AS_DCR_ERRORS, Level::Must);
    assert!(fs[0].message.contains("RFC 7591 §3.2.2"));
    assert_one(&error(json!({}), 400, Some("application/json")), AS_DCR_ERRORS, Level::Must);
    let body = json!({"error": "invalid_client_metadata", "error_description": ["no"]});
    assert_one(&error(body, 400, Some("application/json")), AS_DCR_ERRORS, Level::Must);
}

fn req(value: Value, version: SpecVersion) -> Vec<Finding> {
    validate_request(&ClientMetadata::parse(value.to_string().as_bytes()).unwrap(), version)
}

#[test]
fn c_reg_dcr_request_conformant_request() {
    let value: Value = serde_json::from_str(REQUEST).unwrap();
    for version in SpecVersion::ALL {
        assert!(req(value.clone(), version).is_empty(), "{version}");
    }
}

#[test]
fn c_reg_dcr_request_rules() {
    let value: Value = serde_json::from_str(REQUEST).unwrap();
    let old = SpecVersion::V2025_06_18;
    assert_one(&req(without(value.clone(), "redirect_uris"), old), C_REG_DCR_REQUEST, Level::Must);
    let v = with(value.clone(), "response_types", json!(["token"]));
    assert_one(&req(v, old), C_REG_DCR_REQUEST, Level::Should);
    let v = with(value.clone(), "jwks_uri", json!("https://c.test/jwks.json"));
    let v = with(v, "jwks", json!({"keys": []}));
    let fs = req(v, old);
    assert_one(&fs, C_REG_DCR_REQUEST, Level::Must);
    assert!(fs[0].message.contains("jwks"));
    let v = with(value, "redirect_uris", json!(["http://app.example/cb"]));
    assert_one(&req(v, old), C_REG_DCR_REQUEST, Level::Must);
}

#[test]
fn c_reg_dcr_application_type_2026_07_28() {
    let value: Value = serde_json::from_str(REQUEST).unwrap();
    let v07 = SpecVersion::V2026_07_28;
    assert_one(
        &req(without(value.clone(), "application_type"), v07),
        C_REG_DCR_APPLICATION_TYPE,
        Level::Must,
    );
    assert!(req(without(value.clone(), "application_type"), SpecVersion::V2025_11_25).is_empty());
    let web = with(value.clone(), "application_type", json!("web"));
    assert_one(&req(web, v07), C_REG_DCR_APPLICATION_TYPE, Level::Should);
    let odd = with(value, "application_type", json!("desktop"));
    assert_one(&req(odd, v07), C_REG_DCR_APPLICATION_TYPE, Level::Must);
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        // Quarter steps: serde_json without `float_roundtrip` may misread long fractions.
        (-4000i32..4000).prop_map(|n| Value::from(f64::from(n) / 4.0)),
        "[a-z:/.#?_ 0-9]{0,24}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| prop::collection::vec(inner, 0..4).prop_map(Value::Array))
}

const MEMBERS: &[&str] = &[
    "client_id",
    "client_secret",
    "client_id_issued_at",
    "client_secret_expires_at",
    "registration_client_uri",
    "redirect_uris",
    "grant_types",
    "response_types",
    "jwks",
    "jwks_uri",
    "scope",
    "application_type",
    "software_statement",
    "client_uri",
];

fn arb_object() -> impl Strategy<Value = Value> {
    prop::collection::vec((prop::sample::select(MEMBERS), arb_json()), 0..8).prop_map(|pairs| {
        Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    })
}

proptest! {
    /// Validators never panic, report deterministically, and a model re-serializes to a
    /// document that reads back as the same model.
    #[test]
    fn validators_total_and_models_round_trip(object in arb_object(), status in 100u16..600) {
        let bytes = object.to_string().into_bytes();
        let doc = RegistrationResponse::parse(&bytes).unwrap();
        let ctx = DcrResponseContext { status, request: Some(request()), ..Default::default() };
        prop_assert_eq!(validate_response(&doc, &ctx), validate_response(&doc, &ctx));
        let again = serde_json::to_vec(&doc.typed).unwrap();
        prop_assert_eq!(&RegistrationResponse::parse(&again).unwrap().typed, &doc.typed);
        let meta = ClientMetadata::parse(&bytes).unwrap();
        let _ = validate_request(&meta, SpecVersion::LATEST);
        let err = RegistrationError::parse(&bytes).unwrap();
        let _ = validate_error(&err, status, None).has_must();
    }
}
