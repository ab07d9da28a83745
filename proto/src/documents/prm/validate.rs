//! The `RS-PRM-*` rules applied to one Protected Resource Metadata document.
//!
//! Members are checked in the order of RFC 9728 §2, so findings come out in a stable order
//! for any document.

use crate::documents::Document;
use crate::documents::checks::{Findings, Rule, UrlProblem, UrlRule};
use crate::finding::{Finding, JsonPath, Level};
use crate::member::Member;
use crate::requirements::{
    RS_PRM_AS_NONEMPTY, RS_PRM_BEARER_METHODS, RS_PRM_HTTPS, RS_PRM_RESOURCE, RS_PRM_SCOPES,
    RS_PRM_TYPES,
};
use crate::scope::is_scope_token;
use crate::spec_version::SpecVersion;
use crate::uri::Uri;

use super::support::{self, member_path};
use super::{LANGUAGE_TAGGED_MEMBERS, PrmContext, ProtectedResourceMetadata, ResourceProfile};
use crate::documents::checks::quoted;

const TYPES: Rule = Rule::new(RS_PRM_TYPES, Level::Must);
const HTTPS: Rule = Rule::new(RS_PRM_HTTPS, Level::Must);
const RESOURCE: Rule = Rule::new(RS_PRM_RESOURCE, Level::Must);
const STRINGS: &str = "an array of strings (RFC 9728 §2)";

/// Judges `doc` against the `RS-PRM-*` rows. Never panics; findings are in a fixed order.
pub fn validate(doc: &Document<ProtectedResourceMetadata>, ctx: &PrmContext) -> Vec<Finding> {
    let m = &doc.typed;
    let mut f = Findings::new();
    check_resource(&mut f, &m.resource, ctx);
    check_authorization_servers(&mut f, m, ctx.spec_version);
    check_jwks_uri(&mut f, &m.jwks_uri);
    check_scopes(&mut f, &m.scopes_supported, ctx.spec_version);
    check_bearer_methods(&mut f, &m.bearer_methods_supported);
    check_algorithms(
        &mut f,
        &m.resource_signing_alg_values_supported,
        "resource_signing_alg_values_supported",
        "RFC 9728 §2",
    );
    support::typed(&mut f, &m.resource_name, TYPES, "resource_name", "a string (RFC 9728 §2)");
    for (name, member) in [
        ("resource_documentation", &m.resource_documentation),
        ("resource_policy_uri", &m.resource_policy_uri),
        ("resource_tos_uri", &m.resource_tos_uri),
    ] {
        if let Some(link) =
            support::typed(&mut f, member, TYPES, name, "a URL string (RFC 9728 §2)")
        {
            check_link(&mut f, name, link, &member_path(name));
        }
    }
    support::typed(
        &mut f,
        &m.tls_client_certificate_bound_access_tokens,
        TYPES,
        "tls_client_certificate_bound_access_tokens",
        "a boolean (RFC 9728 §2)",
    );
    support::array(
        &mut f,
        &m.authorization_details_types_supported,
        TYPES,
        "authorization_details_types_supported",
        "an array of strings (RFC 9728 §2)",
        false,
    );
    check_algorithms(
        &mut f,
        &m.dpop_signing_alg_values_supported,
        "dpop_signing_alg_values_supported",
        "RFC 9728 §2",
    );
    support::typed(
        &mut f,
        &m.dpop_bound_access_tokens_required,
        TYPES,
        "dpop_bound_access_tokens_required",
        "a boolean (RFC 9728 §2)",
    );
    if let Some(jwt) = support::typed(
        &mut f,
        &m.signed_metadata,
        TYPES,
        "signed_metadata",
        "a string holding a JWT (RFC 9728 §2.2)",
    ) {
        super::signed::check(&mut f, jwt, &member_path("signed_metadata"));
    }
    support::check_language_tagged(
        &mut f,
        &m.extra,
        &LANGUAGE_TAGGED_MEMBERS,
        TYPES,
        "RFC 9728 §2.1",
        |f, base, value, path| {
            if base != "resource_name" {
                check_link(f, base, value, path);
            }
        },
    );
    f.into_vec()
}

fn check_resource(f: &mut Findings, member: &Member<super::ResourceId>, ctx: &PrmContext) {
    support::require(f, member, RESOURCE, "resource", "RFC 9728 §2");
    let Some(resource) = support::typed(f, member, RESOURCE, "resource", "a string (RFC 9728 §2)")
    else {
        return;
    };
    let path = member_path("resource");
    support::url(f, resource.as_str(), UrlRule::IDENTIFIER, &path, "resource", |p| match p {
        UrlProblem::NotHttp { .. } | UrlProblem::Cleartext | UrlProblem::CleartextOnLoopback => {
            (HTTPS, " (RFC 9728 §1.2: the resource identifier is an https URL)")
        }
        UrlProblem::HasQuery => (
            Rule::new(RS_PRM_RESOURCE, Level::Should),
            ", which a resource identifier should not have (RFC 9728 §1.2, RFC 8707 §2)",
        ),
        _ => (RESOURCE, " (RFC 9728 §1.2)"),
    });
    if let Some(expected) = &ctx.expected_resource {
        compare_resource(f, resource.as_str(), expected, ctx.profile, &path);
    }
}

/// RFC 9728 §3.3: `resource` must be identical to the identifier the document was fetched
/// for. The lenient profile tolerates the near-misses MCP SDKs accept, at `Info`.
fn compare_resource(
    f: &mut Findings,
    actual: &str,
    expected: &str,
    profile: ResourceProfile,
    path: &JsonPath,
) {
    if actual == expected {
        return;
    }
    let (a, e) = (quoted(actual), quoted(expected));
    match (near_match(actual, expected), profile) {
        (Some(why), ResourceProfile::McpLenient) => f.report(
            Rule::new(RS_PRM_RESOURCE, Level::Info),
            path,
            format!(
                "resource {a} is not identical to {e} ({why}); accepted by the MCP-lenient profile; strict RFC 9728 §3.3 requires identical"
            ),
        ),
        (Some(why), ResourceProfile::Strict) => f.report(
            RESOURCE,
            path,
            format!(
                "resource {a} is not identical to the resource identifier {e} ({why}); RFC 9728 §3.3 requires identical strings, so a client must not use this document (the MCP-lenient profile would accept it)"
            ),
        ),
        (None, _) => f.report(
            RESOURCE,
            path,
            format!(
                "resource {a} is not identical to the resource identifier {e} the metadata was fetched for; RFC 9728 §3.3: a client must not use this document"
            ),
        ),
    }
}

/// Why `actual` is close enough to `expected` for the lenient profile, if it is.
fn near_match(actual: &str, expected: &str) -> Option<&'static str> {
    let (a, e) = (Uri::parse(actual).ok()?, Uri::parse(expected).ok()?);
    a.authority()?;
    e.authority()?;
    let same_but_case = a.scheme().eq_ignore_ascii_case(e.scheme())
        && a.host().eq_ignore_ascii_case(e.host())
        && (a.userinfo(), a.port(), a.path(), a.query(), a.fragment())
            == (e.userinfo(), e.port(), e.path(), e.query(), e.fragment());
    if same_but_case {
        return Some("they differ only in the case of the scheme or host, catalogue A3");
    }
    if a.scheme() != e.scheme()
        || a.authority() != e.authority()
        || a.query().is_some()
        || a.fragment().is_some()
    {
        return None;
    }
    let (ap, ep) = (a.path(), e.path());
    if ap.strip_suffix('/') == Some(ep) || ep.strip_suffix('/') == Some(ap) {
        return Some("they differ only by a trailing slash, catalogue A2");
    }
    let rest = ep.strip_prefix(ap)?;
    let on_boundary =
        rest.is_empty() || rest.starts_with('/') || ap.is_empty() || ap.ends_with('/');
    on_boundary.then_some(
        "same origin, and the document's path is a path-segment prefix of the expected one, catalogue A1",
    )
}

fn check_authorization_servers(
    f: &mut Findings,
    m: &ProtectedResourceMetadata,
    version: SpecVersion,
) {
    let name = "authorization_servers";
    // MCP 06+ requires the member; in 03 PRM is not part of MCP and the member is optional.
    let required = version >= SpecVersion::V2025_06_18;
    let rule = if required { Rule::new(RS_PRM_AS_NONEMPTY, Level::Must) } else { TYPES };
    if required {
        support::require(
            f,
            &m.authorization_servers,
            rule,
            name,
            "MCP 2025-06-18+ §Authorization Server Location requires at least one issuer",
        );
    }
    let expected = "a non-empty array of issuer URL strings (RFC 9728 §2)";
    let Some(issuers) = support::array(f, &m.authorization_servers, rule, name, expected, false)
    else {
        return;
    };
    let path = member_path(name);
    for (i, issuer) in issuers.iter().enumerate() {
        let what = format!("authorization server {}", quoted(issuer.as_str()));
        support::url(f, issuer.as_str(), UrlRule::IDENTIFIER, &path.index(i), &what, |_| {
            (rule, " (an issuer identifier: https, no query, no fragment, RFC 8414 §2)")
        });
    }
}

fn check_jwks_uri(f: &mut Findings, member: &Member<String>) {
    let name = "jwks_uri";
    let Some(uri) = support::typed(f, member, TYPES, name, "a URL string (RFC 9728 §2)") else {
        return;
    };
    support::url(f, uri, UrlRule::ENDPOINT, &member_path(name), name, |p| match p {
        UrlProblem::NotHttp { .. } | UrlProblem::Cleartext | UrlProblem::CleartextOnLoopback => {
            (HTTPS, " (RFC 9728 §2: jwks_uri must use https)")
        }
        _ => (TYPES, " (RFC 9728 §2)"),
    });
}

fn check_link(f: &mut Findings, name: &str, value: &str, path: &JsonPath) {
    support::url(f, value, UrlRule::LINK, path, name, |_| (TYPES, " (RFC 9728 §2)"));
}

fn check_scopes(f: &mut Findings, member: &Member<Vec<String>>, version: SpecVersion) {
    let name = "scopes_supported";
    let Some(scopes) = support::array(f, member, TYPES, name, STRINGS, false) else { return };
    let path = member_path(name);
    for (i, scope) in scopes.iter().enumerate() {
        if !is_scope_token(scope) {
            f.report(
                TYPES,
                &path.index(i),
                format!(
                    "scopes_supported value {} is not a scope-token (RFC 6749 §3.3: printable ASCII except space, '\"' and '\\')",
                    quoted(scope)
                ),
            );
        }
        if scope == "offline_access" && version >= SpecVersion::V2026_07_28 {
            f.report(
                Rule::new(RS_PRM_SCOPES, Level::Should),
                &path.index(i),
                "scopes_supported lists offline_access, which MCP 2026-07-28 §Refresh Tokens says should not appear in protected resource metadata",
            );
        }
    }
}

fn check_bearer_methods(f: &mut Findings, member: &Member<Vec<String>>) {
    let name = "bearer_methods_supported";
    // RFC 9728 §2 gives `[]` a meaning (no bearer tokens accepted), so it is not a zero
    // value to omit (catalogue A12).
    let Some(methods) = support::array(f, member, TYPES, name, STRINGS, true) else { return };
    let path = member_path(name);
    for (i, method) in methods.iter().enumerate() {
        match method.as_str() {
            "header" | "body" => {}
            "query" => f.report(
                Rule::new(RS_PRM_BEARER_METHODS, Level::Must),
                &path.index(i),
                "bearer_methods_supported advertises query: OAuth 2.1 §5.1 forbids access tokens in the query string and MCP clients must use the Authorization header",
            ),
            other => f.report(
                TYPES,
                &path.index(i),
                format!(
                    "bearer_methods_supported value {} is not one of header, body, query (RFC 9728 §2; values are case-sensitive)",
                    quoted(other)
                ),
            ),
        }
    }
    if !methods.iter().any(|m| m == "header") {
        let detail = if methods.is_empty() {
            "is [], which says the resource accepts no bearer tokens at all"
        } else {
            "does not list header"
        };
        f.report(
            Rule::new(RS_PRM_BEARER_METHODS, Level::Should),
            &path,
            format!(
                "bearer_methods_supported {detail}; MCP clients send the token in the Authorization header (MCP §Token Requirements)"
            ),
        );
    }
}

fn check_algorithms(f: &mut Findings, member: &Member<Vec<String>>, name: &str, section: &str) {
    let expected = format!("an array of strings ({section})");
    let Some(algs) = support::array(f, member, TYPES, name, &expected, false) else { return };
    let path = member_path(name);
    for (i, alg) in algs.iter().enumerate() {
        if alg.eq_ignore_ascii_case("none") {
            f.report(
                TYPES,
                &path.index(i),
                format!(
                    "{name} lists {}: unsigned JWTs must never be accepted ({section})",
                    quoted(alg)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_match_readings() {
        let near = |a, e| near_match(a, e).is_some();
        assert!(near("https://mcp.example.test", "https://mcp.example.test/mcp"));
        assert!(near("https://mcp.example.test/", "https://mcp.example.test/mcp"));
        assert!(near("https://mcp.example.test/a", "https://mcp.example.test/a/mcp"));
        assert!(near("https://mcp.example.test/mcp/", "https://mcp.example.test/mcp"));
        assert!(near("HTTPS://MCP.example.test/mcp", "https://mcp.example.test/mcp"));
        assert!(!near("https://mcp.example.test/mc", "https://mcp.example.test/mcp"));
        assert!(!near("https://mcp.example.test/other", "https://mcp.example.test/mcp"));
        assert!(!near("https://evil.example.test/mcp", "https://mcp.example.test/mcp"));
        assert!(!near("https://mcp.example.test:443/mcp", "https://mcp.example.test/mcp"));
        assert!(!near("https://mcp.example.test/MCP", "https://mcp.example.test/mcp"));
        assert!(!near("https://mcp.example.test?x=1", "https://mcp.example.test/mcp"));
        assert!(!near("not a url", "https://mcp.example.test/mcp"));
    }
}
