namespace Ironic.Actors.Gateway.Versioning;

/// <summary>
/// The microversions that introduced features, by name, as Ironic's <c>api/controllers/v1/versions.py</c> documents
/// them (each constant is the minor of 1.N). Per-field tables (node fields, list filters, announced resources) keep
/// their numbers as data; code that tests a version names it here.
/// </summary>
public static partial class Versions
{
    /// <summary>1.2: the <c>available</c> provision state (shown as null before, Ironic's old NOSTATE).</summary>
    public const int AvailableState = 2;

    /// <summary>1.5: nodes have a <c>name</c>, and may be addressed by it.</summary>
    public const int NodeNames = 5;

    /// <summary>1.8: the <c>fields</c> query parameter selects what a list or a resource shows.</summary>
    public const int FieldsParameter = 8;

    /// <summary>1.10: logical names (RFC 3986 unreserved characters) instead of host names for node and portgroup names.</summary>
    public const int LogicalNames = 10;

    /// <summary>1.11: new nodes start in <c>enroll</c> instead of <c>available</c>.</summary>
    public const int EnrollState = 11;

    /// <summary>1.12: RAID: <c>raid_config</c>/<c>target_raid_config</c>, <c>PUT …/states/raid</c>, drivers' RAID logical-disk properties.</summary>
    public const int Raid = 12;

    /// <summary>1.14: the <c>properties</c> link of a driver (<c>/v1/drivers/{name}/properties</c>).</summary>
    public const int DriverPropertiesLink = 14;

    /// <summary>1.22: the ramdisk's endpoints, <c>/v1/lookup</c> and <c>/v1/heartbeat</c>.</summary>
    public const int RamdiskEndpoints = 22;

    /// <summary>1.23: portgroups.</summary>
    public const int Portgroups = 23;

    /// <summary>1.24: portgroup sub-resources (<c>/nodes/{id}/portgroups</c>, <c>/portgroups/{id}/ports</c>) and a port's <c>portgroup_uuid</c>.</summary>
    public const int PortgroupSubResources = 24;

    /// <summary>1.25: a node's <c>chassis_uuid</c> may be removed (unset).</summary>
    public const int UnsetChassis = 25;

    /// <summary>1.26: a portgroup's <c>mode</c> and <c>properties</c>.</summary>
    public const int PortgroupMode = 26;

    /// <summary>1.27: soft power off and soft reboot, and the power <c>timeout</c>.</summary>
    public const int SoftPowerAndTimeout = 27;

    /// <summary>1.28: VIFs (<c>/v1/nodes/{id}/vifs</c>).</summary>
    public const int Vifs = 28;

    /// <summary>1.30: dynamic drivers (hardware types): <c>type</c> and <c>detail</c> on driver lists, interface fields in detail.</summary>
    public const int DynamicDrivers = 30;

    /// <summary>1.33: the storage interface.</summary>
    public const int StorageInterface = 33;

    /// <summary>1.35: a config drive may be given with <c>rebuild</c>.</summary>
    public const int RebuildConfigDrive = 35;

    /// <summary>1.36: the agent may send <c>agent_version</c> with its heartbeat.</summary>
    public const int AgentVersionInHeartbeat = 36;

    /// <summary>1.37: node traits (<c>/v1/nodes/{id}/traits</c>).</summary>
    public const int Traits = 37;

    /// <summary>1.38: rescue (the rescue interface).</summary>
    public const int Rescue = 38;

    /// <summary>1.39: the <c>inspect wait</c> state (shown as <c>inspecting</c> before); ports of an inspecting node are locked.</summary>
    public const int InspectWait = 39;

    /// <summary>1.40: BIOS (the bios interface and <c>/v1/nodes/{id}/bios</c>).</summary>
    public const int Bios = 40;

    /// <summary>1.43: the <c>detail</c> query parameter on lists.</summary>
    public const int DetailParameter = 43;

    /// <summary>1.45: <c>reset_interfaces</c> on a node patch.</summary>
    public const int ResetInterfaces = 45;

    /// <summary>1.49: conductors (<c>/v1/conductors</c>) and a node's <c>conductor</c>.</summary>
    public const int Conductors = 49;

    /// <summary>1.52: allocations (<c>/v1/allocations</c>).</summary>
    public const int Allocations = 52;

    /// <summary>1.55: deploy templates (<c>/v1/deploy_templates</c>).</summary>
    public const int DeployTemplates = 55;

    /// <summary>1.56: a config drive may be a JSON object (meta_data, network_data, user_data).</summary>
    public const int ConfigDriveJson = 56;

    /// <summary>1.57: allocations may be patched.</summary>
    public const int AllocationUpdate = 57;

    /// <summary>1.58: an allocation may name its <c>node</c> (backfilling an already deployed node).</summary>
    public const int AllocationBackfill = 58;

    /// <summary>1.59: a JSON config drive may carry <c>vendor_data</c>.</summary>
    public const int ConfigDriveVendorData = 59;

    /// <summary>1.60: allocations have an <c>owner</c>.</summary>
    public const int AllocationOwner = 60;

    /// <summary>1.62: the agent token (issued at lookup).</summary>
    public const int AgentToken = 62;

    /// <summary>1.64: <c>network_type</c> in a port's <c>local_link_connection</c>.</summary>
    public const int LocalLinkNetworkType = 64;

    /// <summary>1.67: a VIF may name the port or portgroup to attach to.</summary>
    public const int VifPortChoice = 67;

    /// <summary>1.68: the agent may send <c>agent_verify_ca</c> with its heartbeat.</summary>
    public const int VerifyCaInHeartbeat = 68;

    /// <summary>1.69: <c>deploy_steps</c> with the <c>active</c> and <c>rebuild</c> provision verbs.</summary>
    public const int DeploySteps = 69;

    /// <summary>1.70: <c>disable_ramdisk</c> with manual cleaning.</summary>
    public const int DisableRamdisk = 70;

    /// <summary>1.72: the agent may send <c>agent_status</c> and <c>agent_status_message</c> with its heartbeat.</summary>
    public const int StatusInHeartbeat = 72;

    /// <summary>1.74: BIOS settings show their registry fields (attribute_type, allowable_values, bounds, …); <c>detail</c>/<c>fields</c> on them.</summary>
    public const int BiosRegistryFields = 74;

    /// <summary>1.75: a node's <c>boot_mode</c> and <c>secure_boot</c>.</summary>
    public const int BootModeFields = 75;

    /// <summary>1.77: the <c>fields</c> query parameter on drivers.</summary>
    public const int DriverFields = 77;

    /// <summary>1.78: node history (<c>/v1/nodes/{id}/history</c>).</summary>
    public const int History = 78;

    /// <summary>1.81: node inventory (<c>/v1/nodes/{id}/inventory</c>).</summary>
    public const int Inventory = 81;

    /// <summary>1.82: shards: <c>/v1/shards</c>, a node's <c>shard</c>, the <c>shard</c>/<c>sharded</c> filters.</summary>
    public const int Shards = 82;
}
