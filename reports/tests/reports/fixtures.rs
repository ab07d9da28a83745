//! Small reports shared by the topic modules.

use mcp_auth_proto::requirements::{
    RS_LOCAL_BIND, RS_PRM_RESOURCE, RS_PRM_SCOPES, RS_TOKEN_AUDIENCE, RS_TOKEN_EXP_REQUIRED,
    RS_TOKEN_EXPIRED, RS_TOKEN_VALID,
};
use mcp_auth_proto::{Level, SpecVersion};
use mcp_auth_reports::{
    CheckResult, Outcome, Role, RunInfo, RunReport, ScenarioInfo, ScenarioResult,
};

pub fn run_info() -> RunInfo {
    RunInfo {
        tool_version: "0.1.0".into(),
        role: Role::Server,
        spec_version: SpecVersion::V2025_11_25,
        target: "http://127.0.0.1:9/mcp".into(),
    }
}

pub fn scenario(id: &str, title: &str, checks: Vec<CheckResult>) -> ScenarioResult {
    let mut s = ScenarioResult::new(ScenarioInfo {
        id: id.into(),
        title: title.into(),
        role: Role::Server,
        spec_version: SpecVersion::V2025_11_25,
        official_name: None,
    });
    s.checks = checks;
    s
}

pub fn report(scenarios: Vec<ScenarioResult>) -> RunReport {
    let mut r = RunReport::new(run_info());
    r.scenarios = scenarios;
    r
}

/// One scenario per outcome, recorded out of order; `rs/expired-token` has both a failing
/// and an erroring check.
pub fn mixed() -> RunReport {
    let audience = "rs/token-audience";
    let prm = "rs/prm-document";
    let expired = "rs/expired-token";
    let bind = "rs/local-bind";
    let mut prm_scenario = scenario(
        prm,
        "PRM document is served",
        vec![
            CheckResult::new(
                prm,
                "prm-scopes",
                RS_PRM_SCOPES,
                Level::Should,
                Outcome::Skip,
                "target advertises no scopes",
            ),
            CheckResult::new(
                prm,
                "prm-resource-matches",
                RS_PRM_RESOURCE,
                Level::Must,
                Outcome::Pass,
                "resource is http://127.0.0.1:9/mcp",
            )
            .with_official_name("prm-resource"),
        ],
    );
    prm_scenario.official_name = Some("auth/prm".into());
    report(vec![
        scenario(
            audience,
            "Rejects tokens minted for another resource",
            vec![
                CheckResult::new(
                    audience,
                    "valid-token-accepted",
                    RS_TOKEN_VALID,
                    Level::Must,
                    Outcome::Pass,
                    "HTTP 200",
                ),
                CheckResult::new(
                    audience,
                    "audience-rejected",
                    RS_TOKEN_AUDIENCE,
                    Level::Must,
                    Outcome::Fail,
                    "token for https://other.example/ was accepted (HTTP 200)",
                )
                .with_spec_reference("MCP 2025-11-25 §Token Handling")
                .with_transcript("> GET /mcp\n< HTTP/1.1 200 OK"),
            ],
        ),
        prm_scenario,
        scenario(
            expired,
            "Rejects expired tokens",
            vec![
                CheckResult::new(
                    expired,
                    "expired-rejected",
                    RS_TOKEN_EXPIRED,
                    Level::Must,
                    Outcome::Error,
                    "connection refused by 127.0.0.1:9",
                ),
                CheckResult::new(
                    expired,
                    "exp-required",
                    RS_TOKEN_EXP_REQUIRED,
                    Level::Must,
                    Outcome::Fail,
                    "token without exp was accepted",
                ),
            ],
        ),
        scenario(
            bind,
            "Binds to loopback only",
            vec![CheckResult::new(
                bind,
                "loopback-only",
                RS_LOCAL_BIND,
                Level::Should,
                Outcome::Skip,
                "remote target",
            )],
        ),
    ])
}

/// Every check passes or is skipped.
pub fn clean() -> RunReport {
    let id = "rs/prm-document";
    report(vec![scenario(
        id,
        "PRM document is served",
        vec![
            CheckResult::new(
                id,
                "prm-resource-matches",
                RS_PRM_RESOURCE,
                Level::Must,
                Outcome::Pass,
                "ok",
            ),
            CheckResult::new(
                id,
                "prm-scopes",
                RS_PRM_SCOPES,
                Level::Should,
                Outcome::Skip,
                "no scopes",
            ),
        ],
    )])
}
