#![allow(clippy::panic)]
//! The embedded requirement catalogue must match `shared/spec/requirements.md`, which lives
//! beside the repository (in CI: beside the clone).

use std::path::PathBuf;

use mcp_auth_proto::requirements::{CATALOGUE, lookup};

fn spec_text() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/spec/requirements.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the catalogue at {}: {e}; shared/ must sit beside the repository",
            path.display()
        )
    })
}

#[test]
fn catalogue_matches_the_spec() {
    let spec = spec_text();
    let ids_in_spec: Vec<&str> = spec
        .lines()
        .filter_map(|line| line.strip_prefix("| "))
        .filter_map(|rest| rest.split(" |").next())
        .filter(|id| {
            id.contains('-')
                && id.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
                && id.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        })
        .collect();
    let ours: Vec<&str> = CATALOGUE.iter().map(|row| row.id.as_str()).collect();
    assert_eq!(ours, ids_in_spec, "regenerate with tools/gen-requirements.py");
    assert_eq!(ours.len(), 181);
}

#[test]
fn lookup_finds_rows_and_their_levels() {
    let row = lookup("RS-PRM-RESOURCE").unwrap();
    assert_eq!(row.role, "RS");
    assert_eq!(row.level, "MUST");
    assert!(lookup("RS-NOPE").is_none());
}

#[test]
fn every_row_carries_its_requirement_sources_and_test_method_verbatim() {
    let spec = spec_text();
    for row in CATALOGUE {
        let prefix = format!("| {} |", row.id.as_str());
        let line = spec
            .lines()
            .find(|line| line.starts_with(&prefix))
            .unwrap_or_else(|| panic!("{} is not in the spec", row.id.as_str()));
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').map(str::trim).collect();
        assert_eq!(
            cells,
            [
                row.id.as_str(),
                row.role,
                row.level,
                row.versions,
                row.requirement,
                row.sources,
                row.test
            ],
            "regenerate with tools/gen-requirements.py"
        );
    }
    let row = lookup("RS-TOKEN-AUDIENCE").unwrap();
    assert!(row.requirement.starts_with("Server accepts only tokens issued specifically for it"));
    assert!(row.sources.contains("RFC 8707 §2"));
}
