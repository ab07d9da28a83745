//! Fuzz target: see `mcp_auth_proto::properties::www_authenticate_structured` for the properties it asserts.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mcp_auth_proto::properties::www_authenticate_structured(
    data
));
