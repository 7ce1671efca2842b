#!/usr/bin/env bash
# Table compare speed (issue 18): `dbbridge diff` of one table MariaDB vs PostgreSQL, identical and
# with 10 rows changed, against each database's own full scan of the table through its own client
# (SELECT of all columns to /dev/null) and against dbbridge's own row path (`diff --no-checksums`:
# both tables fetched and compared row by row), with dbbridge's peak memory and the bytes MariaDB
# sent to its clients during each run (Bytes_sent; PostgreSQL has no such counter). Prints the
# figures and ratios; record them in docs/benchmarks.md with the load average it prints. Not a
# test. Keep ROWS small on a shared machine.
# Usage: bench/table_compare_bench.sh [rows=200000] [threads=2] [segments=16]
# Needs the test servers (scripts/db-up.sh) and a Release build in build/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
cd "$ROOT"
resolve_work
ROWS=${1:-200000}
THREADS=${2:-2}
SEGMENTS=${3:-16}
# shellcheck source=/dev/null
source "$WORK/env.sh"
my_port=${DBBRIDGE_TEST_MYSQL##*:}; my_port=${my_port%%/*}
pg_port=${DBBRIDGE_TEST_PG##*:}; pg_port=${pg_port%%/*}
my() { mysql -uapp -papp -h127.0.0.1 -P"$my_port" app -N "$@"; }
pg() { psql "postgresql://app:app@127.0.0.1:$pg_port/app" -Atq "$@"; }

dir=$(mktemp -d /tmp/dbbridge-cmpbench.XXXX)
server=
table=cmp_bench
trap '[[ -n $server ]] && kill "$server" 2>/dev/null; my -e "DROP TABLE IF EXISTS $table" || true;
      pg -c "DROP TABLE IF EXISTS $table" || true; rm -rf "$dir"' EXIT
cat > "$dir/dbbridge.yaml" <<YAML
server: {host: 127.0.0.1, port: 0}
store: {url: "sqlite:$dir/dbbridge.db"}
security: {key_file: $dir/dbbridge.key}
paths: {jobs: $dir/jobs, logs: $dir/logs, files: $dir/files}
plugins: {dir: $ROOT/build/plugins}
YAML
start_serve_and_login "$dir/dbbridge.yaml" "$dir"
for side in "bench-maria MYSQL $my_port" "bench-pg POSTGRESQL $pg_port"; do
  read -r name type port <<< "$side"
  curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$url/api/datasource/save" \
    -d "{\"source_name\":\"$name\",\"db_type\":\"$type\",\"host\":\"127.0.0.1\",\"port\":$port,
         \"db_name\":\"app\",\"username\":\"app\",\"password\":\"app\"}" >/dev/null
done
kill "$server"; server=

echo "loading $ROWS rows on each side"
my -e "DROP TABLE IF EXISTS $table; CREATE TABLE $table (id BIGINT PRIMARY KEY, name VARCHAR(40),
       amount DECIMAL(12,2), created DATETIME(6)) DEFAULT CHARSET=utf8mb4;
       INSERT INTO $table SELECT seq, CONCAT('name ', seq), seq / 7, '2026-01-01' + INTERVAL seq SECOND
       FROM seq_1_to_$ROWS"
pg -c "DROP TABLE IF EXISTS $table; CREATE TABLE $table (id bigint PRIMARY KEY, name varchar(40),
       amount numeric(12,2), created timestamp(6));
       INSERT INTO $table SELECT g, 'name ' || g, round(g / 7.0, 2), timestamp '2026-01-01' + g * interval '1 second'
       FROM generate_series(1, $ROWS) g; ANALYZE $table"

seconds() { local s; s=$(date +%s.%N); "$@" > /dev/null; echo "$(date +%s.%N) - $s" | bc; }
scan_my=$(seconds my -e "SELECT * FROM $table")
scan_pg=$(seconds pg -c "SELECT * FROM $table")
bytes_sent() { my -e "SHOW GLOBAL STATUS LIKE 'Bytes_sent'" | awk '{print $2}'; }
diff_run() {  # diff_run [extra diff options]: prints "seconds peak_kib exit mariadb_bytes_sent"
  local out rc before
  before=$(bytes_sent)
  set +e
  out=$( { /usr/bin/time -f '%e %M' build/host/dbbridge --config "$dir/dbbridge.yaml" diff \
           "bench-maria:$table" "bench-pg:$table" --threads "$THREADS" --segments "$SEGMENTS" "$@" > "$dir/diff.out"; } 2>&1)
  rc=$?
  set -e
  echo "$(tail -n1 <<< "$out") $rc $(( $(bytes_sent) - before ))"
}
read -r same_s same_kib same_rc same_bytes <<< "$(diff_run)"
[[ $same_rc == 0 ]] || { cat "$dir/diff.out"; die "identical tables reported as different (exit $same_rc)"; }
same_segments=$(grep '^segments' "$dir/diff.out")
read -r rows_s rows_kib rows_rc rows_bytes <<< "$(diff_run --no-checksums)"
[[ $rows_rc == 0 ]] || { cat "$dir/diff.out"; die "the row path reported identical tables as different (exit $rows_rc)"; }
rows_segments=$(grep '^segments' "$dir/diff.out")
pg -c "UPDATE $table SET name = 'changed' WHERE id IN (SELECT g * ($ROWS / 11) FROM generate_series(1, 10) g)"
read -r changed_s changed_kib changed_rc changed_bytes <<< "$(diff_run)"
[[ $changed_rc == 1 ]] || { cat "$dir/diff.out"; die "changed tables not reported (exit $changed_rc)"; }
reported=$(sed -n 's/^differing rows (\([0-9]*\)).*/\1/p' "$dir/diff.out")
[[ $reported == 10 ]] || { cat "$dir/diff.out"; die "expected 10 differing rows, the report says '$reported'"; }
slower=$(echo "if ($scan_my > $scan_pg) $scan_my else $scan_pg" | bc)
printf 'rows %s, threads %s, segments %s; load average %s\n' "$ROWS" "$THREADS" "$SEGMENTS" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'full scan through own client: mariadb %.2f s, postgresql %.2f s\n' "$scan_my" "$scan_pg"
printf 'diff identical: %.2f s (%.2fx the slower scan), peak %d MiB, mariadb sent %d bytes\n  %s\n' "$same_s" \
  "$(echo "$same_s / $slower" | bc -l)" $((same_kib / 1024)) "$same_bytes" "$same_segments"
printf 'row path (--no-checksums), identical: %.2f s (checksums are %.2fx faster), peak %d MiB, mariadb sent %d bytes\n  %s\n' \
  "$rows_s" "$(echo "$rows_s / $same_s" | bc -l)" $((rows_kib / 1024)) "$rows_bytes" "$rows_segments"
printf 'diff 10 rows changed: %.2f s (%.2fx identical), peak %d MiB, mariadb sent %d bytes, 10 rows reported\n  %s\n' \
  "$changed_s" "$(echo "$changed_s / $same_s" | bc -l)" $((changed_kib / 1024)) "$changed_bytes" \
  "$(grep '^segments' "$dir/diff.out")"
