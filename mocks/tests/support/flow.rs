//! A minimal, conformant, headless OAuth flow against an MCP server, written from the spec
//! with the protocol core: 401 → PRM → AS metadata → registration → authorization (the
//! redirect is read, not followed) → token → MCP calls with the token. Shared by the mocks'
//! integration tests and benchmarks; it checks each step the way a careful client must
//! (PRM `resource`, metadata `issuer`, S256 advertised, `state`, `iss`).

#![allow(dead_code, clippy::unwrap_used, clippy::indexing_slicing)]

use mcp_auth_proto::challenge::{self, ChallengeContext};
use mcp_auth_proto::discovery::{
    IssuerIdentifier, ResourceIdentifier, as_metadata_candidates, prm_client_order,
};
use mcp_auth_proto::documents::as_metadata::AuthorizationServerMetadata;
use mcp_auth_proto::documents::prm::ProtectedResourceMetadata;
use mcp_auth_proto::documents::token::TokenResponse;
use mcp_auth_proto::pkce::{CodeChallenge, CodeVerifier};
use mcp_auth_proto::{Secret, SpecVersion};
use serde_json::{Value, json};

pub const REDIRECT_URI: &str = "http://127.0.0.1:53682/callback";

/// What a completed flow produced.
#[derive(Debug)]
pub struct Flow {
    pub access_token: Secret,
    pub refresh_token: Option<Secret>,
    pub client_id: String,
    pub issuer: String,
    pub token_endpoint: String,
    pub tool_result: Value,
}

/// A step that did not go as a conformant client requires.
#[derive(Debug)]
pub struct FlowError(pub String);

impl std::fmt::Display for FlowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn fail<T>(what: impl Into<String>) -> Result<T, FlowError> {
    Err(FlowError(what.into()))
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .unwrap()
}

async fn get_json(http: &reqwest::Client, url: &str) -> Result<(u16, Vec<u8>), FlowError> {
    let r = http.get(url).send().await.map_err(|e| FlowError(format!("GET {url}: {e}")))?;
    let status = r.status().as_u16();
    let body = r.bytes().await.map_err(|e| FlowError(e.to_string()))?.to_vec();
    Ok((status, body))
}

fn rpc(id: u64, method: &str, params: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
}

/// Runs the whole flow and calls `tool` with `{"text": "hi"}`.
pub async fn run(mcp_url: &str, tool: &str) -> Result<Flow, FlowError> {
    let http = client();
    let resource = ResourceIdentifier::parse(mcp_url).map_err(|e| FlowError(e.to_string()))?;
    let init = rpc(
        1,
        "initialize",
        json!({"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "flow", "version": "1"}}),
    );

    // 1. The anonymous request and its challenge.
    let r = http
        .post(mcp_url)
        .header("accept", "application/json, text/event-stream")
        .json(&init)
        .send()
        .await
        .map_err(|e| FlowError(e.to_string()))?;
    if r.status().as_u16() != 401 {
        return fail(format!("anonymous request got {} instead of 401", r.status()));
    }
    let fields: Vec<Vec<u8>> =
        r.headers().get_all("www-authenticate").iter().map(|v| v.as_bytes().to_vec()).collect();
    let field_refs: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
    let analysis = challenge::analyze(&field_refs, &ChallengeContext::default());
    let scope = analysis.bearer().and_then(|c| c.param("scope")).map(str::to_owned);
    let header_url = analysis.resource_metadata().map(str::to_owned);

    // 2. Protected Resource Metadata, in the order a 2025-11-25+ client uses.
    let mut prm = None;
    for candidate in prm_client_order(&resource, header_url.as_deref(), SpecVersion::LATEST) {
        let (status, body) = get_json(&http, &candidate.url).await?;
        if status != 200 {
            continue;
        }
        let doc = ProtectedResourceMetadata::parse(&body).map_err(|e| FlowError(e.to_string()))?;
        let found = doc.typed.resource.valid().map(|r| r.as_str().to_owned()).unwrap_or_default();
        if found != candidate.expected_resource && found != candidate.requested_resource {
            return fail(format!("PRM names resource {found:?}, not {mcp_url:?}"));
        }
        prm = Some(doc);
        break;
    }
    let Some(prm) = prm else { return fail("no protected resource metadata found") };
    let Some(issuer) = prm.typed.authorization_servers.valid().and_then(|a| a.first()).cloned()
    else {
        return fail("PRM names no authorization server");
    };
    let issuer = issuer.as_str().to_owned();

    // 3. Authorization-server metadata, issuer checked exactly, S256 required.
    let issuer_id = IssuerIdentifier::parse(&issuer).map_err(|e| FlowError(e.to_string()))?;
    let mut metadata = None;
    for candidate in as_metadata_candidates(&issuer_id, SpecVersion::LATEST) {
        let (status, body) = get_json(&http, &candidate.url).await?;
        if status == 200 {
            metadata = Some(
                AuthorizationServerMetadata::parse(&body).map_err(|e| FlowError(e.to_string()))?,
            );
            break;
        }
    }
    let Some(metadata) = metadata else { return fail("no authorization server metadata found") };
    let m = &metadata.typed;
    if m.issuer.valid().map(|i| i.as_str()) != Some(issuer.as_str()) {
        return fail("metadata issuer does not match");
    }
    if !m.code_challenge_methods_supported.valid().is_some_and(|v| v.iter().any(|s| s == "S256")) {
        return fail("authorization server does not advertise S256");
    }
    let text = |member: &mcp_auth_proto::Member<String>, name: &str| {
        member.valid().cloned().ok_or_else(|| FlowError(format!("metadata lacks {name}")))
    };
    let authorization_endpoint = text(&m.authorization_endpoint, "authorization_endpoint")?;
    let token_endpoint = text(&m.token_endpoint, "token_endpoint")?;
    let registration_endpoint = text(&m.registration_endpoint, "registration_endpoint")?;

    // 4. Dynamic client registration.
    let registration = http
        .post(&registration_endpoint)
        .json(&json!({
            "redirect_uris": [REDIRECT_URI],
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
            "token_endpoint_auth_method": "none",
            "application_type": "native",
            "client_name": "mcp-auth-harness flow test",
        }))
        .send()
        .await
        .map_err(|e| FlowError(e.to_string()))?;
    if registration.status().as_u16() != 201 {
        return fail(format!("registration answered {}", registration.status()));
    }
    let registered: Value = registration.json().await.map_err(|e| FlowError(e.to_string()))?;
    let Some(client_id) = registered["client_id"].as_str().map(str::to_owned) else {
        return fail("registration response has no client_id");
    };

    // 5. Authorization request; the redirect is read, not followed.
    let verifier = CodeVerifier::generate(&mut rand::rng());
    let challenge = CodeChallenge::s256(&verifier);
    let state = CodeVerifier::generate(&mut rand::rng()).expose().to_owned();
    let mut query = form_urlencoded::Serializer::new(String::new());
    query
        .append_pair("response_type", "code")
        .append_pair("client_id", &client_id)
        .append_pair("redirect_uri", REDIRECT_URI)
        .append_pair("code_challenge", challenge.as_str())
        .append_pair("code_challenge_method", "S256")
        .append_pair("state", &state)
        .append_pair("resource", mcp_url);
    if let Some(scope) = &scope {
        query.append_pair("scope", scope);
    }
    let authorize_url = format!("{authorization_endpoint}?{}", query.finish());
    let r = http.get(&authorize_url).send().await.map_err(|e| FlowError(e.to_string()))?;
    let Some(location) = r.headers().get("location").and_then(|v| v.to_str().ok()) else {
        return fail(format!("authorization endpoint answered {} without a redirect", r.status()));
    };
    let Some((callback, callback_query)) = location.split_once('?') else {
        return fail("authorization response has no query");
    };
    if callback != REDIRECT_URI {
        return fail(format!("redirected to {callback:?}, not the registered redirect URI"));
    }
    let params: Vec<(String, String)> =
        form_urlencoded::parse(callback_query.as_bytes()).into_owned().collect();
    let param = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    if let Some(error) = param("error") {
        return fail(format!("authorization error {error}"));
    }
    if param("state").as_deref() != Some(state.as_str()) {
        return fail("state missing or altered in the authorization response");
    }
    let advertised = m.authorization_response_iss_parameter_supported.valid() == Some(&true);
    match param("iss") {
        Some(iss) if iss != issuer => return fail(format!("iss {iss:?} is not the issuer")),
        None if advertised => return fail("iss advertised but missing"),
        _ => {}
    }
    let Some(code) = param("code") else { return fail("no code in the authorization response") };

    // 6. Token request.
    let token = http
        .post(&token_endpoint)
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", REDIRECT_URI),
            ("client_id", client_id.as_str()),
            ("code_verifier", verifier.expose()),
            ("resource", mcp_url),
        ])
        .send()
        .await
        .map_err(|e| FlowError(e.to_string()))?;
    let status = token.status().as_u16();
    let body = token.bytes().await.map_err(|e| FlowError(e.to_string()))?;
    if status != 200 {
        return fail(format!(
            "token endpoint answered {status}: {}",
            String::from_utf8_lossy(&body)
        ));
    }
    let tokens = TokenResponse::parse(&body).map_err(|e| FlowError(e.to_string()))?;
    let Some(access_token) = tokens.typed.access_token.valid().cloned() else {
        return fail("token response has no access_token");
    };
    let refresh_token = tokens.typed.refresh_token.valid().cloned();

    // 7. MCP with the token, on every request.
    let bearer = format!("Bearer {}", access_token.expose());
    let r = http
        .post(mcp_url)
        .header("authorization", &bearer)
        .header("accept", "application/json, text/event-stream")
        .json(&init)
        .send()
        .await
        .map_err(|e| FlowError(e.to_string()))?;
    if r.status().as_u16() != 200 {
        return fail(format!("initialize with the token got {}", r.status()));
    }
    let session =
        r.headers().get("mcp-session-id").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let with_session = |rb: reqwest::RequestBuilder| match &session {
        Some(id) => rb.header("mcp-session-id", id),
        None => rb,
    };
    let _ = with_session(http.post(mcp_url))
        .header("authorization", &bearer)
        .header("accept", "application/json, text/event-stream")
        .header("mcp-protocol-version", "2025-06-18")
        .json(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}))
        .send()
        .await
        .map_err(|e| FlowError(e.to_string()))?;
    let r = with_session(http.post(mcp_url))
        .header("authorization", &bearer)
        .header("accept", "application/json, text/event-stream")
        .header("mcp-protocol-version", "2025-06-18")
        .json(&rpc(2, "tools/call", json!({"name": tool, "arguments": {"text": "hi"}})))
        .send()
        .await
        .map_err(|e| FlowError(e.to_string()))?;
    let status = r.status().as_u16();
    let tool_result: Value = r.json().await.map_err(|e| FlowError(e.to_string()))?;
    if status != 200 {
        return fail(format!("tools/call got {status}"));
    }
    Ok(Flow { access_token, refresh_token, client_id, issuer, token_endpoint, tool_result })
}
