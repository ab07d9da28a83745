//! `mcp-auth-mocks`: the mock authorization server and mock MCP resource server.
//!
//! Not built yet: the mocks arrive with their own issue (mock AS, mock MCP server and the
//! misbehaviour switchboard). The crate exists so the workspace has its final shape.
