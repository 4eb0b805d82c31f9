#!/usr/bin/env bash
# The console's cost of the shared HTTP session (gh_http_session): Gatehouse on Tomcat 10.1 with
# PostgreSQL (database gatehouse_session_bench, recreated); a signed-in admin opens project pages one
# after the other; prints each page's time and the stored session's size (bench/console-session.py).
# Usage: bench/console-session.sh [pages=40] (port: BENCH_PORT, default 18474). Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES=${1:-40}
PORT=${BENCH_PORT:-18474}
DB=gatehouse_session_bench
KEY="gh_admin_bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
PASSWORD="bench-session-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
. bench/server.sh
start_gatehouse "$PORT" "$DB" bench-session "-DGATEHOUSE_ADMIN_PASSWORD=$PASSWORD"
PROJECT=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/projects" -H "Authorization: Bearer $KEY" \
  -H 'Content-Type: application/json' -d '{"name":"Bench"}' | python3 -c "import json,sys; print(json.load(sys.stdin)['id'])")
python3 bench/console-session.py "http://127.0.0.1:$PORT" "$PASSWORD" "$DB" "$PAGES" "$PROJECT"
