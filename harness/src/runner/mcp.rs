//! JSON-RPC requests as each spec version sends them: the body, and the headers that
//! version asks for.
//!
//! * 2025-03-26 to 2025-11-25: `connect` is `initialize`; every later request names its
//!   session (`Mcp-Session-Id`, when the server gave one) and, from 2025-06-18, carries
//!   `MCP-Protocol-Version`.
//! * 2026-07-28 (stateless): `connect` is `server/discover`; every request carries its
//!   version in `_meta["io.modelcontextprotocol/protocolVersion"]` and the
//!   `MCP-Protocol-Version` header, its method in `Mcp-Method`, and for `tools/call` the tool
//!   in `Mcp-Name`.

use mcp_auth_proto::SpecVersion;
use serde_json::{Map, Value, json};

const META_VERSION: &str = "io.modelcontextprotocol/protocolVersion";
const META_CAPABILITIES: &str = "io.modelcontextprotocol/clientCapabilities";

/// The method a scenario writes for "the first request a client sends".
pub const CONNECT: &str = "connect";

/// A request ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct McpRequest {
    pub body: Value,
    pub headers: Vec<(String, String)>,
}

/// Builds request `id` for `method` under `version`.
pub fn request(
    version: SpecVersion,
    id: u64,
    method: &str,
    params: Option<Value>,
    session: Option<&str>,
) -> McpRequest {
    let stateless = version >= SpecVersion::V2026_07_28;
    let method = match method {
        CONNECT if stateless => "server/discover",
        CONNECT => "initialize",
        other => other,
    };
    let mut params = match params {
        Some(Value::Object(map)) => map,
        Some(_) | None => Map::new(),
    };
    if method == "initialize" {
        // Scenario params (e.g. a smuggled token) are added to a complete handshake.
        params.entry("protocolVersion").or_insert_with(|| json!(version.as_str()));
        params.entry("capabilities").or_insert_with(|| json!({}));
        params.entry("clientInfo").or_insert_with(
            || json!({ "name": "mcp-auth-harness", "version": env!("CARGO_PKG_VERSION") }),
        );
    }
    let mut headers = vec![
        ("Content-Type".to_owned(), "application/json".to_owned()),
        ("Accept".to_owned(), "application/json, text/event-stream".to_owned()),
    ];
    if stateless {
        let meta = params.entry("_meta").or_insert_with(|| json!({}));
        if let Some(meta) = meta.as_object_mut() {
            meta.insert(META_VERSION.into(), json!(version.as_str()));
            // A required per-request field (2026-07-28 basic/index); servers refuse requests
            // without it, which would hide what a probe is about.
            meta.entry(META_CAPABILITIES).or_insert_with(|| json!({}));
        }
        headers.push(("MCP-Protocol-Version".into(), version.as_str().into()));
        headers.push(("Mcp-Method".into(), method.into()));
        if method == "tools/call"
            && let Some(name) = params.get("name").and_then(Value::as_str)
        {
            headers.push(("Mcp-Name".into(), name.into()));
        }
    } else {
        if method != "initialize" && version >= SpecVersion::V2025_06_18 {
            headers.push(("MCP-Protocol-Version".into(), version.as_str().into()));
        }
        if let Some(session) = session {
            headers.push(("Mcp-Session-Id".into(), session.into()));
        }
    }
    let mut body = json!({ "jsonrpc": "2.0", "method": method, "params": Value::Object(params) });
    if !method.starts_with("notifications/")
        && let Some(object) = body.as_object_mut()
    {
        object.insert("id".into(), json!(id));
    }
    McpRequest { body, headers }
}

/// The JSON of a response body: the body itself, or for `text/event-stream` the data of the
/// first event that holds JSON.
pub fn response_json(content_type: Option<&str>, body: &[u8]) -> Option<Value> {
    let is_sse = content_type.is_some_and(|t| {
        t.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("text/event-stream"))
    });
    if !is_sse {
        return serde_json::from_slice(body).ok();
    }
    let text = String::from_utf8_lossy(body);
    let mut data = String::new();
    for line in text.lines().chain(std::iter::once("")) {
        if line.is_empty() {
            if let Ok(value) = serde_json::from_str::<Value>(&data) {
                return Some(value);
            }
            data.clear();
        } else if let Some(rest) = line.strip_prefix("data:") {
            if !data.is_empty() {
                data.push('\n');
            }
            data.push_str(rest.strip_prefix(' ').unwrap_or(rest));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connect_is_initialize_then_server_discover() {
        let old = request(SpecVersion::V2025_06_18, 1, CONNECT, None, None);
        assert_eq!(old.body["method"], "initialize");
        assert_eq!(old.body["params"]["protocolVersion"], "2025-06-18");
        assert!(!old.headers.iter().any(|(n, _)| n == "MCP-Protocol-Version"));
        let new = request(SpecVersion::V2026_07_28, 1, CONNECT, None, Some("s"));
        assert_eq!(new.body["method"], "server/discover");
        assert_eq!(new.body["params"]["_meta"][META_VERSION], "2026-07-28");
        assert!(new.headers.contains(&("Mcp-Method".into(), "server/discover".into())));
        assert!(!new.headers.iter().any(|(n, _)| n == "Mcp-Session-Id"));
    }

    #[test]
    fn session_and_version_headers_follow_the_version() {
        let r = request(
            SpecVersion::V2025_11_25,
            2,
            "tools/call",
            Some(json!({"name": "echo"})),
            Some("abc"),
        );
        assert!(r.headers.contains(&("Mcp-Session-Id".into(), "abc".into())));
        assert!(r.headers.contains(&("MCP-Protocol-Version".into(), "2025-11-25".into())));
        let n = request(SpecVersion::V2025_03_26, 3, "notifications/initialized", None, None);
        assert!(n.body.get("id").is_none());
        let t =
            request(SpecVersion::V2026_07_28, 4, "tools/call", Some(json!({"name": "x"})), None);
        assert!(t.headers.contains(&("Mcp-Name".into(), "x".into())));
    }

    #[test]
    fn sse_bodies_yield_their_first_json_event() {
        let body = b"event: message\nid: 1\ndata: {\"jsonrpc\":\"2.0\",\n data: \"id\":1}\n\n";
        // A continuation line without the `data:` prefix is not data: no JSON in event one.
        assert_eq!(response_json(Some("text/event-stream"), body), None);
        let body = b": comment\n\nevent: message\ndata: {\"a\":1}\n\ndata: {\"b\":2}\n\n";
        assert_eq!(
            response_json(Some("text/event-stream; charset=utf-8"), body),
            Some(json!({"a":1}))
        );
        assert_eq!(response_json(Some("application/json"), b"{\"c\":3}"), Some(json!({"c":3})));
        assert_eq!(response_json(None, b"<html>"), None);
    }
}
