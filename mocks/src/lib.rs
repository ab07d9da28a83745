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

//!
//! # Broken variants of the MCP server
//!
//! Server mode is checked on the mock MCP server itself: conformant by default, and broken
//! on request, one rule at a time. `resource_server.flaws` lists [`config::RsFlaw`]s; each
//! names the requirement it breaks ([`config::RsFlaw::requirement`]) and breaks nothing
//! else, the way a real server with that bug would:
//!
//! ```yaml
//! resource_server:
//!   flaws: [accept_expired]          # RS-TOKEN-EXPIRED
//!   token_validation: introspection  # or jwt (the default)
//! ```
//!
//! Protected Resource Metadata defects need no flaw: `resource_server.prm` edits,
//! `prm_locations` and `malformed` entries express them (a `resource` on another origin,
//! `authorization_servers: []`, `scopes_supported` as a string, `bearer_methods_supported`
//! with `query`, `offline_access` in `scopes_supported`). `mocks/configs/` has examples.
//!
//! For a real MCP server, [`authority::Authority`] is the authorization server the user
//! points it at; [`world::World::authority`] gives the same view of an in-process world.

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
