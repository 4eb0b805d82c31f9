#!/bin/sh
# The build's Payara for one payara-<database> run: a domain of its own for that database, created,
# started, configured with the operator's command file (server-config/payara/gatehouse.asadmin) with
# the test database filled in, and stopped again. The domains of all databases share one port base, so
# only one runs at a time: Arquillian starts the run's domain and stops it after the run.
# The command file is the only source of the pool lines: for mariadb and h2 this script takes the
# commented create-jdbc-connection-pool line under the file's "# MariaDB" / "# H2" heading in place
# of the PostgreSQL one.
# Arguments: payara home, domain, port base, command file, database (postgresql, mariadb, h2),
# db host:port (PostgreSQL, MariaDB) or H2 file path, db name, db user, db password.
set -eu
home=$1 domain=$2 portbase=$3 commands=$4 db=$5 location=$6 name=$7 user=$8 password=$9
asadmin="$home/bin/asadmin"
"$asadmin" stop-domain "$domain" >/dev/null 2>&1 || true
rm -rf "$home/glassfish/domains/$domain"
"$asadmin" create-domain --nopassword --portbase "$portbase" "$domain"

pool=$(awk -v db="$db" '
  /^create-jdbc-connection-pool / && db == "postgresql" { print; exit }
  tolower($0) ~ "^# " db " " { heading = 1; next }
  heading && /^#   create-jdbc-connection-pool / { sub(/^#   /, ""); print; exit }' "$commands")
if [ -z "$pool" ]; then
  echo "no create-jdbc-connection-pool line for $db in $commands" >&2
  exit 1
fi
file="$home/$domain.asadmin"
{
  printf '%s\n' "$pool"
  grep -v -e '^#' -e '^create-jdbc-connection-pool ' -e '^[[:space:]]*$' "$commands"
} | sed -e "s|@DB_HOST@|${location%:*}|g" -e "s|@DB_PORT@|${location##*:}|g" -e "s|@DB_FILE@|$location|g" \
        -e "s|@DB_NAME@|$name|g" -e "s|@DB_USER@|$user|g" -e "s|@DB_PASSWORD@|$password|g" > "$file"

"$asadmin" start-domain "$domain"
# multimode exits 0 even when a command in the file failed: its output says so. The domain is stopped
# either way, or the next domain could not take the ports.
status=0
"$asadmin" --port $((portbase + 48)) multimode --file "$file" > "$file.out" 2>&1 || status=$?
cat "$file.out"
if grep -q '^Command .* failed' "$file.out"; then
  status=1
fi
"$asadmin" stop-domain "$domain"
exit $status
