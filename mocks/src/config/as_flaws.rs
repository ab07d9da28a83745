//! [`AsFlaw`]: deliberate defects of the mock authorization server, one requirement each.
//!
//! `authz` mode is proven on the mock the way server mode is: against the conformant
//! authorization server every authorization-server scenario passes, and with one flaw
//! exactly the scenario of that flaw's requirement fails. Defects [`AsConfig`] already
//! expresses are not repeated here (`metadata` edits, `pkce_methods`,
//! `registration_status`, `iss_parameter`, `tokens.rotate_refresh_tokens`,
//! `tokens.cacheable`). The code that honours a flaw sits where the rule is enforced
//! (`auth_server/authorize.rs`, `token.rs`, `registration.rs`, `respond.rs`).
//!
//! Written in YAML as `authorization_server: { flaws: [code_reusable] }`; an unknown name
//! is an error.
//!
//! [`AsConfig`]: super::AsConfig

use mcp_auth_proto::RequirementId;
use mcp_auth_proto::requirements::{
    AS_CODE_BINDING, AS_CODE_SINGLE_USE, AS_DCR_ERRORS, AS_DCR_REDIRECT_SCHEME, AS_NO_IMPLICIT,
    AS_PKCE_REQUIRED, AS_PKCE_S256, AS_PKCE_VERIFY, AS_REDIRECT_EXACT, AS_REDIRECT_NO_AUTO,
    AS_RESOURCE_AUDIENCE, AS_RT_ROTATION, AS_RT_SCOPE, AS_TOKEN_ERRORS,
};
use serde::{Deserialize, Serialize};

/// One deliberate defect of the mock authorization server. Each names, in its
/// documentation, the requirement it breaks; [`AsFlaw::requirement`] returns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AsFlaw {
    /// AS-PKCE-REQUIRED: an authorization request without `code_challenge` is approved
    /// (the metadata still advertises S256, so only the enforcement is missing).
    AcceptMissingPkce,
    /// AS-PKCE-S256: any `code_challenge_method` is accepted (`plain`, and unknown ones,
    /// which are then treated as `plain`).
    AcceptAnyPkceMethod,
    /// AS-PKCE-VERIFY: the token endpoint does not check `code_verifier` at all.
    VerifierUnchecked,
    /// AS-REDIRECT-EXACT: a redirect URI is accepted when a registered one is a prefix of
    /// it (`…/callback/../evil`, `…/callback?x=1`).
    RedirectUriPrefixMatch,
    /// AS-REDIRECT-NO-AUTO: for an unknown `client_id`, the error is redirected to whatever
    /// `redirect_uri` the request names.
    RedirectOnUnknownClient,
    /// AS-NO-IMPLICIT: `response_type=token` is answered with a redirect whose fragment
    /// carries `access_token` (a random value: the point is where it travels).
    ImplicitAllowed,
    /// AS-CODE-SINGLE-USE: a redeemed code stays valid.
    CodeReusable,
    /// AS-CODE-BINDING: the token endpoint does not check which client or redirect URI a
    /// code was issued for.
    CodeBindingUnchecked,
    /// AS-RESOURCE-AUDIENCE: `resource` is ignored; tokens are issued for the issuer's own
    /// identifier as audience.
    IgnoreResource,
    /// AS-RT-ROTATION: refresh tokens rotate, but a used one is still honoured (no reuse
    /// detection, no family revocation).
    RefreshReuseUndetected,
    /// AS-RT-SCOPE: a refresh may ask for supported scopes that were never granted.
    RefreshWidensScope,
    /// AS-DCR-REDIRECT-SCHEME: registration accepts plain-http redirect URIs on any host
    /// (other invalid redirect URIs are still refused).
    DcrAcceptsCleartextRedirect,
    /// AS-DCR-ERRORS: registration errors carry `error: invalid_request`, which is not an
    /// RFC 7591 §3.2.2 code (status and JSON form unchanged).
    DcrErrorsNotRfc7591,
    /// AS-TOKEN-ERRORS: token endpoint errors are `text/plain` bodies instead of JSON
    /// (the status stays 400).
    TokenErrorsNotJson,
}

impl AsFlaw {
    /// Every flaw, in declaration order.
    pub const ALL: [AsFlaw; 14] = [
        AsFlaw::AcceptMissingPkce,
        AsFlaw::AcceptAnyPkceMethod,
        AsFlaw::VerifierUnchecked,
        AsFlaw::RedirectUriPrefixMatch,
        AsFlaw::RedirectOnUnknownClient,
        AsFlaw::ImplicitAllowed,
        AsFlaw::CodeReusable,
        AsFlaw::CodeBindingUnchecked,
        AsFlaw::IgnoreResource,
        AsFlaw::RefreshReuseUndetected,
        AsFlaw::RefreshWidensScope,
        AsFlaw::DcrAcceptsCleartextRedirect,
        AsFlaw::DcrErrorsNotRfc7591,
        AsFlaw::TokenErrorsNotJson,
    ];

    /// The requirement this flaw breaks.
    pub const fn requirement(self) -> RequirementId {
        match self {
            AsFlaw::AcceptMissingPkce => AS_PKCE_REQUIRED,
            AsFlaw::AcceptAnyPkceMethod => AS_PKCE_S256,
            AsFlaw::VerifierUnchecked => AS_PKCE_VERIFY,
            AsFlaw::RedirectUriPrefixMatch => AS_REDIRECT_EXACT,
            AsFlaw::RedirectOnUnknownClient => AS_REDIRECT_NO_AUTO,
            AsFlaw::ImplicitAllowed => AS_NO_IMPLICIT,
            AsFlaw::CodeReusable => AS_CODE_SINGLE_USE,
            AsFlaw::CodeBindingUnchecked => AS_CODE_BINDING,
            AsFlaw::IgnoreResource => AS_RESOURCE_AUDIENCE,
            AsFlaw::RefreshReuseUndetected => AS_RT_ROTATION,
            AsFlaw::RefreshWidensScope => AS_RT_SCOPE,
            AsFlaw::DcrAcceptsCleartextRedirect => AS_DCR_REDIRECT_SCHEME,
            AsFlaw::DcrErrorsNotRfc7591 => AS_DCR_ERRORS,
            AsFlaw::TokenErrorsNotJson => AS_TOKEN_ERRORS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_flaw_has_a_yaml_name_and_a_distinct_requirement() {
        let mut seen = std::collections::BTreeSet::new();
        for flaw in AsFlaw::ALL {
            let name = serde_json::to_value(flaw).unwrap();
            let back: AsFlaw = serde_json::from_value(name.clone()).unwrap();
            assert_eq!(back, flaw, "{name}");
            assert!(seen.insert(flaw.requirement().as_str()), "{flaw:?}");
        }
        assert!(serde_json::from_str::<AsFlaw>("\"accept_everything\"").is_err());
    }
}
