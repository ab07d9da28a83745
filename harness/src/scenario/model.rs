//! The scenario file format, version 1: what a user writes in `scenarios/**/*.yaml`.
//!
//! Every type refuses unknown keys (serde-saphyr reports them, and duplicate keys, at their
//! line and column). Step kinds, assertions, captures and matchers are externally tagged
//! single-key maps (`- request: {...}`, `status: {one_of: [401]}`), so an error points inside
//! the step it belongs to. The JSON Schema in `harness/schema/scenario.v1.schema.json` is
//! generated from these types; `scenario::schema` checks it is current.
//!
//! Strings marked *templated* may contain `{{variable}}` references (see
//! [`super::template`]); the loader checks every reference before anything runs.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;
use serde_saphyr::Spanned;

/// The only scenario format version this build reads.
pub const SCHEMA_VERSION: u32 = 1;

/// One scenario file.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "mcp-auth-harness scenario (schema_version 1)")]
pub struct ScenarioFile {
    /// Always `1`.
    #[schemars(with = "u32")]
    pub schema_version: Spanned<u32>,
    /// Stable ID: the file's path under its scenario folder, without `.yaml`
    /// (`server/token/expired`).
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// One line saying what the target must do.
    pub title: String,
    /// Which kind of implementation the scenario tests.
    pub role: ScenarioRole,
    /// The spec versions the scenario applies to; under any other it is skipped.
    #[serde(default)]
    pub spec_versions: VersionRange,
    /// Catalogue rows (`../shared/spec/requirements.md`) the scenario checks. Every check's
    /// `requirement` must be one of them.
    #[schemars(with = "Vec<String>")]
    pub requirements: Vec<Spanned<String>>,
    /// The official MCP conformance suite's scenario name, where one matches.
    #[serde(default)]
    pub official_name: Option<String>,
    /// Free labels for `--tag` filters.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Why the scenario exists and what a failure means (shown by `explain`).
    pub description: String,
    /// The mock world a client is tested against (the switchboard of `mcp-auth-mocks`,
    /// `mocks/src/config.rs`); client scenarios only: a server scenario probes a real
    /// target.
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Map<String, Value>>")]
    pub mocks: Option<mcp_auth_mocks::config::MockConfig>,
    /// How the client under test is launched (client scenarios only).
    #[serde(default)]
    pub client: Option<ClientSection>,
    /// The tokens the steps present, by name (`[a-z0-9_-]+`).
    #[serde(default)]
    pub tokens: BTreeMap<String, TokenSource>,
    /// What the harness does, in order.
    pub steps: Vec<Step>,
}

/// How a client scenario launches the client under test, in the official suite's contract:
/// the MCP URL as the last argument and `MCP_CONFORMANCE_*` in the environment.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientSection {
    /// `MCP_CONFORMANCE_SCENARIO`: the scenario name the client dispatches on. Omitted:
    /// `official_name`, else `auth/metadata-default` (an authorization-code flow with
    /// dynamic registration, which every SDK conformance client implements), so SDK clients
    /// written for the official suite run the harness's own scenarios unchanged.
    #[serde(default)]
    pub announce: Option<String>,
    /// Members of `MCP_CONFORMANCE_CONTEXT` besides `name` (which is always the announced
    /// name), as the official suite sends for pre-registration and client credentials;
    /// string values are templated. Omitted: no context variable.
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Map<String, Value>>")]
    pub context: Option<serde_json::Map<String, Value>>,
    /// Canary listeners to start on 127.0.0.2, by name (`[a-z0-9_-]+`): hosts a conformant
    /// client never contacts. `{{canary.NAME}}` is the base URL, in `mocks` and in checks.
    #[serde(default)]
    pub canaries: Vec<String>,
}

/// The kind of implementation under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ScenarioRole {
    /// An MCP server acting as an OAuth resource server.
    Server,
    /// An MCP client.
    Client,
    /// An authorization server.
    AuthorizationServer,
}

/// A closed range of spec versions; both ends optional.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionRange {
    /// The first version the scenario applies to (`2025-03-26` when omitted).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub since: Option<Spanned<String>>,
    /// The last version it applies to (the newest when omitted).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub until: Option<Spanned<String>>,
}

/// Where a named token comes from. The first source that is available is used, in this
/// order: `mint` (when the harness runs the authorization server the target trusts),
/// `supplied` (when the user passed that token), `literal`. With none available the
/// scenario is skipped and says what would make it run.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenSource {
    /// Mint it with the harness's authorization server.
    #[serde(default)]
    pub mint: Option<MintRecipe>,
    /// A token the user supplied on the command line.
    #[serde(default)]
    pub supplied: Option<SuppliedToken>,
    /// A fixed value (garbage that no server can accept); templated.
    #[serde(default)]
    pub literal: Option<String>,
}

/// The tokens a user can supply for servers that cannot trust the harness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SuppliedToken {
    /// `--token`: valid for the target, with the scopes its tools need.
    Valid,
    /// `--expired-token`.
    Expired,
    /// `--other-resource-token`: valid, but issued for another resource.
    OtherResource,
    /// `--low-scope-token`: valid, but without the scope of `--var privileged_tool`.
    LowScope,
}

/// How to mint a token. Unset fields give the positive control: issued by the trusted
/// issuer for `aud` = the MCP URL, `scope` = `{{scope}}`, valid for an hour, `typ: at+jwt`,
/// ES256 with the published key, a fresh `jti`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MintRecipe {
    /// Which issuer signs it.
    #[serde(default)]
    pub issuer: IssuerChoice,
    /// `aud` values (templated); omitted: the MCP URL. Use `remove_claims: [aud]` for none.
    #[serde(default)]
    pub audience: Option<Vec<String>>,
    /// `scope` (templated); omitted: `{{scope}}`. An empty string leaves the claim out.
    #[serde(default)]
    pub scope: Option<String>,
    /// Seconds from now to `exp` (negative: already expired).
    #[serde(default)]
    pub expires_in: Option<i64>,
    /// Seconds from now to `nbf`.
    #[serde(default)]
    pub not_before_in: Option<i64>,
    /// `sub`; omitted: `user-1`.
    #[serde(default)]
    pub subject: Option<String>,
    /// Claims to add or replace (values templated when strings).
    #[serde(default)]
    pub set_claims: BTreeMap<String, Value>,
    /// Claims to leave out.
    #[serde(default)]
    pub remove_claims: Vec<String>,
    /// JOSE header members to add or replace.
    #[serde(default)]
    pub set_header: BTreeMap<String, Value>,
    /// JOSE header members to leave out.
    #[serde(default)]
    pub remove_header: Vec<String>,
    /// How the token departs from a validly signed one.
    #[serde(default)]
    pub forgery: Option<ForgeryKind>,
}

/// The issuer that signs a minted token.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IssuerChoice {
    /// The authorization server the target trusts.
    #[default]
    Trusted,
    /// A second harness authorization server with its own published keys, which the target
    /// was never told to trust.
    Untrusted,
}

/// The forgeries the harness can mint (RFC 8725, RFC 9068 §4, RFC 7515 §4.1.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ForgeryKind {
    /// `alg: none` and an empty signature.
    AlgNone,
    /// HS256 keyed with the issuer's public key (algorithm confusion).
    Hs256WithPublicKey,
    /// Signed by a key the issuer never published, labelled with the issuer's `kid`.
    ForeignKeySameKid,
    /// Signed by a key the issuer never published, with its own `kid`.
    ForeignKey,
    /// Signed by the real key, labelled with an unknown `kid`.
    UnknownKid,
    /// Signed by an attacker key carried in the `jwk` header.
    EmbeddedJwk,
    /// Signed by an attacker key published at `jku` = `{{canary}}/jwks.json`.
    JkuCanary,
    /// Validly signed, with `crit` naming an unknown extension.
    CritUnknown,
    /// Validly signed, then one payload byte changed.
    TamperedPayload,
    /// Cut off inside the payload.
    Truncated,
    /// An OpenID Connect ID token (`typ: JWT`, `aud` = the client).
    IdToken,
}

/// One step. Steps run in order; a step's checks judge that step's response.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Step {
    /// Send one HTTP request and judge the response.
    Request(Box<RequestStep>),
    /// Open an MCP session with a token (2025-03-26 to 2025-11-25: `initialize` and
    /// `notifications/initialized`, capturing `Mcp-Session-Id` as `session_id`; 2026-07-28
    /// has no sessions and the step does nothing). If it fails, the rest is skipped.
    OpenSession(OpenSessionStep),
    /// Make a minted token inactive at the harness's authorization server (introspection
    /// then answers `active: false`).
    Revoke(RevokeStep),
    /// Pause (at most 60 s).
    Wait(WaitStep),
    /// Find the Protected Resource Metadata as a client of the run's spec version does:
    /// an anonymous request, then the challenge's `resource_metadata` if present, else
    /// (2025-11-25 and later) the path-inserted, then the root well-known URL. Sets
    /// `prm_url`, `prm_source` (`header`, `path-inserted` or `root`),
    /// `prm_expected_resource` (what `resource` must be for that URL) and, when the document
    /// names one, `authorization_server` (its first entry). The step's checks may judge
    /// those variables (`var` assertions); if nothing is found the rest of the scenario is
    /// skipped after them.
    DiscoverPrm(DiscoverStep),
    /// Find the metadata of the authorization server `{{authorization_server}}` at the
    /// locations the run's spec version uses (RFC 8414, then OpenID Connect Discovery).
    /// Sets `as_metadata_url` and `as_metadata_oidc` (`true` or `false`).
    DiscoverAuthorizationServer(DiscoverStep),
    /// Checks that judge variables or the journal, with no request of their own.
    Judge(JudgeStep),
    /// Send an authorization request (authorization-server mode): `GET
    /// {{authorization_endpoint}}` with the given query parameters, redirects not followed.
    /// Sets `authorization_url` and, when a callback is reached, `callback_url` and
    /// `callback.NAME` for each of `code`, `state`, `iss`, `error`, `error_description`,
    /// `access_token` found in its query or fragment. With `consent: true`, an answer that
    /// is not already a redirect to `redirect_uri` (a login page) is handed to
    /// `--consent-command`; without one the rest of the scenario is skipped.
    Authorize(Box<AuthorizeStep>),
}

/// See [`Step::Authorize`].
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthorizeStep {
    /// A label for transcripts and errors.
    pub name: String,
    /// Query parameters in order (values templated); a name may repeat.
    pub params: Vec<HeaderField>,
    /// Go through the login and consent pages if the server shows them (needs an
    /// authorization server that approves at once, or `--consent-command`).
    #[serde(default)]
    pub consent: bool,
    /// Preconditions, as for `request`.
    #[serde(default)]
    pub require: Vec<Precondition>,
    /// Checks of the authorization endpoint's first answer and of the callback variables.
    #[serde(default)]
    pub expect: Vec<Check>,
}

/// See [`Step::DiscoverPrm`] and [`Step::DiscoverAuthorizationServer`].
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiscoverStep {
    /// Checks of what was found (`var` assertions).
    #[serde(default)]
    pub expect: Vec<Check>,
}

/// See [`Step::Judge`].
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JudgeStep {
    pub expect: Vec<Check>,
}

/// An HTTP request, what to capture from its response, and what must hold of it.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestStep {
    /// A label for transcripts and errors.
    pub name: String,
    /// HTTP method; `POST` when omitted.
    #[serde(default)]
    pub method: Option<String>,
    /// Absolute URL (templated); `{{mcp_url}}` when omitted.
    #[serde(default)]
    pub url: Option<String>,
    /// Sends `Authorization: Bearer <token>` with the named token.
    #[serde(default)]
    pub bearer: Option<String>,
    /// Header fields in order; a name may repeat (values templated).
    #[serde(default)]
    pub headers: Vec<HeaderField>,
    /// The request body.
    #[serde(default)]
    pub body: Option<Body>,
    /// Per-request time limit in milliseconds (default 10 000, at most 60 000).
    #[serde(default)]
    pub timeout_ms: Option<u64>,
    /// What a transport failure (refused, reset, timeout) means for this step's checks:
    /// `error` (the harness could not judge; default), `pass` (closing the connection is an
    /// acceptable answer, e.g. to a 1 MiB header) or `fail`.
    #[serde(default)]
    pub transport_error: TransportVerdict,
    /// Values to remember from the response, by variable name.
    #[serde(default)]
    pub capture: BTreeMap<String, Capture>,
    /// Preconditions: if one does not hold, this step's checks and all later ones are
    /// skipped with its reason (another scenario judges the rule it depends on).
    #[serde(default)]
    pub require: Vec<Precondition>,
    /// The checks of this response.
    #[serde(default)]
    pub expect: Vec<Check>,
}

/// One header field.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeaderField {
    pub name: String,
    /// Templated.
    pub value: String,
}

/// A request body.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Body {
    /// A JSON-RPC request for the run's spec version, with the headers that version asks for
    /// (`Content-Type`, `Accept`, `MCP-Protocol-Version`; `Mcp-Method`/`Mcp-Name` and
    /// `_meta` in 2026-07-28; `Mcp-Session-Id` when a session is open).
    Mcp(McpCall),
    /// JSON sent as is, with `Content-Type: application/json` (strings templated).
    Json(Value),
    /// Text sent as is (templated); set `Content-Type` in `headers`.
    Text(String),
    /// `application/x-www-form-urlencoded` fields in order (values templated).
    Form(Vec<HeaderField>),
}

/// A JSON-RPC call.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct McpCall {
    /// `connect` is the first request a client sends: `initialize` up to 2025-11-25,
    /// `server/discover` in 2026-07-28. Others (`tools/list`, `tools/call`, ...) as named.
    pub method: String,
    /// `params` (strings templated); for `connect`, the version's own.
    #[serde(default)]
    pub params: Option<Value>,
}

/// See [`RequestStep::transport_error`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TransportVerdict {
    #[default]
    Error,
    Pass,
    Fail,
}

/// Something to remember from a response.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Capture {
    /// A header field's value (the first field of that name).
    Header(String),
    /// An auth-param of the Bearer challenge in `WWW-Authenticate`.
    ChallengeParam(String),
    /// A JSON value at a path (`$.a.b[0]`) of the body; strings are kept as they are, other
    /// values as JSON text. For `text/event-stream` the first `data:` event is read.
    Json(String),
}

/// A condition the rest of the scenario depends on.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Precondition {
    /// Why the rest depends on it, shown in every skipped check.
    pub because: String,
    #[serde(rename = "assert")]
    pub assertion: Assertion,
}

/// One check: a stable ID within the scenario, the catalogue row it judges, and the
/// assertion whose truth is the verdict.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// Stable ID, unique within the scenario (`[a-z0-9-]+`).
    #[schemars(with = "String")]
    pub check: Spanned<String>,
    /// The catalogue row; one of the scenario's `requirements`.
    #[schemars(with = "String")]
    pub requirement: Spanned<String>,
    /// `MUST`, `SHOULD`, `MAY` or `robust`; omitted: the row's own level.
    #[serde(default)]
    pub level: Option<CheckLevel>,
    /// What the target must do, said positively ("an expired token is refused with 401").
    pub claim: String,
    /// The spec versions this check applies to, within the scenario's own; under any other
    /// it is skipped, saying so (a rule a later version added, e.g. `application_type` in
    /// registration from 2026-07-28).
    #[serde(default)]
    pub spec_versions: Option<VersionRange>,
    #[serde(rename = "assert")]
    pub assertion: Assertion,
}

/// The level a check is judged at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum CheckLevel {
    #[serde(rename = "MUST")]
    Must,
    #[serde(rename = "SHOULD")]
    Should,
    #[serde(rename = "MAY")]
    May,
    #[serde(rename = "robust")]
    Robust,
}

/// A statement about the step's response (or the harness's journal).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Assertion {
    /// The HTTP status.
    Status(StatusMatch),
    /// A header field.
    Header(HeaderAssertion),
    /// The `WWW-Authenticate` challenges.
    Challenge(ChallengeAssertion),
    /// A JSON value of the body (`text/event-stream`: its first `data:` event).
    Json(JsonAssertion),
    /// The body as a protocol document, judged by the protocol core's validator: no
    /// finding for the check's requirement at or above the check's level.
    Document(DocumentAssertion),
    /// Requests the harness's own listeners received during this scenario.
    Journal(JournalAssertion),
    /// Requests the mock world received from the client under test (client scenarios).
    Requests(RequestsAssertion),
    /// How the client process ended (client scenarios).
    Client(ClientExit),
    /// A claim of the JWT a variable holds (decoded, not verified). A value that is not a
    /// compact JWS cannot be judged, and the check is skipped saying so.
    JwtClaim(JwtClaimAssertion),
    /// A variable (captured, discovered or built in).
    Var(VarAssertion),
    /// Every assertion holds.
    All(Vec<Assertion>),
    /// At least one holds.
    Any(Vec<Assertion>),
    /// The assertion does not hold.
    Not(Box<Assertion>),
}

/// A status-code test.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum StatusMatch {
    Is(u16),
    OneOf(Vec<u16>),
    /// Inclusive.
    Between([u16; 2]),
}

/// A variable test.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VarAssertion {
    pub name: String,
    pub value: TextMatch,
}

/// See [`Assertion::JwtClaim`].
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JwtClaimAssertion {
    /// The variable holding the token (e.g. captured from `$.access_token`).
    pub var: String,
    /// A JSON path into the payload (`$.aud`).
    pub path: String,
    pub value: ValueMatch,
}

/// A header-field test.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeaderAssertion {
    pub name: String,
    pub value: TextMatch,
}

/// A test of a text value that may be missing.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum TextMatch {
    /// Present (any value).
    Present,
    /// Not present.
    Absent,
    /// Present and identical (templated).
    Equals(String),
    /// Present and containing this (templated).
    Contains(String),
    /// Present and starting with this (templated).
    StartsWith(String),
    /// Present and at least this many characters long.
    MinLength(usize),
    /// Present and a non-empty scope list: scope-tokens (RFC 6749 §3.3 charset) separated
    /// by single spaces.
    ScopeList,
    /// Present, and its space-separated scopes include every one of these.
    ScopesInclude(Vec<String>),
    /// Absent, or its space-separated scopes include none of these.
    ScopesExclude(Vec<String>),
    /// Present and equal to one of these (templated).
    OneOf(Vec<String>),
}

/// A test of the response's `WWW-Authenticate` fields.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ChallengeAssertion {
    /// At least one field, and a `Bearer` challenge among them (lenient reading).
    Bearer,
    /// Every field parses under the strict RFC 9110 §11 grammar.
    WellFormed,
    /// The Bearer challenge has at least one auth-param (not bare, not token68).
    BearerHasParams,
    /// An auth-param of the Bearer challenge.
    Param(ChallengeParam),
    /// The protocol core's analysis of the challenges has no finding for the check's
    /// requirement at or above its level.
    NoFindings,
}

/// An auth-param test.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChallengeParam {
    pub name: String,
    pub value: TextMatch,
}

/// A JSON-value test.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JsonAssertion {
    /// `$`, then `.name` or `[index]` steps.
    pub path: String,
    pub value: ValueMatch,
}

/// A test of a JSON value that may be missing.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ValueMatch {
    Present,
    Absent,
    /// Equal as JSON (strings templated).
    Equals(Value),
    /// Of this JSON type.
    Type(JsonType),
    /// An array containing this value, or a string containing this text.
    Contains(Value),
}

/// JSON types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum JsonType {
    Object,
    Array,
    String,
    Number,
    Boolean,
    Null,
}

/// Which validator judges the body, and against what.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum DocumentAssertion {
    /// Protected Resource Metadata (RFC 9728).
    Prm(PrmDocument),
    /// Authorization-server metadata (RFC 8414 or OpenID Connect Discovery).
    AsMetadata(AsMetadataDocument),
}

/// PRM validation context.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrmDocument {
    /// The resource identifier `resource` must equal (templated).
    pub resource: String,
    /// `strict` (RFC 9728 §3.3, default) or `lenient` (same-origin path prefixes accepted).
    #[serde(default)]
    pub profile: ProfileName,
    /// Judge findings of these catalogue rows instead of the check's own requirement.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub findings_of: Vec<Spanned<String>>,
}

/// Resource comparison profile.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProfileName {
    #[default]
    Strict,
    Lenient,
}

/// AS metadata validation context.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AsMetadataDocument {
    /// The issuer `issuer` must equal (templated).
    pub issuer: String,
    /// Judge as an OpenID Connect Discovery document (templated: `true` or `false`, e.g.
    /// `{{as_metadata_oidc}}`).
    #[serde(default)]
    pub oidc: Option<String>,
    /// Judge findings of these catalogue rows instead of the check's own requirement.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub findings_of: Vec<Spanned<String>>,
}

/// A test of the requests the harness's own listeners received during this scenario.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JournalAssertion {
    pub listener: ListenerName,
    /// Only requests whose path starts with this (templated).
    #[serde(default)]
    pub path_prefix: Option<String>,
    /// Only requests that carry this named token anywhere (headers or body).
    #[serde(default)]
    pub carrying: Option<String>,
    pub count: CountMatch,
}

/// The harness's listeners in server mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ListenerName {
    /// The authorization server the target trusts.
    AuthorizationServer,
    /// The untrusted second authorization server.
    UntrustedAuthorizationServer,
    /// The canary: hostile token headers (`jku`, `x5u`) point here.
    Canary,
}

/// A count test.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum CountMatch {
    Is(usize),
    AtLeast(usize),
    AtMost(usize),
}

/// A count of the requests the mock world received that match every filter given.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestsAssertion {
    /// Which listener received them (omitted: any).
    #[serde(default)]
    pub to: Option<ListenerSelector>,
    /// Which endpoint of that listener, by role (omitted: any).
    #[serde(default)]
    pub endpoint: Option<EndpointKind>,
    /// Exactly this path, without the query (templated).
    #[serde(default)]
    pub path: Option<String>,
    /// This HTTP method.
    #[serde(default)]
    pub method: Option<String>,
    /// Only the N-th of the requests that `to`, `endpoint`, `path` and `method` select, in
    /// the order received: 1 is the first, -1 the last (the official suite judges the
    /// first, second or last authorization request). The `where` filters then judge that
    /// one request, so the count is 0 or 1.
    #[serde(default)]
    pub nth: Option<i64>,
    /// Every one of these holds for the request.
    #[serde(default, rename = "where")]
    pub filters: Vec<RequestFilter>,
    pub count: CountMatch,
}

/// The listeners of a client scenario's mock world.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ListenerSelector {
    /// The MCP server.
    Mcp,
    /// Any authorization server.
    AuthorizationServers,
    /// Any canary.
    Canaries,
    /// Anything but the MCP server.
    NotMcp,
    /// One authorization server, by name (`main` or an `extra_authorization_servers` key).
    AuthorizationServer(String),
    /// One canary, by name.
    Canary(String),
}

/// An endpoint of the mock world, recognised by its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EndpointKind {
    /// The MCP endpoint.
    Mcp,
    /// Protected Resource Metadata (any well-known or configured PRM location).
    Prm,
    /// Authorization-server metadata (RFC 8414 or OpenID Connect, any location).
    AsMetadata,
    Registration,
    Authorize,
    Token,
    Jwks,
    Introspection,
}

/// A test of one request.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum RequestFilter {
    /// A query parameter (its first value).
    Query(ParamTest),
    /// A form-body parameter (its first value).
    Form(ParamTest),
    /// A query parameter, else a form-body parameter.
    Param(ParamTest),
    /// A header field (its first value).
    Header(HeaderAssertion),
    /// The status the mock answered with.
    Status(StatusMatch),
    /// The request carries a credential the mock authorization servers issued, anywhere
    /// (target, headers or body).
    Carries(CredentialTest),
    /// The request target (its URL) carries such a credential.
    CarriesInUrl(CredentialTest),
    /// A token request whose `code_verifier` transforms, by the method sent, to the
    /// `code_challenge` of the latest authorization request the same server received
    /// before it (RFC 7636 §4.6).
    PkceVerifierMatches,
    /// The filter does not hold.
    Not(Box<RequestFilter>),
    /// At least one holds.
    Any(Vec<RequestFilter>),
    /// The body, as JSON (a registration request), has a value at `path` that matches.
    Json(JsonAssertion),
    /// The user-id of the request's `Authorization: Basic` credentials: the Base64-decoded
    /// value up to the first `:`, taken as is (not form-decoded), as the official suite
    /// reads it. No Basic credentials: absent.
    BasicUser(TextMatch),
    /// A token request whose form parameter of this name is present and equal to the same
    /// parameter of the latest authorization request the same server received before it
    /// (RFC 8707: one `resource` for the authorization and its token request).
    SameAsAuthorization(String),
}

/// A parameter test.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParamTest {
    pub name: String,
    pub value: TextMatch,
}

/// Which issued credentials a request is searched for.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CredentialTest {
    pub credential: CredentialName,
    /// Only those this authorization server issued (omitted: any).
    #[serde(default)]
    pub issued_by: Option<String>,
}

/// A kind of issued credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CredentialName {
    AccessToken,
    RefreshToken,
    AuthorizationCode,
    ClientSecret,
    /// Any of them.
    Any,
}

/// How the client process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClientExit {
    /// It exited by itself with status 0 within the timeout.
    Completed,
    /// It exited by itself, with any status, within the timeout (not killed by a signal,
    /// not timed out): what a refusal looks like.
    Exited,
    /// It exited by itself with a non-zero status within the timeout.
    Failed,
}

/// See [`Step::OpenSession`].
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenSessionStep {
    /// The token to open it with.
    pub bearer: String,
}

/// See [`Step::Revoke`].
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RevokeStep {
    /// A token with a `mint` source.
    pub token: String,
}

/// See [`Step::Wait`].
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaitStep {
    pub ms: u64,
}
