#!/usr/bin/env bash
# Builds the Python venv holding the independent HRV reference (hrv-analysis) that
# src/ingest/hrv.reference.spec.ts runs, and prints its python path on stdout (all else on stderr).
# Idempotent: the venv is rebuilt only when requirements.txt changes (its sha256 is kept in a stamp
# file written last, so an interrupted build is redone too). Needs Python 3.11 (`PYTHON` to pick
# one) and PyPI; works without Debian's python3-venv (no ensurepip) by fetching pip's own wheel.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
requirements="$here/requirements.txt"
venv="${RESPITE_CACHE:-$HOME/.cache/respite}/pyref-venv"
stamp="$venv/.requirements.sha256"
python="${PYTHON:-python3}"
pip_wheel="pip-25.0.1-py3-none-any.whl"
pip_sha256="c46efd13b6aa8279f33f2864459c8ce587ea6a1a59ee20de055868d8f7688f7f"

want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "$venv/bin/python"
  exit 0
fi

if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
  echo "pyref/setup.sh: '$python' is not Python 3.11 (hrv-analysis 1.0.5 and the pinned wheels need" \
    "it); set PYTHON=/path/to/python3.11" >&2
  exit 1
fi

bootstrap_pip() {
  local tmp
  tmp="$(mktemp -d)"
  "$venv/bin/python" - "$tmp" "$pip_wheel" "$pip_sha256" "${PIP_INDEX_URL:-https://pypi.org/simple}" <<'PY'
import hashlib, re, sys, urllib.parse, urllib.request
dest, name, sha256, index = sys.argv[1:]
project = index.rstrip("/") + "/pip/"
page = urllib.request.urlopen(project, timeout=60).read().decode()
href = re.search(r'href="([^"#]*' + re.escape(name) + ')', page).group(1)
data = urllib.request.urlopen(urllib.parse.urljoin(project, href), timeout=300).read()
if hashlib.sha256(data).hexdigest() != sha256:
    sys.exit(f"{name}: sha256 mismatch")
with open(f"{dest}/{name}", "wb") as out:
    out.write(data)
PY
  # A pip wheel can run itself: install it into the venv from the file just checked.
  "$venv/bin/python" "$tmp/$pip_wheel/pip" install -q --no-index "$tmp/$pip_wheel" >&2
  rm -rf "$tmp"
}

echo "pyref/setup.sh: building $venv" >&2
rm -rf "$venv"
mkdir -p "$(dirname "$venv")"
if ! "$python" -m venv "$venv" >&2; then
  echo "pyref/setup.sh: no ensurepip here; bootstrapping $pip_wheel from the package index" >&2
  rm -rf "$venv"
  "$python" -m venv --without-pip "$venv" >&2
  bootstrap_pip
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check --no-input --only-binary=:all: \
  -r "$requirements" >&2
"$venv/bin/python" -c 'import hrvanalysis' >&2
echo "$want" >"$stamp"
echo "$venv/bin/python"
