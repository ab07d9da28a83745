//! The `mcp-auth-harness` binary: parses arguments, calls the library, maps the outcome
//! to a documented exit code (see `exit.rs`).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = mcp_auth_harness::cli::Cli::parse();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let code = mcp_auth_harness::cli::run(cli, &mut stdout.lock(), &mut stderr.lock());
    ExitCode::from(code)
}
