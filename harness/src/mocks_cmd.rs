//! `mocks serve`: the mock world, standalone, for testing a client by hand.
//!
//! Starts the servers of a switchboard configuration (conformant when no file is given),
//! prints what to point a client at, prints every request as it arrives (credentials
//! redacted), and stops cleanly on Ctrl-C.

use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use mcp_auth_mocks::config::MockConfig;
use mcp_auth_mocks::world::{World, WorldOptions};

use crate::cli::CommandError;
use crate::exit;
use crate::output::sanitize;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// A switchboard configuration (YAML or JSON); conformant mocks when omitted.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Port of the MCP server (default: any free port).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Port of the `main` authorization server (default: any free port).
    #[arg(long, default_value_t = 0)]
    pub as_port: u16,
    /// Address to listen on. Anything but loopback exposes the mocks to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Start a canary listener with this name (repeatable): a URL on 127.0.0.2 that must
    /// never be contacted.
    #[arg(long = "canary")]
    pub canaries: Vec<String>,
    /// Stop after this many seconds instead of waiting for Ctrl-C.
    #[arg(long)]
    pub stop_after: Option<u64>,
}

/// A configuration file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigFileError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
}

/// Reads a switchboard configuration: YAML (JSON is YAML too), unknown and duplicate keys
/// refused with their line and column.
pub fn load_config(path: &PathBuf) -> Result<MockConfig, ConfigFileError> {
    let text = std::fs::read_to_string(path)
        .map_err(|source| ConfigFileError::Read { path: path.clone(), source })?;
    serde_saphyr::from_str::<MockConfig>(&text)
        .map_err(|e| ConfigFileError::Parse { path: path.clone(), message: e.to_string() })
}

/// Runs `mocks serve`.
pub fn serve(
    args: &ServeArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, CommandError> {
    let config = match &args.config {
        Some(path) => load_config(path)?,
        None => MockConfig::default(),
    };
    if !args.host.is_loopback() {
        writeln!(
            err,
            "warning: listening on {}, not loopback: the mocks are reachable from the network",
            args.host
        )?;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(CommandError::Output)?;
    runtime.block_on(async {
        let options = WorldOptions {
            host: args.host,
            mcp_port: args.port,
            as_port: args.as_port,
            canaries: args.canaries.clone(),
            ..WorldOptions::default()
        };
        let world = World::start(config, options).await?;
        // Listen for Ctrl-C before saying we are ready, and keep one listener for the
        // whole run: a signal that arrives between two polls must not be lost.
        let mut interrupted = interrupt_listener()?;
        print_banner(&world, out)?;
        let mut printed = 0;
        let deadline =
            args.stop_after.map(|s| tokio::time::Instant::now() + Duration::from_secs(s));
        let mut ticker = tokio::time::interval(Duration::from_millis(200));
        loop {
            let stop = tokio::select! {
                _ = interrupted.recv() => true,
                _ = ticker.tick() => deadline.is_some_and(|d| tokio::time::Instant::now() >= d),
            };
            let entries = world.journal.entries();
            for entry in entries.iter().skip(printed) {
                writeln!(out, "{}", sanitize(&entry.to_string()))?;
            }
            printed = entries.len();
            out.flush()?;
            if stop {
                break;
            }
        }
        let total = world.journal.len();
        world.shutdown().await;
        writeln!(out, "stopped after {total} request{}", if total == 1 { "" } else { "s" })?;
        Ok::<u8, CommandError>(exit::OK)
    })
}

/// A listener for SIGINT (Ctrl-C), registered at once.
#[cfg(unix)]
fn interrupt_listener() -> std::io::Result<tokio::signal::unix::Signal> {
    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
}

/// A listener for Ctrl-C, registered at once.
#[cfg(not(unix))]
fn interrupt_listener() -> std::io::Result<CtrlC> {
    Ok(CtrlC)
}

#[cfg(not(unix))]
struct CtrlC;

#[cfg(not(unix))]
impl CtrlC {
    async fn recv(&mut self) -> Option<()> {
        tokio::signal::ctrl_c().await.ok()
    }
}

fn print_banner(world: &World, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "mcp-auth-harness mocks: serving until Ctrl-C")?;
    writeln!(out, "  MCP server (point your client here): {}", world.mcp_url)?;
    for (name, issuer) in &world.issuers {
        writeln!(out, "  authorization server {name:<8} issuer {issuer}")?;
    }
    for (name, url) in &world.canaries {
        writeln!(out, "  canary {name:<8} {url} (must never be contacted)")?;
    }
    writeln!(
        out,
        "  A conformant client needs only the MCP URL: 401 -> protected resource metadata -> authorization server metadata -> registration -> authorization -> token."
    )?;
    writeln!(out, "journal (credentials redacted):")?;
    out.flush()
}
