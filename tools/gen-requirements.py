#!/usr/bin/env python3
"""Regenerates proto/src/requirements.rs from ../shared/spec/requirements.md.

Run from the repository root: python3 tools/gen-requirements.py && cargo fmt
"""
import re
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
spec = root.parent / "shared" / "spec" / "requirements.md"
rows = []
for line in spec.read_text(encoding="utf-8").splitlines():
    if re.match(r"^\| ([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+) \|", line):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 7:
            sys.exit(f"row with {len(cells)} cells, expected 7: {line}")
        rows.append(tuple(cells))


def esc(s):
    return s.replace("\\", "\\\\").replace('"', '\\"')


def const(i):
    return i.replace("-", "_")


head = '''//! The requirement catalogue: every row of `shared/spec/requirements.md`, with the role,
//! level, spec versions, requirement text, sources and test method its table gives.
//!
//! Generated from the catalogue by `tools/gen-requirements.py`; the test
//! `catalogue_matches_the_spec` fails when the two drift apart. Each ID is also a constant so
//! that code naming a requirement is checked by the compiler.

use crate::finding::RequirementId;

/// One row of the catalogue, as its table states it (the level column is free text there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogueRow {
    pub id: RequirementId,
    pub role: &'static str,
    pub level: &'static str,
    pub versions: &'static str,
    /// The requirement, as the catalogue words it (Markdown).
    pub requirement: &'static str,
    /// Where the spec says it (spec and RFC sections).
    pub sources: &'static str,
    /// How the catalogue says to test it, with its pass and fail rules (Markdown).
    pub test: &'static str,
}
'''
out = [head]
for (i, r, l, v, *_rest) in rows:
    out.append(f'pub const {const(i)}: RequirementId = RequirementId::new("{i}");')
out.append("")
out.append("/// Every row, in catalogue order.")
out.append("pub const CATALOGUE: &[CatalogueRow] = &[")
for (i, r, l, v, text, sources, test) in rows:
    out.append(
        f'    CatalogueRow {{ id: {const(i)}, role: "{esc(r)}", level: "{esc(l)}", versions: "{esc(v)}", '
        f'requirement: "{esc(text)}", sources: "{esc(sources)}", test: "{esc(test)}" }},'
    )
out.append("];")
out.append("")
out.append("/// Looks a row up by its ID.")
out.append("pub fn lookup(id: &str) -> Option<&'static CatalogueRow> {")
out.append("    CATALOGUE.iter().find(|row| row.id.as_str() == id)")
out.append("}")
(root / "proto" / "src" / "requirements.rs").write_text("\n".join(out) + "\n", encoding="utf-8")
print(f"{len(rows)} rows", file=sys.stderr)
