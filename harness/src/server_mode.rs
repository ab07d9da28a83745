//! `server`: probe an MCP server acting as an OAuth resource server.
//!
//! Three fixtures, chosen by flags:
//! * **anonymous** (always): challenges, PRM, authorization-server discovery, malformed and
//!   foreign credentials, header reflection. Scenarios that need a token are skipped and
//!   say which flag would run them.
//! * **harness as the authorization server** (`--as-listen ADDR`): the harness runs its
//!   own authorization server, prints what the target must trust, waits until the target
//!   answers, then mints valid and hostile tokens.
//! * **bring your own tokens** (`--token`, `--expired-token`, `--other-resource-token`,
//!   `--low-scope-token`): for servers that cannot trust the harness.

use std::collections::BTreeMap;
use std::io::Write;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use clap::Args;
use mcp_auth_mocks::authority::{Authority, AuthorityOptions};
use mcp_auth_proto::{Secret, SpecVersion};

use crate::cli::{CommandError, VersionArg};
use crate::exit;
use crate::output::sanitize;
use crate::run_cmd::{self, ReportArgs, SelectArgs};
use crate::runner::{RunContext, http, mcp};
use crate::scenario::ScenarioRole;
use crate::scenario::model::SuppliedToken;

#[derive(Debug, Clone, Args)]
pub struct ServerArgs {
    /// The MCP endpoint to probe (the resource identifier, e.g. https://mcp.example.com/mcp).
    #[arg(long)]
    pub url: String,
    #[command(flatten)]
    pub version: VersionArg,
    #[command(flatten)]
    pub select: SelectArgs,
    #[command(flatten)]
    pub reports: ReportArgs,
    /// Run the harness's authorization server at this address (e.g. 127.0.0.1:9400); its
    /// issuer is http://ADDR. Configure the target to trust it, as printed, then it is
    /// probed with tokens the harness mints.
    #[arg(long, value_name = "ADDR")]
    pub as_listen: Option<SocketAddr>,
    /// With --as-listen: how long to wait for the target to answer after printing what to
    /// configure.
    #[arg(long, default_value_t = 300, value_name = "SECONDS")]
    pub wait_for_target: u64,
    /// Scopes minted tokens carry (default: the 401 challenge's `scope`, else PRM's
    /// `scopes_supported`).
    #[arg(long)]
    pub scope: Option<String>,
    /// A valid access token for the target (with the scopes its tools need).
    #[arg(long, env = "MCP_AUTH_HARNESS_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// An expired token the target's authorization server issued for it.
    #[arg(long, env = "MCP_AUTH_HARNESS_EXPIRED_TOKEN", hide_env_values = true)]
    pub expired_token: Option<String>,
    /// A valid token issued for another resource.
    #[arg(long, env = "MCP_AUTH_HARNESS_OTHER_RESOURCE_TOKEN", hide_env_values = true)]
    pub other_resource_token: Option<String>,
    /// A valid token without the scope `--var privileged_tool` needs.
    #[arg(long, env = "MCP_AUTH_HARNESS_LOW_SCOPE_TOKEN", hide_env_values = true)]
    pub low_scope_token: Option<String>,
    /// A value scenarios read as `{{var.NAME}}` (repeatable): `privileged_tool`,
    /// `privileged_scope`, `broad_scope`, `narrow_tool`, ... (see `explain`).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    pub vars: Vec<(String, String)>,
    /// Longest one scenario may take.
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub scenario_timeout: u64,
    /// Default time limit of one request.
    #[arg(long, default_value_t = 10, value_name = "SECONDS")]
    pub request_timeout: u64,
}

pub fn parse_var(text: &str) -> Result<(String, String), String> {
    let (name, value) = text.split_once('=').ok_or_else(|| format!("{text:?}: use NAME=VALUE"))?;
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err(format!("{name:?} is not a variable name"));
    }
    Ok((name.to_owned(), value.to_owned()))
}

/// Builds the run context from the flags (without an authority).
pub fn context(args: &ServerArgs) -> Result<RunContext, CommandError> {
    let mut context = RunContext::new(&args.url, args.version.spec_version)?;
    let supplied = [
        (SuppliedToken::Valid, &args.token),
        (SuppliedToken::Expired, &args.expired_token),
        (SuppliedToken::OtherResource, &args.other_resource_token),
        (SuppliedToken::LowScope, &args.low_scope_token),
    ];
    for (kind, value) in supplied {
        if let Some(value) = value {
            context.supplied.insert(kind, Secret::new(value.trim()));
        }
    }
    context.vars = args.vars.iter().cloned().collect::<BTreeMap<_, _>>();
    context.scenario_timeout = Duration::from_secs(args.scenario_timeout.max(1));
    context.request_timeout = Duration::from_secs(args.request_timeout.max(1));
    Ok(context)
}

/// Runs `server`.
pub fn run(
    args: &ServerArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, CommandError> {
    let Some(scenarios) = run_cmd::select(ScenarioRole::Server, &args.select, err)? else {
        return Ok(exit::HARNESS_ERROR);
    };
    let mut context = context(args)?;
    let runtime = run_cmd::runtime()?;
    runtime.block_on(async {
        let authority = match args.as_listen {
            Some(listen) => {
                let scopes = args.scope.as_deref().unwrap_or_default().split_whitespace();
                let options = AuthorityOptions {
                    listen,
                    resource: context.mcp_url.clone(),
                    scopes_supported: scopes.map(str::to_owned).collect(),
                };
                let started = Authority::start(options).await?;
                print_trust_instructions(out, &started, context.spec_version)?;
                context.authority = Some(started.view().clone());
                if !wait_for_target(&context.mcp_url, Duration::from_secs(args.wait_for_target))
                    .await
                {
                    writeln!(
                        err,
                        "error: {} did not answer within {} s",
                        sanitize(&context.mcp_url),
                        args.wait_for_target
                    )?;
                    started.shutdown().await;
                    return Ok(exit::HARNESS_ERROR);
                }
                Some(started)
            }
            None => None,
        };
        context.scope = match &args.scope {
            Some(scope) => scope.clone(),
            None => discover_scope(&context).await,
        };
        writeln!(
            out,
            "Probing {} as an MCP server (spec {}).",
            sanitize(&context.mcp_url),
            context.spec_version
        )?;
        writeln!(out, "Fixture: {}.\n", fixture_name(&context))?;
        let (_, code) = run_cmd::execute(scenarios, context, &args.reports, out).await?;
        if let Some(authority) = authority {
            authority.shutdown().await;
        }
        Ok(code)
    })
}

fn fixture_name(context: &RunContext) -> String {
    if let Some(authority) = &context.authority {
        return format!("the harness's authorization server {}", authority.issuer());
    }
    if context.supplied.is_empty() {
        return "anonymous (no token: token scenarios are skipped)".to_owned();
    }
    let flags: Vec<&str> =
        context.supplied.keys().map(|k| crate::runner::tokens::flag_of(*k)).collect();
    format!("tokens supplied with {}", flags.join(", "))
}

fn print_trust_instructions(
    out: &mut dyn Write,
    authority: &Authority,
    version: SpecVersion,
) -> Result<(), CommandError> {
    writeln!(
        out,
        "The harness's authorization server is running. Configure the MCP server to trust it:"
    )?;
    writeln!(out, "  issuer                  {}", authority.issuer())?;
    writeln!(out, "  metadata                {}", authority.metadata_url())?;
    writeln!(out, "  jwks_uri                {}", authority.jwks_uri())?;
    writeln!(
        out,
        "  introspection_endpoint  {} (RFC 7662; no client authentication)",
        authority.introspection_endpoint()
    )?;
    writeln!(out, "  audience                the MCP URL, exactly")?;
    writeln!(out, "Then start it; probing begins when it answers (spec {version}).\n")?;
    out.flush()?;
    Ok(())
}

/// Polls until the target answers any HTTP response.
async fn wait_for_target(url: &str, within: Duration) -> bool {
    let Ok(client) = http::client() else { return false };
    let deadline = Instant::now() + within;
    loop {
        let probe = http::Outgoing {
            method: "GET".to_owned(),
            url: url.to_owned(),
            headers: Vec::new(),
            body: None,
            timeout: Duration::from_secs(2),
        };
        if http::exchange(&client, &probe).await.is_ok() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The scope minted tokens carry by default: what the anonymous challenge asks for, else
/// PRM's `scopes_supported`, else none.
pub async fn discover_scope(context: &RunContext) -> String {
    let Ok(client) = http::client() else { return String::new() };
    let probe = mcp::request(context.spec_version, 1, mcp::CONNECT, None, None);
    let outgoing = http::Outgoing {
        method: "POST".to_owned(),
        url: context.mcp_url.clone(),
        headers: probe.headers,
        body: Some(probe.body.to_string().into_bytes()),
        timeout: context.request_timeout,
    };
    let Ok(response) = http::exchange(&client, &outgoing).await else { return String::new() };
    if let Some(scope) = crate::runner::assert::bearer_param(&response, "scope") {
        return scope;
    }
    let prm_url = crate::runner::assert::bearer_param(&response, "resource_metadata")
        .or_else(|| context.builtin_variables("").get("prm_path_url").cloned());
    let Some(prm_url) = prm_url else { return String::new() };
    let get = http::Outgoing {
        method: "GET".to_owned(),
        url: prm_url,
        headers: Vec::new(),
        body: None,
        timeout: context.request_timeout,
    };
    let Ok(prm) = http::exchange(&client, &get).await else { return String::new() };
    serde_json::from_slice::<serde_json::Value>(&prm.body)
        .ok()
        .and_then(|v| {
            v.get("scopes_supported")?.as_array().map(|scopes| {
                scopes.iter().filter_map(serde_json::Value::as_str).collect::<Vec<_>>().join(" ")
            })
        })
        .unwrap_or_default()
}
