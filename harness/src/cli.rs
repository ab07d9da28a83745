//! Command-line interface: argument definitions and dispatch.
//!
//! Output goes to the writers `run` is given, so tests can capture it; the exit code is one
//! of the constants in [`crate::exit`].

use std::io::Write;

use clap::{Args, Parser, Subcommand, ValueEnum};
use mcp_auth_proto::challenge::ChallengeContext;
use mcp_auth_proto::discovery::{
    IdentifierError, IssuerIdentifier, ResourceIdentifier, as_metadata_03, as_metadata_candidates,
    prm_client_order,
};
use mcp_auth_proto::documents::as_metadata::MetadataFlavour;
use mcp_auth_proto::documents::prm::ResourceProfile;
use mcp_auth_proto::{FindingsExt, SpecVersion};
use serde::Serialize;

use crate::exit;
use crate::inspect::{self, Inspection};
use crate::output;
use crate::source::SourceError;

/// Conformance and fuzz test harness for MCP authorization.
#[derive(Debug, Parser)]
#[command(name = "mcp-auth-harness", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run one parser or validator of the protocol core on one input.
    #[command(subcommand)]
    Inspect(InspectCommand),
    /// Run the harness against its built-in targets (the reference MCP server and labelled
    /// broken variants; sample documents) and verify each verdict; reports go to --out.
    Demo(DemoArgs),
    /// Run the mock authorization and MCP servers.
    #[command(subcommand)]
    Mocks(MocksCommand),
    /// Probe an MCP server acting as an OAuth resource server.
    Server(Box<crate::server_mode::ServerArgs>),
    /// Probe an OAuth authorization server as MCP clients use it (metadata, registration,
    /// authorization refusals; with a way through consent, the code flow).
    Authz(Box<crate::authz_mode::AuthzArgs>),
    /// Test an MCP client: launch it against mock authorization and MCP servers that behave
    /// correctly or lie, and judge what it does (the official conformance suite's client
    /// contract).
    Client(Box<crate::client_mode::ClientArgs>),
    /// The reference client (what `mcp-auth-reference-client` runs), for `demo` and tests.
    #[command(hide = true)]
    ReferenceClient {
        /// Break one rule (repeatable, or comma-separated).
        #[arg(long = "break", value_name = "NAME", env = crate::reference_client::config::ENV_BREAK)]
        breaks: Vec<String>,
        /// Arguments; the last one is the MCP server URL.
        #[arg(required = true, value_name = "ARG")]
        args: Vec<String>,
    },
    /// The stand-in browser of `client --browser` (run by the client, not by people).
    #[command(hide = true)]
    Browse {
        #[arg(required = true)]
        urls: Vec<String>,
    },
    /// List the scenarios (built-in and from --scenarios folders).
    List(crate::catalogue_cmd::ListArgs),
    /// Explain a scenario or a requirement: what is checked, why, and the spec text.
    Explain(crate::catalogue_cmd::ExplainArgs),
    /// Check scenario files (strict YAML, known requirements and variables).
    Validate(crate::catalogue_cmd::ValidateArgs),
}

#[derive(Debug, Subcommand)]
pub enum MocksCommand {
    /// Start the mocks (conformant unless --config says otherwise), print their URLs and
    /// every request they receive, until Ctrl-C.
    Serve(crate::mocks_cmd::ServeArgs),
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Also print each target's console report and every finding of every sample.
    #[arg(long)]
    pub verbose: bool,
    /// Folder for the JUnit and JSON reports (created if missing).
    #[arg(long, default_value = "mcp-auth-harness-demo")]
    pub out: std::path::PathBuf,
}

/// The MCP spec version whose rules apply.
#[derive(Debug, Clone, Args)]
pub struct VersionArg {
    /// MCP spec version: 2025-03-26, 2025-06-18, 2025-11-25, 2026-07-28 (or draft).
    #[arg(long, default_value = "2026-07-28", value_parser = parse_spec_version)]
    pub spec_version: SpecVersion,
}

fn parse_spec_version(s: &str) -> Result<SpecVersion, String> {
    s.parse().map_err(|e: mcp_auth_proto::spec_version::UnknownSpecVersion| e.to_string())
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProfileArg {
    /// RFC 9728 §3.3 exactly: `resource` identical to the identifier.
    Strict,
    /// Also accept same-origin path prefixes and cosmetic differences, as info.
    McpLenient,
}

#[derive(Debug, Subcommand)]
pub enum InspectCommand {
    /// Parse `WWW-Authenticate` field values (one VALUE per field) and check the Bearer
    /// challenge.
    WwwAuthenticate {
        /// Header field values, one per `WWW-Authenticate` field of the response.
        #[arg(required = true)]
        values: Vec<String>,
        /// HTTP status of the response the header came with.
        #[arg(long, default_value_t = 401)]
        status: u16,
        /// The request carried credentials (error codes are then expected).
        #[arg(long)]
        with_credentials: bool,
        #[command(flatten)]
        version: VersionArg,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Validate a Protected Resource Metadata document (RFC 9728).
    Prm {
        /// A file, `-` for standard input, or an http(s) URL to fetch.
        source: String,
        /// The resource identifier the document must name (derived from a well-known URL
        /// when omitted).
        #[arg(long)]
        resource: Option<String>,
        #[arg(long, value_enum, default_value = "strict")]
        profile: ProfileArg,
        #[command(flatten)]
        version: VersionArg,
        #[arg(long)]
        json: bool,
    },
    /// Validate authorization-server metadata (RFC 8414 or OpenID Connect Discovery).
    AsMetadata {
        /// A file, `-` for standard input, or an http(s) URL to fetch.
        source: String,
        /// The issuer the document must name (derived from a well-known URL when omitted).
        #[arg(long)]
        issuer: Option<String>,
        /// Judge as an OpenID Connect Discovery document.
        #[arg(long)]
        oidc: bool,
        #[command(flatten)]
        version: VersionArg,
        #[arg(long)]
        json: bool,
    },
    /// Validate a dynamic client registration response (RFC 7591).
    DcrResponse {
        /// A file, `-` for standard input, or an http(s) URL to fetch.
        source: String,
        /// HTTP status the response came with (for files).
        #[arg(long, default_value_t = 201)]
        status: u16,
        #[command(flatten)]
        version: VersionArg,
        #[arg(long)]
        json: bool,
    },
    /// Validate a token endpoint response (OAuth 2.1 §3.2.3).
    TokenResponse {
        /// A file or `-` for standard input.
        source: String,
        /// HTTP status the response came with.
        #[arg(long, default_value_t = 200)]
        status: u16,
        /// The response's Cache-Control header (assumed `no-store` when omitted).
        #[arg(long)]
        cache_control: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Print the discovery URLs a conformant client tries, in order.
    WellKnown(WellKnownArgs),
}

#[derive(Debug, Args)]
#[group(required = true, multiple = false, id = "identifier")]
pub struct WellKnownArgs {
    /// An MCP server URL (resource identifier): prints its PRM candidates.
    #[arg(long, group = "identifier")]
    pub resource: Option<String>,
    /// `resource_metadata` from the server's 401, if it sent one.
    #[arg(long, requires = "resource")]
    pub header_url: Option<String>,
    /// An authorization-server issuer: prints its metadata candidates.
    #[arg(long, group = "identifier")]
    pub issuer: Option<String>,
    #[command(flatten)]
    pub version: VersionArg,
    #[arg(long)]
    pub json: bool,
}

/// Runs a parsed command line, writing to `out` and `err`; returns the exit code.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let result = match cli.command {
        Command::Inspect(command) => run_inspect(command, out, err),
        Command::Demo(args) => crate::demo::run(&args, out),
        Command::Mocks(MocksCommand::Serve(args)) => crate::mocks_cmd::serve(&args, out, err),
        Command::Server(args) => crate::server_mode::run(&args, out, err),
        Command::Authz(args) => crate::authz_mode::run(&args, out, err),
        Command::Client(args) => crate::client_mode::run(&args, out, err),
        Command::Browse { urls } => Ok(crate::browser::run_browse(&urls)),
        Command::ReferenceClient { breaks, args } => {
            Ok(crate::reference_client::main_with(&args, &breaks, out, err))
        }
        Command::List(args) => crate::catalogue_cmd::list(&args, out, err),
        Command::Explain(args) => crate::catalogue_cmd::explain(&args, out, err),
        Command::Validate(args) => crate::catalogue_cmd::validate(&args, out, err),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // A broken pipe or similar on our own output: nothing more can be said.
            let _ = writeln!(err, "error: {e}");
            exit::HARNESS_ERROR
        }
    }
}

/// Errors that end a command with [`exit::HARNESS_ERROR`].
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error(transparent)]
    Identifier(#[from] IdentifierError),
    #[error("writing output failed: {0}")]
    Output(#[from] std::io::Error),
    #[error(transparent)]
    World(#[from] mcp_auth_mocks::world::WorldError),
    #[error(transparent)]
    Config(#[from] crate::mocks_cmd::ConfigFileError),
    #[error(transparent)]
    Context(#[from] crate::runner::context::ContextError),
    #[error(transparent)]
    Baseline(#[from] mcp_auth_reports::baseline::BaselineError),
    #[error("cannot write the report {path}: {source}")]
    Report {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Record(#[from] mcp_auth_reports::RecordError),
    #[error("built-in scenarios do not load:\n{0}")]
    Scenarios(String),
    #[error(transparent)]
    Target(#[from] crate::reference::TargetError),
    #[error("the harness's authorization server could not start: {0}")]
    Authority(#[from] mcp_auth_mocks::authority::AuthorityError),
}

fn run_inspect(
    command: InspectCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, CommandError> {
    let (inspection, json) = match command {
        InspectCommand::WwwAuthenticate { values, status, with_credentials, version, json } => {
            let context = ChallengeContext {
                status,
                request_had_credentials: with_credentials,
                spec_version: version.spec_version,
            };
            (inspect::www_authenticate(&values, &context), json)
        }
        InspectCommand::Prm { source, resource, profile, version, json } => {
            let profile = match profile {
                ProfileArg::Strict => ResourceProfile::Strict,
                ProfileArg::McpLenient => ResourceProfile::McpLenient,
            };
            (inspect::prm(&source, resource, version.spec_version, profile)?, json)
        }
        InspectCommand::AsMetadata { source, issuer, oidc, version, json } => {
            let flavour = oidc.then_some(MetadataFlavour::OpenId);
            (inspect::as_metadata(&source, issuer, flavour, version.spec_version)?, json)
        }
        InspectCommand::DcrResponse { source, status, version, json } => {
            (inspect::dcr_response(&source, status, version.spec_version)?, json)
        }
        InspectCommand::TokenResponse { source, status, cache_control, json } => {
            (inspect::token_response(&source, status, cache_control)?, json)
        }
        InspectCommand::WellKnown(args) => return well_known(&args, out, err),
    };
    print_inspection(&inspection, json, out)?;
    Ok(if inspection.findings.has_must() { exit::CONFORMANCE_FAILURE } else { exit::OK })
}

fn print_inspection(
    inspection: &Inspection,
    json: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if json {
        return output::write_json(out, inspection);
    }
    for note in &inspection.notes {
        writeln!(out, "note: {}", output::sanitize(note))?;
    }
    if let Some(challenges) = &inspection.challenges {
        for c in challenges {
            let line = serde_json::to_string(c).map_err(std::io::Error::other)?;
            writeln!(out, "challenge: {}", output::sanitize(&line))?;
        }
    }
    output::write_findings(out, &inspection.findings)
}

#[derive(Debug, Serialize)]
struct Candidate {
    url: String,
    kind: &'static str,
    expected: String,
}

fn well_known(
    args: &WellKnownArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, CommandError> {
    let version = args.version.spec_version;
    let mut warnings = Vec::new();
    let candidates: Vec<Candidate> = if let Some(resource) = &args.resource {
        let id = ResourceIdentifier::parse(resource)?;
        warnings.extend(id.warnings().iter().map(|w| w.message()));
        if version == SpecVersion::V2025_03_26 {
            let d = as_metadata_03(&id);
            vec![Candidate {
                url: d.metadata_url,
                kind: "as-metadata-origin (2025-03-26)",
                expected: d.base_url,
            }]
        } else {
            prm_client_order(&id, args.header_url.as_deref(), version)
                .into_iter()
                .map(|c| Candidate {
                    kind: match c.source {
                        mcp_auth_proto::discovery::PrmSource::Header => "prm-header",
                        mcp_auth_proto::discovery::PrmSource::PathInserted => "prm-path-inserted",
                        mcp_auth_proto::discovery::PrmSource::Root => "prm-root",
                    },
                    url: c.url,
                    expected: c.expected_resource,
                })
                .collect()
        }
    } else if let Some(issuer) = &args.issuer {
        let id = IssuerIdentifier::parse(issuer)?;
        warnings.extend(id.warnings().iter().map(|w| w.message()));
        as_metadata_candidates(&id, version)
            .into_iter()
            .map(|c| Candidate {
                kind: match (c.kind, c.construction) {
                    (mcp_auth_proto::discovery::MetadataKind::OAuth, _) => {
                        "oauth-authorization-server"
                    }
                    (_, mcp_auth_proto::discovery::Construction::Inserted) => {
                        "openid-configuration-inserted"
                    }
                    (_, mcp_auth_proto::discovery::Construction::Appended) => {
                        "openid-configuration-appended"
                    }
                },
                url: c.url,
                expected: c.expected_issuer,
            })
            .collect()
    } else {
        Vec::new()
    };
    for w in warnings {
        writeln!(err, "warning: {w}")?;
    }
    if args.json {
        let urls: Vec<&str> = candidates.iter().map(|c| c.url.as_str()).collect();
        output::write_json(out, &urls)?;
    } else {
        for c in &candidates {
            writeln!(out, "{}", c.url)?;
        }
    }
    if candidates.is_empty() {
        writeln!(
            err,
            "no discovery URL: a {version} client has nothing to fetch for this input{}",
            if args.resource.is_some() && version == SpecVersion::V2025_06_18 {
                " (2025-06-18 clients use only the resource_metadata URL of the 401; pass --header-url)"
            } else {
                ""
            }
        )?;
    }
    Ok(exit::OK)
}
