#!/usr/bin/env bash
# Starts or stops a REAL OpenStack Ironic 21.4 (Debian packages ironic-api + ironic-conductor) on loopback,
# to compare Ironic.Actors with it (see compare-session.sh). A developer tool: the test suite never needs it.
#
#   run-reference-ironic.sh install        apt-get install ironic-api ironic-conductor (root), without starting services
#   run-reference-ironic.sh start [PORT]   writes the config, creates the sqlite schema, starts both daemons;
#                                          prints the endpoint (PORT: default a free loopback port)
#   run-reference-ironic.sh stop           stops the daemons this script started
#   run-reference-ironic.sh status         prints the endpoint if running
#
# Env: REF_DIR (default /tmp/ironic-ref): config, database, logs and pid files; wiped by `start`.
#      API_WORKERS (default 1): ironic-api worker processes.
#      REF_HARDWARE=all: also enable the ipmi and redfish hardware types, with the ipmitool and redfish power and
#      management interfaces (and pxe boot, direct deploy, which Ironic requires for them), to compare
#      e.g. GET /v1/drivers/{ipmi,redfish}/properties with Ironic.Actors started with the same hardware types.
#      REF_HARDWARE=defaults: Ironic.Actors' default hardware types and interfaces (HardwareOptions): fake-hardware, ipmi,
#      redfish; boot fake,redfish-virtual-media,ipxe,pxe; deploy fake,direct,ramdisk; inspect fake,no-inspect,redfish;
#      raid fake,no-raid,agent; power and management fake,ipmitool,redfish (capture-drivers.sh).
#      REF_TYPES, REF_BOOT: replace the enabled hardware types / boot interfaces chosen above, e.g. REF_TYPES=fake-hardware,redfish
#      REF_BOOT=fake,redfish-virtual-media makes redfish-virtual-media redfish's default boot interface, as in Ironic.Actors.
#      REF_STORAGE (default noop): the enabled storage interfaces, e.g. REF_STORAGE=noop,cinder to compare the cinder
#      interface's validation of volume connectors and targets (no Cinder service is needed to validate).
#      REF_NETWORK (default noop): the enabled network interfaces, e.g. REF_NETWORK=flat,noop to compare VIF
#      attach/detach with the flat interface (no neutron: Ironic's flat interface reaches neutron only for a port
#      that has an address); the default network interface stays noop. When flat is enabled, a stand-in neutron
#      (fake-neutron.py: any network and port exist) is started beside the reference, so flat validates and attaches.
# Set-up: sqlite, auth_strategy=noauth, rpc_transport=json-rpc (noauth, 127.0.0.1), fake-hardware with the fake
# and no-op interfaces that Ironic.Actors enables by default, no keystone/glance/neutron/inspector. The conductor's
# `host` is 127.0.0.1 because Ironic 21.4's json-rpc client connects to the conductor by its host name.
set -euo pipefail

REF_DIR="${REF_DIR:-/tmp/ironic-ref}"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

install() {
  # Debian's maintainer scripts would start the services; policy-rc.d (exit 101) forbids that during the install.
  local policy=/usr/sbin/policy-rc.d created=0
  if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; created=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y ironic-api ironic-conductor
  [[ $created == 1 ]] && rm -f "$policy"
  # Keep the packaged services from starting at boot (systemd, or the sysv init scripts).
  if command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
    systemctl disable --now ironic-api ironic-conductor 2>/dev/null || true
  fi
  if command -v update-rc.d >/dev/null; then
    update-rc.d ironic-api disable >/dev/null 2>&1 || true
    update-rc.d ironic-conductor disable >/dev/null 2>&1 || true
  fi
}

write_config() { # api_port rpc_port
  local types=fake-hardware boot=fake deploy=fake management=fake power=fake inspect=fake,no-inspect raid=fake,no-raid
  if [[ ${REF_HARDWARE:-} == all ]]; then
    types=fake-hardware,ipmi,redfish boot=fake,pxe deploy=fake,direct
    management=fake,ipmitool,redfish power=fake,ipmitool,redfish
  elif [[ ${REF_HARDWARE:-} == defaults ]]; then
    types=fake-hardware,ipmi,redfish boot=fake,redfish-virtual-media,ipxe,pxe deploy=fake,direct,ramdisk
    management=fake,ipmitool,redfish power=fake,ipmitool,redfish inspect=fake,no-inspect,redfish raid=fake,no-raid,agent
  fi
  types=${REF_TYPES:-$types} boot=${REF_BOOT:-$boot}
  cat >"$REF_DIR/ironic.conf" <<CONF
[DEFAULT]
host = 127.0.0.1
auth_strategy = noauth
rpc_transport = json-rpc
debug = false
log_dir = $REF_DIR
state_path = $REF_DIR
enabled_hardware_types = $types
enabled_bios_interfaces = fake,no-bios
enabled_boot_interfaces = $boot
enabled_console_interfaces = fake,no-console
enabled_deploy_interfaces = $deploy
enabled_inspect_interfaces = $inspect
enabled_management_interfaces = $management
enabled_network_interfaces = ${REF_NETWORK:-noop}
enabled_power_interfaces = $power
enabled_raid_interfaces = $raid
enabled_rescue_interfaces = fake,no-rescue
enabled_storage_interfaces = ${REF_STORAGE:-noop}
enabled_vendor_interfaces = fake,no-vendor
default_network_interface = noop

[api]
host_ip = 127.0.0.1
port = $1
api_workers = ${API_WORKERS:-1}

[json_rpc]
auth_strategy = noauth
host_ip = 127.0.0.1
port = $2

[database]
connection = sqlite:///$REF_DIR/ironic.db

[dhcp]
dhcp_provider = none

[neutron]
auth_type = none
endpoint_override = http://127.0.0.1:$3
cleaning_network = 5f4a3a3c-61c2-4bd3-a5d3-3c1d8b2a9e10
provisioning_network = 5f4a3a3c-61c2-4bd3-a5d3-3c1d8b2a9e10

[conductor]
# Ironic.Actors' fake power state sync is not what is compared; keep the reference quiet.
sync_power_state_interval = -1

[oslo_concurrency]
lock_path = $REF_DIR/lock

[pxe]
tftp_root = $REF_DIR/tftpboot

[deploy]
http_root = $REF_DIR/httpboot
CONF
}

running() { [[ -f $REF_DIR/$1.pid ]] && kill -0 "$(cat "$REF_DIR/$1.pid")" 2>/dev/null; }

start() {
  command -v ironic-api >/dev/null || { echo "ironic-api is not installed: $0 install" >&2; exit 1; }
  if running api || running conductor; then echo "already running: $(cat "$REF_DIR/endpoint")"; return 0; fi
  local api_port="${1:-$(free_port)}" rpc_port
  rpc_port=$(free_port)
  rm -rf "$REF_DIR"; mkdir -p "$REF_DIR/lock" "$REF_DIR/tftpboot" "$REF_DIR/httpboot"
  local neutron_port; neutron_port=$(free_port)
  write_config "$api_port" "$rpc_port" "$neutron_port"
  if [[ ${REF_NETWORK:-noop} == *flat* ]]; then
    setsid python3 "$(dirname "$0")/fake-neutron.py" "$neutron_port" >"$REF_DIR/neutron.out" 2>&1 </dev/null &
    echo $! >"$REF_DIR/neutron.pid"
  fi
  ironic-dbsync --config-file "$REF_DIR/ironic.conf" create_schema >"$REF_DIR/dbsync.log" 2>&1
  setsid ironic-conductor --config-file "$REF_DIR/ironic.conf" --log-file "$REF_DIR/conductor.log" \
    >"$REF_DIR/conductor.out" 2>&1 </dev/null & echo $! >"$REF_DIR/conductor.pid"
  setsid ironic-api --config-file "$REF_DIR/ironic.conf" --log-file "$REF_DIR/api.log" \
    >"$REF_DIR/api.out" 2>&1 </dev/null & echo $! >"$REF_DIR/api.pid"
  local endpoint="http://127.0.0.1:$api_port"
  echo "$endpoint" >"$REF_DIR/endpoint"
  # Ready when the API answers and the conductor has registered fake-hardware.
  for _ in $(seq 1 120); do
    if curl -sf "$endpoint/v1/drivers" 2>/dev/null | grep -q fake-hardware; then echo "$endpoint"; return 0; fi
    running api && running conductor || break
    sleep 0.5
  done
  echo "reference Ironic did not start; logs in $REF_DIR" >&2
  tail -n 20 "$REF_DIR"/conductor.log "$REF_DIR"/api.log >&2 || true
  stop; exit 1
}

stop() {
  local name pid
  for name in api conductor neutron; do
    [[ -f $REF_DIR/$name.pid ]] || continue
    pid=$(cat "$REF_DIR/$name.pid")
    # Each daemon runs in its own session (setsid): stop its process group (oslo.service forks workers).
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$REF_DIR/$name.pid"
  done
}

case "${1:-}" in
  install) install ;;
  start) start "${2:-}" ;;
  stop) stop ;;
  status) if running api && running conductor; then cat "$REF_DIR/endpoint"; else echo "not running"; exit 1; fi ;;
  *) sed -n '2,9p' "$0" >&2; exit 2 ;;
esac
