//! Bounds on everything the parsers accept. Targets are untrusted: inputs above these are
//! refused with an error, never read further. The numbers follow the catalogue's §4.1
//! advice (8 KiB per header field, 64 KiB per header) and keep metadata documents well
//! above anything real (the largest public AS metadata documents are under 16 KiB).

/// Largest single `WWW-Authenticate` / `Authorization` field value, in bytes.
pub const MAX_HEADER_FIELD_BYTES: usize = 8 * 1024;
/// Largest total of all `WWW-Authenticate` field values of one response, in bytes.
pub const MAX_HEADER_TOTAL_BYTES: usize = 64 * 1024;
/// Most challenges accepted from one response.
pub const MAX_CHALLENGES: usize = 64;
/// Most auth-params accepted in one challenge.
pub const MAX_PARAMS_PER_CHALLENGE: usize = 64;
/// Largest JSON document (metadata, registration, token, introspection), in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 256 * 1024;
/// Deepest JSON nesting accepted (objects and arrays).
pub const MAX_JSON_DEPTH: usize = 32;
/// Largest compact JWT accepted, in bytes.
pub const MAX_JWT_BYTES: usize = 16 * 1024;
/// Longest URL accepted by the URL splitter, in bytes.
pub const MAX_URL_BYTES: usize = 4 * 1024;
