#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than the lock file.
# `npm install` rather than `npm ci`: biome lists platform packages (android, darwin, win32, musl)
# that the registry here does not serve, so they are not in the lock file and `npm ci` refuses it;
# `npm install` still installs exactly the locked versions of everything this machine needs.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # --loglevel=error: npm itself runs on the system Node (20 here), so every package that asks for
  # Node >= 22 prints an EBADENGINE warning; Respite runs on the Node 24 that the `node` dev
  # dependency installs, so those warnings are noise. Errors still show.
  echo "installing npm dependencies (npm runs on Node $(node -v); Respite runs on the Node 24 it installs)"
  npm install --no-audit --no-fund --loglevel=error
fi
