#!/usr/bin/env bash
# Console users page with many users: Gatehouse on Tomcat 10.1 with PostgreSQL (127.0.0.1:5432,
# database gatehouse_console_bench, recreated). A project is created through the management API, then
# N users (SCIM, JIT and synced origins, 1 in 17 deactivated) and memberships in three groups with
# roles are inserted with SQL (seconds instead of minutes over SCIM); io.gatehouse.it.ConsoleUsersBenchmark
# then drives the users page in headless Chromium and prints the timings.
# Usage: bench/console-users.sh [users=100000] [runs=10] (port: BENCH_PORT, default 18473). Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${1:-100000}
RUNS=${2:-10}
PORT=${BENCH_PORT:-18473}
DB=gatehouse_console_bench
KEY="gh_admin_bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
PASSWORD="bench-console-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
API=http://127.0.0.1:$PORT/api/v1

. bench/server.sh
start_gatehouse "$PORT" "$DB" bench-console "-DGATEHOUSE_ADMIN_PASSWORD=$PASSWORD"

json() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
post() { curl -sf -X POST "$API$1" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d "$2"; }
PROJECT=$(post /projects '{"name":"Bench"}' | json id)
ADMIN_ROLE=$(post "/projects/$PROJECT/roles" '{"name":"Administrator","admin":true}' | json id)
EDITOR_ROLE=$(post "/projects/$PROJECT/roles" '{"name":"Editor"}' | json id)
ADMINS=$(post "/projects/$PROJECT/groups" "{\"displayName\":\"Admins\",\"roleId\":\"$ADMIN_ROLE\"}" | json id)
EDITORS=$(post "/projects/$PROJECT/groups" "{\"displayName\":\"Editors\",\"roleId\":\"$EDITOR_ROLE\"}" | json id)
EVERYONE=$(post "/projects/$PROJECT/groups" '{"displayName":"Everyone"}' | json id)

started=$(date +%s)
psql -h 127.0.0.1 -U postgres -d $DB -q <<SQL
INSERT INTO gh_user (id, project_id, user_name, user_name_key, external_id, given_name, family_name, display_name,
                     email, email_key, email_type, active, origin, created_at, last_modified, version)
SELECT md5('u' || i)::uuid::text, '$PROJECT', 'user' || lpad(i::text, 7, '0') || '@example.com',
       'user' || lpad(i::text, 7, '0') || '@example.com', 'ext-' || i, 'Given' || i, 'Family' || i, 'Given' || i || ' Family' || i,
       'user' || lpad(i::text, 7, '0') || '@example.com', 'user' || lpad(i::text, 7, '0') || '@example.com', 'work',
       i % 17 <> 0, CASE WHEN i % 10 = 0 THEN 'SYNCED' WHEN i % 3 = 0 THEN 'JIT' ELSE 'SCIM' END,
       now() - make_interval(secs => $USERS - i), now() - make_interval(secs => i), 1
FROM generate_series(1, $USERS) AS i;
INSERT INTO gh_membership (group_id, user_id, created_at) SELECT '$ADMINS', md5('u' || i)::uuid::text, now() FROM generate_series(1, $USERS) AS i WHERE i % 50 = 0;
INSERT INTO gh_membership (group_id, user_id, created_at) SELECT '$EDITORS', md5('u' || i)::uuid::text, now() FROM generate_series(1, $USERS) AS i WHERE i % 4 = 0;
INSERT INTO gh_membership (group_id, user_id, created_at) SELECT '$EVERYONE', md5('u' || i)::uuid::text, now() FROM generate_series(1, $USERS) AS i;
ANALYZE;
SQL
echo "seeded $USERS users and their memberships in $(( $(date +%s) - started )) s"

java -Dit.admin.password="$PASSWORD" -cp "target/test-classes:$(cat target/bench.classpath)" \
  io.gatehouse.it.ConsoleUsersBenchmark "http://127.0.0.1:$PORT/" "$PROJECT" "$RUNS"

# The database's share: the users page's queries as EclipseLink sends them, timed by PostgreSQL itself.
echo "PostgreSQL execution times (EXPLAIN ANALYZE) of the page's queries:"
for q in "count of all users|SELECT COUNT(id) FROM gh_user WHERE project_id = '$PROJECT'" \
         "first page by userName|SELECT * FROM gh_user WHERE project_id = '$PROJECT' ORDER BY user_name_key, id LIMIT 25" \
         "search: count|SELECT COUNT(id) FROM gh_user WHERE project_id = '$PROJECT' AND user_name_key LIKE 'user00123%' ESCAPE '!'" \
         "search: first page|SELECT * FROM gh_user WHERE project_id = '$PROJECT' AND user_name_key LIKE 'user00123%' ESCAPE '!' ORDER BY user_name_key, id LIMIT 25" \
         "newest first|SELECT * FROM gh_user WHERE project_id = '$PROJECT' ORDER BY created_at DESC, id DESC LIMIT 25" \
         "page 2001|SELECT * FROM gh_user WHERE project_id = '$PROJECT' ORDER BY user_name_key, id LIMIT 25 OFFSET 50000"; do
  printf '  %-24s %s\n' "${q%%|*}" "$(psql -h 127.0.0.1 -U postgres -d $DB -Atc "EXPLAIN ANALYZE ${q#*|}" | grep 'Execution Time')"
done
