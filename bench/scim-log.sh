#!/usr/bin/env bash
# SCIM request log benchmark: SCIM create, PATCH and GET throughput on Tomcat 10.1 with PostgreSQL
# (database gatehouse_scimlog, recreated per run) with the request log on, then off
# (GATEHOUSE_SCIM_REQUEST_LOG=false), ROUNDS times alternating so a drift of the machine hits both;
# io.gatehouse.bench.EventsBenchmark's throughput phase prints the numbers. Then the rows written.
# Usage: bench/scim-log.sh [users=3000] [client threads=8] [rounds=2]. Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${1:-3000}
THREADS=${2:-8}
ROUNDS=${3:-2}
PORT=18095
DB=gatehouse_scimlog
DB_URL=jdbc:postgresql://127.0.0.1:5432/$DB
KEY="gh_admin_bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"

. bench/server.sh
run() { java ${BENCH_CLIENT_OPTS:-} -cp "target/test-classes:$(cat target/bench.classpath)" io.gatehouse.bench.EventsBenchmark \
  "http://127.0.0.1:$PORT" "$KEY" "$DB_URL" throughput "$USERS" "$THREADS"; }
restart() { # restart LOG_ON: the same server with the request log on (true) or off (false), on an empty database
  sh "$TOMCAT/bin/catalina.sh" stop 10 -force >/dev/null 2>&1 || true
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
  rm -rf "target/scimlog-data"
  export CATALINA_OPTS="$BASE_OPTS -DGATEHOUSE_SCIM_REQUEST_LOG=$1"
  sh "$TOMCAT/bin/catalina.sh" start >/dev/null
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null && return 0; sleep 1; done
  echo "Gatehouse did not become ready" >&2; exit 1
}

start_gatehouse "$PORT" "$DB" scimlog
BASE_OPTS=$CATALINA_OPTS
for round in $(seq 1 "$ROUNDS"); do
  for on in true false; do
    restart "$on"
    echo "== round $round, request log $([ "$on" = true ] && echo on || echo off)"
    run
    [ "$on" = true ] && psql -h 127.0.0.1 -U postgres -d "$DB" -tAc \
      "SELECT 'request log rows: ' || COUNT(*) || ', ' || pg_size_pretty(pg_total_relation_size('gh_scim_exchange')) FROM gh_scim_exchange"
  done
done
print_server_memory
