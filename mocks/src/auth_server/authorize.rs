//! `GET /authorize` with automatic consent (OAuth 2.1 §4.1.1–§4.1.2, RFC 7636, RFC 8707,
//! RFC 9207).
//!
//! Until the client and its redirect URI are established, every problem is shown on an
//! error page and never redirected (OAuth 2.1 §4.1.2.1; AS-REDIRECT-NO-AUTO). After that,
//! problems go back to the client as error redirects with `state` and `iss`, like
//! successes; the switchboard decides what becomes of `state` and `iss`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mcp_auth_proto::pkce::{CodeChallenge, CodeChallengeMethod};
use mcp_auth_proto::redirect::redirect_uri_matches_any;
use mcp_auth_proto::scope::Scope;

use super::respond::{Params, error_page, error_text};
use super::state::{CODE_LIFETIME_SECONDS, Client, Code};
use super::{Incoming, Shared, cimd};
use crate::config::{AsFlaw, AuthorizeBehaviour, CimdResolution, IssParameter, StateBehaviour};
use crate::journal::CredentialKind;
use crate::keys::random_id;
use crate::mint::now_seconds;

/// The client named by `client_id`: registered, or (when enabled) resolved from its
/// metadata document, fetched afresh each time and forgotten when it fails.
pub(super) async fn client(
    shared: &Shared,
    client_id: &str,
    fresh: bool,
) -> Result<Client, String> {
    let preregistered = shared.config.clients.iter().any(|c| c.client_id == client_id);
    let by_document =
        shared.config.client_id_metadata_documents && cimd::is_url(client_id) && !preregistered;
    if (!by_document || !fresh)
        && let Some(known) = shared.state().clients.get(client_id).cloned()
    {
        return Ok(known);
    }
    if !by_document {
        return Err(format!(
            "unknown client_id {:?}",
            client_id.chars().take(200).collect::<String>()
        ));
    }
    if shared.config.cimd_resolution == CimdResolution::Trust {
        let client = cimd::trusted(client_id);
        shared.state().clients.insert(client_id.to_owned(), client.clone());
        return Ok(client);
    }
    match cimd::resolve(shared, client_id).await {
        Ok(client) => {
            shared.state().clients.insert(client_id.to_owned(), client.clone());
            Ok(client)
        }
        Err(e) => {
            shared.state().clients.remove(client_id);
            Err(e.to_string())
        }
    }
}

/// Builds the redirects back to the client.
struct Redirect<'a> {
    shared: &'a Shared,
    redirect_uri: String,
    state: Option<String>,
}

impl Redirect<'_> {
    fn to(&self, mut params: Vec<(&str, String)>) -> Response {
        let config = &self.shared.config;
        let state = match &config.state {
            StateBehaviour::Echo => self.state.clone(),
            StateBehaviour::Drop => None,
            StateBehaviour::Replace(value) => Some(value.clone()),
        };
        if let Some(state) = state {
            params.push(("state", state));
        }
        match &config.iss_parameter {
            IssParameter::Correct => params.push(("iss", self.shared.issuer.clone())),
            IssParameter::Value(value) => params.push(("iss", value.clone())),
            IssParameter::MissingButAdvertised | IssParameter::Unsupported => {}
        }
        let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(params).finish();
        let separator = if self.redirect_uri.contains('?') { '&' } else { '?' };
        let location = format!("{}{separator}{query}", self.redirect_uri);
        match HeaderValue::from_str(&location) {
            Ok(location) => (StatusCode::FOUND, [(header::LOCATION, location)]).into_response(),
            Err(_) => error_page("the redirect URI cannot be put in a Location header"),
        }
    }

    /// The implicit grant's answer: parameters in the fragment (the `implicit_allowed`
    /// flaw only).
    fn fragment(&self, params: Vec<(&str, String)>) -> Response {
        let mut params = params;
        if let Some(state) = &self.state {
            params.push(("state", state.clone()));
        }
        let fragment =
            form_urlencoded::Serializer::new(String::new()).extend_pairs(params).finish();
        match HeaderValue::from_str(&format!("{}#{fragment}", self.redirect_uri)) {
            Ok(location) => (StatusCode::FOUND, [(header::LOCATION, location)]).into_response(),
            Err(_) => error_page("the redirect URI cannot be put in a Location header"),
        }
    }

    fn error(&self, code: &str, description: &str) -> Response {
        self.to(vec![("error", code.to_owned()), ("error_description", error_text(description))])
    }
}

pub(super) async fn authorize(shared: &Shared, request: &Incoming) -> Response {
    let params = Params::parse(request.query.as_bytes());
    let client_id = match params.one("client_id") {
        Ok(Some(id)) => id,
        Ok(None) => return error_page("client_id is missing"),
        Err(_) => return error_page("client_id is repeated"),
    };
    let Ok(redirect_param) = params.one("redirect_uri") else {
        return error_page("redirect_uri is repeated");
    };
    let client = match client(shared, client_id, true).await {
        Ok(client) => client,
        Err(message) => {
            // The flaw: the error goes wherever the unverified request says.
            if let (true, Some(uri)) =
                (shared.config.has(AsFlaw::RedirectOnUnknownClient), redirect_param)
            {
                let redirect = Redirect { shared, redirect_uri: uri.to_owned(), state: None };
                return redirect.error("invalid_client", &message);
            }
            return error_page(&message);
        }
    };
    let registered = client.redirect_uris.iter().map(String::as_str);
    let prefix_match = |uri: &str| {
        shared.config.has(AsFlaw::RedirectUriPrefixMatch)
            && client.redirect_uris.iter().any(|r| uri.starts_with(r.as_str()))
    };
    let redirect_uri = match redirect_param {
        Some(uri)
            if redirect_uri_matches_any(registered, uri).is_accepted()
                || prefix_match(uri)
                || (client.any_redirect_uri && is_http_url(uri)) =>
        {
            uri.to_owned()
        }
        Some(_) => return error_page("redirect_uri is not registered for this client"),
        // OAuth 2.1 §4.1.1: optional only when exactly one is registered.
        None => match client.redirect_uris.as_slice() {
            [only] => only.clone(),
            _ => {
                return error_page(
                    "redirect_uri is required: the client does not have exactly one",
                );
            }
        },
    };
    let redirect = Redirect {
        shared,
        redirect_uri,
        state: params.one("state").ok().flatten().map(str::to_owned),
    };
    if shared.config.has(AsFlaw::ImplicitAllowed)
        && params.one("response_type").ok().flatten() == Some("token")
    {
        return redirect
            .fragment(vec![("access_token", random_id(32)), ("token_type", "Bearer".to_owned())]);
    }
    match checked(shared, &params, &client, redirect.redirect_uri.clone()) {
        Err((code, description)) => redirect.error(code, &description),
        Ok(_) if rejected_by_configuration(shared) => {
            let reject = shared.config.reject_authorizations.as_ref();
            let error = reject.map_or("invalid_request", |r| r.error.as_str());
            let description = reject.and_then(|r| r.description.as_deref());
            redirect.error(error, description.unwrap_or("refused by configuration"))
        }
        Ok(code) => match &shared.config.authorize {
            AuthorizeBehaviour::Error { error, description } => {
                redirect.error(error, description.as_deref().unwrap_or("refused by configuration"))
            }
            AuthorizeBehaviour::Approve => {
                let value = random_id(32);
                shared.journal.note_issued(CredentialKind::AuthorizationCode, &shared.name, &value);
                shared.state().codes.insert(value.clone(), code);
                redirect.to(vec![("code", value)])
            }
        },
    }
}

/// An absolute `http` or `https` URL without a fragment (what a client that may use any
/// redirect URI may still not leave).
fn is_http_url(uri: &str) -> bool {
    mcp_auth_proto::Uri::parse(uri).is_ok_and(|u| u.is_http_url() && u.fragment().is_none())
}

/// Whether `reject_authorizations` refuses this (otherwise valid) request; counts it.
fn rejected_by_configuration(shared: &Shared) -> bool {
    let Some(reject) = &shared.config.reject_authorizations else { return false };
    let mut state = shared.state();
    if state.rejected_authorizations >= reject.count {
        return false;
    }
    state.rejected_authorizations += 1;
    true
}

type Refusal = (&'static str, String);

/// The code a valid request earns, or the error to redirect with.
fn checked(
    shared: &Shared,
    params: &Params,
    client: &Client,
    redirect_uri: String,
) -> Result<Code, Refusal> {
    let invalid = |description: String| ("invalid_request", description);
    if let Some(name) = params.repeated(&["resource"]) {
        return Err(invalid(format!("{name} is repeated")));
    }
    let one = |name: &str| params.one(name).ok().flatten();
    match one("response_type") {
        None => return Err(invalid("response_type is missing".to_owned())),
        Some("code") => {}
        Some(other) => {
            return Err((
                "unsupported_response_type",
                format!(
                    "response_type {other:?} is not supported; only code (OAuth 2.1 has no implicit grant)"
                ),
            ));
        }
    }
    let methods = &shared.config.pkce_methods;
    let any_method = shared.config.has(AsFlaw::AcceptAnyPkceMethod);
    let challenge = match (one("code_challenge"), one("code_challenge_method")) {
        (None, _) if !methods.is_empty() && !shared.config.has(AsFlaw::AcceptMissingPkce) => {
            return Err(invalid("code_challenge is required (PKCE, OAuth 2.1 §4.1.1)".to_owned()));
        }
        (None, Some(_)) => {
            return Err(invalid("code_challenge_method without code_challenge".to_owned()));
        }
        (None, None) => None,
        (Some(challenge), method) => {
            // RFC 7636 §4.3: an absent method means plain.
            let name = method.unwrap_or("plain");
            if !methods.is_empty() && !methods.iter().any(|m| m == name) && !any_method {
                return Err(invalid(format!(
                    "code_challenge_method {name:?} is not supported; supported: {}",
                    methods.join(" ")
                )));
            }
            let method = match CodeChallengeMethod::parse(name) {
                Ok(method) => method,
                Err(_) if any_method => CodeChallengeMethod::Plain,
                Err(e) => return Err(invalid(e.to_string())),
            };
            CodeChallenge::parse(challenge, method).map_err(|e| invalid(e.to_string()))?;
            Some((challenge.to_owned(), method))
        }
    };
    let resources: Vec<String> = params.all("resource").into_iter().map(str::to_owned).collect();
    if let Some(unknown) = resources.iter().find(|r| !shared.resources.contains(r)) {
        return Err((
            "invalid_target",
            format!("resource {unknown:?} is not a resource this server issues tokens for"),
        ));
    }
    let scope = requested_scope(shared, one("scope"))?;
    Ok(Code {
        client_id: client.client_id.clone(),
        redirect_uri,
        challenge,
        resources,
        scope,
        expires_at: now_seconds() + CODE_LIFETIME_SECONDS,
    })
}

/// The scope tokens of a `scope` parameter: well-formed, and known when the server
/// advertises `scopes_supported`. Absent: nothing (no default scope is granted).
pub(super) fn requested_scope(
    shared: &Shared,
    scope: Option<&str>,
) -> Result<Vec<String>, Refusal> {
    let Some(scope) = scope else { return Ok(Vec::new()) };
    let parsed =
        Scope::parse(scope).map_err(|e| ("invalid_scope", format!("scope is malformed: {e}")))?;
    let known = &shared.scopes_supported;
    if let Some(unknown) = parsed.tokens().iter().find(|t| !known.is_empty() && !known.contains(t))
    {
        return Err(("invalid_scope", format!("scope {unknown:?} is not supported")));
    }
    let mut tokens: Vec<String> = Vec::new();
    for t in parsed.tokens() {
        if !tokens.contains(t) {
            tokens.push(t.clone());
        }
    }
    Ok(tokens)
}
