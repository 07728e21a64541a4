#!/usr/bin/env bash
# Starts a real single-node Kafka (KRaft) and a real InfluxDB 2.x, creates the contract's topics and
# writes the connection settings to .env.stack. Uses docker compose where a Docker engine answers;
# otherwise installs both natively from the package registries (cached under $RESPITE_CACHE).
# Idempotent: servers already running are reused.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# shellcheck source=scripts/stack/lib.sh
. scripts/stack/lib.sh

mkdir -p "$STACK_DIR"
[ -f "$STACK_DIR/influx-token" ] || head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > "$STACK_DIR/influx-token"
INFLUX_TOKEN="$(cat "$STACK_DIR/influx-token")"

if [ "${RESPITE_STACK_MODE:-auto}" != native ] && docker info >/dev/null 2>&1; then
  say "Docker engine found: docker compose up kafka influxdb"
  INFLUX_TOKEN="$INFLUX_TOKEN" docker compose up -d --wait kafka influxdb
else
  [ -d node_modules/kafkajs ] || npm install --no-audit --no-fund
  start_kafka
  start_influxd
  wait_port "$KAFKA_PORT" Kafka 90
  wait_http "http://127.0.0.1:$INFLUX_PORT/health" InfluxDB 90
  setup_influx "$INFLUX_TOKEN"
fi

cat > .env.stack <<ENV
# written by scripts/stack/up.sh; read by the service, the tests and the demo
KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT
INFLUX_URL=http://127.0.0.1:$INFLUX_PORT
INFLUX_TOKEN=$INFLUX_TOKEN
INFLUX_ORG=$INFLUX_ORG
INFLUX_BUCKET=$INFLUX_BUCKET
ENV

node_bin "$root/node_modules/.bin/tsx" scripts/stack/create-topics.ts
say "stack is up (Kafka 127.0.0.1:$KAFKA_PORT, InfluxDB http://127.0.0.1:$INFLUX_PORT); settings in .env.stack"
