#!/usr/bin/env bash
# Makes `docker compose` work: keeps a compose v2+ plugin that already answers, else builds Docker
# Compose v5 from the Go module proxy (github.com/docker/compose/v5, no prebuilt binary can be
# downloaded here), caches it under $RESPITE_CACHE keyed by version and links it into
# ~/.docker/cli-plugins. Prints the version that answers. Debian's docker-compose 1.29 is not used:
# it predates `up --wait` and the compose specification's profiles as used here.
set -euo pipefail
COMPOSE_VERSION="${COMPOSE_VERSION:-v5.6.0}"
CACHE="${RESPITE_CACHE:-$HOME/.cache/respite}"
BIN="$CACHE/compose/$COMPOSE_VERSION/docker-compose"
log() { printf '[compose] %s\n' "$*" >&2; }

if v=$(docker compose version --short 2>/dev/null) && [ "${v%%.*}" -ge 2 ] 2>/dev/null; then echo "$v"; exit 0; fi
if [ ! -x "$BIN" ]; then
  log "building Docker Compose $COMPOSE_VERSION from the Go module proxy (a few minutes, once)"
  mkdir -p "$(dirname "$BIN")"
  # `go install …@version` refuses it (its go.mod has exclude lines), so build inside the
  # downloaded module, which is then the main module with its own go.mod and go.sum
  src=$(go mod download -json "github.com/docker/compose/v5@$COMPOSE_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  (cd "$src" && GOTOOLCHAIN="${GOTOOLCHAIN:-auto}" GOFLAGS=-mod=readonly CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w -X github.com/docker/compose/v5/internal.Version=$COMPOSE_VERSION" -o "$BIN.tmp" ./cmd)
  mv "$BIN.tmp" "$BIN"
fi
plugins="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"
mkdir -p "$plugins"
ln -sf "$BIN" "$plugins/docker-compose"
docker compose version --short
