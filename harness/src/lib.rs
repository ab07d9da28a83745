//! `mcp-auth-harness`: the command-line harness for MCP authorization.
//!
//! The binary is thin (`main.rs`); everything it does lives here so tests can call it.
//! Today: `inspect` (the protocol core, directly) and `demo` (the core's checks over
//! built-in sample targets).

pub mod cli;
pub mod demo;
pub mod exit;
pub mod fetch;
pub mod inspect;
pub mod mocks_cmd;
pub mod output;
pub mod source;
