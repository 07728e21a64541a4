#!/usr/bin/env bash
# Stops the stack that up.sh started: `down.sh [kafka|influxd ...] [--purge]`. With no names, both;
# `--purge` also deletes the data.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. scripts/stack/lib.sh
purge=false names=()
for a in "$@"; do if [ "$a" = --purge ]; then purge=true; else names+=("$a"); fi; done
[ ${#names[@]} -gt 0 ] || names=(kafka influxd)
if [ "$(cat "$STACK_DIR/mode" 2>/dev/null)" = compose ]; then # what up.sh used
  services=(); for n in "${names[@]}"; do services+=("${n/influxd/influxdb}"); done
  export INFLUX_TOKEN="${INFLUX_TOKEN:-$(cat "$STACK_DIR/influx-token")}" # the file needs it set
  compose stop "${services[@]}"
  if $purge; then compose down -v; fi
else
  for name in "${names[@]}"; do
    pidf="$STACK_DIR/$name.pid"
    if alive "$pidf"; then
      pid="$(cat "$pidf")"; say "stopping $name ($pid)"; kill "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidf"
  done
fi
if $purge; then rm -rf "$STACK_DIR" .env.stack; say "data removed"; fi
