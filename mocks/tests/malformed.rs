//! Each hostile response of the switchboard's `malformed` list, as it goes over the wire,
//! judged with the protocol core's strict reader where that is what a client would do.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use mcp_auth_mocks::config::{Endpoint, Malformed, MalformedResponse, MockConfig};
use mcp_auth_mocks::world::{World, WorldOptions};
use mcp_auth_proto::json::{JsonErrorKind, parse_object};

/// The PRM URL of a world whose PRM endpoint answers with `response`, and the raw answer.
async fn prm_answer(response: MalformedResponse) -> (u16, Option<String>, Vec<u8>, Duration) {
    let config = MockConfig {
        malformed: vec![Malformed {
            endpoint: Endpoint::Prm,
            authorization_server: None,
            response,
        }],
        ..MockConfig::default()
    };
    let world = World::start(config, WorldOptions::default()).await.unwrap();
    let url = world.mcp_url.replacen("/mcp", "/.well-known/oauth-protected-resource/mcp", 1);
    let http =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let started = Instant::now();
    let r = http.get(&url).send().await.unwrap();
    let status = r.status().as_u16();
    let content_type = r.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned());
    let location = r.headers().get("location").map(|v| v.to_str().unwrap().to_owned());
    let body = r.bytes().await.unwrap().to_vec();
    let elapsed = started.elapsed();
    if status == 302 {
        assert_eq!(location.as_deref(), Some(url.as_str()), "a redirect loop points at itself");
    }
    world.shutdown().await;
    (status, content_type, body, elapsed)
}

#[tokio::test]
async fn invalid_json_is_refused_by_a_strict_reader() {
    let (status, ct, body, _) = prm_answer(MalformedResponse::InvalidJson).await;
    assert_eq!((status, ct.as_deref()), (200, Some("application/json")));
    assert!(matches!(parse_object(&body).unwrap_err().kind, JsonErrorKind::Syntax { .. }));
}

#[tokio::test]
async fn a_json_array_is_not_a_document() {
    let (_, _, body, _) = prm_answer(MalformedResponse::JsonArray).await;
    assert!(matches!(parse_object(&body).unwrap_err().kind, JsonErrorKind::NotAnObject { .. }));
}

#[tokio::test]
async fn html_and_wrong_content_types_are_labelled_as_such() {
    let (status, ct, body, _) = prm_answer(MalformedResponse::Html).await;
    assert_eq!(status, 200);
    assert!(ct.unwrap().starts_with("text/html"));
    assert!(body.starts_with(b"<!doctype html>"));
    let (_, ct, body, _) = prm_answer(MalformedResponse::WrongContentType).await;
    assert_eq!(ct.as_deref(), Some("text/html"));
    // The body is the real document; only the label lies.
    assert!(parse_object(&body).unwrap().contains_key("resource"));
}

#[tokio::test]
async fn an_oversized_document_exceeds_the_reader_bound() {
    let (_, _, body, _) = prm_answer(MalformedResponse::Oversized { bytes: 300 * 1024 }).await;
    assert!(body.len() >= 300 * 1024 - 64, "{} bytes", body.len());
    assert!(matches!(parse_object(&body).unwrap_err().kind, JsonErrorKind::TooLarge { .. }));
    // Below the bound it is a valid document that still carries every real member.
    let (_, _, body, _) = prm_answer(MalformedResponse::Oversized { bytes: 4096 }).await;
    let object = parse_object(&body).unwrap();
    assert!(object.contains_key("padding") && object.contains_key("resource"));
}

#[tokio::test]
async fn a_duplicated_member_puts_the_attacker_value_first() {
    let (_, _, body, _) = prm_answer(MalformedResponse::DuplicateMember {
        name: "resource".into(),
        value: "https://evil.example/mcp".into(),
    })
    .await;
    let text = String::from_utf8(body.clone()).unwrap();
    let evil = text.find("https://evil.example/mcp").unwrap();
    let real = text.rfind("\"resource\"").unwrap();
    assert!(evil < real, "{text}");
    assert!(matches!(parse_object(&body).unwrap_err().kind, JsonErrorKind::DuplicateMember { .. }));
}

#[tokio::test]
async fn a_slow_drip_arrives_whole_but_late() {
    let (status, _, body, elapsed) =
        prm_answer(MalformedResponse::SlowDrip { chunk_bytes: 64, delay_ms: 40 }).await;
    assert_eq!(status, 200);
    let chunks = body.len().div_ceil(64) as u32;
    assert!(chunks >= 3, "{} bytes", body.len());
    assert!(elapsed >= Duration::from_millis(40) * chunks, "{elapsed:?} for {chunks} chunks");
    assert!(parse_object(&body).is_ok());
}

#[tokio::test]
async fn redirect_loops_and_bare_statuses() {
    let (status, _, _, _) = prm_answer(MalformedResponse::RedirectLoop).await;
    assert_eq!(status, 302);
    let (status, _, body, _) = prm_answer(MalformedResponse::Status { code: 503 }).await;
    assert_eq!((status, body.len()), (503, 0));
}

#[tokio::test]
async fn a_redirect_points_where_the_scenario_says() {
    let location = "http://127.0.0.2:9/elsewhere".to_owned();
    let config = MockConfig {
        malformed: vec![Malformed {
            endpoint: Endpoint::Prm,
            authorization_server: None,
            response: MalformedResponse::Redirect { location: "{{canary.away}}/elsewhere".into() },
        }],
        ..MockConfig::default()
    };
    let options = WorldOptions { canaries: vec!["away".into()], ..WorldOptions::default() };
    let world = World::start(config, options).await.unwrap();
    let url = world.mcp_url.replacen("/mcp", "/.well-known/oauth-protected-resource/mcp", 1);
    let http =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let r = http.get(&url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 302);
    let canary = world.canaries["away"].clone();
    assert_eq!(r.headers()["location"].to_str().unwrap(), format!("{canary}/elsewhere"));
    assert_ne!(canary, location.replace("/elsewhere", ""), "a bound port, not the example");
    world.shutdown().await;
}
