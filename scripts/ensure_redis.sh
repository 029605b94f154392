#!/usr/bin/env bash
# A Redis server of the project's own, the cache the app servers share, for the PostgreSQL test
# lane and `make serve`. Prints the CACHE_URL to use on stdout; everything else goes to stderr.
#
# Like ensure_postgres.sh it relies on nothing the machine may have set up: it installs Debian's
# redis-server package when the server is missing, and starts a private, memory-only instance
# (no snapshots) on 127.0.0.1:PORTAL_REDIS_PORT (default 63799), its files in PORTAL_REDIS_DIR
# (default /tmp/portal-redis-<uid>), unless one already answers there.
set -euo pipefail

say() { echo "ensure_redis: $*" >&2; }
fail() { say "$*"; exit 1; }

port=${PORTAL_REDIS_PORT:-63799}
folder=${PORTAL_REDIS_DIR:-/tmp/portal-redis-$(id -u)}

if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
  say "no Redis server on this machine; installing Debian's redis-server package..."
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || fail "not root and no sudo: install redis-server, then run this again"
    SUDO="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq --no-install-recommends redis-server >&2
  command -v redis-server >/dev/null || fail "the redis-server package installed no redis-server"
fi

answers() { [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ]; }

if ! answers; then
  say "starting a memory-only Redis on 127.0.0.1:$port (log: $folder/redis.log)"
  mkdir -p "$folder"
  redis-server --bind 127.0.0.1 --port "$port" --dir "$folder" --save "" --appendonly no \
    --daemonize yes --logfile "$folder/redis.log" --pidfile "$folder/redis.pid" >&2
  for _ in $(seq 50); do
    answers && break
    sleep 0.1
  done
  answers || { tail -n 20 "$folder/redis.log" >&2 || true; fail "Redis did not start"; }
fi

echo "redis://127.0.0.1:${port}/0"
