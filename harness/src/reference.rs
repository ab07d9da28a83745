//! The built-in reference targets of server mode: the mock MCP server in conformant form
//! (validating JWTs, or introspecting), and deliberately broken variants, each breaking
//! one rule, with the scenarios that rule's breach must fail and no other. The same for
//! `authz` mode ([`AS_TARGETS`]): the mock authorization server, conformant and broken.
//!
//! `demo` runs a labelled selection of them; the test `server_variants` runs every one and
//! checks that exactly the listed scenarios fail — the proof that each scenario can fail,
//! and fails for its own rule only.

use std::collections::BTreeMap;

use mcp_auth_mocks::config::{
    AsConfig, Endpoint, Malformed, MalformedResponse, MockConfig, PrmLocation, RsFlaw,
    TokenValidation,
};
use mcp_auth_mocks::world::{World, WorldError, WorldOptions};
use mcp_auth_proto::SpecVersion;
use mcp_auth_reports::{Outcome, RecordError, Reporter, RunReport};
use serde_json::{Value, json};

use crate::runner::{self, RunContext, RunOptions};
use crate::scenario::Scenario;

/// How a target departs from the conformant reference.
#[derive(Debug, Clone, Copy)]
pub enum Breakage {
    /// None: the conformant reference server.
    Conformant,
    /// One switchboard flaw (by its YAML name, e.g. `accept_expired`).
    Flaw(&'static str),
    /// A Protected Resource Metadata member set to a JSON value (given as JSON text).
    PrmMember(&'static str, &'static str),
    /// The PRM endpoint answers with the real body labelled text/html.
    PrmContentType,
    /// The authorization server's metadata names another issuer.
    AsIssuerMismatch,
    /// PRM only at a custom URL (named in the challenge), not at the well-known URL.
    PrmCustomLocationOnly,
    /// Every 401 carries a bare `Bearer` challenge.
    BareBearer,
    /// The baseline tool needs a scope beyond the baseline.
    BaselineToolNeedsMore,
    /// The server trusts only an authorization server the harness does not run, so
    /// every token the harness mints is refused.
    TrustsAnotherIssuer,
}

/// One reference target.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// Stable name, used for report files (`accepts-expired-tokens`).
    pub name: &'static str,
    /// What it is, for people.
    pub label: &'static str,
    pub breakage: Breakage,
    /// Introspect tokens instead of verifying JWTs.
    pub introspection: bool,
    pub spec_version: SpecVersion,
    /// The scenarios that must fail against it (empty: every scenario passes or skips).
    pub fails: &'static [&'static str],
    /// Whether `demo` runs it.
    pub in_demo: bool,
}

const V06: SpecVersion = SpecVersion::V2025_06_18;
const V11: SpecVersion = SpecVersion::V2025_11_25;
const V07: SpecVersion = SpecVersion::V2026_07_28;

const fn target(
    name: &'static str,
    label: &'static str,
    breakage: Breakage,
    spec_version: SpecVersion,
    fails: &'static [&'static str],
) -> Target {
    Target { name, label, breakage, introspection: false, spec_version, fails, in_demo: false }
}

const fn demo(mut t: Target) -> Target {
    t.in_demo = true;
    t
}

const fn introspecting(mut t: Target) -> Target {
    t.introspection = true;
    t
}

use Breakage::{Flaw, PrmMember};

/// Every reference target.
pub const TARGETS: &[Target] = &[
    demo(target(
        "reference",
        "reference MCP server (conformant, JWT validation)",
        Breakage::Conformant,
        V07,
        &[],
    )),
    demo(introspecting(target(
        "reference-introspection",
        "reference MCP server (conformant, RFC 7662 introspection)",
        Breakage::Conformant,
        V07,
        &[],
    ))),
    demo(target(
        "reference-2025-06-18",
        "reference MCP server under MCP 2025-06-18",
        Breakage::Conformant,
        V06,
        &[],
    )),
    demo(target(
        "accepts-expired-tokens",
        "BROKEN: accepts expired tokens",
        Flaw("accept_expired"),
        V07,
        &["server/token/expired"],
    )),
    target(
        "accepts-future-tokens",
        "BROKEN: ignores nbf",
        Flaw("accept_not_yet_valid"),
        V07,
        &["server/token/not-yet-valid"],
    ),
    target(
        "accepts-tokens-without-exp",
        "BROKEN: accepts JWTs without exp",
        Flaw("accept_missing_exp"),
        V07,
        &["server/token/exp-required"],
    ),
    demo(target(
        "ignores-audience",
        "BROKEN: ignores the token audience",
        Flaw("ignore_audience"),
        V07,
        &["server/token/audience", "server/token/audience-other-resource"],
    )),
    target(
        "ignores-iss",
        "BROKEN: does not compare iss",
        Flaw("ignore_issuer_claim"),
        V07,
        &["server/token/issuer"],
    ),
    demo(target(
        "accepts-alg-none",
        "BROKEN: accepts alg none",
        Flaw("accept_alg_none"),
        V07,
        &["server/token/signature"],
    )),
    target(
        "accepts-id-tokens",
        "BROKEN: accepts ID tokens",
        Flaw("accept_id_token"),
        V07,
        &["server/token/type"],
    ),
    demo(target(
        "500-on-garbage",
        "BROKEN: answers 500 to garbage tokens",
        Flaw("garbage_500"),
        V07,
        &["server/token/garbage"],
    )),
    introspecting(target(
        "falls-back-when-inactive",
        "BROKEN: validates a token locally when introspection says inactive",
        Flaw("fail_open_introspection"),
        V07,
        &["server/token/inactive"],
    )),
    target(
        "honours-query-token",
        "BROKEN: honours ?access_token=",
        Flaw("honour_query_token"),
        V07,
        &["server/token/query-ignored"],
    ),
    target(
        "honours-body-token",
        "BROKEN: honours a token in the JSON-RPC body",
        Flaw("honour_body_token"),
        V07,
        &["server/token/json-body-ignored"],
    ),
    target(
        "uses-last-authorization",
        "BROKEN: uses the last of two Authorization headers",
        Flaw("multiple_authorization_uses_last"),
        V07,
        &["server/token/multi-method"],
    ),
    target(
        "case-sensitive-bearer",
        "BROKEN: only accepts `Bearer` spelled exactly",
        Flaw("case_sensitive_bearer"),
        V07,
        &["server/token/bearer-case"],
    ),
    target(
        "500-on-malformed-credentials",
        "BROKEN: answers 500 to malformed credentials",
        Flaw("malformed_credentials_500"),
        V07,
        &["server/credentials/malformed", "server/credentials/malformed-with-valid-token"],
    ),
    target(
        "bare-bearer-challenge",
        "BROKEN: challenges with a bare `Bearer`",
        Breakage::BareBearer,
        V07,
        &["server/challenge/bearer-has-params"],
    ),
    target(
        "bad-scope-hint",
        "BROKEN: 401 scope hint with a character scopes may not hold",
        Flaw("quoted_scope_hint"),
        V07,
        &["server/challenge/scope-hint", "server/challenge/syntax"],
    ),
    target(
        "baseline-tool-needs-more",
        "BROKEN: every tool needs more than the baseline scope",
        Breakage::BaselineToolNeedsMore,
        V07,
        &["server/scope/downscoped"],
    ),
    target(
        "400-on-other-schemes",
        "BROKEN: answers 400 to other schemes",
        Flaw("other_scheme_400"),
        V07,
        &["server/credentials/other-scheme"],
    ),
    target(
        "403-when-anonymous",
        "BROKEN: answers 403 to anonymous requests",
        Flaw("anonymous_403"),
        V07,
        &["server/challenge/unauthenticated-401"],
    ),
    target(
        "no-www-authenticate",
        "BROKEN: 401 without WWW-Authenticate",
        Flaw("no_www_authenticate"),
        V07,
        &["server/challenge/www-authenticate-bearer"],
    ),
    demo(target(
        "omits-resource-metadata",
        "BROKEN: omits resource_metadata (MCP 2025-06-18)",
        Flaw("omit_resource_metadata"),
        V06,
        &["server/challenge/resource-metadata"],
    )),
    target(
        "error-on-anonymous",
        "BROKEN: error=\"invalid_token\" on anonymous requests",
        Flaw("error_on_anonymous"),
        V07,
        &["server/challenge/no-error-without-token"],
    ),
    target(
        "duplicate-challenge-param",
        "BROKEN: repeats a challenge parameter",
        Flaw("duplicate_challenge_param"),
        V07,
        &["server/challenge/syntax"],
    ),
    target(
        "reflects-forwarded-host",
        "BROKEN: builds resource_metadata from X-Forwarded-Host",
        Flaw("reflect_forwarded_host"),
        V07,
        &["server/challenge/host-injection"],
    ),
    target(
        "401-for-insufficient-scope",
        "BROKEN: 401 instead of 403 for missing scope",
        Flaw("insufficient_scope_as_401"),
        V07,
        &["server/scope/insufficient-scope"],
    ),
    target(
        "scope-not-enforced",
        "BROKEN: runs tools without their scope",
        Flaw("scope_not_enforced"),
        V07,
        &["server/scope/insufficient-scope"],
    ),
    target(
        "403-without-scope",
        "BROKEN: 403 without scope",
        Flaw("omit_403_scope"),
        V07,
        &["server/scope/scope-param"],
    ),
    target(
        "403-without-resource-metadata",
        "BROKEN: 403 without resource_metadata",
        Flaw("omit_403_resource_metadata"),
        V07,
        &["server/scope/resource-metadata"],
    ),
    target(
        "incremental-403",
        "BROKEN: names one missing scope at a time",
        Flaw("incremental_403"),
        V07,
        &["server/scope/single-challenge"],
    ),
    target(
        "ignores-scope-hierarchy",
        "BROKEN: ignores scope hierarchies",
        Flaw("ignore_scope_hierarchy"),
        V07,
        &["server/scope/hierarchy"],
    ),
    target(
        "session-instead-of-token",
        "BROKEN: serves a session without a token",
        Flaw("session_substitutes_token"),
        V11,
        &["server/session/every-request"],
    ),
    target(
        "sessions-not-bound-to-users",
        "BROKEN: lets any user into any session",
        Flaw("session_not_bound_to_user"),
        V11,
        &["server/session/user-binding"],
    ),
    target(
        "sequential-session-ids",
        "BROKEN: session-1, session-2, ...",
        Flaw("sequential_session_ids"),
        V11,
        &["server/session/id-entropy"],
    ),
    target(
        "no-origin-check",
        "BROKEN: does not check Origin",
        Flaw("no_origin_check"),
        V07,
        &["server/transport/origin"],
    ),
    target(
        "no-origin-check-2025-06-18",
        "BROKEN: does not check Origin (MCP 2025-06-18)",
        Flaw("no_origin_check"),
        V06,
        &["server/transport/origin-before-2025-11-25"],
    ),
    target(
        "prm-needs-a-token",
        "BROKEN: PRM only with a token",
        Flaw("prm_requires_token"),
        V07,
        &["server/prm/discoverable"],
    ),
    target(
        "prm-names-another-resource",
        "BROKEN: PRM resource is another server",
        PrmMember("resource", "\"https://other.example/mcp\""),
        V07,
        &["server/prm/resource"],
    ),
    target(
        "prm-without-authorization-servers",
        "BROKEN: PRM lists no authorization server",
        PrmMember("authorization_servers", "[]"),
        V07,
        &["server/prm/authorization-servers"],
    ),
    target(
        "prm-wrong-types",
        "BROKEN: PRM scopes_supported is a string",
        PrmMember("scopes_supported", "\"mcp:tools mcp:write\""),
        V07,
        &["server/prm/types"],
    ),
    target(
        "prm-advertises-query",
        "BROKEN: PRM advertises query tokens",
        PrmMember("bearer_methods_supported", "[\"header\", \"query\"]"),
        V07,
        &["server/prm/bearer-methods"],
    ),
    target(
        "prm-offline-access",
        "BROKEN: PRM lists offline_access",
        PrmMember("scopes_supported", "[\"mcp:tools\", \"offline_access\"]"),
        V07,
        &["server/prm/scopes"],
    ),
    target(
        "prm-plain-http-jwks",
        "BROKEN: PRM jwks_uri is plain http",
        PrmMember("jwks_uri", "\"http://keys.example/jwks.json\""),
        V07,
        &["server/prm/https"],
    ),
    target(
        "prm-unsigned-signed-metadata",
        "BROKEN: PRM signed_metadata is alg none",
        PrmMember(
            "signed_metadata",
            "\"eyJhbGciOiJub25lIn0.eyJpc3MiOiJodHRwczovL2V2aWwuZXhhbXBsZSJ9.\"",
        ),
        V07,
        &["server/prm/signed-metadata"],
    ),
    target(
        "prm-as-html",
        "BROKEN: PRM labelled text/html",
        Breakage::PrmContentType,
        V07,
        &["server/prm/http"],
    ),
    target(
        "as-metadata-issuer-mismatch",
        "BROKEN: authorization server metadata names another issuer",
        Breakage::AsIssuerMismatch,
        V07,
        &["server/prm/authorization-server-metadata"],
    ),
    target(
        "prm-not-at-well-known",
        "BROKEN: PRM not at the path-inserted URL (MCP 2025-06-18)",
        Breakage::PrmCustomLocationOnly,
        V06,
        &["server/prm/path-inserted"],
    ),
    target(
        "refuses-valid-tokens",
        "BROKEN: trusts an authorization server it does not name to the harness",
        Breakage::TrustsAnotherIssuer,
        V07,
        &["server/token/valid"],
    ),
];

/// The reference server's configuration: two tools (`echo` needs `mcp:tools`, which every
/// token has; `write` needs `mcp:write` and `mcp:audit`), and `mcp:admin` implying both.
pub fn reference_config() -> MockConfig {
    let mut config = MockConfig::default();
    let rs = &mut config.resource_server;
    rs.scopes_supported = ["mcp:tools", "mcp:write", "mcp:audit"].map(String::from).to_vec();
    rs.tool_scopes = BTreeMap::from([(
        "write".to_owned(),
        vec!["mcp:write".to_owned(), "mcp:audit".to_owned()],
    )]);
    rs.scope_implies = BTreeMap::from([(
        "mcp:admin".to_owned(),
        vec!["mcp:write".to_owned(), "mcp:audit".to_owned()],
    )]);
    config
}

/// What the scenarios need to know about the reference server (`--var`s, `--scope`).
pub fn reference_vars() -> BTreeMap<String, String> {
    BTreeMap::from([
        ("privileged_tool".to_owned(), "write".to_owned()),
        ("baseline_tool".to_owned(), "echo".to_owned()),
        ("broad_scope".to_owned(), "mcp:admin".to_owned()),
    ])
}

/// Why a target could not be built or run.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error("target {target}: {message}")]
    Config { target: &'static str, message: String },
    #[error(transparent)]
    World(#[from] WorldError),
    #[error(transparent)]
    Context(#[from] runner::context::ContextError),
    #[error(transparent)]
    Record(#[from] RecordError),
}

impl Target {
    /// The switchboard configuration of this target.
    pub fn config(&self) -> Result<MockConfig, TargetError> {
        let bad = |message: String| TargetError::Config { target: self.name, message };
        let mut config = reference_config();
        if self.introspection {
            config.resource_server.token_validation = TokenValidation::Introspection;
        }
        match self.breakage {
            Breakage::Conformant => {}
            Flaw(name) => {
                let flaw: RsFlaw =
                    serde_json::from_value(json!(name)).map_err(|e| bad(e.to_string()))?;
                config.resource_server.flaws.insert(flaw);
            }
            PrmMember(name, value) => {
                let value: Value = serde_json::from_str(value).map_err(|e| bad(e.to_string()))?;
                config.resource_server.prm.set.insert(name.to_owned(), value);
            }
            Breakage::PrmContentType => config.malformed.push(Malformed {
                endpoint: Endpoint::Prm,
                authorization_server: None,
                response: MalformedResponse::WrongContentType,
            }),
            Breakage::AsIssuerMismatch => {
                config
                    .authorization_server
                    .metadata
                    .set
                    .insert("issuer".to_owned(), json!("https://evil.example"));
            }
            Breakage::PrmCustomLocationOnly => {
                config.resource_server.prm_locations =
                    vec![PrmLocation::Header, PrmLocation::Custom("/metadata/prm.json".to_owned())];
            }
            Breakage::BareBearer => {
                config.resource_server.www_authenticate = Some("Bearer".to_owned())
            }
            Breakage::BaselineToolNeedsMore => {
                config
                    .resource_server
                    .tool_scopes
                    .insert("echo".to_owned(), vec!["mcp:write".to_owned()]);
            }
            Breakage::TrustsAnotherIssuer => {
                config.extra_authorization_servers.insert("other".to_owned(), AsConfig::default());
                config.resource_server.authorization_servers = vec!["other".to_owned()];
            }
        }
        Ok(config)
    }

    /// Starts the target, runs `scenarios` against it with the harness as its
    /// authorization server, and stops it.
    pub async fn run<R: Reporter>(
        &self,
        scenarios: Vec<Scenario>,
        options: RunOptions,
        reporter: R,
    ) -> Result<(RunReport, R), TargetError> {
        let world = World::start(
            self.config()?,
            WorldOptions { authority: true, ..WorldOptions::default() },
        )
        .await?;
        let mut context = RunContext::new(&world.mcp_url, self.spec_version)?;
        context.authority = world.authority();
        context.scope = "mcp:tools".to_owned();
        context.vars = reference_vars();
        let result = runner::run(scenarios, context, options, reporter).await;
        world.shutdown().await;
        Ok(result?)
    }
}

/// The scenario IDs that failed (or errored) in `report`, sorted.
pub fn failing_scenarios(report: &RunReport) -> Vec<String> {
    let mut ids: Vec<String> = report
        .scenarios
        .iter()
        .filter(|s| matches!(s.outcome(), Outcome::Fail | Outcome::Error))
        .map(|s| s.id.clone())
        .collect();
    ids.sort();
    ids
}

/// How an `authz` reference target departs from the conformant mock authorization server.
#[derive(Debug, Clone, Copy)]
pub enum AsBreakage {
    /// None: the conformant mock authorization server.
    Conformant,
    /// One [`AsFlaw`](mcp_auth_mocks::config::AsFlaw), by its YAML name.
    Flaw(&'static str),
    /// A switchboard setting the configuration already has (metadata edits, token policy,
    /// `iss` behaviour...).
    Edit(fn(&mut AsConfig)),
    /// The metadata endpoint answers 404 at every location.
    NoMetadata,
}

/// One reference target of `authz` mode.
#[derive(Debug, Clone, Copy)]
pub struct AsTarget {
    /// Stable name, used for report files.
    pub name: &'static str,
    pub label: &'static str,
    pub breakage: AsBreakage,
    pub spec_version: SpecVersion,
    /// The scenarios that must fail against it.
    pub fails: &'static [&'static str],
    /// Whether `demo` runs it.
    pub in_demo: bool,
}

const fn as_target(
    name: &'static str,
    label: &'static str,
    breakage: AsBreakage,
    fails: &'static [&'static str],
) -> AsTarget {
    AsTarget { name, label, breakage, spec_version: V07, fails, in_demo: false }
}

const fn as_demo(mut t: AsTarget) -> AsTarget {
    t.in_demo = true;
    t
}

fn edit_issuer(c: &mut AsConfig) {
    c.metadata.set.insert("issuer".to_owned(), json!("https://evil.example"));
}
fn edit_no_response_types(c: &mut AsConfig) {
    c.metadata.remove.push("response_types_supported".to_owned());
}
fn edit_no_pkce_methods(c: &mut AsConfig) {
    c.metadata.remove.push("code_challenge_methods_supported".to_owned());
}
fn edit_cleartext_jwks(c: &mut AsConfig) {
    c.metadata.set.insert("jwks_uri".to_owned(), json!("http://as.example.test/jwks"));
}
fn edit_cimd_flag_string(c: &mut AsConfig) {
    c.metadata.set.insert("client_id_metadata_document_supported".to_owned(), json!("true"));
}
fn edit_iss_flag_false(c: &mut AsConfig) {
    c.metadata
        .set
        .insert("authorization_response_iss_parameter_supported".to_owned(), json!(false));
}
fn edit_no_iss(c: &mut AsConfig) {
    c.iss_parameter = mcp_auth_mocks::config::IssParameter::Unsupported;
}
fn edit_registration_200(c: &mut AsConfig) {
    c.registration_status = 200;
}
fn edit_no_rotation(c: &mut AsConfig) {
    c.tokens.rotate_refresh_tokens = false;
}
fn edit_cacheable(c: &mut AsConfig) {
    c.tokens.cacheable = true;
}

use AsBreakage::{Edit, Flaw as AsFlawNamed};

/// Every `authz` reference target.
pub const AS_TARGETS: &[AsTarget] = &[
    as_demo(as_target(
        "reference-as",
        "reference authorization server (conformant)",
        AsBreakage::Conformant,
        &[],
    )),
    as_demo(as_target(
        "as-no-metadata",
        "BROKEN: publishes no metadata",
        AsBreakage::NoMetadata,
        &["authorization-server/metadata/published"],
    )),
    as_target(
        "as-issuer-mismatch",
        "BROKEN: metadata names another issuer",
        Edit(edit_issuer),
        &["authorization-server/metadata/issuer"],
    ),
    as_target(
        "as-no-response-types",
        "BROKEN: metadata lacks response_types_supported",
        Edit(edit_no_response_types),
        &["authorization-server/metadata/required"],
    ),
    as_target(
        "as-pkce-not-advertised",
        "BROKEN: metadata does not advertise S256",
        Edit(edit_no_pkce_methods),
        &["authorization-server/metadata/pkce"],
    ),
    as_target(
        "as-cleartext-endpoint",
        "BROKEN: a plain-http endpoint on a public host",
        Edit(edit_cleartext_jwks),
        &["authorization-server/metadata/https"],
    ),
    as_target(
        "as-cimd-flag-string",
        "BROKEN: client_id_metadata_document_supported is a string",
        Edit(edit_cimd_flag_string),
        &["authorization-server/metadata/cimd-flag"],
    ),
    as_target(
        "as-iss-flag-false",
        "BROKEN: sends iss but the metadata says it does not",
        Edit(edit_iss_flag_false),
        &["authorization-server/metadata/iss-flag"],
    ),
    as_target(
        "as-no-iss",
        "BROKEN: no iss in authorization responses",
        Edit(edit_no_iss),
        &["authorization-server/code/iss-in-response"],
    ),
    as_target(
        "as-registration-200",
        "BROKEN: registration answers 200 instead of 201",
        Edit(edit_registration_200),
        &["authorization-server/registration/response"],
    ),
    as_demo(as_target(
        "as-cleartext-redirect-uris",
        "BROKEN: registers http redirect URIs on public hosts",
        AsFlawNamed("dcr_accepts_cleartext_redirect"),
        &["authorization-server/registration/redirect-scheme"],
    )),
    as_target(
        "as-dcr-error-codes",
        "BROKEN: registration errors are not RFC 7591 codes",
        AsFlawNamed("dcr_errors_not_rfc7591"),
        &["authorization-server/registration/errors"],
    ),
    as_demo(as_target(
        "as-pkce-optional",
        "BROKEN: approves requests without code_challenge",
        AsFlawNamed("accept_missing_pkce"),
        &["authorization-server/authorize/pkce-required"],
    )),
    as_target(
        "as-any-pkce-method",
        "BROKEN: accepts plain and unknown PKCE methods",
        AsFlawNamed("accept_any_pkce_method"),
        &["authorization-server/authorize/pkce-s256"],
    ),
    as_demo(as_target(
        "as-redirect-prefix",
        "BROKEN: matches redirect URIs by prefix",
        AsFlawNamed("redirect_uri_prefix_match"),
        &["authorization-server/authorize/redirect-exact"],
    )),
    as_target(
        "as-redirect-unknown-client",
        "BROKEN: redirects errors for unknown clients",
        AsFlawNamed("redirect_on_unknown_client"),
        &["authorization-server/authorize/redirect-no-auto"],
    ),
    as_target(
        "as-implicit",
        "BROKEN: allows the implicit grant",
        AsFlawNamed("implicit_allowed"),
        &["authorization-server/authorize/no-implicit"],
    ),
    as_demo(as_target(
        "as-verifier-unchecked",
        "BROKEN: does not check the PKCE verifier",
        AsFlawNamed("verifier_unchecked"),
        &["authorization-server/code/pkce-verify"],
    )),
    as_target(
        "as-code-reusable",
        "BROKEN: codes can be redeemed twice",
        AsFlawNamed("code_reusable"),
        &["authorization-server/code/single-use"],
    ),
    as_target(
        "as-code-unbound",
        "BROKEN: codes are not bound to client and redirect URI",
        AsFlawNamed("code_binding_unchecked"),
        &["authorization-server/code/binding"],
    ),
    as_target(
        "as-ignores-resource",
        "BROKEN: ignores resource (aud is the issuer)",
        AsFlawNamed("ignore_resource"),
        &["authorization-server/code/resource-audience"],
    ),
    as_target(
        "as-refresh-not-rotated",
        "BROKEN: refresh tokens do not rotate",
        Edit(edit_no_rotation),
        &["authorization-server/code/refresh-rotation"],
    ),
    as_target(
        "as-refresh-reuse",
        "BROKEN: a used refresh token still works",
        AsFlawNamed("refresh_reuse_undetected"),
        &["authorization-server/code/refresh-rotation"],
    ),
    as_target(
        "as-refresh-widens-scope",
        "BROKEN: a refresh may add scopes",
        AsFlawNamed("refresh_widens_scope"),
        &["authorization-server/code/refresh-scope"],
    ),
    as_target(
        "as-token-cacheable",
        "BROKEN: token responses lack Cache-Control no-store",
        Edit(edit_cacheable),
        &["authorization-server/token/client-credentials", "authorization-server/token/response"],
    ),
    as_target(
        "as-token-errors-text",
        "BROKEN: token errors are plain text",
        AsFlawNamed("token_errors_not_json"),
        &["authorization-server/token/errors"],
    ),
];

/// The redirect URI the `authz` reference runs register.
/// The confidential client the reference authorization server knows beforehand, as a
/// user would pass it with `--client-id` / `--client-secret`.
pub const REFERENCE_CONFIDENTIAL_CLIENT: &str = "harness-confidential";
const REFERENCE_CONFIDENTIAL_SECRET: &str = "reference-secret-not-a-real-one";

pub const REFERENCE_REDIRECT_URI: &str = "http://127.0.0.1:8765/callback";

impl AsTarget {
    /// The switchboard configuration of this target.
    pub fn config(&self) -> Result<MockConfig, TargetError> {
        let mut config = reference_config();
        let server = &mut config.authorization_server;
        server.clients.push(mcp_auth_mocks::config::PreRegisteredClient {
            client_id: REFERENCE_CONFIDENTIAL_CLIENT.to_owned(),
            client_secret: Some(REFERENCE_CONFIDENTIAL_SECRET.to_owned()),
            redirect_uris: vec![REFERENCE_REDIRECT_URI.to_owned()],
            token_endpoint_auth_method: "client_secret_post".to_owned(),
            jwks: None,
            any_redirect_uri: false,
        });
        match self.breakage {
            AsBreakage::Conformant => {}
            AsBreakage::Flaw(name) => {
                let flaw: mcp_auth_mocks::config::AsFlaw = serde_json::from_value(json!(name))
                    .map_err(|e| TargetError::Config {
                        target: self.name,
                        message: e.to_string(),
                    })?;
                server.flaws.insert(flaw);
            }
            Edit(edit) => edit(server),
            AsBreakage::NoMetadata => config.malformed.push(Malformed {
                endpoint: Endpoint::AsMetadata,
                authorization_server: None,
                response: MalformedResponse::Status { code: 404 },
            }),
        }
        Ok(config)
    }

    /// Starts the target, runs `scenarios` against its authorization server (which
    /// approves at once, so no consent command is needed), and stops it.
    pub async fn run<R: Reporter>(
        &self,
        scenarios: Vec<Scenario>,
        options: RunOptions,
        reporter: R,
    ) -> Result<(RunReport, R), TargetError> {
        let world = World::start(self.config()?, WorldOptions::default()).await?;
        let target = runner::context::AuthzTarget {
            issuer: world.issuer().to_owned(),
            redirect_uri: REFERENCE_REDIRECT_URI.to_owned(),
            resource: Some(world.mcp_url.clone()),
            consent_command: None,
            consent_timeout: std::time::Duration::from_secs(10),
            client_id: Some(REFERENCE_CONFIDENTIAL_CLIENT.to_owned()),
            client_secret: Some(mcp_auth_proto::Secret::new(REFERENCE_CONFIDENTIAL_SECRET)),
        };
        let mut context = RunContext::authorization_server(target, self.spec_version)?;
        context.scope = "mcp:tools".to_owned();
        context.vars = BTreeMap::from([("other_scope".to_owned(), "mcp:write".to_owned())]);
        let result = runner::run(scenarios, context, options, reporter).await;
        world.shutdown().await;
        Ok(result?)
    }
}

/// Whether `report` is what a target built to fail exactly `fails` must produce: exactly
/// those scenarios fail, no check is a harness error, and no JWT is left in any message or
/// transcript (every token the harness presents is redacted by value, and `eyJ`, the
/// base64url of `{"`, starts every JWT). `Err` says what differs, check by check.
/// Whether `text` holds what looks like a compact JWS: `eyJ` (Base64url of `{"`), more
/// Base64url, then a `.`. A bare `eyJ` is not enough: random Base64url values (a PKCE
/// challenge, a `state`) contain it once in a few thousand.
fn holds_a_jwt(text: &str) -> bool {
    let is_b64url = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    text.match_indices("eyJ").any(|(i, _)| {
        let rest = text.get(i..).unwrap_or_default();
        let header = rest.chars().take_while(|c| is_b64url(*c)).count();
        header >= 10 && rest.chars().nth(header) == Some('.')
    })
}

pub fn verdict(report: &RunReport, fails: &[&str]) -> Result<(), String> {
    let failing = failing_scenarios(report);
    let expected: Vec<String> = fails.iter().map(|s| (*s).to_owned()).collect();
    let errors = report.checks().filter(|c| c.outcome == Outcome::Error).count();
    // PRM's signed_metadata is a JWS by definition: public metadata, not a credential.
    let leaks: Vec<String> = report
        .checks()
        .filter(|c| c.scenario != "server/prm/signed-metadata")
        .filter(|c| holds_a_jwt(&c.message) || c.transcript.as_deref().is_some_and(holds_a_jwt))
        .map(|c| format!("{}:{}", c.scenario, c.check))
        .collect();
    if failing == expected && errors == 0 && leaks.is_empty() {
        return Ok(());
    }
    let detail: Vec<String> = report
        .checks()
        .filter(|c| matches!(c.outcome, Outcome::Fail | Outcome::Error))
        .map(|c| format!("  {}:{} {:?}: {}", c.scenario, c.check, c.outcome, c.message))
        .collect();
    Err(format!(
        "expected failing {expected:?}, got {failing:?}; harness errors: {errors}; \
         token material in: {leaks:?}\n{}",
        detail.join("\n")
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_jwt_is_told_from_random_base64url_that_contains_eyj() {
        assert!(super::holds_a_jwt("Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln"));
        assert!(super::holds_a_jwt("x eyJhbGciOiJFUzI1NiJ9."));
        assert!(!super::holds_a_jwt("state=q7ZeyJx0pLk3VbN8mRt2WcYh5JsUe9FgAoD1iKyTn4&code=1"));
        assert!(!super::holds_a_jwt("eyJ."));
    }
}
