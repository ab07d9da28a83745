//! The `WWW-Authenticate` header corpus of requirements.md §4.3 (rows #1–#20), the
//! token68 look-ahead cases of §4.1, and properties of the strict parser, the lenient
//! reading and the serializer.

use mcp_auth_proto::challenge::{
    Challenge, ChallengeAnalysis, ChallengeContext, ChallengeError, ChallengeErrorKind,
    LenientReading, ValueEncoding, analyze, parse_lenient, parse_strict, serialize,
};
use mcp_auth_proto::limits::{MAX_CHALLENGES, MAX_PARAMS_PER_CHALLENGE};
use mcp_auth_proto::requirements::{
    RS_401_BEARER_PARAMS, RS_401_RESOURCE_METADATA, RS_401_SCOPE_HINT, RS_401_WWWAUTH,
    RS_403_INSUFFICIENT_SCOPE, RS_403_RESOURCE_METADATA, RS_403_SCOPE_PARAM, RS_PRM_DISCOVERABLE,
    RS_WWWAUTH_SYNTAX,
};
use mcp_auth_proto::scope::Scope;
use mcp_auth_proto::{Finding, FindingsExt, Level, RequirementId, SpecVersion};
use proptest::prelude::*;

fn strict(header: &str) -> Result<Vec<Challenge>, ChallengeError> {
    parse_strict(&[header.as_bytes()])
}

fn lenient(header: &str) -> LenientReading {
    parse_lenient(&[header.as_bytes()])
}

/// A 401 to an anonymous request, judged for `version`.
fn anonymous_401(header: &str, version: SpecVersion) -> ChallengeAnalysis {
    let context = ChallengeContext { spec_version: version, ..ChallengeContext::default() };
    analyze(&[header.as_bytes()], &context)
}

fn has(findings: &[Finding], requirement: RequirementId, level: Level) -> bool {
    findings.iter().any(|f| f.requirement == requirement && f.level == level)
}

fn scope_tokens(challenge: Option<&Challenge>) -> Vec<String> {
    challenge
        .and_then(|c| c.param("scope"))
        .and_then(|s| Scope::parse(s).ok())
        .map(|s| s.tokens().to_vec())
        .unwrap_or_default()
}

/// The strict parse succeeds, and the lenient reading is identical and forgave nothing.
fn assert_clean(header: &str) -> Vec<Challenge> {
    let parsed = strict(header);
    let reading = lenient(header);
    assert!(reading.is_clean(), "{:?}", reading.deviations);
    assert_eq!(Ok(reading.challenges.clone()), parsed);
    reading.challenges
}

#[test]
fn corpus_01_resource_metadata_found() {
    let h = r#"Bearer resource_metadata="https://m.test/.well-known/oauth-protected-resource""#;
    let cs = assert_clean(h);
    assert_eq!(cs.len(), 1);
    assert!(cs[0].is_bearer());
    let a = anonymous_401(h, SpecVersion::LATEST);
    assert_eq!(a.resource_metadata(), Some("https://m.test/.well-known/oauth-protected-resource"));
    // Only the missing scope hint (info) remains.
    assert_eq!(a.findings.len(), 1, "{:#?}", a.findings);
    assert!(has(&a.findings, RS_401_SCOPE_HINT, Level::Info));
}

#[test]
fn corpus_02_realm_resource_metadata_and_scope() {
    let h = r#"Bearer realm="mcp", resource_metadata="https://m.test/prm", scope="files:read files:write""#;
    let cs = assert_clean(h);
    assert_eq!(cs[0].param("realm"), Some("mcp"));
    assert_eq!(scope_tokens(cs.first()), ["files:read", "files:write"]);
    let a = anonymous_401(h, SpecVersion::LATEST);
    assert_eq!(a.resource_metadata(), Some("https://m.test/prm"));
    assert!(a.findings.is_empty(), "{:#?}", a.findings);
}

#[test]
fn corpus_03_scheme_and_param_names_are_case_insensitive() {
    let h = r#"bearer RESOURCE_METADATA="https://m.test/prm""#;
    let cs = assert_clean(h);
    assert_eq!(cs[0].scheme, "bearer", "scheme kept as sent");
    assert_eq!(cs[0].params[0].name, "RESOURCE_METADATA", "name kept as sent");
    let a = anonymous_401(h, SpecVersion::LATEST);
    assert_eq!(a.resource_metadata(), Some("https://m.test/prm"));
    assert!(!a.findings.mentions(RS_401_WWWAUTH));
    let json = serde_json::to_value(&cs[0]).unwrap();
    assert_eq!(json["params"]["resource_metadata"], "https://m.test/prm");
}

#[test]
fn corpus_04_bws_around_equals_parses_but_senders_must_not() {
    let h = r#"Bearer resource_metadata = "https://m.test/prm""#;
    let cs = assert_clean(h);
    assert_eq!(cs[0].param("resource_metadata"), Some("https://m.test/prm"));
    let a = anonymous_401(h, SpecVersion::LATEST);
    // RFC 9110 §5.6.3: a sender MUST NOT generate BWS.
    assert!(has(&a.findings, RS_WWWAUTH_SYNTAX, Level::Must), "{:#?}", a.findings);
}

#[test]
fn corpus_05_dpop_before_bearer() {
    let h = r#"DPoP algs="ES256 PS256", Bearer resource_metadata="https://m.test/prm""#;
    let cs = assert_clean(h);
    assert_eq!(cs.len(), 2);
    assert!(cs[0].scheme_is("dpop"));
    assert_eq!(cs[0].param("algs"), Some("ES256 PS256"));
    assert_eq!(
        anonymous_401(h, SpecVersion::LATEST).resource_metadata(),
        Some("https://m.test/prm")
    );
}

#[test]
fn corpus_06_fields_are_combined() {
    let fields: [&[u8]; 2] =
        [b"Basic realm=\"x\"", b"Bearer resource_metadata=\"https://m.test/prm\""];
    let cs = parse_strict(&fields).unwrap();
    assert_eq!(cs.len(), 2);
    assert!(cs[0].scheme_is("Basic"));
    assert_eq!(parse_lenient(&fields).challenges, cs);
    let a = analyze(&fields, &ChallengeContext::default());
    assert_eq!(a.resource_metadata(), Some("https://m.test/prm"));
    assert!(!a.findings.mentions(RS_401_WWWAUTH));
}

#[test]
fn corpus_07_comma_in_scope_and_escaped_quotes() {
    let h =
        r#"Bearer error="insufficient_scope", scope="a,b c", error_description="need \"write\"""#;
    let cs = assert_clean(h);
    assert_eq!(scope_tokens(cs.first()), ["a,b", "c"]);
    assert_eq!(cs[0].param("error_description"), Some(r#"need "write""#));
    let step_up = ChallengeContext {
        status: 403,
        request_had_credentials: true,
        spec_version: SpecVersion::V2025_11_25,
    };
    let a = analyze(&[h.as_bytes()], &step_up);
    // RFC 6750 §3: error_description excludes '"' even when escaped.
    let syntax: Vec<_> = a.findings.iter().filter(|f| f.requirement == RS_WWWAUTH_SYNTAX).collect();
    assert_eq!(syntax.len(), 1, "{:#?}", a.findings);
    assert!(syntax[0].message.contains("error_description"));
    assert!(has(&a.findings, RS_403_RESOURCE_METADATA, Level::Should));
    assert!(!a.findings.mentions(RS_403_INSUFFICIENT_SCOPE));
    assert!(!a.findings.mentions(RS_403_SCOPE_PARAM));
}

#[test]
fn corpus_08_comma_inside_quoted_value_does_not_split() {
    let h = r#"Bearer foo="x,y", resource_metadata="https://m.test/prm""#;
    let cs = assert_clean(h);
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0].param("foo"), Some("x,y"));
    assert_eq!(cs[0].param("resource_metadata"), Some("https://m.test/prm"));
}

#[test]
fn corpus_09_empty_list_element_tolerated_but_reported_against_senders() {
    let h = r#"Bearer , resource_metadata="https://m.test/prm""#;
    let cs = assert_clean(h);
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0].param("resource_metadata"), Some("https://m.test/prm"));
    let a = anonymous_401(h, SpecVersion::LATEST);
    let f = a.findings.iter().find(|f| f.requirement == RS_WWWAUTH_SYNTAX).unwrap();
    assert_eq!(f.level, Level::Must);
    assert!(f.message.contains("empty list element"), "{}", f.message);
    // `a="1",,b="2"` too.
    let cs = assert_clean(r#"Bearer a="1",,b="2""#);
    assert_eq!((cs[0].param("a"), cs[0].param("b")), (Some("1"), Some("2")));
}

#[test]
fn corpus_10_rfc9110_s11_6_1_example_has_no_bearer() {
    let h = r#"Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple""#;
    let cs = assert_clean(h);
    assert_eq!(cs.len(), 2);
    assert!(cs[0].scheme_is("Newauth"));
    assert_eq!(cs[0].param("realm"), Some("apps"));
    assert_eq!(cs[0].param("type"), Some("1"));
    assert!(!cs[0].auth_param("type").unwrap().quoted);
    assert_eq!(cs[0].param("title"), Some(r#"Login to "apps""#));
    assert_eq!(cs[1].param("realm"), Some("simple"));
    let a = anonymous_401(h, SpecVersion::V2025_11_25);
    assert!(a.bearer().is_none());
    assert_eq!(a.resource_metadata(), None);
    assert!(has(&a.findings, RS_401_WWWAUTH, Level::Must));
    // No header URL: an 11+ client falls back to well-known.
    assert!(has(&a.findings, RS_PRM_DISCOVERABLE, Level::Info));
}

#[test]
fn corpus_11_bare_bearer() {
    let cs = assert_clean("Bearer");
    assert_eq!(cs, [Challenge::new("Bearer")]);
    let a = anonymous_401("Bearer", SpecVersion::V2025_11_25);
    let f = a.findings.iter().find(|f| f.requirement == RS_401_BEARER_PARAMS).unwrap();
    assert_eq!(f.level, Level::Must);
    assert!(f.message.contains("well-known"), "{}", f.message);
    assert!(has(&a.findings, RS_PRM_DISCOVERABLE, Level::Info));
    let a06 = anonymous_401("Bearer", SpecVersion::V2025_06_18);
    assert!(has(&a06.findings, RS_401_RESOURCE_METADATA, Level::Must));
}

#[test]
fn corpus_12_token68_only() {
    let cs = assert_clean("Bearer abc==");
    assert_eq!(cs[0].token68.as_deref(), Some("abc=="));
    assert!(cs[0].params.is_empty());
    let a = anonymous_401("Bearer abc==", SpecVersion::LATEST);
    assert_eq!(a.resource_metadata(), None);
    let f = a.findings.iter().find(|f| f.requirement == RS_401_BEARER_PARAMS).unwrap();
    assert!(f.message.contains("token68"), "{}", f.message);
}

#[test]
fn corpus_13_unquoted_url_strict_rejects_lenient_reads() {
    let h = "Bearer resource_metadata=https://m.test/prm";
    let e = strict(h).unwrap_err();
    assert_eq!((e.field, e.offset, e.kind.clone()), (0, 30, ChallengeErrorKind::InvalidValue));
    let reading = lenient(h);
    assert_eq!(reading.deviations, [e]);
    assert_eq!(reading.challenges[0].param("resource_metadata"), Some("https://m.test/prm"));
    assert!(!reading.challenges[0].params[0].quoted);
    let a = anonymous_401(h, SpecVersion::LATEST);
    assert!(has(&a.findings, RS_WWWAUTH_SYNTAX, Level::Must));
    assert!(has(&a.findings, RS_401_WWWAUTH, Level::Must));
    assert_eq!(a.resource_metadata(), Some("https://m.test/prm"), "lenient fallback");
}

#[test]
fn corpus_14_duplicate_resource_metadata_is_invalid_and_first_wins_leniently() {
    let h = r#"Bearer resource_metadata="https://a.test/prm", resource_metadata="https://evil.test/prm""#;
    let e = strict(h).unwrap_err();
    assert_eq!(e.kind, ChallengeErrorKind::DuplicateParam { name: "resource_metadata".into() });
    assert_eq!(e.offset, 47);
    let reading = lenient(h);
    assert_eq!(reading.deviations, [e]);
    assert_eq!(reading.challenges[0].params.len(), 1);
    assert_eq!(reading.challenges[0].param("resource_metadata"), Some("https://a.test/prm"));
    let a = anonymous_401(h, SpecVersion::LATEST);
    assert!(has(&a.findings, RS_WWWAUTH_SYNTAX, Level::Must));
    assert!(!format!("{:?}", a.challenges()).contains("evil"));
}

#[test]
fn corpus_15_relative_resource_metadata() {
    let h = r#"Bearer resource_metadata="/relative/prm""#;
    let cs = assert_clean(h);
    assert_eq!(cs[0].param("resource_metadata"), Some("/relative/prm"));
    let a11 = anonymous_401(h, SpecVersion::V2025_11_25);
    assert!(has(&a11.findings, RS_WWWAUTH_SYNTAX, Level::Must));
    assert!(has(&a11.findings, RS_PRM_DISCOVERABLE, Level::Must));
    let a06 = anonymous_401(h, SpecVersion::V2025_06_18);
    assert!(has(&a06.findings, RS_401_RESOURCE_METADATA, Level::Must));
}

#[test]
fn corpus_16_ssrf_vector_is_not_https() {
    let h = r#"Bearer resource_metadata="http://169.254.169.254/latest/meta-data/""#;
    assert_clean(h);
    let a = anonymous_401(h, SpecVersion::V2025_11_25);
    assert_eq!(a.resource_metadata(), Some("http://169.254.169.254/latest/meta-data/"));
    let f = a.findings.iter().find(|f| f.requirement == RS_PRM_DISCOVERABLE).unwrap();
    assert_eq!(f.level, Level::Must);
    assert!(f.message.contains("not an https URL"), "{}", f.message);
}

#[test]
fn corpus_17_unterminated_quote() {
    let h = r#"Bearer resource_metadata="https://m.test/prm"#;
    let e = strict(h).unwrap_err();
    assert_eq!((e.offset, e.kind.clone()), (25, ChallengeErrorKind::UnterminatedQuote));
    let reading = lenient(h);
    assert_eq!(reading.deviations, [e]);
    assert_eq!(reading.challenges[0].param("resource_metadata"), Some("https://m.test/prm"));
    assert!(anonymous_401(h, SpecVersion::LATEST).findings.has_must());
}

#[test]
fn corpus_18_oversized_inputs_fail_bounded() {
    let many_params: String = std::iter::once("Bearer ".to_owned())
        .chain((0..100_000).map(|i| format!("p{i}=\"v\", ")))
        .collect();
    let big_value = format!("Bearer realm=\"{}\"", "x".repeat(1 << 20));
    let many_in_one: String = (0..10_000).map(|_| "Bearer, ").collect();
    for h in [&many_params, &big_value, &many_in_one] {
        let e = strict(h).unwrap_err();
        assert!(matches!(e.kind, ChallengeErrorKind::FieldTooLong { .. }), "{e}");
        let reading = lenient(h);
        assert!(reading.challenges.is_empty());
        assert!(reading.deviations[0].kind.is_size_limit());
    }
    // 10 000 small fields: under the total bound, over the challenge count.
    let fields: Vec<&[u8]> = vec![&b"Bearer"[..]; 10_000];
    let e = parse_strict(&fields).unwrap_err();
    assert_eq!(e.kind, ChallengeErrorKind::TooManyChallenges { limit: MAX_CHALLENGES });
    assert_eq!(parse_lenient(&fields).challenges.len(), MAX_CHALLENGES);
    // Many fields each under the field bound, over the total.
    let chunk = format!("Bearer realm=\"{}\"", "x".repeat(8000));
    let fields: Vec<&[u8]> = vec![chunk.as_bytes(); 20];
    assert!(matches!(
        parse_strict(&fields).unwrap_err().kind,
        ChallengeErrorKind::TotalTooLong { .. }
    ));
    // Params over the per-challenge bound inside one small field.
    let params: String = std::iter::once("Bearer ".to_owned())
        .chain((0..100).map(|i| format!("p{i}=\"\",")))
        .collect();
    let e = strict(&params).unwrap_err();
    assert_eq!(e.kind, ChallengeErrorKind::TooManyParams { limit: MAX_PARAMS_PER_CHALLENGE });
    assert_eq!(lenient(&params).challenges[0].params.len(), MAX_PARAMS_PER_CHALLENGE);
    let a = analyze(&[params.as_bytes()], &ChallengeContext::default());
    assert!(has(&a.findings, RS_WWWAUTH_SYNTAX, Level::Robust));
}

#[test]
fn corpus_19_obs_text_in_quoted_string_does_not_crash() {
    let h: &[u8] = b"Bearer realm=\"\x80\xff\"";
    let cs = parse_strict(&[h]).unwrap();
    let realm = cs[0].auth_param("realm").unwrap();
    assert_eq!(realm.encoding, ValueEncoding::NonUtf8);
    assert_eq!(realm.value, "\u{fffd}\u{fffd}");
    assert!(parse_lenient(&[h]).is_clean());
    let a = analyze(&[h], &ChallengeContext::default());
    assert!(!a.findings.mentions(RS_WWWAUTH_SYNTAX), "{:#?}", a.findings);
}

#[test]
fn corpus_20_step_up_403_with_scope_and_no_resource_metadata() {
    let h = r#"Bearer error="insufficient_scope", scope="files:read""#;
    let cs = assert_clean(h);
    assert_eq!(scope_tokens(cs.first()), ["files:read"]);
    let step_up = ChallengeContext {
        status: 403,
        request_had_credentials: true,
        spec_version: SpecVersion::V2025_11_25,
    };
    let a = analyze(&[h.as_bytes()], &step_up);
    assert_eq!(a.resource_metadata(), None, "PRM comes from earlier discovery");
    assert_eq!(a.findings.len(), 1, "{:#?}", a.findings);
    assert!(has(&a.findings, RS_403_RESOURCE_METADATA, Level::Should));
    // A9: 403 content is graded only for 11+.
    let old = ChallengeContext { spec_version: SpecVersion::V2025_06_18, ..step_up };
    assert!(analyze(&[h.as_bytes()], &old).findings.is_empty());
}

#[test]
fn rs_403_without_insufficient_scope_error_scope_or_resource_metadata() {
    let ctx = ChallengeContext { status: 403, request_had_credentials: true, ..Default::default() };
    let h: &[u8] = br#"Bearer error="invalid_token""#;
    let a = analyze(&[h], &ctx);
    assert!(has(&a.findings, RS_403_INSUFFICIENT_SCOPE, Level::Should));
    assert!(has(&a.findings, RS_403_SCOPE_PARAM, Level::Should));
    assert!(has(&a.findings, RS_403_RESOURCE_METADATA, Level::Should));
}

#[test]
fn rs_401_wwwauth_missing_header() {
    let a = analyze(&[], &ChallengeContext::default());
    assert!(a.challenges().is_empty());
    assert!(has(&a.findings, RS_401_WWWAUTH, Level::Must));
    let not_401 = ChallengeContext { status: 400, ..Default::default() };
    assert!(!analyze(&[], &not_401).findings.mentions(RS_401_WWWAUTH));
}

#[test]
fn rfc9110_s11_2_token68_look_ahead() {
    assert_eq!(strict("Bearer abc=").unwrap()[0].token68.as_deref(), Some("abc="));
    assert_eq!(strict("Bearer abc==").unwrap()[0].token68.as_deref(), Some("abc=="));
    let c = &strict("Bearer abc=def").unwrap()[0];
    assert_eq!(c.token68, None);
    assert_eq!(c.param("abc"), Some("def"));
    assert_eq!(
        strict("Bearer abc==, realm=\"x\"").unwrap_err().kind,
        ChallengeErrorKind::Token68NotAlone
    );
    assert_eq!(strict("Bearer abc==def").unwrap_err().kind, ChallengeErrorKind::InvalidValue);
}

#[test]
fn rfc9110_s5_5_control_characters_and_obs_fold_are_refused() {
    for (h, kind) in [
        (&b"Bearer realm=\"a\r\nb\""[..], ChallengeErrorKind::ControlCharacter),
        (&b"Bearer realm=\"a\0b\""[..], ChallengeErrorKind::ControlCharacter),
        (&b"Bearer realm=\"a\", \r\n scope=\"b\""[..], ChallengeErrorKind::ObsFold),
        (&b"Bearer\x01"[..], ChallengeErrorKind::ControlCharacter),
    ] {
        assert_eq!(parse_strict(&[h]).unwrap_err().kind, kind, "{h:?}");
    }
    // Lenient: the fold reads as SP, the parameter survives.
    let reading = parse_lenient(&[b"Bearer realm=\"a\", \r\n scope=\"b\""]);
    assert_eq!(reading.challenges[0].param("scope"), Some("b"));
}

/// A tchar token.
fn token() -> impl Strategy<Value = String> {
    "[!#$%&'*+.^_`|~0-9A-Za-z-]{1,12}"
}

/// Printable values: quotes, backslashes, commas, spaces, HTAB and non-ASCII included.
fn value() -> impl Strategy<Value = String> {
    "[ -~\t\u{a0}-\u{2fff}\u{1f600}]{0,24}"
}

fn challenge() -> impl Strategy<Value = Challenge> {
    let token68 = "[-._~+/0-9A-Za-z]{1,12}={0,2}";
    (token(), prop::option::weighted(0.2, token68), prop::collection::vec((token(), value()), 0..6))
        .prop_map(|(scheme, token68, params)| {
            let mut c = Challenge::new(scheme);
            match token68 {
                Some(t) => c.token68 = Some(t),
                None => {
                    for (name, value) in params {
                        if c.auth_param(&name).is_none() {
                            c = c.with_param(name, value);
                        }
                    }
                }
            }
            c
        })
}

/// Header-like input built from the grammar's pieces and a few hostile bytes.
fn headerish() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(&b"Bearer"[..]),
        Just(&b"realm"[..]),
        Just(&b"abc=="[..]),
        Just(&b" "[..]),
        Just(&b","[..]),
        Just(&b"="[..]),
        Just(&b"\""[..]),
        Just(&b"\\"[..]),
        Just(&b"\t"[..]),
        Just(&b"https://x/"[..]),
        Just(&b"\r\n "[..]),
        Just(&b"\0"[..]),
        Just(&b"\xc3\xa9\xff"[..]),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn serialize_then_strict_parse_round_trips(cs in prop::collection::vec(challenge(), 0..6)) {
        prop_assert!(cs.iter().all(Challenge::is_well_formed));
        let text = serialize(&cs);
        prop_assert_eq!(parse_strict(&[text.as_bytes()]), Ok(cs), "{}", text);
    }

    #[test]
    fn strict_accepts_implies_lenient_equal(fields in prop::collection::vec(headerish(), 0..3)) {
        let refs: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
        let reading = parse_lenient(&refs);
        match parse_strict(&refs) {
            Ok(cs) => {
                prop_assert!(reading.is_clean(), "{:?}", reading.deviations);
                prop_assert_eq!(reading.challenges, cs);
            }
            Err(e) => prop_assert_eq!(reading.deviations.first(), Some(&e)),
        }
    }

    #[test]
    fn parsers_never_panic_on_arbitrary_bytes(
        fields in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..512), 0..4),
        status in prop_oneof![Just(401u16), Just(403u16), Just(400u16)],
    ) {
        let refs: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
        let _ = parse_strict(&refs);
        let reading = parse_lenient(&refs);
        prop_assert!(reading.challenges.len() <= MAX_CHALLENGES);
        let context = ChallengeContext { status, ..ChallengeContext::default() };
        let analysis = analyze(&refs, &context);
        prop_assert!(analysis.findings.iter().all(|f| f.message.len() < 1024));
    }
}
