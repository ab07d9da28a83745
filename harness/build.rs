//! Embeds the built-in scenarios (`../scenarios/**/*.yaml`) so an installed binary carries
//! them: writes `$OUT_DIR/builtin_scenarios.rs` with one `(relative path, contents)` entry
//! per file, sorted by path.

use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let root = manifest.join("..").join("scenarios");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut out =
        String::from("/// Built-in scenario files: (path under `scenarios/`, contents).\n");
    out.push_str("pub static BUILTIN: &[(&str, &str)] = &[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let relative = path.strip_prefix(&root).unwrap_or(path);
        let relative = relative.to_string_lossy().replace('\\', "/");
        out.push_str(&format!(
            "    ({relative:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest =
        PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default()).join("builtin_scenarios.rs");
    if let Err(e) = fs::write(&dest, out) {
        println!("cargo:warning=cannot write {}: {e}", dest.display());
        std::process::exit(1);
    }
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => {
                println!("cargo:rerun-if-changed={}", path.display());
                collect(&path, files);
            }
            Ok(t) if t.is_file() && path.extension().is_some_and(|e| e == "yaml") => {
                files.push(path)
            }
            _ => {}
        }
    }
}
