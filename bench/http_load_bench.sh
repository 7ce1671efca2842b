#!/usr/bin/env bash
# HTTP load on a real `dbbridge serve` (SQLite store), driven by wrk with an API token, on the
# endpoints a console and schedulers hit most (issue 17):
#   - GET /api/datasource/query   (a page of 20 of 200 saved datasources)
#   - GET /api/config/logs        (a page of 20 of 500 recorded runs of one job)
#   - POST /multiplex/multiplex   (a five-target needTransform=true SELECT, ORACLE source routed to
#                                  LIGHTDB_ORACLE, GAUSSDB_ORACLE, DM and OCEAN_BASE_ORACLE, all on
#                                  the PostgreSQL test server through the postgres plugin)
# Prints requests/s, latency percentiles and the replies that were not HTTP 200 with code 0; any
# such reply makes the script exit 1. Not a test: run it by hand and record the figures in
# docs/benchmarks.md.
# Usage: bench/http_load_bench.sh [seconds=10] [connections=16]
# Needs the test servers (scripts/db-up.sh) and a Release build in build/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
cd "$ROOT"
resolve_work
SECONDS_TO_RUN=${1:-10}
CONNECTIONS=${2:-16}
command -v wrk >/dev/null || bash scripts/install-deps.sh --with-bench
# shellcheck source=/dev/null
source "$WORK/env.sh"
pg_port=${DBBRIDGE_TEST_PG##*:}; pg_port=${pg_port%%/*}

dir=$(mktemp -d /tmp/dbbridge-httpbench.XXXX)
server=
trap '[[ -n $server ]] && kill "$server" 2>/dev/null; rm -rf "$dir"' EXIT
cat > "$dir/dbbridge.yaml" <<YAML
server: {host: 127.0.0.1, port: 0, threads: 32}
store: {url: "sqlite:$dir/dbbridge.db"}
security: {key_file: $dir/dbbridge.key}
paths: {jobs: $dir/jobs, logs: $dir/logs, files: $dir/files}
plugins: {dir: $ROOT/build/plugins}
log: {access_file: $dir/access.log}
multiplex:
  targets: {ORACLE: mx-ora, LIGHTDB_ORACLE: mx-lightdb, GAUSSDB_ORACLE: mx-gauss, DM: mx-dm, OCEAN_BASE_ORACLE: mx-ob}
YAML
start_serve_and_login "$dir/dbbridge.yaml" "$dir"
api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }

for n in mx-ora mx-lightdb mx-gauss mx-dm mx-ob; do
  api "$url/api/datasource/save" -d "{\"source_name\":\"$n\",\"db_type\":\"LIGHTDB_ORACLE\",
    \"host\":\"127.0.0.1\",\"port\":$pg_port,\"db_name\":\"app\",\"username\":\"app\",\"password\":\"app\"}" >/dev/null
done
for i in $(seq 195); do
  api "$url/api/datasource/save" -d "{\"source_name\":\"ds-$i\",\"db_type\":\"MYSQL\",\"host\":\"127.0.0.1\",
    \"port\":3306,\"db_name\":\"app\",\"username\":\"app\",\"password\":\"app\"}" >/dev/null
done
config=$(api "$url/api/config/save" -d '{"config_name":"tiny","content":{"job":{"setting":{"speed":{"channel":1}},
  "content":[{"reader":{"name":"streamreader","parameter":{"sliceRecordCount":1,"column":[{"type":"long","value":"1"}]}},
  "writer":{"name":"streamwriter","parameter":{"print":false}}}]}}}' | tr -d '\n ' | sed -E 's/.*"data":\{"id":([0-9]+).*/\1/')
for i in $(seq 500); do api "$url/api/config/exec?id=$config" -X POST -d '{}' >/dev/null; done
sleep 2  # the last runs finish

cat > "$dir/req.json" <<'JSON'
{"sourceDialect":"ORACLE","needTransform":true,"bulkMode":1,"targetDialectInfos":[
 {"targetDialect":"ORACLE","sql":"select 1 as x from dual"},{"targetDialect":"LIGHTDB_ORACLE"},
 {"targetDialect":"GAUSSDB_ORACLE"},{"targetDialect":"DM"},{"targetDialect":"OCEAN_BASE_ORACLE"}]}
JSON
# Counts replies that are not HTTP 200 with code 0 (business errors keep HTTP 200).
cat > "$dir/check.lua" <<LUA
bad = 0  -- global: done() reads it from each thread
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  wrk.headers["Authorization"] = "Bearer $token"
  wrk.headers["Content-Type"] = "application/json;charset=UTF-8"
  local body_file = os.getenv("DBB_BODY")
  if body_file and body_file ~= "" then
    local f = io.open(body_file, "r"); wrk.method = "POST"; wrk.body = f:read("*a"); f:close()
  end
end
function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"code":0,', 1, true) then bad = bad + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("bad") end
  io.write(string.format("not HTTP 200 with code 0: %d\n", total))
end
LUA
failures=0
run() {  # run NAME PATH [BODY_FILE]
  echo "== $1 (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
  out=$(DBB_BODY=${3:-} wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" --latency -s "$dir/check.lua" "$url$2")
  grep -E "Requests/sec|  50%|  99%|requests in|Non-2xx|Socket errors|not HTTP 200" <<<"$out"
  grep -q "not HTTP 200 with code 0: 0$" <<<"$out" && ! grep -q "Socket errors" <<<"$out" || failures=$((failures + 1))
}
run "datasource list" "/api/datasource/query?page=1&pageSize=20"
run "run list" "/api/config/logs?configId=$config&page=1&pageSize=20"
run "multiplex (5 targets)" "/multiplex/multiplex" "$dir/req.json"
[[ $failures -eq 0 ]] || die "$failures endpoint(s) answered with errors"
