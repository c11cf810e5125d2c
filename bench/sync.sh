#!/usr/bin/env bash
# What a durable write-back's batch sync costs: FileSystemStore.sync (parallel) against one fsync
# after another, on chunk files like the bench array's (see bench/SyncBench.java).
# Usage: bench/sync.sh [--files N] [--bytes B] [--rounds R] [--dir DIR]   (DIR: a folder on the disk to measure)
set -euo pipefail
cd "$(dirname "$0")/.."
files=128; bytes=300000; rounds=9; dir=${TMPDIR:-/tmp}
while [ $# -gt 0 ]; do
  case "$1" in
    --files) files="$2"; shift 2 ;;
    --bytes) bytes="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    *) echo "unknown option $1: use --files N, --bytes B, --rounds R, --dir DIR" >&2; exit 2 ;;
  esac
done
[ -f target/zarr-relay.jar ] || mvn -q -B package -DskipTests
work=$(mktemp -d "$dir/zarr-relay-sync.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (on $(nproc) cores)"
java -cp target/zarr-relay.jar bench/SyncBench.java "$files" "$bytes" "$rounds" "$work"
