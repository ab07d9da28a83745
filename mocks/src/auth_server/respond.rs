//! Response helpers: JSON documents, OAuth error objects (RFC 6749 §5.2), the error page
//! shown instead of redirecting (OAuth 2.1 §4.1.2.1), and form parameters.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// A JSON response; `no_store` adds `Cache-Control: no-store` and `Pragma: no-cache`
/// (responses carrying tokens or credentials, OAuth 2.1 §3.2.3, RFC 7591 §3.2.1).
pub(super) fn json(status: StatusCode, body: &Value, no_store: bool) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let mut response =
        (status, [(header::CONTENT_TYPE, "application/json")], bytes).into_response();
    if no_store {
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    }
    response
}

/// An OAuth error a JSON endpoint answers with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct OAuthError {
    pub status: StatusCode,
    pub code: String,
    pub description: String,
    /// `WWW-Authenticate` to send (401 `invalid_client` after HTTP Basic, OAuth 2.1 §3.2.4).
    pub challenge: Option<String>,
}

impl OAuthError {
    /// A 400 error. Descriptions never contain credentials.
    pub fn new(code: &str, description: impl Into<String>) -> Self {
        OAuthError {
            status: StatusCode::BAD_REQUEST,
            code: code.to_owned(),
            description: description.into(),
            challenge: None,
        }
    }

    pub fn invalid_request(description: impl Into<String>) -> Self {
        Self::new("invalid_request", description)
    }

    pub fn invalid_grant(description: impl Into<String>) -> Self {
        Self::new("invalid_grant", description)
    }

    pub fn invalid_client(description: impl Into<String>, realm: Option<&str>) -> Self {
        match realm {
            // The client used the Authorization header: 401 naming the scheme it used.
            Some(realm) => OAuthError {
                status: StatusCode::UNAUTHORIZED,
                challenge: Some(format!("Basic realm=\"{}\"", realm.replace(['"', '\\'], ""))),
                ..Self::new("invalid_client", description)
            },
            None => Self::new("invalid_client", description),
        }
    }

    /// The error as `text/plain` (the `token_errors_not_json` flaw).
    pub fn into_plain_response(self) -> Response {
        let body = format!("error: {}\n{}\n", self.code, error_text(&self.description));
        (self.status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
    }

    pub fn into_response(self) -> Response {
        let mut response = json(
            self.status,
            &json!({ "error": self.code, "error_description": error_text(&self.description) }),
            true,
        );
        if let Some(challenge) = self.challenge.and_then(|c| HeaderValue::from_str(&c).ok()) {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, challenge);
        }
        response
    }
}

/// `text` within the `error_description` charset, `%x20-21 / %x23-5B / %x5D-7E`
/// (RFC 6749 §4.1.2.1, §5.2): anything else becomes `'`.
pub(super) fn error_text(text: &str) -> String {
    text.chars()
        .map(|c| if matches!(c, ' '..='~') && c != '"' && c != '\\' { c } else { '\'' })
        .collect()
}

/// The page shown when the authorization server must not redirect (unknown client,
/// unregistered redirect URI; OAuth 2.1 §4.1.2.1): 400, HTML, the reason escaped.
pub(super) fn error_page(message: &str) -> Response {
    let escaped = message
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    let body = format!(
        "<!doctype html><html><head><title>Authorization error</title></head><body><h1>Authorization error</h1><p>{escaped}</p></body></html>"
    );
    (StatusCode::BAD_REQUEST, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body)
        .into_response()
}

/// Form or query parameters, with the OAuth rules: a parameter without a value is treated
/// as omitted, and no parameter may repeat (OAuth 2.1 §3.1, §3.2) except those allowed to.
#[derive(Debug, Clone, Default)]
pub(super) struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    pub fn parse(input: &[u8]) -> Self {
        let pairs =
            form_urlencoded::parse(input).into_owned().filter(|(_, v)| !v.is_empty()).collect();
        Params { pairs }
    }

    /// The value of `name`; `Err` with the name when it repeats.
    pub fn one(&self, name: &str) -> Result<Option<&str>, String> {
        let mut values = self.pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let first = values.next();
        match values.next() {
            Some(_) => Err(name.to_owned()),
            None => Ok(first),
        }
    }

    /// Every value of `name` (for `resource`, which RFC 8707 lets repeat).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }

    /// The first parameter other than `allowed_to_repeat` that appears more than once.
    pub fn repeated(&self, allowed_to_repeat: &[&str]) -> Option<&str> {
        self.pairs.iter().enumerate().find_map(|(i, (k, _))| {
            let again = self.pairs.iter().skip(i + 1).any(|(other, _)| other == k);
            (again && !allowed_to_repeat.contains(&k.as_str())).then_some(k.as_str())
        })
    }
}

/// Whether the request's `Content-Type` is `type_` (parameters and case ignored).
pub(super) fn content_type_is(headers: &HeaderMap, type_: &str) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(type_))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_values_are_omitted_and_repeats_are_found() {
        let p = Params::parse(b"a=1&b=&resource=x&resource=y&c=2&c=3");
        assert_eq!(p.one("a"), Ok(Some("1")));
        assert_eq!(p.one("b"), Ok(None));
        assert_eq!(p.all("resource"), ["x", "y"]);
        assert_eq!(p.repeated(&["resource"]), Some("c"));
        assert_eq!(p.one("c"), Err("c".to_owned()));
    }

    #[test]
    fn rfc6749_5_2_error_description_charset() {
        assert_eq!(error_text("bad \"value\" \u{e9}\\\n"), "bad 'value' '''");
        let r = OAuthError::invalid_request("bad \"value\" \u{e9}\n").into_response();
        assert_eq!(r.headers()[header::CACHE_CONTROL], "no-store");
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let r = OAuthError::invalid_client("no", Some("http://as")).into_response();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(r.headers()[header::WWW_AUTHENTICATE], "Basic realm=\"http://as\"");
    }
}
