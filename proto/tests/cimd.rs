//! Client ID Metadata Documents: the MCP example document passes, then one broken document
//! per `AS-CIMD-*` rule, and the `C-REG-CIMD-CLIENT-ID` URL rules.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod support;
use mcp_auth_proto::documents::cimd::{
    CimdContext, ClientIdMetadataDocument, client_id_url_problems, validate,
};
use mcp_auth_proto::requirements::{
    AS_CIMD_ID_MATCH, AS_CIMD_LIMITS, AS_CIMD_NO_SECRETS, AS_CIMD_REDIRECT, AS_CIMD_STRUCTURE,
    C_REG_CIMD_CLIENT_ID,
};
use mcp_auth_proto::{Finding, FindingsExt, Level};
use serde_json::{Value, json};
use support::{assert_one, with, without};

const URL: &str = "https://app.example.com/oauth/client-metadata.json";

/// The shape of the MCP 2025-11-25 example document.
fn good() -> Value {
    json!({
        "client_id": URL,
        "client_name": "Example MCP Client",
        "client_uri": "https://app.example.com",
        "logo_uri": "https://app.example.com/logo.png",
        "redirect_uris": ["http://127.0.0.1:3000/callback", "http://localhost:3000/callback"],
        "grant_types": ["authorization_code"],
        "response_types": ["code"],
        "token_endpoint_auth_method": "none"
    })
}

fn ctx() -> CimdContext {
    CimdContext {
        document_url: URL.to_owned(),
        redirect_uri_used: Some("http://127.0.0.1:3000/callback".to_owned()),
    }
}

fn check(value: &Value) -> Vec<Finding> {
    let doc = ClientIdMetadataDocument::parse(value.to_string().as_bytes()).unwrap();
    validate(&doc, &ctx())
}

#[test]
fn conformant_mcp_example_document_has_no_findings() {
    assert_eq!(check(&good()), vec![]);
}

#[test]
fn as_cimd_id_match_is_exact_string_comparison() {
    for other in [
        "https://app.example.com/oauth/client-metadata.json/",
        "https://APP.example.com/oauth/client-metadata.json",
        "https://other.example/oauth/client-metadata.json",
    ] {
        assert_one(&check(&with(good(), "client_id", json!(other))), AS_CIMD_ID_MATCH, Level::Must);
    }
    let fs = check(&without(good(), "client_id"));
    assert_eq!(fs.len(), 2, "{fs:#?}");
    assert!(fs.mentions(AS_CIMD_STRUCTURE) && fs.mentions(AS_CIMD_ID_MATCH));
}

#[test]
fn as_cimd_structure_required_members_and_types() {
    assert_one(&check(&without(good(), "client_name")), AS_CIMD_STRUCTURE, Level::Must);
    let fs = check(&without(good(), "redirect_uris"));
    assert!(fs.mentions(AS_CIMD_STRUCTURE) && fs.has_must());
    assert_one(
        &check(&with(good(), "grant_types", json!("authorization_code"))),
        AS_CIMD_STRUCTURE,
        Level::Must,
    );
    let doc = ClientIdMetadataDocument::parse(b"[1]");
    assert!(doc.is_err(), "an array root is not a document");
}

#[test]
fn as_cimd_no_secrets_shared_secret_methods_and_members() {
    for method in ["client_secret_basic", "client_secret_post", "client_secret_jwt"] {
        let v = with(good(), "token_endpoint_auth_method", json!(method));
        assert_one(&check(&v), AS_CIMD_NO_SECRETS, Level::Must);
    }
    let fs = check(&with(good(), "client_secret", json!("shh-do-not-print")));
    assert_one(&fs, AS_CIMD_NO_SECRETS, Level::Must);
    assert!(!fs[0].message.contains("shh-do-not-print"));
    assert_one(
        &check(&with(good(), "client_secret_expires_at", json!(0))),
        AS_CIMD_NO_SECRETS,
        Level::Must,
    );
}

#[test]
fn private_key_jwt_needs_keys() {
    let v = with(good(), "token_endpoint_auth_method", json!("private_key_jwt"));
    assert_one(&check(&v), AS_CIMD_STRUCTURE, Level::Must);
    let v = with(v, "jwks_uri", json!("https://app.example.com/jwks.json"));
    assert!(check(&v).is_empty());
}

#[test]
fn as_cimd_redirect_used_uri_must_be_listed_exactly() {
    let doc = ClientIdMetadataDocument::parse(good().to_string().as_bytes()).unwrap();
    let ctx = CimdContext {
        redirect_uri_used: Some("http://127.0.0.1:3000/callback/".to_owned()),
        ..ctx()
    };
    assert_one(&validate(&doc, &ctx), AS_CIMD_REDIRECT, Level::Must);
}

#[test]
fn as_cimd_limits_large_document_is_info() {
    let big = with(good(), "x-padding", json!("x".repeat(6 * 1024)));
    assert_one(&check(&big), AS_CIMD_LIMITS, Level::Info);
}

#[test]
fn c_reg_cimd_client_id_url_rules() {
    assert!(client_id_url_problems(URL).is_empty());
    let one = |url: &str, level| {
        let fs = client_id_url_problems(url);
        assert_one(&fs, C_REG_CIMD_CLIENT_ID, level);
    };
    one("http://app.example.com/c.json", Level::Must);
    one("https://app.example.com", Level::Must);
    one("https://app.example.com/a/../c.json", Level::Must);
    one("https://app.example.com/c.json#x", Level::Must);
    one("https://me:pw@app.example.com/c.json", Level::Must);
    one("https://app.example.com/c.json?v=2", Level::Should);
    one("http://localhost:8080/c.json", Level::Info);
}
