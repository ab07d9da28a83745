//! Scenarios: the file format ([`model`]), `{{variable}}` templates ([`template`]), loading
//! and load-time rules ([`load`]), the built-in set, selection, and the generated JSON
//! Schema ([`schema`]).

pub mod load;
pub mod model;
pub mod schema;
pub mod template;

use std::path::Path;

use mcp_auth_proto::SpecVersion;

pub use load::{CheckInfo, LoadError, Scenario};
pub use model::ScenarioRole;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_scenarios.rs"));
}

/// The scenarios shipped with the harness (`scenarios/` at build time), sorted by ID.
pub fn builtin() -> Result<Vec<Scenario>, Vec<LoadError>> {
    let mut scenarios = Vec::new();
    let mut errors = Vec::new();
    for (path, text) in builtin::BUILTIN {
        let Some(id) = load::expected_id(Path::new(path)) else { continue };
        match load::parse(&format!("scenarios/{path}"), text, &id) {
            Ok(s) => scenarios.push(s),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() { Ok(scenarios) } else { Err(errors) }
}

/// Which scenarios to run.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Scenario IDs or ID prefixes ending in `/` (`server/token/`); empty: all.
    pub scenarios: Vec<String>,
    /// Requirement IDs; empty: all.
    pub requirements: Vec<String>,
    /// Tags; empty: all.
    pub tags: Vec<String>,
}

impl Selection {
    pub fn matches(&self, scenario: &Scenario) -> bool {
        let id = scenario.id();
        let by_id = self.scenarios.is_empty()
            || self.scenarios.iter().any(|s| s == id || (s.ends_with('/') && id.starts_with(s)));
        let by_requirement = self.requirements.is_empty()
            || scenario.file.requirements.iter().any(|r| self.requirements.contains(&r.value));
        let by_tag =
            self.tags.is_empty() || scenario.file.tags.iter().any(|t| self.tags.contains(t));
        by_id && by_requirement && by_tag
    }
}

/// The built-in scenarios plus those under `extra` folders, for one role: an ID defined
/// twice is an error (a user file cannot silently replace a built-in one).
pub fn catalogue(
    role: ScenarioRole,
    extra: &[impl AsRef<Path>],
) -> Result<Vec<Scenario>, Vec<LoadError>> {
    let mut all = builtin()?;
    let mut errors = Vec::new();
    for dir in extra {
        match load::load_dir(dir.as_ref()) {
            Ok(found) => all.extend(found),
            Err(mut e) => errors.append(&mut e),
        }
    }
    all.sort_by(|a, b| a.id().cmp(b.id()));
    for pair in all.windows(2) {
        if let [a, b] = pair
            && a.id() == b.id()
        {
            errors.push(LoadError {
                origin: b.origin.clone(),
                line: b.file.id.referenced.line(),
                column: b.file.id.referenced.column(),
                message: format!("scenario {} is also defined by {}", b.id(), a.origin),
                source_line: None,
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    all.retain(|s| s.file.role == role);
    Ok(all)
}

/// Whether `scenario` runs under `version`, and if not, why not.
pub fn not_applicable(scenario: &Scenario, version: SpecVersion) -> Option<String> {
    (!scenario.applies_to(version)).then(|| {
        if scenario.since == scenario.until {
            format!("applies to spec version {} only", scenario.since)
        } else {
            format!("applies to spec versions {} to {}", scenario.since, scenario.until)
        }
    })
}
