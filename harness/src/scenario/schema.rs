//! The JSON Schema of the scenario format, generated from [`super::model`]. The committed
//! copy (`harness/schema/scenario.v1.schema.json`) is for editors and users; the test
//! `committed_schema_is_current` fails when it is stale (regenerate with
//! `MCP_AUTH_UPDATE_SCHEMA=1 cargo test -p mcp-auth-harness --lib scenario::schema`).

use schemars::generate::SchemaSettings;

use super::model::ScenarioFile;

/// The schema as pretty JSON, with a trailing newline.
pub fn scenario_schema_json() -> String {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<ScenarioFile>();
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::panic)]
    fn committed_schema_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("schema")
            .join("scenario.v1.schema.json");
        let generated = scenario_schema_json();
        if std::env::var_os("MCP_AUTH_UPDATE_SCHEMA").is_some() {
            std::fs::create_dir_all(path.parent().unwrap_or(&path)).unwrap_or_default();
            std::fs::write(&path, &generated).unwrap_or_default();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != generated {
            panic!(
                "{} is stale; regenerate with MCP_AUTH_UPDATE_SCHEMA=1 cargo test -p \
                 mcp-auth-harness --lib scenario::schema",
                path.display()
            );
        }
    }
}
