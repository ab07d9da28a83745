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

/// A broken variant run at `v` (for rules of one spec version only).
const fn broken_at(
    name: &'static str,
    breaks: &'static [&'static str],
    v: SpecVersion,
    fails: &'static [&'static str],
) -> ClientTarget {
    ClientTarget { name, label: name, breaks, spec_version: v, fails, in_demo: false }
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
    demo(broken(
        "no-pkce",
        &["no-pkce"],
        &[
            "client/discovery/metadata-default",
            "client/discovery/metadata-var1",
            "client/discovery/metadata-var2",
            "client/discovery/metadata-var3",
            "client/iss/iss-normalized",
            "client/iss/iss-not-advertised",
            "client/iss/iss-supported",
            "client/iss/iss-supported-missing",
            "client/iss/iss-unexpected",
            "client/iss/iss-wrong-issuer",
            "client/migration/authorization-server-migration",
            "client/pkce/no-downgrade-on-error",
            "client/redirect/registered-loopback",
            "client/refresh/none-issued",
            "client/refresh/rotation",
            "client/registration/basic-cimd",
            "client/registration/pre-registration",
            "client/registration/token-endpoint-auth-basic",
            "client/registration/token-endpoint-auth-none",
            "client/registration/token-endpoint-auth-post",
            "client/resource/consistent",
            "client/resource/invalid-target",
            "client/scope/offline-access-not-supported",
            "client/scope/offline-access-scope",
            "client/scope/partial-grant",
            "client/scope/partial-then-step-up",
            "client/scope/scope-from-scopes-supported",
            "client/scope/scope-from-www-authenticate",
            "client/scope/scope-omitted-when-undefined",
            "client/scope/scope-retry-limit",
            "client/scope/scope-step-up",
            "client/token/early-expiry",
            "client/token/not-in-url",
            "client/token/not-to-other-hosts",
            "client/token/refused-forever",
        ],
    )),
    demo(broken(
        "plain-pkce",
        &["plain-pkce"],
        &[
            "client/discovery/metadata-default",
            "client/discovery/metadata-var1",
            "client/discovery/metadata-var2",
            "client/discovery/metadata-var3",
            "client/iss/iss-normalized",
            "client/iss/iss-not-advertised",
            "client/iss/iss-supported",
            "client/iss/iss-supported-missing",
            "client/iss/iss-unexpected",
            "client/iss/iss-wrong-issuer",
            "client/migration/authorization-server-migration",
            "client/pkce/no-downgrade-on-error",
            "client/redirect/registered-loopback",
            "client/refresh/none-issued",
            "client/refresh/rotation",
            "client/registration/basic-cimd",
            "client/registration/pre-registration",
            "client/registration/token-endpoint-auth-basic",
            "client/registration/token-endpoint-auth-none",
            "client/registration/token-endpoint-auth-post",
            "client/resource/consistent",
            "client/resource/invalid-target",
            "client/scope/offline-access-not-supported",
            "client/scope/offline-access-scope",
            "client/scope/partial-grant",
            "client/scope/partial-then-step-up",
            "client/scope/scope-from-scopes-supported",
            "client/scope/scope-from-www-authenticate",
            "client/scope/scope-omitted-when-undefined",
            "client/scope/scope-retry-limit",
            "client/scope/scope-step-up",
            "client/token/early-expiry",
            "client/token/not-in-url",
            "client/token/not-to-other-hosts",
            "client/token/refused-forever",
        ],
    )),
    broken(
        "skip-prm-resource-check",
        &["skip-prm-resource-check"],
        &[
            "client/prm/cross-resource",
            "client/prm/other-resource",
            "client/resource/resource-mismatch",
        ],
    ),
    broken(
        "skip-issuer-check",
        &["skip-issuer-check"],
        &[
            "client/discovery/metadata-issuer-mismatch",
            "client/hostile-metadata/as-wrong-type-issuer",
        ],
    ),
    broken(
        "ignore-missing-s256",
        &["ignore-missing-s256"],
        &[
            "client/pkce/lowercase-s256",
            "client/pkce/metadata-missing",
            "client/pkce/only-plain",
            "client/pkce/s256-as-string",
        ],
    ),
    broken("no-state", &["no-state"], &["client/state/altered", "client/state/missing"]),
    broken(
        "ignore-iss",
        &["ignore-iss"],
        &[
            "client/iss/iss-normalized",
            "client/iss/iss-supported-missing",
            "client/iss/iss-unexpected",
            "client/iss/iss-wrong-issuer",
            "client/mixup/code-to-issuing-as",
        ],
    ),
    broken(
        "no-resource",
        &["no-resource"],
        &[
            "client/registration/token-endpoint-auth-basic",
            "client/registration/token-endpoint-auth-none",
            "client/registration/token-endpoint-auth-post",
            "client/resource/consistent",
            "client/resource/invalid-target",
        ],
    ),
    broken("token-in-query", &["token-in-query"], &["client/token/not-in-url"]),
    broken("token-to-other-host", &["token-to-other-host"], &["client/token/not-to-other-hosts"]),
    broken(
        "no-step-up",
        &["no-step-up"],
        &["client/scope/partial-then-step-up", "client/scope/scope-step-up"],
    ),
    broken(
        "unbounded-step-up",
        &["unbounded-step-up"],
        &["client/scope/partial-grant", "client/scope/scope-retry-limit"],
    ),
    broken("plain-after-error", &["plain-after-error"], &["client/pkce/no-downgrade-on-error"]),
    broken("reuse-old-refresh-token", &["reuse-old-refresh-token"], &["client/refresh/rotation"]),
    broken(
        "assume-refresh-token",
        &["assume-refresh-token"],
        &["client/migration/authorization-server-migration", "client/refresh/none-issued"],
    ),
    broken(
        "no-token-renewal",
        &["no-token-renewal"],
        &[
            "client/migration/authorization-server-migration",
            "client/refresh/none-issued",
            "client/refresh/rotation",
            "client/resource/consistent",
            "client/token/early-expiry",
        ],
    ),
    broken(
        "unbounded-reauthorization",
        &["unbounded-reauthorization"],
        &["client/token/refused-forever"],
    ),
    broken(
        "invent-authorization-server",
        &["invent-authorization-server"],
        &[
            "client/hostile-metadata/prm-duplicate-member",
            "client/hostile-metadata/prm-html",
            "client/hostile-metadata/prm-invalid-json",
            "client/hostile-metadata/prm-json-array",
            "client/hostile-metadata/prm-oversized",
            "client/hostile-metadata/prm-redirect-elsewhere",
            "client/hostile-metadata/prm-redirect-loop",
            "client/hostile-metadata/prm-slow-drip",
            "client/hostile-metadata/prm-wrong-types",
        ],
    ),
    broken(
        "guess-endpoints",
        &["guess-endpoints"],
        &[
            "client/hostile-metadata/as-duplicate-member",
            "client/hostile-metadata/as-html",
            "client/hostile-metadata/as-invalid-json",
            "client/hostile-metadata/as-json-array",
            "client/hostile-metadata/as-oversized",
            "client/hostile-metadata/as-redirect-elsewhere",
            "client/hostile-metadata/as-redirect-loop",
            "client/hostile-metadata/as-slow-drip",
            "client/hostile-metadata/as-wrong-type-endpoint",
        ],
    ),
    broken(
        "follow-metadata-redirects",
        &["follow-metadata-redirects"],
        &[
            "client/hostile-metadata/as-redirect-elsewhere",
            "client/hostile-metadata/prm-redirect-elsewhere",
        ],
    ),
    broken(
        "accept-any-url-scheme",
        &["accept-any-url-scheme"],
        &[
            "client/authorization-url/data-scheme",
            "client/authorization-url/file-scheme",
            "client/authorization-url/javascript-scheme",
        ],
    ),
    broken(
        "unregistered-redirect-uri",
        &["unregistered-redirect-uri"],
        &[
            "client/discovery/metadata-default",
            "client/discovery/metadata-var1",
            "client/discovery/metadata-var2",
            "client/discovery/metadata-var3",
            "client/iss/iss-not-advertised",
            "client/iss/iss-supported",
            "client/migration/authorization-server-migration",
            "client/redirect/registered-loopback",
            "client/refresh/none-issued",
            "client/refresh/rotation",
            "client/registration/basic-cimd",
            "client/registration/pre-registration",
            "client/registration/token-endpoint-auth-basic",
            "client/registration/token-endpoint-auth-none",
            "client/registration/token-endpoint-auth-post",
            "client/resource/consistent",
            "client/resource/invalid-target",
            "client/scope/offline-access-not-supported",
            "client/scope/offline-access-scope",
            "client/scope/partial-grant",
            "client/scope/partial-then-step-up",
            "client/scope/scope-from-scopes-supported",
            "client/scope/scope-from-www-authenticate",
            "client/scope/scope-omitted-when-undefined",
            "client/scope/scope-step-up",
            "client/token/early-expiry",
            "client/token/not-in-url",
            "client/token/not-to-other-hosts",
            "client/token/refused-forever",
        ],
    ),
    broken(
        "unbounded-registration-retry",
        &["unbounded-registration-retry"],
        &[
            "client/registration/invalid-client-metadata",
            "client/registration/invalid-redirect-uri",
        ],
    ),
    broken(
        "no-application-type",
        &["no-application-type"],
        &[
            "client/discovery/metadata-default",
            "client/discovery/metadata-var1",
            "client/discovery/metadata-var2",
            "client/discovery/metadata-var3",
            "client/iss/iss-normalized",
            "client/iss/iss-not-advertised",
            "client/iss/iss-supported",
            "client/iss/iss-supported-missing",
            "client/iss/iss-unexpected",
            "client/iss/iss-wrong-issuer",
            "client/migration/authorization-server-migration",
            "client/registration/token-endpoint-auth-basic",
            "client/registration/token-endpoint-auth-none",
            "client/registration/token-endpoint-auth-post",
            "client/scope/offline-access-not-supported",
            "client/scope/scope-from-scopes-supported",
            "client/scope/scope-from-www-authenticate",
            "client/scope/scope-omitted-when-undefined",
            "client/scope/scope-retry-limit",
            "client/scope/scope-step-up",
        ],
    ),
    broken(
        "ignore-challenge-scope",
        &["ignore-challenge-scope"],
        &["client/scope/scope-from-www-authenticate", "client/scope/scope-step-up"],
    ),
    broken(
        "ignore-prm-scopes",
        &["ignore-prm-scopes"],
        &["client/scope/partial-then-step-up", "client/scope/scope-from-scopes-supported"],
    ),
    broken("default-scope", &["default-scope"], &["client/scope/scope-omitted-when-undefined"]),
    broken("no-scope-union", &["no-scope-union"], &["client/scope/scope-step-up"]),
    broken(
        "secret-in-form",
        &["secret-in-form"],
        &[
            "client/extensions/client-credentials-basic",
            "client/registration/pre-registration",
            "client/registration/token-endpoint-auth-basic",
        ],
    ),
    broken("no-cimd", &["no-cimd"], &["client/registration/basic-cimd"]),
    broken(
        "ignore-pre-registration",
        &["ignore-pre-registration"],
        &[
            "client/extensions/client-credentials-basic",
            "client/extensions/client-credentials-jwt",
            "client/registration/pre-registration",
        ],
    ),
    broken(
        "offline-access-always",
        &["offline-access-always"],
        &[
            "client/redirect/registered-loopback",
            "client/refresh/none-issued",
            "client/refresh/rotation",
            "client/resource/consistent",
            "client/resource/invalid-target",
            "client/scope/offline-access-not-supported",
            "client/scope/partial-grant",
            "client/scope/partial-then-step-up",
            "client/scope/scope-omitted-when-undefined",
            "client/token/early-expiry",
            "client/token/not-in-url",
            "client/token/not-to-other-hosts",
            "client/token/refused-forever",
        ],
    ),
    broken(
        "reuse-client-across-as",
        &["reuse-client-across-as"],
        &["client/migration/authorization-server-migration"],
    ),
    broken("require-iss", &["require-iss"], &["client/iss/iss-not-advertised"]),
    broken_at(
        "no-legacy-discovery",
        &["no-legacy-discovery"],
        V03,
        &[
            "client/backcompat/2025-03-26-oauth-endpoint-fallback",
            "client/backcompat/2025-03-26-oauth-metadata-backcompat",
        ],
    ),
    broken(
        "assertion-aud-token-endpoint",
        &["assertion-aud-token-endpoint"],
        &["client/extensions/client-credentials-jwt"],
    ),
    broken("probe-root-prm", &["probe-root-prm"], &["client/discovery/metadata-default"]),
    broken(
        "no-oidc-discovery",
        &["no-oidc-discovery"],
        &["client/discovery/metadata-var1", "client/discovery/metadata-var3"],
    ),
    broken(
        "drop-issuer-path",
        &["drop-issuer-path"],
        &["client/discovery/metadata-var2", "client/discovery/metadata-var3"],
    ),
    broken(
        "no-prm-fallback",
        &["no-prm-fallback"],
        &["client/discovery/metadata-var1", "client/discovery/metadata-var2"],
    ),
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
