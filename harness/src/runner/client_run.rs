//! Running one client scenario: its mock world on fresh loopback ports, the client under
//! test launched against it in the official suite's contract, then the scenario's checks
//! judged from what reached the world and how the client ended.
//!
//! The contract (shared with `@modelcontextprotocol/conformance`): the command runs
//! through `sh -c` with the MCP URL appended as its last argument, and the environment
//! carries `MCP_CONFORMANCE_SCENARIO`, `MCP_CONFORMANCE_PROTOCOL_VERSION` and, when the
//! scenario has out-of-band data, `MCP_CONFORMANCE_CONTEXT` (JSON with `name`). The client
//! runs in its own process group, so a timeout kills whatever it started too.
//!
//! A client that never reaches the world (a wrong command, a crash at start-up) gets every
//! check as an error, never a verdict: nothing it did was observed.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use mcp_auth_mocks::config::{MAIN_AS, MockConfig, PrmLocation};
use mcp_auth_mocks::world::{World, WorldOptions, placeholders};
use mcp_auth_proto::SpecVersion;
use mcp_auth_reports::Outcome;
use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt as _};
use tokio::process::Command;

use super::client_judge::{ClientEvidence, ProcessEnd};
use super::context::RunContext;
use super::scenario_run::{self, ScenarioOutcome, render_with};
use super::transcript::Redactor;
use crate::scenario::{self, Scenario};

/// The scenario name announced when a scenario has neither `client.announce` nor an
/// official name: an authorization-code flow with dynamic registration.
pub const DEFAULT_ANNOUNCE: &str = "auth/metadata-default";

/// Most bytes kept of each of the client's output streams (the tail is what explains).
const OUTPUT_CAP: usize = 64 * 1024;

/// How the client under test is launched.
#[derive(Debug, Clone)]
pub struct ClientLaunch {
    /// A shell command; the MCP URL is appended as its last argument.
    pub command: String,
    /// Longest the client may run per scenario before it is killed.
    pub timeout: Duration,
    /// A directory put first on the client's `PATH`, with `BROWSER` set to the
    /// `xdg-open` in it (`--browser`).
    pub browser_dir: Option<PathBuf>,
    /// Extra environment for the client.
    pub env: Vec<(String, String)>,
}

/// The world of a client scenario, started.
#[derive(Debug)]
pub struct ScenarioWorld {
    pub world: World,
    /// The scenario's variables: `mcp_url`, `mcp_origin`, `issuer`, `issuer.NAME`,
    /// `canary.NAME`, `spec_version`.
    pub vars: BTreeMap<String, String>,
    /// `MCP_CONFORMANCE_SCENARIO`.
    pub announce: String,
    /// `MCP_CONFORMANCE_CONTEXT`, rendered.
    pub context: Option<String>,
    mcp_path: String,
    custom_prm_paths: Vec<String>,
}

/// Why a scenario's world could not be set up (a harness error for every check).
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("the mock world could not start: {0}")]
    World(#[from] mcp_auth_mocks::world::WorldError),
    #[error("client.context: {0}")]
    Context(String),
}

/// The name a client is told the scenario has.
pub fn announced_name(scenario: &Scenario) -> String {
    scenario
        .file
        .client
        .as_ref()
        .and_then(|c| c.announce.clone())
        .or_else(|| scenario.file.official_name.clone())
        .unwrap_or_else(|| DEFAULT_ANNOUNCE.to_owned())
}

/// Starts `scenario`'s mock world on loopback.
pub async fn start_world(
    scenario: &Scenario,
    spec_version: SpecVersion,
    options: WorldOptions,
) -> Result<ScenarioWorld, SetupError> {
    let config: MockConfig = scenario.file.mocks.clone().unwrap_or_default();
    let mcp_path = config.resource_server.path.clone();
    let custom_prm_paths = config
        .resource_server
        .prm_locations
        .iter()
        .filter_map(|l| match l {
            PrmLocation::Custom(p) => Some(p.clone()),
            _ => None,
        })
        .collect();
    let mut options = options;
    if let Some(section) = &scenario.file.client {
        options.canaries.extend(section.canaries.iter().cloned());
    }
    let world = World::start(config, options).await?;
    let mut vars = placeholders(&world.mcp_url, &world.issuers, &world.canaries);
    vars.insert("spec_version".to_owned(), spec_version.as_str().to_owned());
    if !vars.contains_key("issuer") {
        vars.insert("issuer".to_owned(), world.issuer().to_owned());
    }
    let announce = announced_name(scenario);
    let context = match scenario.file.client.as_ref().and_then(|c| c.context.as_ref()) {
        None => None,
        Some(members) => {
            let mut object = serde_json::Map::new();
            object.insert("name".to_owned(), Value::from(announce.clone()));
            for (key, value) in members {
                object.insert(key.clone(), render_json(value, &vars)?);
            }
            Some(Value::Object(object).to_string())
        }
    };
    Ok(ScenarioWorld { world, vars, announce, context, mcp_path, custom_prm_paths })
}

fn render_json(value: &Value, vars: &BTreeMap<String, String>) -> Result<Value, SetupError> {
    Ok(match value {
        Value::String(s) => Value::String(render_with(vars, s).map_err(SetupError::Context)?),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| render_json(v, vars)).collect::<Result<_, _>>()?)
        }
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| Ok((k.clone(), render_json(v, vars)?)))
                .collect::<Result<_, SetupError>>()?,
        ),
        other => other.clone(),
    })
}

/// What the client did, as the process showed it.
#[derive(Debug, Clone)]
pub struct ClientProcess {
    pub end: ProcessEnd,
    /// The last [`OUTPUT_CAP`] bytes of standard output and of standard error.
    pub stdout: String,
    pub stderr: String,
    /// What the `--browser` stand-in did (one line per hop).
    pub browser_log: String,
}

/// Why the client could not be run at all.
#[derive(Debug, thiserror::Error)]
#[error("the client command could not be started: {0}")]
pub struct SpawnError(#[from] std::io::Error);

/// Launches the client against `world` and waits for it to end (or kills it).
pub async fn run_client(
    launch: &ClientLaunch,
    world: &ScenarioWorld,
    spec_version: SpecVersion,
) -> Result<ClientProcess, SpawnError> {
    let mut command = Command::new("sh");
    // `"$1"` passes the URL as one last argument, as the official suite's unquoted append
    // does for a URL without spaces; `$0` names the shell.
    command
        .arg("-c")
        .arg(format!("{} \"$1\"", launch.command))
        .arg("mcp-auth-harness-client")
        .arg(&world.world.mcp_url)
        .env("MCP_CONFORMANCE_SCENARIO", &world.announce)
        .env("MCP_CONFORMANCE_PROTOCOL_VERSION", spec_version.as_str())
        .env_remove("MCP_CONFORMANCE_CONTEXT")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true);
    if let Some(context) = &world.context {
        command.env("MCP_CONFORMANCE_CONTEXT", context);
    }
    let browser_log = launch.browser_dir.as_ref().map(|dir| {
        let unique: u64 = rand::random();
        dir.join(format!("browser-{unique:016x}.log"))
    });
    if let Some(log) = &browser_log {
        command.env(crate::browser::LOG_VAR, log);
    }
    if let Some(dir) = &launch.browser_dir {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut paths = vec![dir.clone()];
        paths.extend(std::env::split_paths(&path));
        if let Ok(joined) = std::env::join_paths(paths) {
            command.env("PATH", joined);
        }
        command.env("BROWSER", dir.join("xdg-open"));
    }
    for (name, value) in &launch.env {
        command.env(name, value);
    }
    let mut child = command.spawn()?;
    let pid = child.id();
    let stdout = child.stdout.take().map(|s| tokio::spawn(read_tail(s)));
    let stderr = child.stderr.take().map(|s| tokio::spawn(read_tail(s)));
    let started = Instant::now();
    let end = match tokio::time::timeout(launch.timeout, child.wait()).await {
        Ok(Ok(status)) => exit_of(status),
        Ok(Err(e)) => return Err(SpawnError(e)),
        Err(_) => ProcessEnd::TimedOut(started.elapsed()),
    };
    // Whatever the client left behind (a browser helper, a server it started) goes too.
    if let Some(pid) = pid {
        kill_group(pid);
    }
    let _ = child.start_kill();
    let _ = child.wait().await;
    let collect = |task: Option<tokio::task::JoinHandle<String>>| async move {
        match task {
            // A grandchild holding the pipe open must not hold up the verdict.
            Some(t) => tokio::time::timeout(Duration::from_secs(2), t)
                .await
                .ok()
                .and_then(Result::ok)
                .unwrap_or_default(),
            None => String::new(),
        }
    };
    let browser_log = match browser_log {
        Some(path) => {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let _ = std::fs::remove_file(&path);
            text
        }
        None => String::new(),
    };
    Ok(ClientProcess {
        end,
        stdout: collect(stdout).await,
        stderr: collect(stderr).await,
        browser_log,
    })
}

fn exit_of(status: std::process::ExitStatus) -> ProcessEnd {
    use std::os::unix::process::ExitStatusExt as _;
    match (status.code(), status.signal()) {
        (Some(code), _) => ProcessEnd::Exited(code),
        (None, Some(signal)) => ProcessEnd::Signalled(signal),
        (None, None) => ProcessEnd::Exited(-1),
    }
}

/// Kills the process group `pgid` (the harness forbids `unsafe`, so through `kill(1)`).
fn kill_group(pgid: u32) {
    let _ = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("kill -9 -{pgid} 2>/dev/null"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Reads a stream to its end, keeping the last [`OUTPUT_CAP`] bytes.
async fn read_tail(mut stream: impl AsyncRead + Unpin) -> String {
    let mut kept: Vec<u8> = Vec::new();
    let mut buffer = [0u8; 8192];
    loop {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                kept.extend_from_slice(buffer.get(..n).unwrap_or_default());
                if kept.len() > OUTPUT_CAP {
                    let cut = kept.len() - OUTPUT_CAP;
                    kept.drain(..cut);
                }
            }
        }
    }
    String::from_utf8_lossy(&kept).into_owned()
}

/// The evidence of a finished client run (the world keeps running until shut down).
pub fn evidence(world: &ScenarioWorld, process: &ClientProcess) -> ClientEvidence {
    ClientEvidence {
        entries: world.world.journal.entries(),
        issued: world.world.journal.issued(),
        mcp_path: world.mcp_path.clone(),
        custom_prm_paths: world.custom_prm_paths.clone(),
        end: process.end,
    }
}

/// Runs one client scenario end to end.
pub async fn run_client_scenario(
    scenario: &Scenario,
    spec_version: SpecVersion,
    launch: &ClientLaunch,
    http: reqwest::Client,
) -> ScenarioOutcome {
    let started = Instant::now();
    if let Some(reason) = scenario::not_applicable(scenario, spec_version) {
        return scenario_run::uniform(scenario, Outcome::Skip, &reason);
    }
    let world = match start_world(scenario, spec_version, WorldOptions::default()).await {
        Ok(w) => w,
        Err(e) => return scenario_run::uniform(scenario, Outcome::Error, &e.to_string()),
    };
    let process = match run_client(launch, &world, spec_version).await {
        Ok(p) => p,
        Err(e) => {
            world.world.shutdown().await;
            return scenario_run::uniform(scenario, Outcome::Error, &e.to_string());
        }
    };
    let evidence = evidence(&world, &process);
    let mut outcome = judge(scenario, spec_version, &world, evidence, &process, http).await;
    world.world.shutdown().await;
    outcome.duration = started.elapsed();
    outcome
}

/// Judges a finished client run.
pub async fn judge(
    scenario: &Scenario,
    spec_version: SpecVersion,
    world: &ScenarioWorld,
    evidence: ClientEvidence,
    process: &ClientProcess,
    http: reqwest::Client,
) -> ScenarioOutcome {
    let redactor = issued_redactor(&evidence);
    if !evidence.made_requests() {
        let mut message = format!(
            "the client made no request to the mock world, so nothing it does was observed \
             ({}); check the command",
            process.end
        );
        if let Some(tail) = output_tail(&process.stderr, &redactor) {
            message.push_str(&format!("; its standard error ends: {tail}"));
        }
        return scenario_run::uniform(scenario, Outcome::Error, &message);
    }
    let mut context = RunContext::client(world.world.mcp_url.clone(), spec_version);
    context.scope = String::new();
    let journal = world.world.journal.render();
    let mut transcript = format!("{}\nmock world journal:\n{journal}", process.end);
    if let Some(tail) = output_tail(&process.stdout, &redactor) {
        transcript.push_str(&format!("client standard output (tail): {tail}\n"));
    }
    if let Some(tail) = output_tail(&process.stderr, &redactor) {
        transcript.push_str(&format!("client standard error (tail): {tail}\n"));
    }
    if !process.browser_log.is_empty() {
        transcript.push_str(&format!("browser stand-in:\n{}", process.browser_log));
    }
    scenario_run::judge_client(
        scenario,
        &context,
        http,
        world.vars.clone(),
        evidence,
        redactor,
        transcript,
    )
    .await
}

/// A redactor for every credential the world issued.
fn issued_redactor(evidence: &ClientEvidence) -> Redactor {
    let mut redactor = Redactor::default();
    for (i, issued) in evidence.issued.iter().enumerate() {
        redactor.add(&issued.value, format!("<issued credential {}>", i + 1));
    }
    redactor
}

/// The last lines of a client's output, with every issued credential cut out.
fn output_tail(output: &str, redactor: &Redactor) -> Option<String> {
    const LINES: usize = 20;
    let lines: Vec<&str> = output.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() {
        return None;
    }
    let tail = lines.get(lines.len().saturating_sub(LINES)..).unwrap_or_default().join("\n");
    Some(redactor.redact(&tail))
}

/// The `issuer.NAME` variables a world of `config` has (for load-time checks).
pub fn issuer_variables(config: &MockConfig) -> Vec<String> {
    std::iter::once(MAIN_AS.to_owned())
        .chain(config.extra_authorization_servers.keys().cloned())
        .map(|name| format!("issuer.{name}"))
        .collect()
}
