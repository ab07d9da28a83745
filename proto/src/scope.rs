//! Scope strings (OAuth 2.1 §1.4.1, RFC 6750 §3): space-delimited, case-sensitive
//! scope-tokens, `scope-token = 1*( %x21 / %x23-5B / %x5D-7E )`.

use std::collections::BTreeSet;
use std::fmt;

/// Whether `byte` may appear in a scope-token.
pub fn is_scope_char(byte: u8) -> bool {
    matches!(byte, 0x21 | 0x23..=0x5B | 0x5D..=0x7E)
}

/// Whether `token` is one well-formed scope-token.
pub fn is_scope_token(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(is_scope_char)
}

/// Why a scope string is malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    #[error("scope string is empty")]
    Empty,
    #[error(
        "scope string has an empty scope-token (leading, trailing or doubled space) at byte {offset}"
    )]
    EmptyToken { offset: usize },
    #[error("character {found:?} at byte {offset} is not allowed in a scope-token")]
    IllegalCharacter { offset: usize, found: char },
}

/// A parsed scope string: the tokens in the order sent (duplicates kept, since a duplicate
/// is itself worth reporting), compared as a set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    tokens: Vec<String>,
}

impl Scope {
    /// Strict parse: exactly one SP between tokens, no empty tokens, only scope-token chars.
    pub fn parse(input: &str) -> Result<Scope, ScopeError> {
        if input.is_empty() {
            return Err(ScopeError::Empty);
        }
        let mut tokens = Vec::new();
        let mut offset = 0;
        for token in input.split(' ') {
            if token.is_empty() {
                return Err(ScopeError::EmptyToken { offset });
            }
            if let Some((i, found)) =
                token.char_indices().find(|&(_, c)| !c.is_ascii() || !is_scope_char(c as u8))
            {
                return Err(ScopeError::IllegalCharacter { offset: offset + i, found });
            }
            tokens.push(token.to_owned());
            offset += token.len() + 1;
        }
        Ok(Scope { tokens })
    }

    /// Builds a scope from tokens already known to be valid (for example from a mock's
    /// configuration). Invalid tokens are kept: callers that need validity use [`Scope::parse`].
    pub fn from_tokens<I: IntoIterator<Item = S>, S: Into<String>>(tokens: I) -> Scope {
        Scope { tokens: tokens.into_iter().map(Into::into).collect() }
    }

    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }

    /// The distinct tokens, sorted.
    pub fn set(&self) -> BTreeSet<&str> {
        self.tokens.iter().map(String::as_str).collect()
    }

    pub fn contains(&self, token: &str) -> bool {
        self.tokens.iter().any(|t| t == token)
    }

    /// Whether every token of `other` is in `self`.
    pub fn covers(&self, other: &Scope) -> bool {
        other.tokens.iter().all(|t| self.contains(t))
    }

    /// Tokens that appear more than once.
    pub fn duplicates(&self) -> BTreeSet<&str> {
        let mut seen = BTreeSet::new();
        self.tokens.iter().filter(|t| !seen.insert(t.as_str())).map(String::as_str).collect()
    }

    /// The union of two scopes, `self`'s tokens first, without repeats.
    pub fn union(&self, other: &Scope) -> Scope {
        let mut tokens: Vec<String> = Vec::new();
        for t in self.tokens.iter().chain(other.tokens.iter()) {
            if !tokens.contains(t) {
                tokens.push(t.clone());
            }
        }
        Scope { tokens }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tokens.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_space_delimited_tokens_with_rfc6750_charset() {
        let s = Scope::parse("files:read a,b;c/d").unwrap();
        assert_eq!(s.tokens(), ["files:read", "a,b;c/d"]);
        assert_eq!(s.to_string(), "files:read a,b;c/d");
        assert_eq!(Scope::parse(""), Err(ScopeError::Empty));
        assert_eq!(Scope::parse("a  b"), Err(ScopeError::EmptyToken { offset: 2 }));
        assert_eq!(Scope::parse(" a"), Err(ScopeError::EmptyToken { offset: 0 }));
        assert_eq!(
            Scope::parse("a\"b"),
            Err(ScopeError::IllegalCharacter { offset: 1, found: '"' })
        );
        assert_eq!(
            Scope::parse("a\\b"),
            Err(ScopeError::IllegalCharacter { offset: 1, found: '\\' })
        );
        assert!(matches!(Scope::parse("a\tb"), Err(ScopeError::IllegalCharacter { .. })));
        assert!(matches!(
            Scope::parse("caf\u{e9}"),
            Err(ScopeError::IllegalCharacter { offset: 3, .. })
        ));
    }

    #[test]
    fn set_operations_are_case_sensitive() {
        let granted = Scope::parse("files:read files:write").unwrap();
        assert!(granted.covers(&Scope::parse("files:write").unwrap()));
        assert!(!granted.covers(&Scope::parse("Files:write").unwrap()));
        let u = Scope::parse("a b").unwrap().union(&Scope::parse("b c").unwrap());
        assert_eq!(u.to_string(), "a b c");
        assert_eq!(
            Scope::parse("a b a").unwrap().duplicates().into_iter().collect::<Vec<_>>(),
            ["a"]
        );
    }
}
