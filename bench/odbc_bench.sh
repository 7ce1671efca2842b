#!/usr/bin/env bash
# ODBC benchmark (issue 14; not a test, not in ctest): the sdk/odbc writer and reader, the path of the
# oracle, dm and oceanbase-oracle plugins, through psqlODBC against PostgreSQL, row at a time
# (odbc_array_size=1) against parameter arrays / block fetch (odbc_array_size=1000) in the same run.
# Rows are engine_bench.sh's shape, t(id bigint, name varchar(64), amount numeric(12,2), created
# timestamp(6)); every timed phase is verified (the written table's per-row checksum equals the
# source's; every read row equals the row its id generates) and a mismatch fails the run. Each phase
# is its own process (bench/odbc_bench.cpp), so its peak RSS is the phase's; the PostgreSQL server's
# CPU during the phase (postmaster and backends of the server on that port) is measured around it.
# Prints medians, the row/array ratios (goal: >= 5x, issue 14) and the load average before and after.
#
# Usage: bench/odbc_bench.sh [options]
#   --runs N          repetitions per phase, median reported (default 3)
#   --rows N          rows written and read (default 100000)
#   --arrays A,B      the two odbc_array_size values compared (default 1,1000)
#   --big-rows N      also read N rows with the second array size, for peak RSS (e.g. 10000000)
#   --big-write-rows N  and write N rows with it (writes are slower: e.g. 1000000)
#   --perf            record a cpu-clock perf profile of each array phase (perf report in --out)
#   --rtt-us N        also run every phase through a relay adding N us per round trip (a network;
#                     the relay runs inside odbc_bench, so its CPU shows in client CPU)
#   --rtt-rows N      rows written through the relay (default 20000: row at a time pays the delay per row)
#   --odbc-extra S    more psqlODBC attributes, e.g. "BatchSize=1000;"
#   --build-dir DIR   Release build to use (default <repo>/build-bench; only odbc_bench is built)
#   --no-build        use --build-dir as it is
#   --out DIR         logs and results.tsv (default /tmp/dbb_odbc_bench.<time>)
# Env: DBBRIDGE_TEST_PG and DBBRIDGE_TEST_ODBC_DRIVER (else $WORK/env.sh of scripts/db-up.sh).
# The tables odbc_src / odbc_dst live in the database of DBBRIDGE_TEST_PG (odbc_src is kept for
# the next run when its row count matches).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
RUNS=3
ROWS=100000
ARRAYS=1,1000
BIG_ROWS=0
BIG_WRITE_ROWS=0
PERF=0
RTT_US=0
RTT_ROWS=20000
ODBC_EXTRA=""
BUILD_DIR=$ROOT/build-bench
DO_BUILD=1
OUT=/tmp/dbb_odbc_bench.$(date +%Y%m%d-%H%M%S)

die() { echo "odbc_bench: ERROR: $*" >&2; exit 1; }
while (($#)); do
    case $1 in
        --runs) RUNS=$2; shift ;;
        --rows) ROWS=$2; shift ;;
        --arrays) ARRAYS=$2; shift ;;
        --big-rows) BIG_ROWS=$2; shift ;;
        --big-write-rows) BIG_WRITE_ROWS=$2; shift ;;
        --perf) PERF=1 ;;
        --rtt-us) RTT_US=$2; shift ;;
        --rtt-rows) RTT_ROWS=$2; shift ;;
        --odbc-extra) ODBC_EXTRA=$2; shift ;;
        --build-dir) BUILD_DIR=$(realpath -m "$2"); shift ;;
        --no-build) DO_BUILD=0 ;;
        --out) OUT=$(realpath -m "$2"); shift ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
    shift
done
[[ $RUNS =~ ^[1-9][0-9]*$ && $ROWS =~ ^[1-9][0-9]*$ && $BIG_ROWS =~ ^[0-9]+$ && $BIG_WRITE_ROWS =~ ^[0-9]+$ && $RTT_US =~ ^[0-9]+$ && $RTT_ROWS =~ ^[1-9][0-9]*$ ]] ||
    die "--runs, --rows, --big-rows and --rtt-us need whole numbers"
[[ $ARRAYS =~ ^[1-9][0-9]*,[1-9][0-9]*$ ]] || die "--arrays needs two sizes, e.g. 1,1000"
ROW_SIZE=${ARRAYS%,*}
ARRAY_SIZE=${ARRAYS#*,}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/bench.log") 2>&1

if [[ -z ${DBBRIDGE_TEST_PG:-} || -z ${DBBRIDGE_TEST_ODBC_DRIVER:-} ]]; then
    WORK_DIR=$(bash -c 'source "$1/scripts/common.sh"; resolve_work; echo "$WORK"' _ "$ROOT")
    [[ -f $WORK_DIR/env.sh ]] || die "no servers: run scripts/db-up.sh first (or set DBBRIDGE_TEST_PG)"
    # shellcheck disable=SC1091
    source "$WORK_DIR/env.sh"
fi
rest=${DBBRIDGE_TEST_PG#*://}
cred=${rest%%@*}
hostpart=${rest#*@}
hostport=${hostpart%%/*}
CS="Driver={$DBBRIDGE_TEST_ODBC_DRIVER};Server=${hostport%%:*};Port=${hostport#*:};Database=${hostpart#*/};"
CS+="Uid=${cred%%:*};Pwd=${cred#*:};UseDeclareFetch=1;Fetch=10000;BoolsAsChar=0;Protocol=7.4-0;$ODBC_EXTRA"

BENCH=$BUILD_DIR/bench/odbc_bench
if ((DO_BUILD)); then
    echo "== building odbc_bench (Release) in $BUILD_DIR"
    if [[ ! -f $BUILD_DIR/build.ninja ]]; then
        cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release > "$OUT/cmake.log" 2>&1 ||
            { tail -30 "$OUT/cmake.log"; die "cmake configure failed (log: $OUT/cmake.log)"; }
    fi
    cmake --build "$BUILD_DIR" -j2 --target odbc_bench > "$OUT/build.log" 2>&1 ||
        { tail -30 "$OUT/build.log"; die "build failed (log: $OUT/build.log)"; }
fi
grep -q 'CMAKE_BUILD_TYPE:STRING=Release' "$BUILD_DIR/CMakeCache.txt" ||
    echo "odbc_bench: WARNING: $BUILD_DIR is not a Release build; figures will not be representative" >&2
[[ -x $BENCH ]] || die "no odbc_bench at $BENCH (build it or drop --no-build)"

# CPU ticks used so far by the PostgreSQL server on our port: the postmaster, its live children and,
# through cutime/cstime, its exited backends (as engine_bench.sh measures it).
PG_PORT=${hostport#*:}
PG_SERVER_PID=$(ss -ltnpH "sport = :$PG_PORT" 2> /dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)
server_ticks() {
    [[ -n $PG_SERVER_PID ]] || { echo 0; return; }
    {
        cut -d' ' -f14-17 "/proc/$PG_SERVER_PID/stat" 2> /dev/null
        for c in $(pgrep -P "$PG_SERVER_PID"); do cut -d' ' -f14,15 "/proc/$c/stat" 2> /dev/null || true; done
    } | tr ' ' '\n' | awk '{ s += $1 } END { print s + 0 }'
}
TICKS=$(getconf CLK_TCK)
RESULTS=$OUT/results.tsv
printf 'phase\tarray\trun\tseconds\trows_per_s\tpeak_rss_kib\tverified\tclient_cpu_s\tserver_cpu_s\n' > "$RESULTS"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== $(date -u +%FT%TZ) rows=$ROWS runs=$RUNS arrays=$ARRAYS load(1,5,15)=$LOAD_BEFORE nproc=$(nproc)"
echo "== psqlODBC attributes: UseDeclareFetch=1;Fetch=10000;BoolsAsChar=0;Protocol=7.4-0;$ODBC_EXTRA"
failed=0
# phase LABEL ARGS...: runs odbc_bench ARGS (a write is then verified by its own process), appends
# its line to results.tsv under LABEL (the phase name, or e.g. write@rtt), remembers a failure.
phase() {
    local label=$1 line t0 t1
    shift
    t0=$(server_ticks)
    line=$("$BENCH" "$@" --cs "$CS") || { echo "$line"; failed=1; return 0; }
    sleep 0.3  # let the postmaster reap the finished backend, whose CPU then shows in its cutime
    t1=$(server_ticks)
    if [[ $1 == write ]]; then
        local check rows=$ROWS arg prev=""
        for arg in "$@"; do
            [[ $prev == --rows ]] && rows=$arg
            prev=$arg
        done
        check=$("$BENCH" verify --rows "$rows" --cs "$CS") || true
        line=${line/verified=unchecked/verified=${check%% source=*}}
        line=${line/verified=verify /verified=}
    fi
    echo "   $line"
    local f
    for f in phase array seconds rows_per_s peak_rss_kib verified client_cpu_s; do
        local v=${line#*"$f="}
        [[ $f == phase ]] && v=$label
        printf -v "r_$f" '%s' "${v%% *}"
    done
    # shellcheck disable=SC2154
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r_phase" "$r_array" "$RUN" "$r_seconds" "$r_rows_per_s" \
        "$r_peak_rss_kib" "$r_verified" "$r_client_cpu_s" "$(awk -v a="$t0" -v b="$t1" -v t="$TICKS" 'BEGIN { printf "%.2f", (b - a) / t }')" >> "$RESULTS"
    [[ $r_verified == ok ]] || failed=1
}

echo "== setup: odbc_src with $ROWS rows"
"$BENCH" setup --cs "$CS" --rows "$ROWS"
for ((RUN = 1; RUN <= RUNS; RUN++)); do
    echo "== run $RUN"
    for a in "$ROW_SIZE" "$ARRAY_SIZE"; do
        phase write write --rows "$ROWS" --array "$a"
        phase read read --rows "$ROWS" --array "$a"
        if ((RTT_US > 0)); then
            phase write@rtt write --rows "$((RTT_ROWS < ROWS ? RTT_ROWS : ROWS))" --array "$a" --rtt-us "$RTT_US"
            phase read@rtt read --rows "$ROWS" --array "$a" --rtt-us "$RTT_US"
        fi
    done
done

median() {  # PHASE ARRAY COLUMN -> median of that column of results.tsv over the runs
    awk -F'\t' -v p="$1" -v a="$2" -v c="$3" '$1 == p && $2 == a { print $c }' "$RESULTS" | sort -g |
        awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
peak() { awk -F'\t' -v p="$1" -v a="$2" '$1 == p && $2 == a && $6 > m { m = $6 } END { print m / 1024 }' "$RESULTS"; }
echo "== medians over $RUNS runs (rows/s; seconds; client and server CPU seconds; peak RSS MiB)"
phases="write read"
((RTT_US > 0)) && phases+=" write@rtt read@rtt" && echo "   (@rtt: through a relay adding $RTT_US us per round trip)"
for p in $phases; do
    awk -v p="$p" -v r="$(median "$p" "$ROW_SIZE" 5)" -v a="$(median "$p" "$ARRAY_SIZE" 5)" \
        -v rt="$(median "$p" "$ROW_SIZE" 4)" -v at="$(median "$p" "$ARRAY_SIZE" 4)" \
        -v rc="$(median "$p" "$ROW_SIZE" 8)" -v ac="$(median "$p" "$ARRAY_SIZE" 8)" -v rs="$ROW_SIZE" -v as="$ARRAY_SIZE" \
        -v rsv="$(median "$p" "$ROW_SIZE" 9)" -v asv="$(median "$p" "$ARRAY_SIZE" 9)" \
        -v rm="$(peak "$p" "$ROW_SIZE")" -v am="$(peak "$p" "$ARRAY_SIZE")" 'BEGIN {
        f = "%-9s odbc_array_size=%-5s %9.0f rows/s %8.3f s  CPU client %6.2f s server %6.2f s  %6.1f MiB\n"
        printf f, p, rs, r, rt, rc, rsv, rm
        printf f, p, as, a, at, ac, asv, am
        if (r > 0) printf "%-9s ratio array/row = %.2fx (goal >= 5x: %s)\n", p, a / r, (a / r >= 5 ? "met" : "NOT met")
    }'
done

if ((PERF)); then
    command -v perf > /dev/null || die "--perf needs perf (apt-get install linux-perf)"
    for p in write read; do
        echo "== perf (cpu-clock) of $p with odbc_array_size=$ARRAY_SIZE -> $OUT/perf.$p.txt"
        perf record -q -e cpu-clock -F 999 -g -o "$OUT/perf.$p.data" "$BENCH" "$p" --rows "$ROWS" --array "$ARRAY_SIZE" \
            --cs "$CS" > /dev/null
        # (head closes the pipe early: perf report's SIGPIPE is not a failure)
        { perf report -i "$OUT/perf.$p.data" --no-children --sort dso --stdio -g none 2> /dev/null | grep '%' |
            head -12 || true; } | tee "$OUT/perf.$p.txt"
        { perf report -i "$OUT/perf.$p.data" --no-children --sort dso,sym --stdio -g none 2> /dev/null | grep '%' |
            head -25 || true; } >> "$OUT/perf.$p.txt"
    done
fi

if ((BIG_ROWS > 0 || BIG_WRITE_ROWS > 0)); then
    big=$((BIG_ROWS > BIG_WRITE_ROWS ? BIG_ROWS : BIG_WRITE_ROWS))
    echo "== peak RSS with odbc_array_size=$ARRAY_SIZE: write $BIG_WRITE_ROWS rows, read $BIG_ROWS rows"
    "$BENCH" setup --cs "$CS" --rows "$big"
    RUN=big
    ((BIG_WRITE_ROWS > 0)) && phase write-big write --rows "$BIG_WRITE_ROWS" --array "$ARRAY_SIZE"
    ((BIG_ROWS > 0)) && phase read-big read --rows "$big" --array "$ARRAY_SIZE"
fi
echo "== load(1,5,15) before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg); results: $RESULTS"
((failed == 0)) || die "a phase failed or did not verify (see above)"
