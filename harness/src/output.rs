//! Printing findings for people and for machines.
//!
//! Human output is one line per finding, strongest first within each input, then a
//! summary line; JSON output is one object with a `findings` array. Both are deterministic:
//! the same input always prints the same bytes.

use std::io::{self, Write};

use mcp_auth_proto::{Finding, Level};
use serde::Serialize;

/// Counts of findings by level, for summaries.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub must: usize,
    pub should: usize,
    pub may: usize,
    pub robust: usize,
    pub info: usize,
}

impl Tally {
    pub fn of(findings: &[Finding]) -> Self {
        let mut t = Tally::default();
        for f in findings {
            match f.level {
                Level::Must => t.must += 1,
                Level::Should => t.should += 1,
                Level::May => t.may += 1,
                Level::Robust => t.robust += 1,
                Level::Info => t.info += 1,
            }
        }
        t
    }

    pub fn summary(&self) -> String {
        let total = self.must + self.should + self.may + self.robust + self.info;
        if total == 0 {
            return "no findings".to_owned();
        }
        let parts: Vec<String> = [
            (self.must, "MUST"),
            (self.should, "SHOULD"),
            (self.may, "MAY"),
            (self.robust, "robust"),
            (self.info, "info"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, name)| format!("{n} {name}"))
        .collect();
        format!("{total} finding{}: {}", if total == 1 { "" } else { "s" }, parts.join(", "))
    }
}

/// Writes findings one per line: `LEVEL  REQUIREMENT  [path]  message`.
pub fn write_findings(out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
    for f in findings {
        let path = f.path.as_ref().map(|p| format!(" {p}")).unwrap_or_default();
        writeln!(
            out,
            "{:<6} {}{}: {}",
            f.level.as_str(),
            f.requirement,
            path,
            sanitize(&f.message)
        )?;
    }
    writeln!(out, "{}", Tally::of(findings).summary())
}

/// Serializes `value` as pretty JSON followed by a newline.
pub fn write_json<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::other)?;
    writeln!(out)
}

/// Replaces control characters so target-supplied text cannot move the cursor, clear the
/// screen or forge extra lines in a terminal.
pub fn sanitize(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { char::REPLACEMENT_CHARACTER } else { c }).collect()
}

/// [`sanitize`] line by line: keeps the line breaks of multi-line messages (a load error
/// with its caret), nothing else.
pub fn sanitize_lines(text: &str) -> String {
    text.lines().map(sanitize).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use mcp_auth_proto::requirements::RS_PRM_RESOURCE;

    #[test]
    fn summary_counts_by_level() {
        let findings = [
            Finding::new(RS_PRM_RESOURCE, Level::Must, "a"),
            Finding::new(RS_PRM_RESOURCE, Level::Info, "b"),
        ];
        assert_eq!(Tally::of(&findings).summary(), "2 findings: 1 MUST, 1 info");
        assert_eq!(Tally::of(&[]).summary(), "no findings");
    }

    #[test]
    fn terminal_control_characters_are_neutralised() {
        let mut out = Vec::new();
        write_findings(&mut out, &[Finding::new(RS_PRM_RESOURCE, Level::Must, "x\x1b[2Jy\nz")])
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains('\x1b'));
        assert_eq!(text.lines().count(), 2, "{text}");
    }
}
