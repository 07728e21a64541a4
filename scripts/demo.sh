#!/usr/bin/env bash
# `npm run demo`: installs what is missing, starts the real stack, runs the service with a
# simulated cohort and prints what it produced.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/install.sh
bash scripts/stack/up.sh
set -a; . ./.env.stack; set +a
PSEUDONYM_KEYS="${PSEUDONYM_KEYS:-$(cat .stack/demo-pseudonym-keys 2>/dev/null || { echo "d1:$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" | tee .stack/demo-pseudonym-keys; })}"
export PSEUDONYM_KEYS
exec "$root/node_modules/.bin/tsx" scripts/demo.ts
