# Test service: a private, throwaway PostgreSQL cluster on loopback for the PostgreSQL store tests.
# Sourced by scripts/test.sh (bash, set -euo pipefail).  Installs Debian's postgresql when no server
# binaries are present (root only), runs initdb into a temp folder, starts the server on a free port
# of 127.0.0.1, creates the database detente_test, exports DETENTE_TEST_PG and appends its stop
# function to CLEANUP.  A DETENTE_TEST_PG already set (your own server) is used as it is.

_detente_pg_bindir() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  d="$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"
  if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  return 1
}

_detente_pg_start() {
  local bindir port dir sock runas=()
  if ! bindir="$(_detente_pg_bindir)"; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "installing postgresql (Debian) for the PostgreSQL store tests …" >&2
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
      bindir="$(_detente_pg_bindir)" || return 0
    else
      echo "PostgreSQL server not installed: its store tests will be skipped" \
           "(sudo apt-get install postgresql, or set DETENTE_TEST_PG)" >&2
      return 0
    fi
  fi
  dir="$(mktemp -d /tmp/detente-pg.XXXXXX)"
  sock="$dir/sock"
  mkdir -p "$sock"
  if [ "$(id -u)" = 0 ]; then
    # initdb refuses to run as root: the Debian package's postgres user owns the cluster.
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown -R postgres "$dir"
    runas=(runuser -u postgres --)
  fi
  port="$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  "${runas[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync -E UTF8 \
      --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { echo "initdb failed (see $dir/initdb.log): PostgreSQL tests will be skipped" >&2; return 0; }
  "${runas[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null \
    || { echo "PostgreSQL did not start (see $dir/server.log): its tests will be skipped" >&2; return 0; }
  "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres detente_test
  export DETENTE_TEST_PG="postgresql://postgres@127.0.0.1:$port/detente_test"
  DETENTE_PG_DIR="$dir"
  DETENTE_PG_BINDIR="$bindir"
  DETENTE_PG_RUNAS="${runas[*]}"
  CLEANUP+=(_detente_pg_stop)
  echo "PostgreSQL test server: $DETENTE_TEST_PG" >&2
}

_detente_pg_stop() {
  [ -n "${DETENTE_PG_DIR:-}" ] || return 0
  # shellcheck disable=SC2086
  $DETENTE_PG_RUNAS "$DETENTE_PG_BINDIR/pg_ctl" -D "$DETENTE_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$DETENTE_PG_DIR"
  unset DETENTE_PG_DIR DETENTE_TEST_PG
}

if [ -z "${DETENTE_TEST_PG:-}" ]; then
  _detente_pg_start
fi
