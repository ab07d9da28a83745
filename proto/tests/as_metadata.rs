//! RFC 8414 / OpenID Connect Discovery metadata: the `AS-META-*` rows, one broken document
//! per rule.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use mcp_auth_proto::documents::as_metadata::{
    self, AsMetadataContext, AuthorizationServerMetadata, MetadataFlavour, check_http_response,
    json_error_finding,
};
use mcp_auth_proto::requirements::{
    AS_META_CIMD_FLAG, AS_META_HTTPS, AS_META_ISS_FLAG, AS_META_ISSUER, AS_META_PKCE,
    AS_META_PUBLISHED, AS_META_REQUIRED,
};
use mcp_auth_proto::{Finding, Level, RequirementId, SpecVersion};
use proptest::prelude::*;
use serde_json::{Value, json};

const ISSUER: &str = "https://as.example.test";

fn good() -> Value {
    json!({
        "issuer": ISSUER,
        "authorization_endpoint": "https://as.example.test/authorize",
        "token_endpoint": "https://as.example.test/token",
        "registration_endpoint": "https://as.example.test/register",
        "revocation_endpoint": "https://as.example.test/revoke",
        "jwks_uri": "https://as.example.test/jwks",
        "scopes_supported": ["mcp:tools", "offline_access"],
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "token_endpoint_auth_methods_supported": ["none", "private_key_jwt"],
        "token_endpoint_auth_signing_alg_values_supported": ["ES256"],
        "code_challenge_methods_supported": ["S256"],
        "authorization_response_iss_parameter_supported": true,
        "client_id_metadata_document_supported": true,
        "protected_resources": ["https://mcp.example.test/mcp"],
        "service_documentation": "https://docs.example.test/as",
        "x-vendor": {"feature": true}
    })
}

fn good_oidc() -> Value {
    let mut doc = good();
    let extra = json!({
        "userinfo_endpoint": "https://as.example.test/userinfo",
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256", "ES256"],
        "claims_supported": ["sub", "email"],
        "request_uri_parameter_supported": false
    });
    for (k, v) in extra.as_object().unwrap() {
        doc[k] = v.clone();
    }
    doc
}

fn ctx() -> AsMetadataContext {
    AsMetadataContext { expected_issuer: Some(ISSUER.to_owned()), ..AsMetadataContext::default() }
}

fn oidc() -> AsMetadataContext {
    AsMetadataContext { flavour: MetadataFlavour::OpenId, ..ctx() }
}

fn at(version: SpecVersion) -> AsMetadataContext {
    AsMetadataContext { spec_version: version, ..ctx() }
}

fn validate(doc: &Value, ctx: &AsMetadataContext) -> Vec<Finding> {
    let parsed = AuthorizationServerMetadata::parse(&serde_json::to_vec(doc).unwrap()).unwrap();
    as_metadata::validate(&parsed, ctx)
}

fn with(member: &str, value: Value) -> Value {
    let mut doc = good();
    doc[member] = value;
    doc
}

fn without(member: &str) -> Value {
    let mut doc = good();
    doc.as_object_mut().unwrap().remove(member);
    doc
}

fn summary(findings: &[Finding]) -> Vec<(RequirementId, Level)> {
    findings.iter().map(|f| (f.requirement, f.level)).collect()
}

fn pin(doc: Value, ctx: &AsMetadataContext) -> Vec<(RequirementId, Level)> {
    summary(&validate(&doc, ctx))
}

#[test]
fn conformant_documents_have_no_findings() {
    let found = validate(&good(), &ctx());
    assert_eq!(found, vec![], "{found:#?}");
    let found = validate(&good_oidc(), &oidc());
    assert_eq!(found, vec![], "{found:#?}");
}

#[test]
fn round_trip_reproduces_hostile_documents() {
    let hostile = json!({
        "issuer": ["https://as.example.test"],
        "token_endpoint": 42,
        "code_challenge_methods_supported": "S256",
        "authorization_response_iss_parameter_supported": "true",
        "userinfo_endpoint": null,
        "x": [1, {"y": "z"}]
    });
    let doc = AuthorizationServerMetadata::parse(&serde_json::to_vec(&hostile).unwrap()).unwrap();
    let again = serde_json::to_value(&doc.typed).unwrap();
    assert_eq!(again, hostile);
    let reparsed =
        AuthorizationServerMetadata::parse(&serde_json::to_vec(&again).unwrap()).unwrap();
    assert_eq!(reparsed.typed, doc.typed);
}

// AS-META-ISSUER and the issuer part of AS-META-REQUIRED

#[test]
fn as_meta_required_issuer_missing_or_not_a_string_is_must() {
    assert_eq!(pin(without("issuer"), &ctx()), vec![(AS_META_REQUIRED, Level::Must)]);
    assert_eq!(pin(with("issuer", json!(7)), &ctx()), vec![(AS_META_REQUIRED, Level::Must)]);
}

#[test]
fn as_meta_issuer_mismatch_is_must_with_both_values() {
    let found = validate(&with("issuer", json!("https://honest.example.test")), &ctx());
    assert_eq!(summary(&found), vec![(AS_META_ISSUER, Level::Must)]);
    assert!(found[0].message.contains("https://honest.example.test"));
    assert!(found[0].message.contains(ISSUER));
}

#[test]
fn as_meta_issuer_trailing_slash_and_case_matter() {
    let found = validate(&with("issuer", json!("https://as.example.test/")), &ctx());
    assert_eq!(summary(&found), vec![(AS_META_ISSUER, Level::Must)]);
    assert!(found[0].message.contains("trailing slash"), "{}", found[0].message);
    let found = validate(&with("issuer", json!("https://AS.example.test")), &ctx());
    assert_eq!(summary(&found), vec![(AS_META_ISSUER, Level::Must)]);
    assert!(found[0].message.contains("letter case"));
    let port = with("issuer", json!("https://as.example.test:443"));
    assert_eq!(pin(port, &ctx()), vec![(AS_META_ISSUER, Level::Must)]);
}

#[test]
fn as_meta_issuer_mismatch_is_should_for_2025_03_26_a6() {
    let doc = with("issuer", json!("https://as.example.test/tenant1"));
    let found = validate(&doc, &at(SpecVersion::V2025_03_26));
    assert_eq!(summary(&found), vec![(AS_META_ISSUER, Level::Should)]);
    assert!(found[0].message.contains("A6"));
    assert_eq!(pin(doc, &at(SpecVersion::V2025_06_18)), vec![(AS_META_ISSUER, Level::Must)]);
}

#[test]
fn as_meta_issuer_syntax_query_fragment_userinfo_http_are_must() {
    let ctx = AsMetadataContext::default();
    for bad in [
        "https://as.example.test?x=1",
        "https://as.example.test#f",
        "https://u:p@as.example.test",
        "http://as.example.test",
    ] {
        assert_eq!(
            pin(with("issuer", json!(bad)), &ctx),
            vec![(AS_META_ISSUER, Level::Must)],
            "{bad}"
        );
    }
    assert_eq!(
        pin(with("issuer", json!("http://127.0.0.1:9000")), &ctx),
        vec![(AS_META_ISSUER, Level::Info)]
    );
}

// AS-META-REQUIRED

#[test]
fn as_meta_required_endpoints_and_response_types_are_must() {
    for member in ["authorization_endpoint", "token_endpoint", "response_types_supported"] {
        let found = validate(&without(member), &ctx());
        assert_eq!(summary(&found), vec![(AS_META_REQUIRED, Level::Must)], "{member}");
        assert!(found[0].message.contains(member));
    }
    assert_eq!(
        pin(with("token_endpoint", json!(42)), &ctx()),
        vec![(AS_META_REQUIRED, Level::Must)]
    );
    assert_eq!(
        pin(with("response_types_supported", json!(["token"])), &ctx()),
        vec![(AS_META_REQUIRED, Level::Must)]
    );
    assert_eq!(
        pin(with("response_types_supported", json!("code")), &ctx()),
        vec![(AS_META_REQUIRED, Level::Must)]
    );
}

#[test]
fn as_meta_required_oidc_adds_jwks_subject_types_and_id_token_algs() {
    for member in ["jwks_uri", "subject_types_supported", "id_token_signing_alg_values_supported"] {
        let mut doc = good_oidc();
        doc.as_object_mut().unwrap().remove(member);
        assert_eq!(pin(doc.clone(), &oidc()), vec![(AS_META_REQUIRED, Level::Must)], "{member}");
        // The RFC 8414 flavour does not require them.
        assert_eq!(pin(doc, &ctx()), vec![], "{member}");
    }
    let mut doc = good_oidc();
    doc["id_token_signing_alg_values_supported"] = json!(["ES256"]);
    assert_eq!(pin(doc, &oidc()), vec![(AS_META_REQUIRED, Level::Must)]);
}

#[test]
fn as_meta_required_optional_members_with_wrong_types_are_must_and_named() {
    for (member, bad) in [
        ("scopes_supported", json!("mcp:tools")),
        ("grant_types_supported", json!([1])),
        ("service_documentation", json!(false)),
        ("ui_locales_supported", Value::Null),
        ("claims_supported", json!({})),
        ("request_uri_parameter_supported", json!("true")),
        ("signed_metadata", json!(1)),
        ("protected_resources", json!("https://mcp.example.test/mcp")),
    ] {
        let found = validate(&with(member, bad.clone()), &ctx());
        assert_eq!(summary(&found), vec![(AS_META_REQUIRED, Level::Must)], "{member}: {bad}");
        assert!(found[0].message.starts_with(member), "{}", found[0].message);
        assert!(found[0].message.contains("§"), "{}", found[0].message);
    }
}

#[test]
fn as_meta_every_known_member_is_type_checked() {
    for member in as_metadata::member_names() {
        let found = validate(&with(member, json!({"not": "this"})), &oidc());
        let path = format!("$['{member}']");
        assert!(
            found
                .iter()
                .any(|f| f.level == Level::Must
                    && f.path.as_ref().is_some_and(|p| p.as_str() == path)),
            "{member}: {found:#?}"
        );
    }
}

#[test]
fn as_meta_required_empty_arrays_are_must() {
    assert_eq!(
        pin(with("response_modes_supported", json!([])), &ctx()),
        vec![(AS_META_REQUIRED, Level::Must)]
    );
}

#[test]
fn as_meta_required_signing_alg_none_is_must() {
    for member in [
        "token_endpoint_auth_signing_alg_values_supported",
        "revocation_endpoint_auth_signing_alg_values_supported",
        "introspection_endpoint_auth_signing_alg_values_supported",
        "dpop_signing_alg_values_supported",
    ] {
        let found = pin(with(member, json!(["ES256", "none"])), &ctx());
        assert_eq!(found, vec![(AS_META_REQUIRED, Level::Must)], "{member}");
    }
    // `none` as a client authentication *method* is how public clients authenticate.
    assert_eq!(pin(with("token_endpoint_auth_methods_supported", json!(["none"])), &ctx()), vec![]);
}

#[test]
fn as_meta_required_grant_types_without_code_or_with_removed_grants_are_should() {
    let found = pin(with("grant_types_supported", json!(["client_credentials"])), &ctx());
    assert_eq!(found, vec![(AS_META_REQUIRED, Level::Should)]);
    let found = pin(
        with("grant_types_supported", json!(["authorization_code", "implicit", "password"])),
        &ctx(),
    );
    assert_eq!(found, vec![(AS_META_REQUIRED, Level::Should), (AS_META_REQUIRED, Level::Should)]);
}

#[test]
fn as_meta_required_scope_values_must_be_scope_tokens() {
    let found = pin(with("scopes_supported", json!(["ok", "two words"])), &ctx());
    assert_eq!(found, vec![(AS_META_REQUIRED, Level::Must)]);
}

// AS-META-HTTPS (C-ASMETA-ENDPOINT-SCHEMES)

#[test]
fn as_meta_https_dangerous_authorization_endpoints_are_must_and_say_a_client_opens_them() {
    for bad in [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "vbscript:msgbox",
        "http://as.example.test/authorize",
    ] {
        let found = validate(&with("authorization_endpoint", json!(bad)), &ctx());
        assert_eq!(summary(&found), vec![(AS_META_HTTPS, Level::Must)], "{bad}");
        assert!(found[0].message.contains("client would open"), "{}", found[0].message);
    }
}

#[test]
fn as_meta_https_every_endpoint_is_checked() {
    for member in [
        "token_endpoint",
        "jwks_uri",
        "registration_endpoint",
        "revocation_endpoint",
        "introspection_endpoint",
        "userinfo_endpoint",
        "pushed_authorization_request_endpoint",
        "device_authorization_endpoint",
    ] {
        let found = pin(with(member, json!("http://as.example.test/x")), &ctx());
        assert_eq!(found, vec![(AS_META_HTTPS, Level::Must)], "{member}");
    }
    let ftp = with("registration_endpoint", json!("ftp://as.example.test/register"));
    assert_eq!(pin(ftp, &ctx()), vec![(AS_META_HTTPS, Level::Must)]);
    let loopback = with("token_endpoint", json!("http://localhost:9000/token"));
    assert_eq!(pin(loopback, &ctx()), vec![(AS_META_HTTPS, Level::Info)]);
    // RFC 6749 §3.1: an endpoint URL may carry a query.
    assert_eq!(pin(with("token_endpoint", json!("https://as.example.test/t?v=2")), &ctx()), vec![]);
}

// AS-META-PKCE (C-PKCE-METADATA-REQUIRED, C-PKCE-NO-S256-ADVERTISED)

#[test]
fn as_meta_pkce_absent_is_must_from_2025_11_25_and_should_before() {
    let found = validate(&without("code_challenge_methods_supported"), &ctx());
    assert_eq!(summary(&found), vec![(AS_META_PKCE, Level::Must)]);
    assert!(found[0].message.contains("MUST refuse to proceed"));
    for version in [SpecVersion::V2025_03_26, SpecVersion::V2025_06_18] {
        let found = pin(without("code_challenge_methods_supported"), &at(version));
        assert_eq!(found, vec![(AS_META_PKCE, Level::Should)], "{version}");
    }
    // OIDC providers too (MCP 2025-11-25+: OIDC Discovery documents must include it).
    let mut doc = good_oidc();
    doc.as_object_mut().unwrap().remove("code_challenge_methods_supported");
    assert_eq!(pin(doc, &oidc()), vec![(AS_META_PKCE, Level::Must)]);
}

#[test]
fn as_meta_pkce_without_s256_is_must_in_every_version() {
    for version in SpecVersion::ALL {
        let found = pin(with("code_challenge_methods_supported", json!(["s256"])), &at(version));
        assert_eq!(found, vec![(AS_META_PKCE, Level::Must)], "{version}");
    }
    let found = validate(&with("code_challenge_methods_supported", json!(["s256"])), &ctx());
    assert!(found[0].message.contains("case-sensitive"));
}

#[test]
fn as_meta_pkce_plain_only_is_must_and_plain_is_should() {
    let found = validate(&with("code_challenge_methods_supported", json!(["plain"])), &ctx());
    assert_eq!(summary(&found), vec![(AS_META_PKCE, Level::Must), (AS_META_PKCE, Level::Should)]);
    assert!(found[1].message.contains("no protection if the challenge leaks"));
    let found = pin(with("code_challenge_methods_supported", json!(["S256", "plain"])), &ctx());
    assert_eq!(found, vec![(AS_META_PKCE, Level::Should)]);
}

#[test]
fn as_meta_pkce_string_instead_of_array_is_a_type_error_must() {
    let found = validate(&with("code_challenge_methods_supported", json!("S256")), &ctx());
    assert_eq!(summary(&found), vec![(AS_META_PKCE, Level::Must)]);
    assert!(found[0].message.contains("found a string"), "{}", found[0].message);
    let empty = pin(with("code_challenge_methods_supported", json!([])), &ctx());
    assert!(!empty.is_empty() && empty.iter().all(|p| *p == (AS_META_PKCE, Level::Must)));
}

// AS-META-ISS-FLAG, AS-META-CIMD-FLAG

#[test]
fn as_meta_iss_flag_not_a_boolean_is_must() {
    let found = pin(with("authorization_response_iss_parameter_supported", json!("true")), &ctx());
    assert_eq!(found, vec![(AS_META_ISS_FLAG, Level::Must)]);
}

#[test]
fn as_meta_cimd_flag_not_a_boolean_is_must() {
    let found = pin(with("client_id_metadata_document_supported", json!(1)), &ctx());
    assert_eq!(found, vec![(AS_META_CIMD_FLAG, Level::Must)]);
}

// AS-META-PUBLISHED

#[test]
fn as_meta_published_requires_200_and_application_json() {
    assert_eq!(check_http_response(200, Some("application/json;charset=UTF-8")), vec![]);
    for (status, ct) in [(200, Some("text/html; charset=utf-8")), (404, None), (500, None)] {
        let found = check_http_response(status, ct);
        assert_eq!(summary(&found), vec![(AS_META_PUBLISHED, Level::Must)], "{status}");
    }
}

#[test]
fn as_meta_published_unreadable_bodies_are_must() {
    let dup = br#"{"issuer":"https://evil.example.test","issuer":"https://as.example.test"}"#;
    let finding = json_error_finding(&AuthorizationServerMetadata::parse(dup).unwrap_err());
    assert_eq!((finding.requirement, finding.level), (AS_META_PUBLISHED, Level::Must));
    assert!(finding.message.contains("parser-differential"));
    assert_eq!(finding.path.unwrap().as_str(), "$['issuer']");
    let big = vec![b' '; mcp_auth_proto::limits::MAX_DOCUMENT_BYTES + 1];
    let finding = json_error_finding(&AuthorizationServerMetadata::parse(&big).unwrap_err());
    assert!(finding.message.contains("limit"));
}

// Properties

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        prop::sample::select(vec![
            "https://as.example.test",
            "http://localhost/token",
            "javascript:alert(1)",
            "S256",
            "plain",
            "code",
            "none",
            "implicit",
            "",
        ])
        .prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(".{0,6}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn as_object() -> impl Strategy<Value = Value> {
    let names: Vec<String> =
        as_metadata::member_names().map(str::to_owned).chain(["x-unknown".to_owned()]).collect();
    prop::collection::btree_map(prop::sample::select(names), json_value(), 0..20)
        .prop_map(|m| Value::Object(m.into_iter().collect()))
}

proptest! {
    #[test]
    fn validation_never_panics_and_serialization_reproduces_the_document(doc in as_object()) {
        let parsed = AuthorizationServerMetadata::parse(&serde_json::to_vec(&doc).unwrap()).unwrap();
        for ctx in [AsMetadataContext::default(), oidc(), at(SpecVersion::V2025_03_26)] {
            let findings = as_metadata::validate(&parsed, &ctx);
            prop_assert_eq!(&findings, &as_metadata::validate(&parsed, &ctx), "deterministic");
        }
        let again = serde_json::to_value(&parsed.typed).unwrap();
        prop_assert_eq!(&again, &doc);
        let reparsed = AuthorizationServerMetadata::parse(&serde_json::to_vec(&again).unwrap()).unwrap();
        prop_assert_eq!(reparsed.typed, parsed.typed);
    }
}
