//! The OAuth steps over HTTP: discovery (PRM, then authorization-server metadata, in the
//! order of the protocol version), the client's identity (pre-registered credentials from
//! the conformance context, a metadata-document URL, or dynamic registration), the headless
//! authorization request (the 302 is read, never followed), token requests (authorization
//! code, refresh, client credentials) with the client's authentication (none, a secret, or
//! a `private_key_jwt` assertion signed with the context's key). Each decision is taken by
//! [`super::decide`]; this module only moves bytes (and signs the assertion).

use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use mcp_auth_mocks::keys::SigningKey;
use mcp_auth_proto::discovery::{
    IssuerIdentifier, MetadataKind, ResourceIdentifier, as_metadata_03, as_metadata_candidates,
    prm_client_order, prm_well_known_root,
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
    /// `none`, `client_secret_basic`, `client_secret_post` or `private_key_jwt`.
    pub auth_method: String,
    /// The key `private_key_jwt` assertions are signed with.
    pub assertion_key: Option<SigningKey>,
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
    if version == SpecVersion::V2025_03_26 && !breaks.has(Break::NoLegacyDiscovery) {
        return Ok((None, discover_03(http, &resource, version, breaks).await?));
    }
    // The no-legacy-discovery variant discovers a 2025-03-26 server the 2025-11-25 way.
    let prm_version =
        if version == SpecVersion::V2025_03_26 { SpecVersion::V2025_11_25 } else { version };
    let header_url = challenge.resource_metadata.as_deref();
    if breaks.has(Break::ProbeRootPrm) && header_url.is_some() {
        let root = prm_well_known_root(&resource);
        http.send("GET", &root, http.get(&root)).await?;
    }
    let mut candidates = prm_client_order(&resource, header_url, prm_version);
    if breaks.has(Break::NoPrmFallback) && header_url.is_none() {
        candidates.clear();
    }
    // The `invent-authorization-server` variant treats every discovery failure as "try
    // elsewhere", and finally as licence to guess.
    let invent = breaks.has(Break::InventAuthorizationServer);
    let mut prm = None;
    for candidate in candidates {
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
    if breaks.has(Break::DropIssuerPath) && !issuer.is_root() {
        let dropped = format!("{}/.well-known/oauth-authorization-server", issuer.origin());
        http.send("GET", &dropped, http.get(&dropped)).await?;
    }
    // The `guess-endpoints` variant goes on without a usable document.
    let guess = breaks.has(Break::GuessEndpoints);
    for candidate in as_metadata_candidates(&issuer, prm_version)
        .into_iter()
        .filter(|c| !(breaks.has(Break::NoOidcDiscovery) && c.kind == MetadataKind::OpenId))
    {
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
    Ok(AsFacts::defaults_03(
        d.base_url,
        d.authorization_endpoint,
        d.token_endpoint,
        d.registration_endpoint,
    ))
}

/// A client identity at the authorization server of `facts`: pre-registered credentials
/// from the conformance context, else the metadata-document URL where the server supports
/// those, else dynamic registration (the order of [`decide::registration_approach`]).
pub async fn register(
    http: &Http,
    facts: &AsFacts,
    pre_registered: Option<&PreRegistered>,
    version: SpecVersion,
    breaks: &Breaks,
) -> Result<Registration, ClientError> {
    match decide::registration_approach(facts, pre_registered.is_some(), version, breaks)? {
        decide::Registering::PreRegistered => match pre_registered {
            Some(pre) => pre_registration(facts, pre),
            None => Err(Failure::Unusable {
                step: "registration",
                detail: "no pre-registered credentials".to_owned(),
            }
            .into()),
        },
        decide::Registering::MetadataDocument => Ok(Registration {
            issuer: facts.issuer.clone(),
            client_id: decide::CIMD_CLIENT_ID.to_owned(),
            client_secret: None,
            auth_method: "none".to_owned(),
            assertion_key: None,
        }),
        decide::Registering::Dynamic => dynamic_registration(http, facts, breaks).await,
    }
}

/// The registration the conformance context describes: a private key means
/// `private_key_jwt`; a secret the method the metadata offers (Basic first, as RFC 6749
/// §2.3.1 requires servers to support it); neither a public client.
fn pre_registration(facts: &AsFacts, pre: &PreRegistered) -> Result<Registration, ClientError> {
    let methods = &facts.token_endpoint_auth_methods;
    let assertion_key =
        match &pre.private_key_pem {
            Some(pem) => Some(SigningKey::from_pkcs8_pem(pem.expose(), "").map_err(|e| {
                Failure::Unusable { step: "private_key_pem", detail: e.to_string() }
            })?),
            None => None,
        };
    let auth_method = match (&assertion_key, &pre.client_secret) {
        (Some(_), _) => "private_key_jwt",
        (None, None) => "none",
        (None, Some(_))
            if methods.is_empty() || methods.iter().any(|m| m == "client_secret_basic") =>
        {
            "client_secret_basic"
        }
        (None, Some(_)) if methods.iter().any(|m| m == "client_secret_post") => {
            "client_secret_post"
        }
        (None, Some(_)) => "client_secret_basic",
    };
    Ok(Registration {
        issuer: facts.issuer.clone(),
        client_id: pre.client_id.clone(),
        client_secret: pre.client_secret.clone(),
        auth_method: auth_method.to_owned(),
        assertion_key,
    })
}

/// RFC 7591 registration as a native public client.
async fn dynamic_registration(
    http: &Http,
    facts: &AsFacts,
    breaks: &Breaks,
) -> Result<Registration, ClientError> {
    let Some(endpoint) = &facts.registration_endpoint else {
        return Err(
            Refusal::new(C_REG_PRIORITY, "no registration_endpoint; cannot register").into()
        );
    };
    let mut body = json!({
        "redirect_uris": [REDIRECT_URI],
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "token_endpoint_auth_method": "none",
        "application_type": "native",
        "client_name": "mcp-auth-harness reference client",
    });
    if breaks.has(Break::NoApplicationType)
        && let Some(object) = body.as_object_mut()
    {
        object.remove("application_type");
    }
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
    Ok(Registration {
        issuer: facts.issuer.clone(),
        client_id,
        client_secret,
        auth_method,
        assertion_key: None,
    })
}

/// Form-encodes one value for `client_secret_basic` (RFC 6749 §2.3.1).
fn form_encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// RFC 7523 §2.2.
const JWT_BEARER_ASSERTION: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// How long a client assertion is valid.
const ASSERTION_LIFETIME_SECONDS: u64 = 60;

/// A `private_key_jwt` client assertion (RFC 7523 §3): `iss` = `sub` = the client_id,
/// `aud` = the authorization server's issuer, a minute of life, a fresh `jti`; ES256.
fn client_assertion(key: &SigningKey, client_id: &str, audience: &str) -> Result<String, Failure> {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let jti: [u8; 16] = rand::random();
    let header = json!({ "alg": "ES256", "typ": "JWT" });
    let claims = json!({
        "iss": client_id,
        "sub": client_id,
        "aud": audience,
        "iat": now,
        "exp": now + ASSERTION_LIFETIME_SECONDS,
        "jti": URL_SAFE_NO_PAD.encode(jti),
    });
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature = key
        .sign(input.as_bytes())
        .map_err(|e| Failure::Unusable { step: "client assertion", detail: e.to_string() })?;
    Ok(format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature)))
}

/// Sends a token request with the client's authentication.
async fn token_request(
    http: &Http,
    facts: &AsFacts,
    registration: &Registration,
    mut form: Vec<(&'static str, String)>,
    breaks: &Breaks,
) -> Result<super::http::Reply, Failure> {
    let mut request = http.post(&facts.token_endpoint).header("accept", "application/json");
    let method = match (registration.auth_method.as_str(), &registration.client_secret) {
        (_, Some(_)) if breaks.has(Break::SecretInForm) => "client_secret_post",
        (method, _) => method,
    };
    match (method, &registration.client_secret) {
        ("private_key_jwt", _) if registration.assertion_key.is_some() => {
            let audience = if breaks.has(Break::AssertionAudTokenEndpoint) {
                facts.token_endpoint.as_str()
            } else {
                facts.issuer.as_str()
            };
            if let Some(key) = &registration.assertion_key {
                let assertion = client_assertion(key, &registration.client_id, audience)?;
                form.push(("client_assertion_type", JWT_BEARER_ASSERTION.to_owned()));
                form.push(("client_assertion", assertion));
            }
        }
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
    let reply = token_request(http, facts, registration, form, breaks).await?;
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

/// The client credentials grant (OAuth 2.1 §4.2) with the client's own authentication:
/// what a client acting on its own behalf uses where the authorization server offers no
/// authorization code grant.
pub async fn client_credentials(
    http: &Http,
    facts: &AsFacts,
    registration: &Registration,
    scope: Option<&str>,
    resource: Option<&str>,
    breaks: &Breaks,
) -> Result<Tokens, ClientError> {
    let mut form = vec![("grant_type", "client_credentials".to_owned())];
    if let Some(scope) = scope {
        form.push(("scope", scope.to_owned()));
    }
    if let Some(resource) = resource.filter(|_| !breaks.has(Break::NoResource)) {
        form.push(("resource", resource.to_owned()));
    }
    let reply = token_request(http, facts, registration, form, breaks).await?;
    read_tokens(&reply, "client credentials token request")
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
    let reply = token_request(http, facts, registration, form, breaks).await?;
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
