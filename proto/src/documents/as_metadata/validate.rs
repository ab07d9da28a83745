//! The `AS-META-*` rules applied to one authorization server metadata document.
//!
//! Checks run in a fixed order — issuer, required members, endpoints, links, arrays, PKCE,
//! flags — so findings come out in a stable order for any document.

use crate::documents::Document;
use crate::documents::checks::quoted;
use crate::documents::checks::{Findings, Rule, UrlRule};
use crate::documents::prm::support::{self, member_path};
use crate::finding::{Finding, Level};
use crate::member::Member;
use crate::requirements::{
    AS_META_CIMD_FLAG, AS_META_HTTPS, AS_META_ISS_FLAG, AS_META_ISSUER, AS_META_PKCE,
    AS_META_REQUIRED,
};
use crate::scope::is_scope_token;
use crate::spec_version::SpecVersion;

use super::{AsMetadataContext, AuthorizationServerMetadata, Issuer, MetadataFlavour};

const REQUIRED: Rule = Rule::new(AS_META_REQUIRED, Level::Must);
const REQUIRED_SHOULD: Rule = Rule::new(AS_META_REQUIRED, Level::Should);
const HTTPS: Rule = Rule::new(AS_META_HTTPS, Level::Must);
const PKCE: Rule = Rule::new(AS_META_PKCE, Level::Must);
const RFC8414: &str = "RFC 8414 §2";
const OIDC: &str = "OpenID Connect Discovery 1.0 §3";

/// Judges `doc` against the `AS-META-*` rows. Never panics; findings are in a fixed order.
pub fn validate(
    doc: &Document<AuthorizationServerMetadata>,
    ctx: &AsMetadataContext,
) -> Vec<Finding> {
    let m = &doc.typed;
    let oidc = ctx.flavour == MetadataFlavour::OpenId;
    let mut f = Findings::new();
    check_issuer(&mut f, &m.issuer, ctx);

    let why = if oidc { OIDC } else { RFC8414 };
    support::require(
        &mut f,
        &m.authorization_endpoint,
        REQUIRED,
        "authorization_endpoint",
        "the authorization code flow starts there; RFC 8414 §2",
    );
    support::require(&mut f, &m.token_endpoint, REQUIRED, "token_endpoint", why);
    support::require(
        &mut f,
        &m.response_types_supported,
        REQUIRED,
        "response_types_supported",
        why,
    );
    if oidc {
        support::require(&mut f, &m.jwks_uri, REQUIRED, "jwks_uri", OIDC);
        support::require(
            &mut f,
            &m.subject_types_supported,
            REQUIRED,
            "subject_types_supported",
            OIDC,
        );
        support::require(
            &mut f,
            &m.id_token_signing_alg_values_supported,
            REQUIRED,
            "id_token_signing_alg_values_supported",
            OIDC,
        );
    }

    for (name, member, section) in [
        ("authorization_endpoint", &m.authorization_endpoint, RFC8414),
        ("token_endpoint", &m.token_endpoint, RFC8414),
        ("jwks_uri", &m.jwks_uri, RFC8414),
        ("registration_endpoint", &m.registration_endpoint, RFC8414),
        ("revocation_endpoint", &m.revocation_endpoint, RFC8414),
        ("introspection_endpoint", &m.introspection_endpoint, RFC8414),
        (
            "pushed_authorization_request_endpoint",
            &m.pushed_authorization_request_endpoint,
            "RFC 9126 §5",
        ),
        ("device_authorization_endpoint", &m.device_authorization_endpoint, "RFC 8628 §4"),
        ("userinfo_endpoint", &m.userinfo_endpoint, OIDC),
    ] {
        check_endpoint(&mut f, name, member, section);
    }
    for name_member in [
        ("service_documentation", &m.service_documentation),
        ("op_policy_uri", &m.op_policy_uri),
        ("op_tos_uri", &m.op_tos_uri),
    ] {
        check_link(&mut f, name_member.0, name_member.1);
    }

    check_response_types(&mut f, &m.response_types_supported);
    check_scopes(&mut f, &m.scopes_supported);
    check_grant_types(&mut f, &m.grant_types_supported);
    for (name, member, section) in [
        ("response_modes_supported", &m.response_modes_supported, RFC8414),
        (
            "token_endpoint_auth_methods_supported",
            &m.token_endpoint_auth_methods_supported,
            RFC8414,
        ),
        ("ui_locales_supported", &m.ui_locales_supported, RFC8414),
        (
            "revocation_endpoint_auth_methods_supported",
            &m.revocation_endpoint_auth_methods_supported,
            RFC8414,
        ),
        (
            "introspection_endpoint_auth_methods_supported",
            &m.introspection_endpoint_auth_methods_supported,
            RFC8414,
        ),
        (
            "authorization_details_types_supported",
            &m.authorization_details_types_supported,
            "RFC 9396 §10",
        ),
        ("acr_values_supported", &m.acr_values_supported, OIDC),
        ("subject_types_supported", &m.subject_types_supported, OIDC),
        (
            "id_token_encryption_alg_values_supported",
            &m.id_token_encryption_alg_values_supported,
            OIDC,
        ),
        (
            "id_token_encryption_enc_values_supported",
            &m.id_token_encryption_enc_values_supported,
            OIDC,
        ),
        ("userinfo_signing_alg_values_supported", &m.userinfo_signing_alg_values_supported, OIDC),
        (
            "userinfo_encryption_alg_values_supported",
            &m.userinfo_encryption_alg_values_supported,
            OIDC,
        ),
        (
            "userinfo_encryption_enc_values_supported",
            &m.userinfo_encryption_enc_values_supported,
            OIDC,
        ),
        (
            "request_object_signing_alg_values_supported",
            &m.request_object_signing_alg_values_supported,
            OIDC,
        ),
        (
            "request_object_encryption_alg_values_supported",
            &m.request_object_encryption_alg_values_supported,
            OIDC,
        ),
        (
            "request_object_encryption_enc_values_supported",
            &m.request_object_encryption_enc_values_supported,
            OIDC,
        ),
        ("display_values_supported", &m.display_values_supported, OIDC),
        ("claim_types_supported", &m.claim_types_supported, OIDC),
        ("claims_supported", &m.claims_supported, OIDC),
        ("claims_locales_supported", &m.claims_locales_supported, OIDC),
    ] {
        strings(&mut f, name, member, section);
    }
    // RFC 8414 §2 and RFC 9449 §5.1 forbid `none` in these: an unsigned JWT proves nothing.
    for (name, member, section) in [
        (
            "token_endpoint_auth_signing_alg_values_supported",
            &m.token_endpoint_auth_signing_alg_values_supported,
            RFC8414,
        ),
        (
            "revocation_endpoint_auth_signing_alg_values_supported",
            &m.revocation_endpoint_auth_signing_alg_values_supported,
            RFC8414,
        ),
        (
            "introspection_endpoint_auth_signing_alg_values_supported",
            &m.introspection_endpoint_auth_signing_alg_values_supported,
            RFC8414,
        ),
        (
            "dpop_signing_alg_values_supported",
            &m.dpop_signing_alg_values_supported,
            "RFC 9449 §5.1",
        ),
    ] {
        check_no_none(&mut f, name, member, section);
    }
    check_id_token_algs(&mut f, &m.id_token_signing_alg_values_supported, oidc);
    check_protected_resources(&mut f, &m.protected_resources);
    check_pkce(&mut f, &m.code_challenge_methods_supported, ctx.spec_version);

    support::typed(
        &mut f,
        &m.authorization_response_iss_parameter_supported,
        Rule::new(AS_META_ISS_FLAG, Level::Must),
        "authorization_response_iss_parameter_supported",
        "a boolean (RFC 9207 §3)",
    );
    support::typed(
        &mut f,
        &m.client_id_metadata_document_supported,
        Rule::new(AS_META_CIMD_FLAG, Level::Must),
        "client_id_metadata_document_supported",
        "a boolean (CIMD §5)",
    );
    for (name, member, section) in [
        (
            "require_pushed_authorization_requests",
            &m.require_pushed_authorization_requests,
            "RFC 9126 §5",
        ),
        (
            "tls_client_certificate_bound_access_tokens",
            &m.tls_client_certificate_bound_access_tokens,
            "RFC 8705 §3.3",
        ),
        ("claims_parameter_supported", &m.claims_parameter_supported, OIDC),
        ("request_parameter_supported", &m.request_parameter_supported, OIDC),
        ("request_uri_parameter_supported", &m.request_uri_parameter_supported, OIDC),
        ("require_request_uri_registration", &m.require_request_uri_registration, OIDC),
    ] {
        support::typed(&mut f, member, REQUIRED, name, &format!("a boolean ({section})"));
    }
    support::typed(
        &mut f,
        &m.signed_metadata,
        REQUIRED,
        "signed_metadata",
        "a string holding a JWT (RFC 8414 §2.1)",
    );
    f.into_vec()
}

fn check_issuer(f: &mut Findings, member: &Member<Issuer>, ctx: &AsMetadataContext) {
    let name = "issuer";
    support::require(f, member, REQUIRED, name, "RFC 8414 §2, OIDC Discovery §3");
    let Some(issuer) = support::typed(f, member, REQUIRED, name, "a string (RFC 8414 §2)") else {
        return;
    };
    let path = member_path(name);
    support::url(f, issuer.as_str(), UrlRule::IDENTIFIER, &path, name, |_| {
        (
            Rule::new(AS_META_ISSUER, Level::Must),
            " (RFC 8414 §2: the issuer is an https URL with no query or fragment)",
        )
    });
    let Some(expected) = &ctx.expected_issuer else { return };
    let actual = issuer.as_str();
    if actual == expected {
        return;
    }
    let hint = if actual.trim_end_matches('/') == expected.trim_end_matches('/') {
        " (they differ only by a trailing slash, which makes them different issuers)"
    } else if actual.eq_ignore_ascii_case(expected) {
        " (they differ only in letter case, which makes them different issuers)"
    } else {
        ""
    };
    let base = format!(
        "issuer {} is not identical to {}, the issuer the metadata was fetched for{hint}; RFC 8414 §3.3 and OIDC Discovery §4.3: a client must not use this document",
        quoted(actual),
        quoted(expected)
    );
    if ctx.spec_version == SpecVersion::V2025_03_26 {
        f.report(
            Rule::new(AS_META_ISSUER, Level::Should),
            &path,
            format!(
                "{base}. Reported as a warning for 2025-03-26, which derives the metadata URL from the MCP server's origin rather than from the issuer, so an issuer with a path cannot match (catalogue A6)"
            ),
        );
    } else {
        f.report(Rule::new(AS_META_ISSUER, Level::Must), &path, base);
    }
}

fn check_endpoint(f: &mut Findings, name: &str, member: &Member<String>, section: &str) {
    let expected = format!("a URL string ({section})");
    let Some(url) = support::typed(f, member, REQUIRED, name, &expected) else { return };
    let note = if name == "authorization_endpoint" {
        " — a client would open this URL in the user's browser, so anything but https is an injection or interception risk (MCP Security Best Practices §OAuth Authorization URL Validation)"
    } else {
        " (all authorization server endpoints must use https: OAuth 2.1 §1.5, MCP §Communication Security)"
    };
    support::url(f, url, UrlRule::ENDPOINT, &member_path(name), name, |_| (HTTPS, note));
}

fn check_link(f: &mut Findings, name: &str, member: &Member<String>) {
    let Some(url) = support::typed(f, member, REQUIRED, name, "a URL string (RFC 8414 §2)") else {
        return;
    };
    support::url(f, url, UrlRule::LINK, &member_path(name), name, |_| {
        (REQUIRED, " (RFC 8414 §2: a URL of a human-readable page)")
    });
}

fn strings<'m>(
    f: &mut Findings,
    name: &str,
    member: &'m Member<Vec<String>>,
    section: &str,
) -> Option<&'m [String]> {
    support::array(f, member, REQUIRED, name, &format!("an array of strings ({section})"), false)
}

fn check_response_types(f: &mut Findings, member: &Member<Vec<String>>) {
    let name = "response_types_supported";
    let Some(types) = strings(f, name, member, RFC8414) else { return };
    if !types.iter().any(|t| t == "code") {
        f.report(
            REQUIRED,
            &member_path(name),
            "response_types_supported does not contain \"code\"; MCP authorization uses the authorization code flow (OAuth 2.1 §4.1)",
        );
    }
}

fn check_scopes(f: &mut Findings, member: &Member<Vec<String>>) {
    let name = "scopes_supported";
    let Some(scopes) = strings(f, name, member, RFC8414) else { return };
    let path = member_path(name);
    for (i, scope) in scopes.iter().enumerate() {
        if !is_scope_token(scope) {
            f.report(
                REQUIRED,
                &path.index(i),
                format!(
                    "scopes_supported value {} is not a scope-token (RFC 6749 §3.3: printable ASCII except space, '\"' and '\\'), so no client can request it",
                    quoted(scope)
                ),
            );
        }
    }
}

fn check_grant_types(f: &mut Findings, member: &Member<Vec<String>>) {
    let name = "grant_types_supported";
    let Some(grants) = strings(f, name, member, RFC8414) else { return };
    let path = member_path(name);
    if !grants.iter().any(|g| g == "authorization_code") {
        f.report(
            REQUIRED_SHOULD,
            &path,
            "grant_types_supported does not list authorization_code, which MCP authorization needs",
        );
    }
    for (i, grant) in grants.iter().enumerate() {
        if grant == "implicit" || grant == "password" {
            f.report(
                REQUIRED_SHOULD,
                &path.index(i),
                format!(
                    "grant_types_supported lists {grant}, a grant OAuth 2.1 removed (OAuth 2.1 §10); MCP clients must not use it"
                ),
            );
        }
    }
}

fn check_no_none(f: &mut Findings, name: &str, member: &Member<Vec<String>>, section: &str) {
    let Some(algs) = strings(f, name, member, section) else { return };
    let path = member_path(name);
    for (i, alg) in algs.iter().enumerate() {
        if alg.eq_ignore_ascii_case("none") {
            f.report(
                REQUIRED,
                &path.index(i),
                format!("{name} lists {}, which must not be used: an unsigned JWT authenticates nothing ({section})", quoted(alg)),
            );
        }
    }
}

fn check_id_token_algs(f: &mut Findings, member: &Member<Vec<String>>, oidc: bool) {
    let name = "id_token_signing_alg_values_supported";
    let Some(algs) = strings(f, name, member, OIDC) else { return };
    if oidc && !algs.iter().any(|a| a == "RS256") {
        f.report(
            REQUIRED,
            &member_path(name),
            "id_token_signing_alg_values_supported does not include RS256, which OpenID Connect Discovery 1.0 §3 requires",
        );
    }
}

fn check_protected_resources(f: &mut Findings, member: &Member<Vec<String>>) {
    let name = "protected_resources";
    let Some(resources) = strings(f, name, member, "RFC 9728 §4") else { return };
    let path = member_path(name);
    for (i, resource) in resources.iter().enumerate() {
        let what = format!("protected resource {}", quoted(resource));
        support::url(f, resource, UrlRule::ENDPOINT, &path.index(i), &what, |_| {
            (
                REQUIRED,
                " (RFC 9728 §4: entries are resource identifiers, https URLs without fragment)",
            )
        });
    }
}

fn check_pkce(f: &mut Findings, member: &Member<Vec<String>>, version: SpecVersion) {
    let name = "code_challenge_methods_supported";
    let path = member_path(name);
    let mcp_refuses = version >= SpecVersion::V2025_11_25;
    if member.is_absent() {
        if mcp_refuses {
            f.report(
                PKCE,
                &path,
                "code_challenge_methods_supported is missing: MCP clients MUST refuse to proceed without it (MCP 2025-11-25+ §Authorization Code Protection)",
            );
        } else {
            f.report(
                Rule::new(AS_META_PKCE, Level::Should),
                &path,
                "code_challenge_methods_supported is missing, so clients cannot confirm S256 support; OAuth 2.1 §7.9 has the authorization server make PKCE support detectable (derived)",
            );
        }
        return;
    }
    let expected = "an array of strings (RFC 8414 §2), for example [\"S256\"]";
    let Some(methods) = support::array(f, member, PKCE, name, expected, false) else { return };
    if !methods.iter().any(|m| m == "S256") {
        let case_hint = methods
            .iter()
            .find(|m| m.eq_ignore_ascii_case("S256"))
            .map(|m| format!(" (it lists {}, but method names are case-sensitive)", quoted(m)))
            .unwrap_or_default();
        let consequence = if mcp_refuses {
            "MCP clients MUST refuse to proceed"
        } else {
            "OAuth 2.1 §4.1.1 makes S256 mandatory to implement, and an S256-capable client must not downgrade"
        };
        f.report(
            PKCE,
            &path,
            format!("code_challenge_methods_supported does not contain \"S256\"{case_hint}; {consequence}"),
        );
    }
    for (i, method) in methods.iter().enumerate() {
        if method == "plain" {
            f.report(
                Rule::new(AS_META_PKCE, Level::Should),
                &path.index(i),
                "code_challenge_methods_supported lists plain, which offers no protection if the challenge leaks (OAuth 2.1 §4.1.1)",
            );
        }
    }
}
