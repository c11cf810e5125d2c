#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1:55432 (database, user and password "relay")
# for PostgresJobLedgerTest, installing the server first if the machine lacks it, and prints the
# JDBC URL to give as RELAY_TEST_POSTGRES_URL. Stop it with: tools/ci/postgres.sh stop
# RELAY_PG_PORT and RELAY_PG_DIR choose another port and folder, so two checkouts on one machine
# each run their own (give the same ones to stop it).
set -euo pipefail
port=${RELAY_PG_PORT:-55432}
dir=${RELAY_PG_DIR:-/tmp/zarr-relay-postgres}
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_postgres() { su postgres -s /bin/sh -c "$*"; }
if [ "${1:-}" = stop ]; then
  [ -d "$dir/data" ] && as_postgres "$bin/pg_ctl -D $dir/data stop -m fast" >/dev/null || true
  exit 0
fi
if [ -d "$dir/data" ]; then
  as_postgres "$bin/pg_ctl -D $dir/data stop -m fast" >/dev/null 2>&1 || true
  rm -rf "$dir"
fi
mkdir -p "$dir" && chown postgres "$dir"
echo postgres > "$dir/pw" && chown postgres "$dir/pw"
as_postgres "$bin/initdb -D $dir/data -A scram-sha-256 -U postgres --pwfile=$dir/pw" >/dev/null
as_postgres "$bin/pg_ctl -D $dir/data -o '-p $port -k $dir -c listen_addresses=127.0.0.1' -l $dir/log start -w" >/dev/null
PGPASSWORD=postgres "$bin/psql" -q -h 127.0.0.1 -p $port -U postgres \
  -c "CREATE USER relay PASSWORD 'relay'" -c "CREATE DATABASE relay OWNER relay" >/dev/null
echo "jdbc:postgresql://127.0.0.1:$port/relay"
