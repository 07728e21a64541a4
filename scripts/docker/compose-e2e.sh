#!/usr/bin/env bash
# `docker compose up` of the whole stack, service included, in production mode, checked end to end:
# consent through the REST API, readings produced to Kafka stored in InfluxDB, /health/ready 200,
# and SIGTERM stopping the service cleanly (exit within the shutdown budget, status 0, no error
# logged). Its own compose project and ports (Kafka 29092/29093, InfluxDB 28086, service 23000), so
# it runs beside the native stack and the tests' containers; removed afterwards, volumes included.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. scripts/stack/lib.sh
export PATH="$root/node_modules/.bin:$PATH"

bash scripts/docker/engine.sh
say "compose $(bash scripts/docker/build-compose.sh)"
bash scripts/docker/images.sh

mkdir -p "$STACK_DIR"
secrets="$STACK_DIR/compose-e2e.env" key="$STACK_DIR/compose-e2e.jwk"
tsx scripts/docker/compose-check.ts secrets "$key" >"$secrets"
set -a; . "$STACK_DIR/images.env"; . "$secrets"; set +a
export KAFKA_PORT=29092 KAFKA_CONTROLLER_PORT=29093 INFLUX_PORT=28086 PORT=23000 LOG_LEVEL=log
compose=(docker compose -p respite-e2e --profile service)
finish() {
  local rc=$?
  if [ $rc -ne 0 ]; then say "FAILED; the containers' last log lines:"; "${compose[@]}" logs --tail 40 >&2 || true; fi
  "${compose[@]}" down -v --timeout 5 >/dev/null 2>&1 || true
  rm -f "$key" "$secrets"
  exit $rc
}
trap finish EXIT

"${compose[@]}" down -v --timeout 5 >/dev/null 2>&1 || true # a run that died before its cleanup
say "docker compose up -d --wait kafka influxdb"
"${compose[@]}" up -d --wait --no-build kafka influxdb
KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" tsx scripts/stack/create-topics.ts
say "docker compose up -d respite (NODE_ENV=production, image $RESPITE_IMAGE)"
"${compose[@]}" up -d --no-build respite
KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" INFLUX_URL="http://127.0.0.1:$INFLUX_PORT" SERVICE_URL="http://127.0.0.1:$PORT" \
  tsx scripts/docker/compose-check.ts verify "$key"

id=$("${compose[@]}" ps -q respite)
[ "$(docker inspect -f '{{.Config.Env}}' "$id" | grep -o 'NODE_ENV=production')" ] || { say "FAILED: the service does not run with NODE_ENV=production"; exit 1; }
say "SIGTERM to the service"
since=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ) t0=$(date +%s%N)
docker kill -s TERM "$id" >/dev/null
# within the shutdown budget (SHUTDOWN_DEADLINE_MS, 25 s by default) and well before compose's 35 s
code=$(timeout 30 docker wait "$id") || { say "FAILED: the service did not exit within 30 s of SIGTERM"; exit 1; }
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
if [ "$code" != 0 ]; then say "FAILED: exit status $code after SIGTERM"; exit 1; fi
# kafkajs logs retriable errors at error level while a fresh broker elects its coordinators, so
# only what the shutdown logged counts
errors=$(docker logs --since "$since" "$id" 2>&1 | grep '"level":"\(error\|fatal\)"' || true)
if [ -n "$errors" ]; then say "FAILED: errors logged during the shutdown:"; echo "$errors" >&2; exit 1; fi
say "the service exited with status 0, ${ms} ms after SIGTERM, no error logged while stopping"
say "compose end to end: passed"
