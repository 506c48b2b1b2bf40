#!/usr/bin/env bash
# Records Ironic 21.4's answers about a node's `retired` field (API 1.61) for RetiredReferenceTests: start the reference
# (run-reference-ironic.sh start), then
# `capture-retired.sh ENDPOINT > tests/Ironic.Actors.Gateway.Tests/Reference/retired-ironic-21.4.txt`.
# A new node shows false; a JSON patch removing /retired (`baremetal node unset --retired`) or replacing it with null
# stores null, which neither ?retired=true nor ?retired=false lists. Nodes are named retired-*, so the exchanges
# replay as they are. Each exchange: "== METHOD PATH [BODY] VERSION", then the answer's body and its status.
set -euo pipefail
R=${1:?endpoint}
c() { echo "== $1 $2 ${3:-} ${4:-1.61}"; curl -s -w '\n[%{http_code}]\n' -X "$1" -H "X-OpenStack-Ironic-API-Version: ${4:-1.61}" \
  -H 'Content-Type: application/json' ${3:+-d "$3"} "$R$2"; }
F='fields=name,retired,retired_reason'
c POST /v1/nodes '{"driver":"fake-hardware","name":"retired-new"}'
c POST /v1/nodes '{"driver":"fake-hardware","name":"retired-removed"}'
c POST /v1/nodes '{"driver":"fake-hardware","name":"retired-null","retired":null}'
c POST /v1/nodes '{"driver":"fake-hardware","name":"retired-true"}'
c GET "/v1/nodes/retired-new?$F"
c PATCH /v1/nodes/retired-removed '[{"op":"add","path":"/retired","value":true},{"op":"add","path":"/retired_reason","value":"eol"}]'
c PATCH /v1/nodes/retired-removed '[{"op":"remove","path":"/retired"}]'
c GET "/v1/nodes/retired-removed?$F"
c GET /v1/nodes/retired-removed?fields=name '' 1.60
c PATCH /v1/nodes/retired-removed '[{"op":"add","path":"/retired_reason","value":"again"}]'
c GET "/v1/nodes/retired-null?$F"
c PATCH /v1/nodes/retired-null '[{"op":"replace","path":"/retired","value":null}]'
c PATCH /v1/nodes/retired-true '[{"op":"add","path":"/retired","value":true}]'
c GET "/v1/nodes?retired=true&fields=name,retired"
c GET "/v1/nodes?retired=false&fields=name,retired"
c GET "/v1/nodes?fields=name,retired"
c GET "/v1/nodes/detail?retired=False"
c PATCH /v1/nodes/retired-removed '[{"op":"add","path":"/retired","value":false}]'
c GET "/v1/nodes/retired-removed?$F"
