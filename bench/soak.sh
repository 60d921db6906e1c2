#!/usr/bin/env bash
# A long run: 200 devices for 10 minutes against the tbmock jar with its default bounds (telemetry, RPCs, pushes,
# reconnects, OTA), the live heap as it goes and after a data reset, and every acknowledged publish accounted for.
# Measured, never asserted; not part of `mvn verify`.
# Usage: bench/soak.sh [devices=200] [minutes=10] [heap=512m]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -DskipTests package >/dev/null
exec java -cp bench/target/tbmock-bench.jar io.tbmock.bench.compare.SoakBenchmark "$@"
