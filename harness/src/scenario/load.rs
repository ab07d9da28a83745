//! Reading scenario files: strict YAML, then the rules YAML cannot express (IDs match
//! paths, requirements exist, every variable is known before it is used), each reported at
//! a line and column of the file.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use mcp_auth_proto::requirements::{CatalogueRow, lookup};
use mcp_auth_proto::{Level, SpecVersion};
use serde_saphyr::Spanned;

use super::model::{
    Assertion, Body, Check, CheckLevel, DiscoverStep, DocumentAssertion, JudgeStep,
    ListenerSelector, RequestFilter, SCHEMA_VERSION, ScenarioFile, ScenarioRole, Step, TextMatch,
    ValueMatch,
};
use super::template::{self, TemplateError};

/// Variables every server-mode scenario may use. `issuer`, `untrusted_issuer` and `canary`
/// only have values when the harness runs the authorization server; a step that needs
/// them without it is skipped.
pub const SERVER_VARIABLES: &[&str] = &[
    "mcp_url",
    "origin",
    "mcp_host",
    "mcp_path",
    "prm_path_url",
    "prm_root_url",
    "issuer",
    "untrusted_issuer",
    "canary",
    "scope",
    "spec_version",
    "filler_64k",
    "filler_1m",
];

/// Variables every authorization-server scenario may use. `resource` has a value only with
/// `--resource`, `supplied_client_id` and `supplied_client_secret` only with `--client-id`
/// and `--client-secret`; a step that needs one without it is skipped. `pkce.*` and `state`
/// are fresh per scenario: `pkce.challenge` is the S256 challenge of `pkce.verifier`, and
/// `pkce.other_verifier` a second, unrelated verifier.
pub const AUTHZ_VARIABLES: &[&str] = &[
    "issuer",
    "authorization_server",
    "as_metadata_oauth_url",
    "as_metadata_oidc_url",
    "redirect_uri",
    "resource",
    "scope",
    "spec_version",
    "supplied_client_id",
    "supplied_client_secret",
    "pkce.verifier",
    "pkce.challenge",
    "pkce.other_verifier",
    "state",
];

/// What `discover_authorization_server` sets: where the metadata was found, and the members
/// later steps need (each only when the document has it).
pub const AS_DISCOVERY_VARIABLES: &[&str] = &[
    "as_metadata_url",
    "as_metadata_oidc",
    "authorization_endpoint",
    "token_endpoint",
    "registration_endpoint",
    "jwks_uri",
    "introspection_endpoint",
    "revocation_endpoint",
    "as_iss_parameter_supported",
];

/// What an `authorize` step sets (each only when present).
pub const AUTHORIZE_VARIABLES: &[&str] = &[
    "authorization_url",
    "callback_url",
    "callback.code",
    "callback.state",
    "callback.iss",
    "callback.error",
    "callback.error_description",
    "callback.access_token",
];

/// Variables every client scenario may use, besides `issuer.NAME` for each of its
/// authorization servers and `canary.NAME` for each of its canaries: the mock world's URLs.
pub const CLIENT_VARIABLES: &[&str] = &["mcp_url", "mcp_origin", "issuer", "spec_version"];

/// The built-in variables of scenarios of `role`.
pub fn builtin_variables(role: ScenarioRole) -> &'static [&'static str] {
    match role {
        ScenarioRole::AuthorizationServer => AUTHZ_VARIABLES,
        ScenarioRole::Server => SERVER_VARIABLES,
        ScenarioRole::Client => CLIENT_VARIABLES,
    }
}

/// Longest a `wait` or a request timeout may be.
pub const MAX_WAIT_MS: u64 = 60_000;

/// A scenario that passed every load-time rule.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub file: ScenarioFile,
    /// Where it came from (a path, or `builtin:server/...yaml`).
    pub origin: String,
    pub since: SpecVersion,
    pub until: SpecVersion,
    /// Every check in step order, as declared.
    pub checks: Vec<CheckInfo>,
    /// For each step, the tokens it presents or refers to (minted before it runs).
    pub step_tokens: Vec<BTreeSet<String>>,
}

/// What is known of a check before it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckInfo {
    pub id: String,
    pub requirement: &'static CatalogueRow,
    pub level: Level,
    pub claim: String,
    /// The check's own spec-version range (`None`: the scenario's).
    pub since: Option<SpecVersion>,
    pub until: Option<SpecVersion>,
}

impl CheckInfo {
    /// Why the check does not apply under `version`, if it does not.
    pub fn not_applicable(&self, version: SpecVersion) -> Option<String> {
        match (self.since, self.until) {
            (Some(since), _) if version < since => {
                Some(format!("this check applies from spec version {since}"))
            }
            (_, Some(until)) if version > until => {
                Some(format!("this check applies up to spec version {until}"))
            }
            _ => None,
        }
    }
}

impl Scenario {
    pub fn id(&self) -> &str {
        &self.file.id.value
    }

    /// Whether the scenario applies under `version`.
    pub fn applies_to(&self, version: SpecVersion) -> bool {
        self.since <= version && version <= self.until
    }
}

/// Why a scenario file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub origin: String,
    pub line: u64,
    pub column: u64,
    pub message: String,
    /// The offending source line, for the caret display.
    pub source_line: Option<String>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.origin, self.line, self.column, self.message)?;
        if let Some(line) = &self.source_line {
            let caret = " ".repeat(usize::try_from(self.column.saturating_sub(1)).unwrap_or(0));
            write!(f, "\n  | {line}\n  | {caret}^")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// The scenario ID a file at `relative` (under its scenario folder) must declare.
pub fn expected_id(relative: &Path) -> Option<String> {
    let text = relative.to_str()?;
    let stem = text.strip_suffix(".yaml").or_else(|| text.strip_suffix(".yml"))?;
    Some(stem.replace('\\', "/"))
}

/// Parses and checks one scenario file. `expected_id` is what its path says its ID is.
pub fn parse(origin: &str, text: &str, expected_id: &str) -> Result<Scenario, LoadError> {
    let error_at = |line: u64, column: u64, message: String| LoadError {
        origin: origin.to_owned(),
        line,
        column,
        source_line: text
            .lines()
            .nth(usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX))
            .map(str::to_owned),
        message,
    };
    let file: ScenarioFile = serde_saphyr::from_str(text).map_err(|e| {
        let (line, column) = e.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
        // The parser's own message repeats the snippet; keep its first line.
        let message = e.to_string().lines().next().unwrap_or("invalid YAML").to_owned();
        error_at(line, column, message)
    })?;
    let at = |spanned_line: u64, spanned_col: u64, message: String| {
        error_at(spanned_line.max(1), spanned_col.max(1), message)
    };
    let span = |s: &Spanned<String>| (s.referenced.line(), s.referenced.column());

    if file.schema_version.value != SCHEMA_VERSION {
        let l = &file.schema_version.referenced;
        return Err(at(
            l.line(),
            l.column(),
            format!(
                "schema_version {} is not supported; this build reads {SCHEMA_VERSION}",
                file.schema_version.value
            ),
        ));
    }
    if file.id.value != expected_id {
        let (l, c) = span(&file.id);
        return Err(at(
            l,
            c,
            format!(
                "id {:?} does not match the file's path; it must be {expected_id:?}",
                file.id.value
            ),
        ));
    }
    let version = |s: &Option<Spanned<String>>, default: SpecVersion| match s {
        None => Ok(default),
        Some(s) => s.value.parse::<SpecVersion>().map_err(|e| {
            let (l, c) = span(s);
            at(l, c, e.to_string())
        }),
    };
    let since = version(&file.spec_versions.since, SpecVersion::V2025_03_26)?;
    let until = version(&file.spec_versions.until, SpecVersion::V2026_07_28)?;
    if since > until {
        let (l, c) = file.spec_versions.since.as_ref().map(span).unwrap_or((1, 1));
        return Err(at(l, c, format!("spec_versions: since {since} is after until {until}")));
    }

    let mut listed = BTreeSet::new();
    for requirement in &file.requirements {
        let (l, c) = span(requirement);
        let row = lookup(&requirement.value).ok_or_else(|| {
            at(l, c, format!("{} is not a row of the requirement catalogue", requirement.value))
        })?;
        if !role_matches(file.role, row) {
            return Err(at(
                l,
                c,
                format!(
                    "{} is a {} requirement; this is a {} scenario",
                    requirement.value,
                    row.role,
                    role_name(file.role)
                ),
            ));
        }
        if !listed.insert(requirement.value.clone()) {
            return Err(at(l, c, format!("{} is listed twice", requirement.value)));
        }
    }
    if file.requirements.is_empty() {
        return Err(at(1, 1, "requirements: a scenario checks at least one requirement".into()));
    }

    if let Some(mocks) = &file.mocks {
        if file.role != ScenarioRole::Client {
            return Err(locate(
                origin,
                text,
                "mocks:",
                "mocks configure the world a client is tested against; a server or \
                 authorization-server scenario probes a real target"
                    .to_owned(),
            ));
        }
        if let Err(e) = mocks.check() {
            return Err(locate(origin, text, "mocks:", format!("mocks: {e}")));
        }
    }
    let mut client_names: Vec<(bool, String)> = Vec::new();
    if file.role == ScenarioRole::Client {
        let config = file.mocks.clone().unwrap_or_default();
        client_names.push((true, mcp_auth_mocks::config::MAIN_AS.to_owned()));
        client_names.extend(config.extra_authorization_servers.keys().map(|n| (true, n.clone())));
        if !file.tokens.is_empty() {
            return Err(locate(
                origin,
                text,
                "tokens:",
                "tokens: a client scenario's tokens are issued by its mocks to the client".into(),
            ));
        }
        if let Some(step) = file.steps.iter().find(|s| !matches!(s, Step::Judge(_))) {
            let kind = match step {
                Step::Request(_) => "request",
                Step::OpenSession(_) => "open_session",
                Step::Revoke(_) => "revoke",
                Step::Wait(_) => "wait",
                Step::DiscoverPrm(_) => "discover_prm",
                Step::DiscoverAuthorizationServer(_) => "discover_authorization_server",
                Step::Authorize(_) => "authorize",
                Step::Judge(_) => "judge",
            };
            return Err(locate(
                origin,
                text,
                kind,
                format!(
                    "{kind}: a client scenario's steps are `judge` steps, run after the client \
                     under test has finished"
                ),
            ));
        }
        for canary in file.client.iter().flat_map(|c| &c.canaries) {
            if !is_token_name(canary) {
                return Err(locate(
                    origin,
                    text,
                    canary,
                    format!("canary name {canary:?}: use [a-z0-9_-]+"),
                ));
            }
            client_names.push((false, canary.clone()));
        }
    } else if file.client.is_some() {
        return Err(locate(
            origin,
            text,
            "client:",
            "client: only a client scenario launches a client".to_owned(),
        ));
    }
    for (name, source) in &file.tokens {
        if !is_token_name(name) {
            return Err(locate(
                origin,
                text,
                name,
                format!("token name {name:?}: use [a-z0-9_-]+"),
            ));
        }
        if source.mint.is_none() && source.supplied.is_none() && source.literal.is_none() {
            return Err(locate(
                origin,
                text,
                name,
                format!("token {name:?} has no source: give mint, supplied or literal"),
            ));
        }
    }

    let mut checks = Vec::new();
    let mut ids = BTreeSet::new();
    let mut known: BTreeSet<String> =
        builtin_variables(file.role).iter().map(|s| (*s).to_owned()).collect();
    for (is_as, name) in &client_names {
        known.insert(format!("{}.{name}", if *is_as { "issuer" } else { "canary" }));
    }
    let mut saw_client_exit = false;
    known.extend(file.tokens.keys().map(|t| format!("token.{t}")));
    let mut checked = BTreeSet::new();
    let step_refs: RefCell<BTreeSet<String>> = RefCell::new(BTreeSet::new());
    let templated_check = |t: &str, known: &BTreeSet<String>| -> Result<(), LoadError> {
        for name in template::references(t).map_err(|e| template_error(origin, text, t, &e))? {
            if let Some(token) = name.strip_prefix("token.") {
                step_refs.borrow_mut().insert(token.to_owned());
            }
            if !known.contains(name) && !name.starts_with("var.") {
                return Err(locate(
                    origin,
                    text,
                    &format!("{{{{{name}}}}}"),
                    format!(
                        "unknown variable `{name}`: not built in, not a declared token, and not \
                         captured by an earlier step (user values are `var.NAME`)"
                    ),
                ));
            }
        }
        Ok(())
    };
    let token_ref = |name: &str| -> Result<(), LoadError> {
        step_refs.borrow_mut().insert(name.to_owned());
        if file.tokens.contains_key(name) {
            Ok(())
        } else {
            Err(locate(origin, text, name, format!("token {name:?} is not declared in `tokens`")))
        }
    };

    // Every check: its ID unique, its requirement listed, its references known.
    let mut register = |expect: &[Check], known: &BTreeSet<String>| -> Result<(), LoadError> {
        for check in expect {
            let info = check_info(check, &file, &at)?;
            if !ids.insert(info.id.clone()) {
                let (l, c) = span(&check.check);
                return Err(at(l, c, format!("check {:?} is declared twice", info.id)));
            }
            assertion_refs(&check.assertion, known, &templated_check, &token_ref, &at)?;
            let (mut client_only, mut target_only) = (false, false);
            assertion_kinds(&check.assertion, &mut client_only, &mut target_only);
            let (l, c) = span(&check.check);
            if file.role == ScenarioRole::Client && target_only {
                return Err(at(
                    l,
                    c,
                    format!(
                        "check {:?}: a client scenario judges `requests`, `client` and `var`; \
                         there is no response of its own",
                        info.id
                    ),
                ));
            }
            if file.role != ScenarioRole::Client && client_only {
                return Err(at(
                    l,
                    c,
                    format!(
                        "check {:?}: `requests` and `client` judge a client under test; this is a \
                         {} scenario",
                        info.id,
                        role_name(file.role)
                    ),
                ));
            }
            let mut names = Vec::new();
            selector_names(&check.assertion, &mut names);
            if let Some((is_as, name)) = names.iter().find(|n| !client_names.contains(n)) {
                let what = if *is_as { "authorization server" } else { "canary" };
                return Err(at(
                    l,
                    c,
                    format!("check {:?}: no {what} named {name:?} in this scenario", info.id),
                ));
            }
            saw_client_exit |= mentions_client_exit(&check.assertion);
            checked.insert(check.requirement.value.clone());
            checks.push(info);
        }
        Ok(())
    };
    let mut step_tokens = Vec::new();
    for step in &file.steps {
        step_refs.borrow_mut().clear();
        match step {
            Step::Request(r) => {
                if let Some(t) = &r.bearer {
                    token_ref(t)?;
                }
                for t in r.url.iter().chain(r.headers.iter().map(|h| &h.value)) {
                    templated_check(t, &known)?;
                }
                match &r.body {
                    Some(Body::Text(t)) => templated_check(t, &known)?,
                    Some(Body::Form(fields)) => {
                        for f in fields {
                            templated_check(&f.value, &known)?;
                        }
                    }
                    Some(Body::Json(v)) => json_templates(v, &mut |t| templated_check(t, &known))?,
                    Some(Body::Mcp(call)) => {
                        if let Some(p) = &call.params {
                            json_templates(p, &mut |t| templated_check(t, &known))?;
                        }
                    }
                    None => {}
                }
                if r.timeout_ms.is_some_and(|ms| ms > MAX_WAIT_MS) {
                    return Err(locate(
                        origin,
                        text,
                        "timeout_ms",
                        format!("timeout_ms is at most {MAX_WAIT_MS}"),
                    ));
                }
                let mut after_capture = known.clone();
                after_capture.extend(r.capture.keys().cloned());
                for p in &r.require {
                    assertion_refs(
                        &p.assertion,
                        &after_capture,
                        &templated_check,
                        &token_ref,
                        &at,
                    )?;
                }
                known.extend(r.capture.keys().cloned());
                register(&r.expect, &known)?;
            }
            Step::DiscoverPrm(DiscoverStep { expect })
            | Step::DiscoverAuthorizationServer(DiscoverStep { expect })
            | Step::Judge(JudgeStep { expect }) => {
                match step {
                    Step::DiscoverPrm(_) => known.extend(
                        ["prm_url", "prm_source", "prm_expected_resource", "authorization_server"]
                            .map(str::to_owned),
                    ),
                    Step::DiscoverAuthorizationServer(_) => {
                        if !known.contains("authorization_server") {
                            return Err(locate(
                                origin,
                                text,
                                "discover_authorization_server",
                                "discover_authorization_server needs an earlier discover_prm (it reads \
                                 {{authorization_server}})"
                                    .to_owned(),
                            ));
                        }
                        known.extend(AS_DISCOVERY_VARIABLES.iter().map(|s| (*s).to_owned()));
                    }
                    _ => {}
                }
                register(expect, &known)?;
            }
            Step::Authorize(a) => {
                for p in &a.params {
                    templated_check(&p.value, &known)?;
                }
                known.extend(AUTHORIZE_VARIABLES.iter().map(|s| (*s).to_owned()));
                for p in &a.require {
                    assertion_refs(&p.assertion, &known, &templated_check, &token_ref, &at)?;
                }
                register(&a.expect, &known)?;
            }
            Step::OpenSession(s) => {
                token_ref(&s.bearer)?;
                known.insert("session_id".to_owned());
            }
            Step::Revoke(r) => {
                token_ref(&r.token)?;
                let source = file.tokens.get(&r.token);
                if source.is_some_and(|s| {
                    s.mint.is_none() || s.supplied.is_some() || s.literal.is_some()
                }) {
                    return Err(locate(
                        origin,
                        text,
                        &r.token,
                        format!("revoke: token {:?} must have only a mint source", r.token),
                    ));
                }
            }
            Step::Wait(w) => {
                if w.ms > MAX_WAIT_MS {
                    return Err(locate(
                        origin,
                        text,
                        "wait",
                        format!("wait is at most {MAX_WAIT_MS} ms"),
                    ));
                }
            }
        }
        step_tokens.push(step_refs.borrow().clone());
    }
    // Tokens are minted when first used, so their recipes may use anything captured by
    // then; checked against everything the scenario ever knows.
    for source in file.tokens.values() {
        if let Some(literal) = &source.literal {
            templated_check(literal, &known)?;
        }
        if let Some(mint) = &source.mint {
            for a in mint.audience.iter().flatten().chain(mint.scope.iter()) {
                templated_check(a, &known)?;
            }
        }
    }
    if file.role == ScenarioRole::Client && !saw_client_exit {
        return Err(at(
            1,
            1,
            "a client scenario needs a check whose assertion is a `client` assertion \
             (completed, exited or failed; alone or inside `all`), so a client that hangs or \
             crashes can never pass"
                .into(),
        ));
    }
    if let Some(unchecked) = file.requirements.iter().find(|r| !checked.contains(&r.value)) {
        let (l, c) = span(unchecked);
        return Err(at(l, c, format!("{} is listed but no check judges it", unchecked.value)));
    }
    Ok(Scenario { file, origin: origin.to_owned(), since, until, checks, step_tokens })
}

fn check_info(
    check: &Check,
    file: &ScenarioFile,
    at: &impl Fn(u64, u64, String) -> LoadError,
) -> Result<CheckInfo, LoadError> {
    let id = &check.check;
    if !is_check_id(&id.value) {
        return Err(at(
            id.referenced.line(),
            id.referenced.column(),
            format!("check id {:?}: use [a-z0-9-]+", id.value),
        ));
    }
    let requirement = &check.requirement;
    let listed = file.requirements.iter().any(|r| r.value == requirement.value);
    let row = lookup(&requirement.value).filter(|_| listed).ok_or_else(|| {
        at(
            requirement.referenced.line(),
            requirement.referenced.column(),
            format!("{} is not one of this scenario's requirements", requirement.value),
        )
    })?;
    let level = match check.level {
        Some(CheckLevel::Must) => Level::Must,
        Some(CheckLevel::Should) => Level::Should,
        Some(CheckLevel::May) => Level::May,
        Some(CheckLevel::Robust) => Level::Robust,
        None => row_level(row),
    };
    let (since, until) = match &check.spec_versions {
        None => (None, None),
        Some(range) => {
            let parse = |s: &Option<Spanned<String>>| match s {
                None => Ok(None),
                Some(s) => s
                    .value
                    .parse::<SpecVersion>()
                    .map(Some)
                    .map_err(|e| at(s.referenced.line(), s.referenced.column(), e.to_string())),
            };
            (parse(&range.since)?, parse(&range.until)?)
        }
    };
    Ok(CheckInfo {
        id: id.value.clone(),
        requirement: row,
        level,
        claim: check.claim.clone(),
        since,
        until,
    })
}

/// The level a catalogue row's free-text level column starts with.
pub fn row_level(row: &CatalogueRow) -> Level {
    let text = row.level.trim_start_matches('(');
    if text.starts_with("MUST") {
        Level::Must
    } else if text.starts_with("SHOULD") {
        Level::Should
    } else if text.starts_with("MAY") {
        Level::May
    } else {
        Level::Robust
    }
}

fn role_matches(role: ScenarioRole, row: &CatalogueRow) -> bool {
    let wanted = match role {
        ScenarioRole::Server => "RS",
        ScenarioRole::Client => "C",
        ScenarioRole::AuthorizationServer => "AS",
    };
    row.role.split(|c: char| !c.is_ascii_alphanumeric()).any(|r| r == wanted)
}

pub fn role_name(role: ScenarioRole) -> &'static str {
    match role {
        ScenarioRole::Server => "server",
        ScenarioRole::Client => "client",
        ScenarioRole::AuthorizationServer => "authorization-server",
    }
}

fn is_token_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

fn is_check_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn json_templates(
    value: &serde_json::Value,
    check: &mut impl FnMut(&str) -> Result<(), LoadError>,
) -> Result<(), LoadError> {
    match value {
        serde_json::Value::String(s) => check(s),
        serde_json::Value::Array(items) => items.iter().try_for_each(|v| json_templates(v, check)),
        serde_json::Value::Object(map) => map.values().try_for_each(|v| json_templates(v, check)),
        _ => Ok(()),
    }
}

fn assertion_refs(
    assertion: &Assertion,
    known: &BTreeSet<String>,
    templated: &impl Fn(&str, &BTreeSet<String>) -> Result<(), LoadError>,
    token_ref: &impl Fn(&str) -> Result<(), LoadError>,
    at: &impl Fn(u64, u64, String) -> LoadError,
) -> Result<(), LoadError> {
    let findings_of = |ids: &[Spanned<String>]| -> Result<(), LoadError> {
        for id in ids {
            if lookup(&id.value).is_none() {
                return Err(at(
                    id.referenced.line(),
                    id.referenced.column(),
                    format!("{} is not a row of the requirement catalogue", id.value),
                ));
            }
        }
        Ok(())
    };
    let text = |m: &TextMatch| match m {
        TextMatch::Equals(t) | TextMatch::Contains(t) | TextMatch::StartsWith(t) => {
            templated(t, known)
        }
        TextMatch::OneOf(options) => options.iter().try_for_each(|t| templated(t, known)),
        TextMatch::Present
        | TextMatch::Absent
        | TextMatch::MinLength(_)
        | TextMatch::ScopeList
        | TextMatch::ScopesInclude(_)
        | TextMatch::ScopesExclude(_) => Ok(()),
    };
    match assertion {
        Assertion::Status(_) => Ok(()),
        Assertion::Header(h) => text(&h.value),
        Assertion::Challenge(c) => match c {
            super::model::ChallengeAssertion::Param(p) => text(&p.value),
            _ => Ok(()),
        },
        Assertion::Json(j) => match &j.value {
            ValueMatch::Equals(v) | ValueMatch::Contains(v) => {
                json_templates(v, &mut |t| templated(t, known))
            }
            _ => Ok(()),
        },
        Assertion::Document(DocumentAssertion::Prm(p)) => {
            findings_of(&p.findings_of)?;
            templated(&p.resource, known)
        }
        Assertion::Document(DocumentAssertion::AsMetadata(m)) => {
            findings_of(&m.findings_of)?;
            m.oidc.as_deref().map_or(Ok(()), |o| templated(o, known))?;
            templated(&m.issuer, known)
        }
        Assertion::Var(v) => {
            templated(&format!("{{{{{}}}}}", v.name), known)?;
            text(&v.value)
        }
        Assertion::JwtClaim(j) => {
            templated(&format!("{{{{{}}}}}", j.var), known)?;
            match &j.value {
                ValueMatch::Equals(v) | ValueMatch::Contains(v) => {
                    json_templates(v, &mut |t| templated(t, known))
                }
                _ => Ok(()),
            }
        }
        Assertion::Journal(j) => {
            if let Some(t) = &j.carrying {
                token_ref(t)?;
            }
            j.path_prefix.as_deref().map_or(Ok(()), |p| templated(p, known))
        }
        Assertion::Requests(r) => {
            if r.nth == Some(0) {
                return Err(at(1, 1, "requests: nth counts from 1 (the first) or from -1 (the last); 0 selects nothing".into()));
            }
            r.path.as_deref().map_or(Ok(()), |p| templated(p, known))?;
            let json_text = |t: &str| templated(t, known);
            r.filters.iter().try_for_each(|f| filter_refs(f, &text, &json_text))
        }
        Assertion::Client(_) => Ok(()),
        Assertion::All(items) | Assertion::Any(items) => {
            items.iter().try_for_each(|a| assertion_refs(a, known, templated, token_ref, at))
        }
        Assertion::Not(inner) => assertion_refs(inner, known, templated, token_ref, at),
    }
}

/// Whether `assertion` holds only if a `client` assertion does (at the top, or inside
/// `all`): negated or alternative ones could pass a client that hung.
fn mentions_client_exit(assertion: &Assertion) -> bool {
    match assertion {
        Assertion::Client(_) => true,
        Assertion::All(items) => items.iter().any(mentions_client_exit),
        _ => false,
    }
}

fn filter_refs(
    filter: &RequestFilter,
    text: &impl Fn(&TextMatch) -> Result<(), LoadError>,
    json_text: &impl Fn(&str) -> Result<(), LoadError>,
) -> Result<(), LoadError> {
    match filter {
        RequestFilter::Query(p) | RequestFilter::Form(p) | RequestFilter::Param(p) => {
            text(&p.value)
        }
        RequestFilter::Header(h) => text(&h.value),
        RequestFilter::BasicUser(m) => text(m),
        RequestFilter::Json(j) => match &j.value {
            ValueMatch::Equals(v) | ValueMatch::Contains(v) => {
                json_templates(v, &mut |t| json_text(t))
            }
            _ => Ok(()),
        },
        RequestFilter::Not(inner) => filter_refs(inner, text, json_text),
        RequestFilter::Any(items) => items.iter().try_for_each(|f| filter_refs(f, text, json_text)),
        RequestFilter::Status(_)
        | RequestFilter::Carries(_)
        | RequestFilter::CarriesInUrl(_)
        | RequestFilter::PkceVerifierMatches
        | RequestFilter::SameAsAuthorization(_) => Ok(()),
    }
}

/// Whether `assertion` (anywhere inside) is of a kind only a client scenario can judge
/// (`Some(true)`), only a scenario with responses can (`Some(false)`), or either.
fn assertion_kinds(assertion: &Assertion, client_only: &mut bool, target_only: &mut bool) {
    match assertion {
        Assertion::Requests(_) | Assertion::Client(_) => *client_only = true,
        Assertion::Var(_) => {}
        Assertion::All(items) | Assertion::Any(items) => {
            items.iter().for_each(|a| assertion_kinds(a, client_only, target_only));
        }
        Assertion::Not(inner) => assertion_kinds(inner, client_only, target_only),
        _ => *target_only = true,
    }
}

/// The names `requests` assertions may use: authorization servers and canaries.
fn selector_names(assertion: &Assertion, names: &mut Vec<(bool, String)>) {
    fn filters(f: &RequestFilter, names: &mut Vec<(bool, String)>) {
        match f {
            RequestFilter::Carries(c) | RequestFilter::CarriesInUrl(c) => {
                if let Some(by) = &c.issued_by {
                    names.push((true, by.clone()));
                }
            }
            RequestFilter::Not(inner) => filters(inner, names),
            RequestFilter::Any(items) => items.iter().for_each(|i| filters(i, names)),
            _ => {}
        }
    }
    match assertion {
        Assertion::Requests(r) => {
            match &r.to {
                Some(ListenerSelector::AuthorizationServer(n)) => names.push((true, n.clone())),
                Some(ListenerSelector::Canary(n)) => names.push((false, n.clone())),
                _ => {}
            }
            r.filters.iter().for_each(|f| filters(f, names));
        }
        Assertion::All(items) | Assertion::Any(items) => {
            items.iter().for_each(|a| selector_names(a, names));
        }
        Assertion::Not(inner) => selector_names(inner, names),
        _ => {}
    }
}

fn template_error(origin: &str, text: &str, value: &str, error: &TemplateError) -> LoadError {
    locate(origin, text, value, error.to_string())
}

/// An error at the first place `needle` occurs in the file (values without a span of their
/// own: the text is the best pointer there is).
fn locate(origin: &str, text: &str, needle: &str, message: String) -> LoadError {
    let (line, column, source_line) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find(needle).map(|c| (i as u64 + 1, c as u64 + 1, l.to_owned())))
        .map_or((1, 1, None), |(l, c, s)| (l, c, Some(s)));
    LoadError { origin: origin.to_owned(), line, column, message, source_line }
}

/// Reads every `*.yaml` under `dir` (sorted by path), as scenarios whose IDs are their
/// paths relative to `dir`.
pub fn load_dir(dir: &Path) -> Result<Vec<Scenario>, Vec<LoadError>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    walk(dir, &mut files, &mut errors);
    files.sort();
    let mut scenarios = Vec::new();
    for path in files {
        let origin = path.display().to_string();
        let relative = path.strip_prefix(dir).unwrap_or(&path);
        let Some(id) = expected_id(relative) else { continue };
        match std::fs::read_to_string(&path) {
            Ok(text) => match parse(&origin, &text, &id) {
                Ok(s) => scenarios.push(s),
                Err(e) => errors.push(e),
            },
            Err(e) => errors.push(LoadError {
                origin,
                line: 0,
                column: 0,
                message: format!("cannot read: {e}"),
                source_line: None,
            }),
        }
    }
    if errors.is_empty() { Ok(scenarios) } else { Err(errors) }
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<LoadError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(LoadError {
                origin: dir.display().to_string(),
                line: 0,
                column: 0,
                message: format!("cannot read the folder: {e}"),
                source_line: None,
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // file_type does not follow symlinks, so a link cycle cannot make this loop.
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            walk(&path, files, errors);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            files.push(path);
        }
    }
}
