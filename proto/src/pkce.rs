//! PKCE (RFC 7636; OAuth 2.1 §4.1.1, §4.1.3): code verifiers, challenges and methods.
//!
//! `code-verifier = 43*128unreserved` with `unreserved = ALPHA / DIGIT / "-" / "." / "_" /
//! "~"`; `S256` challenge = `BASE64URL(SHA256(ASCII(code_verifier)))` without padding, so
//! exactly 43 characters; method names are case-sensitive, and an absent method means
//! `plain` (RFC 7636 §4.3). Verifiers are [`Secret`]s: they unlock codes.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::finding::{Finding, Level, RequirementId};
use crate::secret::Secret;

/// Shortest code verifier (RFC 7636 §4.1).
pub const VERIFIER_MIN_LEN: usize = 43;
/// Longest code verifier (RFC 7636 §4.1).
pub const VERIFIER_MAX_LEN: usize = 128;
/// Length of an `S256` challenge: 32 octets in unpadded base64url.
pub const S256_CHALLENGE_LEN: usize = 43;
/// Random octets behind a generated verifier (RFC 7636 §4.1 recommends 32).
pub const VERIFIER_ENTROPY_OCTETS: usize = 32;

/// Which PKCE value an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PkceField {
    CodeVerifier,
    CodeChallenge,
    CodeChallengeMethod,
}

impl PkceField {
    /// The OAuth parameter name.
    pub fn as_str(self) -> &'static str {
        match self {
            PkceField::CodeVerifier => "code_verifier",
            PkceField::CodeChallenge => "code_challenge",
            PkceField::CodeChallengeMethod => "code_challenge_method",
        }
    }
}

impl fmt::Display for PkceField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is wrong with a PKCE value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PkceErrorKind {
    #[error("{len} characters is shorter than the minimum of {min}")]
    TooShort { len: usize, min: usize },
    #[error("{len} bytes is longer than the maximum of {max} characters")]
    TooLong { len: usize, max: usize },
    #[error("character {found:?} at byte {offset} is not allowed here")]
    IllegalCharacter { offset: usize, found: char },
    #[error("an S256 challenge is exactly {expected} characters, not {len}")]
    WrongLength { len: usize, expected: usize },
    #[error("not the canonical unpadded base64url encoding of 32 octets (stray trailing bits)")]
    NonCanonicalBase64,
    #[error("unknown method {method:?} (method names are case-sensitive: S256 or plain)")]
    UnknownMethod { method: String },
    #[error("the verifier does not transform to the challenge")]
    Mismatch,
}

/// A refused or non-matching PKCE value. Never contains the verifier itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {kind}")]
pub struct PkceError {
    pub field: PkceField,
    pub kind: PkceErrorKind,
}

impl PkceError {
    fn new(field: PkceField, kind: PkceErrorKind) -> Self {
        Self { field, kind }
    }

    /// Every PKCE rule here is a MUST of RFC 7636 / OAuth 2.1.
    pub fn level(&self) -> Level {
        Level::Must
    }

    /// This error as a finding against `requirement` (for example `C_PKCE_VERIFIER_FORMAT`
    /// for a malformed verifier, `C_PKCE_USED` or `AS_PKCE_VERIFY` for a mismatch).
    pub fn finding(&self, requirement: RequirementId) -> Finding {
        Finding::new(requirement, self.level(), self.to_string())
    }
}

fn is_unreserved(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')
}

/// Checks the verifier grammar `43*128unreserved`. Reads at most 129 characters of `input`.
fn check_verifier_grammar(input: &str, field: PkceField) -> Result<(), PkceError> {
    let mut count = 0;
    for (offset, found) in input.char_indices() {
        if count == VERIFIER_MAX_LEN {
            let kind = PkceErrorKind::TooLong { len: input.len(), max: VERIFIER_MAX_LEN };
            return Err(PkceError::new(field, kind));
        }
        if !is_unreserved(found) {
            return Err(PkceError::new(field, PkceErrorKind::IllegalCharacter { offset, found }));
        }
        count += 1;
    }
    if count < VERIFIER_MIN_LEN {
        let kind = PkceErrorKind::TooShort { len: count, min: VERIFIER_MIN_LEN };
        return Err(PkceError::new(field, kind));
    }
    Ok(())
}

/// A PKCE code verifier that satisfies RFC 7636 §4.1.
#[derive(Clone, PartialEq, Eq)]
pub struct CodeVerifier(Secret);

impl fmt::Debug for CodeVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CodeVerifier({:?})", self.0)
    }
}

impl CodeVerifier {
    /// A fresh verifier from 32 random octets: 43 unpadded base64url characters
    /// (RFC 7636 §4.1, 256 bits of entropy).
    pub fn generate(rng: &mut impl rand::RngCore) -> CodeVerifier {
        let mut octets = [0u8; VERIFIER_ENTROPY_OCTETS];
        rng.fill_bytes(&mut octets);
        CodeVerifier(Secret::new(URL_SAFE_NO_PAD.encode(octets)))
    }

    /// Validates `43*128unreserved`.
    pub fn parse(input: &str) -> Result<CodeVerifier, PkceError> {
        check_verifier_grammar(input, PkceField::CodeVerifier)?;
        Ok(CodeVerifier(Secret::new(input)))
    }

    /// The verifier, for the token request.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }

    pub fn as_secret(&self) -> &Secret {
        &self.0
    }
}

/// `code_challenge_method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeChallengeMethod {
    /// `S256`: `BASE64URL(SHA256(verifier))`; mandatory to implement (OAuth 2.1 §4.1.1).
    S256,
    /// `plain`: the challenge is the verifier.
    Plain,
}

impl CodeChallengeMethod {
    /// Exact, case-sensitive: `s256` is an unknown method, not `S256`.
    pub fn parse(input: &str) -> Result<CodeChallengeMethod, PkceError> {
        match input {
            "S256" => Ok(CodeChallengeMethod::S256),
            "plain" => Ok(CodeChallengeMethod::Plain),
            other => Err(PkceError::new(
                PkceField::CodeChallengeMethod,
                PkceErrorKind::UnknownMethod { method: other.chars().take(64).collect() },
            )),
        }
    }

    /// The method a request means: absent is `plain` (RFC 7636 §4.3).
    pub fn from_param(param: Option<&str>) -> Result<CodeChallengeMethod, PkceError> {
        param.map_or(Ok(CodeChallengeMethod::Plain), CodeChallengeMethod::parse)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CodeChallengeMethod::S256 => "S256",
            CodeChallengeMethod::Plain => "plain",
        }
    }
}

impl fmt::Display for CodeChallengeMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A syntactically valid `code_challenge` for its method.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CodeChallenge {
    value: String,
    method: CodeChallengeMethod,
}

impl CodeChallenge {
    /// The S256 challenge of `verifier`.
    pub fn s256(verifier: &CodeVerifier) -> CodeChallenge {
        CodeChallenge { value: s256_of(verifier.expose()), method: CodeChallengeMethod::S256 }
    }

    /// Validates `input` as a challenge of `method`: S256 is exactly 43 unpadded base64url
    /// characters encoding 32 octets; plain follows the verifier grammar.
    pub fn parse(input: &str, method: CodeChallengeMethod) -> Result<CodeChallenge, PkceError> {
        let field = PkceField::CodeChallenge;
        match method {
            CodeChallengeMethod::Plain => check_verifier_grammar(input, field)?,
            CodeChallengeMethod::S256 => {
                let alphabet = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
                if let Some((offset, found)) = input.char_indices().find(|&(_, c)| !alphabet(c)) {
                    let kind = PkceErrorKind::IllegalCharacter { offset, found };
                    return Err(PkceError::new(field, kind));
                }
                if input.len() != S256_CHALLENGE_LEN {
                    let kind = PkceErrorKind::WrongLength {
                        len: input.len(),
                        expected: S256_CHALLENGE_LEN,
                    };
                    return Err(PkceError::new(field, kind));
                }
                // 43 characters carry 258 bits; the last two must be zero, or no SHA-256
                // output encodes to this string.
                if URL_SAFE_NO_PAD.decode(input).is_err() {
                    return Err(PkceError::new(field, PkceErrorKind::NonCanonicalBase64));
                }
            }
        }
        Ok(CodeChallenge { value: input.to_owned(), method })
    }

    pub fn as_str(&self) -> &str {
        &self.value
    }

    pub fn method(&self) -> CodeChallengeMethod {
        self.method
    }
}

impl fmt::Display for CodeChallenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

fn s256_of(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Equality whose running time does not depend on where the inputs first differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Checks a token request's `code_verifier` against the stored challenge (RFC 7636 §4.6):
/// both must be well-formed, and the verifier must transform to the challenge.
pub fn verify(
    verifier: &str,
    challenge: &str,
    method: CodeChallengeMethod,
) -> Result<(), PkceError> {
    let verifier = CodeVerifier::parse(verifier)?;
    let challenge = CodeChallenge::parse(challenge, method)?;
    let transformed = match method {
        CodeChallengeMethod::S256 => s256_of(verifier.expose()),
        CodeChallengeMethod::Plain => verifier.expose().to_owned(),
    };
    if constant_time_eq(transformed.as_bytes(), challenge.as_str().as_bytes()) {
        Ok(())
    } else {
        Err(PkceError::new(PkceField::CodeVerifier, PkceErrorKind::Mismatch))
    }
}

/// C-PKCE-S256 for a client's authorization request: `None` when it sent
/// `code_challenge_method=S256`; otherwise a MUST finding (absent means `plain`; `plain`
/// is for constrained clients only; anything else is not a method).
pub fn client_method_finding(param: Option<&str>) -> Option<Finding> {
    let req = crate::requirements::C_PKCE_S256;
    let message = match param.map(CodeChallengeMethod::parse) {
        Some(Ok(CodeChallengeMethod::S256)) => return None,
        None => {
            "code_challenge_method is absent, which means plain (RFC 7636 §4.3); S256 is required"
                .to_owned()
        }
        Some(Ok(CodeChallengeMethod::Plain)) => {
            "code_challenge_method=plain; a client capable of S256 MUST use S256".to_owned()
        }
        Some(Err(e)) => format!("{e}; S256 is required"),
    };
    Some(Finding::new(req, Level::Must, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b_vector() {
        let v = CodeVerifier::parse("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
        assert_eq!(CodeChallenge::s256(&v).as_str(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    #[test]
    fn verifier_grammar_errors_carry_offsets() {
        let kind = |s: &str| CodeVerifier::parse(s).unwrap_err().kind;
        assert_eq!(kind(&"a".repeat(42)), PkceErrorKind::TooShort { len: 42, min: 43 });
        assert_eq!(kind(&"a".repeat(129)), PkceErrorKind::TooLong { len: 129, max: 128 });
        let mut bad = "a".repeat(50);
        bad.insert(10, '+');
        assert_eq!(kind(&bad), PkceErrorKind::IllegalCharacter { offset: 10, found: '+' });
        assert!(CodeVerifier::parse(&"~._-".repeat(32)).is_ok());
    }

    #[test]
    fn verifier_debug_is_redacted() {
        let v = CodeVerifier::parse("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
        assert!(!format!("{v:?}").contains("dBjftJeZ"));
    }

    #[test]
    fn constant_time_eq_is_equality() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
