#!/usr/bin/env bash
# As the official image: with DOCKER_INFLUXDB_INIT_MODE=setup and no data yet, a first influxd on
# a side port is onboarded (org, bucket, operator token) and stopped; then influxd runs as PID 1 on
# its own address, so it answers there only once it is set up.
set -euo pipefail
if [ "${1:-}" = influxd ] && [ "${DOCKER_INFLUXDB_INIT_MODE:-}" = setup ] && [ ! -f "$INFLUXD_BOLT_PATH" ]; then
  init="127.0.0.1:${INFLUXD_INIT_PORT:-9999}"
  INFLUXD_HTTP_BIND_ADDRESS="$init" influxd --log-level=warn &
  pid=$!
  for _ in $(seq 1 120); do curl -fsS "http://$init/health" >/dev/null 2>&1 && break; sleep 0.5; done
  body=$(printf '{"username":"%s","password":"%s","org":"%s","bucket":"%s","token":"%s"}' \
    "$DOCKER_INFLUXDB_INIT_USERNAME" "$DOCKER_INFLUXDB_INIT_PASSWORD" "$DOCKER_INFLUXDB_INIT_ORG" \
    "$DOCKER_INFLUXDB_INIT_BUCKET" "$DOCKER_INFLUXDB_INIT_ADMIN_TOKEN")
  curl -fsS -X POST "http://$init/api/v2/setup" -H 'Content-Type: application/json' -d "$body" >/dev/null
  echo "influxdb: set up org $DOCKER_INFLUXDB_INIT_ORG, bucket $DOCKER_INFLUXDB_INIT_BUCKET"
  kill -TERM "$pid"; wait "$pid" || true
fi
exec "$@"
