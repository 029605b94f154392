#!/usr/bin/env bash
# A local PostgreSQL for the PostgreSQL test lane, the load test and `make serve`: installs the
# server from Debian's packages when missing, starts the cluster, and makes sure the role
# `portal` (password `portal`, allowed to create the test databases) and its database exist.
# Prints the DATABASE_URL to use.
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

if ! command -v pg_lsclusters >/dev/null; then
  echo "Installing PostgreSQL..." >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

cluster=$(pg_lsclusters --no-header | head -n 1)
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  $SUDO pg_createcluster "$version" main >/dev/null
  cluster=$(pg_lsclusters --no-header | head -n 1)
fi
read -r version name port status _ <<<"$cluster"
if [ "$status" != "online" ]; then
  $SUDO pg_ctlcluster "$version" "$name" start
fi

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -c "$(printf '%q ' "$@")"; else sudo -u postgres "$@"; fi
}
as_postgres psql -p "$port" -qtAc "SELECT 1 FROM pg_roles WHERE rolname = 'portal'" | grep -q 1 ||
  as_postgres psql -p "$port" -qc "CREATE ROLE portal LOGIN PASSWORD 'portal' CREATEDB"
as_postgres psql -p "$port" -qtAc "SELECT 1 FROM pg_database WHERE datname = 'portal'" | grep -q 1 ||
  as_postgres psql -p "$port" -qc "CREATE DATABASE portal OWNER portal"

echo "postgres://portal:portal@127.0.0.1:${port}/portal"
