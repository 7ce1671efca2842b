#!/usr/bin/env bash
# Stop the MariaDB and PostgreSQL started by db-up.sh for this WORK.
# Safe to run when they are already stopped or were never started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_root
resolve_work

stop_mariadb
stop_pg
log "servers in $WORK stopped"
