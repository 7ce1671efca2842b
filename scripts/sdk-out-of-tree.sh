#!/usr/bin/env bash
# Builds plugins OUT OF TREE against an installed SDK only, as a vendor would:
# `cmake --install --component sdk` into a temporary prefix, then configure each plugin folder
# alone with CMAKE_PREFIX_PATH=<prefix>, drop the modules into an empty plugin directory, and
# check that the host built from this tree loads them (`dbbridge plugins`: listed, not skipped).
#   plugins/sqlite  a plugin on its own client library (dbbridge::sdk_util, Debian's libsqlite3)
#   plugins/dm      an ODBC driver pack on the shared ODBC data path (dbbridge::odbc)
# Usage: scripts/sdk-out-of-tree.sh [BUILD_DIR]   (the host's build directory, default build)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

BUILD_DIR=${1:-${BUILD_DIR:-build}}
OUT=$(mktemp -d /tmp/dbbridge-sdk.XXXXXX)
trap 'rm -rf "$OUT"' EXIT

cmake --install "$BUILD_DIR" --component sdk --prefix "$OUT/prefix" > "$OUT/install.log"
for header in dbbridge/sdk/plugin.h dbbridge/odbc/odbc_dialect_base.h; do
  [[ -f $OUT/prefix/include/$header ]] || die "SDK header $header was not installed"
done
mkdir -p "$OUT/plugins"
build_out_of_tree() {  # build_out_of_tree NAME: plugins/NAME copied outside the tree, built, dropped in
  local name=$1
  # A copy of the plugin folder outside the tree: nothing of the source tree is reachable.
  cp -r "plugins/$name" "$OUT/src-$name"
  cmake -S "$OUT/src-$name" -B "$OUT/build-$name" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$OUT/prefix" > "$OUT/configure-$name.log" \
    || { cat "$OUT/configure-$name.log"; die "configuring the $name plugin against the SDK failed"; }
  cmake --build "$OUT/build-$name" -j2 > "$OUT/build-$name.log" \
    || { cat "$OUT/build-$name.log"; die "building the $name plugin failed"; }
  cp "$OUT/build-$name/libdbbridge_$name.so" "$OUT/plugins/"
}
build_out_of_tree sqlite
build_out_of_tree dm
printf 'plugins:\n  dir: %s\n' "$OUT/plugins" > "$OUT/dbbridge.yaml"
"$BUILD_DIR/host/dbbridge" --config "$OUT/dbbridge.yaml" plugins | tee "$OUT/plugins.txt"
for dialect in SQLITE DM; do
  grep -q "dialects: $dialect" "$OUT/plugins.txt" || die "the out-of-tree plugin serving $dialect was not loaded"
done
if grep -q "SKIPPED" "$OUT/plugins.txt"; then
  die "an out-of-tree plugin was refused"
fi
log "sqlite and dm (ODBC) plugins built out of tree against the installed SDK and loaded by the host"
