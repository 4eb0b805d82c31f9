#!/usr/bin/env bash
# SCIM benchmark: Gatehouse on Tomcat 10.1 with PostgreSQL (127.0.0.1:5432, database gatehouse_bench,
# recreated), seeded with N users through SCIM by io.gatehouse.bench.ScimBenchmark, which prints the
# numbers. The same run measures raw JDBC on the same database as the baseline (the same rows inserted
# into a copy of gh_user, the same lookups) and prints SCIM, JDBC and the ratio.
# Usage: bench/scim.sh [users=100000] [client threads=8]. Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${1:-100000}
THREADS=${2:-8}
PORT=18080
DB_URL=jdbc:postgresql://127.0.0.1:5432/gatehouse_bench
KEY="gh_admin_bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"

. bench/server.sh
start_gatehouse "$PORT" gatehouse_bench bench

java -cp "target/test-classes:$(cat target/bench.classpath)" io.gatehouse.bench.ScimBenchmark \
  "http://127.0.0.1:$PORT" "$KEY" "$USERS" "$THREADS" "$DB_URL"

print_server_memory
