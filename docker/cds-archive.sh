#!/bin/sh
# Run once while the image is built: starts tbmock, makes a device over the admin API and stops it, with the
# JVM recording every class that took into a class-data-sharing archive. The entry point maps that archive at
# each start instead of loading and verifying those classes again (docs/performance.md: start-up).
set -eu
port=18080
java -XX:ArchiveClassesAtExit=/opt/tbmock/tbmock.jsa -jar /opt/tbmock/tbmock.jar --quiet \
  --bind 127.0.0.1 --mqtt-port 0 --mqtts-port 0 --http-port "$port" &
pid=$!
tries=0
until curl -fsS -o /dev/null "http://127.0.0.1:$port/admin/health"; do
  tries=$((tries + 1))
  if [ "$tries" -gt 300 ]; then
    echo "cds-archive: tbmock did not answer on /admin/health" >&2
    kill "$pid"
    exit 1
  fi
  sleep 0.1
done
curl -fsS -o /dev/null -XPOST "http://127.0.0.1:$port/admin/devices" -d '{"name":"cds","credentials":{"token":"CDS"}}'
kill -TERM "$pid"
wait "$pid" || true # 143: stopped by SIGTERM, as asked
test -s /opt/tbmock/tbmock.jsa
