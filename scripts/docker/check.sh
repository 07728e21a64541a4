#!/usr/bin/env bash
# The container checks, step by step with their times (what .ci/run runs after `npm test`):
# a Docker engine, the compose plugin, the local images (cached after the first run), the
# integration suite through testcontainers (all of it; `check.sh ingest-path …` names a subset),
# and `docker compose up` of the whole stack checked end to end. A step that cannot work here
# fails, saying why; the others still run. Leaves .stack/jest-containers.json and
# .stack/compose-e2e.ok for the closing count.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export PATH="$root/node_modules/.bin:$PATH" NODE_OPTIONS="${NODE_OPTIONS:-} --disable-warning=TimeoutNegativeWarning"
specs=("${@/%/.int-spec.ts}") what="the integration suite"
[ $# -eq 0 ] || what="$# integration specs"
status=0 report=()
step() { # name command...: runs it, records its time and outcome
  local name=$1 t0=$SECONDS outcome=ok; shift
  echo "[containers] ▶ $name"
  "$@" || { outcome=FAILED; status=1; }
  report+=("$(printf '%-44s %5d s  %s' "$name" $((SECONDS - t0)) "$outcome")")
  [ "$outcome" = ok ]
}
mkdir -p .stack
rm -f .stack/jest-containers.json .stack/compose-e2e.ok
[ -x node_modules/.bin/jest ] || bash scripts/install.sh
step "Docker engine" bash scripts/docker/engine.sh
step "compose v2+ plugin" bash scripts/docker/build-compose.sh
step "images" bash scripts/docker/images.sh
step "$what via testcontainers" env RESPITE_TEST_STACK=containers \
  jest "${specs[@]}" --selectProjects integration --runInBand --forceExit --json --outputFile=.stack/jest-containers.json
step "docker compose up, end to end" bash scripts/docker/compose-e2e.sh && touch .stack/compose-e2e.ok
echo "[containers] step times:"
printf '[containers]   %s\n' "${report[@]}"
exit $status
