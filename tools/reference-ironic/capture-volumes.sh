#!/usr/bin/env bash
# Records Ironic 21.4's answers about volume connectors and targets (API 1.32) for VolumeTests: start the reference
# (run-reference-ironic.sh start), then `capture-volumes.sh ENDPOINT > tests/Ironic.Actors.Gateway.Tests/Reference/volumes-ironic-21.4.txt`.
# Each exchange: "== METHOD PATH [BODY] [version]", then the status and body. UUIDs of this run appear as they were.
set -euo pipefail
R=${1:?endpoint}
V='X-OpenStack-Ironic-API-Version: 1.78'
c() { echo "== $1 $2 ${3:-} ${4:-1.78}"; curl -s -w '\n[%{http_code}]\n' -X "$1" -H "X-OpenStack-Ironic-API-Version: ${4:-1.78}" \
  -H 'Content-Type: application/json' ${3:+-d "$3"} "$R$2"; }
N=$(curl -s -H "$V" -H 'Content-Type: application/json' -d '{"driver":"fake-hardware"}' "$R/v1/nodes" | python3 -c 'import json,sys;print(json.load(sys.stdin)["uuid"])')
M=8c0b58e5-2a5e-4d7f-9e1f-0a3a5b9b1c11
c POST /v1/volume/connectors "{\"node_uuid\":\"$N\",\"type\":\"iqn\",\"connector_id\":\"iqn.capture.$N\",\"uuid\":\"$M\"}"
c POST /v1/volume/connectors "{\"node_uuid\":\"$N\",\"type\":\"iqn\",\"connector_id\":\"iqn.capture.$N\"}"
c POST /v1/volume/connectors "{\"node_uuid\":\"$N\",\"type\":\"ip\",\"connector_id\":\"x\",\"uuid\":\"$M\"}"
c POST /v1/volume/connectors '{"type":"iqn","connector_id":"x"}'
c POST /v1/volume/connectors '{"node_uuid":"nope","type":"iqn","connector_id":"x"}'
c POST /v1/volume/connectors '{"node_uuid":"1be26c0b-03f2-4d2e-ae87-c02d7f33c123","type":"iqn","connector_id":"x"}'
c POST /v1/volume/connectors "{\"node_uuid\":\"$N\",\"type\":5,\"connector_id\":\"x\"}"
c POST /v1/volume/connectors "{\"node_uuid\":\"$N\",\"type\":\"iqn\",\"connector_id\":\"x\",\"foo\":1}"
c POST /v1/volume/connectors "{\"node_uuid\":\"$N\",\"type\":\"iqn\",\"connector_id\":\"x\",\"uuid\":\"bad\"}"
c POST /v1/volume/connectors "{\"node_uuid\":\"$N\",\"type\":\"iqn\",\"connector_id\":\"x\",\"extra\":[]}"
c POST /v1/volume/connectors '[]'
c POST /v1/nodes/$N/volume/connectors "{\"node_uuid\":\"$N\",\"type\":\"ip\",\"connector_id\":\"y\"}"
c POST /v1/nodes/$N/volume/targets '{}'
c POST /v1/nodes/$N/volume/connectors '{"node_uuid":"1be26c0b-03f2-4d2e-ae87-c02d7f33c123","type":"a","connector_id":"b"}'
c DELETE /v1/nodes/$N/volume/connectors/$M
c PATCH /v1/nodes/$N/volume/connectors/$M '{}'
c PATCH /v1/nodes/$N/volume/connectors/1be26c0b-03f2-4d2e-ae87-c02d7f33c123 '[{"op":"remove","path":"/extra"}]'
c POST /v1/volume/connectors "{\"node_uuid\":\"$N\",\"type\":\"iqn\",\"connector_id\":\"z\"}" 1.31
c GET /v1/volume/connectors '' 1.31
c GET /v1/volume '' 1.31
c GET /v1/volume
c GET /v1/nodes/$N/volume
c GET "/v1/volume/connectors?node=$N"
c GET "/v1/volume/connectors?node=$N&detail=true"
c GET "/v1/volume/connectors?node=$N&limit=1"
c GET "/v1/volume/connectors?node=$N&limit=1&detail=true"
c GET "/v1/volume/connectors?node=$N&limit=1&detail=false&sort_key=type&sort_dir=desc"
c GET "/v1/volume/connectors/$M?fields=type"
c GET /v1/volume/connectors/bad
c GET /v1/volume/connectors/detail
c GET /v1/nodes/$N/volume/connectors/$M
c GET "/v1/volume/connectors?fields=type&detail=true"
c GET "/v1/volume/connectors?sort_key=extra"
c GET "/v1/volume/connectors?sort_key=foo"
c GET "/v1/volume/connectors?marker=1be26c0b-03f2-4d2e-ae87-c02d7f33c123"
c GET "/v1/volume/connectors?node=no-such-node"
c GET "/v1/volume/connectors?foo=1"
c PATCH /v1/volume/connectors/$M '[{"op":"add","path":"/extra/a","value":1}]'
c DELETE /v1/volume/connectors/$M
c PUT /v1/nodes/$N/states/power '{"target":"power off"}'
for _ in $(seq 1 20); do curl -s -H "$V" "$R/v1/nodes/$N" | grep -q '"power_state": "power off"' && break; sleep 0.5; done
c PATCH /v1/volume/connectors/$M '[{"op":"add","path":"/extra/a","value":1}]'
c PATCH /v1/volume/connectors/$M '[{"op":"replace","path":"/uuid","value":"x"}]'
c PATCH /v1/volume/connectors/$M '[{"op":"remove","path":"/type"}]'
c PATCH /v1/volume/connectors/$M '[{"op":"replace","path":"/node_uuid","value":"nope"}]'
c PATCH /v1/volume/connectors/1be26c0b-03f2-4d2e-ae87-c02d7f33c123 '[{"op":"remove","path":"/foo"}]'
c PATCH /v1/volume/connectors/$M '{}'
T=5a8c7b0e-6c77-4a8e-9f61-2f0e5d3c1a90
c POST /v1/volume/targets "{\"node_uuid\":\"$N\",\"volume_type\":\"iscsi\",\"boot_index\":0,\"volume_id\":\"v0\",\"uuid\":\"$T\",\"properties\":{\"auth_password\":\"secret\",\"target_lun\":0}}"
c POST /v1/volume/targets "{\"node_uuid\":\"$N\",\"volume_type\":\"iscsi\",\"boot_index\":0,\"volume_id\":\"v1\"}"
c POST /v1/volume/targets "{\"node_uuid\":\"$N\",\"volume_type\":\"iscsi\",\"boot_index\":\"2\",\"volume_id\":\"v2\"}"
c POST /v1/volume/targets "{\"node_uuid\":\"$N\",\"volume_type\":\"iscsi\",\"boot_index\":2.5,\"volume_id\":\"v2\"}"
c POST /v1/volume/targets "{\"node_uuid\":\"$N\",\"boot_index\":4,\"volume_id\":\"x\"}"
c POST /v1/volume/targets "{\"node_uuid\":\"$N\",\"volume_type\":\"iscsi\",\"boot_index\":1,\"volume_id\":\"v0\"}"
c PATCH /v1/volume/targets/$T '[{"op":"replace","path":"/boot_index","value":1}]'
c GET "/v1/volume/targets?sort_key=properties"
c GET "/v1/volume/targets/$T"
c DELETE /v1/volume/targets/$T
c DELETE /v1/volume/connectors/$M
c GET /v1/volume/connectors/$M
