//! `demo`: the main job on the built-in targets.
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

use crate::cli::{CommandError, DemoArgs};
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
    writeln!(out, "mcp-auth-harness demo: protocol-core checks on built-in sample targets")?;
    writeln!(out, "(server, client and authorization-server modes join the demo as they land)\n")?;
    let samples = samples();
    let mut unexpected = 0;
    for sample in &samples {
        let findings = check(sample.input);
        let ok = as_built(sample.built, &findings);
        if !ok {
            unexpected += 1;
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
        "\n{} samples: {} verdicts as built, {} unexpected",
        samples.len(),
        samples.len() - unexpected,
        unexpected
    )?;
    Ok(if unexpected == 0 { exit::OK } else { exit::CONFORMANCE_FAILURE })
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
