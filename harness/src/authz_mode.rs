//! `authz`: probe an OAuth 2.1 authorization server as MCP clients use it.
//!
//! Without any login (always): metadata at the locations the spec version uses and its
//! content, dynamic client registration, and the authorization endpoint's refusals that
//! happen before any login page. With a way through login and consent — an authorization
//! server that approves at once, or `--consent-command` — the code flow: PKCE
//! verification, single-use codes, `redirect_uri` binding, `resource` audiences, refresh
//! rotation and scope, token responses and errors, `iss` in authorization responses.
//! Scenarios that need what was not given are skipped, saying which flag would run them.

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Duration;

use clap::Args;
use mcp_auth_proto::Secret;

use crate::cli::{CommandError, VersionArg};
use crate::exit;
use crate::output::sanitize;
use crate::run_cmd::{self, ReportArgs, SelectArgs};
use crate::runner::RunContext;
use crate::runner::context::AuthzTarget;
use crate::scenario::ScenarioRole;

/// The redirect URI used when `--redirect-uri` is not given: loopback, so registration
/// accepts it (RFC 8252 §7.3) without anything listening there.
pub const DEFAULT_REDIRECT_URI: &str = "http://127.0.0.1:8765/callback";

#[derive(Debug, Clone, Args)]
pub struct AuthzArgs {
    /// The authorization server's issuer identifier, exactly as its metadata must name it
    /// (e.g. https://auth.example.com or https://example.com/tenant1).
    #[arg(long)]
    pub issuer: String,
    #[command(flatten)]
    pub version: VersionArg,
    #[command(flatten)]
    pub select: SelectArgs,
    #[command(flatten)]
    pub reports: ReportArgs,
    /// A command that logs in and consents: it is run by `sh -c` with the authorization
    /// URL as its last argument and must print the callback URL it was finally redirected
    /// to as the last line of its output. Without it, code-flow scenarios run only against
    /// servers that redirect back at once, and are skipped otherwise.
    #[arg(long, value_name = "CMD")]
    pub consent_command: Option<String>,
    /// Longest the consent command may take, per authorization.
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub consent_timeout: u64,
    /// The redirect URI scenarios register and send. Nothing needs to listen there.
    #[arg(long, default_value = DEFAULT_REDIRECT_URI, value_name = "URI")]
    pub redirect_uri: String,
    /// A resource (RFC 8707) the server issues tokens for, e.g. the MCP server's URL.
    /// Without it, the audience scenarios are skipped.
    #[arg(long, value_name = "URI")]
    pub resource: Option<String>,
    /// A scope to request (default: the first of the metadata's `scopes_supported`).
    #[arg(long)]
    pub scope: Option<String>,
    /// A pre-registered confidential client (for client_credentials scenarios).
    #[arg(long, env = "MCP_AUTH_HARNESS_CLIENT_ID")]
    pub client_id: Option<String>,
    /// Its secret.
    #[arg(long, env = "MCP_AUTH_HARNESS_CLIENT_SECRET", hide_env_values = true)]
    pub client_secret: Option<String>,
    /// A value scenarios read as `{{var.NAME}}` (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = crate::server_mode::parse_var)]
    pub vars: Vec<(String, String)>,
    /// Longest one scenario may take.
    #[arg(long, default_value_t = 120, value_name = "SECONDS")]
    pub scenario_timeout: u64,
    /// Default time limit of one request.
    #[arg(long, default_value_t = 10, value_name = "SECONDS")]
    pub request_timeout: u64,
}

/// Builds the run context from the flags (the scope is discovered later if not given).
pub fn context(args: &AuthzArgs) -> Result<RunContext, CommandError> {
    let target = AuthzTarget {
        issuer: args.issuer.clone(),
        redirect_uri: args.redirect_uri.clone(),
        resource: args.resource.clone(),
        consent_command: args.consent_command.clone(),
        consent_timeout: Duration::from_secs(args.consent_timeout.max(1)),
        client_id: args.client_id.clone(),
        client_secret: args.client_secret.as_deref().map(Secret::new),
    };
    let mut context = RunContext::authorization_server(target, args.version.spec_version)?;
    context.vars = args.vars.iter().cloned().collect::<BTreeMap<_, _>>();
    context.scenario_timeout = Duration::from_secs(args.scenario_timeout.max(1));
    context.request_timeout = Duration::from_secs(args.request_timeout.max(1));
    Ok(context)
}

/// Runs `authz`.
pub fn run(args: &AuthzArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, CommandError> {
    let Some(scenarios) = run_cmd::select(ScenarioRole::AuthorizationServer, &args.select, err)?
    else {
        return Ok(exit::HARNESS_ERROR);
    };
    let mut context = context(args)?;
    let runtime = run_cmd::runtime()?;
    runtime.block_on(async {
        let advertised = advertised_scopes(&context).await;
        context.scope = match &args.scope {
            Some(scope) => scope.clone(),
            None => advertised.first().cloned().unwrap_or_default(),
        };
        // A scope that is supported but not requested: what a refresh must not add.
        if let Some(other) = advertised.iter().find(|s| **s != context.scope) {
            context.vars.entry("other_scope".to_owned()).or_insert_with(|| other.clone());
        }
        writeln!(
            out,
            "Probing {} as an authorization server (spec {}).",
            sanitize(&args.issuer),
            context.spec_version
        )?;
        writeln!(out, "Fixture: {}.\n", fixture_name(args))?;
        let (_, code) = run_cmd::execute(scenarios, context, &args.reports, out).await?;
        Ok(code)
    })
}

fn fixture_name(args: &AuthzArgs) -> String {
    let consent = if args.consent_command.is_some() {
        "login and consent by --consent-command"
    } else {
        "no consent command (code-flow scenarios need a server that redirects back at once)"
    };
    let resource = if args.resource.is_some() { "" } else { "; no --resource" };
    format!("{consent}{resource}")
}

/// The scopes the metadata advertises (`openid` left out: it asks for an ID token, which
/// no scenario wants), or none.
pub async fn advertised_scopes(context: &RunContext) -> Vec<String> {
    let vars = context.builtin_variables("");
    let Ok(client) = crate::runner::http::client() else { return Vec::new() };
    for name in ["as_metadata_oauth_url", "as_metadata_oidc_url"] {
        let Some(url) = vars.get(name) else { continue };
        let get = crate::runner::http::Outgoing {
            method: "GET".to_owned(),
            url: url.clone(),
            headers: vec![("Accept".to_owned(), "application/json".to_owned())],
            body: None,
            timeout: context.request_timeout,
        };
        let Ok(response) = crate::runner::http::exchange(&client, &get).await else { continue };
        let scopes =
            serde_json::from_slice::<serde_json::Value>(&response.body).ok().and_then(|v| {
                let list = v.get("scopes_supported")?.as_array()?.iter();
                Some(
                    list.filter_map(serde_json::Value::as_str)
                        .filter(|s| *s != "openid")
                        .map(str::to_owned)
                        .collect::<Vec<_>>(),
                )
            });
        if let Some(scopes) = scopes.filter(|s| !s.is_empty()) {
            return scopes;
        }
    }
    Vec::new()
}
