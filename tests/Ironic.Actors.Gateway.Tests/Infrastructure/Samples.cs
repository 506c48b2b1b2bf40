namespace Ironic.Actors.Gateway.Tests.Infrastructure;

/// <summary>
/// Bodies recorded from the real Ironic 21.4 (/work/shared/reference/ironic-21.4-http-samples.txt) with the
/// run-specific parts replaced by placeholders: {base} (scheme://host:port), {uuid}, {name}, {host} (conductor).
/// </summary>
public static class Samples
{
    /// <summary>GET / (no headers).</summary>
    public const string Root = """
        {"name": "OpenStack Ironic API", "description": "Ironic is an OpenStack project which enables the provision and management of baremetal machines.", "default_version": {"id": "v1", "links": [{"href": "{base}/v1/", "rel": "self"}], "status": "CURRENT", "min_version": "1.1", "version": "1.82"}, "versions": [{"id": "v1", "links": [{"href": "{base}/v1/", "rel": "self"}], "status": "CURRENT", "min_version": "1.1", "version": "1.82"}]}
        """;

    /// <summary>GET /v1 with no version header (1.1).</summary>
    public const string V1At11 = """
        {"id": "v1", "links": [{"href": "{base}/v1/", "rel": "self"}, {"href": "https://docs.openstack.org//ironic/latest/contributor//webapi.html", "rel": "describedby", "type": "text/html"}], "media_types": {"base": "application/json", "type": "application/vnd.openstack.ironic.v1+json"}, "chassis": [{"href": "{base}/v1/chassis/", "rel": "self"}, {"href": "{base}/chassis/", "rel": "bookmark"}], "nodes": [{"href": "{base}/v1/nodes/", "rel": "self"}, {"href": "{base}/nodes/", "rel": "bookmark"}], "ports": [{"href": "{base}/v1/ports/", "rel": "self"}, {"href": "{base}/ports/", "rel": "bookmark"}], "drivers": [{"href": "{base}/v1/drivers/", "rel": "self"}, {"href": "{base}/drivers/", "rel": "bookmark"}], "version": {"id": "v1", "links": [{"href": "{base}/v1/", "rel": "self"}], "status": "CURRENT", "min_version": "1.1", "version": "1.82"}}
        """;

    /// <summary>GET /v1 with version "latest" (1.82).</summary>
    public const string V1Latest = """
        {"id": "v1", "links": [{"href": "{base}/v1/", "rel": "self"}, {"href": "https://docs.openstack.org//ironic/latest/contributor//webapi.html", "rel": "describedby", "type": "text/html"}], "media_types": {"base": "application/json", "type": "application/vnd.openstack.ironic.v1+json"}, "chassis": [{"href": "{base}/v1/chassis/", "rel": "self"}, {"href": "{base}/chassis/", "rel": "bookmark"}], "nodes": [{"href": "{base}/v1/nodes/", "rel": "self"}, {"href": "{base}/nodes/", "rel": "bookmark"}], "ports": [{"href": "{base}/v1/ports/", "rel": "self"}, {"href": "{base}/ports/", "rel": "bookmark"}], "drivers": [{"href": "{base}/v1/drivers/", "rel": "self"}, {"href": "{base}/drivers/", "rel": "bookmark"}], "version": {"id": "v1", "links": [{"href": "{base}/v1/", "rel": "self"}], "status": "CURRENT", "min_version": "1.1", "version": "1.82"}, "portgroups": [{"href": "{base}/v1/portgroups/", "rel": "self"}, {"href": "{base}/portgroups/", "rel": "bookmark"}], "volume": [{"href": "{base}/v1/volume/", "rel": "self"}, {"href": "{base}/volume/", "rel": "bookmark"}], "lookup": [{"href": "{base}/v1/lookup/", "rel": "self"}, {"href": "{base}/lookup/", "rel": "bookmark"}], "heartbeat": [{"href": "{base}/v1/heartbeat/", "rel": "self"}, {"href": "{base}/heartbeat/", "rel": "bookmark"}], "conductors": [{"href": "{base}/v1/conductors/", "rel": "self"}, {"href": "{base}/conductors/", "rel": "bookmark"}], "allocations": [{"href": "{base}/v1/allocations/", "rel": "self"}, {"href": "{base}/allocations/", "rel": "bookmark"}], "events": [{"href": "{base}/v1/events/", "rel": "self"}, {"href": "{base}/events/", "rel": "bookmark"}], "deploy_templates": [{"href": "{base}/v1/deploy_templates/", "rel": "self"}, {"href": "{base}/deploy_templates/", "rel": "bookmark"}], "shards": [{"href": "{base}/v1/shards/", "rel": "self"}, {"href": "{base}/shards/", "rel": "bookmark"}]}
        """;

    /// <summary>POST /v1/nodes {"driver": "fake-hardware", "name": ..., "properties": {"cpus": 2}} at 1.78, as created (enroll).</summary>
    public const string NodeCreatedAt178 = """
        {"uuid": "{uuid}", "created_at": "2026-11-24T23:31:11+00:00", "updated_at": null, "automated_clean": null, "bios_interface": "fake", "boot_interface": "fake", "boot_mode": null, "clean_step": {}, "conductor_group": "", "console_enabled": false, "console_interface": "fake", "deploy_interface": "fake", "deploy_step": {}, "description": null, "driver": "fake-hardware", "driver_info": {}, "driver_internal_info": {}, "extra": {}, "fault": null, "inspection_finished_at": null, "inspection_started_at": null, "inspect_interface": "fake", "instance_info": {}, "instance_uuid": null, "last_error": null, "lessee": null, "maintenance": false, "maintenance_reason": null, "management_interface": "fake", "name": "{name}", "network_data": {}, "network_interface": "noop", "owner": null, "power_interface": "fake", "power_state": null, "properties": {"cpus": 2}, "protected": false, "protected_reason": null, "provision_state": "enroll", "provision_updated_at": null, "raid_config": {}, "raid_interface": "fake", "rescue_interface": "fake", "reservation": null, "resource_class": null, "retired": false, "retired_reason": null, "secure_boot": null, "storage_interface": "noop", "target_power_state": null, "target_provision_state": null, "target_raid_config": {}, "traits": [], "vendor_interface": "fake", "links": [{"href": "{base}/v1/nodes/{uuid}", "rel": "self"}, {"href": "{base}/nodes/{uuid}", "rel": "bookmark"}], "conductor": "{host}", "allocation_uuid": null, "chassis_uuid": null, "ports": [{"href": "{base}/v1/nodes/{uuid}/ports", "rel": "self"}, {"href": "{base}/nodes/{uuid}/ports", "rel": "bookmark"}], "states": [{"href": "{base}/v1/nodes/{uuid}/states", "rel": "self"}, {"href": "{base}/nodes/{uuid}/states", "rel": "bookmark"}], "portgroups": [{"href": "{base}/v1/nodes/{uuid}/portgroups", "rel": "self"}, {"href": "{base}/nodes/{uuid}/portgroups", "rel": "bookmark"}], "volume": [{"href": "{base}/v1/nodes/{uuid}/volume", "rel": "self"}, {"href": "{base}/nodes/{uuid}/volume", "rel": "bookmark"}]}
        """;

    /// <summary>The same node, GET with no version header (1.1 view).</summary>
    public const string NodeAt11 = """
        {"uuid": "{uuid}", "created_at": "2026-11-24T23:31:11.277731+00:00", "updated_at": null, "console_enabled": false, "driver": "fake-hardware", "driver_info": {}, "extra": {}, "instance_info": {}, "instance_uuid": null, "last_error": null, "maintenance": false, "maintenance_reason": null, "power_state": null, "properties": {"cpus": 2}, "provision_state": "enroll", "provision_updated_at": null, "reservation": null, "target_power_state": null, "target_provision_state": null, "links": [{"href": "{base}/v1/nodes/{uuid}", "rel": "self"}, {"href": "{base}/nodes/{uuid}", "rel": "bookmark"}], "chassis_uuid": null, "ports": [{"href": "{base}/v1/nodes/{uuid}/ports", "rel": "self"}, {"href": "{base}/nodes/{uuid}/ports", "rel": "bookmark"}]}
        """;

    /// <summary>Keys of GET /v1/nodes/{id}/states at 1.78, in order.</summary>
    public static readonly string[] StatesKeysAt178 =
    [
        "console_enabled",
        "last_error",
        "power_state",
        "provision_state",
        "target_power_state",
        "target_provision_state",
        "provision_updated_at",
        "raid_config",
        "target_raid_config",
        "boot_mode",
        "secure_boot",
    ];
}
