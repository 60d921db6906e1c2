#!/usr/bin/env bash
# Many idle device sessions in one tbmock: CONNECT/s with TLS off and on, live heap per session, and the admin
# API's latency while they connect. Measured, never asserted; not part of `mvn verify`.
# Usage: bench/sessions.sh [sessions=100000] [tls-sessions=5000] [concurrency=200] [heap=1g] [client-tls=openssl|jdk]
#        [jvm-opts=-Dtbmock.tls.provider=jdk]  (the server on the JDK's TLS, for comparison)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -DskipTests package >/dev/null
# Each session holds a file descriptor in the server and one in the client: raise the limit as far as allowed.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec java -cp bench/target/tbmock-bench.jar io.tbmock.bench.compare.SessionsBenchmark "$@"
