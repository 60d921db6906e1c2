#!/usr/bin/env bash
# Whether the web view keeps up with a flood of events, in Debian's headless Chromium (apt-get install chromium
# chromium-driver). Prints the publish rate, the page's intake rate and how responsive it stays. Not part of
# `mvn verify`. Usage: bench/webview.sh [events=20000]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -DskipTests package >/dev/null
SE_OFFLINE=true SE_AVOID_STATS=true exec java -cp bench/target/tbmock-bench.jar io.tbmock.bench.WebViewBenchmark "$@"
