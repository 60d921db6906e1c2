#!/usr/bin/env bash
# Start-up cost of tbmock, measured (never asserted):
#  0. the floor: a main that does nothing (`java -cp bench/target/classes io.tbmock.bench.TrivialMain`), from
#     launch to exit, measured between tbmock's launches so that both see the machine in the same state;
#  1. the shaded jar, from `java -jar` to the first 200 on /admin/health, over several launches, without a
#     config, with a config file of 100 devices, and with a class-data-sharing archive; each as a multiple of
#     the floor's median;
#  2. Netty's own floor (NettyFloor: one event loop, one bound port, nothing else), launch to exit and inside the
#     JVM, which tbmock's start-up cannot go below while Netty carries its listeners;
#  3. the in-process server (StartupBenchmark): start(), first CONNACK, stop().
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

floors=()
# Launch to exit of a main that does nothing: one more sample of the floor.
measure_floor() {
  local start end
  start=$(date +%s%N)
  java -cp bench/target/classes io.tbmock.bench.TrivialMain
  end=$(date +%s%N)
  floors+=($(( (end - start) / 1000000 )))
}

# min, median and max of the numbers given
summary() {
  local sorted
  sorted=$(printf '%s\n' "$@" | sort -n)
  echo "min $(echo "$sorted" | head -1), median $(echo "$sorted" | sed -n "$(( ($# + 1) / 2 ))p"), max $(echo "$sorted" | tail -1)"
}

median() {
  printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"
}

# Prints min, median and max of the launch-to-health times of `java <jvm options> -jar tbmock.jar <args>`, and
# the median as a multiple of the floor's, a floor sample taken before each launch.
measure_jar() {
  local label=$1 jvm=$2
  shift 2
  local results=() start end pid
  for _ in $(seq 1 "$launches"); do
    measure_floor
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
  local floor
  floor=$(median "${floors[@]}")
  echo "jar (TLS on$label): launch to 200 on /admin/health over $launches launches (ms): $(summary "${results[@]}");" \
       "$(awk -v t="$(median "${results[@]}")" -v f="$floor" 'BEGIN { printf "%.1f", t / f }')x the floor's median"
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

# Netty's floor: launch to exit of a JVM that binds one Netty port, with what it prints of its time inside.
netty=()
netty_inside=()
for _ in $(seq 1 "$launches"); do
  measure_floor
  start=$(date +%s%N)
  inside=$(java -cp bench/target/tbmock-bench.jar io.tbmock.bench.NettyFloor | sed -E 's/.* ([0-9.]+) ms in all/\1/')
  end=$(date +%s%N)
  netty+=($(( (end - start) / 1000000 )))
  netty_inside+=("$inside")
done
echo "Netty's floor (one event loop, one bind): launch to exit over $launches launches (ms): $(summary "${netty[@]}");" \
     "$(awk -v t="$(median "${netty[@]}")" -v f="$(median "${floors[@]}")" 'BEGIN { printf "%.1f", t / f }')x the" \
     "floor's median; inside the JVM (ms): $(summary "${netty_inside[@]}")"

echo "floor (a main that does nothing, launch to exit) over ${#floors[@]} launches (ms): $(summary "${floors[@]}")"

java -cp bench/target/tbmock-bench.jar io.tbmock.bench.StartupBenchmark 20 plain
java -cp bench/target/tbmock-bench.jar io.tbmock.bench.StartupBenchmark 20 tls
