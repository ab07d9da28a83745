//! Running one scenario: its steps in order, each check judged once, and every check the
//! scenario declares accounted for — pass, fail, error or skip — whatever happens.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use mcp_auth_mocks::authority::{KEY_CANARY, UNTRUSTED_AS};
use mcp_auth_mocks::config::MAIN_AS;
use mcp_auth_mocks::journal::{Entry, Listener};
use mcp_auth_proto::Level;
use mcp_auth_reports::{CheckResult, Outcome};

use super::assert::{self, Evidence, Judged, Unjudgeable};
use super::context::RunContext;
use super::http::{self, Incoming, Outgoing, TransportError};
use super::mcp;
use super::tokens::{self, Resolved};
use super::transcript::{Redactor, Transcript};
use mcp_auth_proto::discovery::{
    IssuerIdentifier, MetadataKind, PrmSource, as_metadata_candidates, prm_client_order,
};

use crate::scenario::load::{AS_DISCOVERY_VARIABLES, AUTHORIZE_VARIABLES};
use crate::scenario::model::{
    AuthorizeStep, Body, Capture, Check, ListenerName, Precondition, RequestStep, Step,
    TransportVerdict,
};
use crate::scenario::{self, CheckInfo, Scenario, template};

/// Every check of a finished scenario, in declaration order.
#[derive(Debug, Clone)]
pub struct ScenarioOutcome {
    pub checks: Vec<CheckResult>,
    pub duration: Duration,
}

/// Why the remaining checks were not judged.
enum Halt {
    Skip(String),
    Error(String),
}

struct Run<'a> {
    scenario: &'a Scenario,
    context: &'a RunContext,
    client: reqwest::Client,
    vars: BTreeMap<String, String>,
    tokens: BTreeMap<String, Resolved>,
    redactor: Redactor,
    transcript: Transcript,
    results: Vec<CheckResult>,
    next_check: usize,
    next_rpc_id: u64,
    deadline: Instant,
    journal_start: usize,
    /// What the client under test did (client scenarios).
    client_evidence: Option<super::client_judge::ClientEvidence>,
}

/// Runs `scenario` against `context`'s target.
///
/// `client` is shared by a run: its connection pool is its only state, and building one
/// costs more than a request.
pub async fn run_scenario(
    scenario: &Scenario,
    context: &RunContext,
    client: reqwest::Client,
) -> ScenarioOutcome {
    let started = Instant::now();
    let checks = run_checks(scenario, context, client, started).await;
    ScenarioOutcome { checks, duration: started.elapsed() }
}

async fn run_checks(
    scenario: &Scenario,
    context: &RunContext,
    client: reqwest::Client,
    started: Instant,
) -> Vec<CheckResult> {
    if let Some(reason) = scenario::not_applicable(scenario, context.spec_version) {
        return all(scenario, Outcome::Skip, &reason);
    }
    let mut vars = context.builtin_variables(scenario.id());
    for (name, value) in &context.vars {
        vars.insert(format!("var.{name}"), value.clone());
    }
    if let Err(why) = tokens::check_available(&scenario.file.tokens, context) {
        return all(scenario, Outcome::Skip, &why.to_string());
    }
    let journal_start = context.authority.as_ref().map_or(0, |a| a.journal().len());
    let mut redactor = Redactor::default();
    for name in ["pkce.verifier", "pkce.other_verifier", "supplied_client_secret"] {
        if let Some(value) = vars.get(name) {
            redactor.add(value, format!("<{name}>"));
        }
    }
    let mut run = Run::new(scenario, context, client, vars, redactor, started);
    run.journal_start = journal_start;
    let halt = run.steps().await;
    run.finish(halt)
}

/// Judges a client scenario whose client has run: its `judge` steps, with `vars` as the
/// variables, against `evidence`; `redactor` hides the issued credentials, and
/// `transcript` goes with every failure.
pub async fn judge_client(
    scenario: &Scenario,
    context: &RunContext,
    client: reqwest::Client,
    vars: BTreeMap<String, String>,
    evidence: super::client_judge::ClientEvidence,
    redactor: Redactor,
    transcript: String,
) -> ScenarioOutcome {
    let started = Instant::now();
    let mut run = Run::new(scenario, context, client, vars, redactor.clone(), started);
    run.client_evidence = Some(evidence);
    run.transcript.note(&redactor, transcript.trim_end());
    let halt = run.steps().await;
    ScenarioOutcome { checks: run.finish(halt), duration: started.elapsed() }
}

/// Every check of `scenario` with the same outcome and message.
pub fn uniform(scenario: &Scenario, outcome: Outcome, message: &str) -> ScenarioOutcome {
    ScenarioOutcome { checks: all(scenario, outcome, message), duration: Duration::ZERO }
}

pub(super) fn render_with(vars: &BTreeMap<String, String>, text: &str) -> Result<String, String> {
    template::render(text, |name| vars.get(name).cloned().or_else(|| super::context::filler(name)))
        .map_err(|e| match e {
            template::TemplateError::Unset { name } if name.starts_with("var.") => {
                format!("{name} (set it with --var {}=VALUE)", name.trim_start_matches("var."))
            }
            template::TemplateError::Unset { name } => name,
            other => other.to_string(),
        })
}

/// Every check of `scenario` as a harness error (a scenario that could not run to the end
/// for a reason inside the harness).
pub fn harness_fault(scenario: &Scenario, message: &str) -> ScenarioOutcome {
    ScenarioOutcome { checks: all(scenario, Outcome::Error, message), duration: Duration::ZERO }
}

/// Every check with the same outcome and message.
fn all(scenario: &Scenario, outcome: Outcome, message: &str) -> Vec<CheckResult> {
    scenario.checks.iter().map(|c| result(scenario, c, outcome, message.to_owned(), None)).collect()
}

fn result(
    scenario: &Scenario,
    check: &CheckInfo,
    outcome: Outcome,
    message: String,
    transcript: Option<String>,
) -> CheckResult {
    let mut r = CheckResult::new(
        scenario.id(),
        check.id.clone(),
        check.requirement.id,
        check.level,
        outcome,
        message,
    )
    .with_spec_reference(check.requirement.sources);
    if let Some(name) = &scenario.file.official_name {
        r = r.with_official_name(name.clone());
    }
    if let Some(t) = transcript.filter(|t| !t.is_empty()) {
        r = r.with_transcript(t);
    }
    r
}

impl<'a> Run<'a> {
    fn new(
        scenario: &'a Scenario,
        context: &'a RunContext,
        client: reqwest::Client,
        vars: BTreeMap<String, String>,
        redactor: Redactor,
        started: Instant,
    ) -> Self {
        Run {
            scenario,
            context,
            client,
            vars,
            tokens: BTreeMap::new(),
            redactor,
            transcript: Transcript::default(),
            results: Vec::new(),
            next_check: 0,
            next_rpc_id: 1,
            deadline: started + context.scenario_timeout,
            journal_start: 0,
            client_evidence: None,
        }
    }
}

impl Run<'_> {
    /// Every check still unjudged gets the halt's outcome; returns all results.
    fn finish(mut self, halt: Option<Halt>) -> Vec<CheckResult> {
        if let Some(halt) = halt {
            let (outcome, reason) = match halt {
                Halt::Skip(r) => (Outcome::Skip, r),
                Halt::Error(r) => (Outcome::Error, r),
            };
            while self.next_check < self.scenario.checks.len() {
                self.record_next(outcome, &reason, false);
            }
        }
        self.results
    }

    fn render(&self, text: &str) -> Result<String, String> {
        render_with(&self.vars, text)
    }

    fn remaining(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }

    /// Records the next declared check.
    fn record_next(&mut self, outcome: Outcome, message: &str, with_transcript: bool) {
        let Some(check) = self.scenario.checks.get(self.next_check) else { return };
        let message = self.redactor.redact(message);
        let transcript = with_transcript.then(|| self.transcript.as_str().to_owned());
        self.results.push(result(self.scenario, check, outcome, message, transcript));
        self.next_check += 1;
    }

    async fn steps(&mut self) -> Option<Halt> {
        let scenario = self.scenario;
        for (index, step) in scenario.file.steps.iter().enumerate() {
            if let Some(names) = scenario.step_tokens.get(index)
                && let Err(halt) = self.mint_tokens(names)
            {
                return Some(halt);
            }
            if self.remaining().is_zero() {
                return Some(Halt::Error(format!(
                    "the scenario did not finish within {:?}",
                    self.context.scenario_timeout
                )));
            }
            let halt = match step {
                Step::Request(request) => self.request(request).await,
                Step::OpenSession(open) => self.open_session(&open.bearer).await,
                Step::Revoke(revoke) => self.revoke(&revoke.token),
                Step::DiscoverPrm(d) => self.discover_prm(&d.expect).await,
                Step::DiscoverAuthorizationServer(d) => {
                    self.discover_authorization_server(&d.expect).await
                }
                Step::Judge(j) => self.judge("judge", &[], &j.expect, None, false),
                Step::Authorize(a) => self.authorize(a).await,
                Step::Wait(wait) => {
                    let pause = Duration::from_millis(wait.ms).min(self.remaining());
                    tokio::time::sleep(pause).await;
                    None
                }
            };
            if halt.is_some() {
                return halt;
            }
        }
        None
    }

    /// Resolves (mints) the tokens a step uses that are not resolved yet.
    fn mint_tokens(&mut self, names: &std::collections::BTreeSet<String>) -> Result<(), Halt> {
        for name in names {
            if self.tokens.contains_key(name) {
                continue;
            }
            let Some(source) = self.scenario.file.tokens.get(name) else { continue };
            let vars = self.vars.clone();
            let render = move |t: &str| render_with(&vars, t);
            match tokens::resolve(name, source, self.context, &render) {
                Ok(token) => {
                    self.redactor.add(token.secret.expose(), format!("<token:{name}>"));
                    self.vars.insert(format!("token.{name}"), token.secret.expose().to_owned());
                    self.tokens.insert(name.clone(), token);
                }
                Err(why) => return Err(Halt::Skip(why.to_string())),
            }
        }
        Ok(())
    }

    fn revoke(&mut self, name: &str) -> Option<Halt> {
        let Some(authority) = &self.context.authority else {
            return Some(Halt::Skip(
                "revoking a token needs the harness's authorization server".into(),
            ));
        };
        let jti = self.tokens.get(name).and_then(|t| t.jti.clone());
        match jti {
            Some(jti) => {
                authority.revocations().revoke(jti);
                self.transcript.note(
                    &self.redactor,
                    &format!("revoked token {name} at the harness's authorization server"),
                );
                None
            }
            None => {
                Some(Halt::Skip(format!("token {name} was not minted, so it cannot be revoked")))
            }
        }
    }

    fn bearer_header(&self, name: &str) -> Option<(String, String)> {
        self.tokens
            .get(name)
            .map(|t| ("Authorization".to_owned(), format!("Bearer {}", t.secret.expose())))
    }

    async fn open_session(&mut self, bearer: &str) -> Option<Halt> {
        if self.context.spec_version >= mcp_auth_proto::SpecVersion::V2026_07_28 {
            return None;
        }
        let Some(auth) = self.bearer_header(bearer) else {
            return Some(Halt::Skip(format!("token {bearer} has no value")));
        };
        let id = self.take_rpc_id();
        let init = mcp::request(self.context.spec_version, id, mcp::CONNECT, None, None);
        let outgoing = self.outgoing(
            "POST",
            self.context.mcp_url.clone(),
            init.headers,
            Some(&auth),
            Some(init.body),
            None,
        );
        let response = match self.send("open session: initialize", &outgoing).await {
            Ok(r) => r,
            Err(e) => return Some(Halt::Error(format!("could not open an MCP session: {e}"))),
        };
        if !(200..300).contains(&response.status) {
            return Some(Halt::Skip(format!(
                "could not open an MCP session with token {bearer}: initialize answered HTTP {}",
                response.status
            )));
        }
        let session = response.header("mcp-session-id").map(str::to_owned);
        if let Some(session) = &session {
            self.vars.insert("session_id".to_owned(), session.clone());
        }
        let note = mcp::request(
            self.context.spec_version,
            0,
            "notifications/initialized",
            None,
            session.as_deref(),
        );
        let outgoing = self.outgoing(
            "POST",
            self.context.mcp_url.clone(),
            note.headers,
            Some(&auth),
            Some(note.body),
            None,
        );
        match self.send("open session: notifications/initialized", &outgoing).await {
            Ok(r) if (200..300).contains(&r.status) => None,
            Ok(r) => Some(Halt::Skip(format!(
                "could not open an MCP session: notifications/initialized answered HTTP {}",
                r.status
            ))),
            Err(e) => Some(Halt::Error(format!("could not open an MCP session: {e}"))),
        }
    }

    fn take_rpc_id(&mut self) -> u64 {
        let id = self.next_rpc_id;
        self.next_rpc_id += 1;
        id
    }

    fn outgoing(
        &self,
        method: &str,
        url: String,
        mut headers: Vec<(String, String)>,
        auth: Option<&(String, String)>,
        json: Option<serde_json::Value>,
        timeout_ms: Option<u64>,
    ) -> Outgoing {
        if let Some(auth) = auth {
            headers.insert(0, auth.clone());
        }
        let timeout = timeout_ms.map_or(self.context.request_timeout, Duration::from_millis);
        Outgoing {
            method: method.to_owned(),
            url,
            headers,
            body: json.map(|j| j.to_string().into_bytes()),
            timeout: timeout.min(self.remaining()).max(Duration::from_millis(1)),
        }
    }

    async fn send(&mut self, step: &str, outgoing: &Outgoing) -> Result<Incoming, TransportError> {
        self.transcript.request(&self.redactor, step, outgoing);
        let result = http::exchange(&self.client, outgoing).await;
        match &result {
            Ok(incoming) => {
                // Credentials the target hands out are hidden before anything records them.
                for (name, value) in issued_secrets(incoming) {
                    self.redactor.add(&value, format!("<secret:{name}>"));
                }
                self.transcript.response(&self.redactor, incoming);
            }
            Err(e) => self.transcript.note(&self.redactor, &format!("no response: {e}")),
        }
        result
    }

    fn build(&mut self, step: &RequestStep) -> Result<Outgoing, String> {
        let url = match &step.url {
            Some(u) => self.render(u)?,
            None => self.context.mcp_url.clone(),
        };
        let mut headers = Vec::new();
        let mut body = None;
        match &step.body {
            None => {}
            Some(Body::Mcp(call)) => {
                let params = match &call.params {
                    Some(p) => Some(self.render_json(p)?),
                    None => None,
                };
                let id = self.take_rpc_id();
                let session = self.vars.get("session_id").cloned();
                let request = mcp::request(
                    self.context.spec_version,
                    id,
                    &call.method,
                    params,
                    session.as_deref(),
                );
                headers = request.headers;
                body = Some(request.body.to_string().into_bytes());
            }
            Some(Body::Json(value)) => {
                headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
                body = Some(self.render_json(value)?.to_string().into_bytes());
            }
            Some(Body::Text(text)) => body = Some(self.render(text)?.into_bytes()),
            Some(Body::Form(fields)) => {
                headers.push((
                    "Content-Type".to_owned(),
                    "application/x-www-form-urlencoded".to_owned(),
                ));
                let mut form = form_urlencoded::Serializer::new(String::new());
                for field in fields {
                    form.append_pair(&field.name, &self.render(&field.value)?);
                }
                body = Some(form.finish().into_bytes());
            }
        }
        // Explicit headers replace generated ones of the same name, in place of all of them.
        for field in &step.headers {
            headers.retain(|(n, _): &(String, String)| !n.eq_ignore_ascii_case(&field.name));
        }
        for field in &step.headers {
            headers.push((field.name.clone(), self.render(&field.value)?));
        }
        let auth = match &step.bearer {
            Some(name) => Some(self.bearer_header(name).ok_or_else(|| format!("token.{name}"))?),
            None => None,
        };
        let mut outgoing = self.outgoing(
            step.method.as_deref().unwrap_or("POST"),
            url,
            headers,
            auth.as_ref(),
            None,
            step.timeout_ms,
        );
        outgoing.body = body;
        Ok(outgoing)
    }

    fn render_json(&self, value: &serde_json::Value) -> Result<serde_json::Value, String> {
        use serde_json::Value;
        Ok(match value {
            Value::String(s) => Value::String(self.render(s)?),
            Value::Array(items) => {
                Value::Array(items.iter().map(|v| self.render_json(v)).collect::<Result<_, _>>()?)
            }
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| Ok((k.clone(), self.render_json(v)?)))
                    .collect::<Result<_, String>>()?,
            ),
            other => other.clone(),
        })
    }

    async fn request(&mut self, step: &RequestStep) -> Option<Halt> {
        let outgoing = match self.build(step) {
            Ok(o) => o,
            Err(variable) => {
                return Some(Halt::Skip(format!(
                    "step {:?} needs {variable}, which has no value in this run",
                    step.name
                )));
            }
        };
        let had_credentials =
            outgoing.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("authorization"));
        let response = match self.send(&step.name, &outgoing).await {
            Ok(r) => r,
            Err(e) => return self.transport_failure(step, &e),
        };
        for (name, capture) in &step.capture {
            let value = match capture {
                Capture::Header(h) => response.header(h).map(str::to_owned),
                Capture::ChallengeParam(p) => assert::bearer_param(&response, p),
                Capture::Json(path) => {
                    mcp::response_json(response.header("content-type"), &response.body).and_then(
                        |json| {
                            assert::json_path(&json, path).ok().flatten().map(|v| match v {
                                serde_json::Value::String(s) => s.clone(),
                                other => other.to_string(),
                            })
                        },
                    )
                }
            };
            match value {
                Some(v) => {
                    self.vars.insert(name.clone(), v);
                }
                None => {
                    self.vars.remove(name);
                }
            }
        }
        self.judge(&step.name, &step.require, &step.expect, Some(&response), had_credentials)
    }

    /// Judges preconditions, then checks, against `response` (or, without one, against
    /// variables and the journal).
    fn judge(
        &mut self,
        step_name: &str,
        require: &[Precondition],
        expect: &[Check],
        response: Option<&Incoming>,
        had_credentials: bool,
    ) -> Option<Halt> {
        let journal = self.journal_view();
        // Taken for the duration of the judging (the checks are recorded through `self`).
        let client_evidence = self.client_evidence.take();
        let halt = self.judge_with(
            step_name,
            require,
            expect,
            response,
            had_credentials,
            &journal,
            client_evidence.as_ref(),
        );
        self.client_evidence = client_evidence;
        halt
    }

    #[allow(clippy::too_many_arguments)]
    fn judge_with(
        &mut self,
        step_name: &str,
        require: &[Precondition],
        expect: &[Check],
        response: Option<&Incoming>,
        had_credentials: bool,
        journal: &dyn Fn(ListenerName) -> Option<Vec<Entry>>,
        client_evidence: Option<&super::client_judge::ClientEvidence>,
    ) -> Option<Halt> {
        let vars = self.vars.clone();
        let lookup_vars = vars.clone();
        let token_values: BTreeMap<String, String> =
            self.tokens.iter().map(|(n, t)| (n.clone(), t.secret.expose().to_owned())).collect();
        let render = move |t: &str| render_with(&vars, t);
        let token = move |n: &str| token_values.get(n).cloned();
        let var = move |n: &str| lookup_vars.get(n).cloned();
        let evidence = Evidence {
            response,
            request_had_credentials: had_credentials,
            spec_version: self.context.spec_version,
            journal,
            render: &render,
            token: &token,
            var: &var,
            client: client_evidence,
        };
        for precondition in require {
            let judged = Judged { requirement: self.current_requirement(), level: Level::Must };
            match assert::evaluate(&precondition.assertion, &evidence, judged) {
                Ok(v) if v.holds => {}
                Ok(v) => {
                    return Some(Halt::Skip(format!(
                        "precondition not met: {} (step {step_name:?}: {})",
                        precondition.because, v.observed
                    )));
                }
                Err(Unjudgeable(why)) => {
                    return Some(Halt::Skip(format!("precondition not judged: {why}")));
                }
            }
        }
        for declared in expect {
            let Some(info) = self.scenario.checks.get(self.next_check) else { break };
            if info.id != declared.check.value {
                break;
            }
            if let Some(reason) = info.not_applicable(self.context.spec_version) {
                self.record_next(Outcome::Skip, &reason, false);
                continue;
            }
            let judged = Judged { requirement: info.requirement.id, level: info.level };
            let claim = info.claim.clone();
            match assert::evaluate(&declared.assertion, &evidence, judged) {
                Ok(v) if v.holds => {
                    self.record_next(Outcome::Pass, &format!("{claim}: {}", v.observed), false);
                }
                Ok(v) => {
                    self.record_next(
                        Outcome::Fail,
                        &format!("{claim}; instead: {}", v.observed),
                        true,
                    );
                }
                Err(Unjudgeable(why)) => {
                    self.record_next(Outcome::Skip, &format!("not judged: {why}"), false);
                }
            }
        }
        None
    }

    /// The anonymous request a client starts with, answered (normally) with a challenge.
    async fn anonymous_probe(&mut self, label: &str) -> Result<Incoming, TransportError> {
        let id = self.take_rpc_id();
        let session = None;
        let probe = mcp::request(self.context.spec_version, id, mcp::CONNECT, None, session);
        let outgoing = self.outgoing(
            "POST",
            self.context.mcp_url.clone(),
            probe.headers,
            None,
            Some(probe.body),
            None,
        );
        self.send(label, &outgoing).await
    }

    async fn get_json_object(&mut self, label: &str, url: &str) -> Option<serde_json::Value> {
        let outgoing = self.outgoing(
            "GET",
            url.to_owned(),
            vec![("Accept".to_owned(), "application/json".to_owned())],
            None,
            None,
            None,
        );
        let response = self.send(label, &outgoing).await.ok()?;
        if !(200..300).contains(&response.status) {
            return None;
        }
        serde_json::from_slice::<serde_json::Value>(&response.body).ok().filter(|v| v.is_object())
    }

    async fn discover_prm(&mut self, expect: &[Check]) -> Option<Halt> {
        for name in ["prm_url", "prm_source", "prm_expected_resource", "authorization_server"] {
            self.vars.remove(name);
        }
        let header = match self.anonymous_probe("discover PRM: anonymous request").await {
            Ok(r) => assert::bearer_param(&r, "resource_metadata"),
            Err(e) => return Some(Halt::Error(format!("discover PRM: {e}"))),
        };
        let Ok((resource, _)) = super::context::identifier(&self.context.mcp_url) else {
            return Some(Halt::Error("the MCP URL is not a resource identifier".into()));
        };
        let candidates = prm_client_order(&resource, header.as_deref(), self.context.spec_version);
        for candidate in candidates {
            let label = format!("discover PRM: {}", source_name(candidate.source));
            if let Some(document) = self.get_json_object(&label, &candidate.url).await {
                self.vars.insert("prm_url".into(), candidate.url.clone());
                self.vars.insert("prm_source".into(), source_name(candidate.source).into());
                self.vars
                    .insert("prm_expected_resource".into(), candidate.expected_resource.clone());
                let first_as = document
                    .get("authorization_servers")
                    .and_then(|a| a.get(0))
                    .and_then(serde_json::Value::as_str);
                if let Some(issuer) = first_as {
                    self.vars.insert("authorization_server".into(), issuer.to_owned());
                }
                break;
            }
        }
        let found = self.vars.contains_key("prm_url");
        let halt = self.judge("discover_prm", &[], expect, None, false);
        if halt.is_some() {
            return halt;
        }
        (!found).then(|| {
            Halt::Skip(format!(
                "no Protected Resource Metadata was found the way a {} client looks for it \
                 (server/prm/discoverable judges that)",
                self.context.spec_version
            ))
        })
    }

    async fn discover_authorization_server(&mut self, expect: &[Check]) -> Option<Halt> {
        for name in AS_DISCOVERY_VARIABLES {
            self.vars.remove(*name);
        }
        let Some(issuer) = self.vars.get("authorization_server").cloned() else {
            return Some(Halt::Skip("PRM names no authorization server".into()));
        };
        let candidates = match IssuerIdentifier::parse(&issuer) {
            // 2025-03-26 clients do not discover from an issuer; probing an authorization
            // server directly, RFC 8414's own location is where its metadata belongs.
            Ok(issuer) if self.context.authz.is_some() => {
                let mut candidates = as_metadata_candidates(&issuer, self.context.spec_version);
                if candidates.is_empty() {
                    candidates =
                        as_metadata_candidates(&issuer, mcp_auth_proto::SpecVersion::V2025_06_18);
                }
                candidates
            }
            Ok(issuer) => as_metadata_candidates(&issuer, self.context.spec_version),
            Err(e) => {
                return Some(Halt::Skip(format!(
                    "the authorization server {issuer:?} named in PRM is not an issuer identifier: {e}"
                )));
            }
        };
        for candidate in candidates {
            let oidc = matches!(candidate.kind, MetadataKind::OpenId);
            let label = format!("discover authorization server: {}", candidate.url);
            if let Some(document) = self.get_json_object(&label, &candidate.url).await {
                self.vars.insert("as_metadata_url".into(), candidate.url.clone());
                self.vars.insert("as_metadata_oidc".into(), oidc.to_string());
                for name in ENDPOINT_MEMBERS {
                    if let Some(url) = document.get(name).and_then(serde_json::Value::as_str) {
                        self.vars.insert(name.to_owned(), url.to_owned());
                    }
                }
                let iss = document.get("authorization_response_iss_parameter_supported");
                self.vars.insert(
                    "as_iss_parameter_supported".into(),
                    (iss == Some(&serde_json::Value::Bool(true))).to_string(),
                );
                break;
            }
        }
        let found = self.vars.contains_key("as_metadata_url");
        let halt = self.judge("discover_authorization_server", &[], expect, None, false);
        if halt.is_some() {
            return halt;
        }
        (!found).then(|| {
            Halt::Skip(format!("no metadata was found for the authorization server {issuer:?}"))
        })
    }

    /// See [`Step::Authorize`].
    async fn authorize(&mut self, step: &AuthorizeStep) -> Option<Halt> {
        for name in AUTHORIZE_VARIABLES {
            self.vars.remove(*name);
        }
        let Some(endpoint) = self.vars.get("authorization_endpoint").cloned() else {
            return Some(Halt::Skip(format!(
                "step {:?} needs authorization_endpoint, which the metadata does not give",
                step.name
            )));
        };
        let mut pairs = Vec::new();
        for p in &step.params {
            match self.render(&p.value) {
                Ok(value) => pairs.push((p.name.clone(), value)),
                Err(variable) => {
                    return Some(Halt::Skip(format!(
                        "step {:?} needs {variable}, which has no value in this run",
                        step.name
                    )));
                }
            }
        }
        let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(&pairs).finish();
        let separator = if endpoint.contains('?') { '&' } else { '?' };
        let url = format!("{endpoint}{separator}{query}");
        self.vars.insert("authorization_url".into(), url.clone());
        let outgoing = self.outgoing("GET", url.clone(), Vec::new(), None, None, None);
        let response = match self.send(&step.name, &outgoing).await {
            Ok(r) => r,
            Err(e) => return Some(Halt::Error(format!("step {:?}: {e}", step.name))),
        };
        let redirect_uri = pairs.iter().find(|(n, _)| n == "redirect_uri").map(|(_, v)| v.clone());
        let location = (300..400)
            .contains(&response.status)
            .then(|| response.header("location"))
            .flatten()
            .map(str::to_owned);
        // A redirect to where the request asked to go back to is the authorization
        // response; anything else (a login page, a redirect to one) is not, yet.
        let reached = location.filter(|l| {
            redirect_uri.as_deref().is_some_and(|r| without_query(l) == without_query(r))
        });
        let callback = match reached {
            Some(callback) => Some(callback),
            None if step.consent && response.status < 400 => match self.consent(&url).await {
                Ok(callback) => Some(callback),
                Err(halt) => return Some(halt),
            },
            None => None,
        };
        if let Some(callback) = callback {
            for (name, value) in callback_params(&callback) {
                if SECRET_NAMES.contains(&name.as_str()) {
                    self.redactor.add(&value, format!("<secret:{name}>"));
                }
                let var = format!("callback.{name}");
                if AUTHORIZE_VARIABLES.contains(&var.as_str()) && !self.vars.contains_key(&var) {
                    self.vars.insert(var, value);
                }
            }
            self.transcript.note(&self.redactor, &format!("callback reached: {callback}"));
            self.vars.insert("callback_url".into(), callback);
        }
        self.judge(&step.name, &step.require, &step.expect, Some(&response), false)
    }

    /// Goes through login and consent with `--consent-command`.
    async fn consent(&mut self, url: &str) -> Result<String, Halt> {
        let Some(target) = &self.context.authz else {
            return Err(Halt::Skip("consent needs an authorization server target".into()));
        };
        let Some(command) = target.consent_command.clone() else {
            return Err(Halt::Skip(
                "the authorization server shows a login or consent page and no way through it \
                 was given: pass --consent-command CMD (it gets the authorization URL and \
                 prints the callback URL it reached)"
                    .into(),
            ));
        };
        let timeout = target.consent_timeout.min(self.remaining());
        self.transcript.note(&self.redactor, "running the consent command");
        super::consent::run(&command, url, timeout)
            .await
            .map_err(|e| Halt::Error(format!("login and consent: {e}")))
    }

    fn current_requirement(&self) -> mcp_auth_proto::RequirementId {
        self.scenario
            .checks
            .get(self.next_check)
            .or_else(|| self.scenario.checks.first())
            .map_or(mcp_auth_proto::requirements::RS_401_NOAUTH, |c| c.requirement.id)
    }

    fn transport_failure(&mut self, step: &RequestStep, error: &TransportError) -> Option<Halt> {
        let verdict = match (step.transport_error, error.is_timeout()) {
            (TransportVerdict::Error, _) => None,
            // Closing the connection may be an acceptable answer; never answering is not.
            (_, true) => Some(Outcome::Fail),
            (TransportVerdict::Pass, false) => Some(Outcome::Pass),
            (TransportVerdict::Fail, false) => Some(Outcome::Fail),
        };
        let Some(outcome) = verdict else {
            return Some(Halt::Error(format!("step {:?}: {error}", step.name)));
        };
        for _ in &step.expect {
            let claim = self
                .scenario
                .checks
                .get(self.next_check)
                .map(|c| c.claim.clone())
                .unwrap_or_default();
            let message = match outcome {
                Outcome::Pass => format!("{claim}: the target closed the connection ({error})"),
                _ => format!("{claim}; instead: {error}"),
            };
            self.record_next(outcome, &message, outcome == Outcome::Fail);
        }
        None
    }

    /// The journal entries of this scenario's time, by listener, if the harness runs an
    /// authorization server.
    fn journal_view(&self) -> impl Fn(ListenerName) -> Option<Vec<Entry>> + use<> {
        let authority = self.context.authority.clone();
        let start = self.journal_start;
        move |listener| {
            let authority = authority.as_ref()?;
            let wanted = match listener {
                ListenerName::AuthorizationServer => Listener::AuthorizationServer(MAIN_AS.into()),
                ListenerName::UntrustedAuthorizationServer => {
                    Listener::AuthorizationServer(UNTRUSTED_AS.into())
                }
                ListenerName::Canary => Listener::Canary(KEY_CANARY.into()),
            };
            Some(authority.journal().filter(|e| e.seq >= start && e.listener == wanted))
        }
    }
}

/// Metadata members `discover_authorization_server` makes variables of.
const ENDPOINT_MEMBERS: [&str; 6] = [
    "authorization_endpoint",
    "token_endpoint",
    "registration_endpoint",
    "jwks_uri",
    "introspection_endpoint",
    "revocation_endpoint",
];

/// Members of JSON responses and parameters of redirects that carry credentials an
/// authorization server issues.
const SECRET_NAMES: [&str; 6] = [
    "access_token",
    "refresh_token",
    "id_token",
    "client_secret",
    "registration_access_token",
    "code",
];

/// The credentials in a response: top-level JSON members and `Location` parameters named
/// in [`SECRET_NAMES`].
fn issued_secrets(response: &Incoming) -> Vec<(&'static str, String)> {
    let mut found = Vec::new();
    if let Ok(serde_json::Value::Object(map)) =
        serde_json::from_slice::<serde_json::Value>(&response.body)
    {
        for name in SECRET_NAMES {
            if let Some(value) = map.get(name).and_then(serde_json::Value::as_str) {
                found.push((name, value.to_owned()));
            }
        }
    }
    if let Some(location) = response.header("location") {
        for (name, value) in callback_params(location) {
            if let Some(known) = SECRET_NAMES.iter().find(|n| **n == name) {
                found.push((*known, value));
            }
        }
    }
    found
}

/// The parameters of a callback URL: its query's, then its fragment's.
fn callback_params(url: &str) -> Vec<(String, String)> {
    let (before_fragment, fragment) = url.split_once('#').unwrap_or((url, ""));
    let query = before_fragment.split_once('?').map_or("", |(_, q)| q);
    form_urlencoded::parse(query.as_bytes())
        .chain(form_urlencoded::parse(fragment.as_bytes()))
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect()
}

/// `url` without its query and fragment.
fn without_query(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    url.get(..end).unwrap_or(url)
}

fn source_name(source: PrmSource) -> &'static str {
    match source {
        PrmSource::Header => "header",
        PrmSource::PathInserted => "path-inserted",
        PrmSource::Root => "root",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_without_values_say_how_to_give_them() {
        let vars = BTreeMap::from([("a".to_owned(), "1".to_owned())]);
        assert_eq!(render_with(&vars, "{{a}}").unwrap(), "1");
        assert_eq!(render_with(&vars, "{{b}}").unwrap_err(), "b");
        assert_eq!(
            render_with(&vars, "{{var.tool}}").unwrap_err(),
            "var.tool (set it with --var tool=VALUE)"
        );
    }
}
