//! Validators for registration exchanges: the server's success response
//! (`AS-DCR-RESPONSE`, `AS-DCR-REDIRECT-SCHEME`), its error response (`AS-DCR-ERRORS`) and
//! the client's request (`C-REG-DCR-REQUEST`, `C-REG-DCR-APPLICATION-TYPE`).

use super::metadata::{MetadataRules, check_metadata};
use super::{ClientMetadata, RegistrationError, RegistrationResponse};
use crate::documents::Document;
use crate::documents::checks::{Findings, Rule, UrlRule};
use crate::documents::token::check_json_content_type;
use crate::finding::{Finding, JsonPath, Level};
use crate::member::Member;
use crate::requirements::{
    AS_DCR_ERRORS, AS_DCR_REDIRECT_SCHEME, AS_DCR_RESPONSE, C_REG_DCR_APPLICATION_TYPE,
    C_REG_DCR_REQUEST,
};
use crate::spec_version::SpecVersion;
use crate::uri::Uri;

/// The error codes of RFC 7591 §3.2.2.
pub const DCR_ERROR_CODES: [&str; 4] = [
    "invalid_redirect_uri",
    "invalid_client_metadata",
    "invalid_software_statement",
    "unapproved_software_statement",
];

/// What the validator of a registration response needs beyond the body.
#[derive(Debug, Clone, PartialEq)]
pub struct DcrResponseContext {
    pub status: u16,
    /// The `Content-Type` field value; `None` when the response had none.
    pub content_type: Option<String>,
    /// The metadata the client sent, when known; enables the echo check of RFC 7591 §3.2.1.
    pub request: Option<ClientMetadata>,
    pub spec_version: SpecVersion,
}

impl Default for DcrResponseContext {
    /// A 201 `application/json` response to an unknown request: only the body is judged.
    fn default() -> Self {
        Self {
            status: 201,
            content_type: Some("application/json".to_owned()),
            request: None,
            spec_version: SpecVersion::LATEST,
        }
    }
}

const RESPONSE: Rule = Rule::new(AS_DCR_RESPONSE, Level::Must);

/// Validates a client information response (RFC 7591 §3.2.1).
pub fn validate_response(
    doc: &Document<RegistrationResponse>,
    ctx: &DcrResponseContext,
) -> Vec<Finding> {
    let mut f = Findings::new();
    let r = &doc.typed;
    let root = JsonPath::root();
    match ctx.status {
        201 => {}
        // Ambiguity A13: RFC 7591 says 201, many servers answer 200 and clients cope.
        200 => f.push(Finding::new(
            AS_DCR_RESPONSE,
            Level::Info,
            "status is 200; RFC 7591 §3.2.1 specifies 201 Created (clients should tolerate 200)",
        )),
        other => f.push(Finding::new(
            AS_DCR_RESPONSE,
            Level::Must,
            format!(
                "status is {other}; a successful registration is 201 Created (RFC 7591 §3.2.1)"
            ),
        )),
    }
    check_json_content_type(&mut f, ctx.content_type.as_deref(), RESPONSE, "RFC 7591 §3.2.1");

    let path = root.key("client_id");
    f.require_present(&r.client_id, RESPONSE, &path, "client_id");
    if f.typed(&r.client_id, RESPONSE, &path, "a string").is_some_and(String::is_empty) {
        f.report(RESPONSE, &path, "is an empty string; a client identifier is required");
    }
    let path = root.key("client_secret");
    if f.typed(&r.client_secret, RESPONSE, &path, "a string").is_some()
        && r.client_secret_expires_at.is_absent()
    {
        f.report(
            RESPONSE,
            &root.key("client_secret_expires_at"),
            "is missing although a client_secret was issued (RFC 7591 §3.2.1: REQUIRED; 0 means never)",
        );
    }
    check_timestamp(&mut f, &r.client_id_issued_at, &root.key("client_id_issued_at"));
    check_timestamp(&mut f, &r.client_secret_expires_at, &root.key("client_secret_expires_at"));
    f.typed(
        &r.registration_access_token,
        RESPONSE,
        &root.key("registration_access_token"),
        "a string",
    );
    let path = root.key("registration_client_uri");
    if let Some(url) = f.typed(&r.registration_client_uri, RESPONSE, &path, "a URL string") {
        f.url(url, UrlRule::ENDPOINT, RESPONSE, &path, "registration_client_uri");
    }
    let rules = MetadataRules {
        types: RESPONSE,
        redirect: Rule::new(AS_DCR_REDIRECT_SCHEME, Level::Must),
        consistency: Rule::new(AS_DCR_RESPONSE, Level::Should),
    };
    check_metadata(&mut f, &r.metadata, rules);
    if let Some(request) = &ctx.request {
        check_echo(&mut f, request, doc, ctx.spec_version);
    }
    f.into_vec()
}

/// RFC 7591 timestamps are JSON numbers of seconds; a fraction or a negative number is a
/// number all the same, but clients that read integers will refuse it.
fn check_timestamp(f: &mut Findings, member: &Member<u64>, path: &JsonPath) {
    if let Member::Invalid(v) = member
        && v.is_number()
    {
        f.report(
                Rule::new(AS_DCR_RESPONSE, Level::Info),
                path,
                format!("is {v}, not a non-negative integer; clients that parse integer seconds will refuse it"),
            );
        return;
    }
    f.typed(member, RESPONSE, path, "a number of seconds since the epoch");
}

/// RFC 7591 §3.2.1: all registered metadata comes back, possibly replaced by the server;
/// a software statement comes back unmodified.
fn check_echo(
    f: &mut Findings,
    request: &ClientMetadata,
    doc: &Document<RegistrationResponse>,
    version: SpecVersion,
) {
    let root = JsonPath::root();
    for name in request.present_members() {
        if doc.object.contains_key(name) {
            continue;
        }
        if name == "application_type" {
            // An OAuth-only server ignores OIDC metadata it does not understand (RFC 7591
            // §2), which then is not registered and need not come back.
            f.report(
                Rule::new(AS_DCR_RESPONSE, Level::Info),
                &root.key(name),
                format!(
                    "application_type was sent but not returned: the server ignored it{}",
                    if version >= SpecVersion::V2026_07_28 {
                        " (MCP 2026-07-28 clients rely on it for redirect-URI rules)"
                    } else {
                        ""
                    }
                ),
            );
            continue;
        }
        f.report(
            RESPONSE,
            &root.key(name),
            format!("the client registered {name} but the response omits it; RFC 7591 §3.2.1 requires every registered metadata value to be returned"),
        );
    }
    let sent = &request.software_statement;
    let returned = &doc.typed.metadata.software_statement;
    if !sent.is_absent() && !returned.is_absent() && sent != returned {
        f.report(
            RESPONSE,
            &root.key("software_statement"),
            "differs from the one sent; RFC 7591 §3.2.1 requires it to be returned unmodified",
        );
    }
}

/// Validates a registration error response (RFC 7591 §3.2.2).
pub fn validate_error(
    doc: &Document<RegistrationError>,
    status: u16,
    content_type: Option<&str>,
) -> Vec<Finding> {
    let rule = Rule::new(AS_DCR_ERRORS, Level::Must);
    let mut f = Findings::new();
    let root = JsonPath::root();
    if status != 400 {
        f.push(Finding::new(
            AS_DCR_ERRORS,
            Level::Must,
            format!(
                "status is {status}; registration errors are 400 Bad Request (RFC 7591 §3.2.2)"
            ),
        ));
    }
    check_json_content_type(&mut f, content_type, rule, "RFC 7591 §3.2.2");
    let path = root.key("error");
    f.require_present(&doc.typed.error, rule, &path, "error");
    if let Some(code) = f.typed(&doc.typed.error, rule, &path, "a string")
        && !DCR_ERROR_CODES.contains(&code.as_str())
    {
        f.report(
            rule,
            &path,
            format!(
                "{code:?} is not a registration error code of RFC 7591 §3.2.2 ({})",
                DCR_ERROR_CODES.join(", ")
            ),
        );
    }
    f.typed(&doc.typed.error_description, rule, &root.key("error_description"), "a string");
    f.into_vec()
}

/// Validates the metadata a client sends to a registration endpoint.
pub fn validate_request(doc: &Document<ClientMetadata>, spec_version: SpecVersion) -> Vec<Finding> {
    let must = Rule::new(C_REG_DCR_REQUEST, Level::Must);
    let mut f = Findings::new();
    let m = &doc.typed;
    let root = JsonPath::root();
    f.require_present(&m.redirect_uris, must, &root.key("redirect_uris"), "redirect_uris");
    let rules = MetadataRules {
        types: must,
        redirect: must,
        consistency: Rule::new(C_REG_DCR_REQUEST, Level::Should),
    };
    check_metadata(&mut f, m, rules);
    if spec_version >= SpecVersion::V2026_07_28 {
        check_application_type(&mut f, m);
        if m.effective_grant_types().is_some_and(|g| !g.contains(&"refresh_token")) {
            f.report(
                Rule::new(C_REG_DCR_REQUEST, Level::Info),
                &root.key("grant_types"),
                "does not include refresh_token; MCP 2026-07-28 says clients that want refresh tokens SHOULD register it",
            );
        }
    }
    f.into_vec()
}

/// MCP 2026-07-28 §Application Type: clients send `application_type`, `native` for
/// loopback redirects.
fn check_application_type(f: &mut Findings, m: &ClientMetadata) {
    let path = JsonPath::root().key("application_type");
    let must = Rule::new(C_REG_DCR_APPLICATION_TYPE, Level::Must);
    let value = match &m.application_type {
        Member::Absent => {
            f.report(must, &path, "is missing; MCP 2026-07-28 requires clients to send application_type (native or web)");
            return;
        }
        Member::Valid(v) => v.as_str(),
        // The wrong type was reported by the metadata checks.
        _ => return,
    };
    match value {
        "native" => {}
        "web" => {
            let loopback = m
                .redirect_uris
                .valid()
                .into_iter()
                .flatten()
                .any(|u| Uri::parse(u).is_ok_and(|u| u.is_loopback()));
            if loopback {
                f.report(
                    Rule::new(C_REG_DCR_APPLICATION_TYPE, Level::Should),
                    &path,
                    "is web but redirect URIs are loopback; desktop and CLI clients should register as native",
                );
            }
        }
        other => f.report(
            must,
            &path,
            format!("is {other:?}; OpenID Connect Registration defines native and web"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::FindingsExt;

    #[test]
    fn a13_status_200_is_info_other_statuses_must() {
        let doc = RegistrationResponse::parse(br#"{"client_id":"c"}"#).unwrap();
        let ctx = DcrResponseContext { status: 200, ..Default::default() };
        assert_eq!(validate_response(&doc, &ctx).worst(), Some(Level::Info));
        let ctx = DcrResponseContext { status: 202, ..Default::default() };
        assert!(validate_response(&doc, &ctx).has_must());
        assert!(validate_response(&doc, &DcrResponseContext::default()).is_empty());
    }

    #[test]
    fn fractional_timestamp_is_info_string_is_must() {
        let doc =
            RegistrationResponse::parse(br#"{"client_id":"c","client_id_issued_at":1.5}"#).unwrap();
        assert_eq!(
            validate_response(&doc, &DcrResponseContext::default()).worst(),
            Some(Level::Info)
        );
        let doc =
            RegistrationResponse::parse(br#"{"client_id":"c","client_id_issued_at":"1"}"#).unwrap();
        assert!(validate_response(&doc, &DcrResponseContext::default()).has_must());
    }

    #[test]
    fn application_type_is_checked_only_from_2026_07_28() {
        let doc = ClientMetadata::parse(br#"{"redirect_uris":["http://127.0.0.1/cb"],"grant_types":["authorization_code","refresh_token"]}"#).unwrap();
        assert!(validate_request(&doc, SpecVersion::V2025_11_25).is_empty());
        let fs = validate_request(&doc, SpecVersion::V2026_07_28);
        assert_eq!(fs.len(), 1);
        assert_eq!(fs[0].requirement, C_REG_DCR_APPLICATION_TYPE);
    }
}
