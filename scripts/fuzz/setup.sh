#!/usr/bin/env bash
# Builds the Python venv holding Schemathesis (scripts/fuzz/run.sh) and prints its `st` path on
# stdout (all else on stderr). Idempotent like scripts/pyref/setup.sh: rebuilt only when
# requirements.txt changes. Any Python >= 3.10 (`PYTHON` to pick one); needs PyPI.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
requirements="$here/requirements.txt"
venv="${RESPITE_CACHE:-$HOME/.cache/respite}/fuzz-venv"
stamp="$venv/.requirements.sha256"
python="${PYTHON:-python3}"

want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ -x "$venv/bin/st" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "$venv/bin/st"
  exit 0
fi
echo "fuzz/setup.sh: building $venv" >&2
rm -rf "$venv"
mkdir -p "$(dirname "$venv")"
if ! "$python" -m venv "$venv" >&2; then
  # no ensurepip here: pyref's venv has pip; use it to install into a pip-less venv
  rm -rf "$venv"
  "$python" -m venv --without-pip "$venv" >&2
  pyref="$(bash "$here/../pyref/setup.sh")"
  "$pyref" -m pip install -q --disable-pip-version-check --no-input --prefix "$venv" pip >&2
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check --no-input -r "$requirements" >&2
"$venv/bin/st" --version >&2
echo "$want" >"$stamp"
echo "$venv/bin/st"
