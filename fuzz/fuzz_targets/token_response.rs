//! Fuzz target: see `mcp_auth_proto::properties::token_response` for the properties it asserts.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mcp_auth_proto::properties::token_response(data));
