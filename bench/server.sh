# Sourced by the benchmark scripts: builds the WAR and the benchmark classpath, recreates a PostgreSQL
# database and runs Gatehouse on the run profile's Tomcat against it until the script exits.
# start_gatehouse PORT DATABASE NAME [JVM options...]  (NAME names the pid file and data directory;
# needs KEY, the admin API key; BENCH_SERVER_OPTS adds JVM options, e.g. a JFR recording)
start_gatehouse() {
  local port=$1 db=$2 name=$3
  shift 3
  mvn -q -Prun -Dexec.skip=true package
  mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"

  TOMCAT=$(ls -d target/run/apache-tomcat-*)
  export CATALINA_HOME=$PWD/$TOMCAT CATALINA_BASE=$PWD/$TOMCAT CATALINA_PID=$PWD/target/$name-tomcat.pid
  export CATALINA_OPTS="-Xmx1g -Dgatehouse.http.port=$port -Dgatehouse.db.driver=org.postgresql.Driver \
 -Dgatehouse.db.url=jdbc:postgresql://127.0.0.1:5432/$db -Dgatehouse.db.user=postgres -Dgatehouse.db.password= \
 -DGATEHOUSE_DATA_DIR=$PWD/target/$name-data -DGATEHOUSE_ADMIN_API_KEY=$KEY $* ${BENCH_SERVER_OPTS:-}"
  rm -rf "target/$name-data"
  sh "$TOMCAT/bin/catalina.sh" start >/dev/null
  trap 'sh "$TOMCAT/bin/catalina.sh" stop 10 -force >/dev/null 2>&1 || true' EXIT
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && return 0
    sleep 1
  done
  echo "Gatehouse did not become ready in 300 s" >&2
  exit 1
}

# Heap after a full GC and resident memory of the server started above.
print_server_memory() {
  local pid
  pid=$(cat "$CATALINA_PID")
  jcmd "$pid" GC.run >/dev/null
  echo "server heap after a full GC: $(jcmd "$pid" GC.heap_info | grep -oE 'used [0-9]+K' | head -1)"
  echo "server RSS: $(( $(ps -o rss= -p "$pid") / 1024 )) MB"
}
