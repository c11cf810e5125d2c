#!/usr/bin/env bash
# What the write-back journal costs: write-backs of the bench array's cases (256^3 and 128x512x512,
# uint16, 64^3 blosc chunks) without the journal (the engine alone, as before it), with it, and with
# it and relay.fsync=true, interleaved in one process. Prints medians and ratios to the engine.
# Usage: bench/journal.sh [--repeat N]   (JAVA_OPTS for JVM flags)
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=5
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) repeat="$2"; shift 2 ;;
    *) echo "unknown option $1: use --repeat N" >&2; exit 2 ;;
  esac
done
[ -f target/zarr-relay.jar ] || mvn -q -B package -DskipTests
work=$(mktemp -d "${TMPDIR:-/tmp}/zarr-relay-journal.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp target/zarr-relay.jar "$work/zarr-relay.jar"
java -cp "$work/zarr-relay.jar" org.zarrrelay.cli.BenchCommand --store "$work/bench.zarr" --create-only
sync
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (on $(nproc) cores)"
# shellcheck disable=SC2086  # the flags are a word list
java ${JAVA_OPTS:-} -cp "$work/zarr-relay.jar" org.zarrrelay.cli.JournalBenchCommand --store "$work/bench.zarr" --repeat "$repeat"
