using Ironic.Actors.Protocol.Queries;
using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Protocol.Nodes;
using static Ironic.Actors.Protocol.Tests.Samples;

namespace Ironic.Actors.Protocol.Tests;

/// <summary>
/// Samples of the node sub-resource types (traits, instance_info changes, validation, boot device, vendor
/// passthru and the driver calls behind them), listed by <see cref="Samples.OnePerType"/> and <see cref="Samples.Variants"/>.
/// </summary>
internal static class SubResourceSamples
{
    private static JsonObject VendorArguments() => new()
    {
        ["bar"] = "kazoo",
        ["options"] = new JsonObject { ["retries"] = 3, ["targets"] = new JsonArray("bmc-a", "bmc-b"), ["dry_run"] = false },
    };

    private static DriverCallReplies.VendorMethodInfo VendorMethod() =>
        new("second_method", ["POST", "PUT"], Async: true, "Test if the value of bar is kazoo", Attach: true, RequireExclusiveLock: false);

    private static JsonObject RaidConfig() => new()
    {
        ["logical_disks"] = new JsonArray(
            new JsonObject { ["size_gb"] = "MAX", ["raid_level"] = "1+0", ["is_root_volume"] = true },
            new JsonObject { ["size_gb"] = 500, ["raid_level"] = "5", ["controller"] = "RAID.Integrated.1-1", ["physical_disks"] = new JsonArray("Disk.Bay.0", "Disk.Bay.1", "Disk.Bay.2") }),
    };

    /// <summary>Two BIOS settings: one with an enumeration's registry fields, one with every other registry field set.</summary>
    public static IReadOnlyList<Domain.Nodes.BiosSetting> BiosSettings() =>
    [
        new("BootMode", "Uefi") { AttributeType = "Enumeration", AllowableValues = ["Bios", "Uefi"], ReadOnly = false, ResetRequired = true },
        new("ProcTurboMode", "Enabled")
        {
            AttributeType = "String", LowerBound = 1, MaxLength = 16, MinLength = 0, Unique = true, UpperBound = 9,
        },
    ];

    private static Domain.Nodes.NodeHistoryEntry HistoryEntry() =>
        new(Guid.Parse("5b8a7c1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b"), EventAt, "ERROR", "deploying", "Deploy failed: \"boom\" ✓", "conductor-1", null);

    public static IEnumerable<object> OnePerType()
    {
        // Stored node events.
        yield return new TraitsChanged(NodeId, ImmutableArray.Create("CUSTOM_GPU", "HW_CPU_X86_AVX2"), EventAt);
        yield return new InstanceInfoChanged(NodeId,
            new JsonObject
            {
                ["configdrive"] = new JsonObject { ["meta_data"] = new JsonObject { ["hostname"] = "compute-0" }, ["user_data"] = "#cloud-config" },
                ["rescue_password"] = "s3cr3t!",
            },
            ["hashed_rescue_password", "image_url"], EventAt);
        yield return new ConsoleModeChanged(NodeId, true, EventAt);
        yield return new TargetRaidConfigChanged(NodeId, RaidConfig(), EventAt);

        // Commands.
        yield return new NodeSubResourceCommands.SetTraits(NodeId, ["CUSTOM_GPU", "HW_CPU_X86_AVX2", "CUSTOM_RAID"]);
        yield return new NodeSubResourceCommands.AddTrait(NodeId, "CUSTOM_GPU");
        yield return new NodeSubResourceCommands.RemoveTraits(NodeId);
        yield return new NodeSubResourceCommands.RemoveTrait(NodeId, "HW_CPU_X86_AVX2");
        yield return new NodeSubResourceCommands.ValidateInterfaces(NodeId);
        yield return new NodeSubResourceCommands.GetBootDevice(NodeId);
        yield return new NodeSubResourceCommands.SetBootDevice(NodeId, "pxe", Persistent: true);
        yield return new NodeSubResourceCommands.GetSupportedBootDevices(NodeId);
        yield return new NodeSubResourceCommands.GetVendorMethods(NodeId);
        yield return new NodeSubResourceCommands.CallVendorMethod(NodeId, "second_method", "POST", VendorArguments());
        yield return new NodeSubResourceCommands.GetConsole(NodeId);
        yield return new NodeSubResourceCommands.SetConsoleMode(NodeId, true);
        yield return new NodeSubResourceCommands.SetTargetRaidConfig(NodeId, RaidConfig());
        yield return new NodeHistoryRecorded(NodeId, HistoryEntry());
        yield return new NodeInventoryStored(NodeId, new System.Text.Json.Nodes.JsonObject { ["memory"] = new System.Text.Json.Nodes.JsonObject { ["physical_mb"] = 2048 } },
            new System.Text.Json.Nodes.JsonObject(), DateTimeOffset.UnixEpoch);
        yield return new NodeSubResourceCommands.GetHistory(NodeId);
        yield return new NodeSubResourceCommands.GetInventory(NodeId);
        yield return new BiosSettingsCached(NodeId, BiosSettings(), DateTimeOffset.UnixEpoch);
        yield return new NodeSubResourceCommands.GetBios(NodeId);
        yield return new NodeReplies.Bios(NodeId, [.. BiosSettings().Select(s => s with { CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch.AddDays(1) })]);
        yield return new NodeReplies.Inventory(NodeId, new System.Text.Json.Nodes.JsonObject { ["cpu"] = new System.Text.Json.Nodes.JsonObject { ["count"] = 4 } },
            new System.Text.Json.Nodes.JsonObject());
        yield return new NodeReplies.History(NodeId, [HistoryEntry(), HistoryEntry() with { EventType = "monitoring", User = "admin" }]);
        yield return NodeQueries.ListShards.Instance;
        yield return new NodeQueries.Shards([new("alpha", 2), new(null, 7), new("ßhard-ü", 1)]);
        yield return new NodeSubResourceCommands.ListVifs(NodeId);
        yield return new NodeSubResourceCommands.AttachVif(NodeId, "1e7a7a4b-6f0e-4c55-9a8c-0c2f1f7b2d11", "8f1d2c3b-4a5e-4f60-9b7c-1d2e3f4a5b6c", null);
        yield return new NodeSubResourceCommands.DetachVif(NodeId, "tenant-vif-1");
        yield return new NodeReplies.Vifs(["vif-c", "vif-b", "1e7a7a4b-6f0e-4c55-9a8c-0c2f1f7b2d11"]);

        // Driver calls.
        yield return new DriverCalls.Validate(NodeId, FullNode()) { Ports = [PortSamples.FullPort()] };
        yield return new DriverCalls.GetBootDevice(NodeId, FullNode());
        yield return new DriverCalls.SetBootDevice(NodeId, FullNode(), "disk", Persistent: true);
        yield return new DriverCalls.GetSupportedBootDevices(NodeId, FullNode());
        yield return new DriverCalls.GetVendorMethods(NodeId, FullNode());
        yield return new DriverCalls.PrepareVendorCall(NodeId, FullNode(), "second_method", "POST", VendorArguments());
        yield return new DriverCalls.InvokeVendorMethod(NodeId, FullNode(), "second_method", "POST", VendorArguments());
        yield return new DriverCalls.ValidateConsole(NodeId, FullNode());
        yield return new DriverCalls.SwitchConsole(NodeId, FullNode(), Enabled: false);
        yield return new DriverCalls.GetConsoleInfo(NodeId, FullNode());
        yield return new DriverCalls.ValidateRaidConfig(NodeId, FullNode(), RaidConfig());

        // Driver call replies.
        yield return new DriverCallReplies.ValidationReport(
        [
            new DriverCallReplies.InterfaceValidation("boot", true, null),
            new DriverCallReplies.InterfaceValidation("power", false, "Missing the following IPMI credentials in node's driver_info: ipmi_address."),
        ]);
        yield return new DriverCallReplies.BootDevice("pxe", true);
        yield return new DriverCallReplies.SupportedBootDevices(["pxe", "disk", "cdrom"]);
        yield return new DriverCallReplies.VendorMethods([VendorMethod(), VendorMethod() with { Name = "third_method_sync", Async = false }]);
        yield return new DriverCallReplies.VendorCallPlan(VendorMethod());
        yield return new DriverCallReplies.VendorCallResult(Async: false, Attach: true,
            new JsonObject { ["result"] = true, ["details"] = new JsonArray(1, "two", null) });
        yield return new DriverCallReplies.ConsoleState(true, new JsonObject { ["type"] = "shellinabox", ["url"] = "http://127.0.0.1:4321" });
        yield return DriverCallReplies.Done.Instance;
        yield return new DriverCallReplies.Failed(400, "Invalid boot device disk specified.");
    }

    public static IEnumerable<(string Name, object Message)> Variants()
    {
        yield return ("TraitsChanged to none", new TraitsChanged(NodeId, ImmutableArray<string>.Empty, EventAt));
        yield return ("InstanceInfoChanged setting a configdrive string", new InstanceInfoChanged(NodeId,
            new JsonObject { ["configdrive"] = "H4sICDw4dmYAA2NvbmZpZy1kcml2ZQ==" }, [], EventAt));
        yield return ("InstanceInfoChanged only removing", new InstanceInfoChanged(NodeId, [], ["rescue_password"], EventAt));
        yield return ("SetTraits to none", new NodeSubResourceCommands.SetTraits(NodeId, []));
        yield return ("CallVendorMethod without a body", new NodeSubResourceCommands.CallVendorMethod(NodeId, "m", "GET", null));
        yield return ("CallVendorMethod with a list body", new NodeSubResourceCommands.CallVendorMethod(NodeId, "m", "PUT", new JsonArray(1, 2)));
        yield return ("BootDevice unknown", new DriverCallReplies.BootDevice(null, null));
        yield return ("VendorCallResult of an asynchronous method", new DriverCallReplies.VendorCallResult(true, false, null));
        yield return ("VendorCallResult of a string", new DriverCallReplies.VendorCallResult(false, false, JsonValue.Create("done")));
        yield return ("ValidationReport empty", new DriverCallReplies.ValidationReport([]));
        yield return ("ConsoleModeChanged to disabled", new ConsoleModeChanged(NodeId, false, EventAt));
        yield return ("TargetRaidConfigChanged to empty", new TargetRaidConfigChanged(NodeId, [], EventAt));
        yield return ("SetConsoleMode with null", new NodeSubResourceCommands.SetConsoleMode(NodeId, null));
        yield return ("ConsoleState disabled", new DriverCallReplies.ConsoleState(false, null));
        yield return ("AttachVif to a portgroup", new NodeSubResourceCommands.AttachVif(NodeId, "vif-1", null, "b1c2d3e4-0000-4000-8000-000000000001"));
        yield return ("Vifs empty", new NodeReplies.Vifs([]));
        yield return ("History empty", new NodeReplies.History(NodeId, []));
        yield return ("Inventory none", new NodeReplies.Inventory(NodeId, null, null));
        yield return ("BIOS settings reset", new BiosSettingsCached(NodeId, [], DateTimeOffset.UnixEpoch));
        yield return ("Shards empty", new NodeQueries.Shards([]));
        yield return ("ListPorts by shards", new Ironic.Actors.Protocol.Ports.PortQueries.ListPorts(Limit: 5) { Shards = ["alpha", "beta"] });
        yield return ("ConsoleState of the fake console", new DriverCallReplies.ConsoleState(true, []));
    }
}
