//! Findings: what a validator reports about a target's output.
//!
//! A finding is not a verdict. It names the catalogue requirement it concerns, the strength
//! of that requirement, where in the input it was seen, and what a person should do about
//! it. Runners turn findings into check outcomes; `inspect` prints them.

use std::fmt;

use serde::{Serialize, Serializer};

/// The ID of a row of the requirement catalogue (`shared/spec/requirements.md`), such as
/// `RS-PRM-RESOURCE`. Constants for every row live in [`crate::requirements`].
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RequirementId(&'static str);

impl RequirementId {
    /// Wraps a catalogue ID. Use the constants in [`crate::requirements`] instead of calling
    /// this with a literal, so that a typo is a compile error.
    pub const fn new(id: &'static str) -> Self {
        Self(id)
    }

    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

impl fmt::Debug for RequirementId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Display for RequirementId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for RequirementId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

/// How strong the broken rule is. `MUST NOT` is [`Level::Must`], `SHOULD NOT` is
/// [`Level::Should`]; the polarity lives in the message.
///
/// Ordered from the weakest to the strongest, so `max()` over findings gives the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Level {
    /// Not a violation: a fact worth knowing (a tolerated interop quirk, a lenient reading).
    #[serde(rename = "info")]
    Info,
    /// No normative keyword; a safety expectation (never crash, stay bounded).
    #[serde(rename = "robust")]
    Robust,
    #[serde(rename = "MAY")]
    May,
    #[serde(rename = "SHOULD")]
    Should,
    #[serde(rename = "MUST")]
    Must,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Robust => "robust",
            Level::May => "MAY",
            Level::Should => "SHOULD",
            Level::Must => "MUST",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A JSON path in the normalized form of RFC 9535 §2.7 (`$['resource']`,
/// `$['authorization_servers'][0]`), which stays unambiguous for any member name.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct JsonPath(String);

impl JsonPath {
    /// The root, `$`.
    pub fn root() -> Self {
        Self("$".to_owned())
    }

    /// The path of member `name` below `self`.
    pub fn key(&self, name: &str) -> Self {
        let mut out = String::with_capacity(self.0.len() + name.len() + 4);
        out.push_str(&self.0);
        out.push_str("['");
        for c in name.chars() {
            match c {
                '\'' => out.push_str("\\'"),
                '\\' => out.push_str("\\\\"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push_str("']");
        Self(out)
    }

    /// The path of element `index` below `self`.
    pub fn index(&self, index: usize) -> Self {
        Self(format!("{}[{index}]", self.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for JsonPath {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// One observation about a target's output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub requirement: RequirementId,
    pub level: Level,
    /// Where in a JSON document the problem is; `None` for headers and whole documents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<JsonPath>,
    /// What is wrong and, where it helps, what would be right. Never contains a secret.
    pub message: String,
}

/// Longest message a finding keeps, in bytes. Messages quote target input; validators cut
/// what they quote, and this bound guarantees it whatever a validator does.
pub const MAX_MESSAGE_BYTES: usize = 1024;

impl Finding {
    pub fn new(requirement: RequirementId, level: Level, message: impl Into<String>) -> Self {
        let mut message = message.into();
        if message.len() > MAX_MESSAGE_BYTES {
            let mut cut = MAX_MESSAGE_BYTES;
            while !message.is_char_boundary(cut) {
                cut -= 1;
            }
            message.truncate(cut);
            message.push_str(" [...]");
        }
        Self { requirement, level, path: None, message }
    }

    pub fn at(mut self, path: JsonPath) -> Self {
        self.path = Some(path);
        self
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{} {}]", self.level, self.requirement)?;
        if let Some(path) = &self.path {
            write!(f, " {path}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Helpers over a list of findings.
pub trait FindingsExt {
    /// The strongest level among the findings, if any.
    fn worst(&self) -> Option<Level>;
    /// Whether any finding is a MUST-level violation.
    fn has_must(&self) -> bool {
        self.worst() == Some(Level::Must)
    }
    /// Whether some finding names `requirement`.
    fn mentions(&self, requirement: RequirementId) -> bool;
}

impl FindingsExt for [Finding] {
    fn worst(&self) -> Option<Level> {
        self.iter().map(|f| f.level).max()
    }

    fn mentions(&self, requirement: RequirementId) -> bool {
        self.iter().any(|f| f.requirement == requirement)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_paths_are_normalized_and_escape_quotes() {
        let p = JsonPath::root().key("authorization_servers").index(2);
        assert_eq!(p.as_str(), "$['authorization_servers'][2]");
        assert_eq!(JsonPath::root().key("it's\\").as_str(), r"$['it\'s\\']");
        assert_eq!(JsonPath::root().key("a\nb").as_str(), r"$['a\u000ab']");
    }

    #[test]
    fn long_messages_are_cut_on_a_character_boundary() {
        let f = Finding::new(crate::requirements::RS_PRM_HTTP, Level::Must, "é".repeat(2000));
        assert!(f.message.len() <= MAX_MESSAGE_BYTES + 6);
        assert!(f.message.ends_with(" [...]"));
    }

    #[test]
    fn levels_order_from_info_to_must() {
        assert!(Level::Info < Level::Robust);
        assert!(Level::Should < Level::Must);
        let fs = [
            Finding::new(crate::requirements::RS_PRM_HTTP, Level::Should, "x"),
            Finding::new(crate::requirements::RS_PRM_HTTP, Level::Must, "y"),
        ];
        assert!(fs.has_must());
        assert_eq!(serde_json::to_string(&Level::Robust).unwrap(), "\"robust\"");
    }
}
