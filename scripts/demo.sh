#!/usr/bin/env bash
# `npm run demo`: installs what is missing, starts the real stack, runs the service with a
# simulated cohort and prints what it produced.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# kafkajs 2.2.4 sets a negative timer on Node ≥ 22 (harmless; upstream is unmaintained)
export NODE_OPTIONS="${NODE_OPTIONS:-} --disable-warning=TimeoutNegativeWarning"
bash scripts/install.sh
bash scripts/stack/up.sh
# the personal app the service serves at / (a few seconds)
"$root/node_modules/.bin/vite" build --config web/vite.config.ts --logLevel warn
set -a; . ./.env.stack; set +a
PSEUDONYM_KEYS="${PSEUDONYM_KEYS:-$(cat .stack/demo-pseudonym-keys 2>/dev/null || { echo "d1:$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" | tee .stack/demo-pseudonym-keys; })}"
export PSEUDONYM_KEYS
# local demo only: tokens signed with a shared secret (production takes JWT_JWKS_URL or JWT_PUBLIC_KEY)
[ -f .stack/demo-jwt-secret ] || head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > .stack/demo-jwt-secret
export JWT_SECRET="${JWT_SECRET:-$(cat .stack/demo-jwt-secret)}"
export TRENDS_SALT="${TRENDS_SALT:-$(cat .stack/demo-trends-salt 2>/dev/null || head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' | tee .stack/demo-trends-salt)}"
exec "$root/node_modules/.bin/tsx" scripts/demo.ts
