//! Why a `WWW-Authenticate` value is not a well-formed RFC 9110 §11 challenge list.
//!
//! Errors carry positions, never the offending bytes: the same kinds describe
//! `Authorization` credentials (see [`crate::credentials`]), where any byte may belong to a
//! secret. Callers that hold the input can show the context around
//! [`ChallengeError::offset`] themselves.

/// What is wrong at one position of a challenge list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChallengeErrorKind {
    /// A single field value is larger than the harness accepts.
    #[error("field value is {len} bytes, more than the {limit}-byte bound; refused unread")]
    FieldTooLong { len: usize, limit: usize },
    /// All field values of the response together are larger than the harness accepts.
    #[error("field values total {total} bytes, more than the {limit}-byte bound; refused")]
    TotalTooLong { total: usize, limit: usize },
    /// More challenges than the harness accepts from one response.
    #[error("more than {limit} challenges; refused")]
    TooManyChallenges { limit: usize },
    /// More auth-params in one challenge than the harness accepts.
    #[error("more than {limit} auth-params in one challenge; refused")]
    TooManyParams { limit: usize },
    /// CR, LF, NUL, another control character or DEL (RFC 9110 §5.5: field values never
    /// carry them; inside a quoted-string only HTAB is allowed).
    #[error("control character (CR, LF, NUL, other CTL or DEL); field values must not contain one")]
    ControlCharacter,
    /// Obsolete line folding, CRLF followed by SP or HTAB (RFC 9112 §5.2).
    #[error("obsolete line folding (CRLF followed by whitespace); not allowed in a field value")]
    ObsFold,
    /// A quoted-string that is not closed before the end of the field value.
    #[error("quoted-string opened here is never closed with '\"'")]
    UnterminatedQuote,
    /// A backslash inside a quoted-string followed by a control character (RFC 9110 §5.6.4:
    /// a quoted-pair escapes only HTAB, SP, VCHAR or obs-text).
    #[error(
        "'\\' escapes a control character; a quoted-pair may escape only HTAB, SP, VCHAR or obs-text"
    )]
    BadQuotedPair,
    /// An auth-param name repeated within one challenge, compared case-insensitively
    /// (RFC 9110 §11.2: each name MUST occur only once per challenge).
    #[error(
        "parameter {name:?} occurs more than once in one challenge (names compare case-insensitively; RFC 9110 §11.2 allows each once)"
    )]
    DuplicateParam {
        /// The repeated name, lowercased and cut to 64 bytes.
        name: String,
    },
    /// An auth-param in a challenge that already carries a token68 (token68 must be alone).
    #[error("auth-param after a token68; a challenge carries either one token68 or auth-params")]
    Token68NotAlone,
    /// An auth-param before any auth-scheme.
    #[error("auth-param before any auth-scheme; a challenge starts with its scheme name")]
    ParamWithoutScheme,
    /// A token after the scheme that is followed by something other than `=`.
    #[error("expected '=' after the parameter name (auth-param = token BWS \"=\" BWS value)")]
    MissingEquals,
    /// `name=` with nothing after it.
    #[error("parameter has no value after '='; send name=\"\" for an empty value")]
    MissingValue,
    /// A value that is neither a token nor a quoted-string, such as an unquoted URL.
    #[error(
        "parameter value is neither a token nor a quoted-string (':', '/', '\"' and non-ASCII are not tchar); send it quoted: name=\"value\""
    )]
    InvalidValue,
    /// Something other than `,` after a complete value or token68.
    #[error("expected ',' or the end of the field after a complete value")]
    ExpectedComma,
    /// A list element that does not start with a token.
    #[error("expected an auth-scheme or parameter name (a token)")]
    ExpectedToken,
    /// The auth-scheme is separated from what follows by HTAB (RFC 9110 §11.3: 1*SP).
    #[error("auth-scheme is followed by HTAB; only SP may separate it from its parameters")]
    TabAfterScheme,
}

impl ChallengeErrorKind {
    /// Whether this is one of the harness's own size bounds rather than a grammar rule.
    /// RFC 9110 sets no limit, so exceeding ours is a robustness matter, not a violation.
    pub fn is_size_limit(&self) -> bool {
        matches!(
            self,
            ChallengeErrorKind::FieldTooLong { .. }
                | ChallengeErrorKind::TotalTooLong { .. }
                | ChallengeErrorKind::TooManyChallenges { .. }
                | ChallengeErrorKind::TooManyParams { .. }
        )
    }
}

/// A challenge list that does not parse, and where: the index of the field value in the
/// slice given to the parser and the byte offset inside it.
///
/// The lenient reading reports each deviation it forgave with the same type: the error the
/// strict parser would have returned at that point.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("WWW-Authenticate field {field}, byte {offset}: {kind}")]
pub struct ChallengeError {
    /// Index of the field value (header line) in the input slice.
    pub field: usize,
    /// Byte offset inside that field value.
    pub offset: usize,
    /// Which rule the input breaks there.
    pub kind: ChallengeErrorKind,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_field_offset_and_what_is_right() {
        let e = ChallengeError { field: 1, offset: 26, kind: ChallengeErrorKind::InvalidValue };
        let s = e.to_string();
        assert!(s.starts_with("WWW-Authenticate field 1, byte 26: "), "{s}");
        assert!(s.contains("name=\"value\""), "{s}");
        assert!(ChallengeErrorKind::TooManyParams { limit: 64 }.is_size_limit());
        assert!(!ChallengeErrorKind::ObsFold.is_size_limit());
    }
}
