//! Strict decoding of the JWS Compact Serialization (RFC 7515 §7.1):
//! `BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature)`.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::claims::{AccessTokenClaims, JoseHeader};
use crate::documents::Document;
use crate::json::JsonErrorKind;
use crate::limits::MAX_JWT_BYTES;
use crate::secret::Secret;

/// One of the three segments of a compact JWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JwtPart {
    Header,
    Payload,
    Signature,
}

impl fmt::Display for JwtPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JwtPart::Header => "header",
            JwtPart::Payload => "payload",
            JwtPart::Signature => "signature",
        })
    }
}

/// Why a string is not a compact JWS this crate accepts. Offsets count bytes from the
/// start of the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwtErrorKind {
    #[error("token is empty")]
    Empty,
    #[error("token is {len} bytes, more than the {limit}-byte limit")]
    TooLarge { len: usize, limit: usize },
    #[error("token has 5 segments: it is a JWE (encrypted), not a signed JWT")]
    Encrypted,
    #[error("token has {found} dot-separated segments; a compact JWS has exactly 3")]
    SegmentCount { found: usize },
    #[error("{part} has base64 padding '=' at byte {offset}; RFC 7515 §2 base64url omits it")]
    Padding { part: JwtPart, offset: usize },
    #[error(
        "{part} has {found:?} at byte {offset}: the standard base64 alphabet, not base64url (RFC 7515 §2)"
    )]
    StandardAlphabet { part: JwtPart, offset: usize, found: char },
    #[error("{part} has {found:?} at byte {offset}, which is not a base64url character")]
    IllegalCharacter { part: JwtPart, offset: usize, found: char },
    #[error("{part} has a length no base64url encoding produces")]
    Base64Length { part: JwtPart },
    #[error("{part} is not canonically encoded (its last character carries non-zero spare bits)")]
    NonCanonical { part: JwtPart },
    #[error("{part} is not a strict JSON object: {error}")]
    Json { part: JwtPart, error: JsonErrorKind },
}

/// A string that could not be read as a compact JWS. The token itself is not kept: it
/// may be a live bearer credential.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct JwtError {
    pub kind: JwtErrorKind,
    /// Length of the input in bytes.
    pub token_len: usize,
}

/// A decoded compact JWS whose header and payload are strict JSON objects.
///
/// Nothing here verifies the signature: the protocol core has no keys and no crypto
/// backend. [`CompactJwt::signing_input`] and [`CompactJwt::signature`] are what a
/// verifier needs.
#[derive(Clone)]
pub struct CompactJwt {
    /// `header "." payload`, exactly as received.
    signing_input: String,
    header_len: usize,
    signature_segment: String,
    signature: Vec<u8>,
    header: Document<JoseHeader>,
    claims: Document<AccessTokenClaims>,
}

impl fmt::Debug for CompactJwt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The header and claims are not the credential; the segments together are.
        f.debug_struct("CompactJwt")
            .field("header", &self.header.typed)
            .field("claims", &self.claims.typed)
            .field("signature_len", &self.signature.len())
            .field("token", &Secret::new(self.to_compact_string()))
            .finish()
    }
}

impl CompactJwt {
    /// Decodes `token` strictly: bounded size, exactly three segments, unpadded base64url,
    /// and header and payload that are JSON objects without duplicate members (RFC 7515
    /// §5.2 lets a recipient reject those or keep the last; the harness rejects, since two
    /// libraries may disagree about which one wins).
    pub fn parse(token: &str) -> Result<CompactJwt, JwtError> {
        let err = |kind| JwtError { kind, token_len: token.len() };
        if token.is_empty() {
            return Err(err(JwtErrorKind::Empty));
        }
        if token.len() > MAX_JWT_BYTES {
            return Err(err(JwtErrorKind::TooLarge { len: token.len(), limit: MAX_JWT_BYTES }));
        }
        let segments: Vec<&str> = token.split('.').collect();
        let [header_b64, payload_b64, signature_b64] = segments.as_slice() else {
            return Err(err(match segments.len() {
                5 => JwtErrorKind::Encrypted,
                found => JwtErrorKind::SegmentCount { found },
            }));
        };
        let payload_start = header_b64.len() + 1;
        let signature_start = payload_start + payload_b64.len() + 1;
        let header_bytes = decode(header_b64, 0, JwtPart::Header).map_err(err)?;
        let payload_bytes = decode(payload_b64, payload_start, JwtPart::Payload).map_err(err)?;
        let signature = decode(signature_b64, signature_start, JwtPart::Signature).map_err(err)?;
        let header = Document::<JoseHeader>::parse(&header_bytes)
            .map_err(|e| err(JwtErrorKind::Json { part: JwtPart::Header, error: e.kind }))?;
        let claims = Document::<AccessTokenClaims>::parse(&payload_bytes)
            .map_err(|e| err(JwtErrorKind::Json { part: JwtPart::Payload, error: e.kind }))?;
        Ok(CompactJwt {
            signing_input: format!("{header_b64}.{payload_b64}"),
            header_len: header_b64.len(),
            signature_segment: (*signature_b64).to_owned(),
            signature,
            header,
            claims,
        })
    }

    /// The JOSE header, raw and typed.
    pub fn header(&self) -> &Document<JoseHeader> {
        &self.header
    }

    /// The payload, raw and typed as RFC 9068 claims.
    pub fn claims(&self) -> &Document<AccessTokenClaims> {
        &self.claims
    }

    /// The base64url header segment as received.
    pub fn header_segment(&self) -> &str {
        self.signing_input.get(..self.header_len).unwrap_or_default()
    }

    /// The base64url payload segment as received.
    pub fn payload_segment(&self) -> &str {
        self.signing_input.get(self.header_len + 1..).unwrap_or_default()
    }

    /// The base64url signature segment as received (empty for an unsecured JWS).
    pub fn signature_segment(&self) -> &str {
        &self.signature_segment
    }

    /// The JWS Signing Input, `ASCII(header "." payload)` (RFC 7515 §5.1 step 8).
    pub fn signing_input(&self) -> &[u8] {
        self.signing_input.as_bytes()
    }

    /// The decoded signature bytes.
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }

    /// The token as received, as a [`Secret`] so it cannot reach a log by accident.
    pub fn to_compact(&self) -> Secret {
        Secret::new(self.to_compact_string())
    }

    fn to_compact_string(&self) -> String {
        format!("{}.{}", self.signing_input, self.signature_segment)
    }
}

/// Decodes one segment as unpadded base64url, naming the first offending character.
fn decode(segment: &str, start: usize, part: JwtPart) -> Result<Vec<u8>, JwtErrorKind> {
    for (i, c) in segment.char_indices() {
        let offset = start + i;
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' => {}
            '=' => return Err(JwtErrorKind::Padding { part, offset }),
            '+' | '/' => return Err(JwtErrorKind::StandardAlphabet { part, offset, found: c }),
            found => return Err(JwtErrorKind::IllegalCharacter { part, offset, found }),
        }
    }
    if segment.len() % 4 == 1 {
        return Err(JwtErrorKind::Base64Length { part });
    }
    URL_SAFE_NO_PAD.decode(segment).map_err(|e| match e {
        base64::DecodeError::InvalidLastSymbol(_, _) => JwtErrorKind::NonCanonical { part },
        _ => JwtErrorKind::Base64Length { part },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        URL_SAFE_NO_PAD.encode(s)
    }

    #[test]
    fn keeps_segments_and_signing_input() {
        let token = format!("{}.{}.c2ln", b64(r#"{"alg":"RS256"}"#), b64(r#"{"sub":"u"}"#));
        let jwt = CompactJwt::parse(&token).unwrap();
        assert_eq!(jwt.header_segment(), b64(r#"{"alg":"RS256"}"#));
        assert_eq!(jwt.payload_segment(), b64(r#"{"sub":"u"}"#));
        assert_eq!(jwt.signature(), b"sig");
        assert_eq!(jwt.signing_input(), token.rsplit_once('.').unwrap().0.as_bytes());
        assert_eq!(jwt.to_compact().expose(), token);
        let shown = format!("{jwt:?}");
        assert!(!shown.contains(&token) && !shown.contains("c2ln"), "{shown}");
    }

    #[test]
    fn rfc7515_section_2_base64url_without_padding() {
        let h = b64(r#"{"alg":"RS256"}"#);
        let kind = |t: &str| CompactJwt::parse(t).unwrap_err().kind;
        assert_eq!(
            kind(&format!("{h}.e30=.")),
            JwtErrorKind::Padding { part: JwtPart::Payload, offset: h.len() + 4 }
        );
        assert!(matches!(
            kind(&format!("{h}.e3+.")),
            JwtErrorKind::StandardAlphabet { found: '+', .. }
        ));
        assert!(matches!(
            kind(&format!("{h}.e30. x")),
            JwtErrorKind::IllegalCharacter { part: JwtPart::Signature, .. }
        ));
        assert_eq!(
            kind(&format!("{h}.e30.a")),
            JwtErrorKind::Base64Length { part: JwtPart::Signature }
        );
        // "e31" decodes to "{}" only by ignoring spare bits.
        assert_eq!(
            kind(&format!("{h}.e31.")),
            JwtErrorKind::NonCanonical { part: JwtPart::Payload }
        );
        assert_eq!(kind("a.b.c.d.e"), JwtErrorKind::Encrypted);
        assert_eq!(kind("a.b"), JwtErrorKind::SegmentCount { found: 2 });
        assert_eq!(kind(""), JwtErrorKind::Empty);
    }
}
