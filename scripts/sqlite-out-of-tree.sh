#!/usr/bin/env bash
# Builds the example sqlite plugin OUT OF TREE against an installed SDK only, as a vendor would:
# `cmake --install --component sdk` into a temporary prefix, configure plugins/sqlite alone with
# CMAKE_PREFIX_PATH=<prefix>, drop the module into an empty plugin directory, and check that the
# host built from this tree loads it (`dbbridge plugins`: listed, not skipped).
# Usage: scripts/sqlite-out-of-tree.sh [BUILD_DIR]   (the host's build directory, default build)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

BUILD_DIR=${1:-${BUILD_DIR:-build}}
OUT=$(mktemp -d /tmp/dbbridge-sdk.XXXXXX)
trap 'rm -rf "$OUT"' EXIT

cmake --install "$BUILD_DIR" --component sdk --prefix "$OUT/prefix" > "$OUT/install.log"
[[ -f $OUT/prefix/include/dbbridge/sdk/plugin.h ]] || die "SDK headers were not installed"
# A copy of the plugin folder outside the tree: nothing of the source tree is reachable.
cp -r plugins/sqlite "$OUT/src"
cmake -S "$OUT/src" -B "$OUT/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$OUT/prefix" \
  > "$OUT/configure.log" || { cat "$OUT/configure.log"; die "configuring the sqlite plugin against the SDK failed"; }
cmake --build "$OUT/build" -j2 > "$OUT/build.log" || { cat "$OUT/build.log"; die "building the sqlite plugin failed"; }
mkdir -p "$OUT/plugins"
cp "$OUT/build/libdbbridge_sqlite.so" "$OUT/plugins/"
printf 'plugins:\n  dir: %s\n' "$OUT/plugins" > "$OUT/dbbridge.yaml"
"$BUILD_DIR/host/dbbridge" --config "$OUT/dbbridge.yaml" plugins | tee "$OUT/plugins.txt"
grep -q "dialects: SQLITE" "$OUT/plugins.txt" || die "the out-of-tree sqlite plugin was not loaded"
if grep -q "SKIPPED" "$OUT/plugins.txt"; then
  die "the out-of-tree sqlite plugin was refused"
fi
log "sqlite plugin built out of tree against the installed SDK and loaded by the host"
