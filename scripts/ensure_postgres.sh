#!/usr/bin/env bash
# A PostgreSQL server of the project's own, for the PostgreSQL test lane, the load test and
# `make serve`. Prints the DATABASE_URL to use on stdout; everything else goes to stderr.
#
# It never relies on a cluster the machine may or may not have set up: it finds Debian's server
# binaries (installing the `postgresql` package when they are missing), creates a private cluster
# in PORTAL_PGDATA (default: /tmp/portal-postgres-<uid>) on PORTAL_PGPORT (default 54329), listening
# on 127.0.0.1 only, and starts it if it is not running. The superuser is `portal`, password
# `portal`, and a database `portal` exists. As root, the server runs as the `postgres` user
# (PostgreSQL refuses to run as root).
set -euo pipefail

say() { echo "ensure_postgres: $*" >&2; }
fail() { say "$*"; exit 1; }

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

server_binaries() {
  local postgres
  postgres=$(ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$postgres" ] && dirname "$postgres"
}

bin=$(server_binaries || true)
if [ -z "$bin" ]; then
  say "no PostgreSQL server on this machine; installing Debian's postgresql package..."
  if [ -n "$SUDO" ] && ! command -v sudo >/dev/null; then
    fail "not root and no sudo: install the postgresql package, then run this again"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq --no-install-recommends postgresql >&2
  bin=$(server_binaries || true)
  [ -n "$bin" ] || fail "the postgresql package installed no server binary under /usr/lib/postgresql"
fi

if [ "$(id -u)" -eq 0 ]; then
  owner=postgres
  id "$owner" >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/sh "$owner"
  # runuser opens a PAM session, which some containers refuse; setpriv needs none. Both run
  # from / so that a working directory the server's user cannot read does not matter.
  if runuser -u "$owner" -- true 2>/dev/null; then
    as_owner() { (cd / && runuser -u "$owner" -- "$@"); }
  else
    as_owner() { (cd / && setpriv --reuid="$owner" --regid="$owner" --init-groups -- "$@"); }
  fi
else
  owner=$(id -un)
  as_owner() { "$@"; }
fi

data=${PORTAL_PGDATA:-/tmp/portal-postgres-$(id -u)}
port=${PORTAL_PGPORT:-54329}

if [ ! -f "$data/PG_VERSION" ]; then
  say "creating a cluster in $data (server: $bin)"
  mkdir -p "$data"
  chown "$owner" "$data"
  chmod 700 "$data"
  password_file=$(mktemp)
  echo portal >"$password_file"
  chown "$owner" "$password_file"
  as_owner "$bin/initdb" --pgdata="$data" --username=portal --pwfile="$password_file" \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null ||
    { rm -f "$password_file"; fail "initdb failed"; }
  rm -f "$password_file"
fi

if ! as_owner "$bin/pg_ctl" status --pgdata="$data" >/dev/null 2>&1; then
  say "starting the server on 127.0.0.1:$port (log: $data/server.log)"
  as_owner "$bin/pg_ctl" start --pgdata="$data" --wait --log="$data/server.log" \
    --options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$data" >&2 ||
    { tail -n 20 "$data/server.log" >&2 || true; fail "the server did not start"; }
fi

psql_owner() { as_owner "$bin/psql" --host="$data" --port="$port" --username=portal "$@"; }
exists=$(psql_owner --dbname=postgres -qtAc "SELECT count(*) FROM pg_database WHERE datname = 'portal'")
[ "$exists" = "1" ] || psql_owner --dbname=postgres -qc "CREATE DATABASE portal" >&2

echo "postgres://portal:portal@127.0.0.1:${port}/portal"
