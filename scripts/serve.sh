#!/usr/bin/env bash
# The serve command: install build deps, build, run the dbbridge server (it prints its URL).
# Usage: scripts/serve.sh [args for `dbbridge serve`...]   Env: BUILD_DIR (default build)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

BUILD_DIR=${BUILD_DIR:-build}
# --runtime-only: the database servers are only needed by the tests.
bash scripts/install-deps.sh --runtime-only
bash scripts/build.sh "$BUILD_DIR"
exec "$BUILD_DIR/host/dbbridge" serve "$@"
