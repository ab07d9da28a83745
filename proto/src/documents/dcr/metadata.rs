//! Checks of client metadata members shared by the registration request, the registration
//! response and the Client ID Metadata Document: member types, the URL-valued members,
//! redirect-URI rules, `jwks`/`jwks_uri` exclusivity and grant/response type consistency.

use super::ClientMetadata;
use crate::documents::checks::{Findings, Rule, UrlRule};
use crate::finding::{JsonPath, Level};
use crate::member::Member;
use crate::scope::Scope;
use crate::uri::Uri;

/// Under which requirement each kind of problem is reported.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MetadataRules {
    /// Wrong types, malformed values, `jwks` with `jwks_uri` (MUST-level rules).
    pub types: Rule,
    /// Redirect URIs that are not https or loopback http, or carry a fragment.
    pub redirect: Rule,
    /// `grant_types` inconsistent with `response_types` (RFC 7591 §2.1 is a SHOULD).
    pub consistency: Rule,
}

/// Reports redirect-URI problems: not absolute, a fragment (OAuth 2.1 §2.3), or a scheme
/// other than `https` and loopback `http` (MCP 2025-06-18+ §Communication Security: "either
/// localhost or HTTPS").
pub(crate) fn check_redirect_uri(f: &mut Findings, value: &str, rule: Rule, path: &JsonPath) {
    let uri = match Uri::parse(value) {
        Ok(uri) => uri,
        Err(e) => {
            f.report(
                rule,
                path,
                format!("redirect URI {value:?} is not an absolute URI: {}", e.kind),
            );
            return;
        }
    };
    if uri.scheme_is("http") {
        if !uri.is_loopback() {
            f.report(
                rule,
                path,
                format!("redirect URI {value:?} uses http on a non-loopback host; MCP allows only https or loopback redirect URIs"),
            );
        }
    } else if !uri.scheme_is("https") {
        f.report(
            rule,
            path,
            format!("redirect URI {value:?} uses the scheme {:?}; MCP allows only https or loopback http redirect URIs", uri.scheme()),
        );
    }
    if uri.fragment().is_some() {
        f.report(
            rule,
            path,
            format!("redirect URI {value:?} has a fragment, which OAuth 2.1 §2.3 forbids"),
        );
    }
}

fn check_absolute_url(
    f: &mut Findings,
    member: &Member<String>,
    rule: Rule,
    path: &JsonPath,
) -> Option<()> {
    let value = f.typed(member, rule, path, "a URL string")?;
    if let Err(e) = Uri::parse(value) {
        f.report(rule, path, format!("is not an absolute URL: {}", e.kind));
        return None;
    }
    Some(())
}

/// Checks every known member of `m` (paths are relative to the document root).
pub(crate) fn check_metadata(f: &mut Findings, m: &ClientMetadata, rules: MetadataRules) {
    let root = JsonPath::root();
    let types = rules.types;
    let path = root.key("redirect_uris");
    if let Some(uris) = f.array(&m.redirect_uris, types, &path, "an array of strings", true) {
        for (i, uri) in uris.iter().enumerate() {
            check_redirect_uri(f, uri, rules.redirect, &path.index(i));
        }
    }
    f.typed(
        &m.token_endpoint_auth_method,
        types,
        &root.key("token_endpoint_auth_method"),
        "a string",
    );
    f.array(&m.grant_types, types, &root.key("grant_types"), "an array of strings", true);
    f.array(&m.response_types, types, &root.key("response_types"), "an array of strings", true);
    f.typed(&m.client_name, types, &root.key("client_name"), "a string");
    check_absolute_url(f, &m.client_uri, types, &root.key("client_uri"));
    check_absolute_url(f, &m.logo_uri, types, &root.key("logo_uri"));
    let path = root.key("scope");
    if let Some(scope) = f.typed(&m.scope, types, &path, "a string")
        && let Err(e) = Scope::parse(scope)
    {
        f.report(types, &path, format!("is not a valid scope string: {e}"));
    }
    f.array(&m.contacts, types, &root.key("contacts"), "an array of strings", true);
    check_absolute_url(f, &m.tos_uri, types, &root.key("tos_uri"));
    check_absolute_url(f, &m.policy_uri, types, &root.key("policy_uri"));
    let path = root.key("jwks_uri");
    if check_absolute_url(f, &m.jwks_uri, types, &path).is_some()
        && let Some(url) = m.jwks_uri.valid()
    {
        // Keys fetched over cleartext can be swapped in transit; RFC 7591 names no
        // transport, so this is advice, not a violation.
        f.url(
            url,
            UrlRule::ENDPOINT,
            Rule::new(types.requirement, Level::Should),
            &path,
            "jwks_uri",
        );
    }
    f.typed(&m.jwks, types, &root.key("jwks"), "a JWK Set object");
    f.typed(&m.software_id, types, &root.key("software_id"), "a string");
    f.typed(&m.software_version, types, &root.key("software_version"), "a string");
    f.typed(&m.software_statement, types, &root.key("software_statement"), "a string (a JWT)");
    f.typed(&m.application_type, types, &root.key("application_type"), "a string");
    if !m.jwks.is_absent() && !m.jwks_uri.is_absent() {
        f.report(
            types,
            &root,
            "has both jwks and jwks_uri; RFC 7591 §2 says they MUST NOT both be present",
        );
    }
    check_consistency(f, m, rules.consistency);
}

/// RFC 7591 §2.1: `authorization_code` implies `code` and the reverse.
fn check_consistency(f: &mut Findings, m: &ClientMetadata, rule: Rule) {
    let (Some(grants), Some(responses)) = (m.effective_grant_types(), m.effective_response_types())
    else {
        return;
    };
    let root = JsonPath::root();
    let has_code_grant = grants.contains(&"authorization_code");
    let has_code_response = responses.contains(&"code");
    if has_code_grant && !has_code_response {
        f.report(
            rule,
            &root.key("response_types"),
            "grant_types includes authorization_code but response_types lacks code (RFC 7591 §2.1)",
        );
    }
    if has_code_response && !has_code_grant {
        f.report(
            rule,
            &root.key("grant_types"),
            "response_types includes code but grant_types lacks authorization_code (RFC 7591 §2.1)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::FindingsExt;
    use crate::requirements::{AS_DCR_REDIRECT_SCHEME, AS_DCR_RESPONSE};

    const RULES: MetadataRules = MetadataRules {
        types: Rule::new(AS_DCR_RESPONSE, Level::Must),
        redirect: Rule::new(AS_DCR_REDIRECT_SCHEME, Level::Must),
        consistency: Rule::new(AS_DCR_RESPONSE, Level::Should),
    };

    fn run(json: &str) -> Vec<crate::Finding> {
        let m: ClientMetadata = serde_json::from_str(json).unwrap();
        let mut f = Findings::new();
        check_metadata(&mut f, &m, RULES);
        f.into_vec()
    }

    #[test]
    fn redirect_uris_must_be_https_or_loopback_without_fragment() {
        assert!(run(r#"{"redirect_uris":["https://c.test/cb","http://127.0.0.1:8080/cb","http://[::1]/cb"]}"#).is_empty());
        for bad in
            ["http://evil.test/cb", "javascript:x", "https://c.test/cb#f", "/cb", "com.example:/cb"]
        {
            let fs = run(&format!(r#"{{"redirect_uris":["{bad}"]}}"#));
            assert_eq!(fs.len(), 1, "{bad}: {fs:?}");
            assert_eq!(fs[0].requirement, AS_DCR_REDIRECT_SCHEME);
            assert_eq!(fs[0].path.as_ref().unwrap().as_str(), "$['redirect_uris'][0]");
        }
    }

    #[test]
    fn rfc7591_section_2_jwks_exclusive_and_section_2_1_consistency() {
        let fs = run(r#"{"jwks_uri":"https://c.test/jwks","jwks":{"keys":[]}}"#);
        assert!(fs.has_must() && fs[0].message.contains("both"));
        let fs = run(r#"{"grant_types":["authorization_code"],"response_types":["token"]}"#);
        assert_eq!(fs.worst(), Some(Level::Should));
        let fs = run(r#"{"grant_types":["client_credentials"]}"#);
        assert_eq!(fs.len(), 1);
        assert!(fs[0].message.contains("lacks authorization_code"));
        assert!(run(r#"{"grant_types":["authorization_code","refresh_token"]}"#).is_empty());
    }

    #[test]
    fn url_members_must_be_absolute_and_typed() {
        let fs = run(
            r#"{"client_uri":"/about","logo_uri":7,"jwks_uri":"http://keys.test/j","scope":"a  b"}"#,
        );
        let levels: Vec<_> = fs.iter().map(|f| f.level).collect();
        assert_eq!(levels, [Level::Must, Level::Must, Level::Must, Level::Should], "{fs:?}");
    }
}
