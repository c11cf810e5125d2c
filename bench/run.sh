#!/usr/bin/env bash
# Region read/write throughput of zarr-relay next to zarr-python 2.13, on the same store, in one run.
# Usage: bench/run.sh [--repeat N]
#   JAVA_TUNED   JVM flags of the second ("tuned JVM") run of ours (default below; see README.md)
#   KEEP_STORE=1 keeps the temporary store and JSON files
# Prints one table and writes bench/results/latest.json. Exits 0 whatever the ratios are: this
# reports, it does not judge.
set -euo pipefail
cd "$(dirname "$0")/.."

repeat=5
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) repeat="$2"; shift 2 ;;
    *) echo "unknown option $1: use --repeat N" >&2; exit 2 ;;
  esac
done
tuned_flags=${JAVA_TUNED:--Xms2g -Xmx2g -XX:+AlwaysPreTouch}

[ -f target/zarr-relay.jar ] || mvn -q -B package -DskipTests
work=$(mktemp -d "${TMPDIR:-/tmp}/zarr-relay-bench.XXXXXX")
[ "${KEEP_STORE:-}" = 1 ] && echo "keeping $work" || trap 'rm -rf "$work"' EXIT
# Our own copy: a rebuild in the tree during the run must not swap classes under a running JVM.
cp target/zarr-relay.jar "$work/zarr-relay.jar"
store="$work/bench.zarr"
ours() {
  # shellcheck disable=SC2086  # the flags are a word list
  java $1 -cp "$work/zarr-relay.jar" org.zarrrelay.cli.BenchCommand --store "$store" "${@:2}"
}

load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average before the run: $load (on $(nproc) cores; other work skews both sides)"
ours "" --create-only
sync  # the store's dirty pages must not be flushed while writes are timed

echo; echo "== ours (default JVM)"
ours "" --repeat "$repeat" --json "$work/ours.json"
echo; echo "== zarr-python"
/usr/bin/python3 bench/zarr_python_bench.py --store "$store" --cases "$work/ours.json" --repeat "$repeat" \
  --json "$work/zarr-python.json"
echo; echo "== ours (tuned JVM: $tuned_flags)"
ours "$tuned_flags" --repeat "$repeat" --json "$work/ours-tuned.json"

echo; echo "== summary"
/usr/bin/python3 bench/report.py --ours "$work/ours.json" --zarr-python "$work/zarr-python.json" \
  --ours-tuned "$work/ours-tuned.json" --load-before "$load" --out bench/results/latest.json
