#!/usr/bin/env bash
# Records Ironic 21.4's answers about its drivers for DriverReferenceTests: start the reference with Ironic.Actors'
# default hardware types and interfaces (REF_HARDWARE=defaults run-reference-ironic.sh start), then
# `capture-drivers.sh ENDPOINT > tests/Ironic.Actors.Gateway.Tests/Reference/drivers-ironic-21.4.txt`.
# Each exchange: "== METHOD PATH [BODY] VERSION", then the body and the status.
# Host names (the conductor's, 127.0.0.1) and link URLs appear as they were.
set -euo pipefail
R=${1:?endpoint}
c() { echo "== $1 $2 ${3:-} ${4:-1.82}"; curl -s -w '\n[%{http_code}]\n' -X "$1" -H "X-OpenStack-Ironic-API-Version: ${4:-1.82}" \
  -H 'Content-Type: application/json' ${3:+-d "$3"} "$R$2"; }
c GET /v1/drivers
c GET /v1/drivers '' 1.1
c GET "/v1/drivers?detail=true"
c GET "/v1/drivers?type=dynamic"
c GET "/v1/drivers?type=classic"
c GET /v1/drivers/ipmi
c GET /v1/drivers/redfish
c GET /v1/drivers/fake-hardware
c GET /v1/drivers/ipmi '' 1.1
c GET /v1/drivers/ipmi/properties
c GET /v1/drivers/redfish/properties
c GET /v1/drivers/fake-hardware/properties
c GET /v1/drivers/ipmi/raid/logical_disk_properties
c GET /v1/drivers/redfish/raid/logical_disk_properties
