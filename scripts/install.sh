#!/usr/bin/env bash
# Create .venv/ and install détente with its pinned dependencies (the spaCy model included).
# Idempotent: does nothing when the lock files and pyproject.toml have not changed since the last run.
# Usage: scripts/install.sh [--dev]
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "détente needs Python >= 3.11 (found: $("$PYTHON" --version 2>&1)); set PYTHON=/path/to/python3.11" >&2
  exit 2
fi

if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    # Debian ships venv separately; install it when we may.
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "installing python3-venv (Debian) …" >&2
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      rm -rf .venv
      "$PYTHON" -m venv .venv
    else
      echo "python3 -m venv failed: install Debian's python3-venv (sudo apt-get install python3-venv)" >&2
      exit 2
    fi
  fi
fi

stamp=.venv/.detente-install
want="$(cat requirements.lock requirements-dev.lock pyproject.toml | sha256sum | cut -c1-16)-dev$dev"
have="$(cat "$stamp" 2>/dev/null || true)"
# A dev install also satisfies a plain one.
if [ "$have" = "$want" ] || { [ "$dev" = 0 ] && [ "$have" = "${want%-dev0}-dev1" ]; }; then
  exit 0
fi

echo "installing détente into .venv/ (pinned dependencies, spaCy model en_core_web_sm 3.8.0) …" >&2
export PIP_DISABLE_PIP_VERSION_CHECK=1
.venv/bin/python -m pip install -q -r requirements.lock
if [ "$dev" = 1 ]; then
  .venv/bin/python -m pip install -q -r requirements-dev.lock
fi
.venv/bin/python -m pip install -q --no-deps -e .
echo "$want" > "$stamp"
