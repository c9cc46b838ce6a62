#!/usr/bin/env bash
# Install, lint, then run the whole test suite (as CI does); `bash scripts/test.sh -m "not e2e"`
# is the quick daily run (no CLI scans, portals or browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
# Lint first (configured in pyproject.toml): zero findings or no tests.
.venv/bin/ruff check .
exec .venv/bin/python -m pytest -q "$@"
