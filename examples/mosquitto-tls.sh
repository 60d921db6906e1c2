#!/usr/bin/env bash
# Interoperability with Debian's mosquitto-clients over TLS, as an ESP32/embedded team would test:
#   1. `tbmock certs` writes a CA and a device certificate (flashed onto the device before the mock runs);
#   2. the mock starts with --state-dir on that folder, so its server certificate is signed by that CA;
#   3. mosquitto_pub sends telemetry over one-way TLS with an access token, then with the client certificate;
#   4. the admin API shows both arrived.
# Needs: the built jar (mvn -B -DskipTests package), mosquitto-clients, curl, python3.
# Usage: examples/mosquitto-tls.sh      (exits non-zero if anything does not work)
set -euo pipefail
cd "$(dirname "$0")/.."
jar=app/target/tbmock.jar
dir=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
mqtts=$(free_port); http=$(free_port)

java -jar "$jar" certs --out "$dir" --device sensor-1 >/dev/null
java -jar "$jar" --bind 127.0.0.1 --mqtt-port 0 --mqtts-port "$mqtts" --http-port "$http" --state-dir "$dir" \
  >"$dir/tbmock.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$http/admin/health"; do sleep 0.05; done
admin="http://127.0.0.1:$http/admin"

curl -sf -XPOST "$admin/devices" -d '{"name":"token-dev","credentials":{"token":"TOKEN1"}}' >/dev/null
certificate=$(python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' "$dir/sensor-1.pem")
curl -sf -XPOST "$admin/devices" \
  -d "{\"name\":\"sensor-1\",\"credentials\":{\"type\":\"X509_CERTIFICATE\",\"certificatePem\":$certificate}}" >/dev/null

# One-way TLS: the device checks the server against the CA and authenticates with its token.
mosquitto_pub -h localhost -p "$mqtts" --cafile "$dir/ca.pem" -u TOKEN1 -q 1 \
  -t v1/devices/me/telemetry -m '{"temperature":21.5}'
# Mutual TLS: the certificate is the credential; no username.
mosquitto_pub -h localhost -p "$mqtts" --cafile "$dir/ca.pem" --cert "$dir/sensor-1.pem" --key "$dir/sensor-1.key" -q 1 \
  -t v1/devices/me/telemetry -m '{"humidity":40}'

token=$(curl -sf "$admin/devices/token-dev/telemetry/latest")
x509=$(curl -sf "$admin/devices/sensor-1/telemetry/latest")
echo "token over TLS:    $token"
echo "X.509 certificate: $x509"
[ "$token" = '{"temperature":21.5}' ] && [ "$x509" = '{"humidity":40}' ] && echo OK
