//! MCP protocol revisions that define authorization.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A revision of the MCP specification with an authorization chapter. 2024-11-05 has none
/// and is out of scope. The draft's authorization text equals 2026-07-28's, so `draft` is
/// accepted as a name for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SpecVersion {
    #[serde(rename = "2025-03-26")]
    V2025_03_26,
    #[serde(rename = "2025-06-18")]
    V2025_06_18,
    #[serde(rename = "2025-11-25")]
    V2025_11_25,
    #[serde(rename = "2026-07-28", alias = "draft")]
    V2026_07_28,
}

impl SpecVersion {
    /// Every revision, oldest first.
    pub const ALL: [SpecVersion; 4] = [
        SpecVersion::V2025_03_26,
        SpecVersion::V2025_06_18,
        SpecVersion::V2025_11_25,
        SpecVersion::V2026_07_28,
    ];

    /// The newest revision; the default everywhere a version is optional.
    pub const LATEST: SpecVersion = SpecVersion::V2026_07_28;

    pub fn as_str(self) -> &'static str {
        match self {
            SpecVersion::V2025_03_26 => "2025-03-26",
            SpecVersion::V2025_06_18 => "2025-06-18",
            SpecVersion::V2025_11_25 => "2025-11-25",
            SpecVersion::V2026_07_28 => "2026-07-28",
        }
    }
}

impl fmt::Display for SpecVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of the revisions above.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown MCP spec version {given:?}; expected one of 2025-03-26, 2025-06-18, 2025-11-25, 2026-07-28 (or draft)"
)]
pub struct UnknownSpecVersion {
    pub given: String,
}

impl FromStr for SpecVersion {
    type Err = UnknownSpecVersion;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "2025-03-26" => Ok(SpecVersion::V2025_03_26),
            "2025-06-18" => Ok(SpecVersion::V2025_06_18),
            "2025-11-25" => Ok(SpecVersion::V2025_11_25),
            "2026-07-28" | "draft" => Ok(SpecVersion::V2026_07_28),
            other => Err(UnknownSpecVersion { given: other.to_owned() }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_order_is_chronological() {
        for v in SpecVersion::ALL {
            assert_eq!(v.as_str().parse::<SpecVersion>().unwrap(), v);
        }
        assert!(SpecVersion::V2025_03_26 < SpecVersion::V2026_07_28);
        assert_eq!("draft".parse::<SpecVersion>().unwrap(), SpecVersion::LATEST);
        assert!("2024-11-05".parse::<SpecVersion>().is_err());
    }
}
