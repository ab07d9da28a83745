//! `mcp-auth-mocks`: a mock OAuth 2.1 authorization server and a mock MCP resource server,
//! real HTTP servers on loopback, that behave correctly by default and lie exactly as the
//! switchboard ([`config::MockConfig`]) says.
//!
//! * [`config`]: the switchboard, strict serde data that scenario YAML embeds.
//! * [`journal`]: every request to every mock, in order, queryable and printable (redacted).
//! * [`keys`], [`mint`]: signing keys, JWKS, and minting of any token, hostile ones included.
//! * [`auth_server`]: metadata, registration, authorization, token, introspection, revocation.
//! * [`resource_server`]: Protected Resource Metadata, challenges, and MCP over streamable HTTP.
//! * [`world`]: starts the servers and canaries on loopback and wires them together.
//! * [`authority`]: the harness's own authorization server for testing a real MCP server
//!   (server mode): trusted and untrusted issuers, minters, revocations, a key canary.
//! * [`verify`]: how the MCP server judges tokens (JWT or RFC 7662 introspection).
//! * [`listen`]: binding and serving, shared by the world and the authority.

pub mod auth_server;
pub mod authority;
pub mod config;
pub mod http;
pub mod journal;
pub mod keys;
pub mod listen;
pub mod mint;
pub mod resource_server;
pub mod verify;
pub mod world;
