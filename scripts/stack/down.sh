#!/usr/bin/env bash
# Stops the stack that up.sh started. `--purge` also deletes its data.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. scripts/stack/lib.sh
if [ "${RESPITE_STACK_MODE:-auto}" != native ] && docker info >/dev/null 2>&1; then
  docker compose down
else
  for name in kafka influxd; do
    pidf="$STACK_DIR/$name.pid"
    if alive "$pidf"; then
      pid="$(cat "$pidf")"; say "stopping $name ($pid)"; kill "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidf"
  done
fi
if [ "${1:-}" = --purge ]; then rm -rf "$STACK_DIR" .env.stack; say "data removed"; fi
