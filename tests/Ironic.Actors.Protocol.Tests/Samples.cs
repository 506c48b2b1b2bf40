using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Protocol.Conductors;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Queries;
using Ironic.Actors.Protocol.Registry;
using Ironic.Actors.Protocol.Serialization;
using NUnit.Framework;

namespace Ironic.Actors.Protocol.Tests;

/// <summary>
/// Realistic sample values of every serializable type: every property set (nullables non-null), JSON
/// objects non-empty and nested, timestamps with non-zero offsets and sub-millisecond ticks.
/// Every call builds fresh instances, so no <see cref="JsonNode"/> is ever shared between two parents.
/// </summary>
/// <remarks>
/// The files in <c>Fixtures/</c> were written from <see cref="FullNode"/>, <see cref="MinimalNode"/>, the ids and
/// <see cref="CreatedAt"/>/<see cref="UpdatedAt"/> (see <see cref="StoredEventCompatibilityTests"/>): do not change
/// those values; add new builders instead.
/// </remarks>
internal static class Samples
{
    public static readonly Guid NodeId = Guid.Parse("1be26c0b-03f2-4d2d-ae87-c02d7f33c123");
    public static readonly Guid OtherNodeId = Guid.Parse("8f3a1c55-9e0b-4d7e-b1a2-6c4d2e9f0a17");
    public const string InstanceUuid = "2a4f6c88-91de-4b3b-8c0e-5f1a7d9e3b42";
    public const string ChassisUuid = "e0c9f1b2-7a3d-4c5e-9f80-1b2c3d4e5f60";

    /// <summary>2024-03-01 12:30:45.1234567 at UTC+02:00.</summary>
    public static readonly DateTimeOffset CreatedAt =
        new DateTimeOffset(2024, 3, 1, 12, 30, 45, TimeSpan.FromHours(2)).AddTicks(1_234_567);

    /// <summary>A later instant at UTC-03:30, so offsets must survive, not just instants.</summary>
    public static readonly DateTimeOffset UpdatedAt =
        new DateTimeOffset(2024, 3, 2, 8, 5, 1, TimeSpan.FromMinutes(-210)).AddTicks(9_876_543);

    public static readonly DateTimeOffset EventAt =
        new DateTimeOffset(2024, 3, 3, 23, 59, 59, TimeSpan.FromHours(5.75)).AddTicks(1);

    public static NodeInterfaces Interfaces() => new(
        Bios: "no-bios", Boot: "ipxe", Console: "ipmitool-socat", Deploy: "direct", Inspect: "agent",
        Management: "ipmitool", Network: "flat", Power: "ipmitool", Raid: "agent", Rescue: "agent",
        Storage: "noop", Vendor: "ipmitool");

    /// <summary>A node with every field set to a non-default value.</summary>
    public static Node FullNode(Guid? uuid = null) => new()
    {
        Uuid = uuid ?? NodeId,
        Name = "compute-0.rack-12",
        Driver = "ipmi",
        DriverInfo = new JsonObject
        {
            ["ipmi_address"] = "10.20.30.40",
            ["ipmi_username"] = "admin",
            ["ipmi_password"] = "******",
            ["ipmi_port"] = 623,
            ["ipmi_verify_ca"] = false,
            ["deploy_kernel"] = "http://images.example.org/ipa.kernel",
            ["ipmi_bridging"] = new JsonObject { ["target_channel"] = 7, ["target_address"] = "0x20" },
        },
        DriverInternalInfo = new JsonObject
        {
            ["agent_url"] = "http://192.0.2.17:9999",
            ["agent_cached_clean_steps"] = new JsonObject
            {
                ["deploy"] = new JsonArray(
                    new JsonObject { ["step"] = "erase_devices", ["priority"] = 10, ["abortable"] = true, ["argsinfo"] = null }),
            },
            ["clean_step_index"] = 0,
        },
        Properties = new JsonObject
        {
            ["cpus"] = 64,
            ["cpu_arch"] = "x86_64",
            ["memory_mb"] = 262144,
            ["local_gb"] = 893.5,
            ["capabilities"] = "boot_mode:uefi,secure_boot:true",
            ["root_device"] = new JsonObject { ["serial"] = "S3EVNX0K123456", ["size"] = new JsonObject { [">="] = 100 } },
            ["big"] = 123456789012345678,
        },
        InstanceInfo = new JsonObject
        {
            ["image_source"] = "https://images.example.org/ubuntu-22.04.qcow2",
            ["image_checksum"] = "sha256:5d41402abc4b2a76b9719d911017c592",
            ["root_gb"] = 40,
            ["capabilities"] = new JsonObject { ["boot_option"] = "local" },
            ["nics"] = new JsonArray("52:54:00:12:34:56", "52:54:00:12:34:57"),
        },
        Extra = new JsonObject
        {
            ["owner_note"] = "Ünïcødé ✓ \"quoted\" <tag> & 'apostrophe'\n\ttab",
            ["rack"] = new JsonObject { ["row"] = "B", ["unit"] = 12, ["tags"] = new JsonArray("gpu", "ssd", 3, true, null) },
            ["nothing"] = null,
            ["ratio"] = -0.125,
            ["empty_object"] = new JsonObject(),
            ["empty_array"] = new JsonArray(),
        },
        CleanStep = new JsonObject
        {
            ["interface"] = "deploy",
            ["step"] = "erase_devices_metadata",
            ["args"] = new JsonObject { ["force"] = true },
            ["priority"] = 99,
        },
        DeployStep = new JsonObject
        {
            ["interface"] = "deploy",
            ["step"] = "write_image",
            ["args"] = new JsonObject(),
            ["priority"] = 80,
        },
        RaidConfig = new JsonObject
        {
            ["logical_disks"] = new JsonArray(new JsonObject { ["size_gb"] = 100, ["raid_level"] = "1", ["is_root_volume"] = true }),
        },
        TargetRaidConfig = new JsonObject
        {
            ["logical_disks"] = new JsonArray(new JsonObject { ["size_gb"] = "MAX", ["raid_level"] = "5" }),
        },
        NetworkData = new JsonObject
        {
            ["links"] = new JsonArray(new JsonObject { ["id"] = "port-0", ["type"] = "phy", ["ethernet_mac_address"] = "52:54:00:12:34:56" }),
            ["networks"] = new JsonArray(new JsonObject { ["id"] = "provisioning", ["type"] = "ipv4_dhcp", ["link"] = "port-0" }),
            ["services"] = new JsonArray(),
        },
        InstanceUuid = InstanceUuid,
        ChassisUuid = ChassisUuid,
        PowerState = PowerStates.PowerOn,
        TargetPowerState = PowerStates.PowerOff,
        ProvisionState = ProvisionStates.CleanWait,
        TargetProvisionState = ProvisionStates.Available,
        ProvisionUpdatedAt = UpdatedAt,
        LastError = "Failed to clean node: agent did not respond",
        Maintenance = true,
        MaintenanceReason = "disk replacement",
        Fault = "clean failure",
        ConsoleEnabled = true,
        InspectionStartedAt = CreatedAt.AddMinutes(5),
        InspectionFinishedAt = CreatedAt.AddMinutes(17).AddTicks(3),
        Interfaces = Interfaces(),
        ResourceClass = "baremetal.gpu",
        Traits = ["CUSTOM_GPU", "HW_CPU_X86_AVX2", "CUSTOM_RAID"],
        ConductorGroup = "rack-12",
        AutomatedClean = false,
        Protected = true,
        ProtectedReason = "customer workload",
        Owner = "7b4c3e2f1a0d4e5f8a9b0c1d2e3f4a5b",
        Lessee = "c1d2e3f4a5b64c7d8e9f0a1b2c3d4e5f",
        Description = "GPU node in rack 12",
        Retired = true,
        RetiredReason = "end of warranty",
        BootMode = "uefi",
        SecureBoot = true,
        Shard = "shard-a",
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
    };

    /// <summary>A freshly enrolled node: only what a minimal POST /v1/nodes produces.</summary>
    public static Node MinimalNode(Guid? uuid = null) => new()
    {
        Uuid = uuid ?? NodeId,
        Driver = "fake-hardware",
        ProvisionState = ProvisionStates.Enroll,
        Interfaces = new NodeInterfaces(
            Bios: "no-bios", Boot: "fake", Console: "no-console", Deploy: "fake", Inspect: "no-inspect",
            Management: "fake", Network: "noop", Power: "fake", Raid: "no-raid", Rescue: "no-rescue",
            Storage: "noop", Vendor: "no-vendor"),
        CreatedAt = CreatedAt,
    };

    public static JsonArray CleanSteps() => new(
        new JsonObject { ["interface"] = "deploy", ["step"] = "erase_devices_metadata" },
        new JsonObject
        {
            ["interface"] = "raid",
            ["step"] = "create_configuration",
            ["args"] = new JsonObject { ["create_root_volume"] = true, ["create_nonroot_volumes"] = false },
        });

    public static NodeWork CleanWork() => new(WorkKind.Clean, PowerTarget: PowerStates.PowerOff, CleanSteps: CleanSteps(), TimeoutSeconds: 1800);

    public static NodeReplies.NodeView View(Node? node = null, long version = 42) =>
        new(node ?? FullNode(), Reservation: "conductor-1.example.org", Conductor: "conductor-1.example.org", version);

    public static ConductorMessages.HardwareTypeInfo HardwareType() => new(
        "ipmi",
        new Dictionary<string, string?> { ["boot"] = "ipxe", ["power"] = "ipmitool", ["raid"] = null },
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["boot"] = ["ipxe", "pxe"],
            ["power"] = ["ipmitool"],
            ["raid"] = [],
        },
        new Dictionary<string, string>
        {
            ["ipmi_address"] = "IP address or hostname of the node. Required.",
            ["ipmi_password"] = "password. Optional.",
        });

    /// <summary>One realistic instance of every type in <see cref="Serialization.Manifests.ByType"/>.</summary>
    public static IEnumerable<object> OnePerType()
    {
        // Stored node events and snapshot.
        yield return new NodeEnrolled(FullNode());
        yield return new NodeUpdated(FullNode(), UpdatedAt);
        yield return new ProvisionStateChanged(NodeId, ProvisionEvents.Fail, ProvisionStates.CleanWait,
            ProvisionStates.CleanFailed, ProvisionStates.Available, "Cleaning timed out", EventAt);
        yield return new PowerActionStarted(NodeId, PowerStates.Rebooting, PowerStates.PowerOn, EventAt);
        yield return new PowerStateRecorded(NodeId, PowerStates.PowerOff, "IPMI call failed: timeout", EventAt);
        yield return new MaintenanceChanged(NodeId, true, "replacing a disk", "power failure", EventAt);
        yield return new InstanceCleared(NodeId, EventAt);
        yield return new NodeDeleted(NodeId, EventAt);
        yield return new NodeSnapshot(FullNode());

        // Stored registry events and snapshot.
        yield return new RegistryEvents.IdentityClaimed(NodeId, "compute-0.rack-12", InstanceUuid);
        yield return new RegistryEvents.IdentityReleased(NodeId);
        yield return new RegistryEvents.RegistrySnapshot(
        [
            new RegistryEvents.IdentityClaimed(NodeId, "compute-0.rack-12", InstanceUuid),
            new RegistryEvents.IdentityClaimed(OtherNodeId, "compute-1", null),
        ]);

        // Node commands.
        yield return new NodeCommands.CreateNode(NodeId, new JsonObject
        {
            ["name"] = "compute-0.rack-12",
            ["driver"] = "ipmi",
            ["driver_info"] = new JsonObject { ["ipmi_address"] = "10.20.30.40", ["ipmi_port"] = 623 },
            ["properties"] = new JsonObject { ["capabilities"] = "boot_mode:uefi", ["root_device"] = new JsonObject { ["name"] = "/dev/sda" } },
            ["maintenance"] = false,
            ["description"] = null,
        }, ProvisionStates.Enroll) { IdGenerated = true };
        yield return new NodeCommands.GetNode(NodeId);
        yield return new NodeCommands.PatchNode(NodeId,
        [
            new PatchOperation("add", "/extra/rack", new JsonObject { ["row"] = "B", ["units"] = new JsonArray(11, 12) }, true),
            new PatchOperation("replace", "/name", JsonValue.Create("compute-0"), true),
            new PatchOperation("replace", "/properties/cpus", JsonValue.Create(64), true),
            new PatchOperation("add", "/extra/none", null, true),
            new PatchOperation("remove", "/instance_uuid", null, false),
        ], ResetInterfaces: true);
        yield return new NodeCommands.ChangeProvisionState(NodeId, new ProvisionRequest(
            "clean",
            ConfigDrive: new JsonObject
            {
                ["meta_data"] = new JsonObject { ["hostname"] = "compute-0", ["public_keys"] = new JsonObject { ["0"] = "ssh-ed25519 AAAA… user@host" } },
                ["user_data"] = "#cloud-config\npackages: [htop]\n",
                ["network_data"] = new JsonObject { ["links"] = new JsonArray() },
            },
            CleanSteps: CleanSteps(),
            DeploySteps: new JsonArray(new JsonObject { ["interface"] = "deploy", ["step"] = "write_image", ["priority"] = 80, ["args"] = new JsonObject() }),
            RescuePassword: "s3cr3t!",
            DisableRamdisk: true));
        yield return new NodeCommands.ChangePowerState(NodeId, PowerStates.SoftRebooting, 120);
        yield return new NodeCommands.SetMaintenance(NodeId, true, "firmware upgrade");
        yield return new NodeCommands.DeleteNode(NodeId);
        yield return new NodeCommands.WakeNode(NodeId);
        yield return new NodeCommands.RefreshReadModel(NodeId);
        yield return StopNode.Instance;

        // Node replies.
        yield return View();
        yield return new NodeReplies.Accepted(View(version: 43));
        yield return new NodeReplies.Deleted(NodeId, 44);
        yield return new Replies.Rejected(RejectionKind.Conflict,
            $"Node {NodeId} is locked by host conductor-1, please retry after the current operation is completed.");
        yield return new NodeReplies.Awake(NodeId);

        // Driver work.
        yield return new DriverWork.Run(NodeId, 7, CleanWork(), FullNode(), [PortSamples.FullPort()]);
        yield return new DriverWork.Completed(NodeId, 7, CleanWork(), new WorkOutcome(false, "BMC unreachable", PowerStates.PowerOff));

        // Node sub-resources: traits, instance_info changes, validation, boot device, vendor passthru.
        foreach (var sample in SubResourceSamples.OnePerType())
            yield return sample;

        // Ports, portgroups and chassis.
        foreach (var sample in AgentSamples.OnePerType())
            yield return sample;
        foreach (var sample in PeriodicSamples.OnePerType())
            yield return sample;
        foreach (var sample in PortSamples.OnePerType())
            yield return sample;
        foreach (var sample in AllocationSamples.OnePerType())
            yield return sample;
        foreach (var sample in DeployTemplateSamples.OnePerType())
            yield return sample;
        foreach (var sample in VolumeSamples.OnePerType())
            yield return sample;

        // Registry protocol.
        yield return new RegistryMessages.Resolve("compute-0.rack-12");
        yield return new RegistryMessages.Resolved("compute-0.rack-12", NodeId);
        yield return new RegistryMessages.Claim(NodeId, "compute-0.rack-12", InstanceUuid, IsNew: true);
        yield return new RegistryMessages.Claimed(NodeId);
        yield return new RegistryMessages.Release(NodeId);
        yield return new RegistryMessages.Released(NodeId);

        // Conductors.
        yield return ConductorMessages.GetConductorInfo.Instance;
        yield return new ConductorMessages.ConductorInfo("conductor-1.example.org", "rack-12",
            [HardwareType(), HardwareType() with { Name = "redfish" }], CreatedAt);
        yield return HardwareType();
        yield return ConductorMessages.ListRegistered.Instance;
        yield return new ConductorMessages.Registered([new ConductorMessages.ConductorInfo("conductor-2", "", [HardwareType()], CreatedAt)]);

        // Query model.
        yield return new NodeQueries.ListNodes(
            ProvisionState: ProvisionStates.Active, Maintenance: false, Associated: true, Driver: "ipmi",
            InstanceUuid: InstanceUuid, ConductorGroup: "rack-12", ResourceClass: "baremetal.gpu", Owner: "owner-a",
            Lessee: "lessee-b", Fault: "power failure", ChassisUuid: ChassisUuid, DescriptionContains: "GPU",
            Retired: false, SortKey: "updated_at", SortDir: "desc", Limit: 50, Marker: OtherNodeId,
            Conductor: "conductor-2", Project: "owner-a", Shards: ["s1", "s2"], Sharded: true);
        yield return new NodeQueries.NodePage([View(), View(MinimalNode(OtherNodeId), 3)], MarkerFound: true);
        yield return new NodeQueries.StoredNodePage(
            [new NodeQueries.StoredNode(IronicSerializer.ToJson(MinimalNode()), "conductor-1", "conductor-1", 4), new NodeQueries.StoredNode(IronicSerializer.ToJson(MinimalNode(OtherNodeId)), null, "conductor-2", 3)],
            MarkerFound: true);
        yield return new NodeQueries.FindNode("node-1");
        yield return NodeQueries.ListInterrupted.Instance;
        yield return new NodeQueries.InterruptedNodes([new NodeAt(NodeId, NodePlacement.Of("Rack-12", "ipmi")), new NodeAt(OtherNodeId, NodePlacement.Of("", "fake-hardware"))]);
        yield return NodeQueries.ListPlacements.Instance;
        yield return new NodeQueries.Placements([NodePlacement.Of("", "fake-hardware"), NodePlacement.Of("rack-12", "ipmi")]);
        yield return new PlacedNodeMessage(NodePlacement.Of("rack-12", "ipmi"), new NodeCommands.GetNode(NodeId));
        yield return new ResendableNodeMessage(Guid.Parse("0b7e2c4d-9a1f-4e3b-8c6d-5f2a1e0d9c8b"), new NodeCommands.DeleteNode(NodeId));
        yield return NodeQueries.IsReady.Instance;
        yield return new NodeQueries.Ready(true);
        yield return new NodeQueries.Unavailable("The node list is unavailable.");
    }

    /// <summary>Extra shapes worth a round trip of their own: empty, null and default members.</summary>
    public static IEnumerable<(string Name, object Message)> Variants()
    {
        yield return ("NodeEnrolled of a minimal node", new NodeEnrolled(MinimalNode()));
        yield return ("NodeSnapshot of a deleted node", new NodeSnapshot(null));
        yield return ("PatchNode with one value-less remove", new NodeCommands.PatchNode(NodeId,
            [new PatchOperation("remove", "/extra/rack", null, false)], ResetInterfaces: false));
        yield return ("PatchNode with a string value", new NodeCommands.PatchNode(NodeId,
            [new PatchOperation("add", "/driver_info/ipmi_address", JsonValue.Create("10.0.0.1"), true)], ResetInterfaces: false));
        yield return ("ChangeProvisionState deploy with a gzipped configdrive string",
            new NodeCommands.ChangeProvisionState(NodeId, new ProvisionRequest("active", ConfigDrive: JsonValue.Create("H4sICDw4dmYAA2NvbmZpZy1kcml2ZQ=="))));
        yield return ("ChangeProvisionState clean with only clean_steps",
            new NodeCommands.ChangeProvisionState(NodeId, new ProvisionRequest("clean", CleanSteps: CleanSteps())));
        yield return ("ChangeProvisionState with only a target", new NodeCommands.ChangeProvisionState(NodeId, new ProvisionRequest("manage")));
        yield return ("ChangePowerState without timeout", new NodeCommands.ChangePowerState(NodeId, PowerStates.PowerOn, null));
        yield return ("ListNodes with defaults", new NodeQueries.ListNodes());
        yield return ("Resolved of an unknown node", new RegistryMessages.Resolved("nope", null));
        yield return ("ProvisionStateChanged to a stable state", new ProvisionStateChanged(
            NodeId, ProvisionEvents.Done, ProvisionStates.Cleaning, ProvisionStates.Available, null, null, EventAt));
        yield return ("PowerStateRecorded keeping the power state", new PowerStateRecorded(NodeId, null, null, EventAt));
        yield return ("Completed with success", new DriverWork.Completed(NodeId, 8,
            new NodeWork(WorkKind.Power, PowerStates.Rebooting), WorkOutcome.Ok(PowerStates.PowerOn)));
        yield return ("NodePage empty", new NodeQueries.NodePage([], MarkerFound: false));
        yield return ("RegistrySnapshot empty", new RegistryEvents.RegistrySnapshot([]));
        foreach (var variant in SubResourceSamples.Variants())
            yield return variant;
        foreach (var variant in PortSamples.Variants())
            yield return variant;
        foreach (var variant in AgentSamples.Variants())
            yield return variant;
        foreach (var variant in PeriodicSamples.Variants())
            yield return variant;
        foreach (var variant in AllocationSamples.Variants())
            yield return variant;
        foreach (var variant in DeployTemplateSamples.Variants())
            yield return variant;
        foreach (var variant in VolumeSamples.Variants())
            yield return variant;
    }

    public static IEnumerable<TestCaseData> AllCases() =>
        OnePerType().Select(m => new TestCaseData(m).SetArgDisplayNames(Describe(m.GetType())))
            .Concat(Variants().Select(v => new TestCaseData(v.Message).SetArgDisplayNames(v.Name)));

    public static string Describe(Type t) => t.DeclaringType is { } outer ? outer.Name + "." + t.Name : t.Name;
}
