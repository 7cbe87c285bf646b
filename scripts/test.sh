#!/usr/bin/env bash
# Install the development extras and run the whole test suite: lint, types, tests.
# .ci/run runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --dev

# Test services (a browser, a database server, ...): each scripts/setup.d/*.sh is sourced; it
# installs what is missing (quickly a no-op when present), starts what it needs, exports the
# variables the tests read, and may append a function name to CLEANUP to stop it afterwards.
CLEANUP=()
cleanup() { local f; for f in "${CLEANUP[@]}"; do "$f" || true; done; }
trap cleanup EXIT
for f in scripts/setup.d/*.sh; do
  [ -e "$f" ] || continue
  # shellcheck source=/dev/null
  . "$f"
done

.venv/bin/ruff check src tests benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
