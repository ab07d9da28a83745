//! `mcp-auth-harness`: the command-line harness for MCP authorization.
//!
//! The binary is thin (`main.rs`); everything it does lives here so tests can call it:
//! `scenario` (the file format and loader), `runner` (running scenarios against a
//! target), `server_mode` (fixtures for probing an MCP server), `authz_mode` (probing an
//! authorization server), `client_mode` and `browser` (judging an MCP client in a mock
//! world), `inspect` (the protocol
//! core, directly), `demo` and `mocks serve`; `reference_client` is the headless MCP OAuth
//! client behind the `mcp-auth-reference-client` binary.

pub mod authz_mode;
pub mod browser;
pub mod catalogue_cmd;
pub mod cli;
pub mod client_mode;
pub mod client_reference;
pub mod demo;
pub mod exit;
pub mod fetch;
pub mod inspect;
pub mod mocks_cmd;
pub mod output;
pub mod reference;
pub mod reference_client;
pub mod run_cmd;
pub mod runner;
pub mod scenario;
pub mod server_mode;
pub mod source;
