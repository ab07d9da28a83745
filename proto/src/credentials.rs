//! `Authorization` request header values: generic RFC 9110 §11.4 credentials and the
//! strict RFC 6750 §2.1 / OAuth 2.1 §5.1.1 Bearer form.
//!
//! Everything after the scheme is a secret. Errors name a position and a kind, never a
//! byte of the input past the scheme, and `Debug` of the parsed values is redacted; the
//! tests in `tests/credentials.rs` hold both to that.
//!
//! Input is a field value as HTTP hands it over: leading and trailing SP/HTAB are not part
//! of a field value (RFC 9110 §5.5) and are ignored here too.

use std::fmt;

use crate::challenge::{AuthParam, ChallengeErrorKind};
use crate::limits::MAX_HEADER_FIELD_BYTES;
use crate::secret::Secret;

/// Longest scheme name kept in an error, in bytes.
const MAX_SCHEME_IN_ERROR: usize = 64;

/// Parsed RFC 9110 §11.4 credentials: `auth-scheme [ 1*SP ( token68 / #auth-param ) ]`.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The scheme as sent; compare with [`Credentials::scheme_is`].
    pub scheme: String,
    /// The token68 (Basic, Bearer, …), when present.
    pub token68: Option<Secret>,
    /// Auth-params (Digest, …), when present. Values may be secret: `Debug` hides them.
    pub params: Vec<AuthParam>,
}

impl Credentials {
    /// Whether the scheme is `scheme`, ignoring ASCII case.
    pub fn scheme_is(&self, scheme: &str) -> bool {
        self.scheme.eq_ignore_ascii_case(scheme)
    }

    /// Whether the scheme is `Bearer` (any case).
    pub fn is_bearer(&self) -> bool {
        self.scheme_is("Bearer")
    }

    /// The value of the first param named `name`, ignoring ASCII case.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|p| p.name_is(name)).map(|p| p.value.as_str())
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.params.iter().map(|p| p.name.as_str()).collect();
        f.debug_struct("Credentials")
            .field("scheme", &self.scheme)
            .field("token68", &self.token68)
            .field("param_names", &names)
            .finish_non_exhaustive()
    }
}

/// Why a value is not RFC 9110 §11.4 credentials.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialsErrorKind {
    #[error("empty value; expected `<scheme> <credentials>`")]
    Empty,
    #[error("value is {len} bytes, more than the {limit}-byte bound")]
    TooLong { len: usize, limit: usize },
    /// A comma followed by a second scheme: `Authorization` carries one credentials value.
    #[error("more than one set of credentials; Authorization carries exactly one")]
    MultipleCredentials,
    /// The challenge grammar, which credentials share, is broken (see the kind).
    #[error("{0}")]
    Syntax(ChallengeErrorKind),
}

/// A value that is not RFC 9110 §11.4 credentials, and the byte where that shows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Authorization credentials, byte {offset}: {kind}")]
pub struct CredentialsError {
    /// Byte offset in the value as given.
    pub offset: usize,
    pub kind: CredentialsErrorKind,
}

/// Strips the OWS that is not part of a field value; returns the rest and its offset.
fn trim_ows(value: &[u8]) -> (&[u8], usize) {
    let start = value.iter().position(|&b| b != b' ' && b != b'\t').unwrap_or(value.len());
    let end = value.iter().rposition(|&b| b != b' ' && b != b'\t').map_or(start, |i| i + 1);
    (value.get(start..end).unwrap_or_default(), start)
}

/// Parses an `Authorization` value as RFC 9110 §11.4 credentials (any scheme, scheme
/// compared case-insensitively). Uses the strict challenge grammar, and additionally
/// refuses a leading comma, a second scheme, and a comma after a token68.
pub fn parse_credentials(value: &[u8]) -> Result<Credentials, CredentialsError> {
    let err = |offset, kind| CredentialsError { offset, kind };
    if value.len() > MAX_HEADER_FIELD_BYTES {
        let kind =
            CredentialsErrorKind::TooLong { len: value.len(), limit: MAX_HEADER_FIELD_BYTES };
        return Err(err(MAX_HEADER_FIELD_BYTES, kind));
    }
    let (trimmed, start) = trim_ows(value);
    match trimmed.first() {
        None => return Err(err(0, CredentialsErrorKind::Empty)),
        Some(b',') => {
            return Err(err(
                start,
                CredentialsErrorKind::Syntax(ChallengeErrorKind::ExpectedToken),
            ));
        }
        Some(_) => {}
    }
    let outcome = crate::challenge::parse::read(&[trimmed], crate::challenge::parse::Mode::Strict)
        .map_err(|e| {
            let kind = match e.kind {
                ChallengeErrorKind::TooManyChallenges { .. } => {
                    CredentialsErrorKind::MultipleCredentials
                }
                other => CredentialsErrorKind::Syntax(other),
            };
            err(start + e.offset, kind)
        })?;
    if let Some(&(_, second)) = outcome.starts.get(1) {
        return Err(err(start + second, CredentialsErrorKind::MultipleCredentials));
    }
    let Some(challenge) = outcome.challenges.into_iter().next() else {
        return Err(err(start, CredentialsErrorKind::Empty));
    };
    if challenge.token68.is_some() && trimmed.last() == Some(&b',') {
        let kind = CredentialsErrorKind::Syntax(ChallengeErrorKind::ExpectedComma);
        return Err(err(start + trimmed.len() - 1, kind));
    }
    Ok(Credentials {
        scheme: challenge.scheme,
        token68: challenge.token68.map(Secret::new),
        params: challenge.params,
    })
}

/// A bearer access token taken from an `Authorization` header. `Debug` is redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BearerToken(Secret);

impl BearerToken {
    /// The token as a [`Secret`].
    pub fn secret(&self) -> &Secret {
        &self.0
    }

    /// The token itself. Call only to compare it or to send it on.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }

    /// Gives up the wrapper, keeping the token redacted.
    pub fn into_secret(self) -> Secret {
        self.0
    }
}

/// Why a value is not `Bearer 1*SP b64token`. No kind carries any byte of the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BearerErrorKind {
    #[error("empty value; expected `Bearer <token>`")]
    Empty,
    #[error("value is {len} bytes, more than the {limit}-byte bound")]
    TooLong { len: usize, limit: usize },
    /// Another scheme (the scheme name is not secret; the credentials after it are).
    #[error("scheme is {scheme:?}, not Bearer")]
    NotBearer { scheme: String },
    /// A single word without scheme: possibly a token sent bare, so it is not echoed.
    #[error("a single word with no scheme; expected `Bearer <token>`")]
    MissingScheme,
    #[error("`Bearer` with no token after it")]
    MissingToken,
    #[error("`Bearer` is followed by '=' (write `Bearer <token>`, with a space)")]
    EqualsAfterScheme,
    #[error("HTAB separates the scheme from the token; RFC 6750 §2.1 allows only SP")]
    TabSeparator,
    #[error("token is quoted; b64token is sent without quotes")]
    QuotedToken,
    #[error("character not allowed in a b64token (ALPHA DIGIT - . _ ~ + / then '=' padding)")]
    IllegalCharacter,
    #[error("content after the token (a space or comma); exactly one token is allowed")]
    TrailingContent,
    #[error("control character (CR, LF, NUL, other CTL or DEL)")]
    ControlCharacter,
    #[error("non-ASCII byte")]
    NonAscii,
}

/// A value that is not strict Bearer credentials, and the byte where that shows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Authorization Bearer credentials, byte {offset}: {kind}")]
pub struct BearerError {
    /// Byte offset in the value as given (the only hint at where the problem is).
    pub offset: usize,
    pub kind: BearerErrorKind,
}

/// Whether `s` is an RFC 6750 §2.1 b64token.
pub fn is_b64token(s: &str) -> bool {
    crate::challenge::chars::is_token68(s)
}

/// Classifies an unexpected byte: control and non-ASCII bytes have kinds of their own.
fn unexpected(byte: u8, otherwise: BearerErrorKind) -> BearerErrorKind {
    if crate::challenge::chars::is_ctl(byte) || byte == b'\t' {
        BearerErrorKind::ControlCharacter
    } else if !byte.is_ascii() {
        BearerErrorKind::NonAscii
    } else {
        otherwise
    }
}

/// Parses `Authorization: Bearer 1*SP b64token` strictly (RFC 6750 §2.1, OAuth 2.1 §5.1.1;
/// scheme case-insensitive per RFC 9110 §11.1; several SP allowed).
pub fn parse_bearer(value: &[u8]) -> Result<BearerToken, BearerError> {
    let err = |offset, kind| Err(BearerError { offset, kind });
    if value.len() > MAX_HEADER_FIELD_BYTES {
        let kind = BearerErrorKind::TooLong { len: value.len(), limit: MAX_HEADER_FIELD_BYTES };
        return err(MAX_HEADER_FIELD_BYTES, kind);
    }
    let (v, base) = trim_ows(value);
    let at = |i: usize| base + i;
    let scheme_len =
        v.iter().position(|&b| !crate::challenge::chars::is_tchar(b)).unwrap_or(v.len());
    let scheme = v.get(..scheme_len).unwrap_or_default();
    let is_bearer = scheme.eq_ignore_ascii_case(b"Bearer");
    let next = v.get(scheme_len).copied();
    match next {
        _ if v.is_empty() => return err(0, BearerErrorKind::Empty),
        Some(b) if scheme_len == 0 => {
            return err(at(0), unexpected(b, BearerErrorKind::IllegalCharacter));
        }
        None if is_bearer => return err(at(scheme_len), BearerErrorKind::MissingToken),
        None => return err(at(0), BearerErrorKind::MissingScheme),
        Some(b' ' | b'\t') if !is_bearer => {
            let mut name = String::from_utf8_lossy(scheme).into_owned();
            name.truncate(MAX_SCHEME_IN_ERROR);
            return err(at(0), BearerErrorKind::NotBearer { scheme: name });
        }
        Some(b'=') if is_bearer => return err(at(scheme_len), BearerErrorKind::EqualsAfterScheme),
        Some(b' ' | b'\t') => {}
        Some(b) => return err(at(scheme_len), unexpected(b, BearerErrorKind::IllegalCharacter)),
    }
    let mut i = scheme_len;
    while let Some(&b) = v.get(i) {
        match b {
            b' ' => i += 1,
            b'\t' => return err(at(i), BearerErrorKind::TabSeparator),
            _ => break,
        }
    }
    let token_start = i;
    while v.get(i).copied().is_some_and(crate::challenge::chars::is_token68_char) {
        i += 1;
    }
    match v.get(i).copied() {
        Some(b'"') if i == token_start => return err(at(i), BearerErrorKind::QuotedToken),
        Some(b) if i == token_start => {
            return err(at(i), unexpected(b, BearerErrorKind::IllegalCharacter));
        }
        _ => {}
    }
    while v.get(i) == Some(&b'=') {
        i += 1;
    }
    match v.get(i).copied() {
        None => {}
        Some(b' ' | b'\t' | b',') => return err(at(i), BearerErrorKind::TrailingContent),
        Some(b) => return err(at(i), unexpected(b, BearerErrorKind::IllegalCharacter)),
    }
    let token = v.get(token_start..).unwrap_or_default();
    Ok(BearerToken(Secret::new(String::from_utf8_lossy(token).into_owned())))
}

/// `Bearer <token>`, the header value for a well-formed token. Does not check the token:
/// use [`is_b64token`] first, or send a malformed one on purpose.
pub fn bearer_header(token: &str) -> String {
    format!("Bearer {token}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6750_s2_1_accepts_padding_and_several_spaces() {
        assert_eq!(parse_bearer(b"Bearer  abc.DEF-_~+/==").unwrap().expose(), "abc.DEF-_~+/==");
        assert_eq!(parse_bearer(bearer_header("t0k").as_bytes()).unwrap().expose(), "t0k");
        assert!(is_b64token("a=="));
        assert!(!is_b64token("=a"));
    }

    #[test]
    fn error_kinds_are_positioned() {
        let e = |s: &[u8]| parse_bearer(s).unwrap_err();
        assert_eq!(
            e(b"Bearer a=b"),
            BearerError { offset: 9, kind: BearerErrorKind::IllegalCharacter }
        );
        assert_eq!(e(b"Bearer a\x7f").kind, BearerErrorKind::ControlCharacter);
        assert_eq!(e(b"Bearer a\tb").kind, BearerErrorKind::TrailingContent);
        assert_eq!(e(b"  ").kind, BearerErrorKind::Empty);
        assert_eq!(e(b"\"Bearer\" a").kind, BearerErrorKind::IllegalCharacter);
        assert_eq!(e(b"Bearer/ a").kind, BearerErrorKind::IllegalCharacter);
    }

    #[test]
    fn rfc9110_s11_4_generic_credentials() {
        let c = parse_credentials(b"Digest username=\"u\", response=\"r\"").unwrap();
        assert!(c.scheme_is("digest"));
        assert_eq!(c.param("USERNAME"), Some("u"));
        assert!(!format!("{c:?}").contains("\"r\""));
        let b = parse_credentials(b"bearer abc==").unwrap();
        assert!(b.is_bearer());
        assert_eq!(b.token68.unwrap().expose(), "abc==");
        let kind = |s: &[u8]| parse_credentials(s).unwrap_err().kind;
        assert_eq!(kind(b""), CredentialsErrorKind::Empty);
        assert_eq!(kind(b"Basic a, Bearer b"), CredentialsErrorKind::MultipleCredentials);
        assert_eq!(
            kind(b"Basic abc,"),
            CredentialsErrorKind::Syntax(ChallengeErrorKind::ExpectedComma)
        );
        assert_eq!(
            kind(b", Basic abc"),
            CredentialsErrorKind::Syntax(ChallengeErrorKind::ExpectedToken)
        );
    }
}
