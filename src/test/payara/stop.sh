#!/bin/sh
# Stops the domain setup.sh started (post-integration-test). Arguments: payara home, domain.
"$1/bin/asadmin" stop-domain "$2" || true
