#!/usr/bin/env bash
# Engine throughput on an S3 store (S3Proxy on loopback) next to local disk, in one process.
# Usage: bench/s3.sh [--repeat N]   (see bench/S3Bench.java)
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=5
[ "${1:-}" = --repeat ] && repeat="$2"
mvn -q -B test-compile
cp=$(mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
java -Xmx2g -Drepeat="$repeat" -cp "target/classes:target/test-classes:$cp" bench/S3Bench.java
