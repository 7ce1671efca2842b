#!/usr/bin/env bash
# The libFuzzer targets (fuzz/): a clang build with ASan + UBSan of only the parsers that take
# outside input, then each target run for DBB_FUZZ_SECONDS (default 20) through ctest's `fuzz`
# label. Longer runs while developing: build-fuzz/fuzz/fuzz_sql -max_total_time=3600 CORPUS_DIR fuzz/corpus/sql
# Usage: scripts/fuzz.sh [extra ctest args...]   Env: FUZZ_BUILD_DIR (default build-fuzz), DBB_FUZZ_SECONDS
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
DIR=${FUZZ_BUILD_DIR:-build-fuzz}
command -v clang++ >/dev/null || die "clang++ not found (scripts/install-deps.sh installs clang and libclang-rt-14-dev)"
mkdir -p "$DIR"
if [[ ! -f $DIR/CMakeCache.txt ]]; then
  CC=clang CXX=clang++ cmake -S . -B "$DIR" -G Ninja -DDBB_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DDBB_FUZZ_SECONDS="${DBB_FUZZ_SECONDS:-20}" > "$DIR/configure.log" 2>&1 ||
    { cat "$DIR/configure.log"; die "configuring the fuzz build failed"; }
fi
cmake --build "$DIR" --target dbb_fuzz_targets -j2
# Findings (crash-*, leak-*, timeout-* files) are written to the working directory: keep them in the build tree.
cd "$DIR/fuzz"
ctest -L fuzz -j2 --output-on-failure "$@"
