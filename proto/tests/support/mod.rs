//! Helpers the document tests share: edit a JSON document one member at a time, and pin
//! that a validator reported exactly one finding.

#![allow(dead_code, clippy::unwrap_used, clippy::indexing_slicing)]

use mcp_auth_proto::{Finding, Level, RequirementId};
use serde_json::Value;

/// `base` with `member` set to `value`.
pub fn with(mut base: Value, member: &str, value: Value) -> Value {
    base[member] = value;
    base
}

/// `base` without `member`.
pub fn without(mut base: Value, member: &str) -> Value {
    base.as_object_mut().unwrap().remove(member);
    base
}

/// Exactly one finding, naming `requirement` at `level`.
pub fn assert_one(findings: &[Finding], requirement: RequirementId, level: Level) {
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!((findings[0].requirement, findings[0].level), (requirement, level), "{findings:#?}");
}
