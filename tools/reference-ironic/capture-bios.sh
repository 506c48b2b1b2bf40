#!/usr/bin/env bash
# Records Ironic 21.4's answers about a node's BIOS settings (API 1.40, registry fields 1.74) for NodeBiosTests: start
# the reference (run-reference-ironic.sh start), then
# `capture-bios.sh ENDPOINT > tests/Ironic.Actors.Gateway.Tests/Reference/bios-ironic-21.4.txt`.
# The fake bios interface stores the settings a manual clean's bios.apply_configuration step gives (and
# factory_reset removes them); verify (manage) caches nothing. Each exchange: "== METHOD PATH [BODY] [version]", then
# the status and body. UUIDs and timestamps of this run appear as they were.
set -euo pipefail
R=${1:?endpoint}
V='X-OpenStack-Ironic-API-Version: 1.78'
c() { echo "== $1 $2 ${3:-} ${4:-1.78}"; curl -s -w '\n[%{http_code}]\n' -X "$1" -H "X-OpenStack-Ironic-API-Version: ${4:-1.78}" \
  -H 'Content-Type: application/json' ${3:+-d "$3"} "$R$2"; }
state() { # node wanted-provision-state
  for _ in $(seq 1 60); do
    curl -s -H "$V" "$R/v1/nodes/$1" | grep -q "\"provision_state\": \"$2\"" && return 0; sleep 0.5
  done; echo "node $1 never reached $2" >&2; return 1; }
N=$(curl -s -H "$V" -H 'Content-Type: application/json' -d '{"driver":"fake-hardware","name":"bios-capture"}' "$R/v1/nodes" |
  python3 -c 'import json,sys;print(json.load(sys.stdin)["uuid"])')
c GET /v1/nodes/$N/bios
c GET /v1/nodes/$N/bios '' 1.39
c GET /v1/nodes/$N/bios '' 1.40
c PUT /v1/nodes/$N/states/provision '{"target":"manage"}'
state "$N" manageable
c GET /v1/nodes/$N/bios
c PUT /v1/nodes/$N/states/provision '{"target":"clean","clean_steps":[{"interface":"bios","step":"apply_configuration","args":{"settings":[{"name":"ProcTurboMode","value":"Enabled"},{"name":"BootMode","value":"Uefi","attribute_type":"Enumeration","allowable_values":["Bios","Uefi"],"read_only":false,"reset_required":true}]}}]}'
state "$N" manageable
c GET /v1/nodes/$N/bios
c GET /v1/nodes/bios-capture/bios
c GET /v1/nodes/$N/bios/ProcTurboMode
c GET /v1/nodes/$N/bios/BootMode '' 1.74
c GET /v1/nodes/$N/bios/ProcTurboMode '' 1.73
c GET "/v1/nodes/$N/bios?detail=True" '' 1.74
c GET "/v1/nodes/$N/bios?detail=False" '' 1.74
c GET "/v1/nodes/$N/bios?detail=True" '' 1.73
c GET "/v1/nodes/$N/bios?detail=false" '' 1.73
c GET "/v1/nodes/$N/bios?fields=name,read_only" '' 1.74
c GET "/v1/nodes/$N/bios?fields=name" '' 1.73
c GET "/v1/nodes/$N/bios?fields=name&detail=True" '' 1.74
c GET "/v1/nodes/$N/bios?detail=maybe" '' 1.74
c GET "/v1/nodes/$N/bios?foo=1"
c GET /v1/nodes/$N/bios/NoSuchSetting
c GET "/v1/nodes/$N/bios/Bad%20Name"
c GET /v1/nodes/no-such-node/bios
c GET /v1/nodes/11111111-2222-3333-4444-555555555555/bios/ProcTurboMode
c POST /v1/nodes/$N/bios '{}'
c DELETE /v1/nodes/$N/bios/ProcTurboMode
c PUT /v1/nodes/$N/states/provision '{"target":"clean","clean_steps":[{"interface":"bios","step":"apply_configuration","args":{"settings":[{"name":"ProcTurboMode","value":"Disabled"},{"name":"NumLock","value":"On"}]}}]}'
state "$N" manageable
c GET "/v1/nodes/$N/bios?detail=True" '' 1.74
c PUT /v1/nodes/$N/states/provision '{"target":"clean","clean_steps":[{"interface":"bios","step":"factory_reset"}]}'
state "$N" manageable
c GET /v1/nodes/$N/bios
c PUT /v1/nodes/$N/states/provision '{"target":"clean","clean_steps":[{"interface":"bios","step":"apply_configuration","args":{"settings":[{"value":"x"}]}}]}'
state "$N" "clean failed"
c GET "/v1/nodes/$N?fields=provision_state,last_error,maintenance"
c DELETE /v1/nodes/$N/maintenance
c PUT /v1/nodes/$N/states/provision '{"target":"manage"}'
state "$N" manageable
c PUT /v1/nodes/$N/states/provision '{"target":"clean","clean_steps":[{"interface":"bios","step":"apply_configuration","args":{"settings":[{"name":"A","value":1},{"name":"B","value":true}]}}]}'
state "$N" manageable
c GET "/v1/nodes/$N/bios?fields=NAME,name,%20value" '' 1.74
c GET "/v1/nodes/$N/bios?fields=" '' 1.74
c GET "/v1/nodes/$N/bios?fields=created_at" '' 1.74
c GET "/v1/nodes/$N/bios?detail=" '' 1.74
c GET "/v1/nodes/$N/bios/A?fields=name" '' 1.74
c DELETE /v1/nodes/$N
c GET /v1/nodes/$N/bios
