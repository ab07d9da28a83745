//! The MCP messages the client sends, per protocol era, and reading the replies.
//!
//! 2025-03-26 to 2025-11-25 open with `initialize` and a session (`Mcp-Session-Id`,
//! `MCP-Protocol-Version` from 2025-06-18 on). 2026-07-28 is stateless: every request
//! carries `_meta["io.modelcontextprotocol/protocolVersion"]`, mirrored in
//! `MCP-Protocol-Version`, and its method (and tool name) in `Mcp-Method` / `Mcp-Name`.
//! Replies may be JSON or a server-sent-event stream whose `data:` lines hold the JSON.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use mcp_auth_proto::SpecVersion;
use serde_json::{Map, Value, json};

const META_VERSION: &str = "io.modelcontextprotocol/protocolVersion";

/// One JSON-RPC message and the headers that go with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub body: Value,
    pub headers: Vec<(&'static str, String)>,
}

/// Whether `version` is the stateless era.
pub fn is_stateless(version: SpecVersion) -> bool {
    version >= SpecVersion::V2026_07_28
}

fn client_info() -> Value {
    json!({ "name": "mcp-auth-reference-client", "version": env!("CARGO_PKG_VERSION") })
}

/// The first request: `initialize` (handshake era) or `server/discover` (stateless).
pub fn opening(version: SpecVersion, id: u64) -> Message {
    if is_stateless(version) {
        return request(version, id, "server/discover", Map::new(), None);
    }
    let params = json!({
        "protocolVersion": version.as_str(),
        "capabilities": {},
        "clientInfo": client_info(),
    });
    Message {
        body: json!({ "jsonrpc": "2.0", "id": id, "method": "initialize", "params": params }),
        headers: Vec::new(),
    }
}

/// `notifications/initialized` (handshake era only).
pub fn initialized(version: SpecVersion, session: Option<&str>) -> Message {
    let mut headers = session_headers(version, session);
    headers.retain(|(name, _)| *name != "mcp-method");
    Message { body: json!({ "jsonrpc": "2.0", "method": "notifications/initialized" }), headers }
}

fn session_headers(version: SpecVersion, session: Option<&str>) -> Vec<(&'static str, String)> {
    let mut headers = Vec::new();
    if version >= SpecVersion::V2025_06_18 {
        headers.push(("mcp-protocol-version", version.as_str().to_owned()));
    }
    if let Some(id) = session {
        headers.push(("mcp-session-id", id.to_owned()));
    }
    headers
}

/// A request after the opening one.
pub fn request(
    version: SpecVersion,
    id: u64,
    method: &str,
    mut params: Map<String, Value>,
    session: Option<&str>,
) -> Message {
    let mut headers = session_headers(version, session);
    if is_stateless(version) {
        let meta = params.entry("_meta").or_insert_with(|| json!({}));
        if let Some(meta) = meta.as_object_mut() {
            meta.insert(META_VERSION.to_owned(), json!(version.as_str()));
            meta.insert("io.modelcontextprotocol/clientInfo".to_owned(), client_info());
            // Stateless requests declare the client's capabilities each time (there is no
            // initialize to carry them); the official suite's server refuses requests
            // without them (400, -32602).
            meta.insert("io.modelcontextprotocol/clientCapabilities".to_owned(), json!({}));
        }
        headers.push(("mcp-method", method.to_owned()));
        if method == "tools/call"
            && let Some(name) = params.get("name").and_then(Value::as_str)
        {
            headers.push(("mcp-name", header_value(name)));
        }
    }
    Message {
        body: json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }),
        headers,
    }
}

/// A header value, Base64-sentinel encoded when it is not plain visible ASCII.
fn header_value(value: &str) -> String {
    if value.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        value.to_owned()
    } else {
        format!("=?base64?{}?=", STANDARD.encode(value))
    }
}

/// The JSON-RPC message of a reply: the body as JSON, or the last `data:` event of an SSE
/// stream that parses as JSON.
pub fn reply_json(content_type: Option<&str>, body: &[u8]) -> Option<Value> {
    let sse = content_type.is_some_and(|c| c.to_ascii_lowercase().starts_with("text/event-stream"));
    if !sse {
        return serde_json::from_slice(body).ok();
    }
    let text = String::from_utf8_lossy(body);
    let mut found = None;
    let mut data = String::new();
    for line in text.lines().chain(std::iter::once("")) {
        if let Some(rest) = line.strip_prefix("data:") {
            data.push_str(rest.strip_prefix(' ').unwrap_or(rest));
        } else if line.is_empty() && !data.is_empty() {
            if let Ok(v) = serde_json::from_str::<Value>(&data)
                && v.get("id").is_some()
            {
                found = Some(v);
            }
            data.clear();
        }
    }
    found
}

/// Arguments for a tool, from its `inputSchema`: every required string property gets a
/// fixed text; nothing else is invented.
pub fn tool_arguments(tool: &Value) -> Value {
    let schema = tool.get("inputSchema");
    let properties = schema.and_then(|s| s.get("properties"));
    let required = schema.and_then(|s| s.get("required")).and_then(Value::as_array);
    let mut arguments = Map::new();
    for name in required.into_iter().flatten().filter_map(Value::as_str) {
        let kind = properties.and_then(|p| p.get(name)).and_then(|p| p.get("type"));
        if kind.and_then(Value::as_str) == Some("string") {
            arguments.insert(name.to_owned(), json!("hello from the reference client"));
        }
    }
    Value::Object(arguments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stateless_requests_carry_meta_and_headers() {
        let mut params = Map::new();
        params.insert("name".into(), json!("écho"));
        let m = request(SpecVersion::V2026_07_28, 3, "tools/call", params, None);
        assert_eq!(m.body["params"]["_meta"][META_VERSION], "2026-07-28");
        assert!(m.headers.contains(&("mcp-method", "tools/call".to_owned())));
        let name = m.headers.iter().find(|(n, _)| *n == "mcp-name").unwrap();
        assert!(name.1.starts_with("=?base64?"));
        let old = request(SpecVersion::V2025_06_18, 3, "tools/list", Map::new(), Some("s"));
        assert!(old.body["params"].get("_meta").is_none());
        assert!(old.headers.contains(&("mcp-session-id", "s".to_owned())));
        assert_eq!(opening(SpecVersion::V2025_11_25, 1).body["method"], "initialize");
        assert_eq!(opening(SpecVersion::V2026_07_28, 1).body["method"], "server/discover");
    }

    #[test]
    fn sse_replies_are_read_and_arguments_filled() {
        let body = b"event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n\n";
        let v = reply_json(Some("text/event-stream"), body).unwrap();
        assert_eq!(v["id"], 1);
        assert!(reply_json(Some("application/json"), b"<html>").is_none());
        let tool = json!({"inputSchema": {"properties": {"text": {"type": "string"}, "n": {"type": "integer"}}, "required": ["text", "n"]}});
        let args = tool_arguments(&tool);
        assert!(args.get("text").is_some() && args.get("n").is_none());
    }
}
