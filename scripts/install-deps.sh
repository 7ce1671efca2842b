#!/usr/bin/env bash
# Install the Debian bookworm packages dbbridge needs (see shared TOOLCHAIN.md §1).
# Usage: scripts/install-deps.sh [--runtime-only] [--with-bench]
#   --runtime-only  only what is needed to build and serve (no DB servers, orafce, pgloader)
#   --with-bench    also install wrk and hyperfine
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

runtime_only=0
with_bench=0
for arg in "$@"; do
  case $arg in
    --runtime-only) runtime_only=1 ;;
    --with-bench) with_bench=1 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) die "unknown argument: $arg" ;;
  esac
done

# Build + client side. libpq-dev and unixodbc-dev are listed explicitly because
# Debian's libpoco-dev does not depend on them but its CMake package needs them.
pkgs=(cmake ninja-build g++ pkg-config libgtest-dev libgmock-dev
      libpoco-dev libboost-dev libboost-filesystem-dev libyaml-cpp-dev libcli11-dev libhowardhinnant-date-dev
      libmariadb-dev libpq-dev unixodbc-dev odbc-postgresql libsqliteodbc
      libssl-dev libsodium-dev zlib1g-dev libbz2-dev libzip-dev mariadb-client postgresql-client-15 curl ccache
      prometheus-cpp-dev unixodbc jq
      openssl  # the command-line tool: tests make certificates for the https webhook test
      clang libclang-rt-14-dev
      libsqlite3-dev)  # the sqlite plugin (also pulled in by libpoco-dev; listed because the plugin needs it)
if (( ! runtime_only )); then
  pkgs+=(mariadb-server postgresql-15 postgresql-15-orafce pgloader)
fi
if (( with_bench )); then
  pkgs+=(wrk hyperfine)
fi
# The web UI is built with node + npm (web/package-lock.json). Machine images that ship their own
# node (with npm inside) keep it: Debian's npm depends on Debian's nodejs and would fight it.
if ! command -v node >/dev/null 2>&1; then
  pkgs+=(nodejs npm)
fi
# Browser tests (tests/web): Debian's chromium driven by Playwright (no browser download), and a
# CJK font so Chinese pages render as text, not boxes, in the screenshots.
if (( ! runtime_only )); then
  pkgs+=(chromium fonts-wqy-zenhei)
fi

# Only go to apt when something is missing, so re-runs take well under a second.
missing=()
for p in "${pkgs[@]}"; do
  if [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true) != "install ok installed" ]]; then
    missing+=("$p")
  fi
done
if (( ${#missing[@]} == 0 )); then
  log "all ${#pkgs[@]} packages already installed"
  exit 0
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || die "not root and no sudo; cannot install: ${missing[*]}"
  SUDO=(sudo)
fi

log "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Lock::Timeout: another apt/dpkg may be running on the machine; wait instead of failing.
APT=(apt-get -o DPkg::Lock::Timeout=600)
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive "${APT[@]}" update
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive "${APT[@]}" install -y --no-install-recommends "${missing[@]}"
log "done"
