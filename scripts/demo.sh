#!/usr/bin/env bash
# Install, then scan the bundled sample portal and write everything into ./govsite-demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/govsite demo "$@"
