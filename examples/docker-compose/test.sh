#!/bin/sh
# Drives the device under test through tbmock's admin API, as a CI job would after `docker-compose up -d`:
# waits for its telemetry, then sends it an RPC and checks the answer. Exits non-zero on the first failure.
set -eu
admin=${TBMOCK_ADMIN:-http://localhost:8080/admin}

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

echo "waiting up to 30 s for the thermostat's first telemetry"
telemetry=$(curl -fsS "$admin/events?device=thermostat&type=TELEMETRY&after=0&waitMs=30000")
case $telemetry in
  *'"temperature"'*) echo "ok: $telemetry" ;;
  *) fail "no telemetry from the thermostat: $telemetry" ;;
esac

echo "sending the thermostat an RPC and waiting up to 10 s for its answer"
answer=$(curl -sS -XPOST "$admin/devices/thermostat/rpc" \
  -d '{"method":"setTargetTemperature","params":{"value":23},"timeoutMs":10000}')
case $answer in
  *'"status":"SUCCESSFUL"'*'"targetTemperature":23'*) echo "ok: $answer" ;;
  *) fail "the RPC was not answered as expected: $answer" ;;
esac

echo "PASS"
