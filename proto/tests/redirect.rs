//! Redirect URI matching and registration rules: AS-REDIRECT-EXACT, C-REDIRECT-REGISTERED,
//! C-REDIRECT-SCHEME, AS-DCR-REDIRECT-SCHEME (OAuth 2.1 §2.3.1, §8.4.2; ambiguity A4).

use mcp_auth_proto::finding::Level;
use mcp_auth_proto::redirect::*;
use mcp_auth_proto::requirements::{AS_DCR_REDIRECT_SCHEME, C_REDIRECT_SCHEME};
use proptest::prelude::*;

#[test]
fn as_redirect_exact_catalogue_variants_are_mismatches() {
    let registered = "https://c.test/cb";
    assert_eq!(redirect_uri_matches(registered, registered), RedirectMatch::Exact);
    for requested in [
        "https://c.test/cb/",
        "https://c.test/CB",
        "https://c.test/cb?x=1",
        "https://c.test/cb#f",
        "http://c.test/cb",
        "https://c.test:444/cb",
        "https://c.test.evil/cb",
        "https://user@c.test/cb",
        "https://c.test/cb/../evil",
        "https://c.test/%63b",
        "https://C.test/cb",
        "https://c.test:443/cb",
        "",
    ] {
        assert_eq!(
            redirect_uri_matches(registered, requested),
            RedirectMatch::Mismatch,
            "{requested}"
        );
    }
}

#[test]
fn oauth21_8_4_2_loopback_port_may_differ() {
    assert_eq!(
        redirect_uri_matches("http://127.0.0.1:1234/cb", "http://127.0.0.1:5678/cb"),
        RedirectMatch::LoopbackPortVariant { host: LoopbackHost::IpLiteral }
    );
    assert_eq!(
        redirect_uri_matches("http://127.0.0.1/cb", "http://127.0.0.1:5678/cb"),
        RedirectMatch::LoopbackPortVariant { host: LoopbackHost::IpLiteral }
    );
    assert_eq!(
        redirect_uri_matches("http://[::1]:1234/cb", "http://[::1]:5678/cb"),
        RedirectMatch::LoopbackPortVariant { host: LoopbackHost::IpLiteral }
    );
}

#[test]
fn loopback_port_variant_keeps_everything_else_exact() {
    let reg = "http://127.0.0.1:1234/cb";
    for requested in [
        "http://127.0.0.1:5678/cb/",
        "http://127.0.0.1:5678/CB",
        "http://127.0.0.1:5678/cb?x=1",
        "http://127.0.0.1:5678/cb#f",
        "https://127.0.0.1:5678/cb",
        "HTTP://127.0.0.1:5678/cb",
        "http://[::1]:5678/cb",
        "http://localhost:5678/cb",
        "http://127.0.0.2:5678/cb",
        "http://u@127.0.0.1:5678/cb",
    ] {
        assert_eq!(redirect_uri_matches(reg, requested), RedirectMatch::Mismatch, "{requested}");
    }
}

#[test]
fn a4_localhost_port_variance_is_accepted_and_labelled() {
    let m = redirect_uri_matches("http://localhost:1234/cb", "http://localhost:5678/cb");
    assert_eq!(m, RedirectMatch::LoopbackPortVariant { host: LoopbackHost::Localhost });
    assert!(m.is_accepted());
    assert!(!RedirectMatch::Mismatch.is_accepted());
}

#[test]
fn non_loopback_ports_never_vary() {
    assert_eq!(
        redirect_uri_matches("http://c.test:1234/cb", "http://c.test:5678/cb"),
        RedirectMatch::Mismatch
    );
}

#[test]
fn c_redirect_scheme_and_as_dcr_redirect_scheme_problems() {
    for ok in [
        "https://c.test/cb",
        "http://127.0.0.1:3000/cb",
        "http://[::1]/cb",
        "https://c.test/cb?x=1",
    ] {
        assert_eq!(redirect_uri_problems(ok), [], "{ok}");
    }
    assert_eq!(
        redirect_uri_problems("http://evil.test/cb"),
        [RedirectProblem::InsecureHttp { host: "evil.test".into() }]
    );
    assert_eq!(
        redirect_uri_problems("javascript:x"),
        [RedirectProblem::UnsupportedScheme { scheme: "javascript".into() }]
    );
    assert_eq!(
        redirect_uri_problems("com.example.app:/cb"),
        [RedirectProblem::UnsupportedScheme { scheme: "com.example.app".into() }]
    );
    assert_eq!(redirect_uri_problems("https://c.test/cb#f"), [RedirectProblem::Fragment]);
    assert_eq!(redirect_uri_problems("/cb"), [RedirectProblem::NotAbsolute]);
    assert_eq!(redirect_uri_problems("https:///cb"), [RedirectProblem::MissingHost]);
    let localhost = redirect_uri_problems("http://localhost:8080/cb");
    assert_eq!(localhost, [RedirectProblem::LocalhostName]);
    assert_eq!(localhost[0].level(), Level::Info);
    let f = RedirectProblem::NotAbsolute.finding(AS_DCR_REDIRECT_SCHEME);
    assert_eq!((f.requirement, f.level), (AS_DCR_REDIRECT_SCHEME, Level::Must));
    assert_eq!(RedirectProblem::Fragment.finding(C_REDIRECT_SCHEME).level, Level::Must);
}

proptest! {
    #[test]
    fn identical_strings_always_match_and_nothing_panics(a in "\\PC{0,80}", b in "\\PC{0,80}") {
        prop_assert_eq!(redirect_uri_matches(&a, &a), RedirectMatch::Exact);
        let m = redirect_uri_matches(&a, &b);
        // Only loopback http may match without being identical.
        if a != b && m.is_accepted() {
            prop_assert!(a.to_ascii_lowercase().starts_with("http://"), "{a:?} {b:?}");
        }
        let _ = redirect_uri_problems(&b);
    }

    #[test]
    fn loopback_any_port_matches(p1 in 1u16.., p2 in 1u16.., path in "(/[a-z0-9]{0,6}){0,3}") {
        let reg = format!("http://127.0.0.1:{p1}{path}");
        let req = format!("http://127.0.0.1:{p2}{path}");
        prop_assert!(redirect_uri_matches(&reg, &req).is_accepted());
    }
}
