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

mvn -q -Prun -Dexec.skip=true package
mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS gatehouse_bench" -c "CREATE DATABASE gatehouse_bench"

TOMCAT=$(ls -d target/run/apache-tomcat-*)
export CATALINA_HOME=$PWD/$TOMCAT CATALINA_BASE=$PWD/$TOMCAT CATALINA_PID=$PWD/target/bench-tomcat.pid
export CATALINA_OPTS="-Xmx1g -Dgatehouse.http.port=$PORT -Dgatehouse.db.driver=org.postgresql.Driver \
 -Dgatehouse.db.url=$DB_URL -Dgatehouse.db.user=postgres -Dgatehouse.db.password= \
 -DGATEHOUSE_DATA_DIR=$PWD/target/bench-data -DGATEHOUSE_ADMIN_API_KEY=$KEY ${BENCH_SERVER_OPTS:-}"
sh "$TOMCAT/bin/catalina.sh" start >/dev/null
trap 'sh "$TOMCAT/bin/catalina.sh" stop 10 -force >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null && break
  sleep 1
done
curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null || { echo "Gatehouse did not become ready in 300 s" >&2; exit 1; }

java -cp "target/test-classes:$(cat target/bench.classpath)" io.gatehouse.bench.ScimBenchmark \
  "http://127.0.0.1:$PORT" "$KEY" "$USERS" "$THREADS" "$DB_URL"

PID=$(cat "$CATALINA_PID")
jcmd "$PID" GC.run >/dev/null
echo "server heap after a full GC: $(jcmd "$PID" GC.heap_info | grep -oE 'used [0-9]+K' | head -1)"
echo "server RSS: $(( $(ps -o rss= -p "$PID") / 1024 )) MB"
