//! `mcp-auth-proto`: the protocol core of mcp-auth-harness.
//!
//! Everything the harness concludes about a target rests on how it reads what the target
//! sent. This crate holds those readers and the rules they are judged by: strict parsers for
//! `WWW-Authenticate` and `Authorization`, typed models of the JSON documents of MCP
//! authorization that keep unknown members and the raw bytes, validators that report
//! [`Finding`]s naming the catalogue requirement they concern, the discovery URL rules of
//! each spec version, and PKCE, scope and redirect-URI rules.
//!
//! The crate is pure: synchronous, no I/O, and no input makes it panic. Every parser bounds
//! its input (see [`limits`]).

pub mod challenge;
pub mod credentials;
pub mod discovery;
pub mod documents;
pub mod finding;
pub mod json;
pub mod limits;
pub mod member;
pub mod pkce;
#[cfg(feature = "arbitrary")]
pub mod properties;
pub mod redirect;
pub mod requirements;
pub mod scope;
pub mod secret;
pub mod spec_version;
pub mod uri;

pub use finding::{Finding, FindingsExt, JsonPath, Level, RequirementId};
pub use member::Member;
pub use secret::Secret;
pub use spec_version::SpecVersion;
pub use uri::Uri;
