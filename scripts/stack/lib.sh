# Shared helpers for the native stack scripts (sourced, not run).
STACK_DIR="${RESPITE_STACK_DIR:-$root/.stack}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
INFLUX_PORT="${INFLUX_PORT:-8086}"
INFLUX_ORG="${INFLUX_ORG:-respite}"
INFLUX_BUCKET="${INFLUX_BUCKET:-wearables}"
# influxd's storage-cache-snapshot-write-cold-duration, as docker-compose.yml and k8s/ set it
INFLUXD_CACHE_COLD="${INFLUXD_CACHE_COLD:-1m}"
# influxd's profiling (/debug/pprof) off unless INFLUXD_PPROF=1: while on, influxd samples its
# allocations every 4 KB and records every contended mutex (README, Operations)
INFLUXD_PPROF="${INFLUXD_PPROF:-0}"

IMAGES_ENV="$STACK_DIR/images.env" # written by scripts/docker/images.sh: the local stand-in images

say() { printf '[stack] %s\n' "$*" >&2; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
node_bin() { PATH="$root/node_modules/.bin:$PATH" "$@"; }

wait_port() { # port name seconds
  local i
  for ((i = 0; i < $3 * 2; i++)); do port_open "$1" && return 0; sleep 0.5; done
  say "$2 did not open port $1 within $3 s; see $STACK_DIR/*.log"; return 1
}

wait_http() { # url name seconds
  local i
  for ((i = 0; i < $3 * 2; i++)); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done
  say "$2 did not answer $1 within $3 s; see $STACK_DIR/*.log"; return 1
}

start_kafka() {
  local pidf="$STACK_DIR/kafka.pid" data="$STACK_DIR/kafka-data" conf="$STACK_DIR/kafka.properties"
  if alive "$pidf" && port_open "$KAFKA_PORT"; then say "Kafka already running"; return; fi
  if port_open "$KAFKA_PORT"; then say "port $KAFKA_PORT is taken by something else"; return 1; fi
  local lib; lib="$(bash scripts/stack/install-kafka.sh)"
  cat > "$conf" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$data
num.partitions=6
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.cleaner.backoff.ms=5000
PROPS
  local cp="$lib/*" jvm=(-Xms256m -Xmx1g -XX:+UseG1GC "-Dlog4j2.configurationFile=$lib/../log4j2.yaml")
  if [ ! -f "$data/meta.properties" ]; then
    say "formatting Kafka storage"
    java "${jvm[@]}" -cp "$cp" kafka.tools.StorageTool format --standalone \
      -t "$(java -cp "$cp" kafka.tools.StorageTool random-uuid)" -c "$conf" >"$STACK_DIR/kafka-format.log" 2>&1
  fi
  say "starting Kafka on 127.0.0.1:$KAFKA_PORT"
  setsid nohup java "${jvm[@]}" -cp "$cp" kafka.Kafka "$conf" >"$STACK_DIR/kafka.log" 2>&1 &
  echo $! >"$pidf"
}

start_influxd() {
  local pidf="$STACK_DIR/influxd.pid" data="$STACK_DIR/influx-data"
  if alive "$pidf" && port_open "$INFLUX_PORT"; then say "InfluxDB already running"; return; fi
  if port_open "$INFLUX_PORT"; then say "port $INFLUX_PORT is taken by something else"; return 1; fi
  local bin; bin="$(bash scripts/stack/build-influxd.sh)"
  mkdir -p "$data"
  say "starting InfluxDB on 127.0.0.1:$INFLUX_PORT"
  # a shard's write cache is snapshotted after 1 min without writes (InfluxDB's default: 10 min): an
  # erasure's delete lists every key of the cache of each shard holding the person (README, Operations)
  setsid nohup "$bin" --http-bind-address "127.0.0.1:$INFLUX_PORT" --reporting-disabled \
    --bolt-path "$data/influxd.bolt" --engine-path "$data/engine" --sqlite-path "$data/influxd.sqlite" \
    --storage-cache-snapshot-write-cold-duration "$INFLUXD_CACHE_COLD" \
    $([ "$INFLUXD_PPROF" = 1 ] || echo --pprof-disabled) \
    --log-level warn >"$STACK_DIR/influxd.log" 2>&1 &
  echo $! >"$pidf"
}

setup_influx() { # token: first run creates the org, bucket and operator token
  local url="http://127.0.0.1:$INFLUX_PORT"
  if curl -fsS "$url/api/v2/setup" | grep -q '"allowed": *true'; then
    say "setting up InfluxDB (org $INFLUX_ORG, bucket $INFLUX_BUCKET)"
    curl -fsS -X POST "$url/api/v2/setup" -H 'Content-Type: application/json' \
      -d "{\"username\":\"respite\",\"password\":\"$(head -c 18 /dev/urandom | base64)\",\"org\":\"$INFLUX_ORG\",\"bucket\":\"$INFLUX_BUCKET\",\"token\":\"$1\"}" >/dev/null
  fi
}

# docker compose with the local images, when scripts/docker/images.sh built them
compose() {
  if [ -f "$IMAGES_ENV" ]; then docker compose --env-file "$IMAGES_ENV" "$@"; else docker compose "$@"; fi
}
compose_images() { INFLUX_TOKEN=x compose config --images kafka influxdb 2>/dev/null | tr '\n' ' '; }

# Why `docker compose up kafka influxdb` cannot work here (prints the reason), or fails when it can.
compose_unusable() {
  if ! docker info >/dev/null 2>&1; then echo "no Docker engine answers (scripts/docker/engine.sh starts one)"; return 0; fi
  local v; v=$(docker compose version --short 2>/dev/null || true)
  if ! [[ "$v" =~ ^v?([0-9]+)\. ]] || [ "${BASH_REMATCH[1]}" -lt 2 ]; then
    echo "no compose v2+ plugin answers \`docker compose version\` (scripts/docker/build-compose.sh builds one)"; return 0
  fi
  local img
  for img in $(INFLUX_TOKEN=x compose config --images kafka influxdb 2>/dev/null); do
    docker image inspect "$img" >/dev/null 2>&1 && continue
    docker pull -q "$img" >/dev/null 2>&1 && continue
    echo "image $img is neither here nor pullable (scripts/docker/images.sh builds local ones)"; return 0
  done
  return 1
}

# apt-get install of Debian packages (as root), updating the package lists once if they are stale;
# on failure the last lines of the log say why
apt_install() {
  local log="$STACK_DIR/apt-$1.log"
  mkdir -p "$STACK_DIR"
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >"$log" 2>&1; then return 0; fi
  if { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"; } >>"$log" 2>&1; then return 0; fi
  say "apt-get install $* failed; the end of $log:"; tail -n 15 "$log" >&2; return 1
}
