#!/usr/bin/env bash
# Directory events benchmark: Gatehouse on Tomcat 10.1 with PostgreSQL (127.0.0.1:5432, database
# gatehouse_events, recreated per run), measured by io.gatehouse.bench.EventsBenchmark, which prints
# the numbers: SCIM create/PATCH throughput with events, then the same against the WAR from before
# events (commit $BASELINE, built in target/baseline) for the ratio; commit-to-delivery latency and
# deliveries/s with a fast webhook receiver; the user.role_changed fan-out of a group of N users.
# Usage: bench/events.sh [fan-out users=100000] [client threads=8] [throughput users=3000]
# ONLY_THROUGHPUT=1 runs the A/B throughput alone; BENCH_CLIENT_OPTS=-Dbench.warmup=N sets the untimed warm-up (500).
# Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
FANOUT=${1:-100000}
THREADS=${2:-8}
USERS=${3:-3000}
BASELINE=${BASELINE:-1f7d6ab}
PORT=18090
DB=gatehouse_events
DB_URL=jdbc:postgresql://127.0.0.1:5432/$DB
KEY="gh_admin_bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export BENCH_SERVER_OPTS="${BENCH_SERVER_OPTS:-} -DGATEHOUSE_OUTBOUND_ALLOW_PRIVATE=true"

. bench/server.sh
run() { java ${BENCH_CLIENT_OPTS:-} -cp "target/test-classes:$(cat target/bench.classpath)" io.gatehouse.bench.EventsBenchmark \
  "http://127.0.0.1:$PORT" "$KEY" "$DB_URL" "$@"; }
restart() {
  sh "$TOMCAT/bin/catalina.sh" stop 10 -force >/dev/null 2>&1 || true
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
  rm -rf "target/events-data"
  sh "$TOMCAT/bin/catalina.sh" start >/dev/null
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null && return 0; sleep 1; done
  echo "Gatehouse did not become ready" >&2; exit 1
}

start_gatehouse "$PORT" "$DB" events
echo "== with events"
run throughput "$USERS" "$THREADS"
if [ -z "${ONLY_THROUGHPUT:-}" ]; then
  run delivery "$USERS" "$THREADS"
  run fanout "$FANOUT" "$THREADS"
fi
print_server_memory

echo "== before events ($BASELINE)"
rm -rf target/baseline && git worktree prune && git worktree add -q target/baseline "$BASELINE"
(cd target/baseline && mvn -q -B -DskipTests -Dexec.skip=true package)
cp target/baseline/target/gatehouse.war "$TOMCAT/webapps/ROOT.war"
rm -rf "$TOMCAT/webapps/ROOT"
restart
run throughput "$USERS" "$THREADS"
git worktree remove --force target/baseline
