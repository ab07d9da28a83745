//! The run: the anonymous first request, authorization when challenged, then the MCP
//! operations (open, list tools, call each tool), each sent with the token in the
//! `Authorization` header and nowhere else, to the MCP server only. A 401 on an
//! authorized request gets a refreshed token (or a new authorization) a bounded number of
//! times; a 403 `insufficient_scope` gets a step-up for the union of scopes, bounded too.

use std::io::Write;

use mcp_auth_proto::SpecVersion;
use serde_json::{Map, Value};

use super::breaks::Break;
use super::config::Config;
use super::decide::{self, AsFacts, ChallengeFacts};
use super::error::{ClientError, Failure};
use super::http::{Http, Reply};
use super::mcp::{self, Message};
use super::oauth::{self, Registration, Tokens};

/// What a successful run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Authorization requests completed (the first one and every step-up or re-auth).
    pub authorizations: u32,
    pub refreshes: u32,
    pub tools_called: Vec<String>,
}

/// The client's state during a run.
struct Client<'a> {
    config: &'a Config,
    http: Http,
    log: &'a mut dyn Write,
    facts: Option<AsFacts>,
    registration: Option<Registration>,
    tokens: Option<Tokens>,
    scope: Option<String>,
    /// The authorization server offers only client credentials, and this client holds some:
    /// tokens come from that grant instead of an authorization.
    client_credentials: bool,
    session: Option<String>,
    next_id: u64,
    summary: Summary,
}

/// Runs the client against `config.mcp_url`, writing progress (never a secret) to `log`.
pub async fn run(config: &Config, log: &mut dyn Write) -> Result<Summary, ClientError> {
    let mut client = Client {
        config,
        http: Http::new()?,
        log,
        facts: None,
        registration: None,
        tokens: None,
        scope: None,
        client_credentials: false,
        session: None,
        next_id: 1,
        summary: Summary::default(),
    };
    client.operations().await?;
    Ok(client.summary)
}

impl Client<'_> {
    fn version(&self) -> SpecVersion {
        self.config.spec_version
    }

    fn note(&mut self, line: std::fmt::Arguments<'_>) {
        // Progress lines are best effort: a closed stderr must not end the run.
        let _ = writeln!(self.log, "reference-client: {line}");
    }

    fn id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// The `resource` value: the MCP server URL, from 2025-06-18 on (RFC 8707).
    fn resource(&self) -> Option<&str> {
        (self.version() >= SpecVersion::V2025_06_18).then_some(self.config.mcp_url.as_str())
    }

    async fn operations(&mut self) -> Result<(), ClientError> {
        let version = self.version();
        let opening = mcp::opening(version, 1);
        let (reply, _) = self.exchange(&opening).await?;
        if !mcp::is_stateless(version) {
            self.session = reply.header("mcp-session-id").map(str::to_owned);
            let done = mcp::initialized(version, self.session.as_deref());
            self.send_authorized(&done).await?;
        }
        let id = self.id();
        let list = mcp::request(version, id, "tools/list", Map::new(), self.session.as_deref());
        let (_, listed) = self.exchange(&list).await?;
        let tools = listed
            .get("result")
            .and_then(|r| r.get("tools"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for tool in tools {
            let Some(name) = tool.get("name").and_then(Value::as_str) else { continue };
            let mut params = Map::new();
            params.insert("name".to_owned(), Value::from(name));
            params.insert("arguments".to_owned(), mcp::tool_arguments(&tool));
            let id = self.id();
            let call = mcp::request(version, id, "tools/call", params, self.session.as_deref());
            self.exchange(&call).await?;
            self.note(format_args!("called tool {name:?}"));
            self.summary.tools_called.push(name.to_owned());
        }
        Ok(())
    }

    /// Sends a request and requires a JSON-RPC result.
    async fn exchange(&mut self, message: &Message) -> Result<(Reply, Value), ClientError> {
        let reply = self.send_authorized(message).await?;
        let method = message.body.get("method").and_then(Value::as_str).unwrap_or("?").to_owned();
        if reply.status != 200 {
            return Err(Failure::Status {
                step: "MCP request",
                status: reply.status,
                detail: format!("{method}: {}", reply.excerpt()),
            }
            .into());
        }
        let json = mcp::reply_json(reply.header("content-type"), &reply.body).ok_or_else(|| {
            Failure::Unusable { step: "MCP reply", detail: format!("{method}: not JSON-RPC") }
        })?;
        if let Some(error) = json.get("error") {
            return Err(Failure::Unusable {
                step: "MCP reply",
                detail: format!("{method}: JSON-RPC error {error}"),
            }
            .into());
        }
        Ok((reply, json))
    }

    /// Sends `message` to the MCP server with the current token, handling 401 (first
    /// authorization, refresh, re-authorization) and 403 `insufficient_scope` (step-up).
    async fn send_authorized(&mut self, message: &Message) -> Result<Reply, ClientError> {
        let mut reauthorizations = 0;
        let mut refreshed = false;
        let mut step_ups = 0;
        loop {
            self.refresh_if_expired().await?;
            let reply = self.post(message).await?;
            let challenge = || {
                decide::read_challenge(
                    &reply.header_values("www-authenticate"),
                    reply.status,
                    self.version(),
                )
            };
            match reply.status {
                401 if self.tokens.is_none() => {
                    let facts = challenge();
                    self.note(format_args!("401 without a token: authorizing"));
                    self.authorize_from(&facts, None).await?;
                }
                401 => {
                    if self.config.breaks.has(Break::NoTokenRenewal) {
                        return Err(Failure::Status {
                            step: "MCP request (401 with a token; no renewal)",
                            status: 401,
                            detail: challenge().error.unwrap_or_default(),
                        }
                        .into());
                    }
                    reauthorizations += 1;
                    let limit = decide::renewal_limit(&self.config.breaks);
                    if reauthorizations > limit {
                        return Err(Failure::RetriesExhausted {
                            what: "get a token the MCP server accepts",
                            attempts: limit,
                        }
                        .into());
                    }
                    let facts = challenge();
                    // One refresh first (the token may just have expired); if the fresh token
                    // is refused too, discovery again: PRM may name another authorization
                    // server now (C-PRM-REFETCH-ON-CHANGE, C-REG-AS-BINDING).
                    let fresh = !refreshed && self.try_refresh().await?;
                    refreshed = true;
                    if !fresh {
                        self.note(format_args!(
                            "401 with a token: discovering and authorizing again"
                        ));
                        let scope = self.scope.clone();
                        self.authorize_from(&facts, scope).await?;
                    }
                }
                403 => {
                    let facts = challenge();
                    if facts.error.as_deref() != Some("insufficient_scope") {
                        return Ok(reply);
                    }
                    if self.config.breaks.has(Break::NoStepUp) {
                        return Err(Failure::Status {
                            step: "MCP request (insufficient_scope; no step-up)",
                            status: 403,
                            detail: facts.scope.unwrap_or_default(),
                        }
                        .into());
                    }
                    step_ups += 1;
                    let limit = decide::step_up_limit(&self.config.breaks);
                    if step_ups > limit {
                        return Err(Failure::RetriesExhausted {
                            what: "obtain a token with enough scope (step-up)",
                            attempts: limit,
                        }
                        .into());
                    }
                    let scope = decide::step_up_scope(
                        self.scope.as_deref(),
                        facts.scope.as_deref(),
                        &self.config.breaks,
                    );
                    self.note(format_args!(
                        "403 insufficient_scope: step-up {step_ups} for {:?}",
                        scope.as_deref().unwrap_or("")
                    ));
                    self.authorize_again(scope).await?;
                }
                _ => return Ok(reply),
            }
        }
    }

    /// POSTs `message` to the MCP server (the only place the access token goes).
    async fn post(&mut self, message: &Message) -> Result<Reply, ClientError> {
        let mut url = self.config.mcp_url.clone();
        let mut request_url = url.clone();
        if let (Some(tokens), true) = (&self.tokens, self.config.breaks.has(Break::TokenInQuery)) {
            let separator = if url.contains('?') { '&' } else { '?' };
            let encoded: String =
                form_urlencoded::byte_serialize(tokens.access.expose().as_bytes()).collect();
            request_url = format!("{url}{separator}access_token={encoded}");
            url.push_str(" (token in query)");
        }
        let mut request = self
            .http
            .post(&request_url)
            .header("content-type", "application/json")
            .header("accept", "application/json, text/event-stream")
            .body(message.body.to_string());
        for (name, value) in &message.headers {
            request = request.header(*name, value);
        }
        if let Some(tokens) = &self.tokens {
            request = request.header("authorization", format!("Bearer {}", tokens.access.expose()));
        }
        Ok(self.http.send("POST", &url, request).await?)
    }

    /// Discovery from a challenge, registration when the issuer is new, authorization.
    async fn authorize_from(
        &mut self,
        challenge: &ChallengeFacts,
        scope: Option<String>,
    ) -> Result<(), ClientError> {
        let (prm, facts) = oauth::discover(
            &self.http,
            &self.config.mcp_url,
            challenge,
            self.version(),
            &self.config.breaks,
        )
        .await?;
        self.note(format_args!("authorization server {}", facts.issuer));
        let breaks = &self.config.breaks;
        let scope = scope.or_else(|| {
            decide::initial_scope(
                challenge.scope.as_deref(),
                prm.as_ref().map(|p| p.scopes_supported.as_slice()).unwrap_or_default(),
                breaks,
            )
        });
        let pre = self.config.context.pre_registered.as_ref();
        // Credentials belong to one issuer: a new issuer means a new registration (the
        // reuse-client-across-as variant keeps the first one).
        let new_issuer = self.registration.as_ref().is_none_or(|r| r.issuer != facts.issuer);
        let keep = self.registration.is_some() && breaks.has(Break::ReuseClientAcrossAs);
        if new_issuer && !keep {
            let registration =
                oauth::register(&self.http, &facts, pre, self.version(), breaks).await?;
            self.registration = Some(registration);
            self.tokens = None;
        }
        let held = pre.is_some_and(|p| p.client_secret.is_some() || p.private_key_pem.is_some())
            && !breaks.has(Break::IgnorePreRegistration);
        self.client_credentials = decide::uses_client_credentials(&facts, held);
        self.facts = Some(facts);
        self.authorize_again(scope).await
    }

    /// A new authorization at the known authorization server, for `scope`.
    async fn authorize_again(&mut self, scope: Option<String>) -> Result<(), ClientError> {
        let (Some(facts), Some(registration)) = (&self.facts, &self.registration) else {
            return Err(Failure::Unusable {
                step: "authorization",
                detail: "no authorization server known".to_owned(),
            }
            .into());
        };
        let breaks = &self.config.breaks;
        let requested = decide::request_scope(scope.as_deref(), &facts.scopes_supported, breaks);
        let tokens = if self.client_credentials {
            let resource = self.resource();
            oauth::client_credentials(
                &self.http,
                facts,
                registration,
                scope.as_deref(),
                resource,
                breaks,
            )
            .await?
        } else {
            oauth::authorize(
                &self.http,
                facts,
                registration,
                requested.as_deref(),
                self.resource(),
                breaks,
            )
            .await?
        };
        self.summary.authorizations += 1;
        self.scope = scope;
        self.leak_if_broken(&tokens).await?;
        self.tokens = Some(tokens);
        Ok(())
    }

    /// The `token-to-other-host` variant: the fresh token goes to the authorization
    /// server too.
    async fn leak_if_broken(&mut self, tokens: &Tokens) -> Result<(), ClientError> {
        let Some(url) = self.facts.as_ref().and_then(|f| f.metadata_url.clone()) else {
            return Ok(());
        };
        if self.config.breaks.has(Break::TokenToOtherHost) {
            let request = self
                .http
                .get(&url)
                .header("authorization", format!("Bearer {}", tokens.access.expose()));
            self.http.send("GET", &url, request).await?;
        }
        Ok(())
    }

    /// Refreshes before sending when the token's `expires_in` has passed.
    async fn refresh_if_expired(&mut self) -> Result<(), ClientError> {
        if self.tokens.as_ref().is_some_and(Tokens::expired) {
            self.try_refresh().await?;
        }
        Ok(())
    }

    /// A refresh grant when a refresh token is held; whether it produced a new token.
    async fn try_refresh(&mut self) -> Result<bool, ClientError> {
        let (Some(facts), Some(registration), Some(tokens)) =
            (&self.facts, &self.registration, &self.tokens)
        else {
            return Ok(false);
        };
        if tokens.refresh.is_none() && !self.config.breaks.has(Break::AssumeRefreshToken) {
            return Ok(false);
        }
        let fresh = oauth::refresh(
            &self.http,
            facts,
            registration,
            tokens,
            self.resource(),
            &self.config.breaks,
        )
        .await?;
        let Some(fresh) = fresh else { return Ok(false) };
        self.summary.refreshes += 1;
        self.note(format_args!("refreshed the access token"));
        self.leak_if_broken(&fresh).await?;
        self.tokens = Some(fresh);
        Ok(true)
    }
}
