#!/usr/bin/env bash
# Builds influxd (InfluxDB 2.x OSS) from the Go module proxy, with libflux from crates.io, and caches
# the binary under $RESPITE_CACHE keyed by version. Only the first run builds (expect ~15-30 min on
# 2 cores: libflux is compiled with LTO). See shared DESIGN.md §6 for why it is done this way.
set -euo pipefail

INFLUXDB_VERSION="${INFLUXDB_VERSION:-v2.9.1}"
CACHE="${RESPITE_CACHE:-$HOME/.cache/respite}"
OUT="$CACHE/influxdb/$INFLUXDB_VERSION"
BIN="$OUT/influxd"

if [ -x "$BIN" ]; then echo "$BIN"; exit 0; fi

log() { printf '[build-influxd] %s\n' "$*" >&2; }
work="$CACHE/influxdb/build-$INFLUXDB_VERSION"
mkdir -p "$work" "$OUT"
cd "$work"

# influxdb's go.mod may ask for a newer patch release of Go than the machine has; the Go command
# fetches that toolchain from the module proxy by itself.
export GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
export GOFLAGS="${GOFLAGS:-} -mod=mod"
# flux pins an old Rust in rust-toolchain.toml; toolchains cannot be downloaded here.
export RUSTUP_TOOLCHAIN="${RUSTUP_TOOLCHAIN:-stable}"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-$(nproc)}"

modfile="$(go env GOMODCACHE)/cache/download/github.com/influxdata/influxdb/v2/@v/$INFLUXDB_VERSION.mod"
if [ ! -f go.mod ]; then
  log "resolving github.com/influxdata/influxdb/v2@$INFLUXDB_VERSION"
  go mod download -json "github.com/influxdata/influxdb/v2@$INFLUXDB_VERSION" >/dev/null
  goline=$(grep -m1 '^go ' "$modfile")
  {
    echo "module respite.invalid/influxd-build"
    echo
    echo "$goline"
    echo
    echo "require github.com/influxdata/influxdb/v2 $INFLUXDB_VERSION"
    echo
    # go install refuses modules with replace lines, so the wrapper repeats them.
    grep '^replace ' "$modfile" || true
    awk '/^replace \($/{f=1;print;next} f{print} /^\)$/{f=0}' "$modfile"
  } > go.mod.new
  mv go.mod.new go.mod
  printf 'package tools\n\nimport _ "github.com/influxdata/influxdb/v2/cmd/influxd"\n' > tools.go
  sed -i '1i //go:build tools\n' tools.go
  go get "github.com/influxdata/influxdb/v2/cmd/influxd@$INFLUXDB_VERSION"
  # the pkg-config wrapper locates flux from the main module's require list
  flux=$(go list -m -f '{{.Version}}' github.com/influxdata/flux)
  go mod edit -require="github.com/influxdata/flux@$flux"
fi

# the pkg-config wrapper at the version influxdb itself pins
PKG_CONFIG_VERSION="${INFLUX_PKG_CONFIG_VERSION:-$(go list -m -f '{{.Version}}' github.com/influxdata/pkg-config)}"
log "building pkg-config wrapper $PKG_CONFIG_VERSION"
GOBIN="$work/bin" go install "github.com/influxdata/pkg-config@$PKG_CONFIG_VERSION"
export PKG_CONFIG="$work/bin/pkg-config"

log "building influxd (libflux via cargo: this is the slow part)"
go build -tags sqlite_foreign_keys,sqlite_json -o "$BIN.tmp" github.com/influxdata/influxdb/v2/cmd/influxd
mv "$BIN.tmp" "$BIN"
log "built $BIN"
echo "$BIN"
