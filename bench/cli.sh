#!/usr/bin/env bash
# Whole-process times of the command line (bin/zarr-relay) next to the zarr-python one-liner that
# saves the same region to .npy, with hyperfine, on the bench store, in one run.
# Usage: bench/cli.sh [--runs N] [--baseline DIR]
#   --runs N        timed runs per command (default 20; 3 warm-up runs each)
#   --baseline DIR  also time DIR/bin/zarr-relay (another checkout, built) beside this one
# Prints the median and range of each command and the export's ratio to the one-liner, and writes
# hyperfine's JSON to bench/results/cli.json. Exits 0 whatever the numbers are.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=20
baseline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --baseline) baseline="$(cd "$2" && pwd)"; shift 2 ;;
    *) echo "unknown option $1: use --runs N and --baseline DIR" >&2; exit 2 ;;
  esac
done
command -v hyperfine >/dev/null || { echo "bench/cli.sh needs hyperfine: apt-get install hyperfine" >&2; exit 2; }
[ -f target/zarr-relay.jar ] && [ -f target/zarr-relay.jsa ] || mvn -q -B package -DskipTests
if [ -n "$baseline" ] && [ ! -f "$baseline/target/zarr-relay.jar" ]; then
  echo "--baseline $baseline has no target/zarr-relay.jar: build it there first (mvn -q -B package -DskipTests)" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/zarr-relay-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT
store="$work/bench.zarr"
java -cp target/zarr-relay.jar org.zarrrelay.cli.BenchCommand --store "$store" --create-only >/dev/null
sync
region=128:384,128:384,128:384

# One script per command, so hyperfine runs each without a shell of its own (-N) and outputs
# are removed before each run (--prepare).
names=()
scripts=()
add_case() {  # add_case NAME LAUNCHER ARGS...
  local name=$1 launcher=$2 script="$work/case-${#scripts[@]}.sh"
  shift 2
  printf '#!/bin/sh\nexec %s %s >/dev/null\n' "$launcher" "$*" >"$script"
  chmod +x "$script"
  names+=("$name")
  scripts+=("$script")
}
# Each case for this checkout and then the baseline, so that load that comes and goes hits both alike.
launchers=("now=$PWD/bin/zarr-relay")
[ -n "$baseline" ] && launchers+=("before=$baseline/bin/zarr-relay")
each() {  # each LABEL ARGS...: the case for every launcher
  local label=$1 entry
  shift
  for entry in "${launchers[@]}"; do
    add_case "${entry%%=*}: $label" "${entry#*=}" "$@"
  done
}
each "--help" --help
each "--version" --version
each "export --help" export --help
each "info" info --store "$store"
for entry in "${launchers[@]}"; do  # each launcher its own data folder (ledger)
  add_case "${entry%%=*}: export 1 voxel" "${entry#*=}" export --store "$store" --region 0:1,0:1,0:1 \
    --out "$work/${entry%%=*}-v.npy" --data "$work/data-${entry%%=*}"
done
for entry in "${launchers[@]}"; do
  add_case "${entry%%=*}: export 256^3" "${entry#*=}" export --store "$store" --region "$region" \
    --out "$work/${entry%%=*}-x.npy" --data "$work/data-${entry%%=*}"
done
printf '#!/bin/sh\nexec /usr/bin/python3 -c '"'"'import zarr, numpy as np; np.save("%s", zarr.open("%s", "r")[128:384, 128:384, 128:384])'"'"'\n' \
  "$work/py.npy" "$store" >"$work/one-liner.sh"
chmod +x "$work/one-liner.sh"
names+=("zarr-python one-liner")
scripts+=("$work/one-liner.sh")

printf '#!/bin/sh\nrm -f %s/*.npy %s/*.manifest.json\n' "$work" "$work" >"$work/clean.sh"
chmod +x "$work/clean.sh"

load=$(cut -d' ' -f1-3 /proc/loadavg)
args=()
for i in "${!names[@]}"; do args+=(--command-name "${names[$i]}" "${scripts[$i]}"); done
mkdir -p bench/results
hyperfine -N -w 3 -r "$runs" --prepare "$work/clean.sh" --export-json bench/results/cli.json \
  "${args[@]}" >/dev/null
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average before $load, after $load_after (on $(nproc) cores); $runs runs each, whole process"
/usr/bin/python3 - bench/results/cli.json <<'PY'
import json, statistics, sys
results = {r["command"]: r["times"] for r in json.load(open(sys.argv[1]))["results"]}
med = {k: statistics.median(v) * 1000 for k, v in results.items()}
print(f"{'command':28s} {'median ms':>10s} {'range ms':>14s}")
for k, v in results.items():
    print(f"{k:28s} {med[k]:10.0f} {min(v) * 1000:6.0f}-{max(v) * 1000:.0f}")
one = med["zarr-python one-liner"]
for who in ("now", "before"):
    if f"{who}: export 256^3" in med:
        print(f"{who}: export of 256^3 to .npy takes {med[who + ': export 256^3'] / one:.2f}x the one-liner's time")
PY
