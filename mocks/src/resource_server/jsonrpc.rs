//! JSON-RPC 2.0 replies over Streamable HTTP: the message, the HTTP status it travels
//! with, and the session header of `initialize`.
//!
//! Statuses: a result travels with 200; a notification or a client response is answered
//! 202 with no body; transport-level failures use 400 (parse error, invalid request,
//! header mismatch, unsupported version) and 404 (unknown session; in 2026-07-28 also an
//! unknown method). Method-level errors of the handshake-based versions travel with 200.
//!
//! The switchboard's `malformed` response for the MCP endpoint replaces the body of every
//! reply that has one; challenges (400/401/403 from authorization) are never replaced, so
//! that discovery still works and only the MCP traffic is hostile.

use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::config::MalformedResponse;

/// The session header of the handshake-based versions.
pub(crate) const SESSION_HEADER: HeaderName = HeaderName::from_static("mcp-session-id");

/// JSON-RPC 2.0 and MCP error codes used here.
pub(crate) mod code {
    pub const PARSE_ERROR: i64 = -32700;
    pub const INVALID_REQUEST: i64 = -32600;
    pub const METHOD_NOT_FOUND: i64 = -32601;
    pub const INVALID_PARAMS: i64 = -32602;
    /// MCP 2026-07-28 `HeaderMismatch`.
    pub const HEADER_MISMATCH: i64 = -32020;
    /// MCP 2026-07-28 `UnsupportedProtocolVersionError`.
    pub const UNSUPPORTED_PROTOCOL_VERSION: i64 = -32022;
}

/// What the MCP endpoint answers to a POST.
#[derive(Debug)]
pub(crate) enum Reply {
    /// A JSON-RPC response with this status, and a new session id for `initialize`.
    Json { status: StatusCode, body: Value, session: Option<String> },
    /// 202 Accepted, no body.
    Accepted,
    /// A response built elsewhere (the 403 step-up challenge), sent unchanged.
    Raw(Box<Response>),
}

impl Reply {
    /// A successful result for request `id`.
    pub(crate) fn result(id: &Value, result: Value) -> Reply {
        let body = json!({ "jsonrpc": "2.0", "id": id, "result": result });
        Reply::Json { status: StatusCode::OK, body, session: None }
    }

    /// An error for request `id` (`null` when the request's id is unknown).
    pub(crate) fn error(status: StatusCode, id: Option<&Value>, code: i64, message: &str) -> Reply {
        Reply::error_with_data(status, id, code, message, None)
    }

    pub(crate) fn error_with_data(
        status: StatusCode,
        id: Option<&Value>,
        code: i64,
        message: &str,
        data: Option<Value>,
    ) -> Reply {
        let mut error = json!({ "code": code, "message": message });
        if let (Some(data), Some(object)) = (data, error.as_object_mut()) {
            object.insert("data".to_owned(), data);
        }
        let body = json!({ "jsonrpc": "2.0", "id": id.unwrap_or(&Value::Null), "error": error });
        Reply::Json { status, body, session: None }
    }

    /// The HTTP response; `malformed` replaces the body of a JSON reply.
    pub(crate) fn into_response(
        self,
        malformed: Option<&MalformedResponse>,
        own_url: &str,
    ) -> Response {
        let (status, body, session) = match self {
            Reply::Accepted => return StatusCode::ACCEPTED.into_response(),
            Reply::Raw(response) => return *response,
            Reply::Json { status, body, session } => (status, body, session),
        };
        let bytes = serde_json::to_vec(&body).unwrap_or_default();
        let mut response = match malformed {
            Some(kind) => crate::http::malformed(kind, &bytes, own_url),
            None => (status, [(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        };
        // The session id is base64url (visible ASCII), so it is always a valid header value.
        if let Some(id) = session.and_then(|s| HeaderValue::from_str(&s).ok()) {
            response.headers_mut().insert(SESSION_HEADER, id);
        }
        response
    }
}

/// 403 for a present, invalid `Origin`; the body is a JSON-RPC error without `id`, as
/// the transport allows.
pub(crate) fn forbidden_origin() -> Response {
    let body = json!({
        "jsonrpc": "2.0",
        "error": { "code": code::INVALID_REQUEST, "message": "Origin not allowed" }
    });
    (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "application/json")], body.to_string())
        .into_response()
}
