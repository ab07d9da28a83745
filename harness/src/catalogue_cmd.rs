//! `list`, `explain` and `validate`: reading the scenario catalogue without running it.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use mcp_auth_proto::requirements::lookup;

use crate::cli::CommandError;
use crate::exit;
use crate::output::{sanitize, sanitize_lines};
use crate::scenario::load::{self, role_name};
use crate::scenario::model::ScenarioRole;
use crate::scenario::{self, Scenario};

#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    /// Only scenarios of this role: server, client, authorization-server.
    #[arg(long, value_parser = parse_role)]
    pub role: Option<ScenarioRole>,
    /// Also load scenario files from this folder (repeatable).
    #[arg(long = "scenarios", value_name = "DIR")]
    pub scenario_dirs: Vec<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct ExplainArgs {
    /// A scenario ID (`server/token/expired`) or a requirement ID (`RS-TOKEN-EXPIRED`).
    pub id: String,
    /// Also load scenario files from this folder (repeatable).
    #[arg(long = "scenarios", value_name = "DIR")]
    pub scenario_dirs: Vec<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct ValidateArgs {
    /// Scenario folders (IDs are paths within them) or single files (checked against their
    /// own name). Without a path: the built-in scenarios.
    pub paths: Vec<PathBuf>,
}

fn parse_role(text: &str) -> Result<ScenarioRole, String> {
    match text {
        "server" => Ok(ScenarioRole::Server),
        "client" => Ok(ScenarioRole::Client),
        "authorization-server" => Ok(ScenarioRole::AuthorizationServer),
        other => Err(format!("unknown role {other:?}: server, client or authorization-server")),
    }
}

fn everything(
    dirs: &[PathBuf],
    err: &mut dyn Write,
) -> Result<Option<Vec<Scenario>>, CommandError> {
    let roles = [ScenarioRole::Server, ScenarioRole::Client, ScenarioRole::AuthorizationServer];
    let mut all = Vec::new();
    for role in roles {
        match scenario::catalogue(role, dirs) {
            Ok(found) => all.extend(found),
            Err(errors) => {
                for e in errors {
                    writeln!(err, "error: {}", sanitize_lines(&e.to_string()))?;
                }
                return Ok(None);
            }
        }
    }
    all.sort_by(|a, b| a.id().cmp(b.id()));
    Ok(Some(all))
}

fn versions(s: &Scenario) -> String {
    if s.since == s.until { s.since.to_string() } else { format!("{}..{}", s.since, s.until) }
}

pub fn list(args: &ListArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, CommandError> {
    let Some(all) = everything(&args.scenario_dirs, err)? else { return Ok(exit::HARNESS_ERROR) };
    let shown: Vec<&Scenario> =
        all.iter().filter(|s| args.role.is_none_or(|r| r == s.file.role)).collect();
    for s in &shown {
        let requirements: Vec<&str> =
            s.file.requirements.iter().map(|r| r.value.as_str()).collect();
        writeln!(
            out,
            "{:<46} {:<7} {:<22} {}  [{}]",
            s.id(),
            role_name(s.file.role),
            versions(s),
            sanitize(&s.file.title),
            requirements.join(", ")
        )?;
    }
    writeln!(out, "{} scenario(s)", shown.len())?;
    Ok(exit::OK)
}

pub fn explain(
    args: &ExplainArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, CommandError> {
    let Some(all) = everything(&args.scenario_dirs, err)? else { return Ok(exit::HARNESS_ERROR) };
    if let Some(s) = all.iter().find(|s| s.id() == args.id) {
        writeln!(out, "{}: {}", s.id(), sanitize(&s.file.title))?;
        writeln!(out, "role: {}; spec versions: {}", role_name(s.file.role), versions(s))?;
        if let Some(name) = &s.file.official_name {
            writeln!(out, "official suite: {name}")?;
        }
        if !s.file.tags.is_empty() {
            writeln!(out, "tags: {}", s.file.tags.join(", "))?;
        }
        writeln!(out, "source: {}\n", s.origin)?;
        writeln!(out, "{}\n", s.file.description.trim_end())?;
        writeln!(out, "Checks:")?;
        for c in &s.checks {
            writeln!(
                out,
                "  {} ({} {}): {}",
                c.id,
                c.requirement.id.as_str(),
                c.level,
                sanitize(&c.claim)
            )?;
        }
        writeln!(out, "\nRequirements:")?;
        for r in &s.file.requirements {
            if let Some(row) = lookup(&r.value) {
                write_row(out, row)?;
            }
        }
        return Ok(exit::OK);
    }
    if let Some(row) = lookup(&args.id) {
        write_row(out, row)?;
        let covering: Vec<&str> = all
            .iter()
            .filter(|s| s.file.requirements.iter().any(|r| r.value == args.id))
            .map(Scenario::id)
            .collect();
        if covering.is_empty() {
            writeln!(out, "No scenario checks it (scenarios/README.md says why).")?;
        } else {
            writeln!(out, "Checked by: {}", covering.join(", "))?;
        }
        return Ok(exit::OK);
    }
    writeln!(
        err,
        "error: {:?} is neither a scenario ID nor a requirement ID (see `list`)",
        args.id
    )?;
    Ok(exit::HARNESS_ERROR)
}

fn write_row(
    out: &mut dyn Write,
    row: &mcp_auth_proto::requirements::CatalogueRow,
) -> Result<(), CommandError> {
    writeln!(
        out,
        "  {} — {} {} ({} spec versions {})",
        row.id.as_str(),
        row.role,
        row.level,
        row.role,
        row.versions
    )?;
    writeln!(out, "    requirement: {}", row.requirement)?;
    writeln!(out, "    spec: {}", row.sources)?;
    writeln!(out, "    how it is tested: {}", row.test)?;
    Ok(())
}

pub fn validate(
    args: &ValidateArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, CommandError> {
    let mut count = 0usize;
    let mut errors = Vec::new();
    if args.paths.is_empty() {
        match scenario::builtin() {
            Ok(found) => count += found.len(),
            Err(mut e) => errors.append(&mut e),
        }
    }
    for path in &args.paths {
        if path.is_dir() {
            match load::load_dir(path) {
                Ok(found) => count += found.len(),
                Err(mut e) => errors.append(&mut e),
            }
            continue;
        }
        let origin = path.display().to_string();
        let id = path.file_name().and_then(|n| load::expected_id(std::path::Path::new(n)));
        let result = std::fs::read_to_string(path)
            .map_err(|e| load::LoadError {
                origin: origin.clone(),
                line: 0,
                column: 0,
                message: format!("cannot read: {e}"),
                source_line: None,
            })
            .and_then(|text| {
                // A single file: the ID's last segment must be the file's name.
                let declared = serde_saphyr::from_str::<serde_json::Value>(&text)
                    .ok()
                    .and_then(|v| v.get("id").and_then(|i| i.as_str()).map(str::to_owned));
                let expected = match (&declared, &id) {
                    (Some(d), Some(stem)) if d.rsplit('/').next() == Some(stem.as_str()) => {
                        d.clone()
                    }
                    _ => id.clone().unwrap_or_default(),
                };
                load::parse(&origin, &text, &expected)
            });
        match result {
            Ok(_) => count += 1,
            Err(e) => errors.push(e),
        }
    }
    for e in &errors {
        writeln!(err, "error: {}", sanitize_lines(&e.to_string()))?;
    }
    writeln!(out, "{count} valid scenario file(s), {} invalid", errors.len())?;
    Ok(if errors.is_empty() { exit::OK } else { exit::CONFORMANCE_FAILURE })
}
