//! JWT access tokens: strict compact-JWS decoding (RFC 7515 §7.1) and the RFC 9068
//! access-token profile.
//!
//! [`CompactJwt::parse`] decodes without verifying: this crate is pure and holds no keys
//! or crypto backend, so **no signature is checked here**. A verifier elsewhere uses
//! [`CompactJwt::signing_input`] and [`CompactJwt::signature`] with the authorization
//! server's keys. [`validate_access_token`] reports every other reason a conformant
//! resource server must refuse the token (`RS-TOKEN-*`); the mocks use it to accept
//! tokens, and the harness uses it to explain why a minted hostile token is hostile.

mod claims;
mod compact;
mod validate;

pub use claims::{AccessTokenClaims, Audience, JoseHeader, NumericDate};
pub use compact::{CompactJwt, JwtError, JwtErrorKind, JwtPart};
pub use validate::{AccessTokenContext, validate_access_token};
