//! Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document -00/-01,
//! MCP 2025-11-25+): a client identifies itself with an https URL, and the document at that
//! URL carries its metadata.
//!
//! [`validate`] judges a fetched document the way a conformant authorization server must
//! (`AS-CIMD-*`); [`client_id_url_problems`] judges the URL a client uses as its
//! `client_id` (`C-REG-CIMD-CLIENT-ID`). Members are those of RFC 7591 client metadata, so
//! the model embeds [`ClientMetadata`] and adds the members CIMD constrains.

use serde::{Deserialize, Serialize};
#[cfg(feature = "arbitrary")]
use serde_json::Value;

use crate::documents::Document;
use crate::documents::checks::{Findings, Rule, UrlRule};
use crate::documents::dcr::{ClientMetadata, MetadataRules, check_metadata};
use crate::finding::{Finding, JsonPath, Level};
use crate::json::JsonError;
use crate::member::Member;
use crate::requirements::{
    AS_CIMD_ID_MATCH, AS_CIMD_LIMITS, AS_CIMD_NO_SECRETS, AS_CIMD_REDIRECT, AS_CIMD_STRUCTURE,
    C_REG_CIMD_CLIENT_ID,
};
use crate::secret::Secret;
use crate::uri::Uri;

/// The document size CIMD §6.6 recommends servers accept at most (5 KB); larger documents
/// are reported as information, since a server may refuse them.
pub const CIMD_RECOMMENDED_MAX_BYTES: usize = 5 * 1024;

/// Token endpoint authentication methods based on a shared secret, which a CIMD client
/// cannot have (CIMD §4.1).
pub const SHARED_SECRET_AUTH_METHODS: [&str; 3] =
    ["client_secret_post", "client_secret_basic", "client_secret_jwt"];

/// A Client ID Metadata Document.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ClientIdMetadataDocument {
    /// REQUIRED; equal to the document's URL.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub client_id: Member<String>,
    /// Forbidden in a CIMD (kept so a validator can say so, and a mock can send it).
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub client_secret: Member<Secret>,
    /// Forbidden in a CIMD.
    #[serde(default, skip_serializing_if = "Member::is_absent")]
    pub client_secret_expires_at: Member<u64>,
    /// Every other client metadata member, unknown ones in its `extra`.
    #[serde(flatten)]
    pub metadata: ClientMetadata,
}

impl ClientIdMetadataDocument {
    /// Reads `bytes` with the strict reader of [`crate::json`], then as this model.
    pub fn parse(bytes: &[u8]) -> Result<Document<Self>, JsonError> {
        Document::parse(bytes)
    }
}

#[cfg(feature = "arbitrary")]
impl ClientIdMetadataDocument {
    /// A JSON object with this model's member names and mixed-type values, for fuzzing.
    pub fn arbitrary_document(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Value> {
        use super::dcr::fuzzing::{Shape, object};
        let mut out = object(
            u,
            &[
                ("client_id", Shape::Url),
                ("client_secret", Shape::Text),
                ("client_secret_expires_at", Shape::Integer),
            ],
        )?;
        out.extend(object(u, super::dcr::METADATA_SHAPES)?);
        Ok(Value::Object(out))
    }
}

/// What [`validate`] compares the document against.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CimdContext {
    /// The URL the document was fetched from (the `client_id` the client presented). Empty
    /// skips the identifier comparison.
    pub document_url: String,
    /// The `redirect_uri` of the authorization request, when there is one.
    pub redirect_uri_used: Option<String>,
}

/// Validates a fetched Client ID Metadata Document.
pub fn validate(doc: &Document<ClientIdMetadataDocument>, ctx: &CimdContext) -> Vec<Finding> {
    let structure = Rule::new(AS_CIMD_STRUCTURE, Level::Must);
    let mut f = Findings::new();
    let d = &doc.typed;
    let m = &d.metadata;
    let root = JsonPath::root();

    let path = root.key("client_id");
    f.require_present(&d.client_id, structure, &path, "client_id");
    let id_match = Rule::new(AS_CIMD_ID_MATCH, Level::Must);
    match f.typed(&d.client_id, structure, &path, "a string") {
        Some(id) if !ctx.document_url.is_empty() && *id != ctx.document_url => f.report(
            id_match,
            &path,
            format!("is {id:?} but the document was fetched from {:?}; CIMD §4.1 requires simple string equality", ctx.document_url),
        ),
        Some(_) => {}
        None => f.report(id_match, &path, "no string client_id, so it cannot equal the document URL (CIMD §4.1)"),
    }
    f.require_present(&m.client_name, structure, &root.key("client_name"), "client_name");
    let path = root.key("redirect_uris");
    f.require_present(&m.redirect_uris, structure, &path, "redirect_uris");
    if m.redirect_uris.valid().is_some_and(Vec::is_empty) {
        f.report(structure, &path, "is empty; MCP requires the redirect URIs the client uses");
    }
    let rules = MetadataRules {
        types: structure,
        redirect: structure,
        consistency: Rule::new(AS_CIMD_STRUCTURE, Level::Should),
    };
    check_metadata(&mut f, m, rules);
    check_auth_method(&mut f, doc);
    check_redirect_used(&mut f, m, ctx);
    if doc.raw.len() > CIMD_RECOMMENDED_MAX_BYTES {
        f.push(Finding::new(
            AS_CIMD_LIMITS,
            Level::Info,
            format!("document is {} bytes, above the {CIMD_RECOMMENDED_MAX_BYTES}-byte size CIMD §6.6 recommends servers accept", doc.raw.len()),
        ));
    }
    f.into_vec()
}

/// CIMD §4.1: no shared-secret authentication and no `client_secret*` members; key-based
/// authentication needs keys.
fn check_auth_method(f: &mut Findings, doc: &Document<ClientIdMetadataDocument>) {
    let no_secrets = Rule::new(AS_CIMD_NO_SECRETS, Level::Must);
    let root = JsonPath::root();
    let m = &doc.typed.metadata;
    let path = root.key("token_endpoint_auth_method");
    if let Some(method) = m.token_endpoint_auth_method.valid() {
        if SHARED_SECRET_AUTH_METHODS.contains(&method.as_str())
            || method.starts_with("client_secret")
        {
            f.report(
                no_secrets,
                &path,
                format!(
                    "is {method:?}, a shared-secret method; a CIMD client has no secret (CIMD §4.1)"
                ),
            );
        }
        if method == "private_key_jwt" && m.jwks.is_absent() && m.jwks_uri.is_absent() {
            f.report(
                Rule::new(AS_CIMD_STRUCTURE, Level::Must),
                &path,
                "is private_key_jwt but the document has neither jwks nor jwks_uri to verify assertions with",
            );
        }
    }
    for name in doc.object.keys().filter(|k| k.starts_with("client_secret")) {
        f.report(
            no_secrets,
            &root.key(name),
            "a CIMD must not carry client_secret members (CIMD §4.1)",
        );
    }
}

fn check_redirect_used(f: &mut Findings, m: &ClientMetadata, ctx: &CimdContext) {
    let Some(used) = &ctx.redirect_uri_used else { return };
    let listed = m.redirect_uris.valid().is_some_and(|uris| uris.iter().any(|u| u == used));
    if !listed {
        f.report(
            Rule::new(AS_CIMD_REDIRECT, Level::Must),
            &JsonPath::root().key("redirect_uris"),
            format!("the authorization request used {used:?}, which the document does not list (exact comparison, CIMD §4.5)"),
        );
    }
}

/// What is wrong with `url` as a CIMD `client_id` (CIMD §3, MCP 2025-11-25+): it must be
/// an https URL with a path, without fragment, userinfo or dot segments, and should have
/// no query. `http` on a loopback host is reported as information (local development).
pub fn client_id_url_problems(url: &str) -> Vec<Finding> {
    let must = Rule::new(C_REG_CIMD_CLIENT_ID, Level::Must);
    let mut f = Findings::new();
    let path = JsonPath::root();
    let rule = UrlRule { query_allowed: true, ..UrlRule::IDENTIFIER };
    f.url(url, rule, must, &path, "the client_id URL");
    let Ok(uri) = Uri::parse(url) else {
        return strip_paths(f.into_vec());
    };
    if !uri.is_http_url() {
        return strip_paths(f.into_vec());
    }
    let p = uri.path();
    if p.is_empty() {
        f.report(must, &path, "the client_id URL has no path component (CIMD §3)");
    }
    let dot = p.split('/').find(|s| {
        let s = s.to_ascii_lowercase().replace("%2e", ".");
        s == "." || s == ".."
    });
    if let Some(segment) = dot {
        f.report(must, &path, format!("the client_id URL has the dot segment {segment:?} (CIMD §3; %2E counts, since normalisation decodes it)"));
    }
    if uri.query().is_some() {
        f.report(
            Rule::new(C_REG_CIMD_CLIENT_ID, Level::Should),
            &path,
            "the client_id URL has a query component, which CIMD §3 says it SHOULD NOT have",
        );
    }
    strip_paths(f.into_vec())
}

/// The URL is a header-like value, not a JSON member: findings carry no path.
fn strip_paths(findings: Vec<Finding>) -> Vec<Finding> {
    findings
        .into_iter()
        .map(|mut f| {
            f.path = None;
            f
        })
        .collect()
}

/// The finding for a client ID metadata document the strict JSON reader refused.
pub fn json_error_finding(error: &JsonError) -> Finding {
    crate::documents::checks::json_error_finding(
        AS_CIMD_STRUCTURE,
        error,
        "the client ID metadata document",
        "CIMD §4.1",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::FindingsExt;

    #[test]
    fn c_reg_cimd_client_id_url_rules() {
        assert!(client_id_url_problems("https://app.example.com/client.json").is_empty());
        assert!(client_id_url_problems("https://app.example.com:8443/c").is_empty());
        for bad in [
            "https://app.example.com",
            "https://app.example.com/a/../client.json",
            "https://app.example.com/./c",
            "https://app.example.com/%2E%2e/c",
            "https://app.example.com/c#f",
            "https://u@app.example.com/c",
            "http://app.example.com/c",
            "urn:example:client",
            "/client.json",
        ] {
            let fs = client_id_url_problems(bad);
            assert!(fs.has_must(), "{bad}: {fs:?}");
            assert!(fs.iter().all(|f| f.requirement == C_REG_CIMD_CLIENT_ID && f.path.is_none()));
        }
        assert_eq!(client_id_url_problems("https://a.example/c?v=1").worst(), Some(Level::Should));
        assert_eq!(client_id_url_problems("http://127.0.0.1:9/c").worst(), Some(Level::Info));
    }

    #[test]
    fn empty_document_url_skips_the_identifier_comparison() {
        let doc = ClientIdMetadataDocument::parse(
            br#"{"client_id":"https://a.example/c","client_name":"A","redirect_uris":["http://127.0.0.1/cb"]}"#,
        )
        .unwrap();
        assert!(validate(&doc, &CimdContext::default()).is_empty());
        let ctx =
            CimdContext { document_url: "https://a.example/c/".into(), redirect_uri_used: None };
        assert!(validate(&doc, &ctx).mentions(AS_CIMD_ID_MATCH));
    }
}
