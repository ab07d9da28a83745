//! The broken variants: each switches off exactly one rule of the conformant client, the
//! way a real client with that bug would, so a client-mode scenario can prove it catches
//! that bug. Selected with `--break NAME` (repeatable) or
//! `MCP_AUTH_REFERENCE_CLIENT_BREAK=NAME[,NAME…]`.
//!
//! Each variant names the C-* row of `spec/requirements.md` it breaks
//! ([`Break::requirement`]); the journal of a mock world shows the breach (see
//! `harness/tests/reference_client.rs`).

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use mcp_auth_proto::RequirementId;
use mcp_auth_proto::requirements::{
    C_ASMETA_03_ORIGIN, C_ASMETA_ENDPOINT_SCHEMES, C_ASMETA_ISSUER_MATCH, C_ASMETA_OIDC,
    C_ASMETA_ORDER_PATH, C_DISC_HOSTILE_DOCS, C_DISC_SSRF, C_ISS_MISMATCH,
    C_ISS_UNADVERTISED_ABSENT, C_PKCE_NO_DOWNGRADE_ON_ERROR, C_PKCE_NO_S256_ADVERTISED,
    C_PKCE_S256, C_PKCE_USED, C_PRM_ALL_FAIL, C_PRM_FALLBACK_ORDER, C_PRM_RESOURCE_MATCH,
    C_PRM_USE_HEADER, C_REDIRECT_REGISTERED, C_REG_AS_BINDING, C_REG_CIMD_PRIVATE_KEY_JWT,
    C_REG_DCR_APPLICATION_TYPE, C_REG_DCR_ERRORS, C_REG_DCR_RESPONSE, C_REG_PREREG, C_REG_PRIORITY,
    C_RES_AUTHZ, C_SCOPE_FROM_CHALLENGE, C_SCOPE_FROM_PRM, C_SCOPE_OFFLINE_ACCESS, C_SCOPE_OMIT,
    C_SCOPE_RETRY_LIMIT, C_SCOPE_STEPUP, C_SCOPE_UNION, C_STATE, C_TOK_EARLY_EXPIRY,
    C_TOK_NO_QUERY, C_TOK_NO_RT_ASSUMPTION, C_TOK_REFRESH_ROTATION, C_TOK_STORAGE,
};

use super::error::UsageError;

/// One deliberately broken rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Break {
    /// C-PKCE-USED: no `code_challenge` in the authorization request, no `code_verifier`
    /// in the token request.
    NoPkce,
    /// C-PKCE-S256: `code_challenge_method=plain` (the challenge is the verifier).
    PlainPkce,
    /// C-PRM-RESOURCE-MATCH: a PRM document is used whatever `resource` it names.
    SkipPrmResourceCheck,
    /// C-ASMETA-ISSUER-MATCH: AS metadata is used whatever `issuer` it names.
    SkipIssuerCheck,
    /// C-PKCE-NO-S256-ADVERTISED (and C-PKCE-METADATA-REQUIRED): proceeds although the
    /// metadata does not list `S256` in `code_challenge_methods_supported`.
    IgnoreMissingS256,
    /// C-STATE: no `state` is sent, and none is checked in the callback.
    NoState,
    /// C-ISS-MISMATCH (and C-ISS-ADVERTISED-MISSING): the `iss` authorization-response
    /// parameter is not checked.
    IgnoreIss,
    /// C-RES-AUTHZ (and C-RES-TOKEN): no `resource` in the authorization and token requests.
    NoResource,
    /// C-TOK-NO-QUERY: the access token also travels as `access_token` in the MCP URL's
    /// query (RFC 6750 §2.3), besides the `Authorization` header.
    TokenInQuery,
    /// C-TOK-STORAGE ("not leaked to unintended parties"): after each token is issued, the
    /// client re-reads the AS metadata with the token in an `Authorization` header, as a
    /// client with one shared authenticated HTTP client would.
    TokenToOtherHost,
    /// C-SCOPE-STEPUP: a 403 `insufficient_scope` ends the run instead of a re-authorization.
    NoStepUp,
    /// C-SCOPE-RETRY-LIMIT: step-up is retried [`UNBOUNDED_STEP_UPS`] times instead of at
    /// most [`super::decide::MAX_STEP_UPS`].
    UnboundedStepUp,
    /// C-PKCE-NO-DOWNGRADE-ON-ERROR: when the authorization server answers an S256
    /// authorization request with an error, the client tries once more with
    /// `code_challenge_method=plain`.
    PlainAfterError,
    /// C-TOK-REFRESH-ROTATION: the first refresh token is kept for every later refresh, even
    /// when a refresh response rotates it.
    ReuseOldRefreshToken,
    /// C-TOK-NO-RT-ASSUMPTION: with no refresh token issued, the client still renews with a
    /// refresh-token grant (an empty `refresh_token`) and gives up when it is refused,
    /// instead of authorizing again.
    AssumeRefreshToken,
    /// C-TOK-EARLY-EXPIRY: a 401 to a request that carried a token ends the run: the client
    /// expects a token to work for its whole `expires_in`.
    NoTokenRenewal,
    /// C-TOK-EARLY-EXPIRY ("no tight loop"): a token refused with 401 is renewed
    /// [`UNBOUNDED_RENEWALS`] times for one request instead of at most
    /// [`super::decide::MAX_REAUTHORIZATIONS`].
    UnboundedReauthorization,
    /// C-PRM-ALL-FAIL: when no usable PRM is found (unreadable, unusable or missing), the
    /// client invents the authorization server: the 2025-03-26 discovery at the MCP
    /// server's origin.
    InventAuthorizationServer,
    /// C-DISC-HOSTILE-DOCS: when the authorization-server metadata cannot be read (not found,
    /// a transport error, too large, not a JSON object) or lacks a usable endpoint, the
    /// client goes on with the default endpoints under the issuer (`/authorize`, `/token`,
    /// `/register`).
    GuessEndpoints,
    /// C-DISC-SSRF: PRM and authorization-server metadata fetches follow redirects (up to
    /// [`FOLLOWED_REDIRECTS`]), wherever they lead.
    FollowMetadataRedirects,
    /// C-ASMETA-ENDPOINT-SCHEMES: metadata endpoints of any URL scheme are accepted
    /// (`javascript:`, `file:`, `data:`, plain `http` on a public host).
    AcceptAnyUrlScheme,
    /// C-REDIRECT-REGISTERED: the authorization request names a redirect URI other than the
    /// one registered ([`super::decide::UNREGISTERED_REDIRECT_URI`]).
    UnregisteredRedirectUri,
    /// C-REG-DCR-ERRORS ("no infinite loop"): a refused registration is retried
    /// [`UNBOUNDED_REGISTRATIONS`] times, unchanged.
    UnboundedRegistrationRetry,
    /// C-REG-DCR-APPLICATION-TYPE: the registration request has no `application_type`.
    NoApplicationType,
    /// C-SCOPE-FROM-CHALLENGE: the first authorization ignores the 401's `scope` (and falls
    /// back to PRM's `scopes_supported`, or nothing).
    IgnoreChallengeScope,
    /// C-SCOPE-FROM-PRM: without a challenged scope the client asks for none, whatever PRM's
    /// `scopes_supported` lists.
    IgnorePrmScopes,
    /// C-SCOPE-OMIT: with no challenged scope and no PRM scopes, the client asks for
    /// [`super::decide::DEFAULT_SCOPE`] instead of leaving `scope` out.
    DefaultScope,
    /// C-SCOPE-UNION: a step-up asks only for the newly challenged scopes, dropping those
    /// asked for before.
    NoScopeUnion,
    /// C-REG-DCR-RESPONSE: holding a client secret, the client always sends it in the token
    /// request body (`client_secret_post`), whatever method it was registered with.
    SecretInForm,
    /// C-REG-PRIORITY: the client ignores `client_id_metadata_document_supported` and
    /// registers dynamically.
    NoCimd,
    /// C-REG-PREREG: credentials from the conformance context are ignored; the client
    /// registers as if it had none.
    IgnorePreRegistration,
    /// C-SCOPE-OFFLINE-ACCESS: `offline_access` is asked for whether or not the
    /// authorization server lists it.
    OfflineAccessAlways,
    /// C-REG-AS-BINDING: when PRM names another authorization server, the client keeps the
    /// client_id the first one gave it instead of registering again.
    ReuseClientAcrossAs,
    /// C-ISS-UNADVERTISED-ABSENT: an authorization response without `iss` is rejected even
    /// when the authorization server does not advertise `iss` support.
    RequireIss,
    /// C-ASMETA-03-ORIGIN: under 2025-03-26 the client discovers through PRM as later
    /// revisions do (and gives up when there is none), instead of reading the metadata at
    /// the MCP server's origin, or using its default endpoints.
    NoLegacyDiscovery,
    /// C-REG-CIMD-PRIVATE-KEY-JWT: `private_key_jwt` assertions are addressed (`aud`) to the
    /// token endpoint instead of the authorization server's issuer.
    AssertionAudTokenEndpoint,
    /// C-PRM-USE-HEADER: with `resource_metadata` in the challenge, the client still asks
    /// the root PRM URL first.
    ProbeRootPrm,
    /// C-ASMETA-OIDC: only the RFC 8414 metadata location is tried, never OpenID Connect
    /// Discovery.
    NoOidcDiscovery,
    /// C-ASMETA-ORDER-PATH: for an issuer with a path, the client first asks
    /// `/.well-known/oauth-authorization-server` with the path dropped (the 2025-03-26
    /// habit).
    DropIssuerPath,
    /// C-PRM-FALLBACK-ORDER: without `resource_metadata` in the challenge the client gives
    /// up instead of trying the well-known PRM URLs.
    NoPrmFallback,
}

/// Renewals the `unbounded-reauthorization` variant makes for one request before it stops
/// (a finite stand-in for a loop, like [`UNBOUNDED_STEP_UPS`]).
pub const UNBOUNDED_RENEWALS: u32 = 12;

/// Registration attempts the `unbounded-registration-retry` variant makes.
pub const UNBOUNDED_REGISTRATIONS: u32 = 12;

/// Redirects the `follow-metadata-redirects` variant follows (reqwest's usual limit).
pub const FOLLOWED_REDIRECTS: usize = 10;

/// Step-ups the `unbounded-step-up` variant makes before it stops. A real bug loops for
/// ever; a finite stand-in keeps test runs finite while standing far beyond any sane limit.
pub const UNBOUNDED_STEP_UPS: u32 = 12;

impl Break {
    /// Every variant, in declaration order.
    pub const ALL: [Break; 40] = [
        Break::NoPkce,
        Break::PlainPkce,
        Break::SkipPrmResourceCheck,
        Break::SkipIssuerCheck,
        Break::IgnoreMissingS256,
        Break::NoState,
        Break::IgnoreIss,
        Break::NoResource,
        Break::TokenInQuery,
        Break::TokenToOtherHost,
        Break::NoStepUp,
        Break::UnboundedStepUp,
        Break::PlainAfterError,
        Break::ReuseOldRefreshToken,
        Break::AssumeRefreshToken,
        Break::NoTokenRenewal,
        Break::UnboundedReauthorization,
        Break::InventAuthorizationServer,
        Break::GuessEndpoints,
        Break::FollowMetadataRedirects,
        Break::AcceptAnyUrlScheme,
        Break::UnregisteredRedirectUri,
        Break::UnboundedRegistrationRetry,
        Break::NoApplicationType,
        Break::IgnoreChallengeScope,
        Break::IgnorePrmScopes,
        Break::DefaultScope,
        Break::NoScopeUnion,
        Break::SecretInForm,
        Break::NoCimd,
        Break::IgnorePreRegistration,
        Break::OfflineAccessAlways,
        Break::ReuseClientAcrossAs,
        Break::RequireIss,
        Break::NoLegacyDiscovery,
        Break::AssertionAudTokenEndpoint,
        Break::ProbeRootPrm,
        Break::NoOidcDiscovery,
        Break::DropIssuerPath,
        Break::NoPrmFallback,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Break::NoPkce => "no-pkce",
            Break::PlainPkce => "plain-pkce",
            Break::SkipPrmResourceCheck => "skip-prm-resource-check",
            Break::SkipIssuerCheck => "skip-issuer-check",
            Break::IgnoreMissingS256 => "ignore-missing-s256",
            Break::NoState => "no-state",
            Break::IgnoreIss => "ignore-iss",
            Break::NoResource => "no-resource",
            Break::TokenInQuery => "token-in-query",
            Break::TokenToOtherHost => "token-to-other-host",
            Break::NoStepUp => "no-step-up",
            Break::UnboundedStepUp => "unbounded-step-up",
            Break::PlainAfterError => "plain-after-error",
            Break::ReuseOldRefreshToken => "reuse-old-refresh-token",
            Break::AssumeRefreshToken => "assume-refresh-token",
            Break::NoTokenRenewal => "no-token-renewal",
            Break::UnboundedReauthorization => "unbounded-reauthorization",
            Break::InventAuthorizationServer => "invent-authorization-server",
            Break::GuessEndpoints => "guess-endpoints",
            Break::FollowMetadataRedirects => "follow-metadata-redirects",
            Break::AcceptAnyUrlScheme => "accept-any-url-scheme",
            Break::UnregisteredRedirectUri => "unregistered-redirect-uri",
            Break::UnboundedRegistrationRetry => "unbounded-registration-retry",
            Break::NoApplicationType => "no-application-type",
            Break::IgnoreChallengeScope => "ignore-challenge-scope",
            Break::IgnorePrmScopes => "ignore-prm-scopes",
            Break::DefaultScope => "default-scope",
            Break::NoScopeUnion => "no-scope-union",
            Break::SecretInForm => "secret-in-form",
            Break::NoCimd => "no-cimd",
            Break::IgnorePreRegistration => "ignore-pre-registration",
            Break::OfflineAccessAlways => "offline-access-always",
            Break::ReuseClientAcrossAs => "reuse-client-across-as",
            Break::RequireIss => "require-iss",
            Break::NoLegacyDiscovery => "no-legacy-discovery",
            Break::AssertionAudTokenEndpoint => "assertion-aud-token-endpoint",
            Break::ProbeRootPrm => "probe-root-prm",
            Break::NoOidcDiscovery => "no-oidc-discovery",
            Break::DropIssuerPath => "drop-issuer-path",
            Break::NoPrmFallback => "no-prm-fallback",
        }
    }

    /// The catalogue row this variant breaks.
    pub fn requirement(self) -> RequirementId {
        match self {
            Break::NoPkce => C_PKCE_USED,
            Break::PlainPkce => C_PKCE_S256,
            Break::SkipPrmResourceCheck => C_PRM_RESOURCE_MATCH,
            Break::SkipIssuerCheck => C_ASMETA_ISSUER_MATCH,
            Break::IgnoreMissingS256 => C_PKCE_NO_S256_ADVERTISED,
            Break::NoState => C_STATE,
            Break::IgnoreIss => C_ISS_MISMATCH,
            Break::NoResource => C_RES_AUTHZ,
            Break::TokenInQuery => C_TOK_NO_QUERY,
            Break::TokenToOtherHost => C_TOK_STORAGE,
            Break::NoStepUp => C_SCOPE_STEPUP,
            Break::UnboundedStepUp => C_SCOPE_RETRY_LIMIT,
            Break::PlainAfterError => C_PKCE_NO_DOWNGRADE_ON_ERROR,
            Break::ReuseOldRefreshToken => C_TOK_REFRESH_ROTATION,
            Break::AssumeRefreshToken => C_TOK_NO_RT_ASSUMPTION,
            Break::NoTokenRenewal | Break::UnboundedReauthorization => C_TOK_EARLY_EXPIRY,
            Break::InventAuthorizationServer => C_PRM_ALL_FAIL,
            Break::GuessEndpoints => C_DISC_HOSTILE_DOCS,
            Break::FollowMetadataRedirects => C_DISC_SSRF,
            Break::AcceptAnyUrlScheme => C_ASMETA_ENDPOINT_SCHEMES,
            Break::UnregisteredRedirectUri => C_REDIRECT_REGISTERED,
            Break::UnboundedRegistrationRetry => C_REG_DCR_ERRORS,
            Break::NoApplicationType => C_REG_DCR_APPLICATION_TYPE,
            Break::IgnoreChallengeScope => C_SCOPE_FROM_CHALLENGE,
            Break::IgnorePrmScopes => C_SCOPE_FROM_PRM,
            Break::DefaultScope => C_SCOPE_OMIT,
            Break::NoScopeUnion => C_SCOPE_UNION,
            Break::SecretInForm => C_REG_DCR_RESPONSE,
            Break::NoCimd => C_REG_PRIORITY,
            Break::IgnorePreRegistration => C_REG_PREREG,
            Break::OfflineAccessAlways => C_SCOPE_OFFLINE_ACCESS,
            Break::ReuseClientAcrossAs => C_REG_AS_BINDING,
            Break::RequireIss => C_ISS_UNADVERTISED_ABSENT,
            Break::NoLegacyDiscovery => C_ASMETA_03_ORIGIN,
            Break::AssertionAudTokenEndpoint => C_REG_CIMD_PRIVATE_KEY_JWT,
            Break::ProbeRootPrm => C_PRM_USE_HEADER,
            Break::NoOidcDiscovery => C_ASMETA_OIDC,
            Break::DropIssuerPath => C_ASMETA_ORDER_PATH,
            Break::NoPrmFallback => C_PRM_FALLBACK_ORDER,
        }
    }
}

impl fmt::Display for Break {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Break {
    type Err = UsageError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Break::ALL.into_iter().find(|b| b.name() == s).ok_or_else(|| UsageError::UnknownBreak {
            name: s.to_owned(),
            known: Break::ALL.map(Break::name).join(", "),
        })
    }
}

/// The variants switched on (empty: the conformant client).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Breaks(BTreeSet<Break>);

impl Breaks {
    /// Parses names; empty items (from `a,,b` or an empty variable) are ignored.
    pub fn parse<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Breaks, UsageError> {
        let mut set = BTreeSet::new();
        for name in names.into_iter().flat_map(|n| n.split(',')).map(str::trim) {
            if !name.is_empty() {
                set.insert(name.parse()?);
            }
        }
        Ok(Breaks(set))
    }

    pub fn has(&self, b: Break) -> bool {
        self.0.contains(&b)
    }

    pub fn iter(&self) -> impl Iterator<Item = Break> + '_ {
        self.0.iter().copied()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// These variants and `b` (how `plain-after-error` builds its retry).
    pub fn with(&self, b: Break) -> Breaks {
        let mut set = self.0.clone();
        set.insert(b);
        Breaks(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_each_names_a_client_row() {
        for b in Break::ALL {
            assert_eq!(b.name().parse::<Break>(), Ok(b));
            assert!(b.requirement().as_str().starts_with("C-"), "{b}");
        }
    }

    #[test]
    fn lists_parse_and_unknown_names_are_refused() {
        let breaks = Breaks::parse(["no-pkce, no-state", ""]).unwrap();
        assert!(breaks.has(Break::NoPkce) && breaks.has(Break::NoState));
        assert!(!breaks.has(Break::IgnoreIss));
        let err = Breaks::parse(["no-such"]).unwrap_err();
        assert!(err.to_string().contains("no-pkce"), "{err}");
    }
}
