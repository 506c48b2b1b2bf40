using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Protocol.Chassis;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Ports;
using Ironic.Actors.Protocol.Queries;
using Ironic.Actors.Protocol.Registry;
using static Ironic.Actors.Protocol.Tests.Samples;
using ChassisRecord = Ironic.Actors.Domain.Enclosures.Chassis;

namespace Ironic.Actors.Protocol.Tests;

/// <summary>
/// Samples of the port, portgroup and chassis types, listed by <see cref="Samples.OnePerType"/> and
/// <see cref="Samples.Variants"/>. Fixture files were written from <see cref="FullPort"/>, <see cref="FullPortgroup"/>
/// and <see cref="FullChassis"/>: do not change them; add new builders instead.
/// </summary>
internal static class PortSamples
{
    public static readonly Guid PortId = Guid.Parse("4d5859e5-fa0d-4a66-8d8b-686ed39a3c5c");
    public static readonly Guid PortgroupId = Guid.Parse("a862a6ad-5b49-44f9-a1aa-33cb27c08fdd");
    public static readonly Guid ChassisId = Guid.Parse(ChassisUuid);

    /// <summary>A port with every field set to a non-default value.</summary>
    public static Port FullPort() => new()
    {
        Uuid = PortId,
        NodeId = NodeId,
        Address = "52:54:00:aa:bb:cc",
        Extra = new JsonObject { ["rack"] = new JsonObject { ["row"] = "B", ["u"] = 12 }, ["note"] = "Ünïcødé \"quoted\"", ["none"] = null },
        InternalInfo = new JsonObject { ["tenant_vif_port_id"] = "8f1c0e0e-vif", ["cleaning"] = false },
        LocalLinkConnection = new JsonObject { ["switch_id"] = "0a:1b:2c:3d:4e:5f", ["port_id"] = "Ethernet3/1", ["switch_info"] = "tor-1" },
        PxeEnabled = false,
        PortgroupId = PortgroupId,
        PhysicalNetwork = "physnet1",
        IsSmartnic = true,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
    };

    public static Portgroup FullPortgroup() => new()
    {
        Uuid = PortgroupId,
        NodeId = NodeId,
        Name = "bond0",
        Address = "52:54:00:aa:bb:cc",
        Mode = "802.3ad",
        Properties = new JsonObject { ["miimon"] = 100, ["xmit_hash_policy"] = "layer3+4" },
        StandalonePortsSupported = false,
        InternalInfo = new JsonObject { ["tenant_vif_port_id"] = "vif-2" },
        Extra = new JsonObject { ["lacp"] = true },
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
    };

    public static ChassisRecord FullChassis() => new()
    {
        Uuid = ChassisId,
        Description = "Rack 12, enclosure 3 — ✓",
        Extra = new JsonObject { ["site"] = "dc-1", ["slots"] = new JsonArray(1, 2, 3) },
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
    };

    private static IReadOnlyList<PatchOperation> PortPatch() =>
    [
        new("replace", "/address", JsonValue.Create("52:54:00:aa:bb:dd"), true),
        new("add", "/local_link_connection", new JsonObject { ["port_id"] = "p1", ["switch_id"] = "0a:1b:2c:3d:4e:5f" }, true),
        new("remove", "/extra/rack", null, false),
    ];

    public static IEnumerable<object> OnePerType()
    {
        // Stored in the node's journal.
        yield return new PortCreated(FullPort());
        yield return new PortUpdated(FullPort(), EventAt);
        yield return new PortDeleted(NodeId, PortId, EventAt);
        yield return new PortgroupCreated(FullPortgroup());
        yield return new PortgroupUpdated(FullPortgroup(), EventAt);
        yield return new PortgroupDeleted(NodeId, PortgroupId, EventAt);

        // Stored by the registry.
        yield return new PortRegistryEvents.PortClaimed(NodeId, PortId, "52:54:00:aa:bb:cc");
        yield return new PortRegistryEvents.PortReleased(PortId);
        yield return new PortRegistryEvents.PortgroupClaimed(NodeId, PortgroupId, "bond0", "52:54:00:aa:bb:cc");
        yield return new PortRegistryEvents.PortgroupReleased(PortgroupId);

        // Stored by the chassis singleton.
        yield return new ChassisEvents.ChassisCreated(FullChassis());
        yield return new ChassisEvents.ChassisUpdated(FullChassis());
        yield return new ChassisEvents.ChassisDeleted(ChassisId, EventAt);
        yield return new ChassisEvents.NodeAttached(ChassisId, NodeId);
        yield return new ChassisEvents.NodeDetached(ChassisId, NodeId);
        yield return new ChassisEvents.ChassisSnapshot([new ChassisEvents.ChassisEntry(FullChassis(), [NodeId, OtherNodeId])]);

        // Node commands and replies.
        yield return PortRequests.ReadCreatePort(new JsonObject
        {
            ["address"] = "52:54:00:AA:BB:CC", ["node_uuid"] = NodeId.ToString(), ["pxe_enabled"] = "false",
            ["local_link_connection"] = new JsonObject { ["port_id"] = "p", ["hostname"] = "h" },
        }, PortId).Command!;
        yield return new PortCommands.GetPort(NodeId, PortId);
        yield return new PortCommands.PatchPort(NodeId, PortId, PortPatch(), RefuseWhileInspecting: true);
        yield return new PortCommands.DeletePort(NodeId, PortId);
        yield return PortRequests.ReadCreatePortgroup(new JsonObject
        {
            ["node_uuid"] = NodeId.ToString(), ["name"] = "bond0", ["properties"] = new JsonObject { ["miimon"] = 100 },
        }, PortgroupId).Command!;
        yield return new PortCommands.GetPortgroup(NodeId, PortgroupId);
        yield return new PortCommands.PatchPortgroup(NodeId, PortgroupId, [new("replace", "/mode", JsonValue.Create("balance-rr"), true)], RefuseWhileInspecting: false);
        yield return new PortCommands.DeletePortgroup(NodeId, PortgroupId);
        yield return new PortCommands.AdoptPort(OtherNodeId, FullPort(), FullPort() with { NodeId = OtherNodeId, PortgroupId = null }, RefuseWhileInspecting: true);
        yield return new PortCommands.AdoptPortgroup(OtherNodeId, FullPortgroup(), FullPortgroup() with { NodeId = OtherNodeId }, RefuseWhileInspecting: false);
        yield return new PortReplies.PortView(FullPort(), 17);
        yield return new PortReplies.PortgroupView(FullPortgroup(), 18);
        yield return new PortReplies.PortRemoved(NodeId, PortId, 19);
        yield return new PortReplies.PortgroupRemoved(NodeId, PortgroupId, 20);

        // Registry protocol.
        yield return new PortRegistryMessages.ClaimPort(NodeId, PortId, "52:54:00:aa:bb:cc");
        yield return new PortRegistryMessages.ReleasePort(NodeId, PortId);
        yield return new PortRegistryMessages.ClaimPortgroup(NodeId, PortgroupId, "bond0", "52:54:00:aa:bb:cc");
        yield return new PortRegistryMessages.ReleasePortgroup(NodeId, PortgroupId);
        yield return new PortRegistryMessages.ResolvePort(PortId);
        yield return new PortRegistryMessages.PortResolved(PortId, NodeId);
        yield return new PortRegistryMessages.ResolvePortgroup("bond0");
        yield return new PortRegistryMessages.PortgroupResolved("bond0", PortgroupId, NodeId);

        // Query model.
        yield return new PortQueries.ListPorts(NodeId, "52:54:00:aa:bb:cc", PortgroupId, "address", "desc", 50, PortId);
        yield return new PortQueries.PortPage([new PortReplies.PortView(FullPort(), 3)], MarkerFound: true);
        yield return new PortQueries.ListPortgroups(NodeId, "52:54:00:aa:bb:cc", "name", "desc", 20, PortgroupId);
        yield return new PortQueries.PortgroupPage([new PortReplies.PortgroupView(FullPortgroup(), 4)], MarkerFound: true);

        // Chassis protocol.
        yield return new ChassisCommands.CreateChassis(ChassisId, new JsonObject { ["description"] = "rack", ["extra"] = new JsonObject { ["a"] = 1 } });
        yield return new ChassisCommands.GetChassis(ChassisId);
        yield return new ChassisCommands.PatchChassis(ChassisId, [new("replace", "/description", JsonValue.Create("rack 2"), true)]);
        yield return new ChassisCommands.DeleteChassis(ChassisId);
        yield return new ChassisCommands.ListChassis("description", "desc", 10, ChassisId);
        yield return new ChassisCommands.AttachNode(ChassisId, NodeId);
        yield return new ChassisCommands.DetachNode(ChassisId, NodeId);
        yield return new ChassisReplies.ChassisView(FullChassis());
        yield return new ChassisReplies.ChassisPage([FullChassis()], MarkerFound: true);
        yield return new ChassisReplies.ChassisRemoved(ChassisId);
        yield return new ChassisReplies.NodeAttached(ChassisId, NodeId);
    }

    /// <summary>Shapes worth a round trip of their own: minimal records, nulls, snapshots with and without parts.</summary>
    public static IEnumerable<(string Name, object Message)> Variants()
    {
        var minimalPort = new Port { Uuid = PortId, NodeId = NodeId, Address = "52:54:00:aa:bb:cc", CreatedAt = CreatedAt };
        yield return ("PortCreated of a minimal port", new PortCreated(minimalPort));
        yield return ("PortgroupCreated of a minimal portgroup",
            new PortgroupCreated(new Portgroup { Uuid = PortgroupId, NodeId = NodeId, CreatedAt = CreatedAt, Mode = null }));
        yield return ("NodeSnapshot with ports and portgroups",
            new NodeSnapshot(FullNode()) { Ports = [FullPort(), minimalPort with { Uuid = OtherNodeId }], Portgroups = [FullPortgroup()] });
        yield return ("NodeSnapshot with BIOS settings", new NodeSnapshot(FullNode())
        {
            BiosSettings = [.. SubResourceSamples.BiosSettings().Select(b => b with { CreatedAt = FullNode().CreatedAt })],
        });
        yield return ("NodeSnapshot with history",
            new NodeSnapshot(FullNode())
            {
                History = [new Domain.Nodes.NodeHistoryEntry(Guid.Parse("5b8a7c1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b"), FullNode().CreatedAt, "ERROR", "transition", "interrupted", "c1", null)],
            });
        yield return ("RegistrySnapshot with ports and portgroups", new RegistryEvents.RegistrySnapshot(
            [new RegistryEvents.IdentityClaimed(NodeId, "n1", null)])
        {
            Ports = [new PortRegistryEvents.PortClaimed(NodeId, PortId, "52:54:00:aa:bb:cc")],
            Portgroups = [new PortRegistryEvents.PortgroupClaimed(NodeId, PortgroupId, null, null)],
        });
        yield return ("PortResolved of an unknown port", new PortRegistryMessages.PortResolved(PortId, null));
        yield return ("ClaimPort of a port moving between nodes",
            new PortRegistryMessages.ClaimPort(OtherNodeId, PortId, "52:54:00:aa:bb:cc") { MovedFrom = NodeId });
        yield return ("ClaimPortgroup of a portgroup moving between nodes",
            new PortRegistryMessages.ClaimPortgroup(OtherNodeId, PortgroupId, "bond0", null) { MovedFrom = NodeId });
        yield return ("PortgroupResolved of an unknown portgroup", new PortRegistryMessages.PortgroupResolved("nope", null, null));
        yield return ("ListPorts with defaults", new PortQueries.ListPorts());
        yield return ("ChassisSnapshot empty", new ChassisEvents.ChassisSnapshot([]));
        yield return ("ChassisCreated of a minimal chassis", new ChassisEvents.ChassisCreated(new ChassisRecord { Uuid = ChassisId, CreatedAt = CreatedAt }));
        yield return ("Rejected chassis attach", new Replies.Rejected(RejectionKind.Invalid, $"Chassis {ChassisId} could not be found."));
    }
}
