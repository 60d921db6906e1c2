#!/usr/bin/env bash
# mosquitto, bare Moquette and tbmock side by side under the same QoS 1 telemetry load; prints one table
# (msg/s, p50/p99 PUBACK latency, server CPU µs per message, ratios to mosquitto) and writes every run's
# figures to bench/target/compare.json. Measured, never asserted; not part of `mvn verify`.
# Usage: bench/compare.sh [runs=3] [clients=10,50,500] [windows=1,10] [warmup=2] [seconds=5] [servers=…]
#                        [generator=netty|mqttjs]
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v mosquitto >/dev/null; then
  echo "installing mosquitto from Debian's packages" >&2
  apt-get install -y -q mosquitto >/dev/null
fi
mvn -B -q -Pbench -DskipTests package >/dev/null
if [[ " $* " == *" generator=mqttjs "* ]]; then # MQTT.js, at the version bench/mqttjs/package-lock.json pins
  (cd bench/mqttjs && npm ci --no-audit --no-fund --silent)
fi
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true # many clients and their server ends on one machine
exec java -cp bench/target/tbmock-bench.jar io.tbmock.bench.compare.CompareBenchmark "$@"
