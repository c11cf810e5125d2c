#!/usr/bin/env bash
# Region read/write throughput of zarr-relay next to zarr-python 2.13 and TensorStore, on the same
# store, in one run.
# Usage: bench/run.sh [--repeat N] [--rounds R]
#   --repeat N   timed samples per measurement, median reported (default 5)
#   --rounds R   each round runs ours, zarr-python and ours with the tuned JVM once; ratios are taken
#                within a round, then the median over rounds, so load that comes and goes on a
#                shared machine hits both sides alike (default 3)
#   JAVA_TUNED   JVM flags of the "tuned JVM" runs (default below; see README.md)
#   KEEP_STORE=1 keeps the temporary store and the per-run JSON files
#   TS_VENV      where the venv with the pip package tensorstore is made and kept
#                (default ~/.cache/zarr-relay/tensorstore-venv); when pip cannot install it, the
#                bench says so and runs without that column
# Prints one table and writes bench/results/latest.json. Exits 0 whatever the ratios are: it
# reports, it does not judge.
set -euo pipefail
cd "$(dirname "$0")/.."

repeat=5
rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) repeat="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "unknown option $1: use --repeat N and --rounds R" >&2; exit 2 ;;
  esac
done
tuned_flags=${JAVA_TUNED:--Xms1g -Xmx1g -XX:+AlwaysPreTouch}

has_bench() {
  /usr/bin/python3 -c 'import sys, zipfile; sys.exit("org/zarrrelay/cli/BenchCommand.class" not in zipfile.ZipFile(sys.argv[1]).namelist())' "$1" 2>/dev/null
}
has_bench target/zarr-relay.jar || mvn -q -B package -DskipTests
work=$(mktemp -d "${TMPDIR:-/tmp}/zarr-relay-bench.XXXXXX")
if [ "${KEEP_STORE:-}" = 1 ]; then echo "keeping $work"; else trap 'rm -rf "$work"' EXIT; fi
# Our own copy: a rebuild in the tree during the run must not swap classes under a running JVM.
cp target/zarr-relay.jar "$work/zarr-relay.jar"
store="$work/bench.zarr"
ours() {  # ours FLAGS JSON
  # shellcheck disable=SC2086  # the flags are a word list
  java $1 -cp "$work/zarr-relay.jar" org.zarrrelay.cli.BenchCommand --store "$store" --repeat "$repeat" --json "$2"
}
zarr_python() {  # zarr_python JSON
  /usr/bin/python3 bench/zarr_python_bench.py --store "$store" --cases "$work/ours-1.json" --repeat "$repeat" --json "$1"
}
ts_venv=${TS_VENV:-$HOME/.cache/zarr-relay/tensorstore-venv}
if ! "$ts_venv/bin/python" -c 'import tensorstore' 2>/dev/null; then
  echo "installing TensorStore (pip) into $ts_venv ..."
  rm -rf "$ts_venv"
  if ! { /usr/bin/python3 -m venv "$ts_venv" && "$ts_venv/bin/pip" install -q --retries 0 --timeout 10 tensorstore; } \
      >"$work/tensorstore-install.log" 2>&1; then
    echo "TensorStore could not be installed (pip: $(tail -1 "$work/tensorstore-install.log")); going on without it"
  fi
fi
with_ts=0
"$ts_venv/bin/python" -c 'import tensorstore' 2>/dev/null && with_ts=1
tensorstore() {  # tensorstore JSON
  "$ts_venv/bin/python" bench/tensorstore_bench.py --store "$store" --cases "$work/ours-1.json" --repeat "$repeat" --json "$1"
}

load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average before the run: $load (on $(nproc) cores; other work skews both sides)"
java -cp "$work/zarr-relay.jar" org.zarrrelay.cli.BenchCommand --store "$store" --create-only
sync  # the store's dirty pages must not be flushed while writes are timed

for r in $(seq 1 "$rounds"); do
  # Alternate the order so that neither side always runs first after the other's writes.
  if [ $((r % 2)) = 1 ]; then
    echo; echo "== round $r: ours (default JVM)"; ours "" "$work/ours-$r.json"
    echo; echo "== round $r: zarr-python"; zarr_python "$work/zarr-python-$r.json"
    if [ $with_ts = 1 ]; then echo; echo "== round $r: tensorstore"; tensorstore "$work/tensorstore-$r.json"; fi
    echo; echo "== round $r: ours (tuned JVM: $tuned_flags)"; ours "$tuned_flags" "$work/ours-tuned-$r.json"
  else
    echo; echo "== round $r: ours (tuned JVM: $tuned_flags)"; ours "$tuned_flags" "$work/ours-tuned-$r.json"
    if [ $with_ts = 1 ]; then echo; echo "== round $r: tensorstore"; tensorstore "$work/tensorstore-$r.json"; fi
    echo; echo "== round $r: zarr-python"; zarr_python "$work/zarr-python-$r.json"
    echo; echo "== round $r: ours (default JVM)"; ours "" "$work/ours-$r.json"
  fi
done

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo; echo "== summary (load average before $load, after $load_after; the run itself adds about 2)"
files() { for r in $(seq 1 "$rounds"); do echo "$work/$1-$r.json"; done; }
# shellcheck disable=SC2046  # one argument per file
ts_files=()
if [ $with_ts = 1 ]; then mapfile -t ts_files < <(files tensorstore); fi
/usr/bin/python3 bench/report.py --ours $(files ours) --zarr-python $(files zarr-python) \
  --ours-tuned $(files ours-tuned) --tensorstore "${ts_files[@]}" --load "$load / $load_after" --out bench/results/latest.json
