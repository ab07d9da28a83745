//! Character classes of the RFC 9110 header grammar (§5.6.2 tokens, §5.6.4 quoted strings,
//! §11.2 token68), shared by the challenge and credentials parsers, and value decoding.

use super::ValueEncoding;

/// RFC 9110 §5.6.2 tchar.
pub(crate) fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// RFC 9110 §11.2 token68 characters, before the `=` padding.
pub(crate) fn is_token68_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~+/".contains(&b)
}

/// Whether `s` is a token (1*tchar).
pub(crate) fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_tchar)
}

/// Whether `s` is a token68 (`1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`).
pub(crate) fn is_token68(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    !body.is_empty() && body.bytes().all(is_token68_char)
}

/// CTL (0x00–0x1F) other than HTAB, or DEL.
pub(crate) fn is_ctl(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7F
}

/// RFC 9110 §5.6.4 qdtext.
pub(crate) fn is_qdtext(b: u8) -> bool {
    matches!(b, b'\t' | b' ' | 0x21 | 0x23..=0x5B | 0x5D..=0x7E | 0x80..=0xFF)
}

/// What may follow `\` in a quoted-pair: HTAB, SP, VCHAR, obs-text.
pub(crate) fn is_quoted_pair_char(b: u8) -> bool {
    matches!(b, b'\t' | b' ' | 0x21..=0x7E | 0x80..=0xFF)
}

/// Turns value bytes into text, recording whether they were ASCII, UTF-8 or neither.
pub(crate) fn decode(bytes: Vec<u8>) -> (String, ValueEncoding) {
    if bytes.is_ascii() {
        return (String::from_utf8_lossy(&bytes).into_owned(), ValueEncoding::Ascii);
    }
    match String::from_utf8(bytes) {
        Ok(text) => (text, ValueEncoding::Utf8),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), ValueEncoding::NonUtf8),
    }
}
