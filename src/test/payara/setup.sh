#!/bin/sh
# The build's Payara for the payara-postgresql run: a domain of its own on its own ports, started,
# then configured with the operator's command file (server-config/payara/gatehouse.asadmin) with the
# test database filled in. Arquillian connects to the running domain; stop.sh stops it.
# Arguments: payara home, domain, port base, command file, db host, db port, db name.
set -eu
home=$1 domain=$2 portbase=$3 commands=$4 host=$5 port=$6 name=$7
asadmin="$home/bin/asadmin"
"$asadmin" stop-domain "$domain" >/dev/null 2>&1 || true
rm -rf "$home/glassfish/domains/$domain"
"$asadmin" create-domain --nopassword --portbase "$portbase" "$domain"
"$asadmin" start-domain "$domain"
sed -e "s/@DB_HOST@/$host/g" -e "s/@DB_PORT@/$port/g" -e "s/@DB_NAME@/$name/g" -e "s/@DB_USER@/postgres/g" \
    -e "s/@DB_PASSWORD@/unused-with-trust-authentication/g" "$commands" > "$home/gatehouse-it.asadmin"
"$asadmin" --port $((portbase + 48)) multimode --file "$home/gatehouse-it.asadmin"
