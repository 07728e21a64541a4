#!/usr/bin/env bash
# Brings up a Docker engine when none answers: installs Debian's docker.io if dockerd is missing
# (as root), then starts dockerd with no bridge and no iptables rules, so containers get only
# `--network host` and every connection stays on the loopback. Idempotent: an engine that answers
# is used as it is. Fails with the reason when the machine does not allow it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. scripts/stack/lib.sh

if docker info >/dev/null 2>&1; then say "Docker engine answers ($(docker version -f '{{.Server.Version}}'))"; exit 0; fi

if ! command -v dockerd >/dev/null; then
  if [ "$(id -u)" != 0 ]; then say "no Docker engine, and only root can install docker.io"; exit 1; fi
  mkdir -p "$STACK_DIR"
  say "installing docker.io from Debian; log in $STACK_DIR/apt-docker.io.log"
  apt_install docker.io
fi
if [ "$(id -u)" != 0 ]; then say "dockerd is installed but not running, and only root can start it"; exit 1; fi

# a dockerd that ended without cleaning up (killed, or its session ended) leaves its pid file and
# its containerd's, and refuses to start (or waits for a containerd that is not there) while they
# are: each is removed when its pid is not that program (not `kill -0`: the number may since belong
# to another process or one of its threads)
for stale in /var/run/docker.pid:dockerd /var/run/docker/containerd/containerd.pid:containerd; do
  pidfile="${stale%%:*}"
  if [ -f "$pidfile" ] && [ "$(cat "/proc/$(cat "$pidfile")/comm" 2>/dev/null)" != "${stale##*:}" ]; then
    say "removing a stale $pidfile (pid $(cat "$pidfile") is not a ${stale##*:})"
    rm -f "$pidfile"
  fi
done

mkdir -p "$STACK_DIR"
say "starting dockerd (--bridge=none --iptables=false); log in $STACK_DIR/dockerd.log"
setsid nohup dockerd --bridge=none --iptables=false --ip6tables=false >"$STACK_DIR/dockerd.log" 2>&1 &
echo $! >"$STACK_DIR/dockerd.pid"
for _ in $(seq 1 120); do
  if docker info >/dev/null 2>&1; then say "Docker engine up ($(docker version -f '{{.Server.Version}}'))"; exit 0; fi
  kill -0 "$(cat "$STACK_DIR/dockerd.pid")" 2>/dev/null || break
  sleep 0.5
done
say "dockerd did not answer; last lines of $STACK_DIR/dockerd.log:"; tail -n 20 "$STACK_DIR/dockerd.log" >&2
exit 1
