#!/usr/bin/env bash
# Make sure .venv exists with the advisor installed (editable) and the
# catalogs compiled. Sourced by ./advisor and ./run-tests; $1 = pip extras.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-python3}"
extras="${1:-}"
if [ ! -x "$root/.venv/bin/python" ]; then
    "$python" -m venv "$root/.venv"
fi
stamp="$root/.venv/.installed-$(cat "$root/pyproject.toml" | sha1sum | cut -c1-12)${extras:+-$extras}"
if [ ! -f "$stamp" ]; then
    "$root/.venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
    "$root/.venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$root${extras:+[$extras]}" >&2
    touch "$stamp"
fi
"$root/.venv/bin/pybabel" compile --domain messages --directory "$root/locales" >/dev/null
