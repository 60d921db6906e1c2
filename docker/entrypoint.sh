#!/bin/sh
# The container's entry point: a config file mounted at /config is loaded unless TBMOCK_CONFIG names another,
# and java replaces this shell so that it receives docker stop's SIGTERM itself and stops cleanly.
set -eu
if [ -z "${TBMOCK_CONFIG:-}" ]; then
  for candidate in /config/tbmock.yml /config/tbmock.yaml /config/tbmock.json; do
    if [ -f "$candidate" ]; then
      export TBMOCK_CONFIG="$candidate"
      break
    fi
  done
fi
# The class-data-sharing archive made when the image was built (cds-archive.sh); a JVM option in JAVA_OPTS
# that it does not fit makes the JVM start without it. JAVA_OPTS is split on spaces on purpose: it holds
# several JVM options.
# shellcheck disable=SC2086
exec java -XX:SharedArchiveFile=/opt/tbmock/tbmock.jsa ${JAVA_OPTS:-} -jar /opt/tbmock/tbmock.jar "$@"
