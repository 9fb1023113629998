#!/usr/bin/env bash
# Make sure .venv exists with the advisor installed (editable) and the catalogs compiled.
# Sourced by ./advisor and ./run-tests with $1 = pip extras ("" or "test"): they install
# the newest versions pyproject.toml allows, on first use. Sourced by `./advisor --build`
# with $1 = "--pinned": the deploy's environment, built at build time with the exact
# versions of constraints.txt. With ADVISOR_NO_INSTALL=1 (set it in deploys) ./advisor
# installs and compiles nothing: an environment not built so, for this pyproject.toml,
# this constraints.txt and this folder, is one line on stderr and exit status 2.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-python3}"
extras="${1:-}"
pinned=""
if [ "$extras" = "--pinned" ]; then
    pinned=1
    extras=""
fi
# A virtual environment records its folder: one built elsewhere does not run here.
built="$root/.venv/.built-$( { cat "$root/pyproject.toml" "$root/constraints.txt" 2>/dev/null || true; echo "$root"; } \
    | sha1sum | cut -c1-12)"
if [ "${ADVISOR_NO_INSTALL:-}" = "1" ] && [ -z "$pinned" ] && [ -z "$extras" ]; then
    ready=1
    [ -x "$root/.venv/bin/python" ] && [ -f "$built" ] || ready=""
    for po in "$root"/locales/*/LC_MESSAGES/messages.po; do
        [ "${po%.po}.mo" -nt "$po" ] || ready=""
    done
    if [ -z "$ready" ]; then
        echo "advisor: ADVISOR_NO_INSTALL=1, and .venv is missing or was not built for this pyproject.toml," \
             "constraints.txt and folder: run ./advisor --build in the build step" >&2
        exit 2
    fi
    return 0
fi
if [ ! -x "$root/.venv/bin/python" ]; then
    "$python" -m venv "$root/.venv"
fi
if [ -n "$pinned" ]; then
    stamp="$built"
    constraints=(--constraint "$root/constraints.txt")
elif [ -z "$extras" ] && [ -f "$built" ]; then
    stamp="$built"  # built for the deploy: ./advisor runs on it as it is, even without ADVISOR_NO_INSTALL
    constraints=()
else
    stamp="$root/.venv/.installed-$(cat "$root/pyproject.toml" | sha1sum | cut -c1-12)${extras:+-$extras}"
    # ./run-tests installed the advisor with its test tools: that is all ./advisor needs too.
    if [ -z "$extras" ] && [ -f "$stamp-test" ]; then stamp="$stamp-test"; fi
    constraints=()
fi
if [ ! -f "$stamp" ]; then
    "$root/.venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
    "$root/.venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        ${constraints[@]+"${constraints[@]}"} -e "$root${extras:+[$extras]}" >&2
    touch "$stamp"
fi
# Babel's "compiling catalog ..." lines are dropped; anything else it says (a catalog skipped as
# fuzzy, a syntax error) still reaches the terminal.
"$root/.venv/bin/pybabel" compile --domain messages --directory "$root/locales" 2>&1 >/dev/null \
    | { grep -v '^compiling catalog ' || true; } >&2
