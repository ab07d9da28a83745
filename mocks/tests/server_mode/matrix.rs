//! Server mode's promise, in miniature: against the conformant mock every probe passes, and
//! against the mock with one flaw exactly the probe for that flaw's requirement fails. One
//! test per flaw, named after it.
//!
//! The worlds use a switchboard where the rules have something to bite on: the `write` tool
//! needs two scopes (so a step-up loop can take one round or two), and `mcp:super` implies
//! both (a scope hierarchy). `fail_open_introspection` is about introspection, so its world, and
//! a second conformant baseline, validate tokens by introspection.

use std::collections::BTreeMap;

use mcp_auth_mocks::config::{MockConfig, RsFlaw, TokenValidation};
use mcp_auth_proto::RequirementId;

use super::Target;
use super::probes::{RULES, probe};

fn config(flaw: Option<RsFlaw>, validation: TokenValidation) -> MockConfig {
    let mut config = MockConfig::default();
    let rs = &mut config.resource_server;
    rs.scopes_supported =
        ["mcp:tools", "mcp:write", "mcp:admin", "mcp:super"].map(String::from).into();
    rs.tool_scopes = BTreeMap::from([(
        "write".to_owned(),
        vec!["mcp:write".to_owned(), "mcp:admin".to_owned()],
    )]);
    rs.scope_implies = BTreeMap::from([(
        "mcp:super".to_owned(),
        vec!["mcp:write".to_owned(), "mcp:admin".to_owned()],
    )]);
    rs.token_validation = validation;
    rs.flaws.extend(flaw);
    config
}

/// Every probe's outcome against a world with `flaw` (or none).
async fn failures(
    flaw: Option<RsFlaw>,
    validation: TokenValidation,
) -> BTreeMap<RequirementId, String> {
    let target = Target::start(config(flaw, validation)).await;
    let mut failed = BTreeMap::new();
    for rule in RULES {
        if let Err(why) = probe(&target, rule).await {
            failed.insert(rule, why);
        }
    }
    target.shutdown().await;
    failed
}

#[tokio::test]
async fn the_conformant_server_passes_every_probe() {
    assert_eq!(failures(None, TokenValidation::Jwt).await, BTreeMap::new());
}

#[tokio::test]
async fn the_conformant_introspecting_server_passes_every_probe() {
    assert_eq!(failures(None, TokenValidation::Introspection).await, BTreeMap::new());
}

/// Runs the probes against the world with `flaw` and asserts that exactly its rule failed.
async fn breaks_exactly_its_rule(flaw: RsFlaw) {
    let validation = if flaw == RsFlaw::FailOpenIntrospection {
        TokenValidation::Introspection
    } else {
        TokenValidation::Jwt
    };
    let failed = failures(Some(flaw), validation).await;
    let rules: Vec<RequirementId> = failed.keys().copied().collect();
    let mut expected = vec![flaw.requirement()];
    expected.extend_from_slice(flaw.also_breaks());
    expected.sort();
    assert_eq!(rules, expected, "{flaw:?} should break only {}: {failed:#?}", flaw.requirement());
}

macro_rules! one_test_per_flaw {
    ($($name:ident => $flaw:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $name() {
                breaks_exactly_its_rule(RsFlaw::$flaw).await;
            }
        )*

        /// The flaws the tests above cover, to compare with [`RsFlaw::ALL`].
        const COVERED: &[RsFlaw] = &[$(RsFlaw::$flaw),*];
    };
}

one_test_per_flaw! {
    accept_expired => AcceptExpired,
    accept_not_yet_valid => AcceptNotYetValid,
    accept_missing_exp => AcceptMissingExp,
    ignore_audience => IgnoreAudience,
    ignore_issuer_claim => IgnoreIssuerClaim,
    accept_alg_none => AcceptAlgNone,
    accept_id_token => AcceptIdToken,
    garbage_500 => Garbage500,
    fail_open_introspection => FailOpenIntrospection,
    honour_query_token => HonourQueryToken,
    honour_body_token => HonourBodyToken,
    multiple_authorization_uses_last => MultipleAuthorizationUsesLast,
    case_sensitive_bearer => CaseSensitiveBearer,
    malformed_credentials_500 => MalformedCredentials500,
    other_scheme_400 => OtherScheme400,
    anonymous_403 => Anonymous403,
    no_www_authenticate => NoWwwAuthenticate,
    omit_resource_metadata => OmitResourceMetadata,
    error_on_anonymous => ErrorOnAnonymous,
    quoted_scope_hint => QuotedScopeHint,
    duplicate_challenge_param => DuplicateChallengeParam,
    reflect_forwarded_host => ReflectForwardedHost,
    insufficient_scope_as_401 => InsufficientScopeAs401,
    scope_not_enforced => ScopeNotEnforced,
    omit_403_scope => Omit403Scope,
    omit_403_resource_metadata => Omit403ResourceMetadata,
    incremental_403 => Incremental403,
    ignore_scope_hierarchy => IgnoreScopeHierarchy,
    session_substitutes_token => SessionSubstitutesToken,
    session_not_bound_to_user => SessionNotBoundToUser,
    sequential_session_ids => SequentialSessionIds,
    no_origin_check => NoOriginCheck,
    prm_requires_token => PrmRequiresToken,
}

#[test]
fn every_flaw_has_its_matrix_test_and_every_broken_rule_a_probe() {
    assert_eq!(COVERED, RsFlaw::ALL);
    for flaw in RsFlaw::ALL {
        assert!(RULES.contains(&flaw.requirement()), "no probe for {flaw:?}");
    }
}
