//! Where things are: the MCP endpoint path, the PRM paths served, and the
//! `resource_metadata` URL the challenge advertises, all derived once from the resource
//! identifier and `prm_locations`.
//!
//! URLs are built from the resource identifier's own `scheme://authority` and path bytes
//! (proto's [`Uri`] splits without normalising), never from request headers, so a `Host` or
//! `X-Forwarded-Host` cannot rewrite what the server advertises (RS-WWWAUTH-HOST-INJECTION)
//! — unless the server has `RsFlaw::ReflectForwardedHost`, which uses
//! [`Locations::header_url_at`].

use mcp_auth_proto::Uri;
use mcp_auth_proto::discovery::PRM_SUFFIX;

use crate::config::PrmLocation;

/// The server's URL layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Locations {
    /// `scheme://authority` of the resource identifier, exactly as given.
    origin: String,
    /// The MCP endpoint's path (`/` when the identifier has none).
    mcp_path: String,
    /// Every path PRM is served at, without duplicates.
    prm_paths: Vec<String>,
    /// The `resource_metadata` value, when the challenge carries one.
    header_url: Option<String>,
}

impl Locations {
    pub(crate) fn new(resource: &str, prm_locations: &[PrmLocation]) -> Locations {
        let (origin, path) = split(resource);
        let mcp_path = if path.is_empty() { "/".to_owned() } else { path.clone() };
        // RFC 9728 §3.1: a path of exactly `/` is dropped before insertion.
        let inserted_path = if path == "/" { "" } else { path.as_str() };
        let path_inserted = format!("{PRM_SUFFIX}{inserted_path}");
        let custom = prm_locations.iter().find_map(|location| match location {
            PrmLocation::Custom(p) => Some(absolute_path(p)),
            _ => None,
        });
        let mut prm_paths: Vec<String> = Vec::new();
        let mut add = |p: String| {
            if !prm_paths.contains(&p) {
                prm_paths.push(p);
            }
        };
        for location in prm_locations {
            match location {
                PrmLocation::PathInserted => {
                    add(path_inserted.clone());
                    // Ambiguity A2: clients that strip a terminating `/` (RFC 8414 style)
                    // ask for this form; mocks serve both.
                    if let Some(stripped) = path_inserted.strip_suffix('/')
                        && stripped.len() > PRM_SUFFIX.len()
                    {
                        add(stripped.to_owned());
                    }
                }
                PrmLocation::Root => add(PRM_SUFFIX.to_owned()),
                PrmLocation::Custom(p) => add(absolute_path(p)),
                // The header names a URL, so that URL must answer even when the
                // path-inserted location is not otherwise listed.
                PrmLocation::Header => add(custom.clone().unwrap_or_else(|| path_inserted.clone())),
            }
        }
        let header_url = prm_locations
            .contains(&PrmLocation::Header)
            .then(|| format!("{origin}{}", custom.as_deref().unwrap_or(&path_inserted)));
        Locations { origin, mcp_path, prm_paths, header_url }
    }

    pub(crate) fn origin(&self) -> &str {
        &self.origin
    }

    pub(crate) fn mcp_path(&self) -> &str {
        &self.mcp_path
    }

    pub(crate) fn prm_paths(&self) -> &[String] {
        &self.prm_paths
    }

    pub(crate) fn header_url(&self) -> Option<&str> {
        self.header_url.as_deref()
    }

    /// The `resource_metadata` URL with its authority replaced by `authority`, taken as
    /// given: what a server that builds URLs from `Host` advertises. Only
    /// `RsFlaw::ReflectForwardedHost` uses it.
    pub(crate) fn header_url_at(&self, authority: &str) -> Option<String> {
        let url = self.header_url.as_deref()?;
        let path = url.strip_prefix(self.origin.as_str()).unwrap_or_default();
        let scheme = self.origin.split("://").next().unwrap_or("http");
        Some(format!("{scheme}://{authority}{path}"))
    }

    pub(crate) fn is_prm_path(&self, path: &str) -> bool {
        self.prm_paths.iter().any(|p| p == path)
    }

    /// The absolute URL of `path` (which may carry a query) on this server.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }
}

/// `scheme://authority` and the path of `resource`. A string that is not an absolute URI
/// with an authority is split by hand, so a bad identifier still yields a working (if
/// odd) server rather than a panic; the PRM validator then reports it.
fn split(resource: &str) -> (String, String) {
    if let Ok(uri) = Uri::parse(resource)
        && let Some(origin) = uri.origin()
    {
        return (origin, uri.path().to_owned());
    }
    let after_scheme = resource.find("://").map_or(0, |i| i + 3);
    let rest = resource.get(after_scheme..).unwrap_or_default();
    let end = rest.find(['/', '?', '#']).map_or(resource.len(), |i| after_scheme + i);
    let origin = resource.get(..end).unwrap_or_default().to_owned();
    let tail = resource.get(end..).unwrap_or_default();
    let path = tail.split(['?', '#']).next().unwrap_or_default().to_owned();
    (origin, path)
}

/// A configured custom location as a path: a leading `/` is added when missing.
fn absolute_path(path: &str) -> String {
    if path.starts_with('/') { path.to_owned() } else { format!("/{path}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: &str = "http://127.0.0.1:8080/mcp";

    #[test]
    fn default_locations_serve_the_path_inserted_url_and_advertise_it() {
        let l = Locations::new(R, &[PrmLocation::Header, PrmLocation::PathInserted]);
        assert_eq!(l.mcp_path(), "/mcp");
        assert_eq!(l.prm_paths(), ["/.well-known/oauth-protected-resource/mcp"]);
        assert_eq!(
            l.header_url(),
            Some("http://127.0.0.1:8080/.well-known/oauth-protected-resource/mcp")
        );
    }

    #[test]
    fn a_reflected_authority_replaces_only_the_authority() {
        let l = Locations::new(R, &[PrmLocation::Header]);
        assert_eq!(
            l.header_url_at("evil.example").as_deref(),
            Some("http://evil.example/.well-known/oauth-protected-resource/mcp")
        );
        assert_eq!(Locations::new(R, &[PrmLocation::Root]).header_url_at("evil.example"), None);
    }

    #[test]
    fn header_points_at_the_custom_location_and_that_is_served() {
        let l = Locations::new(
            R,
            &[PrmLocation::Header, PrmLocation::Custom("custom/metadata.json".into())],
        );
        assert_eq!(l.header_url(), Some("http://127.0.0.1:8080/custom/metadata.json"));
        assert_eq!(l.prm_paths(), ["/custom/metadata.json"]);
        assert!(!l.is_prm_path("/.well-known/oauth-protected-resource/mcp"));
    }

    #[test]
    fn header_alone_still_serves_the_url_it_names() {
        let l = Locations::new(R, &[PrmLocation::Header]);
        assert!(l.is_prm_path("/.well-known/oauth-protected-resource/mcp"));
        let root = Locations::new(R, &[PrmLocation::Root]);
        assert_eq!(root.header_url(), None);
        assert_eq!(root.prm_paths(), ["/.well-known/oauth-protected-resource"]);
    }

    #[test]
    fn trailing_slash_and_root_resources() {
        let l = Locations::new("http://127.0.0.1:1/mcp/", &[PrmLocation::PathInserted]);
        assert_eq!(
            l.prm_paths(),
            [
                "/.well-known/oauth-protected-resource/mcp/",
                "/.well-known/oauth-protected-resource/mcp"
            ]
        );
        let root = Locations::new("http://127.0.0.1:1/", &[PrmLocation::PathInserted]);
        assert_eq!(root.mcp_path(), "/");
        assert_eq!(root.prm_paths(), ["/.well-known/oauth-protected-resource"]);
        let bare = Locations::new("http://127.0.0.1:1", &[PrmLocation::PathInserted]);
        assert_eq!(bare.mcp_path(), "/");
    }

    #[test]
    fn unparseable_identifiers_are_split_by_hand() {
        assert_eq!(split("http://h:1/a b?q"), ("http://h:1".into(), "/a b".into()));
        assert_eq!(split("no-scheme"), ("no-scheme".into(), String::new()));
    }
}
