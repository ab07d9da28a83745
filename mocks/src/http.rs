//! HTTP plumbing both mocks share: the journal middleware, the request body bound, and the
//! hostile responses of the switchboard's `malformed` list.

use std::time::Duration;

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::config::MalformedResponse;
use crate::journal::{Journal, Listener};

/// Largest request body a mock reads; larger bodies get 413 (and are journaled empty).
pub const MAX_REQUEST_BODY: usize = 1024 * 1024;

/// What the journal middleware needs: where to record and under which listener.
#[derive(Debug, Clone)]
pub struct Recorder {
    pub journal: Journal,
    pub listener: Listener,
}

/// Axum middleware (`from_fn_with_state`): buffers the request body (bounded), passes the
/// request on, and records it with the response status.
pub async fn record(State(recorder): State<Recorder>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let target = parts.uri.path_and_query().map(|pq| pq.as_str().to_owned()).unwrap_or_default();
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let method = parts.method.as_str().to_owned();
    let bytes = match to_bytes(body, MAX_REQUEST_BODY).await {
        Ok(bytes) => bytes,
        Err(_) => {
            recorder.journal.record(recorder.listener, &method, &target, headers, Vec::new(), 413);
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        }
    };
    let response = next.run(Request::from_parts(parts, Body::from(bytes.clone()))).await;
    recorder.journal.record(
        recorder.listener,
        &method,
        &target,
        headers,
        bytes.to_vec(),
        response.status().as_u16(),
    );
    response
}

/// The response the switchboard sends instead of the real one. `real` is the body the mock
/// would have sent (used by the kinds that distort it); `own_url` is the request's URL (for
/// the redirect loop).
pub fn malformed(kind: &MalformedResponse, real: &[u8], own_url: &str) -> Response {
    let json = |status: StatusCode, body: Vec<u8>| {
        (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
    };
    match kind {
        MalformedResponse::InvalidJson => {
            json(StatusCode::OK, b"{\"issuer\": \"https://as.example\", \"unterminated".to_vec())
        }
        MalformedResponse::WrongContentType => {
            (StatusCode::OK, [(header::CONTENT_TYPE, "text/html")], real.to_vec()).into_response()
        }
        MalformedResponse::Html => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            b"<!doctype html><html><body><h1>Sign in</h1></body></html>".to_vec(),
        )
            .into_response(),
        MalformedResponse::Oversized { bytes } => {
            // A real document with a huge string member, so only a size bound stops it.
            let mut body = b"{\"padding\":\"".to_vec();
            let pad = bytes.saturating_sub(body.len() + 2 + real.len());
            body.extend(std::iter::repeat_n(b'a', pad));
            body.extend_from_slice(b"\",");
            body.extend_from_slice(real.strip_prefix(b"{").unwrap_or(b"}"));
            json(StatusCode::OK, body)
        }
        MalformedResponse::SlowDrip { chunk_bytes, delay_ms } => {
            let chunk = (*chunk_bytes).max(1);
            let delay = Duration::from_millis(*delay_ms);
            let chunks: Vec<Bytes> = real.chunks(chunk).map(Bytes::copy_from_slice).collect();
            let stream = async_stream(chunks, delay);
            let mut response = Response::new(Body::from_stream(stream));
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            response
        }
        MalformedResponse::RedirectLoop => {
            let mut response = StatusCode::FOUND.into_response();
            if let Ok(location) = HeaderValue::from_str(own_url) {
                response.headers_mut().insert(header::LOCATION, location);
            }
            response
        }
        MalformedResponse::Status { code } => {
            StatusCode::from_u16(*code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response()
        }
        MalformedResponse::JsonArray => {
            json(StatusCode::OK, format!("[{}]", String::from_utf8_lossy(real)).into_bytes())
        }
        MalformedResponse::DuplicateMember { name, value } => {
            // Attacker value first: readers that keep the first and readers that keep the last
            // then disagree.
            let member =
                serde_json::to_string(&serde_json::json!({ name: value })).unwrap_or_default();
            let inner = member.trim_start_matches('{').trim_end_matches('}');
            let rest = real.strip_prefix(b"{").unwrap_or(real);
            let mut body = format!("{{{inner},").into_bytes();
            body.extend_from_slice(rest);
            json(StatusCode::OK, body)
        }
        MalformedResponse::Redirect { location } => {
            let mut response = StatusCode::FOUND.into_response();
            if let Ok(location) = HeaderValue::from_str(location) {
                response.headers_mut().insert(header::LOCATION, location);
            }
            response
        }
    }
}

/// The chunks, each after `delay`: a body that trickles in.
fn async_stream(
    chunks: Vec<Bytes>,
    delay: Duration,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    futures_util::stream::unfold(chunks.into_iter(), move |mut rest| async move {
        let chunk = rest.next()?;
        tokio::time::sleep(delay).await;
        Some((Ok(chunk), rest))
    })
}
