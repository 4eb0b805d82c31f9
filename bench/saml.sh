#!/usr/bin/env bash
# SAML benchmark: ACS throughput of Gatehouse on Tomcat 10.1 with PostgreSQL (database gatehouse_bench_saml,
# recreated) against pac4j/OpenSAML alone on the same responses, printed by io.gatehouse.bench.SamlBenchmark.
# Usage: bench/saml.sh [responses=3000] [threads=4]. Not part of the test suite.
# BENCH_SERVER_OPTS adds JVM options to the server (e.g. -XX:StartFlightRecording=filename=target/acs.jfr to profile it).
set -euo pipefail
cd "$(dirname "$0")/.."
RESPONSES=${1:-3000}
THREADS=${2:-4}
PORT=18081
KEY="gh_admin_bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"

. bench/server.sh
start_gatehouse "$PORT" gatehouse_bench_saml bench

java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.gatehouse.bench.SamlBenchmark \
  "http://127.0.0.1:$PORT" "$KEY" "$RESPONSES" "$THREADS"

print_server_memory
