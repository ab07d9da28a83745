//! The construction property every discovery URL must keep, as a pure function so the
//! proptests and the fuzz target check the same thing: for every accepted identifier, every
//! URL built from it has exactly the input's `scheme://authority` (never another origin) and
//! carries the input's path bytes unchanged, in the place its construction puts them.

use crate::discovery::as_metadata::{
    Construction, MetadataKind, as_metadata_03, as_metadata_traps, as_metadata_url,
};
use crate::discovery::identifier::{IssuerIdentifier, ResourceIdentifier};
use crate::discovery::prm::{
    TrailingSlash, prm_well_known_path_inserted_with, prm_well_known_root,
};
use crate::discovery::{OAUTH_AS_SUFFIX, PRM_SUFFIX};
use crate::uri::Uri;

/// Which part of the property a constructed URL broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Invariant {
    /// The URL does not split as an absolute URI.
    Unparsable,
    /// Its scheme or authority differs from the identifier's.
    OriginChanged,
    /// Its path is not the identifier's path placed where the construction puts it.
    PathChanged,
    /// Its query is not the identifier's (path-inserted PRM) or not absent (elsewhere).
    QueryChanged,
}

/// A constructed URL that broke the property.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("URL {url:?} built from {input:?} breaks the construction property: {broken:?}")]
pub struct InvariantViolation {
    pub input: String,
    pub url: String,
    pub broken: Invariant,
}

struct Expect<'a> {
    url: String,
    path: String,
    query: Option<&'a str>,
}

fn check_one(input: &Uri, expect: &Expect<'_>) -> Result<(), Invariant> {
    let url = Uri::parse(&expect.url).map_err(|_| Invariant::Unparsable)?;
    if url.scheme() != input.scheme()
        || url.authority() != input.authority()
        || url.userinfo().is_some()
    {
        return Err(Invariant::OriginChanged);
    }
    if url.path() != expect.path || url.fragment().is_some() {
        return Err(Invariant::PathChanged);
    }
    if url.query() != expect.query {
        return Err(Invariant::QueryChanged);
    }
    Ok(())
}

fn resource_expectations(r: &ResourceIdentifier) -> Vec<Expect<'_>> {
    let path = r.path();
    let literal = if path == "/" { "" } else { path };
    let stripped = path.strip_suffix('/').unwrap_or(path);
    let d03 = as_metadata_03(r);
    let mut out = vec![
        Expect {
            url: prm_well_known_path_inserted_with(r, TrailingSlash::Rfc9728Literal),
            path: format!("{PRM_SUFFIX}{literal}"),
            query: r.query(),
        },
        Expect {
            url: prm_well_known_path_inserted_with(r, TrailingSlash::Rfc8414Stripped),
            path: format!("{PRM_SUFFIX}{stripped}"),
            query: r.query(),
        },
        Expect { url: prm_well_known_root(r), path: PRM_SUFFIX.to_owned(), query: None },
        Expect { url: d03.metadata_url, path: OAUTH_AS_SUFFIX.to_owned(), query: None },
    ];
    for (url, p) in [
        (d03.authorization_endpoint, "/authorize"),
        (d03.token_endpoint, "/token"),
        (d03.registration_endpoint, "/register"),
    ] {
        out.push(Expect { url, path: p.to_owned(), query: None });
    }
    out
}

fn issuer_expectations(i: &IssuerIdentifier) -> Vec<Expect<'static>> {
    let path = i.path_without_trailing_slash();
    let mut out = Vec::new();
    for kind in [MetadataKind::OAuth, MetadataKind::OpenId] {
        out.push(Expect {
            url: as_metadata_url(i, kind, Construction::Inserted),
            path: format!("{}{path}", kind.suffix()),
            query: None,
        });
        out.push(Expect {
            url: as_metadata_url(i, kind, Construction::Appended),
            path: format!("{path}{}", kind.suffix()),
            query: None,
        });
    }
    let traps = as_metadata_traps(i);
    let trap_paths = [OAUTH_AS_SUFFIX.to_owned(), format!("{path}{OAUTH_AS_SUFFIX}")];
    for (url, p) in traps.into_iter().zip(trap_paths) {
        out.push(Expect { url, path: p, query: None });
    }
    out
}

/// Builds every discovery URL `input` yields as a resource identifier and as an issuer, and
/// checks the property on each. Returns how many URLs were checked (0 when `input` is
/// neither a valid resource nor a valid issuer identifier).
pub fn check_construction_invariants(input: &str) -> Result<usize, InvariantViolation> {
    let mut checked = 0;
    let fail = |url: &str, broken| InvariantViolation {
        input: input.chars().take(200).collect(),
        url: url.chars().take(400).collect(),
        broken,
    };
    if let Ok(r) = ResourceIdentifier::parse(input) {
        for e in resource_expectations(&r) {
            check_one(r.uri(), &e).map_err(|b| fail(&e.url, b))?;
            checked += 1;
        }
    }
    if let Ok(i) = IssuerIdentifier::parse(input) {
        for e in issuer_expectations(&i) {
            check_one(i.uri(), &e).map_err(|b| fail(&e.url, b))?;
            checked += 1;
        }
    }
    Ok(checked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_for_tricky_but_valid_identifiers() {
        for input in [
            "https://[2001:db8::1]:8443/a%2Fb/./../mcp/?q=%2F",
            "https://Example.COM:/mcp",
            "http://127.0.0.1:9/",
            "https://h",
        ] {
            assert!(check_construction_invariants(input).unwrap() > 0, "{input}");
        }
        assert_eq!(check_construction_invariants("https://h/#f").unwrap(), 0);
    }
}
