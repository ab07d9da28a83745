//! `mcp-auth-reference-client`: the conformant headless MCP OAuth client of client mode,
//! and its broken variants (`--break NAME`). Launched like any client under the official
//! conformance suite: `mcp-auth-reference-client [--break NAME]... <MCP URL>` with
//! `MCP_CONFORMANCE_SCENARIO`, `MCP_CONFORMANCE_PROTOCOL_VERSION` and
//! `MCP_CONFORMANCE_CONTEXT` in the environment. Exit codes: see
//! `mcp_auth_harness::reference_client::exit`.

use std::process::ExitCode;

use clap::Parser;
use mcp_auth_harness::reference_client as rc;
use mcp_auth_harness::reference_client::config::ENV_BREAK;

/// A conformant headless MCP OAuth client, with broken variants for harness self-tests.
#[derive(Debug, Parser)]
#[command(name = "mcp-auth-reference-client", version)]
struct Args {
    /// Break one rule (repeatable, or comma-separated): no-pkce, plain-pkce,
    /// skip-prm-resource-check, skip-issuer-check, ignore-missing-s256, no-state,
    /// ignore-iss, no-resource, token-in-query, token-to-other-host, no-step-up,
    /// unbounded-step-up.
    #[arg(long = "break", value_name = "NAME", env = ENV_BREAK)]
    breaks: Vec<String>,
    /// Arguments; the last one is the MCP server URL (the conformance suite appends it).
    #[arg(required = true, value_name = "ARG")]
    args: Vec<String>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    ExitCode::from(rc::main_with(
        &args.args,
        &args.breaks,
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    ))
}
