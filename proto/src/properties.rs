//! Properties the fuzz targets assert, as plain functions.
//!
//! Each function takes the raw fuzz input and panics only when a property of the protocol
//! core is violated; a parser refusing garbage is not a violation. The fuzz targets in
//! `fuzz/fuzz_targets/` are one-line calls to these, and `proto/tests/fuzz_seeds.rs` replays
//! the committed seed corpora through them on the stable toolchain, so both check the same
//! thing.
//!
//! Properties, beyond "never panics":
//! * headers: where the strict parser accepts, the lenient reading is identical and clean;
//!   serializing what strict read and parsing it again gives the same challenges;
//! * credentials: an accepted Bearer token rebuilt into a header parses to itself, and no
//!   error message repeats the token;
//! * documents: validation is deterministic; a parsed document serialized from its typed
//!   model is the object that was read, and re-parses to an equal model;
//! * discovery: every URL built from an accepted identifier keeps its origin and path bytes.

// Panicking is how a property reports a violation to libFuzzer and to the replay test.
#![allow(clippy::panic)]

use arbitrary::Unstructured;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::challenge::{self, ChallengeContext, ValueEncoding};
use crate::credentials;
use crate::documents::Document;
use crate::finding::Finding;
use crate::spec_version::SpecVersion;

/// Most header fields a fuzz input is split into.
const MAX_FIELDS: usize = 8;

fn fields(data: &[u8]) -> Vec<&[u8]> {
    data.split(|&b| b == b'\n').take(MAX_FIELDS).collect()
}

/// `WWW-Authenticate` from raw bytes: fields are the input split at `\n`.
pub fn www_authenticate(data: &[u8]) {
    let fields = fields(data);
    let strict = challenge::parse_strict(&fields);
    let lenient = challenge::parse_lenient(&fields);
    if let Ok(challenges) = &strict {
        assert_eq!(&lenient.challenges, challenges, "lenient reading differs where strict accepts");
        assert!(lenient.is_clean(), "lenient reading records deviations where strict accepts");
        let exact = challenges
            .iter()
            .all(|c| c.params.iter().all(|p| p.encoding != ValueEncoding::NonUtf8));
        if exact {
            let again = challenge::serialize(challenges);
            assert_eq!(
                challenge::parse_strict(&[again.as_bytes()]).as_ref(),
                Ok(challenges),
                "serialized challenges do not re-parse to themselves: {again:?}"
            );
        }
    }
    for spec_version in SpecVersion::ALL {
        for (status, request_had_credentials) in [(401, false), (401, true), (403, true)] {
            let context = ChallengeContext { status, request_had_credentials, spec_version };
            let first = challenge::analyze(&fields, &context);
            let second = challenge::analyze(&fields, &context);
            assert_eq!(first.findings, second.findings, "analysis is not deterministic");
            bounded_messages(&first.findings);
        }
    }
}

/// `WWW-Authenticate` from structure: well-formed challenges must round-trip exactly.
pub fn www_authenticate_structured(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(challenges) = challenge::arbitrary_challenges(&mut u) else { return };
    let text = challenge::serialize(&challenges);
    assert_eq!(
        challenge::parse_strict(&[text.as_bytes()]),
        Ok(challenges),
        "well-formed challenges did not survive serialize + parse: {text:?}"
    );
}

/// `Authorization` credentials.
pub fn authorization(data: &[u8]) {
    let _ = credentials::parse_credentials(data);
    match credentials::parse_bearer(data) {
        Ok(token) => {
            assert!(credentials::is_b64token(token.expose()), "accepted token is not a b64token");
            let header = credentials::bearer_header(token.expose());
            let again = credentials::parse_bearer(header.as_bytes());
            assert_eq!(again.as_ref().map(|t| t.expose()), Ok(token.expose()));
            // Short tokens can occur in any text by chance; long ones must never be shown.
            if token.expose().len() >= 8 {
                assert!(!format!("{token:?}").contains(token.expose()), "Debug shows the token");
            }
        }
        Err(error) => {
            // Whatever follows the scheme may be a credential, so an error's text must not
            // depend on those bytes: the same input with every letter and digit after the
            // first space changed must give the same error, word for word.
            let start = data.iter().position(|&b| b != b' ' && b != b'\t').unwrap_or(data.len());
            let after_scheme = data.iter().skip(start).position(|&b| b == b' ').map(|i| start + i);
            if let Some(space) = after_scheme {
                let (head, tail) = data.split_at(space);
                let masked: Vec<u8> =
                    head.iter().copied().chain(tail.iter().map(|&b| rotate(b))).collect();
                match credentials::parse_bearer(&masked) {
                    Err(other) => assert_eq!(
                        error.to_string(),
                        other.to_string(),
                        "a bearer error's text depends on the credential bytes"
                    ),
                    Ok(_) => panic!("changing letters and digits made a refused credential valid"),
                }
            }
        }
    }
}

/// The next letter or digit in the same class (`z` → `a`, `9` → `0`); other bytes unchanged.
fn rotate(byte: u8) -> u8 {
    match byte {
        b'z' => b'a',
        b'Z' => b'A',
        b'9' => b'0',
        b'a'..=b'y' | b'A'..=b'Y' | b'0'..=b'8' => byte + 1,
        other => other,
    }
}

/// Shared document property: parse, validate twice, serialize the model back.
fn document<T>(data: &[u8], validate: impl Fn(&Document<T>) -> Vec<Finding>)
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let Ok(doc) = Document::<T>::parse(data) else { return };
    let findings = validate(&doc);
    assert_eq!(findings, validate(&doc), "validation is not deterministic");
    bounded_messages(&findings);
    let Ok(value) = serde_json::to_value(&doc.typed) else {
        panic!("a parsed document's model does not serialize")
    };
    assert_eq!(value, Value::Object(doc.object.clone()), "model is not a lossless reading");
    let Ok(bytes) = serde_json::to_vec(&value) else { panic!("re-serializing failed") };
    let Ok(again) = Document::<T>::parse(&bytes) else {
        panic!("a serialized model does not re-parse")
    };
    assert_eq!(again.typed, doc.typed, "re-parsed model differs");
}

/// A document property over structure-aware input from `generate`, or raw bytes when the
/// input starts with `{` (so seed files can be plain JSON).
fn document_either<T>(
    data: &[u8],
    generate: fn(&mut Unstructured<'_>) -> arbitrary::Result<Value>,
    validate: impl Fn(&Document<T>) -> Vec<Finding>,
) where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    if data.first() != Some(&b'{') {
        let mut u = Unstructured::new(data);
        if let Ok(value) = generate(&mut u) {
            if let Ok(bytes) = serde_json::to_vec(&value) {
                document::<T>(&bytes, &validate);
            }
            return;
        }
    }
    document::<T>(data, validate);
}

/// Protected Resource Metadata, under every spec version and both profiles.
pub fn prm(data: &[u8]) {
    use crate::documents::prm::{self, PrmContext, ProtectedResourceMetadata, ResourceProfile};
    document_either::<ProtectedResourceMetadata>(data, prm::arbitrary_document, |doc| {
        let mut all = Vec::new();
        for spec_version in SpecVersion::ALL {
            for profile in [ResourceProfile::Strict, ResourceProfile::McpLenient] {
                let expected_resource = Some("https://mcp.example.test/mcp".to_owned());
                all.extend(prm::validate(
                    doc,
                    &PrmContext { expected_resource, spec_version, profile },
                ));
            }
        }
        all
    });
}

/// Authorization-server metadata, both flavours, every spec version.
pub fn as_metadata(data: &[u8]) {
    use crate::documents::as_metadata::{
        self, AsMetadataContext, AuthorizationServerMetadata, MetadataFlavour,
    };
    document_either::<AuthorizationServerMetadata>(data, as_metadata::arbitrary_document, |doc| {
        let mut all = Vec::new();
        for spec_version in SpecVersion::ALL {
            for flavour in [MetadataFlavour::Oauth, MetadataFlavour::OpenId] {
                let expected_issuer = Some("https://as.example.test".to_owned());
                all.extend(as_metadata::validate(
                    doc,
                    &AsMetadataContext { expected_issuer, flavour, spec_version },
                ));
            }
        }
        all
    });
}

/// Discovery URL construction: origin and path preservation for any accepted identifier.
pub fn well_known_urls(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(violation) = crate::discovery::invariants::check_construction_invariants(text) {
        panic!("{violation}");
    }
}

/// Messages quote bounded amounts of target input, so reports stay readable and bounded.
fn bounded_messages(findings: &[Finding]) {
    for f in findings {
        assert!(
            f.message.len() <= crate::finding::MAX_MESSAGE_BYTES + 8,
            "finding message of {} bytes",
            f.message.len()
        );
    }
}

/// Splits a selector byte off the input, so one target can cover several related models.
fn select(data: &[u8]) -> (u8, &[u8]) {
    match data.split_first() {
        Some((&selector, rest)) => (selector, rest),
        None => (0, data),
    }
}

/// Dynamic client registration: request, response and error, chosen by the first byte.
pub fn dcr(data: &[u8]) {
    use crate::documents::dcr::{
        self, ClientMetadata, DcrResponseContext, RegistrationError, RegistrationResponse,
    };
    let (selector, rest) = select(data);
    match selector % 3 {
        0 => document_either::<ClientMetadata>(rest, ClientMetadata::arbitrary_document, |doc| {
            SpecVersion::ALL.iter().flat_map(|&v| dcr::validate_request(doc, v)).collect()
        }),
        1 => document_either::<RegistrationResponse>(
            rest,
            RegistrationResponse::arbitrary_document,
            |doc| {
                let mut all = Vec::new();
                for status in [200, 201, 400] {
                    let context = DcrResponseContext { status, ..DcrResponseContext::default() };
                    all.extend(dcr::validate_response(doc, &context));
                }
                all
            },
        ),
        _ => document_either::<RegistrationError>(
            rest,
            RegistrationError::arbitrary_document,
            |doc| dcr::validate_error(doc, 400, Some("application/json")),
        ),
    }
}

/// Token endpoint responses: success and error, chosen by the first byte.
pub fn token_response(data: &[u8]) {
    use crate::documents::token::{
        self, TokenError, TokenErrorContext, TokenResponse, TokenResponseContext,
    };
    let (selector, rest) = select(data);
    if selector % 2 == 0 {
        document_either::<TokenResponse>(rest, TokenResponse::arbitrary_document, |doc| {
            let context = TokenResponseContext {
                requested_scope: Some("files:read files:write".to_owned()),
                ..TokenResponseContext::default()
            };
            token::validate_response(doc, &context)
        });
    } else {
        document_either::<TokenError>(rest, TokenError::arbitrary_document, |doc| {
            let mut all = Vec::new();
            for client_auth_via_header in [false, true] {
                let context =
                    TokenErrorContext { client_auth_via_header, ..TokenErrorContext::default() };
                all.extend(token::validate_error(doc, &context));
            }
            all
        });
    }
}

/// RFC 7662 introspection responses, including the resource server's conclusion.
pub fn introspection(data: &[u8]) {
    use crate::documents::introspection::{self, IntrospectionResponse};
    document_either::<IntrospectionResponse>(
        data,
        IntrospectionResponse::arbitrary_document,
        |doc| {
            let active = doc.typed.is_active_for("https://mcp.example.test/mcp", 1_800_000_000);
            if active {
                assert_eq!(doc.typed.active.valid(), Some(&true), "inactive token judged active");
            }
            introspection::validate(doc)
        },
    );
}

/// Compact JWS access tokens. Input containing `.` is read as a token; other input builds
/// one from structured header and claims, which must then parse back to exactly them.
pub fn jwt_claims(data: &[u8]) {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use crate::documents::jwt::{
        AccessTokenClaims, AccessTokenContext, CompactJwt, JoseHeader, validate_access_token,
    };
    let judge = |jwt: &CompactJwt| {
        for now in [0, 1_800_000_000] {
            let context = AccessTokenContext {
                expected_issuer: "https://as.example.test".to_owned(),
                expected_audience: "https://mcp.example.test/mcp".to_owned(),
                now,
                leeway_seconds: 60,
            };
            let findings = validate_access_token(jwt, &context);
            assert_eq!(findings, validate_access_token(jwt, &context), "not deterministic");
            bounded_messages(&findings);
        }
        // The compact token is the credential; Debug may show claims but never the token.
        let compact = jwt.to_compact();
        assert!(!format!("{jwt:?}").contains(compact.expose()), "Debug shows the whole token");
    };
    if data.contains(&b'.') {
        if let Ok(Ok(jwt)) = std::str::from_utf8(data).map(CompactJwt::parse) {
            assert_eq!(jwt.to_compact().expose().as_bytes(), data, "token not kept as sent");
            judge(&jwt);
        }
        return;
    }
    let mut u = Unstructured::new(data);
    let (Ok(header), Ok(claims)) =
        (JoseHeader::arbitrary_document(&mut u), AccessTokenClaims::arbitrary_document(&mut u))
    else {
        return;
    };
    let signature: Vec<u8> = u.arbitrary().unwrap_or_default();
    let (Ok(h), Ok(c)) = (serde_json::to_vec(&header), serde_json::to_vec(&claims)) else {
        return;
    };
    let token = format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(h),
        URL_SAFE_NO_PAD.encode(c),
        URL_SAFE_NO_PAD.encode(&signature)
    );
    if token.len() > crate::limits::MAX_JWT_BYTES {
        return;
    }
    let jwt = match CompactJwt::parse(&token) {
        Ok(jwt) => jwt,
        Err(e) => panic!("an encoded token of JSON objects does not parse: {e}"),
    };
    assert_eq!(Value::Object(jwt.header().object.clone()), header, "header changed");
    assert_eq!(Value::Object(jwt.claims().object.clone()), claims, "claims changed");
    assert_eq!(jwt.signature(), signature.as_slice(), "signature changed");
    judge(&jwt);
}
