//! MCP 2026-07-28, the stateless revision: no `initialize`, no session; every request
//! carries its version in `_meta["io.modelcontextprotocol/protocolVersion"]`, mirrored in
//! the `MCP-Protocol-Version` header, and its method (and for `tools/call` its tool name)
//! in `Mcp-Method` / `Mcp-Name` (streamable-http "Request Metadata", "Server Validation").
//!
//! Checks, in order, each a 400 with a JSON-RPC error: a missing or mismatched
//! `MCP-Protocol-Version` (`-32020` HeaderMismatch); a version other than 2026-07-28
//! (`-32022` with `supported` and `requested`); no
//! `_meta["io.modelcontextprotocol/clientCapabilities"]` (`-32602`: a required per-request
//! field, basic/index); a missing or mismatched `Mcp-Method`, or for
//! `tools/call` `Mcp-Name` after Base64-sentinel decoding (`-32020`). An unknown method is
//! 404 with `-32601` (`ping` was removed in 2026-07-28). An `Mcp-Session-Id` is ignored and
//! never minted.
//!
//! Results carry `resultType: "complete"` and `_meta["io.modelcontextprotocol/serverInfo"]`;
//! the cacheable ones (`server/discover`, `tools/list`) say `ttlMs: 0` and
//! `cacheScope: "private"`: this server's answers can change mid-run (a migration) and sit
//! behind authorization, so nothing invites caching or sharing them.

use axum::http::{HeaderMap, StatusCode};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use mcp_auth_proto::SpecVersion;
use serde_json::{Value, json};

use crate::verify::VerifiedToken;

use super::Inner;
use super::jsonrpc::{Reply, SESSION_HEADER, code};
use super::mcp::{Message, PROTOCOL_VERSION_HEADER, call_tool, known_version, server_info};
use super::tools;

const META_VERSION: &str = "io.modelcontextprotocol/protocolVersion";
const META_CAPABILITIES: &str = "io.modelcontextprotocol/clientCapabilities";
const METHOD_HEADER: &str = "mcp-method";
const NAME_HEADER: &str = "mcp-name";

/// Every version this server speaks, newest first (the stateless one, then the handshake
/// ones a client can fall back to with `initialize`).
const SUPPORTED: [&str; 4] = ["2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26"];

/// Whether `message` is a stateless (2026-07-28-style) request.
pub(crate) fn selects_modern(headers: &HeaderMap, message: &Message<'_>) -> bool {
    if meta_version(message).is_some() {
        return true;
    }
    headers.get(SESSION_HEADER).is_none()
        && header(headers, PROTOCOL_VERSION_HEADER)
            .is_some_and(|v| known_version(v).is_none_or(|v| v >= SpecVersion::V2026_07_28))
}

/// Answers a stateless request.
pub(crate) fn handle(
    inner: &Inner,
    headers: &HeaderMap,
    message: &Message<'_>,
    token: &VerifiedToken,
) -> Reply {
    // The revision defines no client notifications on HTTP, nor headers for them; accept.
    let Some(id) = message.id else { return Reply::Accepted };
    let mismatch =
        |why: &str| Reply::error(StatusCode::BAD_REQUEST, Some(id), code::HEADER_MISMATCH, why);
    let Some(version) = meta_version(message) else {
        return mismatch("the request has no _meta io.modelcontextprotocol/protocolVersion");
    };
    if header(headers, PROTOCOL_VERSION_HEADER) != Some(version) {
        return mismatch("MCP-Protocol-Version header is missing or does not match _meta");
    }
    if known_version(version) != Some(SpecVersion::V2026_07_28) {
        let data = json!({ "supported": SUPPORTED, "requested": version });
        return Reply::error_with_data(
            StatusCode::BAD_REQUEST,
            Some(id),
            code::UNSUPPORTED_PROTOCOL_VERSION,
            "Unsupported protocol version",
            Some(data),
        );
    }
    // basic/index "Per-request protocol fields": a request without a required `_meta`
    // member is malformed, -32602 with 400.
    if meta_member(message, META_CAPABILITIES).is_none() {
        return Reply::error(
            StatusCode::BAD_REQUEST,
            Some(id),
            code::INVALID_PARAMS,
            "Invalid params: _meta lacks io.modelcontextprotocol/clientCapabilities",
        );
    }
    if header(headers, METHOD_HEADER) != Some(message.method) {
        return mismatch("Mcp-Method header is missing or does not match the method");
    }
    match message.method {
        "server/discover" => {
            let result = json!({
                "supportedVersions": SUPPORTED,
                "capabilities": { "tools": {} },
            });
            Reply::result(id, finish(result, true))
        }
        "tools/list" => {
            Reply::result(id, finish(json!({ "tools": tools::list(&inner.config) }), true))
        }
        "tools/call" => {
            let name = message.params.and_then(|p| p.get("name")).and_then(Value::as_str);
            let sent = header(headers, NAME_HEADER).and_then(decode_sentinel);
            if name.is_some() && sent.as_deref() != name {
                return mismatch("Mcp-Name header is missing or does not match params.name");
            }
            call_tool(inner, headers, id, message.params, token, |result| finish(result, false))
        }
        _ => Reply::error(
            StatusCode::NOT_FOUND,
            Some(id),
            code::METHOD_NOT_FOUND,
            "Method not found",
        ),
    }
}

fn meta_version<'a>(message: &Message<'a>) -> Option<&'a str> {
    meta_member(message, META_VERSION)?.as_str()
}

fn meta_member<'a>(message: &Message<'a>, name: &str) -> Option<&'a Value> {
    message.params?.get("_meta")?.get(name)
}

/// The header's value, when present once-or-first and visible ASCII.
fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name)?.to_str().ok()
}

/// A header value with the `=?base64?…?=` sentinel decoded (streamable-http "Value
/// Encoding"); `None` when the sentinel holds no valid Base64 of UTF-8.
fn decode_sentinel(value: &str) -> Option<String> {
    match value.strip_prefix("=?base64?").and_then(|v| v.strip_suffix("?=")) {
        Some(encoded) => String::from_utf8(STANDARD.decode(encoded).ok()?).ok(),
        None => Some(value.to_owned()),
    }
}

/// Adds the members every 2026-07-28 result carries.
fn finish(mut result: Value, cacheable: bool) -> Value {
    if let Some(object) = result.as_object_mut() {
        object.insert("resultType".to_owned(), json!("complete"));
        object.insert(
            "_meta".to_owned(),
            json!({ "io.modelcontextprotocol/serverInfo": server_info() }),
        );
        if cacheable {
            object.insert("ttlMs".to_owned(), json!(0));
            object.insert("cacheScope".to_owned(), json!("private"));
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentinel_values_decode() {
        assert_eq!(decode_sentinel("echo").as_deref(), Some("echo"));
        assert_eq!(decode_sentinel("=?base64?ZWNobw==?=").as_deref(), Some("echo"));
        assert_eq!(decode_sentinel("=?base64?***?="), None);
    }

    #[test]
    fn results_are_marked_complete_and_uncacheable() {
        let r = finish(json!({"tools": []}), true);
        assert_eq!(r["resultType"], "complete");
        assert_eq!(r["cacheScope"], "private");
        assert!(finish(json!({}), false).get("ttlMs").is_none());
    }
}
