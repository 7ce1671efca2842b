#!/usr/bin/env bash
# CPU profile of one `dbbridge run` (issue 14): perf samples the client, the MariaDB server and the
# PostgreSQL server processes (postmaster children: the backends the job opens, plus the writers)
# with the software event cpu-clock (works where hardware counters are missing, e.g. in VMs), then
# prints the CPU seconds of each side and the top symbols of each. The target table must be emptied
# by the caller (the job files of bench/engine_bench.sh are reused; see docs/benchmarks.md).
#
# Usage: bench/engine_profile.sh --job JOB.json --config dbbridge.yaml --mariadbd-pid PID \
#          --postmaster-pid PID [--dbbridge BIN] [--out DIR] [--top N]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
BIN=$ROOT/build/host/dbbridge
OUT=/tmp/dbb_engine_profile.$(date +%Y%m%d-%H%M%S)
TOP=12
JOB="" CONFIG="" MYPID="" PMPID=""
die() { echo "engine_profile: ERROR: $*" >&2; exit 1; }
while (($#)); do
    case $1 in
        --job) JOB=$2; shift ;;
        --config) CONFIG=$2; shift ;;
        --mariadbd-pid) MYPID=$2; shift ;;
        --postmaster-pid) PMPID=$2; shift ;;
        --dbbridge) BIN=$2; shift ;;
        --out) OUT=$2; shift ;;
        --top) TOP=$2; shift ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
    shift
done
[[ -f $JOB && -f $CONFIG ]] || die "--job and --config must name files"
[[ $MYPID =~ ^[0-9]+$ && $PMPID =~ ^[0-9]+$ ]] || die "--mariadbd-pid and --postmaster-pid need process ids"
kill -0 "$MYPID" 2> /dev/null && kill -0 "$PMPID" 2> /dev/null || die "a server process is not running"
command -v perf > /dev/null || die "perf missing (apt-get install linux-perf)"
mkdir -p "$OUT"

"$BIN" --config "$CONFIG" run "$JOB" > "$OUT/run.log" 2>&1 &
run_pid=$!
sleep 0.3  # the job connects: its backends exist now
pids=$run_pid,$MYPID,$PMPID$(pgrep -P "$PMPID" | sed 's/^/,/' | tr -d '\n')
perf record -q -e cpu-clock -F 499 -g -p "$pids" -o "$OUT/perf.data" 2> "$OUT/perf.err" &
perf_pid=$!
rc=0
wait "$run_pid" || rc=$?
kill -INT "$perf_pid"
wait "$perf_pid" || true
((rc == 0)) || { tail -5 "$OUT/run.log"; die "the job failed (exit $rc, log $OUT/run.log)"; }

echo "== samples per process (cpu-clock at 499 Hz: samples / 499 = CPU seconds)"
perf report -i "$OUT/perf.data" --no-children --sort comm --stdio 2> /dev/null | grep -E '^ +[0-9]' | head -20
for comm in dbbridge mariadbd postgres; do
    echo "== top symbols of $comm"
    perf report -i "$OUT/perf.data" --no-children --comm "$comm" --sort dso,sym --stdio 2> /dev/null |
        grep -E '^ +[0-9]' | head -"$TOP"
done
echo "(perf data: $OUT/perf.data; job log: $OUT/run.log)"
