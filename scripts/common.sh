# shellcheck shell=bash
# Shared helpers for the dbbridge scripts. Sourced, not executed.
# Sets ROOT (repo root) and WORK/DB/MY/PG (database scratch dirs) consistently,
# so db-up.sh, db-down.sh and test.sh always agree on where the servers live.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
PGBIN=/usr/lib/postgresql/15/bin
MY_PORT=${DBBRIDGE_MYSQL_PORT:-13306}  # override to run a second checkout beside this one
PG_PORT=${DBBRIDGE_PG_PORT:-15432}

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Default WORK is keyed on the repo path so two checkouts never share data dirs.
# It lives in /tmp because /root is 0700 and mysql/postgres must traverse it.
default_work() {
  local h
  h=$(printf '%s' "$ROOT" | sha1sum | cut -c1-10)
  printf '/tmp/dbbridge-ci-%s' "$h"
}

resolve_work() {
  WORK=${WORK:-$(default_work)}
  # psql/-k treat a relative socket dir as a host name: insist on an absolute path.
  [[ $WORK == /* ]] || die "WORK must be an absolute path (got '$WORK')"
  WORK=$(realpath -m "$WORK")
  # Unix socket paths are limited to 107 bytes; keep headroom for db/pg/.s.PGSQL.15432.
  (( ${#WORK} <= 80 )) || die "WORK path too long for unix sockets (${#WORK} > 80 chars): $WORK"
  DB=$WORK/db
  MY=$DB/mysql
  PG=$DB/pg
  export WORK
}

require_root() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (needs runuser/chown for the mysql and postgres users)"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Wait up to $2 seconds (in 0.1 s steps) for pid $1 to exit.
wait_pid_gone() {
  local pid=$1 i
  for ((i = 0; i < $2 * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}

# Stop the MariaDB of this WORK, if any. Tolerates "already stopped" and a deleted datadir.
stop_mariadb() {
  local pids pid
  if [[ -f $MY/my.cnf ]] && mariadb-admin --defaults-file="$MY/my.cnf" -uroot --connect-timeout=2 ping >/dev/null 2>&1; then
    # Clean shutdown; mariadb-admin waits until the server is gone.
    mariadb-admin --defaults-file="$MY/my.cnf" -uroot shutdown >/dev/null 2>&1 || true
  fi
  # Catch leftovers (hung server, or files removed under a live server) by their exact config path.
  pids=$(pgrep -f -- "^/usr/sbin/mariadbd --defaults-file=$MY/my.cnf( |\$)" || true)
  for pid in $pids; do
    kill -TERM "$pid" 2>/dev/null || true
    wait_pid_gone "$pid" 30 || { log "mariadbd $pid ignored SIGTERM, killing"; kill -KILL "$pid" 2>/dev/null || true; }
  done
}

# Stop the PostgreSQL of this WORK, if any. Tolerates "already stopped" and a deleted datadir.
stop_pg() {
  local pids pid
  if [[ -f $PG/data/postmaster.pid ]]; then
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PG/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
  fi
  pids=$(pgrep -f -- "^$PGBIN/postgres -D $PG/data( |\$)" || true)
  for pid in $pids; do
    kill -INT "$pid" 2>/dev/null || true   # SIGINT = fast shutdown
    wait_pid_gone "$pid" 30 || { log "postgres $pid ignored SIGINT, killing"; kill -KILL "$pid" 2>/dev/null || true; }
  done
}

# Starts `dbbridge serve --config $1` in the background (its output in $2/serve.log; the key file,
# and so the first admin's admin.password, in $2), waits for its address and logs in as that
# admin. Sets server (the pid), url and token for the caller. For bench scripts.
start_serve_and_login() {
  local config=$1 dir=$2
  "$ROOT/build/host/dbbridge" --config "$config" serve > "$dir/serve.log" 2>&1 &
  server=$!
  url=
  for _ in $(seq 100); do
    url=$(sed -n 's|.*serving on \(http://[0-9.:]*\)/.*|\1|p' "$dir/serve.log")
    [[ -n $url ]] && break
    sleep 0.1
  done
  [[ -n $url ]] || { cat "$dir/serve.log"; die "dbbridge serve did not start"; }
  token=$(curl -sf "$url/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$(head -n1 "$dir/admin.password")\"}" |
    sed -E 's/.*"token":"([0-9a-f]+)".*/\1/')
  [[ -n $token ]] || die "could not log in as admin (password file $dir/admin.password)"
}
