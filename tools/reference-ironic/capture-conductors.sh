#!/usr/bin/env bash
# Records the order of Ironic 21.4's checks on /v1/conductors (1.49) for MicroversionTests: start the reference
# (run-reference-ironic.sh start), then
# `capture-conductors.sh ENDPOINT > tests/Ironic.Actors.Gateway.Tests/Reference/conductors-ironic-21.4.txt`.
# Below 1.49 an unknown query argument is refused first (400 "Unexpected arguments"), known ones reach the version
# gate (404). Each exchange: "== METHOD PATH [BODY] VERSION", then the answer's body and its status.
set -euo pipefail
R=${1:?endpoint}
c() { echo "== $1 $2 ${3:-} ${4:-1.49}"; curl -s -w '\n[%{http_code}]\n' -X "$1" -H "X-OpenStack-Ironic-API-Version: ${4:-1.49}" \
  -H 'Content-Type: application/json' ${3:+-d "$3"} "$R$2"; }
c GET /v1/conductors '' 1.48
c GET '/v1/conductors?foo=1' '' 1.48
c GET '/v1/conductors?detail=True' '' 1.48
c GET '/v1/conductors?fields=hostname&foo=1' '' 1.48
c GET '/v1/conductors/127.0.0.1?foo=1' '' 1.48
c GET '/v1/conductors/127.0.0.1' '' 1.48
c GET '/v1/conductors?foo=1' '' 1.49
