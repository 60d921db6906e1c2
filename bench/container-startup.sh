#!/usr/bin/env bash
# The Docker image, measured (never asserted): its size, and from `docker run` to the first 200 on
# /admin/health through the published port and to Docker's own `healthy` (the HEALTHCHECK), over several runs.
# Needs a running Docker engine.    Usage: bench/container-startup.sh [runs]    (builds the image first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
image=tbmock:bench

docker build -q -t "$image" . >/dev/null
echo "image $image: $(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1 / 1e6}')"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
to_200=()
to_healthy=()
for _ in $(seq 1 "$runs"); do
  since=$(date +%s.%N)
  start=$(date +%s%N)
  container=$(docker run -d -p "127.0.0.1:$port:8080" "$image")
  until curl -sf -o /dev/null "http://127.0.0.1:$port/admin/health"; do sleep 0.005; done
  to_200+=($(( ($(date +%s%N) - start) / 1000000 )))
  until [ "$(docker inspect -f '{{.State.Health.Status}}' "$container")" = healthy ]; do sleep 0.05; done
  # Docker's event has the time it saw `healthy`, in nanoseconds; --until makes `docker events` end.
  healthy=$(docker events --since "$since" --until "$(date +%s.%N)" --filter "container=$container" \
    --filter event=health_status --format '{{.TimeNano}} {{.Status}}' | grep 'healthy$' | head -1 | cut -d' ' -f1)
  to_healthy+=($(( (healthy - start) / 1000000 )))
  docker rm -f "$container" >/dev/null
done

summary() {
  local sorted
  sorted=$(printf '%s\n' "$@" | sort -n)
  echo "min $(echo "$sorted" | head -1), median $(echo "$sorted" | sed -n "$(( ($# + 1) / 2 ))p"), max $(echo "$sorted" | tail -1)"
}
echo "container: docker run to 200 on /admin/health over $runs runs (ms): $(summary "${to_200[@]}")"
echo "container: docker run to HEALTHCHECK healthy over $runs runs (ms): $(summary "${to_healthy[@]}")"
