#!/usr/bin/env bash
# Start-up cost of tbmock, measured (never asserted):
#  1. the shaded jar, from `java -jar` to the first 200 on /admin/health, over several launches, without a
#     config, with a config file of 100 devices, and with a class-data-sharing archive;
#  2. the in-process server (StartupBenchmark): start(), first CONNACK, stop().
# Usage: bench/startup.sh [launches]      (builds what it needs first)
set -euo pipefail
cd "$(dirname "$0")/.."
launches=${1:-10}

mvn -B -q -Pbench -DskipTests package >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
config=$(mktemp --suffix=.yml)
trap 'rm -f "$config"' EXIT
{
  echo "devices:"
  for i in $(seq 1 100); do
    echo "  - {name: device-$i, credentials: {token: TOKEN_$i}, sharedAttributes: {target: $i}}"
  done
} >"$config"

# Prints min, median and max of the launch-to-health times of `java <jvm options> -jar tbmock.jar <args>`.
measure_jar() {
  local label=$1 jvm=$2
  shift 2
  local results=() start end pid
  for _ in $(seq 1 "$launches"); do
    start=$(date +%s%N)
    # shellcheck disable=SC2086
    java $jvm -jar app/target/tbmock.jar --bind 127.0.0.1 --mqtt-port 0 --mqtts-port 0 --http-port "$port" "$@" \
      >/dev/null 2>&1 &
    pid=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$port/admin/health"; do sleep 0.005; done
    end=$(date +%s%N)
    results+=($(( (end - start) / 1000000 )))
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
  local sorted
  sorted=$(printf '%s\n' "${results[@]}" | sort -n)
  echo "jar (TLS on$label): launch to 200 on /admin/health over $launches launches (ms):" \
       "min $(echo "$sorted" | head -1), median $(echo "$sorted" | sed -n "$(( (launches + 1) / 2 ))p")," \
       "max $(echo "$sorted" | tail -1)"
}

measure_jar "" ""
measure_jar ", 100-device config" "" --config "$config"

# Class data sharing, as the Docker image does it: one start records the classes into an archive, later
# starts map it (docs/performance.md).
archive=bench/target/tbmock.jsa
rm -f "$archive"
java -XX:ArchiveClassesAtExit="$archive" -jar app/target/tbmock.jar --quiet --bind 127.0.0.1 --mqtt-port 0 \
  --mqtts-port 0 --http-port "$port" >/dev/null 2>&1 &
pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/admin/health"; do sleep 0.01; done
kill "$pid"; wait "$pid" 2>/dev/null || true
measure_jar ", class data sharing" "-XX:SharedArchiveFile=$archive"

java -cp bench/target/tbmock-bench.jar io.tbmock.bench.StartupBenchmark 20 plain
java -cp bench/target/tbmock-bench.jar io.tbmock.bench.StartupBenchmark 20 tls
