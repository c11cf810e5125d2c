#!/usr/bin/env bash
# The seed tutorial's round trip (export a region to TIFF, write it back from TIFF) timed for
# zarr-relay and for zarr-python 2.13 + tifffile by hand, on the same store, in one run.
# Usage: bench/roundtrip.sh [--format tiff|npy|nifti|dicom|ome-tiff] [--fsync] [--repeat N] [--rounds R]
#   --format F   the file format of the round trip (default tiff)
#   --fsync      ours with relay.fsync=true (durable write-backs); the Python side never syncs
#   --repeat N   timed round trips per case, median reported (default 5)
#   --rounds R   each round runs ours and zarr-python once; ratios are taken within a round, then the
#                median over rounds, so load that comes and goes on a shared machine hits both alike
#                (default 3)
#   JAVA_OPTS    JVM flags for our side (default none)
#   KEEP_STORE=1 keeps the temporary store, files and per-run JSON files
# Prints the ratios, the step breakdown and each phase's floor (bench/README.md), and writes
# bench/results/roundtrip.json. Exits 0 whatever the ratios are: it
# reports, it does not judge.
set -euo pipefail
cd "$(dirname "$0")/.."

format=tiff
fsync=()
repeat=5
rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --format) format="$2"; shift 2 ;;
    --fsync) fsync=(--fsync); shift ;;
    --repeat) repeat="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "unknown option $1: use --format F, --fsync, --repeat N and --rounds R" >&2; exit 2 ;;
  esac
done

has_bench() {
  /usr/bin/python3 -c 'import sys, zipfile; sys.exit("org/zarrrelay/cli/RoundTripBenchCommand.class" not in zipfile.ZipFile(sys.argv[1]).namelist())' "$1" 2>/dev/null
}
has_bench target/zarr-relay.jar || mvn -q -B package -DskipTests
work=$(mktemp -d "${TMPDIR:-/tmp}/zarr-relay-roundtrip.XXXXXX")
if [ "${KEEP_STORE:-}" = 1 ]; then echo "keeping $work"; else trap 'rm -rf "$work"' EXIT; fi
# Our own copy: a rebuild in the tree during the run must not swap classes under a running JVM.
cp target/zarr-relay.jar "$work/zarr-relay.jar"
store="$work/bench.zarr"
files="$work/files"  # both tools' files, on the same disk as the store
mkdir -p "$files"
ours() {  # ours JSON
  sync  # the other side's dirty pages must not be flushed while this side is timed
  # shellcheck disable=SC2086  # the flags are a word list
  java ${JAVA_OPTS:-} -cp "$work/zarr-relay.jar" org.zarrrelay.cli.RoundTripBenchCommand --store "$store" \
    --work "$files" --format "$format" "${fsync[@]}" --repeat "$repeat" --json "$1"
}
zarr_python() {  # zarr_python JSON
  sync
  /usr/bin/python3 bench/roundtrip_python.py run --store "$store" --work "$files" --format "$format" \
    --repeat "$repeat" --json "$1"
}

load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average before the run: $load (on $(nproc) cores; other work skews both sides)"
java -cp "$work/zarr-relay.jar" org.zarrrelay.cli.BenchCommand --store "$store" --create-only
sync  # the store's dirty pages must not be flushed while writes are timed

for r in $(seq 1 "$rounds"); do
  # Alternate the order so that neither side always runs first after the other's writes.
  if [ $((r % 2)) = 1 ]; then
    echo; echo "== round $r: ours"; ours "$work/ours-$r.json"
    echo; echo "== round $r: zarr-python + ${format}"; zarr_python "$work/python-$r.json"
  else
    echo; echo "== round $r: zarr-python + ${format}"; zarr_python "$work/python-$r.json"
    echo; echo "== round $r: ours"; ours "$work/ours-$r.json"
  fi
done

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo; echo "== summary (load average before $load, after $load_after; the run itself adds about 2)"
list() { for r in $(seq 1 "$rounds"); do echo "$work/$1-$r.json"; done; }
# shellcheck disable=SC2046  # one argument per file
/usr/bin/python3 bench/roundtrip_python.py report --ours $(list ours) --python $(list python) \
  --load "$load / $load_after" --out bench/results/roundtrip.json
