#!/usr/bin/env bash
# Builds Telegraf from the Go module proxy for the throughput comparison, cached by version.
set -euo pipefail
TELEGRAF_VERSION="${TELEGRAF_VERSION:-v1.39.0}"
CACHE="${RESPITE_CACHE:-$HOME/.cache/respite}"
OUT="$CACHE/telegraf/$TELEGRAF_VERSION"
if [ -x "$OUT/telegraf" ]; then echo "$OUT/telegraf"; exit 0; fi
mkdir -p "$OUT"
echo "[bench] building telegraf $TELEGRAF_VERSION (first run only; several minutes)" >&2
# only the plugins the comparison needs (the "custom" build tag): a full build pulls modules the
# proxy does not serve, and takes far longer
GOTOOLCHAIN="${GOTOOLCHAIN:-auto}" GOBIN="$OUT" go install \
  -tags "custom,inputs.kafka_consumer,outputs.influxdb_v2,parsers.json_v2" \
  "github.com/influxdata/telegraf/cmd/telegraf@$TELEGRAF_VERSION" >&2
echo "$OUT/telegraf"
