//! The process exit codes, documented in the README. CI systems read them, so they never
//! change meaning.

/// Everything checked conforms (findings below MUST level may exist).
pub const OK: u8 = 0;
/// At least one MUST-level finding or conformance failure.
pub const CONFORMANCE_FAILURE: u8 = 1;
/// A usage error, unreadable input, or a run the harness could not complete.
pub const HARNESS_ERROR: u8 = 2;
