#!/usr/bin/env bash
# Queued round trips with 1, 2 and 3 worker processes against S3Proxy on this machine: jobs per
# minute, MB/s, CPU seconds per job of the workers, of S3Proxy + broker + the lab side (one JVM),
# and of PostgreSQL, and the S3 requests each job costs. See bench/README.md "Several workers".
# Usage: bench/workers.sh [arrays jobs-per-array z y x [worker counts...]]
#   default: 6 arrays of 64 x 256 x 256 uint16, 6 jobs each (regions of 64 x 128 x 256, 4.2 MB), 1 2 3 workers
# Starts its own throwaway PostgreSQL (tools/ci/postgres.sh on RELAY_PG_PORT, default 55452, and
# RELAY_PG_DIR, default /tmp/zarr-relay-postgres-bench) and stops it at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

arrays=${1:-6}; per=${2:-6}; z=${3:-64}; y=${4:-256}; x=${5:-256}
shift $(( $# < 5 ? $# : 5 )) || true
counts=("$@"); [ ${#counts[@]} -gt 0 ] || counts=(1 2 3)

export RELAY_PG_PORT=${RELAY_PG_PORT:-55452}
export RELAY_PG_DIR=${RELAY_PG_DIR:-/tmp/zarr-relay-postgres-bench}
url=$(tools/ci/postgres.sh)
trap 'tools/ci/postgres.sh stop' EXIT

mvn -q -B -o test-compile
mvn -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
cp="$PWD/target/test-classes:$PWD/target/classes:$(cat target/bench-classpath.txt)"
work=$(mktemp -d /tmp/zarr-relay-workers-bench.XXXXXX)
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx1g -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn org.zarrrelay.camel.WorkersBench \
  "$url" "$work" "$RELAY_PG_DIR/data" "$arrays" "$per" "$z" "$y" "$x" "${counts[@]}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$work"
