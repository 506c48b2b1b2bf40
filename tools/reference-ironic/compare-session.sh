#!/usr/bin/env bash
# Runs one fixed session of the real `baremetal` CLI (and a few raw curl requests) against an Ironic v1 endpoint
# and writes a normalized transcript (UUIDs numbered by first appearance, timestamps, request ids and the endpoint
# masked, JSON keys sorted) so that two runs can be diffed:
#
#   compare-session.sh ENDPOINT OUT_FILE
#   e.g.  ref=$(tools/reference-ironic/run-reference-ironic.sh start)
#         tools/reference-ironic/compare-session.sh "$ref" /tmp/ref.txt
#         tools/reference-ironic/compare-session.sh http://127.0.0.1:6385 /tmp/ours.txt
#         diff -u /tmp/ref.txt /tmp/ours.txt
#
# The endpoint must be fresh (no nodes): the session uses fixed names and MAC addresses. Both servers should run
# fake-hardware with the same enabled interfaces, the noop and flat network interfaces (noop the default), and the
# conductor host 127.0.0.1 (reference: REF_NETWORK=flat,noop run-reference-ironic.sh start; Ironic.Actors:
# --Ironic:Conductor:Host 127.0.0.1 --Ironic:Hardware:EnabledInterfaces:network:0 noop
# --Ironic:Hardware:EnabledInterfaces:network:1 flat). Needs baremetal (python3-ironicclient), curl and python3.
set -uo pipefail

ENDPOINT="${1:?endpoint}"; OUT="${2:?output file}"
ENDPOINT="${ENDPOINT%/}"
HERE="$(cd "$(dirname "$0")" && pwd)"
WORK="$(mktemp -d -t compare-session.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
RAW="$WORK/raw.txt"; : >"$RAW"

# The CLI in noauth mode, with a private HOME (it caches the negotiated microversion per endpoint there).
export HOME="$WORK/home" OS_AUTH_TYPE=none OS_ENDPOINT="$ENDPOINT" LC_ALL=C.UTF-8 PYTHONWARNINGS=ignore
mkdir -p "$HOME"
unset OS_CLOUD OS_BAREMETAL_API_VERSION

section() { printf '\n======== %s\n' "$*" >>"$RAW"; }

bm() { # baremetal ARGS...
  local out err rc
  out=$(baremetal "$@" 2>"$WORK/err"); rc=$?
  err=$(cat "$WORK/err")
  { printf '$ baremetal %s\n' "$*"; printf 'exit %s\n' "$rc"
    [[ -n $out ]] && printf '%s\n' "$out"
    [[ -n $err ]] && printf 'stderr: %s\n' "$err"; } >>"$RAW"
  return 0
}

# curl METHOD PATH [BODY] [VERSION]: status, the API headers and the body.
H_VERSION=1.78
http() {
  local method=$1 path=$2 body=${3:-} version=${4:-$H_VERSION}
  local args=(-s -o "$WORK/body" -D "$WORK/headers" -X "$method")
  [[ -n $version ]] && args+=(-H "X-OpenStack-Ironic-API-Version: $version")
  [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  curl "${args[@]}" "$ENDPOINT$path"
  { printf '$ curl -X %s %s%s (version %s)\n' "$method" "$path" "${body:+ -d $body}" "${version:-none}"
    head -n 1 "$WORK/headers" | tr -d '\r' | sed 's/^HTTP\/[0-9.]* /status /'
    tr -d '\r' <"$WORK/headers" | tail -n +2 | awk -F': ' 'tolower($1) ~ /^(content-type|location|x-openstack-ironic-api-(minimum|maximum)-version|x-openstack-ironic-api-version|openstack-api-version|www-authenticate|allow)$/ { print "header " tolower($1) ": " $2 }' | sort
    [[ -s $WORK/body ]] && { cat "$WORK/body"; echo; }; } >>"$RAW"
}

section "discovery"
http GET / "" ""
http GET /v1 "" ""
http GET /v1 "" 1.78
http GET /v1/nodes "" 1.99
http GET /v1/nodes "" 1.0
http GET /v1/nodes "" latest
http GET /v1/nodes "" abc

section "drivers and conductors"
bm driver list -f json
bm driver list --long -f json
bm driver show fake-hardware -f json
bm driver show no-such-driver -f json
bm driver property list fake-hardware -f json
bm driver passthru list fake-hardware -f json
bm driver passthru call fake-hardware no_such_method
bm driver raid property list fake-hardware -f json
bm conductor list -f json
bm conductor list --long -f json
bm conductor show 127.0.0.1 -f json
bm conductor show no-such-host -f json

section "node create"
bm node create --driver fake-hardware --name cmp-a --property cpus=8 --property memory_mb=4096 \
  --property cpu_arch=x86_64 --driver-info ipmi_address=10.0.0.7 --driver-info ipmi_password=s3cr3t \
  --extra rack=r1 -f json
bm node create --driver fake-hardware --name cmp-b -f json
bm node create --driver fake-hardware --name cmp-a -f json
bm node create --driver no-such-driver --name cmp-x -f json
bm node create --driver fake-hardware --name 'bad name!' -f json
bm node create --driver fake-hardware --uuid not-a-uuid -f json
bm node create --driver fake-hardware --name cmp-c --power-interface no-such -f json
bm node create --driver fake-hardware --name cmp-d --resource-class baremetal-gold --network-interface noop -f json

section "node show/list"
bm node show cmp-a -f json
bm node show cmp-a --fields name uuid driver_info provision_state -f json
bm node show no-such-node -f json
bm node show 11111111-2222-3333-4444-555555555555 -f json
bm node list -f json
bm node list --long -f json
bm node list --fields name provision_state power_state -f json
bm node list --provision-state enroll -f json
bm node list --driver fake-hardware --sort name:desc -f json
bm node list --limit 1 -f json
bm node list --sort nosuchfield -f json
bm node list --resource-class baremetal-gold -f json

section "node set/unset"
bm node set cmp-a --description 'first node' --extra owner=me --property local_gb=100 \
  --driver-info ipmi_username=admin --instance-info foo=bar --resource-class gold --owner proj1 --lessee proj2
bm node show cmp-a -f json
bm node set cmp-a --name cmp-b
bm node set cmp-a --console-interface no-console --bios-interface no-bios --rescue-interface no-rescue
bm node set cmp-a --boot-interface no-such
bm node set cmp-a --conductor-group Group-1
bm node set cmp-a --automated-clean
bm node set cmp-a --protected
bm node set cmp-a --retired --retired-reason 'old hw'
bm node set cmp-a --chassis-uuid 11111111-2222-3333-4444-555555555555
bm node show cmp-a -f json
for what in --description "--extra owner" "--property local_gb" "--instance-info foo" --owner --lessee \
    --conductor-group --automated-clean --retired-reason --console-interface; do
  bm node unset cmp-a $what
done
bm node unset cmp-a --retired
bm node unset cmp-a --protected
bm node show cmp-a -f json
bm node set cmp-a --property nosuch/x=1
bm node unset cmp-a --property nosuch

section "traits"
bm node add trait cmp-a CUSTOM_GPU HW_CPU_X86_AVX2
bm node trait list cmp-a -f json
bm node add trait cmp-a lowercase_bad
bm node remove trait cmp-a CUSTOM_GPU
bm node remove trait cmp-a CUSTOM_NOPE
bm node trait list cmp-a -f json
bm node remove trait cmp-a --all
bm node trait list cmp-a -f json

section "boot device / validate / passthru"
bm node boot device set cmp-a pxe --persistent
bm node boot device show cmp-a -f json
bm node boot device show cmp-a --supported -f json
bm node boot device set cmp-a floppy
bm node validate cmp-a -f json
bm node passthru list cmp-a -f json
bm node passthru call cmp-a first_method --arg bar=baz
bm node passthru call cmp-a third_method_sync --arg bar=baz
bm node passthru call cmp-a no_such_method
bm node passthru call --http-method GET cmp-a first_method

section "power"
bm node power on cmp-a
bm node show cmp-a --fields power_state target_power_state -f json
bm node power off cmp-a
bm node show cmp-a --fields power_state target_power_state -f json
bm node reboot cmp-a
bm node show cmp-a --fields power_state -f json
bm node power on cmp-a --power-timeout 10

section "provisioning"
bm node provide cmp-a --max-retries 0
bm node deploy cmp-a --max-retries 0
bm node manage cmp-a --wait 60
bm node show cmp-a --fields provision_state target_provision_state last_error -f json
bm node provide cmp-a --wait 60
bm node show cmp-a --fields provision_state target_provision_state -f json
bm node deploy cmp-a --wait 60
bm node show cmp-a -f json
bm node list --provision-state active -f json
bm node delete cmp-a
bm node manage cmp-a --max-retries 0
bm node set cmp-a --driver-info ipmi_address=1.2.3.4
bm node set cmp-a --instance-info image_source=http://example.com/x.img
bm node undeploy cmp-a --wait 60
bm node show cmp-a --fields provision_state instance_info -f json

section "maintenance"
bm node maintenance set cmp-a --reason 'fan broken'
bm node show cmp-a --fields maintenance maintenance_reason fault -f json
bm node list --maintenance -f json
bm node maintenance unset cmp-a
bm node show cmp-a --fields maintenance maintenance_reason -f json

section "chassis"
bm chassis create --description 'rack 1' --extra loc=dc1 -f json
CHASSIS=$(baremetal chassis list -f value -c UUID | head -n 1)
bm chassis list -f json
bm chassis list --long -f json
bm chassis show "$CHASSIS" -f json
bm chassis set "$CHASSIS" --description 'rack one'
bm chassis show "$CHASSIS" --fields description -f json
bm node create --driver fake-hardware --name cmp-e --chassis-uuid "$CHASSIS" -f json
bm node list --chassis "$CHASSIS" -f json
bm chassis delete "$CHASSIS"
bm chassis show 11111111-2222-3333-4444-555555555555 -f json
bm chassis delete 11111111-2222-3333-4444-555555555555

section "ports"
NODE_A=$(baremetal node show cmp-a -f value -c uuid)
NODE_B=$(baremetal node show cmp-b -f value -c uuid)
bm port create 52:54:00:aa:bb:01 --node "$NODE_A" --extra vif=1 --local-link-connection switch_id=00:11:22:33:44:55 \
  --local-link-connection port_id=Eth1 --physical-network physnet1 -f json
bm port create 52:54:00:aa:bb:01 --node "$NODE_B" -f json
bm port create 52:54:00:AA:BB:02 --node "$NODE_B" -f json
bm port create not-a-mac --node "$NODE_B" -f json
bm port create 52:54:00:aa:bb:03 --node no-such-node -f json
bm port list -f json
bm port list --long -f json
bm port list --node "$NODE_A" -f json
bm port list --address 52:54:00:aa:bb:02 -f json
bm port list --fields address pxe_enabled -f json
PORT=$(baremetal port list --address 52:54:00:aa:bb:01 -f value -c UUID)
bm port show "$PORT" -f json
bm port show --address 52:54:00:aa:bb:01 -f json
bm port set "$PORT" --extra foo=bar --pxe-disabled
bm port set "$PORT" --address 52:54:00:aa:bb:02
bm port unset "$PORT" --extra vif
bm port show "$PORT" -f json
bm port show 11111111-2222-3333-4444-555555555555 -f json

section "portgroups"
bm port group create --node "$NODE_B" --name pg-1 --address 52:54:00:cc:dd:01 --mode 802.3ad --property miimon=100 -f json
bm port group create --node "$NODE_B" --name pg-1 -f json
bm port group create --node "$NODE_B" --name pg-2 --address bad -f json
bm port group list -f json
bm port group list --long -f json
bm port group show pg-1 -f json
bm port group set pg-1 --extra a=b --mode active-backup
bm port group show pg-1 -f json
bm port create 52:54:00:aa:bb:09 --node "$NODE_B" --port-group pg-1 -f json
bm port list --port-group pg-1 -f json
bm port group delete pg-1
bm port delete 52:54:00:aa:bb:09
P9=$(baremetal port list --address 52:54:00:aa:bb:09 -f value -c UUID)
bm port delete "$P9"
bm port group delete pg-1
bm port group show pg-1 -f json
bm port delete "$PORT"
bm port delete "$PORT"

section "raw HTTP"
http POST /v1/nodes '{"driver": "fake-hardware", "name": "raw-1"}'
http POST /v1/nodes '{"driver": "fake-hardware", "name": "raw-1"}'
http POST /v1/nodes '{"driver": "fake-hardware", "bogus": 1}'
http POST /v1/nodes '{not json'
http POST /v1/nodes ''
http GET /v1/nodes/raw-1
http GET /v1/nodes/raw-1 "" 1.4
http GET /v1/nodes/nope
http GET /v1/nodes/raw-1/states
http PATCH /v1/nodes/raw-1 '[{"op": "replace", "path": "/name", "value": "raw-2"}]'
http PATCH /v1/nodes/raw-2 '[{"op": "frobnicate", "path": "/name"}]'
http PATCH /v1/nodes/raw-2 '{"op": "replace"}'
http PATCH /v1/nodes/raw-2 '[{"op": "remove", "path": "/driver"}]'
http PATCH /v1/nodes/raw-2 '[{"op": "replace", "path": "/uuid", "value": "11111111-2222-3333-4444-555555555555"}]'
http PATCH /v1/nodes/raw-2 '[{"op": "add", "path": "/nosuchfield", "value": 1}]'
http PATCH /v1/nodes/raw-2 '[{"op": "remove", "path": "/extra/nosuch"}]'
http PUT /v1/nodes/raw-2/states/provision '{"target": "active"}'
http PUT /v1/nodes/raw-2/states/provision '{"target": "bogus"}'
http PUT /v1/nodes/raw-2/states/power '{"target": "bogus"}'
http PUT /v1/nodes/raw-2/states/provision '{"target": "manage"}'
http GET /v1/nodes/raw-2/validate
http PUT /v1/nodes/raw-2/traits/CUSTOM_X
http GET /v1/nodes/raw-2/traits
http DELETE /v1/nodes/raw-2/traits/CUSTOM_Y
http PUT /v1/nodes/raw-2/maintenance '{"reason": "r"}'
http DELETE /v1/nodes/raw-2/maintenance
http GET /v1/nodes/raw-2/management/boot_device
http GET '/v1/nodes?limit=1&sort_key=name'
http GET '/v1/nodes?limit=-1'
http GET '/v1/nodes?sort_dir=sideways'
http GET '/v1/nodes?fields=name,bogus'
http GET '/v1/nodes?provision_state=bogus'
http GET /v1/nodes/detail
http GET /v1/nodes/raw-2/ports
http GET "/v1/nodes/$NODE_B/ports?fields=address"
http POST /v1/ports "{\"address\": \"52:54:00:aa:bb:77\", \"node_uuid\": \"$NODE_B\"}"
http POST /v1/ports "{\"address\": \"52:54:00:aa:bb:77\", \"node_uuid\": \"$NODE_B\"}"
http POST /v1/ports '{"address": "52:54:00:aa:bb:78"}'
http GET /v1/ports/detail
http POST /v1/chassis '{"description": "raw"}'
http POST /v1/portgroups "{\"node_uuid\": \"$NODE_B\", \"name\": \"raw-pg\"}"
http GET /v1/conductors
http GET /v1/drivers/fake-hardware/properties
http GET /v1/drivers/fake-hardware/raid/logical_disk_properties
http GET /v1/nosuch
http DELETE /v1/nodes/raw-2
http GET /v1/nodes/raw-2

section "allocations"
bm node create --driver fake-hardware --name cmp-al1 --resource-class rc-cmp -f json
bm node create --driver fake-hardware --name cmp-al2 --resource-class rc-cmp -f json
bm node manage cmp-al1 --wait 60
bm node provide cmp-al1 --wait 60
bm node add trait cmp-al1 CUSTOM_CMP
bm allocation create --resource-class rc-cmp --trait CUSTOM_CMP --name cmp-alloc-1 --wait 30 -f json
bm allocation list -f json
bm allocation list --long -f json
bm allocation list --state active -f json
bm allocation list --resource-class rc-cmp --fields name state -f json
bm allocation list --node cmp-al1 -f json
bm allocation show cmp-alloc-1 -f json
bm allocation set cmp-alloc-1 --name cmp-alloc-2 --extra a=b
bm allocation unset cmp-alloc-2 --extra a
bm allocation show cmp-alloc-2 --fields name extra node_uuid state -f json
bm node show cmp-al1 --fields allocation_uuid instance_uuid -f json
bm allocation create --resource-class rc-none --name cmp-alloc-3 --wait 30 -f json
bm allocation show cmp-alloc-3 --fields state last_error -f json
bm allocation create --resource-class rc-cmp --candidate-node cmp-al2 --name cmp-alloc-4 --wait 30 -f json
bm allocation show cmp-alloc-4 --fields state last_error candidate_nodes -f json
bm allocation create --resource-class rc-cmp --candidate-node no-such-node -f json
http POST /v1/allocations '{}'
http POST /v1/allocations '{"resource_class": "x", "bogus": 1}'
http POST /v1/allocations '{"resource_class": "x", "traits": ["bad"]}'
http POST /v1/allocations '{"resource_class": "x", "name": "bad name!"}'
http POST /v1/allocations '{"resource_class": "x", "name": "cmp-alloc-2"}'
http POST /v1/allocations '{"resource_class": "x"}' 1.51
http GET '/v1/allocations?state=bogus'
http GET '/v1/allocations?node=no-such-node'
http GET '/v1/allocations?bogus=1'
http GET /v1/nodes/cmp-al1/allocation
http GET /v1/nodes/cmp-al2/allocation
http PATCH /v1/allocations/cmp-alloc-2 '[{"op": "replace", "path": "/resource_class", "value": "x"}]'
http PATCH /v1/allocations/cmp-alloc-2 '[{"op": "replace", "path": "/name", "value": "cmp-alloc-3"}]'
bm allocation delete cmp-alloc-2
bm node show cmp-al1 --fields allocation_uuid instance_uuid -f json
bm allocation delete cmp-alloc-2
bm allocation delete cmp-alloc-3 cmp-alloc-4
bm allocation list -f json

section "deploy templates"
STEPS='[{"interface": "bios", "step": "apply_configuration", "args": {"settings": [{"name": "A", "value": "1"}]}, "priority": 150}]'
bm deploy template create CUSTOM_CMP_T --steps "$STEPS" --extra k=v -f json
bm deploy template create CUSTOM_CMP_T --steps "$STEPS" -f json
bm deploy template create not_custom --steps "$STEPS" -f json
bm deploy template create CUSTOM_BAD --steps '[{"interface": "nope", "step": "x", "args": {}, "priority": 1}]' -f json
bm deploy template create CUSTOM_BAD --steps '[{"interface": "bios", "step": "x", "args": {}, "priority": -1}]' -f json
bm deploy template create CUSTOM_BAD --steps '[]' -f json
bm deploy template create CUSTOM_BAD --steps '[{"interface": "bios", "step": "x", "args": {}, "priority": 1}, {"interface": "bios", "step": "x", "args": {}, "priority": 2}]' -f json
bm deploy template list -f json
bm deploy template list --long -f json
bm deploy template list --fields name steps -f json
bm deploy template show CUSTOM_CMP_T -f json
bm deploy template set CUSTOM_CMP_T --name CUSTOM_CMP_T2 --extra a=b
bm deploy template unset CUSTOM_CMP_T2 --extra a
bm deploy template show CUSTOM_CMP_T2 --fields name extra steps -f json
http PATCH /v1/deploy_templates/CUSTOM_CMP_T2 '[{"op": "replace", "path": "/name", "value": "bad"}]'
http PATCH /v1/deploy_templates/CUSTOM_CMP_T2 '[{"op": "remove", "path": "/steps"}]'
http POST /v1/deploy_templates '{"name": "CUSTOM_X", "steps": [{"interface": "bios", "step": "apply_configuration", "args": {}}]}'
http POST /v1/deploy_templates '{"name": "CUSTOM_X"}'
http POST /v1/deploy_templates '{"name": "CUSTOM_X", "steps": [{"interface": "bios", "step": "apply_configuration", "args": {}, "priority": 1, "foo": 1}]}'
http POST /v1/deploy_templates "{\"name\": \"CUSTOM_X\", \"steps\": $STEPS}" 1.54
http GET '/v1/deploy_templates?bogus=1'
bm deploy template delete CUSTOM_CMP_T2
bm deploy template show CUSTOM_CMP_T2 -f json

section "volume connectors and targets"
bm node create --driver fake-hardware --name cmp-vol -f json
VOL_NODE=$(baremetal node show cmp-vol -f value -c uuid)
bm node power off cmp-vol
bm volume connector create --node "$VOL_NODE" --type iqn --connector-id iqn.2017-05.org.openstack:cmp -f json
bm volume connector create --node "$VOL_NODE" --type iqn --connector-id iqn.2017-05.org.openstack:cmp -f json
bm volume connector create --node "$VOL_NODE" --type bogus --connector-id x -f json
bm volume connector create --node cmp-vol --type ip --connector-id 10.0.0.2 -f json
bm volume connector create --node no-such-node --type ip --connector-id 10.0.0.1 -f json
bm volume connector list -f json
bm volume connector list --node "$VOL_NODE" --long -f json
CONN=$(baremetal volume connector list --node "$VOL_NODE" -f value -c UUID | head -n 1)
bm volume connector show "$CONN" -f json
bm volume connector set "$CONN" --extra a=b
bm volume connector unset "$CONN" --extra a
bm volume target create --node "$VOL_NODE" --type iscsi --boot-index 0 --volume-id vol-cmp --property target_lun=0 -f json
bm volume target create --node "$VOL_NODE" --type iscsi --boot-index 0 --volume-id vol-cmp2 -f json
bm volume target create --node "$VOL_NODE" --type iscsi --boot-index x --volume-id vol-cmp3 -f json
bm volume target list --node "$VOL_NODE" -f json
bm volume target list --long -f json
TARGET=$(baremetal volume target list --node "$VOL_NODE" -f value -c UUID | head -n 1)
bm volume target show "$TARGET" -f json
bm volume target set "$TARGET" --boot-index 1
bm node power on cmp-vol
bm volume target set "$TARGET" --boot-index 2
http GET "/v1/nodes/$VOL_NODE/volume"
http GET "/v1/nodes/$VOL_NODE/volume/targets"
bm node power off cmp-vol
bm volume target delete "$TARGET"
bm volume connector delete "$CONN"
bm volume connector delete "$CONN"

section "vifs"
bm node create --driver fake-hardware --name cmp-vif --network-interface noop -f json
VIF_NODE=$(baremetal node show cmp-vif -f value -c uuid)
bm port create 52:54:00:aa:cc:01 --node "$VIF_NODE" -f json
bm node vif attach cmp-vif vif-cmp-1
bm node vif list cmp-vif -f json
bm node vif attach cmp-vif vif-cmp-1
bm node vif attach cmp-vif vif-cmp-2
bm node vif detach cmp-vif vif-cmp-1
bm node vif detach cmp-vif vif-cmp-1
bm node vif list cmp-vif -f json
http GET /v1/nodes/cmp-vif/vifs '' 1.27
http POST /v1/nodes/cmp-vif/vifs '{}'
http POST /v1/nodes/cmp-vif/vifs '{"id": "vif-cmp-3", "bogus": 1}'
bm node create --driver fake-hardware --name cmp-flat --network-interface flat -f json
FLAT_NODE=$(baremetal node show cmp-flat -f value -c uuid)
bm port create 52:54:00:aa:cc:02 --node "$FLAT_NODE" -f json
bm port create 52:54:00:aa:cc:03 --node "$FLAT_NODE" -f json
bm node vif attach cmp-flat 4b1f2d55-1e49-4e48-a7c3-0d4a7c8c2f01
bm node vif attach cmp-flat 4b1f2d55-1e49-4e48-a7c3-0d4a7c8c2f02
bm node vif attach cmp-flat 4b1f2d55-1e49-4e48-a7c3-0d4a7c8c2f03
bm node vif list cmp-flat -f json
bm port list --node "$FLAT_NODE" --fields address internal_info -f json
bm node vif detach cmp-flat 4b1f2d55-1e49-4e48-a7c3-0d4a7c8c2f01
bm node vif list cmp-flat -f json

section "bios"
bm node manage cmp-vol --wait 60
bm node bios setting list cmp-vol -f json
bm node clean cmp-vol --wait 60 --clean-steps '[{"interface": "bios", "step": "apply_configuration", "args": {"settings": [{"name": "BootMode", "value": "Uefi", "attribute_type": "Enumeration", "allowable_values": ["Bios", "Uefi"]}, {"name": "NumLock", "value": "On"}]}}]'
bm node bios setting list cmp-vol -f json
bm node bios setting list cmp-vol --long -f json
bm node bios setting list cmp-vol --fields name read_only -f json
bm node bios setting show cmp-vol BootMode -f json
bm node bios setting show cmp-vol Nope -f json
http GET /v1/nodes/cmp-vol/bios
http GET '/v1/nodes/cmp-vol/bios?detail=True' '' 1.74
http GET /v1/nodes/cmp-vol/bios '' 1.39
http GET /v1/nodes/cmp-vol/bios/NumLock '' 1.73
bm node clean cmp-vol --wait 60 --clean-steps '[{"interface": "bios", "step": "factory_reset"}]'
bm node bios setting list cmp-vol -f json
bm node clean cmp-vol --wait 60 --clean-steps '[{"interface": "bios", "step": "apply_configuration", "args": {"settings": [{"value": "x"}]}}]'
bm node show cmp-vol --fields provision_state last_error maintenance maintenance_reason fault -f json

section "history"
bm node history list cmp-vol -f json
bm node history list cmp-vol --long -f json
http GET /v1/nodes/cmp-vol/history '' 1.77
http GET '/v1/nodes/cmp-vol/history?detail=True'
http GET /v1/nodes/cmp-vol/history/11111111-2222-3333-4444-555555555555
bm node maintenance unset cmp-vol
bm node manage cmp-vol --wait 60

section "console"
bm node console show cmp-vol -f json
bm node console enable cmp-vol
bm node console show cmp-vol -f json
bm node console disable cmp-vol
bm node console show cmp-vol -f json
http PUT /v1/nodes/cmp-vol/states/console '{"enabled": "maybe"}'
http PUT /v1/nodes/cmp-vol/states/console '{}'
bm node set cmp-vol --console-interface no-console
bm node console enable cmp-vol
bm node unset cmp-vol --console-interface

section "raid"
bm node set cmp-vol --target-raid-config '{"logical_disks": [{"size_gb": 100, "raid_level": "1", "is_root_volume": true}]}'
bm node show cmp-vol --fields target_raid_config raid_config -f json
bm node set cmp-vol --target-raid-config '{"logical_disks": [{"size_gb": 100, "raid_level": "42"}]}'
bm node set cmp-vol --target-raid-config '{"logical_disks": [{"raid_level": "1"}]}'
http PUT /v1/nodes/cmp-vol/states/raid '{"logical_disks": []}'
http PUT /v1/nodes/cmp-vol/states/raid '{"logical_disks": [{"size_gb": "MAX", "raid_level": "0"}]}' 1.11
http PUT /v1/nodes/cmp-vol/states/raid '{"logical_disks": [{"size_gb": "MAX", "raid_level": "0", "bogus": 1}]}'
http GET /v1/nodes/cmp-vol/states
bm node set cmp-vol --raid-interface no-raid
bm node set cmp-vol --target-raid-config '{"logical_disks": [{"size_gb": 100, "raid_level": "1"}]}'

section "shards"
http PATCH /v1/nodes/cmp-vol '[{"op": "add", "path": "/shard", "value": "shard-1"}]' 1.82
http PATCH /v1/nodes/cmp-vif '[{"op": "add", "path": "/shard", "value": "shard-1"}]' 1.82
http PATCH /v1/nodes/cmp-flat '[{"op": "add", "path": "/shard", "value": "shard-2"}]' 1.82
http PATCH /v1/nodes/cmp-al2 '[{"op": "add", "path": "/shard", "value": "x"}]' 1.81
http GET /v1/shards '' 1.82
http GET /v1/shards '' 1.81
http GET '/v1/nodes?shard=shard-1&fields=name,shard&sort_key=name' '' 1.82
http GET '/v1/nodes?sharded=true&fields=name,shard&sort_key=name' '' 1.82
http GET '/v1/nodes?sharded=false&fields=name&sort_key=name&limit=3' '' 1.82
http GET '/v1/nodes?shard=shard-1' '' 1.81
http GET '/v1/ports?shard=shard-2&fields=address' '' 1.82
bm node list --shards shard-1 shard-2 --fields name shard -f json

section "deletes"
bm node delete cmp-b
bm node delete cmp-c cmp-d cmp-e cmp-a-nope
bm node undeploy cmp-a --wait 60
bm node delete cmp-a
bm node delete cmp-al1 cmp-al2 cmp-vol cmp-vif cmp-flat
bm node list -f json
bm port list -f json

python3 "$HERE/normalize.py" "$ENDPOINT" <"$RAW" >"$OUT"
echo "$OUT"
