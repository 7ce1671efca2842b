#!/usr/bin/env bash
# The browser tests as ctest runs them: serve this build's dbbridge with the built web UI on a
# free port, against the live MariaDB/PostgreSQL of DBBRIDGE_TEST_*, and run Playwright on
# Debian's chromium. Screenshots and traces go to BUILD_DIR/web-tests.
# Usage: tests/web/run.sh BUILD_DIR [playwright args...]      Exit 77 (skip) without the servers.
set -euo pipefail
BUILD_DIR=$(cd "$1" && pwd -P)
shift
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
HERE=$ROOT/tests/web
die() { echo "tests/web: $*" >&2; exit 1; }

if [[ -z ${DBBRIDGE_TEST_MYSQL:-} || -z ${DBBRIDGE_TEST_PG:-} ]]; then
  echo "tests/web: DBBRIDGE_TEST_MYSQL / DBBRIDGE_TEST_PG not set; skipping the browser tests"
  exit 77
fi
[[ -f $ROOT/web/dist/index.html ]] || die "the web UI is not built ($ROOT/web/dist); run scripts/build.sh"
[[ -x $HERE/node_modules/.bin/playwright ]] || die "Playwright is not installed in tests/web; run scripts/build.sh"
CHROMIUM=${DBBRIDGE_CHROMIUM:-/usr/bin/chromium}
[[ -x $CHROMIUM ]] || die "$CHROMIUM not found; scripts/install-deps.sh installs Debian's chromium"

OUT=$BUILD_DIR/web-tests
rm -rf "$OUT"
mkdir -p "$OUT"
WORKDIR=$(mktemp -d /tmp/dbbridge-web-e2e-XXXXXX)
cat > "$WORKDIR/dbbridge.yaml" <<YAML
server:
  host: 127.0.0.1
  port: 0
  web_dir: $ROOT/web/dist
store:
  url: sqlite:$WORKDIR/dbbridge.db
security:
  key_file: $WORKDIR/dbbridge.key
paths:
  jobs: $WORKDIR/jobs
  logs: $WORKDIR/logs
  files: $WORKDIR/files
plugins:
  dir: $BUILD_DIR/plugins
YAML

SERVER=
cleanup() {
  [[ -n $SERVER ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  cp "$WORKDIR/serve.log" "$OUT/serve.log" 2>/dev/null || true
  rm -rf "$WORKDIR"
}
trap cleanup EXIT

(cd "$WORKDIR" && exec "$BUILD_DIR/host/dbbridge" --config "$WORKDIR/dbbridge.yaml" serve) > "$WORKDIR/serve.log" 2>&1 &
SERVER=$!
URL=
for _ in $(seq 1 300); do
  URL=$(grep -o 'serving on http://[0-9.:]*/' "$WORKDIR/serve.log" | head -1 | sed 's/serving on //') || true
  [[ -n $URL ]] && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORKDIR/serve.log" >&2; die "dbbridge serve exited"; }
  sleep 0.1
done
[[ -n $URL ]] || { cat "$WORKDIR/serve.log" >&2; die "dbbridge serve did not start"; }

# serve created the first admin and wrote its password beside the key file, as for a newcomer.
[[ -s $WORKDIR/admin.password ]] || { cat "$WORKDIR/serve.log" >&2; die "serve wrote no $WORKDIR/admin.password"; }
export DBBRIDGE_WEB_ADMIN=admin DBBRIDGE_WEB_ADMIN_PASSWORD
DBBRIDGE_WEB_ADMIN_PASSWORD=$(head -n1 "$WORKDIR/admin.password")

cd "$HERE"
export DBBRIDGE_WEB_URL=$URL DBBRIDGE_WEB_OUT=$OUT DBBRIDGE_CHROMIUM=$CHROMIUM PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
./node_modules/.bin/playwright test "$@"
