//! RFC 9728 Protected Resource Metadata: the `RS-PRM-*` rows, one broken document per rule.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use mcp_auth_proto::documents::prm::{
    self, PrmContext, ProtectedResourceMetadata, ResourceProfile, check_http_response,
    json_error_finding,
};
use mcp_auth_proto::requirements::{
    RS_PRM_AS_NONEMPTY, RS_PRM_BEARER_METHODS, RS_PRM_HTTP, RS_PRM_HTTPS, RS_PRM_RESOURCE,
    RS_PRM_SCOPES, RS_PRM_SIGNED, RS_PRM_TYPES,
};
use mcp_auth_proto::{Finding, FindingsExt, Level, RequirementId, SpecVersion};
use proptest::prelude::*;
use serde_json::{Value, json};

const R: &str = "https://mcp.example.test/mcp";

fn good() -> Value {
    json!({
        "resource": R,
        "authorization_servers": ["https://as.example.test", "https://login.example.test/tenant1"],
        "jwks_uri": "https://mcp.example.test/jwks.json",
        "scopes_supported": ["mcp:tools", "mcp:resources"],
        "bearer_methods_supported": ["header"],
        "resource_signing_alg_values_supported": ["ES256", "RS256"],
        "resource_name": "Example MCP server",
        "resource_name#fr": "Serveur MCP d'exemple",
        "resource_documentation": "https://docs.example.test/mcp",
        "resource_policy_uri#de-CH": "https://docs.example.test/de/policy",
        "tls_client_certificate_bound_access_tokens": false,
        "authorization_details_types_supported": ["mcp_tool_call"],
        "dpop_signing_alg_values_supported": ["ES256"],
        "dpop_bound_access_tokens_required": false,
        "x-vendor-extension": {"anything": [1, 2, 3]}
    })
}

fn strict() -> PrmContext {
    PrmContext { expected_resource: Some(R.to_owned()), ..PrmContext::default() }
}

fn lenient() -> PrmContext {
    PrmContext { profile: ResourceProfile::McpLenient, ..strict() }
}

fn validate(doc: &Value, ctx: &PrmContext) -> Vec<Finding> {
    let bytes = serde_json::to_vec(doc).unwrap();
    let parsed = ProtectedResourceMetadata::parse(&bytes).unwrap();
    prm::validate(&parsed, ctx)
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

/// The (requirement, level) pairs, in order: what each test pins exactly.
fn summary(findings: &[Finding]) -> Vec<(RequirementId, Level)> {
    findings.iter().map(|f| (f.requirement, f.level)).collect()
}

fn pin(doc: Value, ctx: &PrmContext) -> Vec<(RequirementId, Level)> {
    summary(&validate(&doc, ctx))
}

#[test]
fn conformant_document_has_no_findings() {
    let findings = validate(&good(), &strict());
    assert_eq!(findings, vec![], "{findings:#?}");
    let minimal = json!({"resource": R, "authorization_servers": ["https://as.example.test"]});
    assert_eq!(validate(&minimal, &strict()), vec![]);
}

#[test]
fn c_prm_200_json_only_unknown_members_are_ignored() {
    let doc = with("x-totally-unknown", json!([null, {"deep": true}]));
    assert_eq!(validate(&doc, &strict()), vec![]);
}

#[test]
fn round_trip_reproduces_hostile_documents() {
    let hostile = json!({
        "resource": 42,
        "authorization_servers": "https://as.example.test",
        "jwks_uri": null,
        "bearer_methods_supported": [],
        "scopes_supported": ["ok", 7],
        "resource_name#fr": false,
        "x": {"y": [1, "z"]}
    });
    let bytes = serde_json::to_vec(&hostile).unwrap();
    let doc = ProtectedResourceMetadata::parse(&bytes).unwrap();
    let again = serde_json::to_value(&doc.typed).unwrap();
    assert_eq!(again, hostile);
    let reparsed = ProtectedResourceMetadata::parse(&serde_json::to_vec(&again).unwrap()).unwrap();
    assert_eq!(reparsed.typed, doc.typed);
}

// RS-PRM-RESOURCE

#[test]
fn rs_prm_resource_missing_or_not_a_string_is_must() {
    assert_eq!(pin(without("resource"), &strict()), vec![(RS_PRM_RESOURCE, Level::Must)]);
    assert_eq!(pin(with("resource", json!([R])), &strict()), vec![(RS_PRM_RESOURCE, Level::Must)]);
    assert_eq!(pin(with("resource", Value::Null), &strict()), vec![(RS_PRM_RESOURCE, Level::Must)]);
}

#[test]
fn rs_prm_resource_fragment_is_must_and_query_is_should() {
    let ctx = PrmContext::default();
    assert_eq!(
        pin(with("resource", json!("https://mcp.example.test/mcp#x")), &ctx),
        vec![(RS_PRM_RESOURCE, Level::Must)]
    );
    assert_eq!(
        pin(with("resource", json!("https://mcp.example.test/mcp?tenant=a")), &ctx),
        vec![(RS_PRM_RESOURCE, Level::Should)]
    );
    assert_eq!(
        pin(with("resource", json!("https://u:p@mcp.example.test/mcp")), &ctx),
        vec![(RS_PRM_RESOURCE, Level::Must)]
    );
    assert_eq!(pin(with("resource", json!("/mcp")), &ctx), vec![(RS_PRM_RESOURCE, Level::Must)]);
}

#[test]
fn rs_prm_resource_other_origin_or_path_is_must_in_every_profile() {
    for ctx in [strict(), lenient()] {
        for other in ["https://evil.example.test/mcp", "https://mcp.example.test/other"] {
            let found = validate(&with("resource", json!(other)), &ctx);
            assert_eq!(summary(&found), vec![(RS_PRM_RESOURCE, Level::Must)], "{other}");
            assert!(found[0].message.contains(other) && found[0].message.contains(R));
        }
    }
}

#[test]
fn rs_prm_resource_root_document_a1_is_must_strict_and_info_lenient() {
    let root = with("resource", json!("https://mcp.example.test"));
    assert_eq!(pin(root.clone(), &strict()), vec![(RS_PRM_RESOURCE, Level::Must)]);
    let found = validate(&root, &lenient());
    assert_eq!(summary(&found), vec![(RS_PRM_RESOURCE, Level::Info)]);
    assert!(found[0].message.contains("MCP-lenient"), "{}", found[0].message);
    assert!(found[0].message.contains("strict RFC 9728 §3.3 requires identical"));
}

#[test]
fn rs_prm_resource_case_only_difference_a3_is_must_strict_and_info_lenient() {
    let upper = with("resource", json!("https://MCP.example.test/mcp"));
    assert_eq!(pin(upper.clone(), &strict()), vec![(RS_PRM_RESOURCE, Level::Must)]);
    assert_eq!(pin(upper, &lenient()), vec![(RS_PRM_RESOURCE, Level::Info)]);
}

#[test]
fn rs_prm_resource_trailing_slash_is_must_strict_and_info_lenient() {
    let slash = with("resource", json!("https://mcp.example.test/mcp/"));
    assert_eq!(pin(slash.clone(), &strict()), vec![(RS_PRM_RESOURCE, Level::Must)]);
    assert_eq!(pin(slash, &lenient()), vec![(RS_PRM_RESOURCE, Level::Info)]);
}

#[test]
fn rs_prm_resource_comparison_is_exact_code_points() {
    // Percent-encoding and default ports are differences, not equivalences (RFC 9728 §6).
    for variant in ["https://mcp.example.test/%6Dcp", "https://mcp.example.test:443/mcp"] {
        let found = pin(with("resource", json!(variant)), &lenient());
        assert_eq!(found, vec![(RS_PRM_RESOURCE, Level::Must)], "{variant}");
    }
}

// RS-PRM-HTTPS

#[test]
fn rs_prm_https_cleartext_resource_and_jwks_uri_are_must() {
    let ctx = PrmContext::default();
    assert_eq!(
        pin(with("resource", json!("http://mcp.example.test/mcp")), &ctx),
        vec![(RS_PRM_HTTPS, Level::Must)]
    );
    assert_eq!(
        pin(with("jwks_uri", json!("http://mcp.example.test/jwks.json")), &ctx),
        vec![(RS_PRM_HTTPS, Level::Must)]
    );
    assert_eq!(
        pin(with("resource", json!("ftp://mcp.example.test/mcp")), &ctx),
        vec![(RS_PRM_HTTPS, Level::Must)]
    );
}

#[test]
fn rs_prm_https_loopback_http_is_info() {
    let ctx =
        PrmContext { expected_resource: Some("http://127.0.0.1:8080/mcp".into()), ..strict() };
    let doc = with("resource", json!("http://127.0.0.1:8080/mcp"));
    assert_eq!(pin(doc, &ctx), vec![(RS_PRM_HTTPS, Level::Info)]);
}

// RS-PRM-AS-NONEMPTY

#[test]
fn rs_prm_as_nonempty_missing_is_must_from_2025_06_18_only() {
    assert_eq!(
        pin(without("authorization_servers"), &strict()),
        vec![(RS_PRM_AS_NONEMPTY, Level::Must)]
    );
    let old = PrmContext { spec_version: SpecVersion::V2025_03_26, ..strict() };
    assert_eq!(pin(without("authorization_servers"), &old), vec![]);
}

#[test]
fn rs_prm_as_nonempty_shapes_are_must() {
    for bad in [json!([]), json!("https://as.example.test"), json!([123]), Value::Null] {
        let found = pin(with("authorization_servers", bad.clone()), &strict());
        assert_eq!(found, vec![(RS_PRM_AS_NONEMPTY, Level::Must)], "{bad}");
    }
}

#[test]
fn rs_prm_as_nonempty_entries_must_be_issuer_identifiers() {
    for bad in [
        "https://u:p@as.example.test",
        "https://as.example.test?x=1",
        "https://as.example.test#f",
        "http://as.example.test",
        "as.example.test",
    ] {
        let doc = with("authorization_servers", json!(["https://ok.example.test", bad]));
        let found = validate(&doc, &strict());
        assert_eq!(summary(&found), vec![(RS_PRM_AS_NONEMPTY, Level::Must)], "{bad}");
        assert_eq!(found[0].path.as_ref().unwrap().as_str(), "$['authorization_servers'][1]");
    }
    let loopback = with("authorization_servers", json!(["http://localhost:9000"]));
    assert_eq!(pin(loopback, &strict()), vec![(RS_PRM_AS_NONEMPTY, Level::Info)]);
}

// RS-PRM-TYPES

#[test]
fn rs_prm_types_wrong_types_and_nulls_are_must() {
    for (member, bad) in [
        ("jwks_uri", json!(1)),
        ("scopes_supported", json!("mcp:tools")),
        ("resource_name", json!(["x"])),
        ("resource_documentation", Value::Null),
        ("tls_client_certificate_bound_access_tokens", json!("false")),
        ("dpop_bound_access_tokens_required", json!(0)),
        ("authorization_details_types_supported", json!({})),
        ("signed_metadata", json!(["a.b.c"])),
    ] {
        let found = validate(&with(member, bad.clone()), &strict());
        assert_eq!(summary(&found), vec![(RS_PRM_TYPES, Level::Must)], "{member}: {bad}");
        assert!(found[0].message.starts_with(member), "{}", found[0].message);
        assert!(found[0].message.contains("RFC"), "{}", found[0].message);
    }
}

#[test]
fn rs_prm_types_empty_arrays_are_must_except_bearer_methods_a12() {
    assert_eq!(
        pin(with("scopes_supported", json!([])), &strict()),
        vec![(RS_PRM_TYPES, Level::Must)]
    );
    let found = pin(with("bearer_methods_supported", json!([])), &strict());
    assert!(!found.contains(&(RS_PRM_TYPES, Level::Must)), "{found:?}");
}

#[test]
fn rs_prm_types_bearer_methods_outside_the_registry_are_must() {
    let found = pin(with("bearer_methods_supported", json!(["header", "Cookie"])), &strict());
    assert_eq!(found, vec![(RS_PRM_TYPES, Level::Must)]);
}

#[test]
fn rs_prm_types_alg_none_is_must() {
    for member in ["resource_signing_alg_values_supported", "dpop_signing_alg_values_supported"] {
        let found = pin(with(member, json!(["ES256", "none"])), &strict());
        assert_eq!(found, vec![(RS_PRM_TYPES, Level::Must)], "{member}");
    }
}

#[test]
fn rs_prm_types_scope_values_must_be_scope_tokens() {
    let found =
        validate(&with("scopes_supported", json!(["ok", "has space", "quo\"te"])), &strict());
    assert_eq!(summary(&found), vec![(RS_PRM_TYPES, Level::Must), (RS_PRM_TYPES, Level::Must)]);
    assert_eq!(found[0].path.as_ref().unwrap().as_str(), "$['scopes_supported'][1]");
}

#[test]
fn rs_prm_types_language_tagged_members_are_recognised_and_type_checked() {
    let doc = with("resource_name#ja", json!(7));
    let found = validate(&doc, &strict());
    assert_eq!(summary(&found), vec![(RS_PRM_TYPES, Level::Must)]);
    assert_eq!(found[0].path.as_ref().unwrap().as_str(), "$['resource_name#ja']");
    let link = with("resource_tos_uri#fr", json!("javascript:alert(1)"));
    assert_eq!(pin(link, &strict()), vec![(RS_PRM_TYPES, Level::Must)]);
    let bad_tag = with("resource_name#not a tag", json!("x"));
    assert_eq!(pin(bad_tag, &strict()), vec![(RS_PRM_TYPES, Level::Must)]);
    // Not a human-readable member: an unknown member, ignored.
    assert_eq!(pin(with("resource#fr", json!(1)), &strict()), vec![]);
}

#[test]
fn rs_prm_types_links_must_be_http_urls() {
    let found = pin(with("resource_documentation", json!("javascript:alert(1)")), &strict());
    assert_eq!(found, vec![(RS_PRM_TYPES, Level::Must)]);
    // Documentation links may be plain http: they are not part of the protocol.
    assert_eq!(
        pin(with("resource_documentation", json!("http://docs.example.test")), &strict()),
        vec![]
    );
}

#[test]
fn rs_prm_types_every_known_member_is_type_checked() {
    for member in prm::member_names() {
        let found = validate(&with(member, json!({"not": "this"})), &strict());
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

// RS-PRM-BEARER-METHODS

#[test]
fn rs_prm_bearer_methods_query_is_must() {
    let found = pin(with("bearer_methods_supported", json!(["header", "query"])), &strict());
    assert_eq!(found, vec![(RS_PRM_BEARER_METHODS, Level::Must)]);
}

#[test]
fn rs_prm_bearer_methods_without_header_is_should() {
    let found = pin(with("bearer_methods_supported", json!(["body"])), &strict());
    assert_eq!(found, vec![(RS_PRM_BEARER_METHODS, Level::Should)]);
    let found = pin(with("bearer_methods_supported", json!([])), &strict());
    assert_eq!(found, vec![(RS_PRM_BEARER_METHODS, Level::Should)]);
    assert_eq!(pin(without("bearer_methods_supported"), &strict()), vec![]);
}

// RS-PRM-SCOPES

#[test]
fn rs_prm_scopes_offline_access_is_should_not_from_2026_07_28() {
    let doc = with("scopes_supported", json!(["mcp:tools", "offline_access"]));
    assert_eq!(pin(doc.clone(), &strict()), vec![(RS_PRM_SCOPES, Level::Should)]);
    let older = PrmContext { spec_version: SpecVersion::V2025_11_25, ..strict() };
    assert_eq!(pin(doc, &older), vec![]);
}

// RS-PRM-SIGNED

fn jws(header: &str, claims: &str, signature: &str) -> String {
    use base64::Engine;
    let enc = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    format!("{}.{}.{}", enc(header), enc(claims), enc(signature))
}

#[test]
fn rs_prm_signed_well_formed_jws_passes() {
    let jwt = jws(
        r#"{"alg":"ES256","typ":"JWT"}"#,
        r#"{"iss":"https://mcp.example.test","resource":"https://mcp.example.test/mcp"}"#,
        "sig",
    );
    assert_eq!(pin(with("signed_metadata", json!(jwt)), &strict()), vec![]);
}

#[test]
fn rs_prm_signed_unsigned_or_without_iss_is_must() {
    let none = jws(r#"{"alg":"none"}"#, r#"{"iss":"https://mcp.example.test"}"#, "");
    assert!(
        pin(with("signed_metadata", json!(none)), &strict())
            .iter()
            .all(|p| *p == (RS_PRM_SIGNED, Level::Must))
    );
    let no_iss = jws(r#"{"alg":"ES256"}"#, r#"{"resource":"x"}"#, "sig");
    assert_eq!(
        pin(with("signed_metadata", json!(no_iss)), &strict()),
        vec![(RS_PRM_SIGNED, Level::Must)]
    );
    assert_eq!(
        pin(with("signed_metadata", json!("not-a-jwt")), &strict()),
        vec![(RS_PRM_SIGNED, Level::Must)]
    );
}

#[test]
fn rs_prm_signed_nested_signed_metadata_is_should() {
    let nested =
        jws(r#"{"alg":"ES256"}"#, r#"{"iss":"https://i","signed_metadata":"x.y.z"}"#, "sig");
    assert_eq!(
        pin(with("signed_metadata", json!(nested)), &strict()),
        vec![(RS_PRM_SIGNED, Level::Should)]
    );
}

// RS-PRM-HTTP

#[test]
fn rs_prm_http_requires_200_and_application_json() {
    assert_eq!(check_http_response(200, Some("application/json")), vec![]);
    assert_eq!(check_http_response(200, Some("application/json; charset=utf-8")), vec![]);
    assert_eq!(check_http_response(200, Some("APPLICATION/Json")), vec![]);
    for (status, ct) in [
        (200, Some("text/html")),
        (200, Some("text/plain")),
        (200, None),
        (404, Some("application/json")),
        (302, None),
    ] {
        let found = check_http_response(status, ct);
        assert_eq!(summary(&found), vec![(RS_PRM_HTTP, Level::Must)], "{status} {ct:?}");
    }
    assert!(check_http_response(401, None)[0].message.contains("without a token"));
}

#[test]
fn rs_prm_http_unreadable_bodies_are_must() {
    for body in [
        &b"[{\"resource\":\"x\"}]"[..],
        b"<html></html>",
        b"\xEF\xBB\xBF{}",
        b"",
        br#"{"resource":"https://evil.example.test","resource":"https://mcp.example.test/mcp"}"#,
    ] {
        let err = ProtectedResourceMetadata::parse(body).unwrap_err();
        let finding = json_error_finding(&err);
        assert_eq!((finding.requirement, finding.level), (RS_PRM_HTTP, Level::Must));
    }
    let dup = ProtectedResourceMetadata::parse(br#"{"resource":"a","resource":"b"}"#).unwrap_err();
    assert!(json_error_finding(&dup).message.contains("parser-differential"));
}

// Properties

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        prop::sample::select(vec![
            "https://mcp.example.test/mcp",
            "https://mcp.example.test",
            "http://127.0.0.1/mcp",
            "javascript:alert(1)",
            "header",
            "query",
            "none",
            "offline_access",
            "a.b.c",
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

fn prm_object() -> impl Strategy<Value = Value> {
    let names: Vec<String> = prm::member_names()
        .map(str::to_owned)
        .chain(["resource_name#fr".to_owned(), "x-unknown".to_owned()])
        .collect();
    prop::collection::btree_map(prop::sample::select(names), json_value(), 0..12)
        .prop_map(|m| Value::Object(m.into_iter().collect()))
}

proptest! {
    #[test]
    fn validation_never_panics_and_serialization_reproduces_the_document(doc in prm_object()) {
        let bytes = serde_json::to_vec(&doc).unwrap();
        let parsed = ProtectedResourceMetadata::parse(&bytes).unwrap();
        for ctx in [PrmContext::default(), lenient()] {
            let findings = prm::validate(&parsed, &ctx);
            prop_assert_eq!(&findings, &prm::validate(&parsed, &ctx), "deterministic");
            prop_assert!(findings.iter().all(|f| f.path.is_some()));
        }
        let again = serde_json::to_value(&parsed.typed).unwrap();
        prop_assert_eq!(&again, &doc);
        let reparsed = ProtectedResourceMetadata::parse(&serde_json::to_vec(&again).unwrap()).unwrap();
        prop_assert_eq!(reparsed.typed, parsed.typed);
    }

    #[test]
    fn a_missing_resource_is_always_a_must(doc in prm_object()) {
        let mut doc = doc;
        doc.as_object_mut().unwrap().remove("resource");
        let findings = validate(&doc, &PrmContext::default());
        prop_assert!(findings.mentions(RS_PRM_RESOURCE) && findings.has_must());
    }
}
