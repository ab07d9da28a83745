//! The OAuth steps over HTTP: discovery (PRM, then authorization-server metadata, in the
//! order of the protocol version), client registration (pre-registered credentials from
//! the conformance context, else dynamic registration), the headless authorization request
//! (the 302 is read, never followed), and token requests. Each decision is taken by
//! [`super::decide`]; this module only moves bytes.

use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use mcp_auth_proto::discovery::{
    IssuerIdentifier, ResourceIdentifier, as_metadata_03, as_metadata_candidates, prm_client_order,
};
use mcp_auth_proto::documents::dcr::RegistrationResponse;
use mcp_auth_proto::documents::token::TokenResponse;
use mcp_auth_proto::requirements::{
    C_ASMETA_ENDPOINT_SCHEMES, C_ASMETA_REQUIRED_FIELDS, C_PRM_ALL_FAIL, C_REG_PRIORITY,
    C_TOK_RESPONSE_PARSING,
};
use mcp_auth_proto::{Secret, SpecVersion};
use serde_json::json;

use super::breaks::{Break, Breaks, UNBOUNDED_REGISTRATIONS};
use super::config::PreRegistered;
use super::decide::{
    self, AsFacts, Callback, CallbackError, ChallengeFacts, PrmFacts, REDIRECT_URI, Transaction,
};
use super::error::{ClientError, Failure, Refusal};
use super::http::Http;

/// Client credentials at one authorization server (kept per issuer: C-REG-AS-BINDING).
#[derive(Debug, Clone)]
pub struct Registration {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<Secret>,
    /// `none`, `client_secret_basic` or `client_secret_post`.
    pub auth_method: String,
}

/// Tokens held for the MCP server.
#[derive(Debug, Clone)]
pub struct Tokens {
    pub access: Secret,
    pub refresh: Option<Secret>,
    pub expires_at: Option<Instant>,
}

impl Tokens {
    pub fn expired(&self) -> bool {
        self.expires_at.is_some_and(|t| Instant::now() >= t)
    }
}

/// Discovery: PRM (2025-06-18 on) and the metadata of its first authorization server.
pub async fn discover(
    http: &Http,
    mcp_url: &str,
    challenge: &ChallengeFacts,
    version: SpecVersion,
    breaks: &Breaks,
) -> Result<(Option<PrmFacts>, AsFacts), ClientError> {
    let resource = ResourceIdentifier::parse(mcp_url)
        .map_err(|e| Failure::Unusable { step: "discovery", detail: e.to_string() })?;
    if version == SpecVersion::V2025_03_26 {
        return Ok((None, discover_03(http, &resource, version, breaks).await?));
    }
    // The `invent-authorization-server` variant treats every discovery failure as "try
    // elsewhere", and finally as licence to guess.
    let invent = breaks.has(Break::InventAuthorizationServer);
    let mut prm = None;
    for candidate in prm_client_order(&resource, challenge.resource_metadata.as_deref(), version) {
        if !decide::endpoint_allowed(&candidate.url) {
            return Err(Refusal::new(
                C_ASMETA_ENDPOINT_SCHEMES,
                format!("PRM URL {:?} is neither https nor loopback http", candidate.url),
            )
            .into());
        }
        let request = http.get_metadata(&candidate.url, breaks);
        let reply = match http.send("GET", &candidate.url, request).await {
            Ok(reply) => reply,
            Err(_) if invent => continue,
            Err(e) => return Err(e.into()),
        };
        // Only a 200 is a document; anything else means "try the next location".
        if reply.status == 200 {
            match decide::check_prm(&candidate, &reply.body, breaks) {
                Ok(facts) => {
                    prm = Some(facts);
                    break;
                }
                Err(_) if invent => continue,
                Err(refusal) => return Err(refusal.into()),
            }
        }
    }
    let Some(prm) = prm else {
        if invent {
            return Ok((None, discover_03(http, &resource, version, breaks).await?));
        }
        return Err(Refusal::new(C_PRM_ALL_FAIL, "no protected resource metadata found").into());
    };
    let issuer = IssuerIdentifier::parse(&prm.issuer)
        .map_err(|e| Failure::Unusable { step: "discovery", detail: e.to_string() })?;
    // The `guess-endpoints` variant goes on without a usable document.
    let guess = breaks.has(Break::GuessEndpoints);
    for candidate in as_metadata_candidates(&issuer, version) {
        if !decide::endpoint_allowed(&candidate.url) {
            return Err(Refusal::new(
                C_ASMETA_ENDPOINT_SCHEMES,
                format!("metadata URL {:?} is neither https nor loopback http", candidate.url),
            )
            .into());
        }
        let request = http.get_metadata(&candidate.url, breaks);
        let reply = match http.send("GET", &candidate.url, request).await {
            Ok(reply) => reply,
            Err(_) if guess => break,
            Err(e) => return Err(e.into()),
        };
        if reply.status == 200 {
            let checked = decide::check_metadata(
                &candidate.expected_issuer,
                &candidate.url,
                &reply.body,
                version,
                breaks,
            );
            match checked {
                Ok(facts) => return Ok((Some(prm), facts)),
                Err(r) if guess && r.requirement == C_ASMETA_REQUIRED_FIELDS => break,
                Err(refusal) => return Err(refusal.into()),
            }
        }
    }
    if guess {
        let facts = decide::guessed_endpoints(&prm.issuer);
        return Ok((Some(prm), facts));
    }
    Err(Failure::Unusable {
        step: "discovery",
        detail: format!("no authorization server metadata found for {}", prm.issuer),
    }
    .into())
}

/// 2025-03-26: metadata at the MCP server's origin, else the default endpoints.
async fn discover_03(
    http: &Http,
    resource: &ResourceIdentifier,
    version: SpecVersion,
    breaks: &Breaks,
) -> Result<AsFacts, ClientError> {
    let d = as_metadata_03(resource);
    let request = http.get_metadata(&d.metadata_url, breaks);
    let reply = http.send("GET", &d.metadata_url, request).await?;
    if reply.status == 200 {
        return Ok(decide::check_metadata(
            &d.base_url,
            &d.metadata_url,
            &reply.body,
            version,
            breaks,
        )?);
    }
    Ok(AsFacts {
        issuer: d.base_url,
        metadata_url: None,
        authorization_endpoint: d.authorization_endpoint,
        token_endpoint: d.token_endpoint,
        registration_endpoint: Some(d.registration_endpoint),
        iss_advertised: false,
        token_endpoint_auth_methods: Vec::new(),
    })
}

/// Pre-registered credentials when the context has them, else dynamic registration
/// (MCP "Client Registration Approaches"; CIMD is not implemented).
pub async fn register(
    http: &Http,
    facts: &AsFacts,
    pre_registered: Option<&PreRegistered>,
    breaks: &Breaks,
) -> Result<Registration, ClientError> {
    if let Some(pre) = pre_registered {
        let methods = &facts.token_endpoint_auth_methods;
        let auth_method = match &pre.client_secret {
            None => "none",
            Some(_) if methods.is_empty() || methods.iter().any(|m| m == "client_secret_basic") => {
                "client_secret_basic"
            }
            Some(_) if methods.iter().any(|m| m == "client_secret_post") => "client_secret_post",
            Some(_) => "client_secret_basic",
        };
        return Ok(Registration {
            issuer: facts.issuer.clone(),
            client_id: pre.client_id.clone(),
            client_secret: pre.client_secret.clone(),
            auth_method: auth_method.to_owned(),
        });
    }
    let Some(endpoint) = &facts.registration_endpoint else {
        return Err(Refusal::new(
            C_REG_PRIORITY,
            "no pre-registered credentials and no registration_endpoint; cannot register",
        )
        .into());
    };
    let body = json!({
        "redirect_uris": [REDIRECT_URI],
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "token_endpoint_auth_method": "none",
        "application_type": "native",
        "client_name": "mcp-auth-harness reference client",
    });
    // A refused registration is surfaced, not retried: the same request would be refused
    // again (the `unbounded-registration-retry` variant shows the loop this avoids).
    let attempts =
        if breaks.has(Break::UnboundedRegistrationRetry) { UNBOUNDED_REGISTRATIONS } else { 1 };
    let mut attempt = 0;
    let reply = loop {
        attempt += 1;
        let request = http
            .post(endpoint)
            .header("content-type", "application/json")
            .header("accept", "application/json")
            .body(body.to_string());
        let reply = http.send("POST", endpoint, request).await?;
        if reply.status == 201 || reply.status == 200 || attempt >= attempts {
            break reply;
        }
    };
    // RFC 7591 says 201; many servers answer 200, which is harmless to accept.
    if reply.status != 201 && reply.status != 200 {
        return Err(Failure::Status {
            step: "registration",
            status: reply.status,
            detail: reply.excerpt(),
        }
        .into());
    }
    let doc = RegistrationResponse::parse(&reply.body)
        .map_err(|e| Failure::Unusable { step: "registration response", detail: e.to_string() })?;
    let Some(client_id) = doc.typed.client_id.valid().filter(|id| !id.is_empty()).cloned() else {
        return Err(Failure::Unusable {
            step: "registration response",
            detail: "no client_id".to_owned(),
        }
        .into());
    };
    let client_secret = doc.typed.client_secret.valid().cloned();
    let auth_method = match doc.typed.metadata.token_endpoint_auth_method.valid() {
        Some(m) => m.clone(),
        None if client_secret.is_some() => "client_secret_basic".to_owned(),
        None => "none".to_owned(),
    };
    Ok(Registration { issuer: facts.issuer.clone(), client_id, client_secret, auth_method })
}

/// Form-encodes one value for `client_secret_basic` (RFC 6749 §2.3.1).
fn form_encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Sends a token request with the client's authentication.
async fn token_request(
    http: &Http,
    facts: &AsFacts,
    registration: &Registration,
    mut form: Vec<(&'static str, String)>,
) -> Result<super::http::Reply, Failure> {
    let mut request = http.post(&facts.token_endpoint).header("accept", "application/json");
    match (registration.auth_method.as_str(), &registration.client_secret) {
        ("client_secret_basic", Some(secret)) => {
            let pair = format!(
                "{}:{}",
                form_encode(&registration.client_id),
                form_encode(secret.expose())
            );
            request = request.header("authorization", format!("Basic {}", STANDARD.encode(pair)));
        }
        ("client_secret_post", Some(secret)) => {
            form.push(("client_id", registration.client_id.clone()));
            form.push(("client_secret", secret.expose().to_owned()));
        }
        _ => form.push(("client_id", registration.client_id.clone())),
    }
    let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
    let request = request.header("content-type", "application/x-www-form-urlencoded").body(body);
    http.send("POST", &facts.token_endpoint, request).await
}

/// Reads a successful token response (C-TOK-RESPONSE-PARSING).
fn read_tokens(reply: &super::http::Reply, step: &'static str) -> Result<Tokens, ClientError> {
    if reply.status != 200 {
        return Err(Failure::Status { step, status: reply.status, detail: reply.excerpt() }.into());
    }
    let doc = TokenResponse::parse(&reply.body)
        .map_err(|e| Refusal::new(C_TOK_RESPONSE_PARSING, format!("{step}: {e}")))?;
    let Some(access) = doc.typed.access_token.valid().filter(|t| !t.is_empty()).cloned() else {
        return Err(Refusal::new(C_TOK_RESPONSE_PARSING, format!("{step}: no access_token")).into());
    };
    if !doc.typed.token_type.valid().is_some_and(|t| t.eq_ignore_ascii_case("bearer")) {
        return Err(Refusal::new(
            C_TOK_RESPONSE_PARSING,
            format!("{step}: token_type is not Bearer"),
        )
        .into());
    }
    let expires_at = doc.typed.expires_in.valid().map(|s| Instant::now() + Duration::from_secs(*s));
    Ok(Tokens { access, refresh: doc.typed.refresh_token.valid().cloned(), expires_at })
}

/// One authorization: the request (read headlessly), the response checks, and the code
/// exchange. `resource` is `None` before 2025-06-18 (no RFC 8707 then).
pub async fn authorize(
    http: &Http,
    facts: &AsFacts,
    registration: &Registration,
    scope: Option<&str>,
    resource: Option<&str>,
    breaks: &Breaks,
) -> Result<Tokens, ClientError> {
    let resource = resource.filter(|_| !breaks.has(Break::NoResource));
    let (mut callback, mut tx) =
        authorization_round(http, facts, registration, scope, resource, breaks).await?;
    if matches!(callback, Callback::Error { .. })
        && breaks.has(Break::PlainAfterError)
        && !breaks.has(Break::PlainPkce)
    {
        let downgraded = breaks.with(Break::PlainPkce);
        (callback, tx) =
            authorization_round(http, facts, registration, scope, resource, &downgraded).await?;
    }
    let code = match callback {
        Callback::Code(code) => code,
        Callback::Error { error } => {
            return Err(Failure::Unusable {
                step: "authorization response",
                detail: format!("the authorization server answered error={error}"),
            }
            .into());
        }
    };
    let mut form = vec![
        ("grant_type", "authorization_code".to_owned()),
        ("code", code.expose().to_owned()),
        ("redirect_uri", REDIRECT_URI.to_owned()),
    ];
    if let Some(verifier) = &tx.verifier {
        form.push(("code_verifier", verifier.expose().to_owned()));
    }
    if let Some(resource) = resource {
        form.push(("resource", resource.to_owned()));
    }
    let reply = token_request(http, facts, registration, form).await?;
    read_tokens(&reply, "token request")
}

/// One authorization request, read headlessly: the accepted callback and the transaction
/// it belongs to.
async fn authorization_round(
    http: &Http,
    facts: &AsFacts,
    registration: &Registration,
    scope: Option<&str>,
    resource: Option<&str>,
    breaks: &Breaks,
) -> Result<(Callback, Transaction), ClientError> {
    let tx = Transaction::new(&facts.issuer, facts.iss_advertised, breaks);
    let url = decide::authorization_url(
        &facts.authorization_endpoint,
        &registration.client_id,
        scope,
        resource,
        &tx,
        breaks,
    );
    let reply = http.send("GET", &facts.authorization_endpoint, http.get(&url)).await?;
    let location = match (reply.status, reply.header("location")) {
        (300..=399, Some(location)) => location.to_owned(),
        (status, _) => {
            return Err(Failure::Status {
                step: "authorization request (expected a redirect)",
                status,
                detail: reply.excerpt(),
            }
            .into());
        }
    };
    match decide::read_callback(&location, &tx, breaks) {
        Ok(callback) => Ok((callback, tx)),
        Err(CallbackError::Refused(r)) => Err(r.into()),
        Err(CallbackError::Failed(f)) => Err(f.into()),
    }
}

/// A refresh-token grant; `Ok(None)` when the server refused it (the caller then
/// re-authorizes). A rotated refresh token replaces the old one (C-TOK-REFRESH-ROTATION).
pub async fn refresh(
    http: &Http,
    facts: &AsFacts,
    registration: &Registration,
    tokens: &Tokens,
    resource: Option<&str>,
    breaks: &Breaks,
) -> Result<Option<Tokens>, ClientError> {
    // The `assume-refresh-token` variant renews as if one had been issued.
    let assumed = tokens.refresh.is_none() && breaks.has(Break::AssumeRefreshToken);
    let refresh_token = match &tokens.refresh {
        Some(token) => token.expose().to_owned(),
        None if assumed => String::new(),
        None => return Ok(None),
    };
    let mut form =
        vec![("grant_type", "refresh_token".to_owned()), ("refresh_token", refresh_token)];
    if let Some(resource) = resource.filter(|_| !breaks.has(Break::NoResource)) {
        form.push(("resource", resource.to_owned()));
    }
    let reply = token_request(http, facts, registration, form).await?;
    if reply.status != 200 && assumed {
        return Err(Failure::Status {
            step: "refresh (with the refresh token assumed issued)",
            status: reply.status,
            detail: reply.excerpt(),
        }
        .into());
    }
    if reply.status != 200 {
        return Ok(None);
    }
    let mut fresh = read_tokens(&reply, "refresh")?;
    if fresh.refresh.is_none() || breaks.has(Break::ReuseOldRefreshToken) {
        // No new refresh token: the old one stays valid (OAuth 2.1 §4.3.3). (The
        // `reuse-old-refresh-token` variant keeps it even when a new one came.)
        fresh.refresh = tokens.refresh.clone();
    }
    Ok(Some(fresh))
}
