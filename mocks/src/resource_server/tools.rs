//! The two tools: `echo` (any valid token) and `write` (the scopes `tool_scopes` names for
//! it; `mcp:write` by default), and the scope decision for `tools/call`.
//!
//! Scope is checked before anything else about the call (after the tool is known), so a
//! call without the scope has no effect at all (RS-403-INSUFFICIENT-SCOPE: "the operation
//! must not be performed"). A bad argument is a tool execution error (`isError: true`), as
//! MCP asks for input validation failures; an unknown tool is JSON-RPC `-32602`.
//!
//! The scope flaws live here: [`RsFlaw::ScopeNotEnforced`] skips the check,
//! [`RsFlaw::IgnoreScopeHierarchy`] skips `scope_implies`, and [`RsFlaw::Incremental403`]
//! names only the first missing scope.

use mcp_auth_proto::scope::Scope;
use serde_json::{Map, Value, json};

use crate::config::{RsConfig, RsFlaw};
use crate::verify::VerifiedToken;

use super::challenge::initial_scopes;

/// Why a `tools/call` is not answered with a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CallError {
    /// 403 `insufficient_scope` naming these scopes.
    InsufficientScope(Vec<String>),
    /// JSON-RPC `-32602`.
    InvalidParams(&'static str),
}

/// The `tools/list` result's `tools`.
pub(crate) fn list(config: &RsConfig) -> Value {
    let text_schema = json!({
        "type": "object",
        "properties": { "text": { "type": "string", "description": "The text." } },
        "required": ["text"]
    });
    let write_scopes = needed(config, "write");
    let write_description = if write_scopes.is_empty() {
        "Pretends to store its text. Needs no scope beyond a valid token.".to_owned()
    } else {
        format!("Pretends to store its text. Needs scope {}.", write_scopes.join(" "))
    };
    json!([
        {
            "name": "echo",
            "description": "Returns its text argument.",
            "inputSchema": text_schema
        },
        {
            "name": "write",
            "description": write_description,
            "inputSchema": text_schema
        }
    ])
}

/// Runs `tools/call` with `params` for `token`; `Ok` is the `CallToolResult`.
pub(crate) fn call(
    config: &RsConfig,
    params: Option<&Map<String, Value>>,
    token: &VerifiedToken,
) -> Result<Value, CallError> {
    let name = params
        .and_then(|p| p.get("name"))
        .and_then(Value::as_str)
        .ok_or(CallError::InvalidParams("tools/call needs params.name"))?;
    if name != "echo" && name != "write" {
        return Err(CallError::InvalidParams("unknown tool"));
    }
    let required = needed(config, name);
    let granted = effective_scopes(config, &token.scope);
    let covered = granted.covers(&Scope::from_tokens(required.iter().cloned()))
        || config.has(RsFlaw::ScopeNotEnforced);
    if config.forbid_forever || !covered {
        let mut scopes = challenge_scopes(config, required);
        if config.has(RsFlaw::Incremental403) {
            // One missing scope per round trip, as a server that reports the first failed
            // check does.
            scopes.retain(|s| !granted.contains(s));
            scopes.truncate(1);
        }
        return Err(CallError::InsufficientScope(scopes));
    }
    let text =
        params.and_then(|p| p.get("arguments")).and_then(|a| a.get("text")).and_then(Value::as_str);
    Ok(match (name, text) {
        (_, None) => tool_error("the argument `text` (a string) is required"),
        ("echo", Some(text)) => text_result(text.to_owned()),
        (_, Some(text)) => text_result(format!("stored {} characters", text.chars().count())),
    })
}

/// The scopes `method` needs by `method_scopes` that `token` lacks (all of them, as one
/// challenge names them); `None` when nothing is missing.
pub(crate) fn method_scopes_missing(
    config: &RsConfig,
    method: &str,
    token: &VerifiedToken,
) -> Option<Vec<String>> {
    let needed = config.method_scopes_for(method);
    if needed.is_empty() {
        return None;
    }
    let granted = effective_scopes(config, &token.scope);
    let covered = granted.covers(&Scope::from_tokens(needed.iter().cloned()));
    (!covered).then(|| needed.to_vec())
}

/// The granted scopes plus every scope they imply through `scope_implies`, followed
/// transitively (each scope is expanded once, so a cycle in the configuration ends). A
/// server with [`RsFlaw::IgnoreScopeHierarchy`] sees only the granted scopes.
fn effective_scopes(config: &RsConfig, granted: &Scope) -> Scope {
    let mut scopes: Vec<String> = granted.tokens().to_vec();
    if config.has(RsFlaw::IgnoreScopeHierarchy) {
        return Scope::from_tokens(scopes);
    }
    let mut next = 0;
    while let Some(scope) = scopes.get(next).cloned() {
        for implied in config.scope_implies.get(&scope).into_iter().flatten() {
            if !scopes.contains(implied) {
                scopes.push(implied.clone());
            }
        }
        next += 1;
    }
    Scope::from_tokens(scopes)
}

/// The scopes `tool` needs beyond a valid token.
fn needed(config: &RsConfig, tool: &str) -> Vec<String> {
    config.tool_scopes.get(tool).cloned().unwrap_or_default()
}

/// What a 403 names: the tool's scopes; for a tool that needs none (only `forbid_forever`
/// refuses it) the initial scopes, else every supported scope, so the challenge still says
/// something a client can act on.
fn challenge_scopes(config: &RsConfig, required: Vec<String>) -> Vec<String> {
    if !required.is_empty() {
        return required;
    }
    let initial = initial_scopes(config);
    if initial.is_empty() { config.scopes_supported.clone() } else { initial }
}

fn text_result(text: String) -> Value {
    json!({ "content": [{ "type": "text", "text": text }], "isError": false })
}

fn tool_error(text: &str) -> Value {
    json!({ "content": [{ "type": "text", "text": text }], "isError": true })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(scope: &str) -> VerifiedToken {
        VerifiedToken {
            issuer: "http://127.0.0.1:1".into(),
            subject: "user".into(),
            client_id: "client".into(),
            scope: Scope::from_tokens(scope.split_whitespace()),
            expires_at: u64::MAX,
        }
    }

    fn params(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn echo_needs_only_a_token_and_write_needs_its_scope() {
        let config = RsConfig::default();
        let echo = params(json!({"name": "echo", "arguments": {"text": "hi"}}));
        assert_eq!(call(&config, Some(&echo), &token("")).unwrap()["content"][0]["text"], "hi");
        let write = params(json!({"name": "write", "arguments": {"text": "hi"}}));
        assert_eq!(
            call(&config, Some(&write), &token("mcp:tools")),
            Err(CallError::InsufficientScope(vec!["mcp:write".into()]))
        );
        assert!(call(&config, Some(&write), &token("mcp:tools mcp:write")).is_ok());
    }

    /// RS-SCOPE-HIERARCHY: a broader scope grants the narrower ones it implies, transitively,
    /// and a cycle in the configuration still ends.
    #[test]
    fn rs_scope_hierarchy_broad_scopes_grant_what_they_imply() {
        let write = params(json!({"name": "write", "arguments": {"text": "hi"}}));
        let flat = RsConfig::default();
        assert!(call(&flat, Some(&write), &token("mcp:admin")).is_err());
        let mut config = RsConfig::default();
        config.scope_implies.insert("mcp:admin".into(), vec!["mcp:editor".into()]);
        config
            .scope_implies
            .insert("mcp:editor".into(), vec!["mcp:write".into(), "mcp:admin".into()]);
        assert!(call(&config, Some(&write), &token("mcp:admin")).is_ok());
        assert!(call(&config, Some(&write), &token("mcp:editor")).is_ok());
        assert!(call(&config, Some(&write), &token("mcp:tools")).is_err());
    }

    #[test]
    fn scope_flaws() {
        let write = params(json!({"name": "write", "arguments": {"text": "hi"}}));
        let with = |flaw: RsFlaw| {
            let mut config = RsConfig::default();
            config.flaws.insert(flaw);
            config.scope_implies.insert("mcp:admin".into(), vec!["mcp:write".into()]);
            config
                .tool_scopes
                .insert("write".into(), vec!["mcp:a".into(), "mcp:b".into(), "mcp:c".into()]);
            config
        };
        assert!(call(&with(RsFlaw::ScopeNotEnforced), Some(&write), &token("")).is_ok());
        assert_eq!(
            call(&with(RsFlaw::Incremental403), Some(&write), &token("mcp:a")),
            Err(CallError::InsufficientScope(vec!["mcp:b".into()]))
        );
        assert_eq!(
            call(&with(RsFlaw::Omit403Scope), Some(&write), &token("mcp:a")),
            Err(CallError::InsufficientScope(vec!["mcp:a".into(), "mcp:b".into(), "mcp:c".into()])),
            "a conformant 403 names every scope of the operation"
        );
        let mut admin_write = with(RsFlaw::IgnoreScopeHierarchy);
        admin_write.tool_scopes.insert("write".into(), vec!["mcp:write".into()]);
        assert!(call(&admin_write, Some(&write), &token("mcp:admin")).is_err());
        admin_write.flaws.clear();
        assert!(call(&admin_write, Some(&write), &token("mcp:admin")).is_ok());
    }

    #[test]
    fn forbid_forever_refuses_even_echo_with_every_scope() {
        let config = RsConfig { forbid_forever: true, ..RsConfig::default() };
        let echo = params(json!({"name": "echo", "arguments": {"text": "hi"}}));
        assert_eq!(
            call(&config, Some(&echo), &token("mcp:tools mcp:write")),
            Err(CallError::InsufficientScope(vec!["mcp:tools".into()]))
        );
    }

    #[test]
    fn bad_calls() {
        let config = RsConfig::default();
        let unknown = params(json!({"name": "rm"}));
        assert_eq!(
            call(&config, Some(&unknown), &token("")),
            Err(CallError::InvalidParams("unknown tool"))
        );
        let no_text = params(json!({"name": "echo", "arguments": {}}));
        assert_eq!(call(&config, Some(&no_text), &token("")).unwrap()["isError"], true);
        assert_eq!(
            list(&config)[1]["description"],
            "Pretends to store its text. Needs scope mcp:write."
        );
    }
}
