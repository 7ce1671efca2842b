#!/usr/bin/env bash
# Configure and build dbbridge (Release, Ninja, 2 jobs).
# Usage: scripts/build.sh [BUILD_DIR]   (default: build, relative to the repo root)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

BUILD_DIR=${1:-${BUILD_DIR:-build}}

# A cache made with another generator makes cmake refuse to configure; drop it.
if [[ -f $BUILD_DIR/CMakeCache.txt ]] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$BUILD_DIR/CMakeCache.txt"; then
  log "existing $BUILD_DIR was not configured with Ninja; resetting its CMake cache"
  rm -rf "$BUILD_DIR/CMakeCache.txt" "$BUILD_DIR/CMakeFiles"
fi

cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$BUILD_DIR" -j2

# The web UI (web/ -> web/dist, served by `dbbridge serve`) and the browser tests' packages, from
# the committed lock files. Skipped, with a note, where npm is missing (serve then says so).
npm_ci_if_stale() {  # npm_ci_if_stale DIR: npm ci unless node_modules already matches the lock
  local dir=$1
  if [[ ! -f $dir/node_modules/.package-lock.json || $dir/package-lock.json -nt $dir/node_modules/.package-lock.json ]]; then
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
}
if command -v npm >/dev/null 2>&1; then
  npm_ci_if_stale web
  if [[ ! -f web/dist/index.html ]] || [[ -n $(find web/src web/index.html web/vite.config.js web/package-lock.json -newer web/dist/index.html -print -quit) ]]; then
    (cd web && npm run --silent build)
  fi
  npm_ci_if_stale tests/web
else
  log "npm not found: the web UI is not built (scripts/install-deps.sh installs nodejs and npm)"
fi
