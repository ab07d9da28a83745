//! Replays every committed seed of `fuzz/corpus/<target>/` through the property function
#![allow(clippy::panic, clippy::unwrap_used)]
//! its fuzz target calls, so the seeds are checked by `cargo test` on the stable toolchain.

use std::path::PathBuf;

use mcp_auth_proto::properties;

type Property = fn(&[u8]);

const TARGETS: &[(&str, Property)] = &[
    ("www_authenticate", properties::www_authenticate),
    ("www_authenticate_structured", properties::www_authenticate_structured),
    ("authorization", properties::authorization),
    ("prm", properties::prm),
    ("as_metadata", properties::as_metadata),
    ("well_known_urls", properties::well_known_urls),
    ("dcr", properties::dcr),
    ("token_response", properties::token_response),
    ("introspection", properties::introspection),
    ("jwt_claims", properties::jwt_claims),
];

fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus").join(target);
    let mut seeds: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("no seed corpus at {}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            (path.display().to_string(), std::fs::read(&path).unwrap())
        })
        .collect();
    seeds.sort();
    seeds
}

#[test]
fn every_target_has_seeds_and_every_seed_keeps_its_properties() {
    for (target, property) in TARGETS {
        let seeds = corpus(target);
        assert!(!seeds.is_empty(), "fuzz/corpus/{target} has no seeds");
        for (name, data) in seeds {
            let outcome = std::panic::catch_unwind(|| property(&data));
            assert!(outcome.is_ok(), "seed {name} breaks a property of {target}");
        }
    }
}

#[test]
fn every_fuzz_target_is_replayed() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/fuzz_targets");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut replayed: Vec<String> = TARGETS.iter().map(|(t, _)| (*t).to_owned()).collect();
    replayed.sort();
    assert_eq!(on_disk, replayed, "a fuzz target without seed replay, or the reverse");
}
