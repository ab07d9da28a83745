//! `demo`: the main job on the built-in targets.
//!
//! Server mode runs against the reference targets of [`crate::reference`] (the conformant
//! mock MCP server, validating JWTs and introspecting, and labelled broken variants),
//! authorization-server mode against the conformant mock authorization server and labelled
//! broken variants, and client mode against the reference client and labelled broken
//! variants ([`crate::client_reference`]; launched as processes of this executable), with
//! JUnit and JSON reports per target in a folder; then the protocol core's checks run over
//! sample documents and headers.
//!
//! Until the mocks and the runner land, the built-in targets are sample documents and
//! headers (in `harness/samples/`): conformant ones, and deliberately broken variants that
//! each break exactly one named requirement. The demo runs the protocol core's checks over
//! every sample and verifies that each gets the verdict it was built to get — a conformant
//! sample has no MUST-level finding, and a broken one has MUST-level findings for its
//! requirement and no other. Exit 0 when every verdict is as built, 1 otherwise.

use std::collections::BTreeSet;
use std::io::Write;

use mcp_auth_proto::challenge::ChallengeContext;
use mcp_auth_proto::documents::as_metadata::{AsMetadataContext, MetadataFlavour};
use mcp_auth_proto::documents::dcr::DcrResponseContext;
use mcp_auth_proto::documents::prm::{PrmContext, ResourceProfile};
use mcp_auth_proto::documents::token::TokenResponseContext;
use mcp_auth_proto::requirements as req;
use mcp_auth_proto::{Finding, Level, RequirementId, SpecVersion};

use mcp_auth_reports::FanOut;
use mcp_auth_reports::console::{ConsoleOptions, ConsoleReporter};
use mcp_auth_reports::json::JsonReporter;
use mcp_auth_reports::junit::JunitReporter;

use crate::cli::{CommandError, DemoArgs};
use crate::client_reference::{CLIENT_TARGETS, ClientTarget, run_target};
use crate::reference::{AS_TARGETS, AsTarget, TARGETS, Target, failing_scenarios, verdict};
use crate::run_cmd;
use crate::runner::RunOptions;
use crate::scenario::{self, ScenarioRole};
use crate::{exit, inspect, output};

const RESOURCE: &str = "https://mcp.example.test/mcp";
const ISSUER: &str = "https://as.example.test";

/// What a sample is, and so which checks apply to it.
#[derive(Debug, Clone, Copy)]
enum Input {
    Prm(&'static [u8]),
    AsMetadata(&'static [u8]),
    Challenge { status: u16, fields: &'static [&'static str] },
    DcrResponse(&'static [u8]),
    TokenResponse { body: &'static [u8], cache_control: &'static str },
}

/// The verdict a sample was built to get.
#[derive(Debug, Clone, Copy)]
enum Built {
    Conformant,
    /// Breaks exactly these requirements at MUST level (a header that does not parse
    /// breaks the syntax rule and, on a 401, the rule that a Bearer challenge is readable).
    Breaks(&'static [RequirementId]),
}

#[derive(Debug, Clone, Copy)]
struct Sample {
    label: &'static str,
    input: Input,
    built: Built,
}

macro_rules! sample_file {
    ($name:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/", $name))
    };
}

fn samples() -> Vec<Sample> {
    use Built::{Breaks, Conformant};
    use Input::*;
    vec![
        Sample {
            label: "Protected Resource Metadata",
            input: Prm(sample_file!("prm-conformant.json")),
            built: Conformant,
        },
        Sample {
            label: "PRM naming another origin's resource",
            input: Prm(sample_file!("prm-broken-other-origin.json")),
            built: Breaks(&[req::RS_PRM_RESOURCE]),
        },
        Sample {
            label: "PRM without authorization_servers",
            input: Prm(sample_file!("prm-broken-no-authorization-servers.json")),
            built: Breaks(&[req::RS_PRM_AS_NONEMPTY]),
        },
        Sample {
            label: "PRM advertising query-string tokens",
            input: Prm(sample_file!("prm-broken-query-tokens.json")),
            built: Breaks(&[req::RS_PRM_BEARER_METHODS]),
        },
        Sample {
            label: "PRM with a duplicate member",
            input: Prm(sample_file!("prm-broken-duplicate-member.json")),
            built: Breaks(&[req::RS_PRM_HTTP]),
        },
        Sample {
            label: "authorization-server metadata",
            input: AsMetadata(sample_file!("as-conformant.json")),
            built: Conformant,
        },
        Sample {
            label: "AS metadata whose issuer has a trailing slash",
            input: AsMetadata(sample_file!("as-broken-issuer-mismatch.json")),
            built: Breaks(&[req::AS_META_ISSUER]),
        },
        Sample {
            label: "AS metadata without code_challenge_methods_supported",
            input: AsMetadata(sample_file!("as-broken-no-pkce.json")),
            built: Breaks(&[req::AS_META_PKCE]),
        },
        Sample {
            label: "AS metadata with a javascript: authorization endpoint",
            input: AsMetadata(sample_file!("as-broken-javascript-endpoint.json")),
            built: Breaks(&[req::AS_META_HTTPS]),
        },
        Sample {
            label: "401 challenge",
            input: Challenge {
                status: 401,
                fields: &[
                    r#"Bearer resource_metadata="https://mcp.example.test/.well-known/oauth-protected-resource/mcp", scope="files:read""#,
                ],
            },
            built: Conformant,
        },
        Sample {
            label: "401 with a bare Bearer challenge",
            input: Challenge { status: 401, fields: &["Bearer"] },
            built: Breaks(&[req::RS_401_BEARER_PARAMS]),
        },
        Sample {
            label: "401 with an unquoted URL parameter",
            input: Challenge {
                status: 401,
                fields: &[
                    "Bearer resource_metadata=https://mcp.example.test/prm, scope=\"files:read\"",
                ],
            },
            built: Breaks(&[req::RS_WWWAUTH_SYNTAX, req::RS_401_WWWAUTH]),
        },
        Sample {
            label: "401 with a duplicated resource_metadata",
            input: Challenge {
                status: 401,
                fields: &[
                    r#"Bearer resource_metadata="https://mcp.example.test/prm", resource_metadata="https://evil.example.test/prm", scope="files:read""#,
                ],
            },
            built: Breaks(&[req::RS_WWWAUTH_SYNTAX, req::RS_401_WWWAUTH]),
        },
        Sample {
            label: "401 without any WWW-Authenticate",
            input: Challenge { status: 401, fields: &[] },
            built: Breaks(&[req::RS_401_WWWAUTH]),
        },
        Sample {
            label: "registration response",
            input: DcrResponse(sample_file!("dcr-conformant.json")),
            built: Conformant,
        },
        Sample {
            label: "registration response: secret without expiry",
            input: DcrResponse(sample_file!("dcr-broken-secret-without-expiry.json")),
            built: Breaks(&[req::AS_DCR_RESPONSE]),
        },
        Sample {
            label: "token response",
            input: TokenResponse {
                body: sample_file!("token-conformant.json"),
                cache_control: "no-store",
            },
            built: Conformant,
        },
        Sample {
            label: "token response without token_type",
            input: TokenResponse {
                body: sample_file!("token-broken-no-token-type.json"),
                cache_control: "no-store",
            },
            built: Breaks(&[req::AS_TOKEN_RESPONSE]),
        },
        Sample {
            label: "token response that may be cached",
            input: TokenResponse {
                body: sample_file!("token-conformant.json"),
                cache_control: "max-age=3600",
            },
            built: Breaks(&[req::AS_TOKEN_RESPONSE]),
        },
    ]
}

fn check(input: Input) -> Vec<Finding> {
    let spec_version = SpecVersion::LATEST;
    match input {
        Input::Prm(body) => inspect::prm_document(
            body,
            &PrmContext {
                expected_resource: Some(RESOURCE.to_owned()),
                spec_version,
                profile: ResourceProfile::Strict,
            },
        ),
        Input::AsMetadata(body) => inspect::as_metadata_document(
            body,
            &AsMetadataContext {
                expected_issuer: Some(ISSUER.to_owned()),
                flavour: MetadataFlavour::Oauth,
                spec_version,
            },
        ),
        Input::Challenge { status, fields } => {
            let values: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
            let context = ChallengeContext { status, request_had_credentials: false, spec_version };
            inspect::www_authenticate(&values, &context).findings
        }
        Input::DcrResponse(body) => inspect::dcr_response_document(
            body,
            &DcrResponseContext {
                status: 201,
                content_type: Some("application/json".to_owned()),
                request: None,
                spec_version,
            },
        ),
        Input::TokenResponse { body, cache_control } => inspect::token_response_document(
            body,
            &TokenResponseContext {
                status: 200,
                content_type: Some("application/json".to_owned()),
                cache_control: Some(cache_control.to_owned()),
                requested_scope: None,
            },
        ),
    }
}

/// The requirements a sample's MUST-level findings name.
fn must_requirements(findings: &[Finding]) -> BTreeSet<RequirementId> {
    findings.iter().filter(|f| f.level == Level::Must).map(|f| f.requirement).collect()
}

/// Whether the findings are the verdict the sample was built to get.
fn as_built(built: Built, findings: &[Finding]) -> bool {
    let musts = must_requirements(findings);
    match built {
        Built::Conformant => musts.is_empty(),
        Built::Breaks(requirements) => musts == requirements.iter().copied().collect(),
    }
}

/// Runs the demo, printing to `out`.
pub fn run(args: &DemoArgs, out: &mut dyn Write) -> Result<u8, CommandError> {
    writeln!(out, "mcp-auth-harness demo: the harness against its built-in targets")?;
    writeln!(out, "(BROKEN targets are deliberately broken; each must fail exactly its rule)\n")?;
    let dir = args.out.clone();
    std::fs::create_dir_all(&dir)
        .map_err(|source| CommandError::Report { path: dir.clone(), source })?;
    let shown = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
    writeln!(out, "Server mode (the harness runs the authorization server the targets trust):")?;
    let runtime = run_cmd::runtime()?;
    let mut unexpected = 0;
    let targets: Vec<&Target> = TARGETS.iter().filter(|t| t.in_demo).collect();
    for target in &targets {
        let ok = runtime.block_on(server_target(target, &dir, args, out))?;
        if !ok {
            unexpected += 1;
        }
    }
    writeln!(out, "\nAuthorization-server mode (the mock authorization server approves at once):")?;
    let as_targets: Vec<&AsTarget> = AS_TARGETS.iter().filter(|t| t.in_demo).collect();
    let mut as_unexpected = 0;
    for target in &as_targets {
        let ok = runtime.block_on(authz_target(target, &dir, args, out))?;
        if !ok {
            as_unexpected += 1;
        }
    }
    writeln!(
        out,
        "\nClient mode (the reference client, launched as a process, in mock worlds that may lie):"
    )?;
    let exe = std::env::current_exe().map_err(CommandError::Output)?;
    let client_targets: Vec<&ClientTarget> = CLIENT_TARGETS.iter().filter(|t| t.in_demo).collect();
    let mut client_unexpected = 0;
    for target in &client_targets {
        let ok = runtime.block_on(demo_target(AnyTarget::Client(target, &exe), &dir, args, out))?;
        if !ok {
            client_unexpected += 1;
        }
    }
    writeln!(
        out,
        "  JUnit and JSON reports: {}\n",
        output::sanitize(&shown.display().to_string())
    )?;

    writeln!(out, "Protocol core on sample documents and headers:")?;
    let samples = samples();
    let mut samples_unexpected = 0;
    for sample in &samples {
        let findings = check(sample.input);
        let ok = as_built(sample.built, &findings);
        if !ok {
            samples_unexpected += 1;
        }
        let musts = must_requirements(&findings);
        let got = if musts.is_empty() {
            "no MUST finding".to_owned()
        } else {
            let ids: Vec<&str> = musts.iter().map(|r| r.as_str()).collect();
            format!("MUST {}", ids.join(", "))
        };
        let kind = match sample.built {
            Built::Conformant => "conformant",
            Built::Breaks(_) => "BROKEN",
        };
        writeln!(
            out,
            "  {:<10} {:<10} {:<56} {}",
            if ok { "as built" } else { "UNEXPECTED" },
            kind,
            sample.label,
            got
        )?;
        if args.verbose || !ok {
            for f in &findings {
                writeln!(out, "      {}", output::sanitize(&f.to_string()))?;
            }
        }
    }
    writeln!(
        out,
        "\n{} server targets: {} as built, {} unexpected; {} authorization-server targets: {} as \
         built, {} unexpected; {} client targets: {} as built, {} unexpected; {} samples: {} as \
         built, {} unexpected",
        targets.len(),
        targets.len() - unexpected,
        unexpected,
        as_targets.len(),
        as_targets.len() - as_unexpected,
        as_unexpected,
        client_targets.len(),
        client_targets.len() - client_unexpected,
        client_unexpected,
        samples.len(),
        samples.len() - samples_unexpected,
        samples_unexpected
    )?;
    let all_ok =
        unexpected == 0 && as_unexpected == 0 && client_unexpected == 0 && samples_unexpected == 0;
    Ok(if all_ok { exit::OK } else { exit::CONFORMANCE_FAILURE })
}

/// A reference target of either mode.
#[derive(Clone, Copy)]
enum AnyTarget<'t> {
    Server(&'t Target),
    Authz(&'t AsTarget),
    /// A reference client target, launched through this executable.
    Client(&'t ClientTarget, &'t std::path::Path),
}

impl AnyTarget<'_> {
    fn role(self) -> ScenarioRole {
        match self {
            AnyTarget::Server(_) => ScenarioRole::Server,
            AnyTarget::Authz(_) => ScenarioRole::AuthorizationServer,
            AnyTarget::Client(..) => ScenarioRole::Client,
        }
    }

    /// `(report file prefix, name, label, spec version, scenarios it must fail)`.
    fn shown(
        self,
    ) -> (&'static str, &'static str, &'static str, SpecVersion, &'static [&'static str]) {
        match self {
            AnyTarget::Server(t) => ("server", t.name, t.label, t.spec_version, t.fails),
            AnyTarget::Authz(t) => ("authz", t.name, t.label, t.spec_version, t.fails),
            AnyTarget::Client(t, _) => ("client", t.name, t.label, t.spec_version, t.fails),
        }
    }

    async fn run<'w>(
        self,
        scenarios: Vec<scenario::Scenario>,
        options: RunOptions,
        fan: FanOut<'w>,
    ) -> Result<(mcp_auth_reports::RunReport, FanOut<'w>), crate::reference::TargetError> {
        match self {
            AnyTarget::Server(t) => t.run(scenarios, options, fan).await,
            AnyTarget::Authz(t) => t.run(scenarios, options, fan).await,
            AnyTarget::Client(t, exe) => Ok(run_target(t, exe, scenarios, options, fan).await?),
        }
    }
}

/// Runs server mode against one reference target, writes its reports, prints one line,
/// and says whether exactly the scenarios it was built to fail failed.
async fn server_target(
    target: &Target,
    dir: &std::path::Path,
    args: &DemoArgs,
    out: &mut dyn Write,
) -> Result<bool, CommandError> {
    demo_target(AnyTarget::Server(target), dir, args, out).await
}

/// [`server_target`] for an `authz` reference target.
async fn authz_target(
    target: &AsTarget,
    dir: &std::path::Path,
    args: &DemoArgs,
    out: &mut dyn Write,
) -> Result<bool, CommandError> {
    demo_target(AnyTarget::Authz(target), dir, args, out).await
}

async fn demo_target(
    target: AnyTarget<'_>,
    dir: &std::path::Path,
    args: &DemoArgs,
    out: &mut dyn Write,
) -> Result<bool, CommandError> {
    let (mode, name, label, spec_version, fails) = target.shown();
    let scenarios = scenario::catalogue(target.role(), &[] as &[&str]).map_err(|errors| {
        CommandError::Scenarios(
            errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"),
        )
    })?;
    let junit_path = dir.join(format!("{mode}-{name}.junit.xml"));
    let json_path = dir.join(format!("{mode}-{name}.json"));
    let create = |path: &std::path::Path| {
        std::fs::File::create(path)
            .map(std::io::BufWriter::new)
            .map_err(|source| CommandError::Report { path: path.to_owned(), source })
    };
    let mut fan = FanOut::new()
        .with(JunitReporter::new(create(&junit_path)?))
        .with(JsonReporter::new(create(&json_path)?));
    if args.verbose {
        fan.push(ConsoleReporter::new(&mut *out, ConsoleOptions { color: false, verbose: false }));
    }
    let options = RunOptions { jobs: 4, durations: false };
    let (report, fan) = target.run(scenarios, options, fan).await?;
    drop(fan);
    let failing = failing_scenarios(&report);
    let judged = verdict(&report, fails);
    let ok = judged.is_ok();
    let summary = report.summary();
    let s = summary.scenarios;
    let verdict = if failing.is_empty() {
        format!("{} pass, {} skip", s.pass, s.skip)
    } else {
        format!("{} pass, {} skip, FAIL {}", s.pass, s.skip, failing.join(", "))
    };
    writeln!(
        out,
        "  {:<10} {:<58} {}  {}",
        if ok { "as built" } else { "UNEXPECTED" },
        label,
        spec_version,
        verdict
    )?;
    if let Err(why) = judged {
        for line in why.lines() {
            writeln!(out, "      {}", output::sanitize(line))?;
        }
    }
    Ok(ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_gets_the_verdict_it_was_built_for() {
        for sample in samples() {
            let findings = check(sample.input);
            assert!(as_built(sample.built, &findings), "{}: {findings:#?}", sample.label);
        }
    }

    #[test]
    fn a_conformant_sample_is_not_counted_as_broken() {
        let findings = check(samples()[0].input);
        assert!(!as_built(Built::Breaks(&[req::RS_PRM_RESOURCE]), &findings));
        let broken = check(samples()[1].input);
        assert!(!as_built(Built::Breaks(&[req::RS_PRM_RESOURCE, req::RS_PRM_HTTP]), &broken));
        assert!(!as_built(Built::Conformant, &broken));
    }
}
