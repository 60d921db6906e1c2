#!/usr/bin/env bash
# One tbmock jar, HTTP telemetry POSTs (kept-alive) and MQTT QoS 1 publishes in turn: requests/s and server CPU
# per request, side by side. Measured, never asserted; not part of `mvn verify`.
# Usage: bench/http.sh [rounds=3] [clients=50] [warmup=2] [seconds=5]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -DskipTests package >/dev/null
exec java -cp bench/target/tbmock-bench.jar io.tbmock.bench.compare.HttpVsMqttBenchmark "$@"
