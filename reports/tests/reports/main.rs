//! Integration tests of mcp-auth-reports, one module per topic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod baseline;
mod console;
mod exit;
mod fixtures;
mod json;
mod junit;
mod junit_consumers;
mod recorder;
mod redaction;
