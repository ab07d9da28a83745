//! `Authorization` credentials: the RS-BEARER-SYNTAX and RS-BEARER-CASE variants of the
//! catalogue, RS-OTHER-SCHEME, and the rule that no error or `Debug` output ever shows a
//! byte of the token.

use mcp_auth_proto::challenge::ChallengeErrorKind;
use mcp_auth_proto::credentials::{
    BearerErrorKind, CredentialsErrorKind, bearer_header, is_b64token, parse_bearer,
    parse_credentials,
};
use mcp_auth_proto::limits::MAX_HEADER_FIELD_BYTES;
use proptest::prelude::*;

const TOKEN: &str = "zQxJ7kVw9Rp-_.~+/";

fn kind(value: &[u8]) -> BearerErrorKind {
    match parse_bearer(value) {
        Ok(_) => BearerErrorKind::Empty,
        Err(e) => e.kind,
    }
}

#[test]
fn rs_bearer_syntax_multiple_spaces_are_valid() {
    let value = format!("Bearer  {TOKEN}");
    assert_eq!(parse_bearer(value.as_bytes()).unwrap().expose(), TOKEN);
    assert_eq!(parse_bearer(b"Bearer     abc==").unwrap().expose(), "abc==");
}

#[test]
fn rs_bearer_case_scheme_is_case_insensitive() {
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let value = format!("{scheme} {TOKEN}");
        assert_eq!(parse_bearer(value.as_bytes()).unwrap().expose(), TOKEN, "{scheme}");
        assert!(parse_credentials(value.as_bytes()).unwrap().is_bearer(), "{scheme}");
    }
}

#[test]
fn rs_bearer_syntax_malformed_variants() {
    let cases: [(&[u8], BearerErrorKind, usize); 12] = [
        (b"Bearer", BearerErrorKind::MissingToken, 6),
        (b"Bearer   ", BearerErrorKind::MissingToken, 6),
        (b"Bearer tok extra", BearerErrorKind::TrailingContent, 10),
        (b"Bearer tok,tok", BearerErrorKind::TrailingContent, 10),
        (b"Bearer\ttok", BearerErrorKind::TabSeparator, 6),
        (b"Bearer \ttok", BearerErrorKind::TabSeparator, 7),
        (b"Bearer \"tok\"", BearerErrorKind::QuotedToken, 7),
        (b"Bearer to\0k", BearerErrorKind::ControlCharacter, 9),
        (b"Bearer tok\r\n", BearerErrorKind::ControlCharacter, 10),
        (b"Bearer t\xc3\xb6k", BearerErrorKind::NonAscii, 8),
        (b"Bearer=tok", BearerErrorKind::EqualsAfterScheme, 6),
        (b"Bearer to@k", BearerErrorKind::IllegalCharacter, 9),
    ];
    for (value, expected, offset) in cases {
        let e = parse_bearer(value).unwrap_err();
        assert_eq!((e.kind, e.offset), (expected, offset), "{:?}", String::from_utf8_lossy(value));
    }
    assert_eq!(kind(b""), BearerErrorKind::Empty);
}

#[test]
fn rs_bearer_syntax_64_kib_and_1_mib_tokens_are_too_long() {
    for size in [64 * 1024, 1 << 20] {
        let value = format!("Bearer {}", "a".repeat(size));
        assert_eq!(
            kind(value.as_bytes()),
            BearerErrorKind::TooLong { len: size + 7, limit: MAX_HEADER_FIELD_BYTES }
        );
        assert!(matches!(
            parse_credentials(value.as_bytes()).unwrap_err().kind,
            CredentialsErrorKind::TooLong { .. }
        ));
    }
    let just_fits = format!("Bearer {}", "a".repeat(MAX_HEADER_FIELD_BYTES - 7));
    assert!(parse_bearer(just_fits.as_bytes()).is_ok());
}

#[test]
fn rs_other_scheme_basic_is_not_bearer() {
    assert_eq!(kind(b"Basic dXNlcjpwYXNz"), BearerErrorKind::NotBearer { scheme: "Basic".into() });
    assert_eq!(kind(b"DPoP abc"), BearerErrorKind::NotBearer { scheme: "DPoP".into() });
    assert_eq!(kind(b"BearerX abc"), BearerErrorKind::NotBearer { scheme: "BearerX".into() });
    let c = parse_credentials(b"Basic dXNlcjpwYXNz").unwrap();
    assert!(c.scheme_is("basic"));
    assert_eq!(c.token68.as_ref().map(|s| s.expose()), Some("dXNlcjpwYXNz"));
}

#[test]
fn rfc9110_s11_4_credentials_grammar() {
    let c = parse_credentials(b"Digest username=\"u\", realm=\"r\",, nc=00000001").unwrap();
    assert!(c.scheme_is("DIGEST"));
    assert_eq!((c.param("username"), c.param("NC")), (Some("u"), Some("00000001")));
    let k = |v: &[u8]| parse_credentials(v).unwrap_err().kind;
    assert_eq!(k(b"Basic a, Bearer b"), CredentialsErrorKind::MultipleCredentials);
    assert_eq!(k(b"   "), CredentialsErrorKind::Empty);
    assert_eq!(
        k(b"Digest a=\"1\", a=\"2\""),
        CredentialsErrorKind::Syntax(ChallengeErrorKind::DuplicateParam { name: "a".into() })
    );
    assert_eq!(k(b"Bearer a b"), CredentialsErrorKind::Syntax(ChallengeErrorKind::MissingEquals));
}

/// Every error and every `Debug` output for values carrying `TOKEN`.
fn everything_shown_for(value: &[u8]) -> String {
    let mut shown = String::new();
    match parse_bearer(value) {
        Ok(t) => shown.push_str(&format!("{t:?}")),
        Err(e) => shown.push_str(&format!("{e} {e:?}")),
    }
    match parse_credentials(value) {
        Ok(c) => shown.push_str(&format!("{c:?}")),
        Err(e) => shown.push_str(&format!("{e} {e:?}")),
    }
    shown
}

#[test]
fn errors_and_debug_never_show_any_part_of_the_token() {
    let t = TOKEN;
    let values = [
        format!("Bearer {t}"),
        format!("Bearer {t} extra"),
        format!("Bearer {t},{t}"),
        format!("Bearer\t{t}"),
        format!("Bearer \"{t}\""),
        format!("Bearer {t}\0"),
        format!("Bearer {t}\u{e9}"),
        format!("Bearer={t}"),
        format!("Bearer {t}=x"),
        format!("Bearer {t}\""),
        format!("Basic {t}"),
        t.to_owned(),
        format!("Digest response=\"{t}\""),
        format!("Bearer {}", t.repeat(5000)),
    ];
    let pieces: Vec<&str> = (0..t.len() - 2).filter_map(|i| t.get(i..i + 3)).collect();
    for value in &values {
        let shown = everything_shown_for(value.as_bytes());
        for piece in &pieces {
            assert!(!shown.contains(piece), "{piece:?} of the token leaked for {value:?}: {shown}");
        }
    }
}

#[test]
fn bearer_header_builds_what_parse_bearer_reads() {
    assert_eq!(bearer_header("abc"), "Bearer abc");
    assert_eq!(parse_bearer(bearer_header(TOKEN).as_bytes()).unwrap().expose(), TOKEN);
}

proptest! {
    #[test]
    fn b64tokens_round_trip_through_the_header(token in "[-._~+/0-9A-Za-z]{1,64}={0,2}") {
        prop_assert!(is_b64token(&token));
        let parsed = parse_bearer(bearer_header(&token).as_bytes());
        prop_assert_eq!(parsed.map(|t| t.expose().to_owned()), Ok(token));
    }

    #[test]
    fn credentials_parsers_never_panic(value in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = parse_bearer(&value);
        let _ = parse_credentials(&value);
    }
}
