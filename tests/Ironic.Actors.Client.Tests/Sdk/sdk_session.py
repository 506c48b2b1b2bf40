"""One openstacksdk session against an Ironic v1 endpoint, for tests/Ironic.Actors.Client.Tests (SdkTests).

Usage: python3 sdk_session.py ENDPOINT NAME_PREFIX MAC
Connects with auth_type "none" and a baremetal endpoint override (no keystone, no clouds.yaml), drives one node
through its life and prints one JSON object with what the SDK saw, for the C# test to assert on. A step that
raises ends the session: its error is reported under "failed" with the step's name.
"""
import json
import sys

import openstack
from openstack import exceptions

endpoint, prefix, mac = sys.argv[1], sys.argv[2], sys.argv[3]
out = {"steps": []}


def step(name):
    out["steps"].append(name)


def node_view(node):
    return {"id": node.id, "name": node.name, "provision_state": node.provision_state,
            "power_state": node.power_state, "driver": node.driver, "extra": node.extra,
            "properties": node.properties, "is_maintenance": node.is_maintenance}


try:
    conn = openstack.connect(auth_type="none", baremetal_endpoint_override=endpoint, baremetal_api_version="1")
    bm = conn.baremetal
    name = prefix + "-node"

    step("create")
    node = bm.create_node(driver="fake-hardware", name=name, provision_state="enroll",
                          properties={"cpus": 4, "memory_mb": 8192}, driver_info={"ipmi_password": "secret"})
    out["created"] = node_view(node)
    out["created_driver_info"] = node.driver_info

    step("list")
    out["listed_names"] = [n.name for n in bm.nodes()]

    step("get")
    out["got"] = node_view(bm.get_node(name))

    step("patch")
    patched = bm.patch_node(name, [{"op": "add", "path": "/extra/rack", "value": "r7"},
                                   {"op": "replace", "path": "/properties/cpus", "value": 8}])
    out["patched"] = node_view(patched)

    step("update")
    out["updated"] = node_view(bm.update_node(name, description="set by openstacksdk"))

    step("manage")
    out["managed"] = node_view(bm.set_node_provision_state(name, "manage", wait=True, timeout=120))
    step("provide")
    out["provided"] = node_view(bm.set_node_provision_state(name, "provide", wait=True, timeout=120))

    step("power on")
    bm.set_node_power_state(name, "power on", wait=True, timeout=120)
    out["powered_on"] = bm.get_node(name).power_state

    step("port create")
    port = bm.create_port(address=mac, node_id=node.id, extra={"made_by": "sdk"})
    out["port"] = {"id": port.id, "address": port.address, "node_id": port.node_id, "extra": port.extra}
    step("port list")
    out["port_addresses"] = [p.address for p in bm.ports(node=node.id, details=True)]

    step("error")
    try:
        bm.create_port(address=mac, node_id=node.id)
        out["duplicate_port_error"] = None
    except exceptions.SDKException as e:
        out["duplicate_port_error"] = {"type": type(e).__name__, "status": getattr(e, "status_code", None), "message": str(e)}
    try:
        bm.get_node(prefix + "-missing")
        out["missing_node_error"] = None
    except exceptions.SDKException as e:
        out["missing_node_error"] = {"type": type(e).__name__, "status": getattr(e, "status_code", None), "message": str(e)}

    step("port delete")
    bm.delete_port(port.id, ignore_missing=False)
    out["ports_after_delete"] = [p.address for p in bm.ports(node=node.id)]

    step("deploy")
    out["deployed"] = node_view(bm.set_node_provision_state(name, "active", wait=True, timeout=120))
    step("power off")
    bm.set_node_power_state(name, "power off", wait=True, timeout=120)
    out["powered_off"] = bm.get_node(name).power_state

    step("undeploy")
    out["undeployed"] = node_view(bm.set_node_provision_state(name, "deleted", wait=True, timeout=120))

    step("delete")
    bm.delete_node(name, ignore_missing=False)
    out["names_after_delete"] = [n.name for n in bm.nodes() if n.name == name]
except Exception as e:  # reported to the test, which shows it
    out["failed"] = {"step": out["steps"][-1] if out["steps"] else None, "type": type(e).__name__, "message": str(e)}

print(json.dumps(out, indent=1, sort_keys=True))
