#!/usr/bin/env bash
# A connection storm against the tbmock jar: connect, CONNACK, drop, at a capped rate for a bounded count, with the
# admin API called throughout. Prints the rate held, errors, admin latency and heap. Not part of `mvn verify`.
# Usage: bench/storm.sh [connects=20000] [rate=5000] [clients=64] [heap=512m]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -DskipTests package >/dev/null
exec java -cp bench/target/tbmock-bench.jar io.tbmock.bench.compare.StormBenchmark "$@"
