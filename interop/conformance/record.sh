#!/usr/bin/env bash
# Records the official suite's verdicts for one client: the runs README.md lists, each
# through run-official.sh, each verdict file copied to verdicts/<client>-<run>.json.
#
#   record.sh NAME CMD [WORKDIR]
#
# NAME names the client in the file names (reference, python, typescript); CMD is the
# client command (the MCP URL is appended to it); WORKDIR (default: a new temporary
# directory) receives each run's raw output. Prints the wall time of each run.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
[ $# -ge 2 ] || { sed -n '5p' "$0" | sed 's/^# *//' >&2; exit 2; }
name="$1" cmd="$2"
work="${3:-$(mktemp -d)}"
mkdir -p "$here/verdicts"

# The 2026-07-28 scenarios that no suite but `draft` selects (and `draft` mixes in
# non-auth scenarios): run one by one, each alone.
draft_auth=(
  auth/resource-mismatch auth/offline-access-scope auth/offline-access-not-supported
  auth/authorization-server-migration auth/iss-supported auth/iss-not-advertised
  auth/iss-supported-missing auth/iss-wrong-issuer auth/iss-unexpected auth/iss-normalized
  auth/metadata-issuer-mismatch
)

record() {
  local run="$1"
  shift
  local start end
  start=$(date +%s%N)
  "$here/run-official.sh" --command "$cmd" "$@" --out "$work/$name-$run" >/dev/null
  end=$(date +%s%N)
  cp "$work/$name-$run/verdicts.json" "$here/verdicts/$name-$run.json"
  printf '%s %s: %d ms\n' "$name" "$run" $(((end - start) / 1000000))
}

record 2025-11-25 --spec-version 2025-11-25 --suite auth
record 2026-07-28 --spec-version 2026-07-28 --suite auth
draft_args=()
for scenario in "${draft_auth[@]}"; do draft_args+=(--scenario "$scenario"); done
record 2026-07-28-draft --spec-version 2026-07-28 "${draft_args[@]}"
record 2025-06-18 --spec-version 2025-06-18 --suite auth
record 2025-03-26 --spec-version 2025-03-26 --suite backcompat
record extensions --suite extensions
echo "raw output: $work"
