//! Judging a client under test: what reached the mock world (the journal, read through
//! the endpoint each request was for) and how the client process ended.
//!
//! A request's endpoint is recognised by its path, the way the mocks route: the MCP
//! endpoint and the PRM locations on the MCP server's listener, the metadata well-knowns
//! and `…/authorize`, `…/token`, `…/register`, `…/jwks`, `…/introspect` on an
//! authorization server's.

use std::time::Duration;

use mcp_auth_mocks::journal::{CredentialKind, Entry, Issued, Listener};
use mcp_auth_proto::pkce::{self, CodeChallengeMethod};

use base64::Engine as _;

use super::assert::{Evidence, Unjudgeable, Verdict, json_path, text_holds, value_holds};
use crate::scenario::model::{
    ClientExit, CountMatch, CredentialName, CredentialTest, EndpointKind, ListenerSelector,
    RequestFilter, RequestsAssertion, StatusMatch,
};

/// How the client process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcessEnd {
    /// It exited by itself with this status.
    Exited(i32),
    /// A signal ended it (a crash: the harness only kills on timeout).
    Signalled(i32),
    /// It was still running after this long and was killed.
    TimedOut(Duration),
    /// The harness did not launch it (a client run by hand).
    NotLaunched,
}

impl std::fmt::Display for ProcessEnd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProcessEnd::Exited(code) => write!(f, "the client exited with status {code}"),
            ProcessEnd::Signalled(signal) => write!(f, "the client was killed by signal {signal}"),
            ProcessEnd::TimedOut(after) => {
                write!(f, "the client was still running after {} s and was killed", after.as_secs())
            }
            ProcessEnd::NotLaunched => f.write_str("the client was run by hand"),
        }
    }
}

/// Everything a client scenario's checks judge.
#[derive(Debug, Clone)]
pub struct ClientEvidence {
    /// Every request the mock world received, in order.
    pub entries: Vec<Entry>,
    /// Every credential its authorization servers issued.
    pub issued: Vec<Issued>,
    /// The MCP endpoint's path.
    pub mcp_path: String,
    /// Configured PRM paths besides the well-known ones.
    pub custom_prm_paths: Vec<String>,
    pub end: ProcessEnd,
}

impl ClientEvidence {
    /// The endpoint `entry` was for, if it is one the mocks serve.
    pub fn endpoint(&self, entry: &Entry) -> Option<EndpointKind> {
        let path = entry.path();
        let well_known_metadata = path.contains("/.well-known/oauth-authorization-server")
            || path.contains("/.well-known/openid-configuration");
        match &entry.listener {
            Listener::ResourceServer => {
                if path == self.mcp_path {
                    Some(EndpointKind::Mcp)
                } else if path.starts_with("/.well-known/oauth-protected-resource")
                    || self.custom_prm_paths.iter().any(|p| p == path)
                {
                    Some(EndpointKind::Prm)
                } else if well_known_metadata {
                    Some(EndpointKind::AsMetadata)
                } else {
                    None
                }
            }
            Listener::AuthorizationServer(_) => {
                if well_known_metadata {
                    return Some(EndpointKind::AsMetadata);
                }
                let last = path.rsplit('/').next().unwrap_or_default();
                match last {
                    "authorize" => Some(EndpointKind::Authorize),
                    "token" => Some(EndpointKind::Token),
                    "register" => Some(EndpointKind::Registration),
                    "jwks" => Some(EndpointKind::Jwks),
                    "introspect" => Some(EndpointKind::Introspection),
                    _ => None,
                }
            }
            Listener::Canary(_) => None,
        }
    }

    /// Whether the client reached the mock world at all.
    pub fn made_requests(&self) -> bool {
        !self.entries.is_empty()
    }
}

fn listener_matches(selector: &ListenerSelector, listener: &Listener) -> bool {
    match (selector, listener) {
        (ListenerSelector::Mcp, Listener::ResourceServer) => true,
        (ListenerSelector::AuthorizationServers, Listener::AuthorizationServer(_)) => true,
        (ListenerSelector::Canaries, Listener::Canary(_)) => true,
        (ListenerSelector::NotMcp, l) => *l != Listener::ResourceServer,
        (ListenerSelector::AuthorizationServer(want), Listener::AuthorizationServer(name)) => {
            want == name
        }
        (ListenerSelector::Canary(want), Listener::Canary(name)) => want == name,
        _ => false,
    }
}

fn credential_matches(test: &CredentialTest, issued: &Issued) -> bool {
    let kind = match test.credential {
        CredentialName::Any => true,
        CredentialName::AccessToken => issued.kind == CredentialKind::AccessToken,
        CredentialName::RefreshToken => issued.kind == CredentialKind::RefreshToken,
        CredentialName::AuthorizationCode => issued.kind == CredentialKind::AuthorizationCode,
        CredentialName::ClientSecret => issued.kind == CredentialKind::ClientSecret,
    };
    kind && test.issued_by.as_deref().is_none_or(|by| by == issued.issuer)
}

fn status_matches(m: &StatusMatch, status: u16) -> bool {
    match m {
        StatusMatch::Is(code) => status == *code,
        StatusMatch::OneOf(codes) => codes.contains(&status),
        StatusMatch::Between([low, high]) => (*low..=*high).contains(&status),
    }
}

fn first<'p>(params: &'p [(String, String)], name: &str) -> Option<&'p str> {
    params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// Whether the token request `entry` carries the verifier of the latest challenge sent to
/// the same server before it.
fn pkce_verifier_matches(entry: &Entry, client: &ClientEvidence) -> bool {
    let form = entry.form_params();
    let Some(verifier) = first(&form, "code_verifier") else { return false };
    let challenge = client
        .entries
        .iter()
        .take_while(|e| e.seq < entry.seq)
        .filter(|e| {
            e.listener == entry.listener && client.endpoint(e) == Some(EndpointKind::Authorize)
        })
        .filter_map(|e| {
            let q = e.query_params();
            let method = first(&q, "code_challenge_method").unwrap_or("plain").to_owned();
            first(&q, "code_challenge").map(|c| (c.to_owned(), method))
        })
        .last();
    let Some((challenge, method)) = challenge else { return false };
    CodeChallengeMethod::parse(&method).is_ok_and(|m| pkce::verify(verifier, &challenge, m).is_ok())
}

/// The user-id of `Authorization: Basic` credentials, read as the official suite reads it:
/// Base64-decoded, up to the first `:`, not form-decoded.
fn basic_user(entry: &Entry) -> Option<String> {
    let value = entry.header("authorization")?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    Some(text.split(':').next().unwrap_or_default().to_owned())
}

/// Whether the token request `entry` sends form parameter `name` with the value the latest
/// authorization request to the same server before it had in its query.
fn same_as_authorization(entry: &Entry, client: &ClientEvidence, name: &str) -> bool {
    let form = entry.form_params();
    let Some(sent) = first(&form, name) else { return false };
    let authorization = client
        .entries
        .iter()
        .take_while(|e| e.seq < entry.seq)
        .filter(|e| {
            e.listener == entry.listener && client.endpoint(e) == Some(EndpointKind::Authorize)
        })
        .last();
    authorization.is_some_and(|a| first(&a.query_params(), name) == Some(sent))
}

fn filter_holds(
    filter: &RequestFilter,
    entry: &Entry,
    client: &ClientEvidence,
    evidence: &Evidence<'_>,
) -> Result<bool, Unjudgeable> {
    Ok(match filter {
        RequestFilter::Query(p) => {
            text_holds(&p.value, first(&entry.query_params(), &p.name), evidence)?
        }
        RequestFilter::Form(p) => {
            text_holds(&p.value, first(&entry.form_params(), &p.name), evidence)?
        }
        RequestFilter::Param(p) => {
            let query = entry.query_params();
            let form = entry.form_params();
            let value = first(&query, &p.name).or_else(|| first(&form, &p.name));
            text_holds(&p.value, value, evidence)?
        }
        RequestFilter::Header(h) => text_holds(&h.value, entry.header(&h.name), evidence)?,
        RequestFilter::Status(m) => status_matches(m, entry.status),
        RequestFilter::Carries(test) => {
            client.issued.iter().any(|i| credential_matches(test, i) && entry.contains(&i.value))
        }
        RequestFilter::CarriesInUrl(test) => client.issued.iter().any(|i| {
            credential_matches(test, i) && {
                // Query values arrive percent-encoded; compare decoded and raw.
                entry.target.contains(&i.value)
                    || entry.query_params().iter().any(|(_, v)| v.contains(&i.value))
            }
        }),
        RequestFilter::PkceVerifierMatches => pkce_verifier_matches(entry, client),
        RequestFilter::Json(j) => {
            let body = entry.json();
            let found = match &body {
                Some(value) => json_path(value, &j.path).map_err(Unjudgeable)?,
                None => None,
            };
            value_holds(&j.value, found, evidence)?
        }
        RequestFilter::BasicUser(m) => text_holds(m, basic_user(entry).as_deref(), evidence)?,
        RequestFilter::SameAsAuthorization(name) => same_as_authorization(entry, client, name),
        RequestFilter::Not(inner) => !filter_holds(inner, entry, client, evidence)?,
        RequestFilter::Any(items) => {
            let mut any = false;
            for item in items {
                any |= filter_holds(item, entry, client, evidence)?;
            }
            any
        }
    })
}

/// Judges a `requests` assertion.
pub fn requests(
    assertion: &RequestsAssertion,
    client: &ClientEvidence,
    evidence: &Evidence<'_>,
) -> Result<Verdict, Unjudgeable> {
    let path = match &assertion.path {
        Some(p) => Some(
            (evidence.render)(p).map_err(|v| Unjudgeable(format!("variable {v} has no value")))?,
        ),
        None => None,
    };
    let selected: Vec<&Entry> = client
        .entries
        .iter()
        .filter(|entry| {
            assertion.to.as_ref().is_none_or(|s| listener_matches(s, &entry.listener))
                && assertion.endpoint.is_none_or(|k| client.endpoint(entry) == Some(k))
                && path.as_deref().is_none_or(|p| entry.path() == p)
                && assertion.method.as_deref().is_none_or(|m| entry.method.eq_ignore_ascii_case(m))
        })
        .collect();
    let selected = match assertion.nth {
        None => selected,
        Some(n) => nth(&selected, n).into_iter().collect(),
    };
    let mut candidates = 0usize;
    let mut matched: Vec<&Entry> = Vec::new();
    for entry in selected {
        candidates += 1;
        let mut all = true;
        for filter in &assertion.filters {
            if !filter_holds(filter, entry, client, evidence)? {
                all = false;
                break;
            }
        }
        if all {
            matched.push(entry);
        }
    }
    let count = matched.len();
    let holds = match assertion.count {
        CountMatch::Is(n) => count == n,
        CountMatch::AtLeast(n) => count >= n,
        CountMatch::AtMost(n) => count <= n,
    };
    let mut observed = if assertion.filters.is_empty() {
        format!("{count} such request(s)")
    } else {
        format!("{count} of {candidates} such request(s) matched")
    };
    // The matches are what a reader needs when a "none of these" check fails; entries
    // render with their credentials redacted.
    if count > 0 {
        let shown: Vec<String> = matched.iter().take(3).map(|e| e.to_string()).collect();
        observed.push_str(": ");
        observed.push_str(&shown.join(" | "));
        if count > shown.len() {
            observed.push_str(&format!(" | … {} more", count - shown.len()));
        }
    }
    Ok(Verdict { holds, observed })
}

/// The `n`-th of `entries` (1 the first, -1 the last); `None` when there are too few.
fn nth<'e>(entries: &[&'e Entry], n: i64) -> Option<&'e Entry> {
    let index = if n > 0 {
        usize::try_from(n - 1).ok()?
    } else {
        let back = usize::try_from(n.checked_neg()?).ok()?;
        entries.len().checked_sub(back)?
    };
    entries.get(index).copied()
}

/// Judges a `client` assertion.
pub fn client_exit(expected: ClientExit, client: &ClientEvidence) -> Result<Verdict, Unjudgeable> {
    let holds = match (expected, client.end) {
        (ClientExit::Completed, ProcessEnd::Exited(code)) => code == 0,
        (ClientExit::Exited, ProcessEnd::Exited(_)) => true,
        (ClientExit::Failed, ProcessEnd::Exited(code)) => code != 0,
        (_, ProcessEnd::Signalled(_) | ProcessEnd::TimedOut(_)) => false,
        (_, ProcessEnd::NotLaunched) => {
            return Err(Unjudgeable("the client was run by hand, so its exit is unknown".into()));
        }
    };
    Ok(Verdict { holds, observed: client.end.to_string() })
}

#[cfg(test)]
mod tests {
    use mcp_auth_mocks::journal::Journal;

    use super::*;

    fn evidence(journal: &Journal) -> ClientEvidence {
        ClientEvidence {
            entries: journal.entries(),
            issued: Vec::new(),
            mcp_path: "/mcp".to_owned(),
            custom_prm_paths: Vec::new(),
            end: ProcessEnd::Exited(0),
        }
    }

    fn as_main() -> Listener {
        Listener::AuthorizationServer("main".to_owned())
    }

    #[test]
    fn basic_user_is_read_as_the_official_suite_reads_it() {
        let journal = Journal::new();
        let header = |v: &str| vec![("authorization".to_owned(), v.to_owned())];
        // "a%3Ab:secret:with:colons" — the id is not form-decoded.
        journal.record(
            as_main(),
            "POST",
            "/token",
            header("Basic YSUzQWI6c2VjcmV0OndpdGg6Y29sb25z"),
            vec![],
            200,
        );
        journal.record(as_main(), "POST", "/token", header("Bearer abc"), vec![], 200);
        journal.record(as_main(), "POST", "/token", header("Basic !!"), vec![], 200);
        let entries = journal.entries();
        assert_eq!(basic_user(&entries[0]).as_deref(), Some("a%3Ab"));
        assert_eq!(basic_user(&entries[1]), None);
        assert_eq!(basic_user(&entries[2]), None);
    }

    #[test]
    fn nth_counts_from_either_end() {
        let journal = Journal::new();
        for path in ["/a", "/b", "/c"] {
            journal.record(as_main(), "GET", path, vec![], vec![], 200);
        }
        let entries = journal.entries();
        let refs: Vec<&Entry> = entries.iter().collect();
        let path = |n| nth(&refs, n).map(Entry::path);
        assert_eq!(
            (path(1), path(3), path(-1), path(-3)),
            (Some("/a"), Some("/c"), Some("/c"), Some("/a"))
        );
        assert_eq!((path(4), path(-4), path(i64::MIN)), (None, None, None));
    }

    #[test]
    fn a_token_request_is_compared_with_the_authorization_request_before_it() {
        let journal = Journal::new();
        let form = |r: &str| {
            (
                vec![("content-type".to_owned(), "application/x-www-form-urlencoded".to_owned())],
                format!("grant_type=authorization_code&resource={r}").into_bytes(),
            )
        };
        journal.record(
            as_main(),
            "GET",
            "/authorize?resource=https%3A%2F%2Fr%2Fmcp",
            vec![],
            vec![],
            302,
        );
        let (h, b) = form("https%3A%2F%2Fr%2Fmcp");
        journal.record(as_main(), "POST", "/token", h, b, 200);
        let (h, b) = form("https%3A%2F%2Fr");
        journal.record(as_main(), "POST", "/token", h, b, 200);
        let (h, b) = form("https%3A%2F%2Fr%2Fmcp");
        journal.record(
            Listener::AuthorizationServer("other".to_owned()),
            "POST",
            "/token",
            h,
            b,
            200,
        );
        let client = evidence(&journal);
        let same: Vec<bool> = client
            .entries
            .iter()
            .skip(1)
            .map(|e| same_as_authorization(e, &client, "resource"))
            .collect();
        assert_eq!(same, [true, false, false], "equal; different; another server's");
        assert!(
            !same_as_authorization(&client.entries[1], &client, "scope"),
            "absent is not equal"
        );
    }
}
