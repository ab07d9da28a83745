//! The pure decisions of the client: what a challenge says, whether a PRM document or an
//! authorization-server metadata document may be used, which scope to ask for, how the
//! authorization request is built, and whether an authorization response is accepted.
//! No I/O; every function takes what was received and returns a value or a [`Refusal`].

use mcp_auth_proto::challenge::{self, ChallengeContext};
use mcp_auth_proto::discovery::IssuerIdentifier;
use mcp_auth_proto::discovery::prm::PrmCandidate;
use mcp_auth_proto::documents::as_metadata::AuthorizationServerMetadata;
use mcp_auth_proto::documents::prm::ProtectedResourceMetadata;
use mcp_auth_proto::pkce::{CodeChallenge, CodeVerifier};
use mcp_auth_proto::requirements::{
    C_ASMETA_ENDPOINT_SCHEMES, C_ASMETA_ISSUER_MATCH, C_ASMETA_REQUIRED_FIELDS,
    C_ISS_ADVERTISED_MISSING, C_ISS_MISMATCH, C_PKCE_METADATA_REQUIRED, C_PKCE_NO_S256_ADVERTISED,
    C_PRM_200_JSON_ONLY, C_PRM_AS_VALIDATION, C_PRM_RESOURCE_MATCH, C_REDIRECT_REGISTERED,
    C_REG_PRIORITY, C_STATE,
};
use mcp_auth_proto::scope::Scope;
use mcp_auth_proto::{Member, Secret, SpecVersion};

use super::breaks::{Break, Breaks, UNBOUNDED_RENEWALS, UNBOUNDED_STEP_UPS};
use super::error::{Failure, Refusal};

/// The redirect URI this client registers and uses. Nothing listens on it: the client
/// reads the authorization response from the `Location` header (headless, like the
/// official suite's reference fixtures). A loopback IP literal, as OAuth 2.1 §8.4.2
/// recommends over `localhost`.
pub const REDIRECT_URI: &str = "http://127.0.0.1:53682/callback";

/// The redirect URI the `unregistered-redirect-uri` variant sends instead: same loopback
/// origin, another path, so only an exact comparison with the registration tells them
/// apart.
pub const UNREGISTERED_REDIRECT_URI: &str = "http://127.0.0.1:53682/callback/elsewhere";

/// Step-up re-authorizations for one request before it counts as a permanent failure
/// (C-SCOPE-RETRY-LIMIT: "only a few times"). Two, so that with the first authorization
/// at most three are made: the official suite fails a fourth (auth/scope-retry-limit).
pub const MAX_STEP_UPS: u32 = 2;

/// The `client_id` this client uses where an authorization server accepts Client ID
/// Metadata Documents: the URL the official suite's fixtures use and its CIMD scenario
/// expects. This headless client hosts no document of its own, so it uses the URL the
/// suite's authorization servers accept without fetching.
pub const CIMD_CLIENT_ID: &str = "https://conformance-test.local/client-metadata.json";

/// The scope this client adds when it wants refresh tokens and the authorization server
/// lists it (MCP 2026-07-28 "Refresh Tokens").
pub const OFFLINE_ACCESS: &str = "offline_access";

/// The scope the `default-scope` variant asks for when nothing names one.
pub const DEFAULT_SCOPE: &str = "mcp";

/// New tokens (refresh or re-authorization) after a 401 for one request before giving up
/// (C-TOK-EARLY-EXPIRY: "no tight loop").
pub const MAX_REAUTHORIZATIONS: u32 = 2;

/// The step-up limit in force.
pub fn step_up_limit(breaks: &Breaks) -> u32 {
    if breaks.has(Break::UnboundedStepUp) { UNBOUNDED_STEP_UPS } else { MAX_STEP_UPS }
}

/// The limit on new tokens after a 401 for one request, in force.
pub fn renewal_limit(breaks: &Breaks) -> u32 {
    if breaks.has(Break::UnboundedReauthorization) {
        UNBOUNDED_RENEWALS
    } else {
        MAX_REAUTHORIZATIONS
    }
}

/// What a `WWW-Authenticate` response says to this client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChallengeFacts {
    pub resource_metadata: Option<String>,
    pub scope: Option<String>,
    pub error: Option<String>,
}

/// Reads the Bearer challenge of a 401 or 403 (the lenient reading when the strict parse
/// fails: the client is a recipient and RFC 9110 asks recipients to be tolerant).
pub fn read_challenge(fields: &[Vec<u8>], status: u16, version: SpecVersion) -> ChallengeFacts {
    let refs: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
    let context =
        ChallengeContext { status, request_had_credentials: status == 403, spec_version: version };
    let analysis = challenge::analyze(&refs, &context);
    let Some(bearer) = analysis.bearer() else { return ChallengeFacts::default() };
    ChallengeFacts {
        resource_metadata: bearer.param("resource_metadata").map(str::to_owned),
        scope: bearer.param("scope").filter(|s| !s.is_empty()).map(str::to_owned),
        error: bearer.param("error").map(str::to_owned),
    }
}

/// What a usable PRM document gives the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrmFacts {
    /// The authorization server chosen: the first entry of `authorization_servers`.
    pub issuer: String,
    pub scopes_supported: Vec<String>,
}

/// Decides whether the PRM document fetched for `candidate` may be used (RFC 9728 §3.2,
/// §3.3).
pub fn check_prm(
    candidate: &PrmCandidate,
    body: &[u8],
    breaks: &Breaks,
) -> Result<PrmFacts, Refusal> {
    let doc = ProtectedResourceMetadata::parse(body).map_err(|e| {
        Refusal::new(
            C_PRM_200_JSON_ONLY,
            format!("PRM at {} is not a JSON object: {e}", candidate.url),
        )
    })?;
    let found = match &doc.typed.resource {
        Member::Valid(r) => Some(r.as_str()),
        _ => None,
    };
    let matches = found
        .is_some_and(|f| f == candidate.expected_resource || f == candidate.requested_resource);
    if !matches && !breaks.has(Break::SkipPrmResourceCheck) {
        return Err(Refusal::new(
            C_PRM_RESOURCE_MATCH,
            format!(
                "PRM at {} names resource {:?}, not {:?} (RFC 9728 §3.3: it must not be used)",
                candidate.url,
                found.unwrap_or("<missing>"),
                candidate.requested_resource
            ),
        ));
    }
    let Some(first) = doc.typed.authorization_servers.valid().and_then(|a| a.first()) else {
        return Err(Refusal::new(
            C_PRM_AS_VALIDATION,
            "PRM names no authorization server (authorization_servers missing, empty or not an array)",
        ));
    };
    let issuer = first.as_str().to_owned();
    IssuerIdentifier::parse(&issuer).map_err(|e| {
        Refusal::new(
            C_PRM_AS_VALIDATION,
            format!("authorization server {issuer:?} is not an issuer: {e}"),
        )
    })?;
    let scopes_supported = doc.typed.scopes_supported.valid().cloned().unwrap_or_default();
    Ok(PrmFacts { issuer, scopes_supported })
}

/// Whether the client may send credentials or codes to `url`: https, or http on a
/// loopback host (development; MCP "Communication Security").
pub fn endpoint_allowed(url: &str) -> bool {
    let Ok(parsed) = reqwest::Url::parse(url) else { return false };
    match parsed.scheme() {
        "https" => true,
        "http" => match parsed.host() {
            Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        },
        _ => false,
    }
}

/// The authorization server as the client will use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsFacts {
    /// The validated issuer (recorded with the transaction for the `iss` check).
    pub issuer: String,
    /// Where the metadata came from (`None`: 2025-03-26 default endpoints).
    pub metadata_url: Option<String>,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub registration_endpoint: Option<String>,
    /// `authorization_response_iss_parameter_supported: true`.
    pub iss_advertised: bool,
    pub token_endpoint_auth_methods: Vec<String>,
    /// `client_id_metadata_document_supported: true`.
    pub cimd_supported: bool,
    /// The authorization server's own `scopes_supported` (empty when absent).
    pub scopes_supported: Vec<String>,
    /// `grant_types_supported`; absent means RFC 8414's default, the authorization code
    /// (and the implicit grant, which OAuth 2.1 removed).
    pub grant_types: Vec<String>,
}

impl AsFacts {
    /// The facts of a 2025-03-26 server without metadata: the default endpoints and
    /// nothing advertised.
    pub fn defaults_03(
        issuer: String,
        authorization_endpoint: String,
        token_endpoint: String,
        registration_endpoint: String,
    ) -> AsFacts {
        AsFacts {
            issuer,
            metadata_url: None,
            authorization_endpoint,
            token_endpoint,
            registration_endpoint: Some(registration_endpoint),
            iss_advertised: false,
            token_endpoint_auth_methods: Vec::new(),
            cimd_supported: false,
            scopes_supported: Vec::new(),
            grant_types: default_grant_types(),
        }
    }
}

/// RFC 8414 §2: `grant_types_supported` defaults to `["authorization_code", "implicit"]`.
fn default_grant_types() -> Vec<String> {
    vec!["authorization_code".to_owned(), "implicit".to_owned()]
}

fn endpoint(
    member: &Member<String>,
    name: &str,
    required: bool,
    breaks: &Breaks,
) -> Result<Option<String>, Refusal> {
    match member {
        Member::Valid(url) if endpoint_allowed(url) || breaks.has(Break::AcceptAnyUrlScheme) => {
            Ok(Some(url.clone()))
        }
        Member::Valid(url) => Err(Refusal::new(
            C_ASMETA_ENDPOINT_SCHEMES,
            format!("{name} {url:?} is neither https nor loopback http"),
        )),
        Member::Absent if !required => Ok(None),
        _ => Err(Refusal::new(C_ASMETA_REQUIRED_FIELDS, format!("metadata has no usable {name}"))),
    }
}

/// Decides whether an authorization-server metadata document fetched for
/// `expected_issuer` may be used (RFC 8414 §3.3, OIDC Discovery §4.3, MCP PKCE rules).
pub fn check_metadata(
    expected_issuer: &str,
    metadata_url: &str,
    body: &[u8],
    version: SpecVersion,
    breaks: &Breaks,
) -> Result<AsFacts, Refusal> {
    let doc = AuthorizationServerMetadata::parse(body).map_err(|e| {
        Refusal::new(
            C_ASMETA_REQUIRED_FIELDS,
            format!("metadata at {metadata_url} is not a JSON object: {e}"),
        )
    })?;
    let m = &doc.typed;
    let issuer = m.issuer.valid().map(|i| i.as_str());
    if issuer != Some(expected_issuer) && !breaks.has(Break::SkipIssuerCheck) {
        return Err(Refusal::new(
            C_ASMETA_ISSUER_MATCH,
            format!(
                "metadata at {metadata_url} names issuer {:?}, not {expected_issuer:?} (RFC 8414 §3.3: it must not be used)",
                issuer.unwrap_or("<missing>")
            ),
        ));
    }
    if !breaks.has(Break::IgnoreMissingS256) {
        match m.code_challenge_methods_supported.valid() {
            Some(methods) if methods.iter().any(|s| s == "S256") => {}
            Some(_) => {
                return Err(Refusal::new(
                    C_PKCE_NO_S256_ADVERTISED,
                    "code_challenge_methods_supported does not list S256; refusing to downgrade PKCE",
                ));
            }
            // 2025-11-25 made the member a precondition; earlier revisions only required
            // PKCE, so S256 is used without the advertisement there.
            None if version >= SpecVersion::V2025_11_25 => {
                return Err(Refusal::new(
                    C_PKCE_METADATA_REQUIRED,
                    "metadata has no code_challenge_methods_supported; MCP requires refusing",
                ));
            }
            None => {}
        }
    }
    if let Some(types) = m.response_types_supported.valid()
        && !types.iter().any(|t| t == "code")
    {
        return Err(Refusal::new(
            C_ASMETA_REQUIRED_FIELDS,
            "response_types_supported does not list code",
        ));
    }
    Ok(AsFacts {
        issuer: expected_issuer.to_owned(),
        metadata_url: Some(metadata_url.to_owned()),
        authorization_endpoint: endpoint(
            &m.authorization_endpoint,
            "authorization_endpoint",
            true,
            breaks,
        )?
        .unwrap_or_default(),
        token_endpoint: endpoint(&m.token_endpoint, "token_endpoint", true, breaks)?
            .unwrap_or_default(),
        registration_endpoint: endpoint(
            &m.registration_endpoint,
            "registration_endpoint",
            false,
            breaks,
        )?,
        iss_advertised: m.authorization_response_iss_parameter_supported.valid() == Some(&true),
        token_endpoint_auth_methods: m
            .token_endpoint_auth_methods_supported
            .valid()
            .cloned()
            .unwrap_or_default(),
        cimd_supported: m.client_id_metadata_document_supported.valid() == Some(&true),
        scopes_supported: m.scopes_supported.valid().cloned().unwrap_or_default(),
        grant_types: m.grant_types_supported.valid().cloned().unwrap_or_else(default_grant_types),
    })
}

/// What the `guess-endpoints` variant uses when the metadata of `issuer` cannot be used:
/// the endpoints a 2025-03-26 client falls back to, under the issuer.
pub fn guessed_endpoints(issuer: &str) -> AsFacts {
    let base = issuer.trim_end_matches('/');
    AsFacts::defaults_03(
        issuer.to_owned(),
        format!("{base}/authorize"),
        format!("{base}/token"),
        format!("{base}/register"),
    )
}

/// The scope of the first authorization: the challenge's, else every PRM
/// `scopes_supported`, else none (MCP "Scope Selection Strategy"; C-SCOPE-FROM-CHALLENGE,
/// C-SCOPE-FROM-PRM, C-SCOPE-OMIT).
pub fn initial_scope(
    challenged: Option<&str>,
    scopes_supported: &[String],
    breaks: &Breaks,
) -> Option<String> {
    let challenged = challenged.filter(|_| !breaks.has(Break::IgnoreChallengeScope));
    let from_prm = !breaks.has(Break::IgnorePrmScopes) && !scopes_supported.is_empty();
    match challenged {
        Some(s) => Some(s.to_owned()),
        None if from_prm => Some(scopes_supported.join(" ")),
        None if breaks.has(Break::DefaultScope) => Some(DEFAULT_SCOPE.to_owned()),
        None => None,
    }
}

/// The scope of a step-up: what was asked for before, plus what the 403 names
/// (C-SCOPE-UNION). Tokens that do not parse are kept as sent: the challenge is
/// authoritative (C-SCOPE-AUTHORITATIVE).
pub fn step_up_scope(
    previous: Option<&str>,
    challenged: Option<&str>,
    breaks: &Breaks,
) -> Option<String> {
    let read = |s: Option<&str>| {
        s.map(|s| Scope::from_tokens(s.split(' ').filter(|t| !t.is_empty())))
            .unwrap_or_else(|| Scope::from_tokens(Vec::<String>::new()))
    };
    let previous = previous.filter(|_| !breaks.has(Break::NoScopeUnion));
    let union = read(previous).union(&read(challenged));
    (!union.tokens().is_empty()).then(|| union.tokens().join(" "))
}

/// The scope an authorization request carries: `scope`, plus `offline_access` when the
/// authorization server lists it in its own `scopes_supported` (this client wants refresh
/// tokens; MCP 2026-07-28 "Refresh Tokens": "MAY add `offline_access` ... when the
/// Authorization Server metadata contains it"; never taken from the resource:
/// C-SCOPE-OFFLINE-ACCESS).
pub fn request_scope(scope: Option<&str>, as_scopes: &[String], breaks: &Breaks) -> Option<String> {
    let listed = as_scopes.iter().any(|s| s == OFFLINE_ACCESS);
    let mut tokens: Vec<&str> =
        scope.unwrap_or_default().split(' ').filter(|t| !t.is_empty()).collect();
    if (listed || breaks.has(Break::OfflineAccessAlways)) && !tokens.contains(&OFFLINE_ACCESS) {
        tokens.push(OFFLINE_ACCESS);
    }
    (!tokens.is_empty()).then(|| tokens.join(" "))
}

/// How this client gets its client identity at an authorization server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registering {
    /// Credentials from the conformance context.
    PreRegistered,
    /// [`CIMD_CLIENT_ID`] as a Client ID Metadata Document URL.
    MetadataDocument,
    /// RFC 7591 dynamic registration.
    Dynamic,
}

/// The registration approach, in the order MCP 2025-11-25 "Client Registration
/// Approaches" gives (C-REG-PRIORITY): pre-registered credentials, then a metadata document
/// where the authorization server supports them (2025-11-25 on), then dynamic registration.
pub fn registration_approach(
    facts: &AsFacts,
    has_pre_registered: bool,
    version: SpecVersion,
    breaks: &Breaks,
) -> Result<Registering, Refusal> {
    if has_pre_registered && !breaks.has(Break::IgnorePreRegistration) {
        return Ok(Registering::PreRegistered);
    }
    if facts.cimd_supported && version >= SpecVersion::V2025_11_25 && !breaks.has(Break::NoCimd) {
        return Ok(Registering::MetadataDocument);
    }
    if facts.registration_endpoint.is_some() {
        return Ok(Registering::Dynamic);
    }
    Err(Refusal::new(
        C_REG_PRIORITY,
        "no pre-registered credentials, no client ID metadata document support and no registration_endpoint; cannot get a client_id",
    ))
}

/// Whether to use the client credentials grant: this client holds out-of-band credentials
/// (a secret or a private key) and the authorization server offers `client_credentials`
/// but not the authorization code grant (the official suite's client-credentials worlds).
pub fn uses_client_credentials(facts: &AsFacts, credentials: bool) -> bool {
    let offers = |grant: &str| facts.grant_types.iter().any(|g| g == grant);
    credentials && offers("client_credentials") && !offers("authorization_code")
}

/// One authorization transaction: PKCE, `state`, and the issuer it is for (C-ISS-RECORD).
#[derive(Debug)]
pub struct Transaction {
    pub verifier: Option<CodeVerifier>,
    pub state: Option<String>,
    pub issuer: String,
    pub iss_advertised: bool,
}

impl Transaction {
    /// A fresh transaction (new verifier and state every time: C-PKCE-FRESH).
    pub fn new(issuer: &str, iss_advertised: bool, breaks: &Breaks) -> Transaction {
        let mut rng = rand::rng();
        let verifier = (!breaks.has(Break::NoPkce)).then(|| CodeVerifier::generate(&mut rng));
        let state = (!breaks.has(Break::NoState))
            .then(|| CodeVerifier::generate(&mut rng).expose().to_owned());
        Transaction { verifier, state, issuer: issuer.to_owned(), iss_advertised }
    }
}

/// The authorization request URL.
pub fn authorization_url(
    endpoint: &str,
    client_id: &str,
    scope: Option<&str>,
    resource: Option<&str>,
    tx: &Transaction,
    breaks: &Breaks,
) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    let redirect_uri = if breaks.has(Break::UnregisteredRedirectUri) {
        UNREGISTERED_REDIRECT_URI
    } else {
        REDIRECT_URI
    };
    query
        .append_pair("response_type", "code")
        .append_pair("client_id", client_id)
        .append_pair("redirect_uri", redirect_uri);
    if let Some(verifier) = &tx.verifier {
        if breaks.has(Break::PlainPkce) {
            query
                .append_pair("code_challenge", verifier.expose())
                .append_pair("code_challenge_method", "plain");
        } else {
            query
                .append_pair("code_challenge", CodeChallenge::s256(verifier).as_str())
                .append_pair("code_challenge_method", "S256");
        }
    }
    if let Some(state) = &tx.state {
        query.append_pair("state", state);
    }
    if let Some(scope) = scope {
        query.append_pair("scope", scope);
    }
    if let Some(resource) = resource {
        query.append_pair("resource", resource);
    }
    let separator = if endpoint.contains('?') { '&' } else { '?' };
    format!("{endpoint}{separator}{}", query.finish())
}

/// What the authorization response said, once accepted.
#[derive(Debug)]
pub enum Callback {
    Code(Secret),
    /// An error the AS sent (after `iss` and `state` were checked).
    Error {
        error: String,
    },
}

/// Reads the authorization response from the 302 `Location`, checking, in order, that it
/// goes to the registered redirect URI, `iss` (RFC 9207 §2.4), and `state`.
pub fn read_callback(
    location: &str,
    tx: &Transaction,
    breaks: &Breaks,
) -> Result<Callback, CallbackError> {
    let (base, query) = location.split_once('?').unwrap_or((location, ""));
    if base != REDIRECT_URI {
        return Err(CallbackError::Refused(Refusal::new(
            C_REDIRECT_REGISTERED,
            format!("authorization response goes to {base:?}, not the redirect URI {REDIRECT_URI}"),
        )));
    }
    let params: Vec<(String, String)> =
        form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let all = |name: &str| {
        params.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect::<Vec<_>>()
    };
    if !breaks.has(Break::IgnoreIss) {
        match all("iss").as_slice() {
            [] if tx.iss_advertised || breaks.has(Break::RequireIss) => {
                return Err(CallbackError::Refused(Refusal::new(
                    C_ISS_ADVERTISED_MISSING,
                    "the authorization server advertises iss but the response has none",
                )));
            }
            [] => {}
            [iss] if *iss == tx.issuer => {}
            _ => {
                return Err(CallbackError::Refused(Refusal::new(
                    C_ISS_MISMATCH,
                    format!(
                        "authorization response iss is not the issuer {:?} (simple string comparison)",
                        tx.issuer
                    ),
                )));
            }
        }
    }
    if let Some(expected) = &tx.state
        && all("state").as_slice() != [expected.as_str()]
    {
        return Err(CallbackError::Refused(Refusal::new(
            C_STATE,
            "state is missing or altered in the authorization response",
        )));
    }
    if let [error] = all("error").as_slice() {
        return Ok(Callback::Error { error: error.chars().take(64).collect() });
    }
    match all("code").as_slice() {
        [code] if !code.is_empty() => Ok(Callback::Code(Secret::new(*code))),
        _ => Err(CallbackError::Failed(Failure::Unusable {
            step: "authorization response",
            detail: "no single code".to_owned(),
        })),
    }
}

/// Why a callback was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum CallbackError {
    #[error(transparent)]
    Refused(Refusal),
    #[error(transparent)]
    Failed(Failure),
}

#[cfg(test)]
mod tests {
    use mcp_auth_proto::discovery::ResourceIdentifier;
    use mcp_auth_proto::discovery::prm_client_order;

    use super::*;

    const ISSUER: &str = "https://as.example";

    fn metadata(extra: &str) -> Vec<u8> {
        format!(
            r#"{{"issuer":"{ISSUER}","authorization_endpoint":"{ISSUER}/authorize","token_endpoint":"{ISSUER}/token","response_types_supported":["code"]{extra}}}"#
        )
        .into_bytes()
    }

    fn tx(advertised: bool) -> Transaction {
        Transaction::new(ISSUER, advertised, &Breaks::default())
    }

    fn callback(tx: &Transaction, extra: &str) -> String {
        let state = tx.state.clone().unwrap();
        format!("{REDIRECT_URI}?code=c1&state={state}{extra}")
    }

    #[test]
    fn prm_for_another_resource_is_refused_unless_broken() {
        let r = ResourceIdentifier::parse("https://mcp.example/mcp").unwrap();
        let candidate = prm_client_order(&r, None, SpecVersion::V2025_11_25).remove(0);
        let body = br#"{"resource":"https://evil.example/mcp","authorization_servers":["https://as.example"]}"#;
        let refused = check_prm(&candidate, body, &Breaks::default()).unwrap_err();
        assert_eq!(refused.requirement, C_PRM_RESOURCE_MATCH);
        let broken = Breaks::parse(["skip-prm-resource-check"]).unwrap();
        assert_eq!(check_prm(&candidate, body, &broken).unwrap().issuer, ISSUER);
        let empty = br#"{"resource":"https://mcp.example/mcp","authorization_servers":[]}"#;
        assert_eq!(
            check_prm(&candidate, empty, &Breaks::default()).unwrap_err().requirement,
            C_PRM_AS_VALIDATION
        );
    }

    #[test]
    fn s256_rules_depend_on_the_version() {
        let none = Breaks::default();
        let url = "https://as.example/.well-known/oauth-authorization-server";
        let missing = metadata("");
        let refused = check_metadata(ISSUER, url, &missing, SpecVersion::V2025_11_25, &none);
        assert_eq!(refused.unwrap_err().requirement, C_PKCE_METADATA_REQUIRED);
        assert!(check_metadata(ISSUER, url, &missing, SpecVersion::V2025_06_18, &none).is_ok());
        let plain = metadata(r#","code_challenge_methods_supported":["plain","s256"]"#);
        let refused = check_metadata(ISSUER, url, &plain, SpecVersion::V2025_06_18, &none);
        assert_eq!(refused.unwrap_err().requirement, C_PKCE_NO_S256_ADVERTISED);
        let good = metadata(r#","code_challenge_methods_supported":["S256"]"#);
        let facts = check_metadata(ISSUER, url, &good, SpecVersion::V2026_07_28, &none).unwrap();
        assert_eq!(facts.token_endpoint, "https://as.example/token");
        let other =
            check_metadata("https://as.example/", url, &good, SpecVersion::V2026_07_28, &none);
        assert_eq!(other.unwrap_err().requirement, C_ASMETA_ISSUER_MATCH);
        // A duplicate key is itself refused (strict reader), so the endpoint is replaced.
        let js = String::from_utf8(good.clone())
            .unwrap()
            .replace(&format!("{ISSUER}/authorize"), "javascript:alert(1)")
            .into_bytes();
        let refused = check_metadata(ISSUER, url, &js, SpecVersion::V2026_07_28, &none);
        assert_eq!(refused.unwrap_err().requirement, C_ASMETA_ENDPOINT_SCHEMES);
    }

    #[test]
    fn broken_variants_change_one_decision_each() {
        let none = Breaks::default();
        assert_eq!(renewal_limit(&none), MAX_REAUTHORIZATIONS);
        let unbounded = Breaks::parse(["unbounded-reauthorization"]).unwrap();
        assert!(renewal_limit(&unbounded) > MAX_REAUTHORIZATIONS);

        let url = "https://as.example/.well-known/oauth-authorization-server";
        let js = metadata(r#","code_challenge_methods_supported":["S256"]"#);
        let js = String::from_utf8(js)
            .unwrap()
            .replace(&format!("{ISSUER}/authorize"), "javascript:alert(1)")
            .into_bytes();
        let any_scheme = Breaks::parse(["accept-any-url-scheme"]).unwrap();
        let facts = check_metadata(ISSUER, url, &js, SpecVersion::V2026_07_28, &any_scheme);
        assert_eq!(facts.unwrap().authorization_endpoint, "javascript:alert(1)");

        let guessed = guessed_endpoints("https://as.example/tenant/");
        assert_eq!(guessed.authorization_endpoint, "https://as.example/tenant/authorize");
        assert_eq!(
            guessed.registration_endpoint.as_deref(),
            Some("https://as.example/tenant/register")
        );
        assert!(guessed.metadata_url.is_none() && !guessed.iss_advertised);

        let unregistered = Breaks::parse(["unregistered-redirect-uri"]).unwrap();
        let t = tx(false);
        let sent = authorization_url("https://as.example/a", "c", None, None, &t, &unregistered);
        let encoded: String =
            form_urlencoded::byte_serialize(UNREGISTERED_REDIRECT_URI.as_bytes()).collect();
        assert!(sent.contains(&format!("redirect_uri={encoded}")), "{sent}");
        let plain = unregistered.with(Break::PlainPkce);
        assert!(plain.has(Break::PlainPkce) && plain.has(Break::UnregisteredRedirectUri));
        assert!(!unregistered.has(Break::PlainPkce), "with() leaves the original alone");
    }

    #[test]
    fn endpoints_are_https_or_loopback_http() {
        assert!(endpoint_allowed("https://as.example/token"));
        assert!(endpoint_allowed("http://127.0.0.1:8080/token"));
        assert!(endpoint_allowed("http://[::1]/token"));
        assert!(endpoint_allowed("http://localhost/token"));
        assert!(!endpoint_allowed("http://as.example/token"));
        assert!(!endpoint_allowed("file:///etc/passwd"));
    }

    #[test]
    fn callbacks_are_checked_for_iss_and_state() {
        let none = Breaks::default();
        let t = tx(true);
        let ok = callback(&t, "&iss=https%3A%2F%2Fas.example");
        assert!(matches!(read_callback(&ok, &t, &none), Ok(Callback::Code(_))));
        let refused = |loc: &str, t: &Transaction| match read_callback(loc, t, &none) {
            Err(CallbackError::Refused(r)) => r.requirement,
            other => panic!("{other:?}"),
        };
        assert_eq!(refused(&callback(&t, ""), &t), C_ISS_ADVERTISED_MISSING);
        // No normalisation: a trailing slash is another issuer.
        assert_eq!(refused(&callback(&t, "&iss=https%3A%2F%2Fas.example%2F"), &t), C_ISS_MISMATCH);
        let unadvertised = tx(false);
        assert!(read_callback(&callback(&unadvertised, ""), &unadvertised, &none).is_ok());
        let require = Breaks::parse(["require-iss"]).unwrap();
        assert!(matches!(
            read_callback(&callback(&unadvertised, ""), &unadvertised, &require),
            Err(CallbackError::Refused(_))
        ));
        assert_eq!(
            refused(&callback(&unadvertised, "&iss=https%3A%2F%2Fevil.example"), &unadvertised),
            C_ISS_MISMATCH
        );
        let forged = format!("{REDIRECT_URI}?code=c1&state=forged");
        assert_eq!(refused(&forged, &unadvertised), C_STATE);
        assert_eq!(refused("http://127.0.0.1:1/elsewhere?code=c1", &t), C_REDIRECT_REGISTERED);
    }

    #[test]
    fn authorization_url_carries_pkce_state_scope_and_resource() {
        let t = tx(false);
        let url = authorization_url(
            "https://as.example/authorize",
            "client",
            Some("a b"),
            Some("https://mcp.example/mcp"),
            &t,
            &Breaks::default(),
        );
        assert!(url.contains("code_challenge_method=S256"), "{url}");
        assert!(
            url.contains("scope=a+b") && url.contains("resource=https%3A%2F%2Fmcp.example%2Fmcp")
        );
        assert!(!url.contains(t.verifier.as_ref().unwrap().expose()));
    }

    #[test]
    fn scope_selection_and_step_up_union() {
        let supported = vec!["a".to_owned(), "b".to_owned()];
        let none = Breaks::default();
        assert_eq!(initial_scope(Some("x"), &supported, &none).as_deref(), Some("x"));
        assert_eq!(initial_scope(None, &supported, &none).as_deref(), Some("a b"));
        assert_eq!(initial_scope(None, &[], &none), None);
        assert_eq!(step_up_scope(Some("a b"), Some("b c"), &none).as_deref(), Some("a b c"));
        assert_eq!(step_up_scope(None, None, &none), None);
        assert_eq!(step_up_limit(&none), MAX_STEP_UPS);
        let broken = |name| Breaks::parse([name]).unwrap();
        let ignore = broken("ignore-challenge-scope");
        assert_eq!(initial_scope(Some("x"), &supported, &ignore).as_deref(), Some("a b"));
        assert_eq!(initial_scope(None, &supported, &broken("ignore-prm-scopes")), None);
        assert_eq!(
            initial_scope(None, &[], &broken("default-scope")).as_deref(),
            Some(DEFAULT_SCOPE)
        );
        let no_union = broken("no-scope-union");
        assert_eq!(step_up_scope(Some("a"), Some("b"), &no_union).as_deref(), Some("b"));
    }

    #[test]
    fn offline_access_only_when_the_authorization_server_lists_it() {
        let none = Breaks::default();
        let listing = vec!["mcp:basic".to_owned(), OFFLINE_ACCESS.to_owned()];
        assert_eq!(
            request_scope(Some("mcp:basic"), &listing, &none).as_deref(),
            Some("mcp:basic offline_access")
        );
        assert_eq!(request_scope(None, &listing, &none).as_deref(), Some(OFFLINE_ACCESS));
        let plain = vec!["mcp:basic".to_owned()];
        assert_eq!(request_scope(Some("mcp:basic"), &plain, &none).as_deref(), Some("mcp:basic"));
        assert_eq!(request_scope(None, &plain, &none), None);
        let always = Breaks::parse(["offline-access-always"]).unwrap();
        assert_eq!(request_scope(None, &plain, &always).as_deref(), Some(OFFLINE_ACCESS));
    }

    #[test]
    fn registration_follows_the_priority_order_and_grants_the_offer() {
        let url = "https://as.example/.well-known/oauth-authorization-server";
        let doc = metadata(
            r#","code_challenge_methods_supported":["S256"],"registration_endpoint":"https://as.example/register","client_id_metadata_document_supported":true"#,
        );
        let facts = check_metadata(ISSUER, url, &doc, SpecVersion::V2025_11_25, &Breaks::default())
            .unwrap();
        let none = Breaks::default();
        let approach = |pre, v, b: &Breaks| registration_approach(&facts, pre, v, b);
        assert_eq!(approach(true, SpecVersion::V2025_11_25, &none), Ok(Registering::PreRegistered));
        assert_eq!(
            approach(false, SpecVersion::V2025_11_25, &none),
            Ok(Registering::MetadataDocument)
        );
        assert_eq!(approach(false, SpecVersion::V2025_06_18, &none), Ok(Registering::Dynamic));
        let no_cimd = Breaks::parse(["no-cimd"]).unwrap();
        assert_eq!(approach(false, SpecVersion::V2026_07_28, &no_cimd), Ok(Registering::Dynamic));
        let ignore = Breaks::parse(["ignore-pre-registration"]).unwrap();
        assert_eq!(
            approach(true, SpecVersion::V2026_07_28, &ignore),
            Ok(Registering::MetadataDocument)
        );
        let bare = AsFacts { registration_endpoint: None, cimd_supported: false, ..facts.clone() };
        let refused = registration_approach(&bare, false, SpecVersion::V2026_07_28, &none);
        assert_eq!(refused.unwrap_err().requirement, C_REG_PRIORITY);
        // RFC 8414's default grant types include the code: no client credentials then.
        assert!(!uses_client_credentials(&facts, true));
        let cc = AsFacts { grant_types: vec!["client_credentials".to_owned()], ..facts };
        assert!(uses_client_credentials(&cc, true));
        assert!(!uses_client_credentials(&cc, false));
    }
}
