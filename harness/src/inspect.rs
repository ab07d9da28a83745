//! `inspect`: run one parser or validator of the protocol core on one input.
//!
//! Each function returns an [`Inspection`]: the findings, in the order the validators
//! produced them, and for headers the challenges read. Reading the input can fail (a
//! missing file, an unreachable URL); that is a [`SourceError`], never a finding.

use mcp_auth_proto::challenge::{self, ChallengeContext};
use mcp_auth_proto::discovery::{OAUTH_AS_SUFFIX, OIDC_SUFFIX, PRM_SUFFIX};
use mcp_auth_proto::documents::as_metadata::{
    self, AsMetadataContext, AuthorizationServerMetadata, MetadataFlavour,
};
use mcp_auth_proto::documents::dcr::{self, DcrResponseContext, RegistrationResponse};
use mcp_auth_proto::documents::prm::{
    self, PrmContext, ProtectedResourceMetadata, ResourceProfile,
};
use mcp_auth_proto::documents::token::{self, TokenResponse, TokenResponseContext};
use mcp_auth_proto::{Finding, SpecVersion, Uri};
use serde::Serialize;

use crate::source::{self, Loaded, SourceError};

/// What `inspect` found in one input.
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    /// Challenges read from `WWW-Authenticate` (only for that subcommand).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenges: Option<Vec<challenge::Challenge>>,
    /// Notes about how the input was read (a derived identifier, the reading used).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    pub findings: Vec<Finding>,
}

impl Inspection {
    fn findings(findings: Vec<Finding>, notes: Vec<String>) -> Self {
        Self { challenges: None, notes, findings }
    }
}

/// `inspect www-authenticate`: each value is one header field value.
pub fn www_authenticate(values: &[String], context: &ChallengeContext) -> Inspection {
    let fields: Vec<&[u8]> = values.iter().map(|v| v.as_bytes()).collect();
    let analysis = challenge::analyze(&fields, context);
    let mut notes = Vec::new();
    if analysis.strict.is_err() {
        notes.push(
            "the strict RFC 9110 parse failed; challenges shown are the lenient reading".to_owned(),
        );
    }
    Inspection {
        challenges: Some(analysis.challenges().to_vec()),
        notes,
        findings: analysis.findings.clone(),
    }
}

/// `inspect prm`.
pub fn prm(
    source: &str,
    resource: Option<String>,
    spec_version: SpecVersion,
    profile: ResourceProfile,
) -> Result<Inspection, SourceError> {
    let loaded = source::load(source)?;
    let mut notes = Vec::new();
    let expected_resource = resource.or_else(|| {
        let derived = loaded.http.as_ref().and_then(|h| resource_from_prm_url(&h.url))?;
        notes.push(format!("expected resource derived from the well-known URL: {derived}"));
        Some(derived)
    });
    let mut findings = http_findings(&loaded, prm::check_http_response);
    findings.extend(prm_document(
        &loaded.body,
        &PrmContext { expected_resource, spec_version, profile },
    ));
    Ok(Inspection::findings(findings, notes))
}

/// Validates PRM bytes (no HTTP envelope).
pub fn prm_document(body: &[u8], context: &PrmContext) -> Vec<Finding> {
    match ProtectedResourceMetadata::parse(body) {
        Ok(doc) => prm::validate(&doc, context),
        Err(e) => vec![prm::json_error_finding(&e)],
    }
}

/// `inspect as-metadata`.
pub fn as_metadata(
    source: &str,
    issuer: Option<String>,
    flavour: Option<MetadataFlavour>,
    spec_version: SpecVersion,
) -> Result<Inspection, SourceError> {
    let loaded = source::load(source)?;
    let mut notes = Vec::new();
    let derived = loaded.http.as_ref().and_then(|h| issuer_from_metadata_url(&h.url));
    let expected_issuer = issuer.or_else(|| {
        let (issuer, _) = derived.clone()?;
        notes.push(format!("expected issuer derived from the well-known URL: {issuer}"));
        Some(issuer)
    });
    let flavour = flavour.or(derived.map(|(_, f)| f)).unwrap_or(MetadataFlavour::Oauth);
    let mut findings = http_findings(&loaded, as_metadata::check_http_response);
    findings.extend(as_metadata_document(
        &loaded.body,
        &AsMetadataContext { expected_issuer, flavour, spec_version },
    ));
    Ok(Inspection::findings(findings, notes))
}

/// Validates AS metadata bytes (no HTTP envelope).
pub fn as_metadata_document(body: &[u8], context: &AsMetadataContext) -> Vec<Finding> {
    match AuthorizationServerMetadata::parse(body) {
        Ok(doc) => as_metadata::validate(&doc, context),
        Err(e) => vec![as_metadata::json_error_finding(&e)],
    }
}

/// `inspect dcr-response`.
pub fn dcr_response(
    source: &str,
    status: u16,
    spec_version: SpecVersion,
) -> Result<Inspection, SourceError> {
    let loaded = source::load(source)?;
    let (status, content_type) = match &loaded.http {
        Some(h) => (h.status, h.content_type.clone()),
        None => (status, Some("application/json".to_owned())),
    };
    let context = DcrResponseContext { status, content_type, request: None, spec_version };
    Ok(Inspection::findings(dcr_response_document(&loaded.body, &context), Vec::new()))
}

/// Validates registration-response bytes.
pub fn dcr_response_document(body: &[u8], context: &DcrResponseContext) -> Vec<Finding> {
    match RegistrationResponse::parse(body) {
        Ok(doc) => dcr::validate_response(&doc, context),
        Err(e) => vec![dcr::json_error_finding(&e)],
    }
}

/// `inspect token-response`.
pub fn token_response(
    source: &str,
    status: u16,
    cache_control: Option<String>,
) -> Result<Inspection, SourceError> {
    let loaded = source::load(source)?;
    let mut notes = Vec::new();
    let (status, content_type, cache_control) = match &loaded.http {
        Some(h) => (h.status, h.content_type.clone(), h.cache_control.clone()),
        None => {
            if cache_control.is_none() {
                notes.push(
                    "read from a file: Cache-Control assumed `no-store`; pass --cache-control to check another value"
                        .to_owned(),
                );
            }
            (
                status,
                Some("application/json".to_owned()),
                cache_control.or(Some("no-store".to_owned())),
            )
        }
    };
    let context =
        TokenResponseContext { status, content_type, cache_control, requested_scope: None };
    Ok(Inspection::findings(token_response_document(&loaded.body, &context), notes))
}

/// Validates token-response bytes.
pub fn token_response_document(body: &[u8], context: &TokenResponseContext) -> Vec<Finding> {
    match TokenResponse::parse(body) {
        Ok(doc) => token::validate_response(&doc, context),
        Err(e) => vec![token::json_error_finding(&e)],
    }
}

fn http_findings(loaded: &Loaded, check: fn(u16, Option<&str>) -> Vec<Finding>) -> Vec<Finding> {
    loaded.http.as_ref().map(|h| check(h.status, h.content_type.as_deref())).unwrap_or_default()
}

/// The resource a PRM well-known URL was built from (RFC 9728 §3.1 inverted), if `url` is
/// one: `https://h/.well-known/oauth-protected-resource/mcp` → `https://h/mcp`.
pub fn resource_from_prm_url(url: &str) -> Option<String> {
    let uri = Uri::parse(url).ok()?;
    let rest = uri.path().strip_prefix(PRM_SUFFIX)?;
    if !(rest.is_empty() || rest.starts_with('/')) {
        return None;
    }
    let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
    Some(format!("{}{rest}{query}", uri.origin()?))
}

/// The issuer an AS metadata well-known URL was built from (RFC 8414 §3.1 insertion, OIDC
/// insertion or OIDC §4.1 appending, inverted), with the format it names.
pub fn issuer_from_metadata_url(url: &str) -> Option<(String, MetadataFlavour)> {
    let uri = Uri::parse(url).ok()?;
    if uri.query().is_some() || uri.fragment().is_some() {
        return None;
    }
    let origin = uri.origin()?;
    let path = uri.path();
    for (suffix, flavour) in
        [(OAUTH_AS_SUFFIX, MetadataFlavour::Oauth), (OIDC_SUFFIX, MetadataFlavour::OpenId)]
    {
        if let Some(rest) = path.strip_prefix(suffix)
            && (rest.is_empty() || rest.starts_with('/'))
        {
            return Some((format!("{origin}{rest}"), flavour));
        }
    }
    let issuer_path = path.strip_suffix(OIDC_SUFFIX)?;
    Some((format!("{origin}{issuer_path}"), MetadataFlavour::OpenId))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_the_resource_from_prm_urls() {
        assert_eq!(
            resource_from_prm_url("https://h:8443/.well-known/oauth-protected-resource/a/mcp?t=1"),
            Some("https://h:8443/a/mcp?t=1".to_owned())
        );
        assert_eq!(
            resource_from_prm_url("https://h/.well-known/oauth-protected-resource"),
            Some("https://h".to_owned())
        );
        assert_eq!(resource_from_prm_url("https://h/custom/prm.json"), None);
        assert_eq!(resource_from_prm_url("https://h/.well-known/oauth-protected-resourcex"), None);
    }

    #[test]
    fn derives_the_issuer_from_every_construction() {
        let oauth = Some(("https://as/t1".to_owned(), MetadataFlavour::Oauth));
        let oidc = Some(("https://as/t1".to_owned(), MetadataFlavour::OpenId));
        assert_eq!(
            issuer_from_metadata_url("https://as/.well-known/oauth-authorization-server/t1"),
            oauth
        );
        assert_eq!(
            issuer_from_metadata_url("https://as/.well-known/openid-configuration/t1"),
            oidc
        );
        assert_eq!(
            issuer_from_metadata_url("https://as/t1/.well-known/openid-configuration"),
            oidc
        );
        assert_eq!(
            issuer_from_metadata_url("https://as/.well-known/oauth-authorization-server"),
            Some(("https://as".to_owned(), MetadataFlavour::Oauth))
        );
        assert_eq!(issuer_from_metadata_url("https://as/metadata.json"), None);
    }
}
