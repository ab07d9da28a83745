//! Judging one assertion against one response (or the journal): whether it holds, and what
//! was observed, in words a report can show.

use mcp_auth_mocks::journal::Entry;
use mcp_auth_proto::challenge::{self, ChallengeContext};
use mcp_auth_proto::documents::as_metadata::{AsMetadataContext, MetadataFlavour};
use mcp_auth_proto::documents::prm::{self, PrmContext, ResourceProfile};
use mcp_auth_proto::{Finding, Level, RequirementId, SpecVersion};
use serde_json::Value;

use super::client_judge::{self, ClientEvidence};
use super::http::Incoming;
use super::mcp::response_json;
use crate::inspect;
use crate::scenario::model::{
    Assertion, ChallengeAssertion, CountMatch, DocumentAssertion, JsonType, ProfileName,
    StatusMatch, TextMatch, ValueMatch,
};

/// The outcome of one assertion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub holds: bool,
    /// What was seen ("HTTP 200", "no WWW-Authenticate field").
    pub observed: String,
}

impl Verdict {
    fn new(holds: bool, observed: impl Into<String>) -> Self {
        Self { holds, observed: observed.into() }
    }
}

/// Why an assertion could not be judged at all (a variable without a value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unjudgeable(pub String);

/// Everything an assertion may look at.
pub struct Evidence<'a> {
    /// The step's response; `None` for checks of variables and the journal.
    pub response: Option<&'a Incoming>,
    pub request_had_credentials: bool,
    pub spec_version: SpecVersion,
    /// The journal entries this scenario may see, per listener kind.
    pub journal: &'a dyn Fn(crate::scenario::model::ListenerName) -> Option<Vec<Entry>>,
    /// Expands templates; `Err` names the variable without a value.
    pub render: &'a dyn Fn(&str) -> Result<String, String>,
    /// The secret of a named token.
    pub token: &'a dyn Fn(&str) -> Option<String>,
    /// A variable's value.
    pub var: &'a dyn Fn(&str) -> Option<String>,
    /// What the client under test did (client scenarios only).
    pub client: Option<&'a ClientEvidence>,
}

impl std::fmt::Debug for Evidence<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Evidence")
            .field("status", &self.response.map(|r| r.status))
            .field("request_had_credentials", &self.request_had_credentials)
            .field("spec_version", &self.spec_version)
            .finish_non_exhaustive()
    }
}

/// The requirement and level a finding-based assertion judges.
#[derive(Debug, Clone, Copy)]
pub struct Judged {
    pub requirement: RequirementId,
    pub level: Level,
}

pub fn evaluate(
    assertion: &Assertion,
    evidence: &Evidence<'_>,
    judged: Judged,
) -> Result<Verdict, Unjudgeable> {
    let no_response =
        || Unjudgeable("this assertion needs a response, and the step has none".into());
    let no_client =
        || Unjudgeable("this assertion judges a client under test; there is none".into());
    match assertion {
        Assertion::Var(v) => {
            let value = (evidence.var)(&v.name);
            text_match(&v.value, value.as_deref(), &format!("variable {}", v.name), evidence)
        }
        Assertion::Status(m) => {
            let r = evidence.response.ok_or_else(no_response)?;
            let holds = match m {
                StatusMatch::Is(code) => r.status == *code,
                StatusMatch::OneOf(codes) => codes.contains(&r.status),
                StatusMatch::Between([low, high]) => (*low..=*high).contains(&r.status),
            };
            Ok(Verdict::new(holds, format!("HTTP {}", r.status)))
        }
        Assertion::Header(h) => {
            let r = evidence.response.ok_or_else(no_response)?;
            let value = r.header(&h.name);
            text_match(&h.value, value, &format!("{} header", h.name), evidence)
        }
        Assertion::Challenge(c) => {
            Ok(challenge_assertion(c, evidence.response.ok_or_else(no_response)?, evidence, judged))
        }
        Assertion::Json(j) => {
            let r = evidence.response.ok_or_else(no_response)?;
            let json = response_json(r.header("content-type"), &r.body);
            let Some(json) = json else {
                return Ok(Verdict::new(
                    matches!(j.value, ValueMatch::Absent),
                    "the body is not JSON",
                ));
            };
            let found = json_path(&json, &j.path).map_err(Unjudgeable)?;
            value_match(&j.value, found, &j.path, evidence)
        }
        Assertion::Document(d) => {
            document(d, evidence.response.ok_or_else(no_response)?, evidence, judged)
        }
        Assertion::JwtClaim(j) => {
            let token = (evidence.var)(&j.var)
                .ok_or_else(|| Unjudgeable(format!("variable {} has no value", j.var)))?;
            let jwt = mcp_auth_proto::documents::jwt::CompactJwt::parse(&token).map_err(|e| {
                Unjudgeable(format!(
                    "{} is not a JWT ({e}), so its claims cannot be read from it",
                    j.var
                ))
            })?;
            let claims = Value::Object(jwt.claims().object.clone());
            let found = json_path(&claims, &j.path).map_err(Unjudgeable)?;
            value_match(&j.value, found, &format!("{} claim {}", j.var, j.path), evidence)
        }
        Assertion::Journal(j) => {
            let Some(entries) = (evidence.journal)(j.listener) else {
                return Err(Unjudgeable(
                    "the journal needs the harness's authorization server (--as-listen)".into(),
                ));
            };
            let prefix = j.path_prefix.as_deref().map(|p| (evidence.render)(p)).transpose();
            let prefix = prefix.map_err(|v| Unjudgeable(format!("variable {v} has no value")))?;
            let carrying = match &j.carrying {
                Some(name) => Some(
                    (evidence.token)(name)
                        .ok_or_else(|| Unjudgeable(format!("token {name} was not resolved")))?,
                ),
                None => None,
            };
            let count = entries
                .iter()
                .filter(|e| prefix.as_deref().is_none_or(|p| e.path().starts_with(p)))
                .filter(|e| carrying.as_deref().is_none_or(|t| e.contains(t)))
                .count();
            let holds = match j.count {
                CountMatch::Is(n) => count == n,
                CountMatch::AtLeast(n) => count >= n,
                CountMatch::AtMost(n) => count <= n,
            };
            Ok(Verdict::new(
                holds,
                format!("{count} matching request(s) to the {:?} listener", j.listener),
            ))
        }
        Assertion::Requests(r) => {
            let client = evidence.client.ok_or_else(no_client)?;
            client_judge::requests(r, client, evidence)
        }
        Assertion::Client(exit) => {
            client_judge::client_exit(*exit, evidence.client.ok_or_else(no_client)?)
        }
        Assertion::All(items) => {
            let mut seen = Vec::new();
            for item in items {
                let v = evaluate(item, evidence, judged)?;
                if !v.holds {
                    return Ok(v);
                }
                seen.push(v.observed);
            }
            Ok(Verdict::new(true, dedup_join(seen)))
        }
        Assertion::Any(items) => {
            let mut seen = Vec::new();
            for item in items {
                let v = evaluate(item, evidence, judged)?;
                if v.holds {
                    return Ok(v);
                }
                seen.push(v.observed);
            }
            Ok(Verdict::new(false, dedup_join(seen)))
        }
        Assertion::Not(inner) => {
            let v = evaluate(inner, evidence, judged)?;
            Ok(Verdict::new(!v.holds, v.observed))
        }
    }
}

fn dedup_join(mut seen: Vec<String>) -> String {
    seen.dedup();
    seen.join("; ")
}

pub(super) fn text_match(
    m: &TextMatch,
    value: Option<&str>,
    what: &str,
    evidence: &Evidence<'_>,
) -> Result<Verdict, Unjudgeable> {
    let render = |t: &str| {
        (evidence.render)(t).map_err(|v| Unjudgeable(format!("variable {v} has no value")))
    };
    let observed = match value {
        Some(v) => format!("{what}: {}", quote(v)),
        None => format!("no {what}"),
    };
    let holds = match (m, value) {
        (TextMatch::Present, v) => v.is_some(),
        (TextMatch::Absent, v) => v.is_none(),
        (TextMatch::ScopesExclude(unwanted), v) => {
            let have: Vec<&str> = v.unwrap_or_default().split(' ').collect();
            !unwanted.iter().any(|u| have.contains(&u.as_str()))
        }
        (_, None) => false,
        (TextMatch::Equals(t), Some(v)) => v == render(t)?,
        (TextMatch::Contains(t), Some(v)) => v.contains(&render(t)?),
        (TextMatch::StartsWith(t), Some(v)) => v.starts_with(&render(t)?),
        (TextMatch::MinLength(n), Some(v)) => v.chars().count() >= *n,
        (TextMatch::ScopeList, Some(v)) => {
            mcp_auth_proto::scope::Scope::parse(v).is_ok_and(|s| !s.tokens().is_empty())
        }
        (TextMatch::ScopesInclude(wanted), Some(v)) => {
            let have: Vec<&str> = v.split(' ').collect();
            wanted.iter().all(|w| have.contains(&w.as_str()))
        }
        (TextMatch::OneOf(options), Some(v)) => {
            let mut any = false;
            for option in options {
                any |= v == render(option)?;
            }
            any
        }
    };
    Ok(Verdict::new(holds, observed))
}

/// Whether `value` satisfies `m`: [`text_match`] without the words.
pub fn text_holds(
    m: &TextMatch,
    value: Option<&str>,
    evidence: &Evidence<'_>,
) -> Result<bool, Unjudgeable> {
    text_match(m, value, "", evidence).map(|v| v.holds)
}

/// A value quoted for a message, cut to a readable length.
pub fn quote(value: &str) -> String {
    const MAX: usize = 200;
    if value.chars().count() <= MAX {
        format!("{value:?}")
    } else {
        let head: String = value.chars().take(MAX).collect();
        format!("{head:?}… ({} bytes)", value.len())
    }
}

fn challenge_assertion(
    c: &ChallengeAssertion,
    r: &Incoming,
    evidence: &Evidence<'_>,
    judged: Judged,
) -> Verdict {
    let fields: Vec<&[u8]> =
        r.header_values("www-authenticate").into_iter().map(str::as_bytes).collect();
    if fields.is_empty() {
        return Verdict::new(false, "no WWW-Authenticate field");
    }
    let shown = || {
        r.header_values("www-authenticate").iter().map(|v| quote(v)).collect::<Vec<_>>().join(", ")
    };
    match c {
        ChallengeAssertion::WellFormed => match challenge::parse_strict(&fields) {
            Ok(_) => Verdict::new(true, format!("WWW-Authenticate {} parses", shown())),
            Err(e) => Verdict::new(false, format!("WWW-Authenticate {}: {e}", shown())),
        },
        ChallengeAssertion::Bearer => {
            let reading = challenge::parse_lenient(&fields);
            let bearer = reading.challenges.iter().any(|c| c.is_bearer());
            Verdict::new(bearer, format!("WWW-Authenticate {}", shown()))
        }
        ChallengeAssertion::BearerHasParams => {
            let reading = challenge::parse_lenient(&fields);
            match reading.challenges.iter().find(|c| c.is_bearer()) {
                Some(b) => Verdict::new(
                    !b.params.is_empty() && b.token68.is_none(),
                    format!("WWW-Authenticate {}", shown()),
                ),
                None => Verdict::new(false, format!("no Bearer challenge in {}", shown())),
            }
        }
        ChallengeAssertion::Param(p) => {
            let reading = challenge::parse_lenient(&fields);
            let bearer = reading.challenges.iter().find(|c| c.is_bearer());
            let Some(bearer) = bearer else {
                return Verdict::new(
                    matches!(p.value, TextMatch::Absent),
                    format!("no Bearer challenge in {}", shown()),
                );
            };
            let value = bearer.param(&p.name);
            text_match(&p.value, value, &format!("Bearer {}", p.name), evidence)
                .unwrap_or_else(|Unjudgeable(why)| Verdict::new(false, why))
        }
        ChallengeAssertion::NoFindings => {
            let context = ChallengeContext {
                status: r.status,
                request_had_credentials: evidence.request_had_credentials,
                spec_version: evidence.spec_version,
            };
            let analysis = challenge::analyze(&fields, &context);
            findings_verdict(
                &analysis.findings,
                &[judged.requirement],
                judged.level,
                &format!("WWW-Authenticate {}", shown()),
            )
        }
    }
}

fn findings_verdict(
    findings: &[Finding],
    requirements: &[RequirementId],
    level: Level,
    what: &str,
) -> Verdict {
    let relevant: Vec<&Finding> = findings
        .iter()
        .filter(|f| requirements.contains(&f.requirement) && f.level >= level)
        .collect();
    if relevant.is_empty() {
        let names: Vec<&str> = requirements.iter().map(|r| r.as_str()).collect();
        return Verdict::new(true, format!("{what}: no {} finding", names.join("/")));
    }
    let messages: Vec<String> = relevant
        .iter()
        .take(3)
        .map(|f| match &f.path {
            Some(path) => format!("{path}: {}", f.message),
            None => f.message.clone(),
        })
        .collect();
    let more = relevant.len().saturating_sub(3);
    let tail = if more > 0 { format!(" (and {more} more)") } else { String::new() };
    Verdict::new(false, format!("{}{tail}", messages.join("; ")))
}

fn document(
    d: &DocumentAssertion,
    r: &Incoming,
    evidence: &Evidence<'_>,
    judged: Judged,
) -> Result<Verdict, Unjudgeable> {
    let render = |t: &str| {
        (evidence.render)(t).map_err(|v| Unjudgeable(format!("variable {v} has no value")))
    };
    let content_type = r.header("content-type");
    let findings_of = match d {
        DocumentAssertion::Prm(p) => &p.findings_of,
        DocumentAssertion::AsMetadata(m) => &m.findings_of,
    };
    let mut requirements: Vec<RequirementId> = findings_of
        .iter()
        .filter_map(|id| mcp_auth_proto::requirements::lookup(&id.value).map(|row| row.id))
        .collect();
    if requirements.is_empty() {
        requirements.push(judged.requirement);
    }
    let findings = match d {
        DocumentAssertion::Prm(p) => {
            let context = PrmContext {
                expected_resource: Some(render(&p.resource)?),
                spec_version: evidence.spec_version,
                profile: match p.profile {
                    ProfileName::Strict => ResourceProfile::Strict,
                    ProfileName::Lenient => ResourceProfile::McpLenient,
                },
            };
            let mut findings = prm::check_http_response(r.status, content_type);
            if (200..300).contains(&r.status) {
                findings.extend(inspect::prm_document(&r.body, &context));
            }
            findings
        }
        DocumentAssertion::AsMetadata(m) => {
            let context = AsMetadataContext {
                expected_issuer: Some(render(&m.issuer)?),
                flavour: match m.oidc.as_deref().map(render).transpose()?.as_deref() {
                    Some("true") => MetadataFlavour::OpenId,
                    _ => MetadataFlavour::Oauth,
                },
                spec_version: evidence.spec_version,
            };
            let mut findings =
                mcp_auth_proto::documents::as_metadata::check_http_response(r.status, content_type);
            if (200..300).contains(&r.status) {
                findings.extend(inspect::as_metadata_document(&r.body, &context));
            }
            findings
        }
    };
    Ok(findings_verdict(&findings, &requirements, judged.level, &format!("HTTP {}", r.status)))
}

/// Whether `found` satisfies `m`: [`value_match`] without the words.
pub fn value_holds(
    m: &ValueMatch,
    found: Option<&Value>,
    evidence: &Evidence<'_>,
) -> Result<bool, Unjudgeable> {
    value_match(m, found, "", evidence).map(|v| v.holds)
}

fn value_match(
    m: &ValueMatch,
    found: Option<&Value>,
    path: &str,
    evidence: &Evidence<'_>,
) -> Result<Verdict, Unjudgeable> {
    let observed = match found {
        Some(v) => format!("{path} = {}", quote(&v.to_string())),
        None => format!("{path} absent"),
    };
    let holds = match (m, found) {
        (ValueMatch::Present, v) => v.is_some(),
        (ValueMatch::Absent, v) => v.is_none(),
        (_, None) => false,
        (ValueMatch::Equals(expected), Some(v)) => *v == render_json(expected, evidence)?,
        (ValueMatch::Type(t), Some(v)) => match t {
            JsonType::Object => v.is_object(),
            JsonType::Array => v.is_array(),
            JsonType::String => v.is_string(),
            JsonType::Number => v.is_number(),
            JsonType::Boolean => v.is_boolean(),
            JsonType::Null => v.is_null(),
        },
        (ValueMatch::Contains(expected), Some(v)) => {
            let expected = render_json(expected, evidence)?;
            match (v, &expected) {
                (Value::Array(items), e) => items.contains(e),
                (Value::String(s), Value::String(e)) => s.contains(e.as_str()),
                _ => false,
            }
        }
    };
    Ok(Verdict::new(holds, observed))
}

fn render_json(value: &Value, evidence: &Evidence<'_>) -> Result<Value, Unjudgeable> {
    Ok(match value {
        Value::String(s) => Value::String(
            (evidence.render)(s).map_err(|v| Unjudgeable(format!("variable {v} has no value")))?,
        ),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| render_json(v, evidence)).collect::<Result<_, _>>()?)
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| Ok((k.clone(), render_json(v, evidence)?)))
                .collect::<Result<_, Unjudgeable>>()?,
        ),
        other => other.clone(),
    })
}

/// Follows `$`, `.name`, `['name']` and `[index]` steps. `Ok(None)`: the path is valid but
/// leads nowhere in this value.
pub fn json_path<'v>(value: &'v Value, path: &str) -> Result<Option<&'v Value>, String> {
    let mut rest =
        path.strip_prefix('$').ok_or_else(|| format!("JSON path {path:?} must start with $"))?;
    let mut current = value;
    while !rest.is_empty() {
        let (next, remaining): (Result<&'v Value, ()>, &str) = if let Some(after) =
            rest.strip_prefix('.')
        {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let name = after.get(..end).unwrap_or_default();
            if name.is_empty() {
                return Err(format!("JSON path {path:?}: empty member name"));
            }
            (current.get(name).ok_or(()), after.get(end..).unwrap_or_default())
        } else if let Some(after) = rest.strip_prefix("['") {
            let end = after.find("']").ok_or_else(|| format!("JSON path {path:?}: unclosed ['"))?;
            let name = after.get(..end).unwrap_or_default();
            (current.get(name).ok_or(()), after.get(end + 2..).unwrap_or_default())
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']').ok_or_else(|| format!("JSON path {path:?}: unclosed ["))?;
            let index: usize = after
                .get(..end)
                .unwrap_or_default()
                .parse()
                .map_err(|_| format!("JSON path {path:?}: index is not a number"))?;
            (current.get(index).ok_or(()), after.get(end + 1..).unwrap_or_default())
        } else {
            return Err(format!("JSON path {path:?}: expected . or [ at {rest:?}"));
        };
        match next {
            Ok(v) => current = v,
            Err(()) => return Ok(None),
        }
        rest = remaining;
    }
    Ok(Some(current))
}

/// The first value of a Bearer challenge parameter (lenient reading).
pub fn bearer_param(response: &Incoming, name: &str) -> Option<String> {
    let fields: Vec<&[u8]> =
        response.header_values("www-authenticate").into_iter().map(str::as_bytes).collect();
    let reading = challenge::parse_lenient(&fields);
    reading.challenges.iter().find(|c| c.is_bearer()).and_then(|b| b.param(name)).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_paths() {
        let v = json!({"a": {"b": [10, {"c.d": true}]}});
        assert_eq!(json_path(&v, "$.a.b[0]").unwrap(), Some(&json!(10)));
        assert_eq!(json_path(&v, "$.a.b[1]['c.d']").unwrap(), Some(&json!(true)));
        assert_eq!(json_path(&v, "$").unwrap(), Some(&v));
        assert_eq!(json_path(&v, "$.a.x").unwrap(), None);
        assert_eq!(json_path(&v, "$.a.b[9]").unwrap(), None);
        assert!(json_path(&v, "a.b").is_err());
        assert!(json_path(&v, "$.a[x]").is_err());
        assert!(json_path(&v, "$..a").is_err());
    }
}
