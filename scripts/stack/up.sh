#!/usr/bin/env bash
# Starts a real single-node Kafka (KRaft) and a real InfluxDB 2.x, creates the contract's topics and
# writes the connection settings to .env.stack. RESPITE_STACK_MODE picks how:
#   native (default, the fast path)  installs both from the package registries (cached under
#                                    $RESPITE_CACHE) and runs them as processes
#   compose                          `docker compose up kafka influxdb`; fails, saying why, unless a
#                                    Docker engine, a compose v2+ plugin and the images are there
#   auto                             compose where all of that works, else native
# Idempotent: servers already running are reused.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# shellcheck source=scripts/stack/lib.sh
. scripts/stack/lib.sh

mkdir -p "$STACK_DIR"
[ -f "$STACK_DIR/influx-token" ] || head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > "$STACK_DIR/influx-token"
INFLUX_TOKEN="$(cat "$STACK_DIR/influx-token")"

mode="${RESPITE_STACK_MODE:-native}"
case "$mode" in
  native) ;;
  compose) why=$(compose_unusable) && { say "RESPITE_STACK_MODE=compose, but $why"; exit 1; } ;;
  auto) if why=$(compose_unusable); then say "native stack: $why"; mode=native; else mode=compose; fi ;;
  *) say "RESPITE_STACK_MODE must be native, compose or auto, not $mode"; exit 1 ;;
esac
echo "$mode" >"$STACK_DIR/mode"
if [ "$mode" = compose ]; then
  say "docker compose up kafka influxdb ($(compose_images))"
  export KAFKA_PORT KAFKA_CONTROLLER_PORT INFLUX_PORT INFLUX_TOKEN
  compose up -d --wait --no-build kafka influxdb
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

KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" node_bin "$root/node_modules/.bin/tsx" scripts/stack/create-topics.ts
say "stack is up (Kafka 127.0.0.1:$KAFKA_PORT, InfluxDB http://127.0.0.1:$INFLUX_PORT); settings in .env.stack"
