#!/usr/bin/env bash
# One tbmock jar, the same MQTT QoS 1 telemetry as JSON and as protobuf (a device profile's schema) in turn:
# messages/s and server CPU per message, side by side. Measured, never asserted; not part of `mvn verify`.
# Usage: bench/protobuf.sh [rounds=3] [clients=50] [warmup=2] [seconds=5]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -DskipTests package >/dev/null
exec java -cp bench/target/tbmock-bench.jar io.tbmock.bench.compare.ProtobufVsJsonBenchmark "$@"
