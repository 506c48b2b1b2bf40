using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Volumes;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Registry;
using Ironic.Actors.Protocol.Volumes;
using static Ironic.Actors.Protocol.Tests.Samples;

namespace Ironic.Actors.Protocol.Tests;

/// <summary>
/// Samples of the volume connector and target types (API 1.32), listed by <see cref="Samples.OnePerType"/> and
/// <see cref="Samples.Variants"/>. Fixture files were written from <see cref="FullConnector"/> and <see cref="FullTarget"/>:
/// do not change them; add new builders instead.
/// </summary>
internal static class VolumeSamples
{
    public static readonly Guid ConnectorId = Guid.Parse("0c474629-4e7f-44d2-b27c-b2191fbbec77");
    public static readonly Guid TargetId = Guid.Parse("543e13c8-1746-4859-b001-3057bdd153ee");

    public static VolumeConnector FullConnector() => new()
    {
        Uuid = ConnectorId,
        NodeId = NodeId,
        Type = "iqn",
        ConnectorId = "iqn.2017-05.org.openstack:01:d9a51732c3f",
        Extra = new JsonObject { ["rack"] = "B", ["note"] = "Ünïcødé \"quoted\"", ["none"] = null },
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
    };

    public static VolumeTarget FullTarget() => new()
    {
        Uuid = TargetId,
        NodeId = NodeId,
        VolumeType = "iscsi",
        BootIndex = 0,
        VolumeId = "04452bed-5367-4202-8bf5-de4335ac56d2",
        Properties = new JsonObject { ["target_iqn"] = "iqn.2010-10.org.openstack:volume", ["target_lun"] = 0, ["auth_password"] = "s3cret" },
        Extra = new JsonObject { ["tier"] = "gold" },
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
    };

    public static IEnumerable<object> OnePerType()
    {
        // Stored in the node's journal.
        yield return new VolumeConnectorCreated(FullConnector());
        yield return new VolumeConnectorUpdated(FullConnector(), EventAt);
        yield return new VolumeConnectorDeleted(NodeId, ConnectorId, EventAt);
        yield return new VolumeTargetCreated(FullTarget());
        yield return new VolumeTargetUpdated(FullTarget(), EventAt);
        yield return new VolumeTargetDeleted(NodeId, TargetId, EventAt);

        // Stored by the registry.
        yield return new VolumeRegistryEvents.ConnectorClaimed(NodeId, ConnectorId, "iqn", "iqn.2017-05.org.openstack:01:d9a51732c3f");
        yield return new VolumeRegistryEvents.ConnectorReleased(ConnectorId);
        yield return new VolumeRegistryEvents.TargetClaimed(NodeId, TargetId);
        yield return new VolumeRegistryEvents.TargetReleased(TargetId);

        // Node commands and replies.
        yield return new VolumeCommands.CreateConnector(NodeId, ConnectorId, new JsonObject
        {
            ["node_uuid"] = NodeId.ToString(), ["type"] = "wwpn", ["connector_id"] = "50:01:43:80:12:34:56:78", ["extra"] = new JsonObject { ["a"] = 1 },
        });
        yield return new VolumeCommands.GetConnector(NodeId, ConnectorId);
        yield return new VolumeCommands.PatchConnector(NodeId, ConnectorId, [new("replace", "/type", JsonValue.Create("ip"), true)]);
        yield return new VolumeCommands.DeleteConnector(NodeId, ConnectorId);
        yield return new VolumeCommands.CreateTarget(NodeId, TargetId, new JsonObject
        {
            ["node_uuid"] = NodeId.ToString(), ["volume_type"] = "iscsi", ["boot_index"] = 0, ["volume_id"] = "v1",
        });
        yield return new VolumeCommands.GetTarget(NodeId, TargetId);
        yield return new VolumeCommands.PatchTarget(NodeId, TargetId, [new("remove", "/extra/tier", null, false)]);
        yield return new VolumeCommands.DeleteTarget(NodeId, TargetId);
        yield return new VolumeCommands.AdoptConnector(OtherNodeId, FullConnector() with { NodeId = OtherNodeId }, NodeId);
        yield return new VolumeCommands.AdoptTarget(OtherNodeId, FullTarget() with { NodeId = OtherNodeId }, NodeId);
        yield return new VolumeReplies.ConnectorShown(ConnectorView.Of(FullConnector()), 5);
        yield return new VolumeReplies.TargetShown(TargetView.Of(FullTarget()), 6);
        yield return new VolumeReplies.ConnectorRemoved(NodeId, ConnectorId, 7);
        yield return new VolumeReplies.TargetRemoved(NodeId, TargetId, 8);

        // Query model.
        yield return new VolumeQueries.ListConnectors(NodeId, "connector_id", "desc", 10, ConnectorId);
        yield return new VolumeQueries.ConnectorPage([ConnectorView.Of(FullConnector())], MarkerFound: true);
        yield return new VolumeQueries.ListTargets(NodeId, "boot_index", "asc", 20, TargetId);
        yield return new VolumeQueries.TargetPage([TargetView.Of(FullTarget())], MarkerFound: true);

        // Registry protocol.
        yield return new VolumeRegistryMessages.ClaimConnector(NodeId, ConnectorId, "iqn", "iqn.x");
        yield return new VolumeRegistryMessages.ReleaseConnector(NodeId, ConnectorId);
        yield return new VolumeRegistryMessages.ClaimTarget(NodeId, TargetId);
        yield return new VolumeRegistryMessages.ReleaseTarget(NodeId, TargetId);
        yield return new VolumeRegistryMessages.ResolveConnector(ConnectorId);
        yield return new VolumeRegistryMessages.ConnectorResolved(ConnectorId, NodeId);
        yield return new VolumeRegistryMessages.ResolveTarget(TargetId);
        yield return new VolumeRegistryMessages.TargetResolved(TargetId, NodeId);
    }

    public static IEnumerable<(string Name, object Message)> Variants()
    {
        yield return ("NodeSnapshot with volume connectors and targets",
            new NodeSnapshot(FullNode()) { VolumeConnectors = [FullConnector()], VolumeTargets = [FullTarget()] });
        yield return ("RegistrySnapshot with volume claims", new RegistryEvents.RegistrySnapshot([])
        {
            VolumeConnectors = [new VolumeRegistryEvents.ConnectorClaimed(NodeId, ConnectorId, "iqn", "x")],
            VolumeTargets = [new VolumeRegistryEvents.TargetClaimed(NodeId, TargetId)],
        });
        yield return ("ClaimConnector of a connector moving between nodes",
            new VolumeRegistryMessages.ClaimConnector(OtherNodeId, ConnectorId, "iqn", "x") { MovedFrom = NodeId });
        yield return ("ClaimTarget of a target moving between nodes", new VolumeRegistryMessages.ClaimTarget(OtherNodeId, TargetId) { MovedFrom = NodeId });
        yield return ("ConnectorResolved of an unknown connector", new VolumeRegistryMessages.ConnectorResolved(ConnectorId, null));
        yield return ("ListConnectors of every node", new VolumeQueries.ListConnectors(null));
        yield return ("CreateTarget under a node", new VolumeCommands.CreateTarget(NodeId, TargetId, new JsonObject()) { UnderNode = true });
        yield return ("VolumeTargetCreated of a minimal target", new VolumeTargetCreated(new VolumeTarget
        {
            Uuid = TargetId, NodeId = NodeId, VolumeType = "fibre_channel", BootIndex = -1, VolumeId = "v", CreatedAt = CreatedAt,
        }));
    }
}
