#!/usr/bin/env bash
# The main job: set everything up in .venv/, ingest the shipped sample corpus into the embedded
# SQLite database and serve the dashboard on http://127.0.0.1:8000 (Ctrl-C to stop).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/detente demo "$@"
