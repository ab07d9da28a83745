//! MCP over Streamable HTTP, after authorization: reading a JSON-RPC message, choosing the
//! protocol era, the handshake-based versions (2025-03-26, 2025-06-18, 2025-11-25) with
//! their sessions, `DELETE`, and the `Origin` check.
//!
//! A dual-era server picks the era per request (2026-07-28 "Versioning", "A dual-era server
//! selects its behavior from how the client opens"):
//! * `initialize` selects the handshake era. It negotiates the requested version when it
//!   is one of the handshake versions, else 2025-11-25 (the latest version that has
//!   `initialize`; 2026-07-28 has none), and opens a session (`Mcp-Session-Id`).
//! * A request carrying `_meta["io.modelcontextprotocol/protocolVersion"]`, or arriving
//!   without a session but with a non-handshake `MCP-Protocol-Version`, is served
//!   statelessly by [`super::modern`].
//! * Anything else belongs to a session: 400 without `Mcp-Session-Id`, 404 for an unknown
//!   one or one opened by another user.
//!
//! Authorization has already been checked for this very request; a session never stands
//! in for a token. JSON-RPC batches are not supported (2025-06-18 removed them; they are
//! answered 400 `-32600`).

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use mcp_auth_proto::{SpecVersion, Uri};
use serde_json::{Map, Value, json};

use crate::config::RsFlaw;
use crate::verify::VerifiedToken;

use super::Inner;
use super::challenge::insufficient_scope;
use super::jsonrpc::{Reply, SESSION_HEADER, code};
use super::modern;
use super::state::Session;
use super::tools::{self, CallError};

/// `MCP-Protocol-Version` (2025-06-18 and later).
pub(crate) const PROTOCOL_VERSION_HEADER: &str = "mcp-protocol-version";

/// One JSON-RPC request (with `id`) or notification (without).
#[derive(Debug)]
pub(crate) struct Message<'a> {
    pub id: Option<&'a Value>,
    pub method: &'a str,
    pub params: Option<&'a Map<String, Value>>,
}

/// Answers one POSTed body from an authorized client.
pub(crate) fn post(
    inner: &Inner,
    headers: &HeaderMap,
    body: &[u8],
    token: &VerifiedToken,
) -> Reply {
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return Reply::error(StatusCode::BAD_REQUEST, None, code::PARSE_ERROR, "Parse error");
    };
    let Value::Object(object) = &value else {
        let why = if value.is_array() {
            "JSON-RPC batches are not supported; send one message per POST"
        } else {
            "a JSON-RPC message is a JSON object"
        };
        return Reply::error(StatusCode::BAD_REQUEST, None, code::INVALID_REQUEST, why);
    };
    let message = match read_message(object) {
        Ok(Some(message)) => message,
        // A JSON-RPC response from the client: this server sends no requests, so there is
        // nothing to match it with; the transport says to accept it with 202.
        Ok(None) => return Reply::Accepted,
        Err(reply) => return reply,
    };
    if !inner.config.is_anonymous(message.method)
        && let Some(refusal) = gate(inner, headers, &message, token)
    {
        return refusal;
    }
    if message.method == "initialize" {
        return initialize(inner, &message, token);
    }
    if modern::selects_modern(headers, &message) {
        return modern::handle(inner, headers, &message, token);
    }
    in_session(inner, headers, &message, token)
}

/// Whether `body` is a JSON-RPC message whose method `anonymous_methods` serves without
/// authorization (read before authorization, so only the method is looked at).
pub(crate) fn anonymous_request(inner: &Inner, body: &[u8]) -> bool {
    if inner.config.anonymous_methods.is_empty() {
        return false;
    }
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(body) else { return false };
    object.get("method").and_then(Value::as_str).is_some_and(|m| inner.config.is_anonymous(m))
}

/// The identity an anonymous method is served as: nobody, with no scope.
pub(crate) fn anonymous_user() -> VerifiedToken {
    VerifiedToken {
        issuer: String::new(),
        subject: String::new(),
        client_id: String::new(),
        scope: mcp_auth_proto::scope::Scope::from_tokens(Vec::<String>::new()),
        expires_at: 0,
    }
}

/// What an authorized request meets before its method runs: 410 once `gone_after_forbidden`
/// refusals have been sent, 403 when the method's `method_scopes` are missing.
fn gate(
    inner: &Inner,
    headers: &HeaderMap,
    message: &Message<'_>,
    token: &VerifiedToken,
) -> Option<Reply> {
    if let Some(limit) = inner.config.gone_after_forbidden
        && inner.state().forbidden() >= limit
    {
        let body = json!({
            "error": "test_complete",
            "error_description": "too many insufficient_scope refusals; this server is done"
        });
        return Some(Reply::Raw(Box::new(
            (StatusCode::GONE, [(header::CONTENT_TYPE, "application/json")], body.to_string())
                .into_response(),
        )));
    }
    let missing = tools::method_scopes_missing(&inner.config, message.method, token)?;
    Some(forbid(inner, headers, &missing))
}

/// 403 `insufficient_scope` naming `scopes`, counted for `gone_after_forbidden`.
fn forbid(inner: &Inner, headers: &HeaderMap, scopes: &[String]) -> Reply {
    inner.state().note_forbidden();
    Reply::Raw(Box::new(insufficient_scope(inner, headers, scopes)))
}

/// The message in `object`; `Ok(None)` for a response; `Err` for anything that is not a
/// JSON-RPC 2.0 request, notification or response.
fn read_message(object: &Map<String, Value>) -> Result<Option<Message<'_>>, Reply> {
    let id = object.get("id");
    // MCP: request ids are strings or integers, never null.
    let valid_id = id.filter(|v| v.is_string() || v.is_i64() || v.is_u64());
    let invalid = |why: &str| {
        Err(Reply::error(StatusCode::BAD_REQUEST, valid_id, code::INVALID_REQUEST, why))
    };
    if object.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return invalid("jsonrpc must be \"2.0\"");
    }
    if id.is_some() && valid_id.is_none() {
        return invalid("id must be a string or an integer");
    }
    let Some(method) = object.get("method") else {
        if valid_id.is_some() && (object.contains_key("result") || object.contains_key("error")) {
            return Ok(None);
        }
        return invalid("a request needs a method");
    };
    let Some(method) = method.as_str() else { return invalid("method must be a string") };
    let params = match object.get("params") {
        None => None,
        Some(Value::Object(params)) => Some(params),
        Some(_) => return invalid("params must be an object"),
    };
    Ok(Some(Message { id: valid_id, method, params }))
}

/// `initialize`: negotiates a handshake-era version and opens a session for the user.
fn initialize(inner: &Inner, message: &Message<'_>, token: &VerifiedToken) -> Reply {
    let Some(id) = message.id else {
        let why = "initialize must be a request (with an id)";
        return Reply::error(StatusCode::BAD_REQUEST, None, code::INVALID_REQUEST, why);
    };
    let requested = message.params.and_then(|p| p.get("protocolVersion")).and_then(Value::as_str);
    let Some(requested) = requested else {
        let why = "initialize needs params.protocolVersion";
        return Reply::error(StatusCode::OK, Some(id), code::INVALID_PARAMS, why);
    };
    let version = known_version(requested)
        .filter(|v| *v < SpecVersion::V2026_07_28)
        .unwrap_or(SpecVersion::V2025_11_25);
    let result = json!({
        "protocolVersion": version.as_str(),
        "capabilities": { "tools": {} },
        "serverInfo": server_info(),
    });
    let body = json!({ "jsonrpc": "2.0", "id": id, "result": result });
    if !inner.config.sessions {
        return Reply::Json { status: StatusCode::OK, body, session: None };
    }
    let mut state = inner.state();
    let session_id = if inner.config.has(RsFlaw::SequentialSessionIds) {
        state.next_sequential_id()
    } else {
        // 256 bits from the CSPRNG (RS-SESSION-ID-ENTROPY).
        URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
    };
    state.open_session(session_id.clone(), Session { version, user: token.clone() });
    drop(state);
    Reply::Json { status: StatusCode::OK, body, session: Some(session_id) }
}

/// A message of the handshake era, which must name a live session of this user.
fn in_session(
    inner: &Inner,
    headers: &HeaderMap,
    message: &Message<'_>,
    token: &VerifiedToken,
) -> Reply {
    if !inner.config.sessions {
        // Every request stands alone; its header, when sent, must name a handshake-era
        // version (without one the transport assumes 2025-03-26, which this server speaks).
        let sent =
            headers.get(PROTOCOL_VERSION_HEADER).map(|v| v.to_str().ok().and_then(known_version));
        if let Some(None) = sent {
            let why = "MCP-Protocol-Version names a version this server does not speak";
            return Reply::error(StatusCode::BAD_REQUEST, message.id, code::INVALID_REQUEST, why);
        }
        return serve(inner, headers, message, token);
    }
    let Some(session_id) = headers.get(SESSION_HEADER) else {
        let why = "Mcp-Session-Id header required (initialize first, or send a 2026-07-28 request with _meta)";
        return Reply::error(StatusCode::BAD_REQUEST, message.id, code::INVALID_REQUEST, why);
    };
    let Some(session) = session_of(inner, session_id.to_str().unwrap_or_default(), token) else {
        let why = "unknown or terminated session";
        return Reply::error(StatusCode::NOT_FOUND, message.id, code::INVALID_REQUEST, why);
    };
    if let Some(sent) = headers.get(PROTOCOL_VERSION_HEADER)
        && sent.as_bytes() != session.version.as_str().as_bytes()
    {
        let why = "MCP-Protocol-Version does not match the version negotiated for this session";
        return Reply::error(StatusCode::BAD_REQUEST, message.id, code::INVALID_REQUEST, why);
    }
    serve(inner, headers, message, token)
}

/// A handshake-era message, once its session (if any) is settled.
fn serve(
    inner: &Inner,
    headers: &HeaderMap,
    message: &Message<'_>,
    token: &VerifiedToken,
) -> Reply {
    let Some(id) = message.id else { return Reply::Accepted };
    match message.method {
        "ping" => Reply::result(id, json!({})),
        "tools/list" => Reply::result(id, json!({ "tools": tools::list(&inner.config) })),
        "tools/call" => call_tool(inner, headers, id, message.params, token, |result| result),
        _ => Reply::error(StatusCode::OK, Some(id), code::METHOD_NOT_FOUND, "Method not found"),
    }
}

/// The live session `id` when it belongs to the token's user. Another user's session is
/// reported as unknown, so its existence is not revealed; a server with
/// [`RsFlaw::SessionNotBoundToUser`] hands it to anyone with a valid token.
fn session_of(inner: &Inner, id: &str, token: &VerifiedToken) -> Option<Session> {
    let state = inner.state();
    let session = state.session(id)?;
    (session.belongs_to(token) || inner.config.has(RsFlaw::SessionNotBoundToUser))
        .then(|| session.clone())
}

/// `tools/call` for either era; `finish` adds era-specific result members.
pub(crate) fn call_tool(
    inner: &Inner,
    headers: &HeaderMap,
    id: &Value,
    params: Option<&Map<String, Value>>,
    token: &VerifiedToken,
    finish: impl Fn(Value) -> Value,
) -> Reply {
    match tools::call(&inner.config, params, token) {
        Ok(result) => Reply::result(id, finish(result)),
        Err(CallError::InsufficientScope(scopes)) => forbid(inner, headers, &scopes),
        Err(CallError::InvalidParams(why)) => {
            Reply::error(StatusCode::OK, Some(id), code::INVALID_PARAMS, why)
        }
    }
}

/// `DELETE` with a session id ends that session (204); without one there is nothing to
/// end (400); an unknown session, or another user's, is 404.
pub(crate) fn delete(inner: &Inner, headers: &HeaderMap, token: &VerifiedToken) -> Response {
    if !inner.config.sessions {
        return super::method_not_allowed("POST");
    }
    let Some(id) = headers.get(SESSION_HEADER) else {
        return (StatusCode::BAD_REQUEST, "DELETE ends a session: send Mcp-Session-Id")
            .into_response();
    };
    let id = id.to_str().unwrap_or_default();
    if session_of(inner, id, token).is_none() {
        return StatusCode::NOT_FOUND.into_response();
    }
    inner.state().close_session(id);
    StatusCode::NO_CONTENT.into_response()
}

/// Whether `Origin` is absent (non-browser clients), this server's own origin, or an
/// `http`/`https` origin on a loopback host; anything else is a possible DNS-rebinding
/// attack (transports "Security Warning").
pub(crate) fn origin_allowed(headers: &HeaderMap, own_origin: &str) -> bool {
    let mut values = headers.get_all(header::ORIGIN).iter();
    let Some(value) = values.next() else { return true };
    if values.next().is_some() {
        return false;
    }
    let Ok(origin) = value.to_str() else { return false };
    if origin == own_origin {
        return true;
    }
    // `null` and anything else that is not a serialized origin fails to parse.
    Uri::parse(origin).is_ok_and(|uri| {
        (uri.scheme_is("http") || uri.scheme_is("https"))
            && uri.is_loopback()
            && uri.path().is_empty()
            && uri.query().is_none()
            && uri.userinfo().is_none()
    })
}

/// The revision named exactly `text` (no aliases: a version string is compared as sent).
pub(crate) fn known_version(text: &str) -> Option<SpecVersion> {
    SpecVersion::ALL.into_iter().find(|v| v.as_str() == text)
}

/// `serverInfo` / `io.modelcontextprotocol/serverInfo`.
pub(crate) fn server_info() -> Value {
    json!({ "name": "mcp-auth-harness-mock-mcp-server", "version": env!("CARGO_PKG_VERSION") })
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn with_origin(origin: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ORIGIN, HeaderValue::from_str(origin).unwrap());
        headers
    }

    #[test]
    fn origins() {
        let own = "http://127.0.0.1:9";
        assert!(origin_allowed(&HeaderMap::new(), own));
        for ok in
            ["http://127.0.0.1:9", "http://localhost:3000", "https://[::1]", "http://127.0.0.2"]
        {
            assert!(origin_allowed(&with_origin(ok), own), "{ok}");
        }
        for bad in [
            "https://evil.example",
            "null",
            "http://127.0.0.1.evil.example",
            "file://",
            "http://localhost/x",
        ] {
            assert!(!origin_allowed(&with_origin(bad), own), "{bad}");
        }
    }

    #[test]
    fn messages() {
        let object = |v: Value| v.as_object().unwrap().clone();
        let ok = object(json!({"jsonrpc": "2.0", "id": 1, "method": "ping"}));
        assert_eq!(read_message(&ok).unwrap().unwrap().method, "ping");
        let response = object(json!({"jsonrpc": "2.0", "id": "a", "result": {}}));
        assert!(read_message(&response).unwrap().is_none());
        for bad in [
            json!({"jsonrpc": "1.0", "id": 1, "method": "ping"}),
            json!({"jsonrpc": "2.0", "id": null, "method": "ping"}),
            json!({"jsonrpc": "2.0", "id": 1.5, "method": "ping"}),
            json!({"jsonrpc": "2.0", "id": 1, "method": "ping", "params": []}),
            json!({"jsonrpc": "2.0", "id": 1}),
        ] {
            assert!(read_message(&object(bad.clone())).is_err(), "{bad}");
        }
    }

    #[test]
    fn versions_are_compared_exactly() {
        assert_eq!(known_version("2025-06-18"), Some(SpecVersion::V2025_06_18));
        assert_eq!(known_version("draft"), None);
    }
}
