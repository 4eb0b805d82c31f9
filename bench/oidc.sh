#!/usr/bin/env bash
# OpenID Connect benchmark: Gatehouse on Tomcat 10.1 with PostgreSQL (127.0.0.1:5432, database
# gatehouse_bench_oidc, recreated), in development mode for the mock IdP. io.gatehouse.bench.OidcBenchmark
# seeds N users by SQL, registers applications, signs people in through the mock IdP and prints:
# authorize with a live session, code-for-token exchanges and userinfo (throughput, p50/p99), and the
# back-channel logout fan-out to 5 applications after a SCIM deactivation, with the CPU each request
# cost the server, PostgreSQL and the client (from /proc) and how much other processes took.
# Usage: bench/oidc.sh [users=100000] [client threads=8] (port: BENCH_PORT, default 18090;
# -Dbench.rounds/round/userinfo/fanout via BENCH_CLIENT_OPTS). Not part of the test suite.
# BENCH_SERVER_OPTS adds JVM options to the server (e.g. -XX:StartFlightRecording=filename=target/oidc.jfr).
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${1:-100000}
THREADS=${2:-8}
PORT=${BENCH_PORT:-18090}
DB=gatehouse_bench_oidc
KEY="gh_admin_bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"

. bench/server.sh
start_gatehouse "$PORT" "$DB" bench-oidc -DGATEHOUSE_DEV_MODE=true

java ${BENCH_CLIENT_OPTS:-} -Dbench.serverPid="$(cat "$CATALINA_PID")" -Dbench.database=$DB -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.gatehouse.bench.OidcBenchmark \
  "http://127.0.0.1:$PORT" "$KEY" "$USERS" "$THREADS" "jdbc:postgresql://127.0.0.1:5432/$DB"

print_server_memory
