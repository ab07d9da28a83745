//! `mcp-auth-reports`: the result model and its writers (console, JUnit, JSON).
//!
//! Not built yet: reports arrive with the runner issue. The crate exists so the workspace
//! has its final shape.
