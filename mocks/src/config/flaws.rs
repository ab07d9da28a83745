//! [`RsFlaw`]: deliberate defects of the mock MCP server, one requirement each.
//!
//! Server mode is proven on the mock itself: against the conformant server every server
//! scenario passes, and against a server with one flaw exactly the scenario for that flaw's
//! requirement fails. So each flaw breaks one rule, the way a real server with that bug
//! would, and leaves everything else conformant. The code that honours a flaw sits where the
//! rule is enforced (token checks in the JWT and introspection verifiers, credential
//! handling in `resource_server/auth.rs`, challenges in `resource_server/challenge.rs`,
//! scopes in `resource_server/tools.rs`, sessions in `resource_server/mcp.rs`), not in
//! one switch.
//!
//! Written in YAML as `resource_server: { flaws: [accept_expired, garbage_500] }`; an
//! unknown name is an error.

use mcp_auth_proto::RequirementId;
use mcp_auth_proto::requirements::{
    RS_401_NO_ERROR_WITHOUT_TOKEN, RS_401_NOAUTH, RS_401_RESOURCE_METADATA, RS_401_SCOPE_HINT,
    RS_401_WWWAUTH, RS_403_INSUFFICIENT_SCOPE, RS_403_RESOURCE_METADATA, RS_403_SCOPE_PARAM,
    RS_403_SINGLE_CHALLENGE, RS_AUTH_EVERY_REQUEST, RS_BEARER_CASE, RS_BEARER_SYNTAX,
    RS_ORIGIN_VALIDATION, RS_OTHER_SCHEME, RS_PRM_HTTP, RS_SCOPE_HIERARCHY, RS_SESSION_ID_ENTROPY,
    RS_SESSION_USER_BINDING, RS_TOKEN_AUDIENCE, RS_TOKEN_EXP_REQUIRED, RS_TOKEN_EXPIRED,
    RS_TOKEN_GARBAGE, RS_TOKEN_INACTIVE, RS_TOKEN_ISSUER, RS_TOKEN_JSON_BODY_IGNORED,
    RS_TOKEN_MULTI_METHOD, RS_TOKEN_NOT_YET_VALID, RS_TOKEN_QUERY_IGNORED, RS_TOKEN_SIGNATURE,
    RS_TOKEN_TYPE, RS_WWWAUTH_HOST_INJECTION, RS_WWWAUTH_SYNTAX,
};
use serde::{Deserialize, Serialize};

/// One deliberate defect of the mock MCP server. Each names, in its documentation, the
/// requirement (`spec/requirements.md`) it breaks; [`RsFlaw::requirement`] returns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RsFlaw {
    // Token validation (JWT verifier; introspection where the answer says the same thing).
    /// RS-TOKEN-EXPIRED: `exp` in the past is ignored.
    AcceptExpired,
    /// RS-TOKEN-NOT-YET-VALID: `nbf` in the future is ignored.
    AcceptNotYetValid,
    /// RS-TOKEN-EXP-REQUIRED: a token without `exp` is accepted (one whose `exp` has passed
    /// is still refused).
    AcceptMissingExp,
    /// RS-TOKEN-AUDIENCE: `aud` is not checked.
    IgnoreAudience,
    /// RS-TOKEN-ISSUER: the `iss` claim is not compared; the key is looked up by `kid`
    /// among every trusted issuer's keys, so a token signed with a trusted key passes
    /// whatever its `iss` (a trailing slash, another host). Keys of untrusted issuers are
    /// still refused.
    IgnoreIssuerClaim,
    /// RS-TOKEN-SIGNATURE: `alg: none` tokens are accepted without a signature; their claims
    /// are still validated (so an unsigned token with valid claims passes).
    AcceptAlgNone,
    /// RS-TOKEN-TYPE: `typ` and the other RFC 9068 profile rules are not checked, and `aud`
    /// may name the token's own client (`client_id` or `azp`): an OpenID Connect ID token
    /// from the trusted issuer is accepted as an access token.
    AcceptIdToken,
    /// RS-TOKEN-GARBAGE: a bearer value that is not shaped like a JWS (three dot-separated
    /// base64url parts) gets 500 instead of 401; well-formed but invalid JWTs are still 401.
    #[serde(rename = "garbage_500")]
    Garbage500,
    /// RS-TOKEN-INACTIVE: in introspection mode, a token the authorization server reports
    /// inactive is then validated locally as a JWT (signature and claims, but no
    /// revocation list): fail-open, so a revoked token is accepted. Forged, expired and
    /// foreign tokens are still refused. No effect on JWT validation.
    FailOpenIntrospection,

    // Credentials transport.
    /// RS-TOKEN-QUERY-IGNORED: without an `Authorization` header, `?access_token=` is used.
    HonourQueryToken,
    /// RS-TOKEN-JSON-BODY-IGNORED: without an `Authorization` header, a token in the
    /// JSON-RPC body at `params.access_token` or `params._meta.access_token` is used.
    HonourBodyToken,
    /// RS-TOKEN-MULTI-METHOD: of two `Authorization` headers the last is used (instead of
    /// 400 `invalid_request`).
    MultipleAuthorizationUsesLast,
    /// RS-BEARER-CASE: only the exact scheme `Bearer` is accepted; `bearer`, `BEARER` get
    /// 401 `invalid_token`.
    CaseSensitiveBearer,
    /// RS-BEARER-SYNTAX: malformed Bearer credentials (`Bearer` alone, two tokens, a tab, a
    /// quoted token...) get 500 instead of 400.
    #[serde(rename = "malformed_credentials_500")]
    MalformedCredentials500,
    /// RS-OTHER-SCHEME: credentials of another scheme (`Basic`, `Token`...) get 400
    /// `invalid_request` instead of 401 with a plain challenge.
    #[serde(rename = "other_scheme_400")]
    OtherScheme400,

    // Challenges.
    /// RS-401-NOAUTH: a request without credentials gets 403 (with the usual challenge).
    #[serde(rename = "anonymous_403")]
    Anonymous403,
    /// RS-401-WWWAUTH: 401 responses carry no `WWW-Authenticate`.
    NoWwwAuthenticate,
    /// RS-401-RESOURCE-METADATA: the 401 (and 400) challenges leave out
    /// `resource_metadata`; PRM stays at its well-known URLs, and the 403 challenge keeps it
    /// (that is [`RsFlaw::Omit403ResourceMetadata`]).
    OmitResourceMetadata,
    /// RS-401-NO-ERROR-WITHOUT-TOKEN: the anonymous 401 challenge carries
    /// `error="invalid_token"`.
    ErrorOnAnonymous,
    /// RS-401-SCOPE-HINT: the 401 `scope` hint carries its scopes inside literal double
    /// quotes (`scope="\"mcp:tools\""`, as if JSON-encoded twice); `"` is outside the
    /// scope-token charset, so RS-WWWAUTH-SYNTAX's charset rule is broken with it.
    QuotedScopeHint,
    /// RS-WWWAUTH-SYNTAX: every Bearer challenge repeats its last parameter
    /// (`resource_metadata` when it carries one) with the same value; a strict RFC 9110
    /// parser refuses it, a lenient one keeps the first.
    DuplicateChallengeParam,
    /// RS-WWWAUTH-HOST-INJECTION: the challenges' `resource_metadata` is built from the
    /// request's `X-Forwarded-Host` (else `Host`) instead of the resource identifier. PRM's
    /// `resource` is unaffected.
    ReflectForwardedHost,
    /// RS-403-INSUFFICIENT-SCOPE: a valid token lacking a tool's scope gets 401
    /// `invalid_token` instead of 403.
    #[serde(rename = "insufficient_scope_as_401")]
    InsufficientScopeAs401,
    /// RS-403-INSUFFICIENT-SCOPE: the tool runs without its scope (2xx).
    ScopeNotEnforced,
    /// RS-403-SCOPE-PARAM: the 403 challenge has no `scope`.
    #[serde(rename = "omit_403_scope")]
    Omit403Scope,
    /// RS-403-RESOURCE-METADATA: the 403 challenge has no `resource_metadata`.
    #[serde(rename = "omit_403_resource_metadata")]
    Omit403ResourceMetadata,
    /// RS-403-SINGLE-CHALLENGE: the 403 names only the first scope the token lacks, so a
    /// client needs one round per missing scope.
    #[serde(rename = "incremental_403")]
    Incremental403,
    /// RS-SCOPE-HIERARCHY: `scope_implies` is ignored.
    IgnoreScopeHierarchy,

    // Sessions and transport.
    /// RS-AUTH-EVERY-REQUEST: a request without `Authorization` but with a known
    /// `Mcp-Session-Id` is served as that session's user.
    SessionSubstitutesToken,
    /// RS-SESSION-USER-BINDING: any valid token may use any session, whoever opened it.
    SessionNotBoundToUser,
    /// RS-SESSION-ID-ENTROPY: session ids are `session-1`, `session-2`, ...
    SequentialSessionIds,
    /// RS-ORIGIN-VALIDATION: a foreign `Origin` is not refused.
    NoOriginCheck,

    // Protected Resource Metadata (most PRM defects are `prm` edits, `prm_locations` or
    // `malformed` entries instead).
    /// RS-PRM-HTTP: PRM answers 401 (with the usual challenge) unless a valid token is sent.
    PrmRequiresToken,
}

impl RsFlaw {
    /// Every flaw, in declaration order.
    pub const ALL: [RsFlaw; 33] = [
        RsFlaw::AcceptExpired,
        RsFlaw::AcceptNotYetValid,
        RsFlaw::AcceptMissingExp,
        RsFlaw::IgnoreAudience,
        RsFlaw::IgnoreIssuerClaim,
        RsFlaw::AcceptAlgNone,
        RsFlaw::AcceptIdToken,
        RsFlaw::Garbage500,
        RsFlaw::FailOpenIntrospection,
        RsFlaw::HonourQueryToken,
        RsFlaw::HonourBodyToken,
        RsFlaw::MultipleAuthorizationUsesLast,
        RsFlaw::CaseSensitiveBearer,
        RsFlaw::MalformedCredentials500,
        RsFlaw::OtherScheme400,
        RsFlaw::Anonymous403,
        RsFlaw::NoWwwAuthenticate,
        RsFlaw::OmitResourceMetadata,
        RsFlaw::ErrorOnAnonymous,
        RsFlaw::QuotedScopeHint,
        RsFlaw::DuplicateChallengeParam,
        RsFlaw::ReflectForwardedHost,
        RsFlaw::InsufficientScopeAs401,
        RsFlaw::ScopeNotEnforced,
        RsFlaw::Omit403Scope,
        RsFlaw::Omit403ResourceMetadata,
        RsFlaw::Incremental403,
        RsFlaw::IgnoreScopeHierarchy,
        RsFlaw::SessionSubstitutesToken,
        RsFlaw::SessionNotBoundToUser,
        RsFlaw::SequentialSessionIds,
        RsFlaw::NoOriginCheck,
        RsFlaw::PrmRequiresToken,
    ];

    /// Requirements the catalogue defines so that they overlap this flaw's own: breaking
    /// it necessarily breaks these too (RS-WWWAUTH-SYNTAX includes the scope charset).
    pub const fn also_breaks(self) -> &'static [RequirementId] {
        match self {
            RsFlaw::QuotedScopeHint => &[RS_WWWAUTH_SYNTAX],
            _ => &[],
        }
    }

    /// The requirement this flaw breaks.
    pub const fn requirement(self) -> RequirementId {
        match self {
            RsFlaw::AcceptExpired => RS_TOKEN_EXPIRED,
            RsFlaw::AcceptNotYetValid => RS_TOKEN_NOT_YET_VALID,
            RsFlaw::AcceptMissingExp => RS_TOKEN_EXP_REQUIRED,
            RsFlaw::IgnoreAudience => RS_TOKEN_AUDIENCE,
            RsFlaw::IgnoreIssuerClaim => RS_TOKEN_ISSUER,
            RsFlaw::AcceptAlgNone => RS_TOKEN_SIGNATURE,
            RsFlaw::AcceptIdToken => RS_TOKEN_TYPE,
            RsFlaw::Garbage500 => RS_TOKEN_GARBAGE,
            RsFlaw::FailOpenIntrospection => RS_TOKEN_INACTIVE,
            RsFlaw::HonourQueryToken => RS_TOKEN_QUERY_IGNORED,
            RsFlaw::HonourBodyToken => RS_TOKEN_JSON_BODY_IGNORED,
            RsFlaw::MultipleAuthorizationUsesLast => RS_TOKEN_MULTI_METHOD,
            RsFlaw::CaseSensitiveBearer => RS_BEARER_CASE,
            RsFlaw::MalformedCredentials500 => RS_BEARER_SYNTAX,
            RsFlaw::OtherScheme400 => RS_OTHER_SCHEME,
            RsFlaw::Anonymous403 => RS_401_NOAUTH,
            RsFlaw::NoWwwAuthenticate => RS_401_WWWAUTH,
            RsFlaw::OmitResourceMetadata => RS_401_RESOURCE_METADATA,
            RsFlaw::ErrorOnAnonymous => RS_401_NO_ERROR_WITHOUT_TOKEN,
            RsFlaw::QuotedScopeHint => RS_401_SCOPE_HINT,
            RsFlaw::DuplicateChallengeParam => RS_WWWAUTH_SYNTAX,
            RsFlaw::ReflectForwardedHost => RS_WWWAUTH_HOST_INJECTION,
            RsFlaw::InsufficientScopeAs401 | RsFlaw::ScopeNotEnforced => RS_403_INSUFFICIENT_SCOPE,
            RsFlaw::Omit403Scope => RS_403_SCOPE_PARAM,
            RsFlaw::Omit403ResourceMetadata => RS_403_RESOURCE_METADATA,
            RsFlaw::Incremental403 => RS_403_SINGLE_CHALLENGE,
            RsFlaw::IgnoreScopeHierarchy => RS_SCOPE_HIERARCHY,
            RsFlaw::SessionSubstitutesToken => RS_AUTH_EVERY_REQUEST,
            RsFlaw::SessionNotBoundToUser => RS_SESSION_USER_BINDING,
            RsFlaw::SequentialSessionIds => RS_SESSION_ID_ENTROPY,
            RsFlaw::NoOriginCheck => RS_ORIGIN_VALIDATION,
            RsFlaw::PrmRequiresToken => RS_PRM_HTTP,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The YAML names, as scenario files and the task statement spell them.
    const NAMES: [&str; 33] = [
        "accept_expired",
        "accept_not_yet_valid",
        "accept_missing_exp",
        "ignore_audience",
        "ignore_issuer_claim",
        "accept_alg_none",
        "accept_id_token",
        "garbage_500",
        "fail_open_introspection",
        "honour_query_token",
        "honour_body_token",
        "multiple_authorization_uses_last",
        "case_sensitive_bearer",
        "malformed_credentials_500",
        "other_scheme_400",
        "anonymous_403",
        "no_www_authenticate",
        "omit_resource_metadata",
        "error_on_anonymous",
        "quoted_scope_hint",
        "duplicate_challenge_param",
        "reflect_forwarded_host",
        "insufficient_scope_as_401",
        "scope_not_enforced",
        "omit_403_scope",
        "omit_403_resource_metadata",
        "incremental_403",
        "ignore_scope_hierarchy",
        "session_substitutes_token",
        "session_not_bound_to_user",
        "sequential_session_ids",
        "no_origin_check",
        "prm_requires_token",
    ];

    #[test]
    fn names_round_trip_and_all_is_complete() {
        let names = serde_json::to_value(RsFlaw::ALL.as_slice()).unwrap();
        assert_eq!(names, serde_json::json!(NAMES.as_slice()));
        let back: Vec<RsFlaw> = serde_json::from_value(names).unwrap();
        assert_eq!(back, RsFlaw::ALL);
        let distinct: BTreeSet<RsFlaw> = RsFlaw::ALL.into_iter().collect();
        assert_eq!(distinct.len(), RsFlaw::ALL.len());
        assert!(serde_json::from_str::<RsFlaw>("\"accept_everything\"").is_err());
    }

    /// Every flaw breaks a resource-server row of the catalogue, and only
    /// RS-403-INSUFFICIENT-SCOPE has two flaws (a wrong status, and no check at all).
    #[test]
    fn each_flaw_names_one_resource_server_requirement() {
        let mut seen = BTreeSet::new();
        for flaw in RsFlaw::ALL {
            let id = flaw.requirement();
            assert!(id.as_str().starts_with("RS-"), "{flaw:?}: {id}");
            assert!(
                mcp_auth_proto::requirements::CATALOGUE.iter().any(|row| row.id == id),
                "{flaw:?}: {id} is not in the catalogue"
            );
            if !seen.insert(id) {
                assert_eq!(id, RS_403_INSUFFICIENT_SCOPE, "{flaw:?}");
            }
        }
    }
}
