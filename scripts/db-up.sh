#!/usr/bin/env bash
# Start throw-away MariaDB 10.11 (127.0.0.1:13306) and PostgreSQL 15 (127.0.0.1:15432)
# with fresh data dirs under $WORK (shared TOOLCHAIN.md §3), create the test users and
# databases, and write $WORK/env.sh with the DBBRIDGE_TEST_* variables.
# Env: WORK (absolute; default /tmp/dbbridge-ci-<hash of repo path>).
# Re-running stops the previous servers of the same WORK and starts clean ones:
# tests always see empty databases, whatever the last run left behind.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_root
resolve_work

START_TIMEOUT=30

command -v /usr/sbin/mariadbd >/dev/null || die "mariadb-server missing; run scripts/install-deps.sh"
[[ -x $PGBIN/initdb ]] || die "postgresql-15 missing; run scripts/install-deps.sh"

# ---- clean slate ----------------------------------------------------------------
stop_mariadb
stop_pg
for port in $MY_PORT $PG_PORT; do
  if port_open "$port"; then
    ss -ltnp "sport = :$port" >&2 2>/dev/null || true
    die "port $port is still in use by a process not belonging to WORK=$WORK; stop it first"
  fi
done

mkdir -p "$DB"
chmod 755 "$WORK" "$DB"
# mysql/postgres must be able to traverse every parent of WORK (e.g. not under /root).
for u in mysql postgres; do
  runuser -u "$u" -- test -x "$DB" ||
    die "user $u cannot reach $DB: every parent dir needs o+x (do not put WORK under /root)"
done

# ---- MariaDB 10.11 --------------------------------------------------------------
rm -rf "$MY"
mkdir -p "$MY/data" "$MY/tmp"
cat > "$MY/my.cnf" <<CNF
[mysqld]
user=mysql
datadir=$MY/data
tmpdir=$MY/tmp
socket=$MY/mysqld.sock
pid-file=$MY/mysqld.pid
log-error=$MY/error.log
port=$MY_PORT
bind-address=127.0.0.1
skip-name-resolve
innodb_buffer_pool_size=512M
character-set-server=utf8mb4
collation-server=utf8mb4_general_ci
[client]
socket=$MY/mysqld.sock
port=$MY_PORT
CNF
chown -R mysql:mysql "$MY"

my_fail() {
  log "MariaDB did not come up: $*"
  for f in "$MY/install.log" "$MY/error.log" "$MY/stdout.log"; do
    [[ -s $f ]] && { echo "---- tail $f" >&2; tail -n 40 "$f" >&2; }
  done
  exit 1
}

# --defaults-file must be the FIRST option.
mariadb-install-db --defaults-file="$MY/my.cnf" --user=mysql --skip-test-db \
  --auth-root-authentication-method=socket >"$MY/install.log" 2>&1 || my_fail "mariadb-install-db failed"
# Started as root, drops to user=mysql. setsid: detach from our session so a
# Ctrl-C in the calling shell does not kill it.
setsid nohup /usr/sbin/mariadbd --defaults-file="$MY/my.cnf" >"$MY/stdout.log" 2>&1 </dev/null &
my_pid=$!
ok=0
for ((i = 0; i < START_TIMEOUT * 10; i++)); do
  if mariadb-admin --defaults-file="$MY/my.cnf" -uroot --connect-timeout=1 ping >/dev/null 2>&1; then ok=1; break; fi
  kill -0 "$my_pid" 2>/dev/null || my_fail "mariadbd exited"
  sleep 0.1
done
(( ok )) || my_fail "no answer to ping within ${START_TIMEOUT}s"

# root logs in via unix_socket auth (we are OS root).
mariadb --defaults-file="$MY/my.cnf" -uroot <<'SQL'
CREATE DATABASE app;
CREATE USER 'app'@'%' IDENTIFIED BY 'app';
-- *.*: tests create and drop their own extra databases.
GRANT ALL PRIVILEGES ON *.* TO 'app'@'%';
SQL
log "MariaDB up on 127.0.0.1:$MY_PORT (pid $my_pid)"

# ---- PostgreSQL 15 --------------------------------------------------------------
rm -rf "$PG"
mkdir -p "$PG"
chown postgres:postgres "$PG"

pg_fail() {
  log "PostgreSQL did not come up: $*"
  for f in "$PG/initdb.log" "$PG/server.log"; do
    [[ -s $f ]] && { echo "---- tail $f" >&2; tail -n 40 "$f" >&2; }
  done
  exit 1
}

runuser -u postgres -- "$PGBIN/initdb" -D "$PG/data" -U postgres -E UTF8 --locale=C.UTF-8 \
  --auth-local=trust --auth-host=scram-sha-256 >"$PG/initdb.log" 2>&1 || pg_fail "initdb failed"
# -k: own socket dir (the default /var/run/postgresql may not exist without systemd-tmpfiles).
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PG/data" -l "$PG/server.log" -w -t "$START_TIMEOUT" \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG" start >"$PG/pg_ctl.log" 2>&1 ||
  pg_fail "pg_ctl start failed or timed out after ${START_TIMEOUT}s ($(tail -n1 "$PG/pg_ctl.log"))"

# orafce is not a trusted extension, so postgres creates it. Putting it in template1
# first means app (and every database the tests create) gets it on CREATE DATABASE.
# orafce 4.x lives in schema "oracle": add it to search_path for app explicitly and as
# the cluster default, so it also works in databases created later (a database-level
# setting is not copied from the template).
psql -X -h "$PG" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q >/dev/null <<'SQL'
ALTER ROLE postgres PASSWORD 'postgres';
CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB;
\c template1
CREATE EXTENSION IF NOT EXISTS orafce;
\c postgres
CREATE DATABASE app OWNER app;
\c app
SET client_min_messages = warning;  -- silence "already exists" (inherited from template1)
CREATE EXTENSION IF NOT EXISTS orafce;
ALTER DATABASE app SET search_path = "$user", public, oracle;
ALTER SYSTEM SET search_path = "$user", public, oracle;
SELECT pg_reload_conf();
SQL
log "PostgreSQL up on 127.0.0.1:$PG_PORT"

# ---- private ODBC config --------------------------------------------------------
# Debian's /etc/odbcinst.ini has CommLog=1 (psqlODBC writes /tmp/psqlodbc_*.log for
# every process). ODBCSYSINI replaces /etc entirely, so SQLite drivers are repeated too.
mkdir -p "$WORK/odbc"
: >"$WORK/odbc/odbc.ini"
cat >"$WORK/odbc/odbcinst.ini" <<'INI'
[PostgreSQL Unicode]
Driver=psqlodbcw.so
Setup=libodbcpsqlS.so
Debug=0
CommLog=0

[PostgreSQL ANSI]
Driver=psqlodbca.so
Setup=libodbcpsqlS.so
Debug=0
CommLog=0

[SQLite3]
Driver=libsqlite3odbc.so
Setup=libsqlite3odbc.so
INI

# ---- environment for the tests --------------------------------------------------
cat >"$WORK/env.sh" <<ENV
export DBBRIDGE_TEST_MYSQL=mysql://app:app@127.0.0.1:$MY_PORT/app
export DBBRIDGE_TEST_PG=postgresql://app:app@127.0.0.1:$PG_PORT/app
export DBBRIDGE_TEST_PG_ADMIN=postgresql://postgres:postgres@127.0.0.1:$PG_PORT/app
export DBBRIDGE_TEST_ODBC_DRIVER="PostgreSQL Unicode"
export ODBCSYSINI=$WORK/odbc
export DBBRIDGE_TEST_WORK=$WORK
ENV
chmod 644 "$WORK/env.sh"
log "wrote $WORK/env.sh:"
cat "$WORK/env.sh"
