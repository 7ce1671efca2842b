#!/usr/bin/env bash
# Engine benchmark (not a test, not in ctest): MariaDB -> PostgreSQL, 1,000,000 rows of
# t(id bigint primary key, name varchar(64), amount decimal(12,2), created timestamp), timing in the
# same run `dbbridge run` (DataX job, several channel/splitPk variants), pgloader (data only, truncate,
# into the precreated table) and `mariadb --batch --quick | psql \copy`. Every copy is verified against
# the source (row count plus aggregate and per-row md5 checksums) before its time counts. Prints medians,
# peak RSS and the ratios of issue 3; then stream -> stream records/s; with --big, peak RSS at 10M rows.
# The reverse direction (issue 14): the same rows from PostgreSQL (table t_src, filled once) to MariaDB
# (table t_back), `dbbridge run` postgresqlreader -> mysqlwriter against
# `psql -c '\copy (SELECT ...) TO STDOUT' | mariadb --local-infile -e "LOAD DATA LOCAL INFILE '/dev/stdin' ..."`,
# verified with the same checksums on the MariaDB side.
#
# Usage: bench/engine_bench.sh [options]     (run as root on a fresh machine: installs and starts what it needs)
#   --runs N          repetitions per variant, median reported (default 3)
#   --rows N          rows of the main table (default 1000000)
#   --big             also copy --big-rows rows (default 10000000) to show that peak RSS stays flat
#   --big-rows N
#   --only LIST       comma list of: dbbridge,pgloader,pipe,stream,rdbbridge,rpipe (default all)
#   --variants LIST   dbbridge variants, comma list of c1,c1split,c2,c2split (default all four), also
#                     c1text,c2splittext: the same with the writer on text COPY (?pg_copy_format=text)
#   --rvariants LIST  reverse (PostgreSQL -> MariaDB) variants, comma list of r1,r2split (default both)
#   --build-dir DIR   Release build to use/build (default <repo>/build-bench)
#   --no-build        use the binaries in --build-dir as they are
#   --out DIR         where logs and results.tsv go (default /tmp/dbb_engine_bench.<time>)
#   --drop            drop the generated bench databases at the end (default: keep them for the next run)
# Env: DBBRIDGE_TEST_MYSQL / DBBRIDGE_TEST_PG (else $WORK/env.sh of scripts/db-up.sh is sourced, and the
# servers are started with scripts/db-up.sh when they are not reachable). Data lives in a dedicated
# database `dbb_bench` on both servers, so tests running concurrently are not disturbed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
RUNS=3
ROWS=1000000
BIG=0
BIG_ROWS=10000000
ONLY=dbbridge,pgloader,pipe,stream,rdbbridge,rpipe
VARIANTS=c1,c1split,c2,c2split
RVARIANTS=r1,r2split
BUILD_DIR=$ROOT/build-bench
DO_BUILD=1
OUT=/tmp/dbb_engine_bench.$(date +%Y%m%d-%H%M%S)
DROP=0
BDB=dbb_bench
STREAM_MIN_SECONDS=3

die() { echo "engine_bench: ERROR: $*" >&2; exit 1; }
while (($#)); do
    case $1 in
        --runs) RUNS=$2; shift ;;
        --rows) ROWS=$2; shift ;;
        --big) BIG=1 ;;
        --big-rows) BIG_ROWS=$2; shift ;;
        --only) ONLY=$2; shift ;;
        --variants) VARIANTS=$2; shift ;;
        --rvariants) RVARIANTS=$2; shift ;;
        --build-dir) BUILD_DIR=$(realpath -m "$2"); shift ;;
        --no-build) DO_BUILD=0 ;;
        --out) OUT=$(realpath -m "$2"); shift ;;
        --drop) DROP=1 ;;
        -h|--help) sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
    shift
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs needs a positive integer"
[[ $ROWS =~ ^[1-9][0-9]*$ && $BIG_ROWS =~ ^[1-9][0-9]*$ ]] || die "--rows/--big-rows need positive integers"
want() { [[ ,$ONLY, == *,$1,* ]]; }
mkdir -p "$OUT"
exec > >(tee -a "$OUT/bench.log") 2>&1
RESULTS=$OUT/results.tsv
printf 'what\trun\twall_s\tpeak_rss_kib\tcpu_user_s\tcpu_sys_s\tload1_before\tbackground_cpu_pct\tverified\tserver_cpu_s\tothers_during_pct\n' > "$RESULTS"

# ---- 1. tools ------------------------------------------------------------------------------------
need_install=0
for tool in mariadb psql cmake ninja; do command -v "$tool" > /dev/null || need_install=1; done
if want pgloader; then command -v pgloader > /dev/null || need_install=1; fi
if ((need_install)); then
    [[ $(id -u) -eq 0 ]] || die "missing tools (mariadb, psql, cmake, ninja or pgloader); run scripts/install-deps.sh as root"
    bash "$ROOT/scripts/install-deps.sh"
fi
if [[ ! -x /usr/bin/time ]]; then
    [[ $(id -u) -eq 0 ]] || die "GNU time missing: apt-get install time"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q time > /dev/null
fi

# ---- 2. servers ----------------------------------------------------------------------------------
if [[ -z ${DBBRIDGE_TEST_MYSQL:-} || -z ${DBBRIDGE_TEST_PG:-} ]]; then
    WORK_DIR=$(bash -c 'source "$1/scripts/common.sh"; resolve_work; echo "$WORK"' _ "$ROOT")
    port_open() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }
    if [[ ! -f $WORK_DIR/env.sh ]] || ! port_open 13306 || ! port_open 15432; then
        echo "== starting MariaDB and PostgreSQL with scripts/db-up.sh (WORK=$WORK_DIR)"
        bash "$ROOT/scripts/db-up.sh"
    fi
    # shellcheck disable=SC1091
    source "$WORK_DIR/env.sh"
fi
parse_url() {  # scheme://user:pass@host:port/db -> "user pass host port db"
    local rest=${1#*://}
    local cred=${rest%%@*} hostpart=${rest#*@}
    local hostport=${hostpart%%/*}
    echo "${cred%%:*} ${cred#*:} ${hostport%%:*} ${hostport#*:} ${hostpart#*/}"
}
read -r MU MP MH MPORT _ <<< "$(parse_url "$DBBRIDGE_TEST_MYSQL")"
read -r PU PP PH PPORT PAPPDB <<< "$(parse_url "$DBBRIDGE_TEST_PG")"
export MYSQL_PWD=$MP PGPASSWORD=$PP PGOPTIONS='-c client_min_messages=warning'
MYC=(mariadb --batch --skip-column-names -h"$MH" -P"$MPORT" -u"$MU")
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h "$PH" -p "$PPORT" -U "$PU")
my() { "${MYC[@]}" "$BDB" -e "$1"; }
pg() { "${PSQL[@]}" -d "$BDB" -tA -F $'\t' -c "$1"; }

# ---- 3. build ------------------------------------------------------------------------------------
DBBRIDGE=$BUILD_DIR/host/dbbridge
if ((DO_BUILD)); then
    echo "== building Release in $BUILD_DIR (targets dbbridge dbbridge_mysql dbbridge_postgres)"
    if [[ ! -f $BUILD_DIR/build.ninja ]]; then
        cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release > "$OUT/cmake.log" 2>&1 ||
            { tail -30 "$OUT/cmake.log"; die "cmake configure failed (log: $OUT/cmake.log)"; }
    fi
    grep -q 'CMAKE_BUILD_TYPE:STRING=Release' "$BUILD_DIR/CMakeCache.txt" ||
        echo "engine_bench: WARNING: $BUILD_DIR is not a Release build; figures will not be representative" >&2
    cmake --build "$BUILD_DIR" -j2 --target dbbridge dbbridge_mysql dbbridge_postgres > "$OUT/build.log" 2>&1 ||
        { tail -30 "$OUT/build.log"; die "build failed (log: $OUT/build.log)"; }
fi
[[ -x $DBBRIDGE ]] || die "no dbbridge binary at $DBBRIDGE (build it or drop --no-build)"
# Own config: plugins of this build, state (sqlite, logs, key) under $OUT instead of the current directory.
cat > "$OUT/dbbridge.yaml" << YAML
plugins:
  dir: $BUILD_DIR/plugins
store:
  url: sqlite:$OUT/var/dbbridge.db
paths:
  jobs: $OUT/var/jobs
  logs: $OUT/var/logs
security:
  key_file: $OUT/var/dbbridge.key
YAML

# ---- helpers -------------------------------------------------------------------------------------
HZ=$(getconf CLK_TCK)
load1() { cut -d' ' -f1 /proc/loadavg; }
# CPU busy % of the whole machine over 0.5 s while this script runs nothing: what the others use.
background_cpu() {
    local a b
    read -r -a a < <(head -1 /proc/stat)
    sleep 0.5
    read -r -a b < <(head -1 /proc/stat)
    local idle=$(((b[4] + b[5]) - (a[4] + a[5]))) total=0 i
    for ((i = 1; i < ${#a[@]}; i++)); do total=$((total + b[i] - a[i])); done
    ((total > 0)) && echo $((100 * (total - idle) / total)) || echo 0
}
now_ns() { date +%s%N; }
busy_ticks() { head -1 /proc/stat | awk '{t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6}'; }
# CPU ticks used so far by both database servers (MariaDB threads; the postmaster, its live children and,
# through cutime/cstime, its exited backends). Other engineers' tests on the same servers add noise.
pid_on_port() { ss -ltnpH "sport = :$1" 2> /dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }
MY_SERVER_PID=$(pid_on_port "$MPORT")
PG_SERVER_PID=$(pid_on_port "$PPORT")
server_ticks() {
    {
        [[ -n $MY_SERVER_PID ]] && cut -d' ' -f14,15 "/proc/$MY_SERVER_PID/stat" 2> /dev/null
        [[ -n $PG_SERVER_PID ]] && cut -d' ' -f14-17 "/proc/$PG_SERVER_PID/stat" 2> /dev/null
        if [[ -n $PG_SERVER_PID ]]; then
            for c in $(pgrep -P "$PG_SERVER_PID"); do cut -d' ' -f14,15 "/proc/$c/stat" 2> /dev/null || true; done
        fi
        true
    } | tr ' ' '\n' | awk '{s += $1} END {print s + 0}'
}
median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "NA"; else if (NR % 2) print v[(NR + 1) / 2];
                                          else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
col_of() {  # what column -> values of that column over the runs of `what`
    awk -F'\t' -v w="$1" -v c="$2" 'NR > 1 && $1 == w {print $c}' "$RESULTS"
}
max_of() { sort -g | tail -1; }

checksum_sql_my() {
    echo "SELECT COUNT(*), SUM(id), SUM(amount), COUNT(DISTINCT name), SUM(CHAR_LENGTH(name)), MIN(created),
      MAX(created), SUM(TIMESTAMPDIFF(SECOND, '2020-01-01 00:00:00', created)),
      SUM(CAST(CONV(LEFT(MD5(CONCAT_WS('|', id, name, amount, created)), 8), 16, 10) AS UNSIGNED)) FROM $1"
}
checksum_sql_pg() {
    echo "SELECT count(*), sum(id), sum(amount), count(DISTINCT name), sum(char_length(name)), min(created),
      max(created), sum(extract(epoch FROM created - timestamp '2020-01-01 00:00:00')::bigint),
      sum(('x' || left(md5(concat_ws('|', id, name, amount, created)), 8))::bit(32)::bigint) FROM $1"
}

# ---- 4. data -------------------------------------------------------------------------------------
"${MYC[@]}" -e "CREATE DATABASE IF NOT EXISTS $BDB"
if [[ -z $("${PSQL[@]}" -d "$PAPPDB" -tAc "SELECT 1 FROM pg_database WHERE datname = '$BDB'") ]]; then
    "${PSQL[@]}" -d "$PAPPDB" -c "CREATE DATABASE $BDB"
fi
MY_TZ=$("${MYC[@]}" -e "SELECT CONCAT(@@global.time_zone, '/', @@system_time_zone)")

# generate TABLE ROWS: the TOOLCHAIN §5 table, in chunks of 1M rows so one transaction stays small.
generate() {
    local table=$1 rows=$2
    if [[ $(my "SELECT COUNT(*) FROM $table" 2> /dev/null || true) == "$rows" ]]; then
        echo "== $BDB.$table already holds $rows rows (reused)"
    else
        echo "== generating $rows rows in MariaDB $BDB.$table"
        local t0 lo hi
        t0=$(now_ns)
        my "DROP TABLE IF EXISTS $table; CREATE TABLE $table(id bigint primary key, name varchar(64),
            amount decimal(12,2), created timestamp) ENGINE=InnoDB"
        for ((lo = 1; lo <= rows; lo += 1000000)); do
            hi=$((lo + 999999 < rows ? lo + 999999 : rows))
            my "INSERT INTO $table SELECT seq, CONCAT('customer-', seq, '-', LEFT(MD5(seq), 12)),
                (seq * 7919 % 10000000) / 100, TIMESTAMP'2020-01-01 00:00:00' + INTERVAL (seq * 37 % 100000000) SECOND
                FROM seq_${lo}_to_${hi}"
        done
        echo "   took $(((($(now_ns) - t0) / 1000000))) ms"
    fi
    pg "CREATE TABLE IF NOT EXISTS $table(id bigint primary key, name varchar(64), amount numeric(12,2),
        created timestamp)"
    echo "== source checksum of $table"
    my "$(checksum_sql_my "$table")" > "$OUT/$table.src.sum"
    cat "$OUT/$table.src.sum"
}

# verify TABLE -> "ok" or "WRONG" (and keeps the differing checksum in the log dir)
verify() {
    local table=$1 tag=$2
    pg "$(checksum_sql_pg "$table")" > "$OUT/$tag.dst.sum"
    if cmp -s "$OUT/$table.src.sum" "$OUT/$tag.dst.sum"; then echo ok; else echo WRONG; fi
}

# verify_my TABLE TAG: the MariaDB copy of the reverse direction against the same source checksum.
verify_my() {
    my "$(checksum_sql_my "$1")" > "$OUT/$2.dst.sum"
    if cmp -s "$OUT/t.src.sum" "$OUT/$2.dst.sum"; then echo ok; else echo WRONG; fi
}

# The reverse direction's source: t copied once into PostgreSQL t_src (checked), target MariaDB t_back.
generate_reverse() {
    pg "CREATE TABLE IF NOT EXISTS t_src(id bigint primary key, name varchar(64), amount numeric(12,2),
        created timestamp)"
    if [[ $(pg "SELECT count(*) FROM t_src") != "$ROWS" ]]; then
        echo "== filling PostgreSQL $BDB.t_src from MariaDB t"
        pg "TRUNCATE t_src"
        "${MYC[@]}" --quick "$BDB" -e 'SELECT id, name, amount, created FROM t' |
            "${PSQL[@]}" -d "$BDB" -c '\copy t_src FROM STDIN'
    fi
    pg "$(checksum_sql_pg t_src)" > "$OUT/t_src.sum"
    cmp -s "$OUT/t.src.sum" "$OUT/t_src.sum" || die "PostgreSQL t_src does not match MariaDB t (see $OUT/t_src.sum)"
    my "CREATE TABLE IF NOT EXISTS t_back LIKE t"
}

# ---- 5. timed runs -------------------------------------------------------------------------------
write_job() {  # file table channel splitPk(empty: none) [jdbcUrl suffix of the writer]
    local split=""
    [[ -n $4 ]] && split="\"splitPk\": \"$4\","
    cat > "$1" << JOB
{"job": {
  "setting": {"speed": {"channel": $3}, "errorLimit": {"record": 0}},
  "content": [{
    "reader": {"name": "mysqlreader", "parameter": {
      "username": "$MU", "password": "$MP", "column": ["id", "name", "amount", "created"], $split
      "connection": [{"jdbcUrl": ["jdbc:mysql://$MH:$MPORT/$BDB"], "table": ["$2"]}]}},
    "writer": {"name": "postgresqlwriter", "parameter": {
      "username": "$PU", "password": "$PP", "column": ["id", "name", "amount", "created"],
      "connection": [{"jdbcUrl": "jdbc:postgresql://$PH:$PPORT/$BDB${5:-}", "table": ["$2"]}]}}
  }]
}}
JOB
}

write_rjob() {  # file channel splitPk(empty: none): PostgreSQL t_src -> MariaDB t_back
    local split=""
    [[ -n $3 ]] && split="\"splitPk\": \"$3\","
    cat > "$1" << JOB
{"job": {
  "setting": {"speed": {"channel": $2}, "errorLimit": {"record": 0}},
  "content": [{
    "reader": {"name": "postgresqlreader", "parameter": {
      "username": "$PU", "password": "$PP", "column": ["id", "name", "amount", "created"], $split
      "connection": [{"jdbcUrl": ["jdbc:postgresql://$PH:$PPORT/$BDB"], "table": ["t_src"]}]}},
    "writer": {"name": "mysqlwriter", "parameter": {
      "username": "$MU", "password": "$MP", "column": ["id", "name", "amount", "created"],
      "connection": [{"jdbcUrl": "jdbc:mysql://$MH:$MPORT/$BDB", "table": ["t_back"]}]}}
  }]
}}
JOB
}

# run_one WHAT RUN TABLE VERIFY cmd... : truncates the target (untimed), times cmd, verifies, records.
# VERIFY: 1 the PostgreSQL table, 2 the MariaDB table (reverse direction), 0 nothing.
run_one() {
    local what=$1 run=$2 table=$3 check=$4
    shift 4
    local tag=$what.$run log=$OUT/$what.$run.log
    ((check == 1)) && pg "TRUNCATE $table"
    ((check == 2)) && my "TRUNCATE $table"
    # Flush the previous run's dirty pages now, untimed, so they do not land in this run's time (needs a superuser).
    [[ -n ${DBBRIDGE_TEST_PG_ADMIN:-} ]] && psql -X -q -d "$DBBRIDGE_TEST_PG_ADMIN" -c CHECKPOINT > /dev/null 2>&1 || true
    local bg l1 t0 t1 rc=0
    bg=$(background_cpu)
    l1=$(load1)
    local s0 s1 b0 b1
    s0=$(server_ticks)
    b0=$(busy_ticks)
    t0=$(now_ns)
    /usr/bin/time -f '%M %U %S' -o "$OUT/$tag.time" "$@" > "$log" 2>&1 || rc=$?
    t1=$(now_ns)
    b1=$(busy_ticks)
    sleep 0.3  # let the postmaster reap the finished backends, whose CPU then shows in its cutime
    s1=$(server_ticks)
    local srv
    srv=$(awk -v a="$s0" -v b="$s1" -v hz="$HZ" 'BEGIN {printf "%.2f", (b - a) / hz}')
    local rss user sys wall ok
    read -r rss user sys < <(tail -1 "$OUT/$tag.time")
    if [[ -f $OUT/$tag.rss2 ]]; then  # the pipe: both ends run at once, so their RSS add up
        rss=$(($(tail -1 "$OUT/$tag.rss1" | cut -d' ' -f1) + $(tail -1 "$OUT/$tag.rss2" | cut -d' ' -f1)))
    fi
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1e9}')
    # CPU the rest of the machine used during the run, in % of its capacity: high means a disturbed run.
    local during
    during=$(awk -v b0="$b0" -v b1="$b1" -v hz="$HZ" -v u="$user" -v s="$sys" -v srv="$srv" -v w="$wall" \
        -v n="$(nproc)" 'BEGIN {o = (b1 - b0) / hz - u - s - srv; if (o < 0) o = 0; printf "%d", 100 * o / (w * n)}')
    if ((rc != 0)); then
        ok="FAILED(rc=$rc)"
    elif ((check == 2)); then
        ok=$(verify_my "$table" "$tag")
    elif ((check)); then
        ok=$(verify "$table" "$tag")
    else
        ok=unchecked
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$what" "$run" "$wall" "$rss" "$user" "$sys" "$l1" "$bg" "$ok" \
        "$srv" "$during" >> "$RESULTS"
    printf '   %-20s run %d: %6.2f s  RSS %4d MiB  cpu client %5.2f servers %5.2f  load %5s  others %3s%% before %3s%% during  %s\n' \
        "$what" "$run" "$wall" $((rss / 1024)) "$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')" "$srv" "$l1" "$bg" \
        "$during" "$ok"
    if [[ $ok != ok && $ok != unchecked ]]; then
        echo "     log: $log"; tail -5 "$log" | sed 's/^/     | /'
    fi
}

write_pipe() {  # file table run-tag
    cat > "$1" << PIPE
set -o pipefail
/usr/bin/time -f '%M' -o '$OUT/$3.rss1' ${MYC[*]} --quick '$BDB' -e 'SELECT id, name, amount, created FROM $2' |
  /usr/bin/time -f '%M' -o '$OUT/$3.rss2' ${PSQL[*]} -d '$BDB' -c '\\copy $2 FROM STDIN'
PIPE
}

write_rpipe() {  # file run-tag: PostgreSQL t_src -> MariaDB t_back, the issue's reference pipe
    cat > "$1" << PIPE
set -o pipefail
/usr/bin/time -f '%M' -o '$OUT/$2.rss1' ${PSQL[*]} -d '$BDB' -c '\\copy (SELECT id, name, amount, created FROM t_src) TO STDOUT' |
  /usr/bin/time -f '%M' -o '$OUT/$2.rss2' ${MYC[*]} --local-infile=1 '$BDB' -e "LOAD DATA LOCAL INFILE '/dev/stdin' INTO TABLE t_back"
PIPE
}

write_pgloader() {  # file table
    cat > "$1" << PGL
LOAD DATABASE
     FROM mysql://$MU:$MP@$MH:$MPORT/$BDB
     INTO postgresql://$PU:$PP@$PH:$PPORT/$BDB
 WITH data only, truncate, workers = 2, concurrency = 1, batch rows = 25000, prefetch rows = 25000
 INCLUDING ONLY TABLE NAMES MATCHING '$2'
 ALTER SCHEMA '$BDB' RENAME TO 'public';
PGL
}

DBB=("$DBBRIDGE" --config "$OUT/dbbridge.yaml" run)
echo "== machine: $(nproc) cores, $(free -m | awk '/^Mem:/ {print $2}') MiB RAM; $(uptime)"
echo "== MariaDB time zone (global/system): $MY_TZ; dbbridge $(git -C "$ROOT" rev-parse --short HEAD 2> /dev/null || echo '?')"
echo "== results and logs: $OUT"

if want dbbridge || want pgloader || want pipe; then
    generate t "$ROWS"
    IFS=, read -r -a variant_list <<< "$VARIANTS"
    for v in "${variant_list[@]}"; do
        case $v in
            c1) write_job "$OUT/job_c1.json" t 1 "" ;;
            c1split) write_job "$OUT/job_c1split.json" t 1 id ;;
            c2) write_job "$OUT/job_c2.json" t 2 "" ;;
            c2split) write_job "$OUT/job_c2split.json" t 2 id ;;
            c1text) write_job "$OUT/job_c1text.json" t 1 "" "?pg_copy_format=text" ;;
            c2splittext) write_job "$OUT/job_c2splittext.json" t 2 id "?pg_copy_format=text" ;;
            *) die "unknown variant '$v' (c1, c1split, c2, c2split, c1text, c2splittext)" ;;
        esac
    done
    write_pgloader "$OUT/t.load" t
    echo "== $RUNS rounds; each round runs every tool once (interleaved, so machine load hits all alike)"
    for ((r = 1; r <= RUNS; r++)); do
        if want dbbridge; then
            for v in "${variant_list[@]}"; do
                run_one "dbbridge-$v" "$r" t 1 "${DBB[@]}" "$OUT/job_$v.json"
            done
        fi
        if want pipe; then
            rm -f "$OUT/pipe.$r.rss1" "$OUT/pipe.$r.rss2"
            write_pipe "$OUT/pipe.$r.sh" t "pipe.$r"
            run_one pipe "$r" t 1 bash "$OUT/pipe.$r.sh"
        fi
        if want pgloader; then
            run_one pgloader "$r" t 1 pgloader --root-dir "$OUT/pgloader-root" "$OUT/t.load"
        fi
    done
fi

if want rdbbridge || want rpipe; then
    [[ -f $OUT/t.src.sum ]] || generate t "$ROWS"
    generate_reverse
    IFS=, read -r -a rvariant_list <<< "$RVARIANTS"
    for v in "${rvariant_list[@]}"; do
        case $v in
            r1) write_rjob "$OUT/job_r1.json" 1 "" ;;
            r2split) write_rjob "$OUT/job_r2split.json" 2 id ;;
            *) die "unknown reverse variant '$v' (r1, r2split)" ;;
        esac
    done
    echo "== reverse direction (PostgreSQL -> MariaDB), $RUNS rounds, interleaved"
    for ((r = 1; r <= RUNS; r++)); do
        if want rdbbridge; then
            for v in "${rvariant_list[@]}"; do
                run_one "rdbbridge-$v" "$r" t_back 2 "${DBB[@]}" "$OUT/job_$v.json"
            done
        fi
        if want rpipe; then
            rm -f "$OUT/rpipe.$r.rss1" "$OUT/rpipe.$r.rss2"
            write_rpipe "$OUT/rpipe.$r.sh" "rpipe.$r"
            run_one rpipe "$r" t_back 2 bash "$OUT/rpipe.$r.sh"
        fi
    done
fi

# ---- 6. stream -> stream -------------------------------------------------------------------------
stream_job() {  # file slice_record_count
    cat > "$1" << JOB
{"job": {"setting": {"speed": {"channel": 2}}, "content": [{
  "reader": {"name": "streamreader", "parameter": {"sliceRecordCount": $2, "column": [
    {"type": "long", "value": "1"}, {"type": "string", "value": "hello world"},
    {"type": "double", "value": "1.25"}, {"type": "date", "value": "2024-01-01 00:00:00"}]}},
  "writer": {"name": "streamwriter", "parameter": {"print": false}}}]}}
JOB
}
if want stream; then
    # Calibrate so that one run lasts at least STREAM_MIN_SECONDS (records/s of a 0.3 s run is mostly start-up).
    slice=5000000
    while :; do
        stream_job "$OUT/stream.json" "$slice"
        t0=$(now_ns)
        "${DBB[@]}" "$OUT/stream.json" > "$OUT/stream.calibrate.log" 2>&1 || die "stream job failed: $OUT/stream.calibrate.log"
        ms=$((($(now_ns) - t0) / 1000000))
        ((ms >= STREAM_MIN_SECONDS * 1000 || slice >= 2000000000)) && break
        slice=$((slice * (STREAM_MIN_SECONDS * 1000 + 500) / (ms > 100 ? ms : 100) + 1))
        ((slice > 2000000000)) && slice=2000000000
    done
    STREAM_TOTAL=$((slice * 2))
    echo "== stream -> stream: channel 2, print false, sliceRecordCount $slice ($STREAM_TOTAL records per run)"
    for ((r = 1; r <= RUNS; r++)); do
        run_one stream "$r" none 0 "${DBB[@]}" "$OUT/stream.json"
        grep -q "读出记录总数 *: *$STREAM_TOTAL\$" "$OUT/stream.$r.log" ||
            echo "     WARNING: summary does not report $STREAM_TOTAL records read: $(grep 读出记录总数 "$OUT/stream.$r.log")"
    done
fi

# ---- 7. 10M rows: memory flatness ----------------------------------------------------------------
if ((BIG)); then
    generate t_big "$BIG_ROWS"
    write_job "$OUT/job_big_c1.json" t_big 1 ""
    write_job "$OUT/job_big_c2split.json" t_big 2 id
    echo "== $BIG_ROWS rows (one run each)"
    run_one big-dbbridge-c1 1 t_big 1 "${DBB[@]}" "$OUT/job_big_c1.json"
    run_one big-dbbridge-c2split 1 t_big 1 "${DBB[@]}" "$OUT/job_big_c2split.json"
fi

# ---- 8. summary ----------------------------------------------------------------------------------
echo
echo "== summary (median of $RUNS runs; peak RSS = max over runs; only verified runs count)"
printf '%-22s %8s %13s %11s %11s %9s %13s %s\n' what "wall s" "peak RSS MiB" "client cpu" "server cpu" "mean load" \
    "max others %" verified
declare -A MED
for what in $(awk -F'\t' 'NR > 1 {print $1}' "$RESULTS" | awk '!seen[$0]++'); do
    good=$(awk -F'\t' -v w="$what" 'NR > 1 && $1 == w && ($9 == "ok" || $9 == "unchecked")' "$RESULTS")
    n_all=$(col_of "$what" 1 | wc -l)
    n_ok=$(printf '%s' "$good" | grep -c . || true)
    med=$(printf '%s\n' "$good" | awk -F'\t' 'NF {print $3}' | median)
    rss=$(printf '%s\n' "$good" | awk -F'\t' 'NF {print $4}' | max_of)
    ccpu=$(printf '%s\n' "$good" | awk -F'\t' 'NF {print $5 + $6}' | median)
    scpu=$(printf '%s\n' "$good" | awk -F'\t' 'NF {print $10}' | median)
    load=$(col_of "$what" 7 | awk '{s += $1} END {if (NR) printf "%.2f", s / NR}')
    others=$(col_of "$what" 11 | max_of)
    MED[$what]=$med
    printf '%-22s %8s %13s %11s %11s %9s %13s %s/%s\n' "$what" "$med" "$((${rss:-0} / 1024))" "$ccpu" "$scpu" "$load" \
        "$others" "$n_ok" "$n_all"
done
disturbed=$(awk -F'\t' 'NR > 1 && $11 > 25 {n++} END {print n + 0}' "$RESULTS")
if ((disturbed > 0)); then
    echo "NOTE: $disturbed run(s) shared the machine with other work (others > 25% of the CPUs during the run);"
    echo "      medians absorb one such run per variant; rerun with more --runs or on a quieter machine if needed."
fi
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "NA" || b == "NA" || b == 0) print "NA"; else printf "%.2f", a / b}'; }
verdict() { awk -v r="$1" -v t="$2" -v op="$3" 'BEGIN {if (r == "NA") print "n/a"; else if ((op == "le" && r <= t) || (op == "ge" && r >= t)) print "MET"; else print "NOT MET"}'; }
echo
if want dbbridge; then
    for v in "${variant_list[@]}"; do
        d=${MED[dbbridge-$v]:-NA}
        # Issue 14's goals: channel 1 <= 1.0x the pipe; channel 2 + splitPk <= 0.8x the pipe and <= 0.25x pgloader.
        split_goal=$([[ $v == *split && $v != c1split ]] && echo yes || echo no)
        if want pgloader; then
            r=$(ratio "$d" "${MED[pgloader]:-NA}")
            goal=$([[ $split_goal == yes ]] && echo 0.25 || echo 0.4)
            printf 'dbbridge-%-8s / pgloader = %5s   (goal <= %s: %s)\n' "$v" "$r" "$goal" "$(verdict "$r" "$goal" le)"
        fi
        if want pipe; then
            r=$(ratio "$d" "${MED[pipe]:-NA}")
            goal=$([[ $split_goal == yes ]] && echo 0.8 || echo 1.0)
            printf 'dbbridge-%-8s / pipe     = %5s   (goal <= %s: %s)\n' "$v" "$r" "$goal" "$(verdict "$r" "$goal" le)"
        fi
    done
fi
if want dbbridge || want rdbbridge; then
    rss=$(awk -F'\t' 'NR > 1 && $1 ~ /dbbridge/ {print $4}' "$RESULTS" | max_of)
    printf 'dbbridge peak RSS (all runs, both directions) = %d MiB (goal < 128: %s)\n' $((rss / 1024)) \
        "$( ((rss < 128 * 1024)) && echo MET || echo 'NOT MET')"
fi
if want rdbbridge; then
    for v in "${rvariant_list[@]}"; do
        r=$(ratio "${MED[rdbbridge-$v]:-NA}" "${MED[rpipe]:-NA}")
        goal=$([[ $v == r1 ]] && echo 1.0 || echo 0.8)
        printf 'rdbbridge-%-7s / rpipe    = %5s   (issue 14 goal <= %s: %s)\n' "$v" "$r" "$goal" "$(verdict "$r" "$goal" le)"
    done
fi
if want stream; then
    s=${MED[stream]:-NA}
    rps=$(awk -v n="$STREAM_TOTAL" -v s="$s" 'BEGIN {if (s == "NA") print "NA"; else printf "%.1f", n / s / 1e6}')
    printf 'stream -> stream = %s M records/s (wall incl. start-up; target >= 5: %s)\n' "$rps" "$(verdict "$rps" 5 ge)"
fi
if ((BIG)); then
    for v in c1 c2split; do
        small=$(col_of "dbbridge-$v" 4 | max_of)
        big=$(col_of "big-dbbridge-$v" 4 | max_of)
        printf 'peak RSS dbbridge-%s: %s rows %s MiB, %s rows %s MiB\n' "$v" "$ROWS" $((${small:-0} / 1024)) \
            "$BIG_ROWS" $((${big:-0} / 1024))
    done
fi
echo "results: $RESULTS"

if ((DROP)); then
    "${MYC[@]}" -e "DROP DATABASE IF EXISTS $BDB"
    "${PSQL[@]}" -d "$PAPPDB" -c "DROP DATABASE IF EXISTS $BDB"
fi
