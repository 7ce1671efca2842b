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
