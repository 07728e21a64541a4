#!/usr/bin/env bash
# The web app's browser tests: builds the app, installs Debian's chromium when it is missing
# (Playwright's own browser download is not reachable), then runs the `browser` jest project
# against the real service, Kafka and InfluxDB. Extra arguments go to jest (e.g. --json ...).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"
export NODE_OPTIONS="${NODE_OPTIONS:-} --disable-warning=TimeoutNegativeWarning"

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "installing Debian's chromium for the browser tests"
  as_root=""
  [ "$(id -u)" -ne 0 ] && as_root="sudo"
  $as_root apt-get install -y --no-install-recommends chromium >/dev/null
fi
vite build --config web/vite.config.ts --logLevel warn
jest --selectProjects browser --runInBand --forceExit "$@"
