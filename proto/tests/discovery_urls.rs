//! Discovery URL construction against every example of catalogue §3.2–§3.5, the version
//! rules of C-PRM-FALLBACK-ORDER / C-ASMETA-*, the comparisons of RS-PRM-RESOURCE /
//! AS-META-ISSUER, and the origin- and path-preservation property.
#![allow(clippy::panic)]

use mcp_auth_proto::SpecVersion::{V2025_03_26, V2025_06_18, V2025_11_25, V2026_07_28};
use mcp_auth_proto::discovery::invariants::check_construction_invariants;
use mcp_auth_proto::discovery::*;
use mcp_auth_proto::finding::Level;
use mcp_auth_proto::requirements::{C_PRM_RESOURCE_MATCH, RS_PRM_RESOURCE};
use proptest::prelude::*;

fn res(s: &str) -> ResourceIdentifier {
    ResourceIdentifier::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn iss(s: &str) -> IssuerIdentifier {
    IssuerIdentifier::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn prm_urls(resource: &str, header: Option<&str>, v: mcp_auth_proto::SpecVersion) -> Vec<String> {
    prm_client_order(&res(resource), header, v).into_iter().map(|c| c.url).collect()
}

fn as_urls(
    issuer: &str,
    v: mcp_auth_proto::SpecVersion,
) -> Vec<(MetadataKind, Construction, String)> {
    as_metadata_candidates(&iss(issuer), v)
        .into_iter()
        .map(|c| {
            assert_eq!(c.expected_issuer, issuer, "the issuer to compare stays the input");
            (c.kind, c.construction, c.url)
        })
        .collect()
}

// ---- §3.2 2025-03-26 ---------------------------------------------------------------

#[test]
fn c_asmeta_03_origin_and_defaults_table() {
    for (mcp, base) in [
        ("https://example.com/mcp", "https://example.com"),
        ("https://api.example.com/v1/mcp", "https://api.example.com"),
        ("https://example.com:8443/mcp", "https://example.com:8443"),
    ] {
        let d = as_metadata_03(&res(mcp));
        assert_eq!(d.base_url, base);
        assert_eq!(d.metadata_url, format!("{base}/.well-known/oauth-authorization-server"));
        assert_eq!(d.authorization_endpoint, format!("{base}/authorize"));
        assert_eq!(d.token_endpoint, format!("{base}/token"));
        assert_eq!(d.registration_endpoint, format!("{base}/register"));
    }
    let d = as_metadata_03(&res("https://api.example.com/v1/mcp"));
    assert_eq!(d.metadata_url, "https://api.example.com/.well-known/oauth-authorization-server");
}

#[test]
fn version_03_has_no_prm() {
    assert!(prm_urls("https://example.com/mcp", None, V2025_03_26).is_empty());
    assert!(
        prm_urls("https://example.com/mcp", Some("https://example.com/p"), V2025_03_26).is_empty()
    );
}

// ---- §3.3 2025-06-18 ---------------------------------------------------------------

#[test]
fn version_06_fetches_exactly_the_header_url() {
    let header = "https://example.com/.well-known/oauth-protected-resource/mcp";
    let order = prm_client_order(&res("https://example.com/mcp"), Some(header), V2025_06_18);
    assert_eq!(order.len(), 1);
    assert_eq!(order[0].source, PrmSource::Header);
    assert_eq!(order[0].url, header);
    assert_eq!(order[0].expected_resource, "https://example.com/mcp");
}

#[test]
fn version_06_without_header_has_nothing_to_fetch() {
    assert!(prm_urls("https://example.com/mcp", None, V2025_06_18).is_empty());
}

#[test]
fn rs_prm_wellknown_path_rfc9728_location() {
    assert_eq!(
        prm_well_known_path_inserted(&res("https://example.com/mcp")),
        "https://example.com/.well-known/oauth-protected-resource/mcp"
    );
}

#[test]
fn c_asmeta_rfc8414_path_version_06() {
    assert_eq!(
        as_urls("https://auth.example.com", V2025_06_18),
        [(
            MetadataKind::OAuth,
            Construction::Inserted,
            "https://auth.example.com/.well-known/oauth-authorization-server".to_owned()
        )]
    );
    assert_eq!(
        as_urls("https://auth.example.com/tenant1", V2025_06_18),
        [(
            MetadataKind::OAuth,
            Construction::Inserted,
            "https://auth.example.com/.well-known/oauth-authorization-server/tenant1".to_owned()
        )]
    );
}

// ---- §3.4 2025-11-25, 2026-07-28 ---------------------------------------------------

#[test]
fn c_prm_use_header_alone_when_present() {
    for v in [V2025_11_25, V2026_07_28] {
        let order = prm_client_order(
            &res("https://example.com/mcp"),
            Some("https://example.com/custom/prm.json"),
            v,
        );
        assert_eq!(order.len(), 1);
        assert_eq!(order[0].url, "https://example.com/custom/prm.json");
        assert_eq!(order[0].expected_resource, "https://example.com/mcp");
    }
}

#[test]
fn c_prm_fallback_order_path_inserted_then_root() {
    for v in [V2025_11_25, V2026_07_28] {
        let order = prm_client_order(&res("https://example.com/mcp"), None, v);
        assert_eq!(order.len(), 2);
        assert_eq!(order[0].source, PrmSource::PathInserted);
        assert_eq!(order[0].url, "https://example.com/.well-known/oauth-protected-resource/mcp");
        assert_eq!(order[0].expected_resource, "https://example.com/mcp");
        assert_eq!(order[1].source, PrmSource::Root);
        assert_eq!(order[1].url, "https://example.com/.well-known/oauth-protected-resource");
        // A1: strict RFC 9728 expects the origin from the root document.
        assert_eq!(order[1].expected_resource, "https://example.com");
        assert_eq!(order[1].requested_resource, "https://example.com/mcp");
    }
}

#[test]
fn c_prm_fallback_order_server_at_root_is_one_request() {
    for r in ["https://example.com", "https://example.com/"] {
        let order = prm_client_order(&res(r), None, V2025_11_25);
        assert_eq!(order.len(), 1, "{r}");
        assert_eq!(order[0].source, PrmSource::Root);
        assert_eq!(order[0].url, "https://example.com/.well-known/oauth-protected-resource");
        assert_eq!(order[0].expected_resource, r);
    }
}

#[test]
fn spec_example_public_mcp() {
    assert_eq!(
        prm_urls("https://example.com/public/mcp", None, V2026_07_28),
        [
            "https://example.com/.well-known/oauth-protected-resource/public/mcp",
            "https://example.com/.well-known/oauth-protected-resource",
        ]
    );
}

#[test]
fn rs_prm_discoverable_probes_all_three() {
    let probes =
        prm_probe_urls(&res("https://example.com/mcp"), Some("https://example.com/p.json"));
    let sources: Vec<_> = probes.iter().map(|c| c.source).collect();
    assert_eq!(sources, [PrmSource::Header, PrmSource::PathInserted, PrmSource::Root]);
}

#[test]
fn c_asmeta_order_path_issuer() {
    for v in [V2025_11_25, V2026_07_28] {
        assert_eq!(
            as_urls("https://auth.example.com/tenant1", v),
            [
                (
                    MetadataKind::OAuth,
                    Construction::Inserted,
                    "https://auth.example.com/.well-known/oauth-authorization-server/tenant1"
                        .to_owned()
                ),
                (
                    MetadataKind::OpenId,
                    Construction::Inserted,
                    "https://auth.example.com/.well-known/openid-configuration/tenant1".to_owned()
                ),
                (
                    MetadataKind::OpenId,
                    Construction::Appended,
                    "https://auth.example.com/tenant1/.well-known/openid-configuration".to_owned()
                ),
            ]
        );
    }
}

#[test]
fn c_asmeta_order_root_issuer() {
    for v in [V2025_11_25, V2026_07_28] {
        let urls: Vec<_> =
            as_urls("https://auth.example.com", v).into_iter().map(|t| t.2).collect();
        assert_eq!(
            urls,
            [
                "https://auth.example.com/.well-known/oauth-authorization-server",
                "https://auth.example.com/.well-known/openid-configuration",
            ]
        );
    }
}

#[test]
fn section_3_4_traps_are_never_candidates() {
    let issuer = iss("https://auth.example.com/tenant1");
    let traps = as_metadata_traps(&issuer);
    assert_eq!(
        traps,
        [
            "https://auth.example.com/.well-known/oauth-authorization-server",
            "https://auth.example.com/tenant1/.well-known/oauth-authorization-server",
        ]
    );
    for v in mcp_auth_proto::SpecVersion::ALL {
        for c in as_metadata_candidates(&issuer, v) {
            assert!(!traps.contains(&c.url), "{v}: {}", c.url);
        }
    }
}

// ---- §3.5 edge cases: PRM ------------------------------------------------------------

#[test]
fn section_3_5_prm_table() {
    for (input, inserted) in [
        ("https://example.com", "https://example.com/.well-known/oauth-protected-resource"),
        ("https://example.com/", "https://example.com/.well-known/oauth-protected-resource"),
        (
            "https://example.com/mcp/",
            "https://example.com/.well-known/oauth-protected-resource/mcp/",
        ),
        (
            "https://example.com/public/mcp",
            "https://example.com/.well-known/oauth-protected-resource/public/mcp",
        ),
        (
            "https://example.com:8443/mcp",
            "https://example.com:8443/.well-known/oauth-protected-resource/mcp",
        ),
        (
            "https://example.com/mcp?tenant=a",
            "https://example.com/.well-known/oauth-protected-resource/mcp?tenant=a",
        ),
        (
            "https://[2001:db8::1]/mcp",
            "https://[2001:db8::1]/.well-known/oauth-protected-resource/mcp",
        ),
        (
            "https://example.com/a%2Fb/mcp",
            "https://example.com/.well-known/oauth-protected-resource/a%2Fb/mcp",
        ),
        ("https://Example.COM/mcp", "https://Example.COM/.well-known/oauth-protected-resource/mcp"),
    ] {
        assert_eq!(prm_well_known_path_inserted(&res(input)), inserted, "{input}");
    }
}

#[test]
fn section_3_5_a2_trailing_slash_alternative_and_exact_resource() {
    let order = prm_client_order(&res("https://example.com/mcp/"), None, V2025_11_25);
    let c = &order[0];
    assert_eq!(c.url, "https://example.com/.well-known/oauth-protected-resource/mcp/");
    assert_eq!(
        c.alternative_url.as_deref(),
        Some("https://example.com/.well-known/oauth-protected-resource/mcp")
    );
    assert_eq!(c.expected_resource, "https://example.com/mcp/");
    assert!(!c.check_resource("https://example.com/mcp", Profile::Strict).is_accepted());
    // No alternative when there is no trailing slash to strip.
    let plain = prm_client_order(&res("https://example.com/mcp"), None, V2025_11_25);
    assert_eq!(plain[0].alternative_url, None);
}

#[test]
fn section_3_5_query_is_kept_and_reported() {
    let r = res("https://example.com/mcp?tenant=a");
    assert_eq!(r.warnings(), [IdentifierWarning::Query]);
    assert_eq!(r.warnings()[0].level(), Level::Should);
}

#[test]
fn section_3_5_upper_case_host_resource_must_still_be_the_string_used() {
    let order = prm_client_order(&res("https://Example.COM/mcp"), None, V2025_11_25);
    assert_eq!(order[0].expected_resource, "https://Example.COM/mcp");
    let cmp = order[0].check_resource("https://example.com/mcp", Profile::Strict);
    assert_eq!(cmp, ResourceComparison::Mismatch(MismatchReason::CaseOnly));
    assert!(matches!(cmp, ResourceComparison::Mismatch(r) if r.is_cosmetic()));
}

#[test]
fn section_3_5_invalid_identifiers_rejected() {
    assert_eq!(
        ResourceIdentifier::parse("https://example.com/mcp#x").unwrap_err().kind,
        IdentifierErrorKind::Fragment
    );
    assert_eq!(
        ResourceIdentifier::parse("https://u:p@example.com/mcp").unwrap_err().kind,
        IdentifierErrorKind::Userinfo
    );
    assert_eq!(
        ResourceIdentifier::parse("http://example.com/mcp").unwrap_err().kind,
        IdentifierErrorKind::InsecureHttp { host: "example.com".into() }
    );
    for bad in [
        "https://as.example/t#x",
        "https://u:p@as.example",
        "http://as.example",
        "https://as.example?x=1",
    ] {
        assert!(IssuerIdentifier::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn loopback_http_is_usable_but_reported() {
    for (input, req) in [("http://127.0.0.1:8080/mcp", true), ("http://[::1]/mcp", true)] {
        let r = res(input);
        assert_eq!(r.is_dev_only(), req);
        let f = r.warnings()[0].finding(RS_PRM_RESOURCE, r.as_str());
        assert_eq!(f.level, Level::Must);
    }
    let i = iss("http://localhost:9000");
    assert_eq!(i.warnings(), [IdentifierWarning::LoopbackHttp]);
    assert_eq!(
        prm_well_known_path_inserted(&res("http://127.0.0.1:8080/mcp")),
        "http://127.0.0.1:8080/.well-known/oauth-protected-resource/mcp"
    );
}

// ---- §3.5 edge cases: AS metadata ------------------------------------------------------

#[test]
fn section_3_5_issuer_table() {
    for (issuer, oauth, oidc_inserted, oidc_appended) in [
        (
            "https://auth.example.com/",
            "https://auth.example.com/.well-known/oauth-authorization-server",
            "https://auth.example.com/.well-known/openid-configuration",
            "https://auth.example.com/.well-known/openid-configuration",
        ),
        (
            "https://auth.example.com/realms/mcp/",
            "https://auth.example.com/.well-known/oauth-authorization-server/realms/mcp",
            "https://auth.example.com/.well-known/openid-configuration/realms/mcp",
            "https://auth.example.com/realms/mcp/.well-known/openid-configuration",
        ),
        (
            "https://auth.example.com:9443/t1",
            "https://auth.example.com:9443/.well-known/oauth-authorization-server/t1",
            "https://auth.example.com:9443/.well-known/openid-configuration/t1",
            "https://auth.example.com:9443/t1/.well-known/openid-configuration",
        ),
    ] {
        let i = iss(issuer);
        assert_eq!(as_metadata_url(&i, MetadataKind::OAuth, Construction::Inserted), oauth);
        assert_eq!(
            as_metadata_url(&i, MetadataKind::OpenId, Construction::Inserted),
            oidc_inserted
        );
        assert_eq!(
            as_metadata_url(&i, MetadataKind::OpenId, Construction::Appended),
            oidc_appended
        );
        for c in as_metadata_candidates(&i, V2026_07_28) {
            assert_eq!(c.expected_issuer, issuer);
            assert!(issuer_matches(&c.expected_issuer, issuer));
        }
    }
}

#[test]
fn root_issuer_with_slash_gets_two_candidates() {
    let urls: Vec<_> =
        as_urls("https://auth.example.com/", V2025_11_25).into_iter().map(|t| t.2).collect();
    assert_eq!(
        urls,
        [
            "https://auth.example.com/.well-known/oauth-authorization-server",
            "https://auth.example.com/.well-known/openid-configuration",
        ]
    );
}

// ---- comparisons -----------------------------------------------------------------------

#[test]
fn as_meta_issuer_is_compared_exactly() {
    let expected = "https://auth.example.com/realms/mcp/";
    assert!(issuer_matches(expected, "https://auth.example.com/realms/mcp/"));
    for found in [
        "https://auth.example.com/realms/mcp",
        "https://AUTH.example.com/realms/mcp/",
        "https://auth.example.com:443/realms/mcp/",
        "http://auth.example.com/realms/mcp/",
        "https://auth.example.com/realms/%6Dcp/",
        "https://honest.example.com/realms/mcp/",
    ] {
        assert!(!issuer_matches(expected, found), "{found}");
    }
}

#[test]
fn rs_prm_resource_strict_and_lenient() {
    let r = "https://example.com/mcp";
    assert_eq!(compare_resource(r, r, Profile::Strict), ResourceComparison::Identical);
    assert_eq!(
        compare_resource(r, "https://example.com", Profile::Strict),
        ResourceComparison::Mismatch(MismatchReason::OtherPath)
    );
    assert_eq!(
        compare_resource(r, "https://example.com", Profile::McpLenient),
        ResourceComparison::SameOriginPrefix
    );
    assert_eq!(
        compare_resource(r, "https://example.com/", Profile::McpLenient),
        ResourceComparison::SameOriginPrefix
    );
    // Cross-origin mismatch fails in both profiles (A1).
    for found in
        ["https://evil.example/mcp", "https://example.com:8443/mcp", "http://example.com/mcp"]
    {
        for p in [Profile::Strict, Profile::McpLenient] {
            assert_eq!(
                compare_resource(r, found, p),
                ResourceComparison::Mismatch(MismatchReason::OtherOrigin),
                "{found} {p:?}"
            );
        }
    }
    // Segment boundary, and the found path must be a prefix of the expected one.
    assert!(
        !compare_resource("https://example.com/mcp", "https://example.com/mc", Profile::McpLenient)
            .is_accepted()
    );
    assert!(
        !compare_resource(
            "https://example.com/mcp",
            "https://example.com/mcp/x",
            Profile::McpLenient
        )
        .is_accepted()
    );
    assert!(
        !compare_resource(
            "https://example.com/mcp",
            "https://example.com/other",
            Profile::McpLenient
        )
        .is_accepted()
    );
    assert!(
        !compare_resource(
            "https://example.com/mcp",
            "https://Example.com/mcp",
            Profile::McpLenient
        )
        .is_accepted()
    );
    assert!(!compare_resource(r, "https://example.com/#f", Profile::McpLenient).is_accepted());
    assert_eq!(Profile::default(), Profile::Strict);
}

#[test]
fn resource_comparison_findings_grade_by_outcome() {
    let e = "https://example.com/mcp";
    assert!(ResourceComparison::Identical.finding(RS_PRM_RESOURCE, e, e).is_none());
    let lenient = ResourceComparison::SameOriginPrefix.finding(
        C_PRM_RESOURCE_MATCH,
        e,
        "https://example.com",
    );
    assert_eq!(lenient.unwrap().level, Level::Info);
    let m = compare_resource(e, "https://evil.example/mcp", Profile::McpLenient)
        .finding(C_PRM_RESOURCE_MATCH, e, "https://evil.example/mcp")
        .unwrap();
    assert_eq!(m.level, Level::Must);
    assert!(m.message.contains("different origin"), "{}", m.message);
}

#[test]
fn c_res_canonical_example_from_the_catalogue() {
    // R = https://MCP.Harness.test:8443/Server/mcp: the lowercase-host form is canonical,
    // path case preserved.
    assert_eq!(canonical_resource_problems("https://mcp.harness.test:8443/Server/mcp"), []);
    let p = canonical_resource_problems("https://MCP.Harness.test:8443/Server/mcp");
    assert_eq!(p, [CanonicalProblem::UppercaseHost { host: "MCP.Harness.test".into() }]);
    assert!(!p[0].is_must());
    assert!(canonical_resource_problems("/mcp")[0].is_must());
    assert_eq!(canonical_resource_problems("https://h/mcp#x")[0].finding().level, Level::Must);
}

// ---- property: origin and path preserved -------------------------------------------------

fn reg_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9][a-zA-Z0-9.-]{0,20}",
        Just("127.0.0.1".to_owned()),
        Just("localhost".to_owned()),
        Just("[2001:db8::1]".to_owned()),
        Just("[::1]".to_owned()),
        "[a-z]{1,5}%[0-9A-F]{2}[a-z]{0,5}",
    ]
}

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9._~!$&'()*+,;=:@-]{0,8}",
        Just(".".to_owned()),
        Just("..".to_owned()),
        Just("%2F".to_owned()),
        Just("%2e%2E".to_owned()),
        Just(".well-known".to_owned()),
    ]
}

prop_compose! {
    fn identifier_like()(
        scheme in prop_oneof![Just("https"), Just("HTTPS"), Just("http"), Just("ftp")],
        userinfo in proptest::option::weighted(0.1, "[a-z]{1,4}(:[a-z]{0,4})?"),
        host in reg_name(),
        port in proptest::option::of(prop_oneof![Just(String::new()), (0u32..70000).prop_map(|p| p.to_string())]),
        segments in proptest::collection::vec(segment(), 0..5),
        trailing in any::<bool>(),
        query in proptest::option::weighted(0.2, "[a-z=&/?%0-9A-F]{0,10}"),
        fragment in proptest::option::weighted(0.1, "[a-z]{0,4}"),
    ) -> String {
        let mut s = format!("{scheme}://");
        if let Some(u) = userinfo { s.push_str(&u); s.push('@'); }
        s.push_str(&host);
        if let Some(p) = port { s.push(':'); s.push_str(&p); }
        for seg in segments { s.push('/'); s.push_str(&seg); }
        if trailing { s.push('/'); }
        if let Some(q) = query { s.push('?'); s.push_str(&q); }
        if let Some(f) = fragment { s.push('#'); s.push_str(&f); }
        s
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_constructed_url_keeps_origin_and_path(input in identifier_like()) {
        prop_assert!(check_construction_invariants(&input).is_ok(), "{:?}", check_construction_invariants(&input));
    }

    #[test]
    fn every_candidate_starts_with_the_exact_origin(input in identifier_like()) {
        if let Ok(r) = ResourceIdentifier::parse(&input) {
            for v in mcp_auth_proto::SpecVersion::ALL {
                for c in prm_client_order(&r, None, v) {
                    let rest = c.url.strip_prefix(r.origin()).unwrap();
                    prop_assert!(rest.starts_with("/.well-known/"), "{}", c.url);
                    if c.source == PrmSource::PathInserted {
                        let stripped = r.path().strip_suffix('/').unwrap_or(r.path());
                        prop_assert!(c.url.contains(r.path()), "{}", c.url);
                        prop_assert!(c.alternative_url.as_deref().unwrap_or(&c.url).contains(stripped));
                    }
                }
            }
        }
        if let Ok(i) = IssuerIdentifier::parse(&input) {
            for v in mcp_auth_proto::SpecVersion::ALL {
                for c in as_metadata_candidates(&i, v) {
                    let rest = c.url.strip_prefix(i.origin()).unwrap();
                    prop_assert!(rest.starts_with('/'), "{}", c.url);
                    prop_assert!(c.url.contains(i.path_without_trailing_slash()));
                    prop_assert_eq!(&c.expected_issuer, &input);
                }
            }
        }
    }

    #[test]
    fn comparisons_never_panic_and_identity_is_identical(a in identifier_like(), b in identifier_like()) {
        prop_assert_eq!(compare_resource(&a, &a, Profile::Strict), ResourceComparison::Identical);
        let strict = compare_resource(&a, &b, Profile::Strict);
        let lenient = compare_resource(&a, &b, Profile::McpLenient);
        // The lenient profile only ever accepts more.
        prop_assert!(!strict.is_accepted() || lenient.is_accepted());
        prop_assert_eq!(issuer_matches(&a, &b), a == b);
        let _ = canonical_resource_problems(&b);
    }
}
