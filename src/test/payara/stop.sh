#!/bin/sh
# Stops whichever of the build's domains is still running (post-integration-test: after a test JVM that
# died before Arquillian stopped its domain). Arguments: payara home, domains.
home=$1
shift
for domain in "$@"; do
  "$home/bin/asadmin" stop-domain "$domain" >/dev/null 2>&1 || true
done
