//! Server mode against two real third-party MCP servers: the TypeScript SDK's auth
//! middleware (`interop/node/rs_server.mjs`) and the Python SDK's
//! (`interop/python/rs_server.py`), each configured the strictest way its SDK allows and
//! trusting the harness's own authorization server (its issuer and introspection endpoint),
//! exactly as `server --as-listen` sets it up.
//!
//! The failing scenarios are pinned: each is a real violation, with the spec text in the
//! scenario's description and in `scenarios/README.md` ("Verdicts on third-party servers").
//! A change in either direction (a new failure, or a failure that went away after an SDK
//! upgrade) fails the test and must be looked at.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr,
    clippy::indexing_slicing
)]

#[path = "support/third_party.rs"]
mod third_party;

use std::net::SocketAddr;

use mcp_auth_harness::reference::failing_scenarios;
use mcp_auth_harness::runner::{self, RunContext, RunOptions};
use mcp_auth_harness::scenario::{self, ScenarioRole};
use mcp_auth_mocks::authority::{Authority, AuthorityOptions};
use mcp_auth_proto::SpecVersion;
use mcp_auth_reports::{FanOut, Outcome, RunReport};
use third_party::{ThirdParty, Trust};

async fn judge(server: ThirdParty) -> Option<RunReport> {
    let authority = Authority::start(AuthorityOptions {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        // Minted tokens name the server's URL themselves; this is only the resource the
        // authority's token endpoint would issue for, which server mode never uses.
        resource: "http://127.0.0.1/".to_owned(),
        scopes_supported: vec![third_party::REQUIRED_SCOPE.to_owned()],
    })
    .await
    .unwrap();
    let introspection = authority.introspection_endpoint();
    let running = third_party::start(
        server,
        Trust { issuer: authority.issuer(), introspection_url: &introspection },
    )
    .await?;
    let mut context = RunContext::new(&running.mcp_url, SpecVersion::V2025_11_25).unwrap();
    context.authority = Some(authority.view().clone());
    context.scope = third_party::REQUIRED_SCOPE.to_owned();
    let scenarios = scenario::catalogue(ScenarioRole::Server, &[] as &[&str]).unwrap();
    let (report, _) =
        runner::run(scenarios, context, RunOptions::default(), FanOut::new()).await.unwrap();
    for check in report.checks().filter(|c| c.outcome != Outcome::Pass) {
        eprintln!(
            "{server}: {:?} {}:{} {}",
            check.outcome, check.scenario, check.check, check.message
        );
    }
    drop(running);
    authority.shutdown().await;
    Some(report)
}

fn assert_failing(server: ThirdParty, report: &RunReport, expected: &[&str]) {
    let errors: Vec<String> = report
        .checks()
        .filter(|c| c.outcome == Outcome::Error)
        .map(|c| format!("{}:{} {}", c.scenario, c.check, c.message))
        .collect();
    assert!(errors.is_empty(), "{server}: harness errors:\n{}", errors.join("\n"));
    assert_eq!(failing_scenarios(report), expected, "{server}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typescript_sdk_server() {
    let Some(report) = judge(ThirdParty::Node).await else { return };
    assert_failing(
        ThirdParty::Node,
        &report,
        &[
            // RFC 6750 §3.1: no error information on a request without authentication.
            "server/challenge/no-error-without-token",
            // RFC 6750 §2.1 `"Bearer" 1*SP b64token`: two spaces refused, a trailing word accepted.
            "server/credentials/malformed-with-valid-token",
            // RFC 6750 §3.1: an unsupported scheme is "lacks any authentication information".
            "server/credentials/other-scheme",
            // Security best practices, Session Hijacking: session IDs bound to the user (SHOULD).
            "server/session/user-binding",
            // RFC 6750 §3.1: more than one credential is invalid_request (SHOULD 400).
            "server/token/multi-method",
            // Streamable HTTP (2025-11-25): an invalid Origin MUST get 403.
            "server/transport/origin",
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_sdk_server() {
    let Some(report) = judge(ThirdParty::Python).await else { return };
    assert_failing(
        ThirdParty::Python,
        &report,
        &[
            "server/challenge/no-error-without-token",
            "server/credentials/malformed-with-valid-token",
            "server/credentials/other-scheme",
            "server/token/multi-method",
        ],
    );
}
