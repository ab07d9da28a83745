//! `mcp-auth-reference-client`: the conformant headless MCP OAuth client of client mode,
//! and its broken variants (`--break NAME`). Launched like any client under the official
//! conformance suite: `mcp-auth-reference-client [--break NAME]... <MCP URL>` with
//! `MCP_CONFORMANCE_SCENARIO`, `MCP_CONFORMANCE_PROTOCOL_VERSION` and
//! `MCP_CONFORMANCE_CONTEXT` in the environment. Exit codes: see
//! `mcp_auth_harness::reference_client::exit`.

#![allow(clippy::print_stderr, clippy::print_stdout)]

use std::process::ExitCode;

use clap::Parser;
use mcp_auth_harness::reference_client::config::{
    ENV_BREAK, ENV_CONTEXT, ENV_PROTOCOL_VERSION, ENV_SCENARIO,
};
use mcp_auth_harness::reference_client::{self as rc, Breaks, ClientError, Config, exit};

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
    let var = |name: &str| std::env::var(name).ok();
    let config = Breaks::parse(args.breaks.iter().map(String::as_str)).and_then(|breaks| {
        Config::from_parts(
            &args.args,
            var(ENV_SCENARIO),
            var(ENV_PROTOCOL_VERSION),
            var(ENV_CONTEXT),
            breaks,
        )
    });
    let config = match config {
        Ok(config) => config,
        Err(e) => {
            eprintln!("mcp-auth-reference-client: {e}");
            return ExitCode::from(exit::USAGE);
        }
    };
    for b in config.breaks.iter() {
        eprintln!("reference-client: BROKEN VARIANT {b} (breaks {})", b.requirement());
    }
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("mcp-auth-reference-client: cannot start a runtime: {e}");
            return ExitCode::from(exit::FAILED);
        }
    };
    let mut stderr = std::io::stderr();
    let outcome = runtime.block_on(rc::run(&config, &mut stderr));
    match &outcome {
        Ok(summary) => println!(
            "ok: {} authorization(s), {} refresh(es), tools called: {}",
            summary.authorizations,
            summary.refreshes,
            summary.tools_called.join(", ")
        ),
        Err(ClientError::Refused(r)) => eprintln!("mcp-auth-reference-client: {r}"),
        Err(e) => eprintln!("mcp-auth-reference-client: failed: {e}"),
    }
    ExitCode::from(rc::exit_code(&outcome))
}
