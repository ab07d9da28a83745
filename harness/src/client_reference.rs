//! The built-in reference targets of client mode: the reference client
//! ([`crate::reference_client`]) in conformant form at each spec version, and its broken
//! variants, each breaking one rule, with the client scenarios that rule's breach must
//! fail and no other.
//!
//! `demo` runs a labelled selection; the test `client_variants` runs every one and checks
//! that exactly the listed scenarios fail — the proof that each client scenario can fail,
//! and fails for its own rule only.

use std::path::Path;
use std::time::Duration;

use mcp_auth_proto::SpecVersion;
use mcp_auth_reports::{RecordError, Reporter, RunReport};

use crate::runner::client_run::ClientLaunch;
use crate::runner::{self, RunContext, RunOptions};
use crate::scenario::Scenario;

/// One reference client target.
#[derive(Debug, Clone, Copy)]
pub struct ClientTarget {
    /// Stable name, used for report files.
    pub name: &'static str,
    pub label: &'static str,
    /// The `--break` names of the reference client (empty: conformant).
    pub breaks: &'static [&'static str],
    pub spec_version: SpecVersion,
    /// The scenarios that must fail against it (empty: every scenario passes or skips).
    pub fails: &'static [&'static str],
    /// Whether `demo` runs it.
    pub in_demo: bool,
}

const V03: SpecVersion = SpecVersion::V2025_03_26;
const V06: SpecVersion = SpecVersion::V2025_06_18;
const V11: SpecVersion = SpecVersion::V2025_11_25;
const V07: SpecVersion = SpecVersion::V2026_07_28;

const fn conformant(name: &'static str, label: &'static str, v: SpecVersion) -> ClientTarget {
    ClientTarget { name, label, breaks: &[], spec_version: v, fails: &[], in_demo: false }
}

const fn broken(
    name: &'static str,
    breaks: &'static [&'static str],
    fails: &'static [&'static str],
) -> ClientTarget {
    ClientTarget { name, label: name, breaks, spec_version: V07, fails, in_demo: false }
}

const fn demo(mut t: ClientTarget) -> ClientTarget {
    t.in_demo = true;
    t
}

/// Every client target.
pub const CLIENT_TARGETS: &[ClientTarget] = &[
    demo(conformant("reference-client", "reference client (conformant, 2026-07-28)", V07)),
    conformant("reference-client-2025-11-25", "reference client (conformant, 2025-11-25)", V11),
    conformant("reference-client-2025-06-18", "reference client (conformant, 2025-06-18)", V06),
    conformant("reference-client-2025-03-26", "reference client (conformant, 2025-03-26)", V03),
    demo(broken("no-pkce", &["no-pkce"], &["client/discovery/metadata-default"])),
    demo(broken("plain-pkce", &["plain-pkce"], &["client/discovery/metadata-default"])),
];

/// The shell command that runs the reference client as `target` through `exe` (the
/// harness binary, whose hidden `reference-client` command is the reference client).
pub fn command(exe: &Path, target: &ClientTarget) -> String {
    let quoted = format!("'{}'", exe.to_string_lossy().replace('\'', r"'\''"));
    let mut command = format!("{quoted} reference-client");
    for b in target.breaks {
        command.push_str(" --break ");
        command.push_str(b);
    }
    command
}

/// Runs `scenarios` against `target` through `exe`.
pub async fn run_target<R: Reporter>(
    target: &ClientTarget,
    exe: &Path,
    scenarios: Vec<Scenario>,
    options: RunOptions,
    reporter: R,
) -> Result<(RunReport, R), RecordError> {
    let launch = ClientLaunch {
        command: command(exe, target),
        timeout: Duration::from_secs(30),
        browser_dir: None,
        env: Vec::new(),
    };
    let context = RunContext::client_run(launch, target.spec_version);
    runner::run(scenarios, context, options, reporter).await
}
