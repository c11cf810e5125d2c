#!/usr/bin/env bash
# Bounded memory by hand: 4 GB regions through `serve` with a 256 MB heap, pyramid included.
# Makes an OME-Zarr image with zarr-python 2 (uint16, 64^3 chunks, levels 0 and 1), runs
# `bin/zarr-relay serve` with JAVA_OPTS="-Xmx256m" and a GC log, drops one request for the whole of
# level 0, returns the export unchanged to returns/ and waits for written-back. Prints the times and
# the heap high-water (the largest heap use before any collection, from the GC log).
# Usage: bench/wide.sh [--shape Z,Y,X] [--format tiff|npy] [--heap 256m]
#   (default 64,8192,4096 and tiff; 2048,1024,1024 is the deep case)
# Needs about 3x the region's size free on disk under ${TMPDIR:-/tmp}.
set -euo pipefail
cd "$(dirname "$0")/.."
shape=64,8192,4096
format=tiff
heap=256m
while [ $# -gt 0 ]; do
  case "$1" in
    --shape) shape="$2"; shift 2 ;;
    --format) format="$2"; shift 2 ;;
    --heap) heap="$2"; shift 2 ;;
    *) echo "unknown option $1: use --shape Z,Y,X, --format tiff|npy and --heap SIZE" >&2; exit 2 ;;
  esac
done
[ -f target/zarr-relay.jar ] || mvn -q -B package -DskipTests
work=$(mktemp -d "${TMPDIR:-/tmp}/zarr-relay-wide.XXXXXX")
trap 'kill "${pid:-0}" 2>/dev/null || true; wait 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/data"
echo "making a $shape uint16 OME-Zarr image in $work/data/wide.zarr"
/usr/bin/python3 - "$work/data/wide.zarr" "$shape" <<'PY'
import sys, numpy as np, zarr, numcodecs
path, shape = sys.argv[1], tuple(int(s) for s in sys.argv[2].split(","))
root = zarr.open_group(path, mode="w")
blosc = numcodecs.Blosc(cname="lz4", clevel=5, shuffle=numcodecs.Blosc.SHUFFLE)
s0 = root.create_dataset("0", shape=shape, chunks=(64, 64, 64), dtype="<u2", compressor=blosc)
root.create_dataset("1", shape=tuple((s + 1) // 2 for s in shape), chunks=(64, 64, 64), dtype="<u2", compressor=blosc)
root.attrs["multiscales"] = [{"version": "0.4", "axes": [{"name": a, "type": "space", "unit": "micrometer"} for a in "zyx"],
    "datasets": [{"path": str(l), "coordinateTransformations": [{"type": "scale", "scale": [2.0 ** l] * 3}]} for l in (0, 1)]}]
y = np.arange(shape[1], dtype=np.uint32)[:, None] * 3
x = np.arange(shape[2], dtype=np.uint32)[None, :]
for z0 in range(0, shape[0], 64):
    z = np.arange(z0, min(z0 + 64, shape[0]), dtype=np.uint32)[:, None, None] * 7
    s0[z0:z0 + 64] = ((z + y + x) & 0xFFFF).astype("<u2")
PY
du -sh "$work/data/wide.zarr"
JAVA_OPTS="-Xmx$heap -Xlog:gc:file=$work/gc.log" bin/zarr-relay serve --data "$work/data" > "$work/serve.log" 2>&1 &
pid=$!
wait_for() {  # status word, seconds
  for _ in $(seq 1 "$2"); do
    if grep -q "\"state\" *: *\"$1\"" "$work/data/status/wide-1.json" 2>/dev/null; then return 0; fi
    if grep -qE '"state" *: *"(failed|conflict)"' "$work/data/status/wide-1.json" 2>/dev/null; then
      cat "$work/data/status/wide-1.json"; ls "$work/data/failed"; cat "$work/data/failed/"*.txt 2>/dev/null; exit 1
    fi
    sleep 1
  done
  echo "no $1 after $2 s"; tail -20 "$work/serve.log"; exit 1
}
for _ in $(seq 1 60); do [ -d "$work/data/inbox" ] && grep -q "ready\|watching\|started" "$work/serve.log" && break; sleep 1; done
region=$(echo "$shape" | awk -F, '{print "0:"$1",0:"$2",0:"$3}')
start=$(date +%s.%N)
echo "{\"id\": \"wide-1\", \"store\": \"wide.zarr\", \"array\": \"0\", \"region\": \"$region\", \"format\": \"$format\"}" \
  > "$work/data/inbox/wide-1.json"
wait_for exported 3600
exported=$(date +%s.%N)
ext=$([ "$format" = npy ] && echo npy || echo tif)
ls -l "$work/data/exports/"
cp "$work/data/exports/wide-1.$ext" "$work/data/returns/.wide-1-back.$ext.part"
mv "$work/data/returns/.wide-1-back.$ext.part" "$work/data/returns/wide-1-back.$ext"
back=$(date +%s.%N)
wait_for written-back 3600
done_at=$(date +%s.%N)
kill "$pid"; wait "$pid" 2>/dev/null || true
high=$(grep -oE '[0-9]+M->[0-9]+M' "$work/gc.log" | cut -d- -f1 | tr -d M | sort -n | tail -1)
live=$(grep -oE '[0-9]+M->[0-9]+M' "$work/gc.log" | cut -d'>' -f2 | tr -d M | sort -n | tail -1)
full=$(grep -c 'Pause Full' "$work/gc.log" || true)
awk -v s="$start" -v e="$exported" -v b="$back" -v d="$done_at" -v h="$high" -v l="$live" -v n="$full" -v heap="$heap" \
  -v shape="$shape" -v f="$format" 'BEGIN { printf "shape %s %s, heap %s: export %.1f s, write-back (with level 1) %.1f s;" \
  " heap high-water %s MB before a collection, %s MB live after one at most; %s full collections\n", shape, f, heap, e - s, d - b, h, l, n }'
