#!/usr/bin/env bash
# Multiplex over HTTP: a five-target needTransform=true SELECT (ORACLE source and LIGHTDB_ORACLE,
# GAUSSDB_ORACLE, DM, OCEAN_BASE_ORACLE targets, all routed to the PostgreSQL test server through
# the postgres plugin), driven by wrk against a real `dbbridge serve`. Prints requests/s, latency
# percentiles and how many replies were not code 0. Not a test: run it by hand.
# Usage: bench/multiplex_http_bench.sh [seconds=10] [connections=16]
# Needs the test servers (scripts/db-up.sh) and a Release build in build/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
cd "$ROOT"
resolve_work
SECONDS_TO_RUN=${1:-10}
CONNECTIONS=${2:-16}
PORT=18090
command -v wrk >/dev/null || bash scripts/install-deps.sh --with-bench
# shellcheck source=/dev/null
source "$WORK/env.sh"
pg_port=${DBBRIDGE_TEST_PG##*:}; pg_port=${pg_port%%/*}

dir=$(mktemp -d /tmp/dbbridge-muxbench.XXXX)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$dir"' EXIT
cat > "$dir/dbbridge.yaml" <<YAML
server: {port: $PORT, threads: 32}
store: {url: "sqlite:$dir/dbbridge.db"}
security: {key_file: $dir/dbbridge.key}
plugins: {dir: $ROOT/build/plugins}
multiplex:
  targets: {ORACLE: mx-ora, LIGHTDB_ORACLE: mx-lightdb, GAUSSDB_ORACLE: mx-gauss, DM: mx-dm, OCEAN_BASE_ORACLE: mx-ob}
YAML
build/host/dbbridge --config "$dir/dbbridge.yaml" serve > "$dir/serve.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -sf "localhost:$PORT/api/health" >/dev/null && break; sleep 0.1; done
for n in mx-ora mx-lightdb mx-gauss mx-dm mx-ob; do
  curl -sf "localhost:$PORT/api/datasource/save" -d "{\"source_name\":\"$n\",\"db_type\":\"LIGHTDB_ORACLE\",
    \"host\":\"127.0.0.1\",\"port\":$pg_port,\"db_name\":\"app\",\"username\":\"app\",\"password\":\"app\"}" >/dev/null
done
cat > "$dir/req.json" <<'JSON'
{"sourceDialect":"ORACLE","needTransform":true,"bulkMode":1,"targetDialectInfos":[
 {"targetDialect":"ORACLE","sql":"select 1 as x from dual"},{"targetDialect":"LIGHTDB_ORACLE"},
 {"targetDialect":"GAUSSDB_ORACLE"},{"targetDialect":"DM"},{"targetDialect":"OCEAN_BASE_ORACLE"}]}
JSON
cat > "$dir/post.lua" <<LUA
local f = io.open("$dir/req.json", "r")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json;charset=UTF-8"
LUA
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" --latency -s "$dir/post.lua" "http://127.0.0.1:$PORT/multiplex/multiplex" |
  grep -E "Requests/sec|50%|90%|99%|requests in|Non-2xx"
# Every request stored a report: count the ones that were not consistent.
total=$(curl -s "localhost:$PORT/multiplex/reports?page=1&pageSize=1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
bad=$(sqlite3 "$dir/dbbridge.db" "select count(*) from multiplex_report where consistent <> 1" 2>/dev/null || echo "?")
echo "reports stored: $total, not consistent: $bad"
