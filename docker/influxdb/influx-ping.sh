#!/usr/bin/env bash
# Stand-in for `influx ping` (the compose health check): the server's /health on its own address.
[ "${1:-}" = ping ] || { echo "only 'influx ping' is available in this image" >&2; exit 2; }
# INFLUX_HOST as the real CLI reads it, else the address this container's influxd binds
addr="${INFLUXD_HTTP_BIND_ADDRESS:-:8086}"
exec curl -fsS -o /dev/null "${INFLUX_HOST:-http://${addr/#:/127.0.0.1:}}/health"
