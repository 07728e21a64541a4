#!/usr/bin/env bash
# Builds, where no image registry can be reached, local stand-ins for the official images and the
# service image: `images.sh [base] [kafka] [influxdb] [node] [service]` (default: all).
#   respite-local/debian:bookworm   debootstrap --variant=minbase → docker import (rootfs cached)
#   respite-local/kafka:4.1.1       the classpath of scripts/stack/install-kafka.sh, Java 17
#   respite-local/influxdb:2.9.1    the influxd of scripts/stack/build-influxd.sh
#   respite-local/node:24.x         the Node binary of the node@24 dev dependency, npm
#   respite:local                   the project's Dockerfile, FROM the local node image
# Each local image carries a hash of its inputs and is rebuilt only when they change; the
# service image relies on Docker's layer cache. Writes the names to .stack/images.env.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. scripts/stack/lib.sh
CACHE="${RESPITE_CACHE:-$HOME/.cache/respite}"
BASE_IMAGE=respite-local/debian:bookworm
export DOCKER_BUILDKIT=0 # the engine's own builder: no buildx plugin here
wanted=("$@"); [ ${#wanted[@]} -gt 0 ] || wanted=(base kafka influxdb node service)
want() { [[ " ${wanted[*]} " == *" $1 "* ]]; }
mkdir -p "$STACK_DIR"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

label() { docker image inspect -f '{{index .Config.Labels "respite.hash"}}' "$1" 2>/dev/null || true; }
hash_of() { # files and words → a short hash of their contents
  { for a in "$@"; do if [ -e "$a" ]; then find "$a" -type f -print0 | sort -z | xargs -0 sha256sum | cut -c1-64; else echo "$a"; fi; done; } \
    | sha256sum | cut -c1-16
}
build() { # tag context: docker build with the base image, skipped when the inputs are unchanged
  local tag=$1 ctx=$2 h; h=$(hash_of "$ctx" "$(docker image inspect -f '{{.Id}}' "$BASE_IMAGE")")
  if [ "$(label "$tag")" = "$h" ]; then say "$tag is up to date"; return; fi
  say "building $tag"
  docker build -q --network host --build-arg "BASE_IMAGE=$BASE_IMAGE" --label "respite.hash=$h" -t "$tag" "$ctx" 2>&1 >/dev/null | quiet
}
# the legacy builder's deprecation notice, not a problem here; everything else goes through
quiet() { { grep -v -e '^DEPRECATED: The legacy builder' -e '^ *BuildKit is currently disabled' -e '^ *environment-variable' -e '^$' || true; } >&2; }

base() {
  local tar="$CACHE/docker/debian-bookworm-minbase-r2.tar" h
  if [ ! -f "$tar" ]; then
    command -v debootstrap >/dev/null || apt_install debootstrap
    say "debootstrap --variant=minbase bookworm (about a minute)"
    local fs="$work/rootfs"
    debootstrap --variant=minbase bookworm "$fs" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$STACK_DIR/debootstrap.log"
    # the machine's Debian sources and fetch settings, so that `apt-get install` in a build
    # reaches the same packages as the host does
    rm -f "$fs/etc/apt/sources.list"
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
      [ -f "$f" ] && grep -qs 'debian' "$f" && cp "$f" "$fs$f"
    done
    for f in /etc/apt/apt.conf.d/*; do grep -qs '^Acquire::' "$f" && cp "$f" "$fs$f"; done
    # and the certificate authorities it trusts (a TLS-inspecting proxy may stand between it and
    # the registries): local ones survive an update-ca-certificates in an image, the bundle serves Node
    mkdir -p "$fs/usr/local/share/ca-certificates" "$fs/etc/ssl/certs"
    cp /usr/local/share/ca-certificates/*.crt "$fs/usr/local/share/ca-certificates/" 2>/dev/null || true
    [ -f /etc/ssl/certs/ca-certificates.crt ] && cp /etc/ssl/certs/ca-certificates.crt "$fs/etc/ssl/certs/"
    rm -rf "$fs"/var/cache/apt/archives/*.deb "$fs"/var/lib/apt/lists/*
    mkdir -p "$(dirname "$tar")"
    tar -C "$fs" -c . >"$tar.tmp" && mv "$tar.tmp" "$tar"
  fi
  h=$(hash_of "$tar")
  if [ "$(label "$BASE_IMAGE")" = "$h" ]; then say "$BASE_IMAGE is up to date"; return; fi
  say "docker import → $BASE_IMAGE"
  docker import -c "LABEL respite.hash=$h" -c 'CMD ["bash"]' "$tar" "$BASE_IMAGE" >/dev/null
}

KAFKA_VERSION="${KAFKA_VERSION:-4.1.1}"
INFLUXDB_VERSION="${INFLUXDB_VERSION:-v2.9.1}"
NODE_BIN="$root/node_modules/node/bin/node"
node_version() { "$NODE_BIN" --version | tr -d v; }
KAFKA_IMAGE="respite-local/kafka:$KAFKA_VERSION"
INFLUXDB_IMAGE="respite-local/influxdb:${INFLUXDB_VERSION#v}"

want base && base
if want kafka; then
  cp -r docker/kafka "$work/kafka"
  cp -r "$(bash scripts/stack/install-kafka.sh)" "$work/kafka/lib"
  build "$KAFKA_IMAGE" "$work/kafka"
fi
if want influxdb; then
  cp -r docker/influxdb "$work/influxdb"
  cp "$(bash scripts/stack/build-influxd.sh)" "$work/influxdb/influxd"
  build "$INFLUXDB_IMAGE" "$work/influxdb"
fi
[ -x "$NODE_BIN" ] || bash scripts/install.sh
NODE_IMAGE="respite-local/node:$(node_version)"
if want node; then
  npm_version="${NPM_VERSION:-$(npm --version)}" tgz="$CACHE/docker/npm-$npm_version.tgz"
  [ -f "$tgz" ] || { mkdir -p "$CACHE/docker"; (cd "$work" && npm pack -q "npm@$npm_version" >/dev/null && mv npm-*.tgz "$tgz"); }
  cp -r docker/node "$work/node"; cp "$NODE_BIN" "$work/node/node"; cp "$tgz" "$work/node/npm.tgz"
  build "$NODE_IMAGE" "$work/node"
fi
if want service; then
  say "building respite:local from the Dockerfile (FROM $NODE_IMAGE)"
  docker build -q --network host --build-arg "NODE_IMAGE=$NODE_IMAGE" -t respite:local . 2>&1 >/dev/null | quiet
fi
mkdir -p "$STACK_DIR"
cat >"$STACK_DIR/images.env" <<ENV
KAFKA_IMAGE=$KAFKA_IMAGE
INFLUXDB_IMAGE=$INFLUXDB_IMAGE
NODE_IMAGE=$NODE_IMAGE
RESPITE_IMAGE=respite:local
ENV
say "local images ready: $(tr '\n' ' ' <"$STACK_DIR/images.env")"
