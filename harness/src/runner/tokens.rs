//! Resolving a scenario's named tokens: minted by the harness's authorization server,
//! supplied by the user, or a literal, in that order of preference.

use std::collections::BTreeMap;

use mcp_auth_mocks::mint::{AccessTokenSpec, Forgery};
use mcp_auth_proto::Secret;
use rand::RngCore as _;
use serde_json::Value;

use mcp_auth_mocks::authority::AuthorityView;

use super::context::RunContext;
use crate::scenario::model::{ForgeryKind, IssuerChoice, MintRecipe, SuppliedToken, TokenSource};

/// A token ready to present.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub secret: Secret,
    /// The `jti` of a minted token (for `revoke`).
    pub jti: Option<String>,
    /// Where it came from, for transcripts (`minted`, `--expired-token`, `literal`).
    pub provenance: &'static str,
}

/// Why a token cannot be had; the scenario is then skipped with this reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unavailable {
    #[error("token {name:?} {why}")]
    Missing { name: String, why: String },
    #[error("token {name:?} could not be minted: {reason}")]
    MintFailed { name: String, reason: String },
    #[error("token {name:?}: {reason}")]
    Template { name: String, reason: String },
}

pub fn flag_of(token: SuppliedToken) -> &'static str {
    match token {
        SuppliedToken::Valid => "--token",
        SuppliedToken::Expired => "--expired-token",
        SuppliedToken::OtherResource => "--other-resource-token",
        SuppliedToken::LowScope => "--low-scope-token",
    }
}

/// Resolves one named token. `render` expands templates in recipe strings.
pub fn resolve(
    name: &str,
    source: &TokenSource,
    context: &RunContext,
    render: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Resolved, Unavailable> {
    if let (Some(recipe), Some(authority)) = (&source.mint, &context.authority) {
        return mint(name, recipe, authority, context, render);
    }
    if let Some(kind) = source.supplied
        && let Some(secret) = context.supplied.get(&kind)
    {
        return Ok(Resolved { secret: secret.clone(), jti: None, provenance: flag_of(kind) });
    }
    if let Some(literal) = &source.literal {
        let value = render(literal)
            .map_err(|reason| Unavailable::Template { name: name.to_owned(), reason })?;
        return Ok(Resolved { secret: Secret::new(value), jti: None, provenance: "literal" });
    }
    Err(missing(name, source))
}

/// Why `source` gives no token in this run, naming what would.
fn missing(name: &str, source: &TokenSource) -> Unavailable {
    let mut ways = Vec::new();
    if source.mint.is_some() {
        ways.push("the harness's authorization server (--as-listen)".to_owned());
    }
    if let Some(kind) = source.supplied {
        ways.push(flag_of(kind).to_owned());
    }
    Unavailable::Missing { name: name.to_owned(), why: format!("needs {}", ways.join(" or ")) }
}

fn mint(
    name: &str,
    recipe: &MintRecipe,
    authority: &AuthorityView,
    context: &RunContext,
    render: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Resolved, Unavailable> {
    let failed = |reason: String| Unavailable::MintFailed { name: name.to_owned(), reason };
    let templated = |t: &str| {
        render(t).map_err(|reason| Unavailable::Template { name: name.to_owned(), reason })
    };
    let audiences = match &recipe.audience {
        Some(list) => list.iter().map(|a| templated(a)).collect::<Result<Vec<_>, _>>()?,
        None => vec![context.mcp_url.clone()],
    };
    let scope = match &recipe.scope {
        Some(s) => templated(s)?,
        None => context.scope.clone(),
    };
    let mut jti_bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut jti_bytes);
    let jti: String = jti_bytes.iter().map(|b| format!("{b:02x}")).collect();

    let mut spec = AccessTokenSpec::new(context.mcp_url.clone())
        .audiences(audiences)
        .scope((!scope.is_empty()).then_some(scope))
        .subject(recipe.subject.clone().unwrap_or_else(|| "user-1".to_owned()))
        .client_id("mcp-auth-harness")
        .jti(jti.clone());
    if let Some(seconds) = recipe.expires_in {
        spec = spec.lifetime_seconds(seconds);
    }
    if let Some(seconds) = recipe.not_before_in {
        spec = spec.not_before_in(seconds);
    }
    for (claim, value) in &recipe.set_claims {
        spec = spec.claim(claim.clone(), templated_json(value, &templated)?);
    }
    for claim in &recipe.remove_claims {
        spec = spec.without_claim(claim.clone());
    }
    for (member, value) in &recipe.set_header {
        spec = spec.header(member.clone(), templated_json(value, &templated)?);
    }
    for member in &recipe.remove_header {
        spec = spec.without_header(member.clone());
    }
    let minter = match recipe.issuer {
        IssuerChoice::Trusted => authority.minter(),
        IssuerChoice::Untrusted => authority.other_minter(),
    };
    let forgery = match recipe.forgery {
        None => Forgery::None,
        Some(ForgeryKind::AlgNone) => Forgery::AlgNone,
        Some(ForgeryKind::Hs256WithPublicKey) => Forgery::Hs256WithPublicKey,
        Some(ForgeryKind::ForeignKeySameKid) => Forgery::ForeignKey { same_kid: true },
        Some(ForgeryKind::ForeignKey) => Forgery::ForeignKey { same_kid: false },
        Some(ForgeryKind::UnknownKid) => Forgery::UnknownKid,
        Some(ForgeryKind::EmbeddedJwk) => Forgery::EmbeddedJwk,
        Some(ForgeryKind::JkuCanary) => {
            Forgery::Jku(format!("{}/jwks.json", templated("{{canary}}")?))
        }
        Some(ForgeryKind::CritUnknown) => Forgery::CritUnknown,
        Some(ForgeryKind::TamperedPayload) => Forgery::TamperedPayload,
        Some(ForgeryKind::Truncated) => Forgery::Truncated,
        Some(ForgeryKind::IdToken) => Forgery::IdToken,
    };
    let secret = minter.forge(&spec, &forgery).map_err(|e| failed(e.to_string()))?;
    Ok(Resolved { secret, jti: Some(jti), provenance: "minted" })
}

fn templated_json(
    value: &Value,
    templated: &dyn Fn(&str) -> Result<String, Unavailable>,
) -> Result<Value, Unavailable> {
    Ok(match value {
        Value::String(s) => Value::String(templated(s)?),
        Value::Array(items) => Value::Array(
            items.iter().map(|v| templated_json(v, templated)).collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| Ok((k.clone(), templated_json(v, templated)?)))
                .collect::<Result<_, Unavailable>>()?,
        ),
        other => other.clone(),
    })
}

/// Whether every token of a scenario can be had, checked before any request is sent so
/// that a scenario that cannot run is skipped whole. Minting happens later, at first use,
/// so a recipe can use what earlier steps captured.
pub fn check_available(
    tokens: &BTreeMap<String, TokenSource>,
    context: &RunContext,
) -> Result<(), Unavailable> {
    for (name, source) in tokens {
        let mintable = source.mint.is_some() && context.authority.is_some();
        let supplied = source.supplied.is_some_and(|k| context.supplied.contains_key(&k));
        if !(mintable || supplied || source.literal.is_some()) {
            return Err(missing(name, source));
        }
    }
    Ok(())
}
