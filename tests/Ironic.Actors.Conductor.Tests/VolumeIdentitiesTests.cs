using Ironic.Actors.Conductor.Registry;
using Ironic.Actors.Protocol.Registry;
using NUnit.Framework;
using static Ironic.Actors.Protocol.Registry.VolumeRegistryEvents;
using static Ironic.Actors.Protocol.Registry.VolumeRegistryMessages;

namespace Ironic.Actors.Conductor.Tests;

/// <summary>
/// The registry's volume claims (API 1.32): a connector's (type, connector_id) and every UUID are unique over all nodes;
/// a move keeps its own claim; a deleted node frees its claims; a snapshot brings them back.
/// </summary>
public sealed class VolumeIdentitiesTests
{
    private static readonly Guid NodeA = Guid.Parse("235a04b7-48cd-434e-b03e-f731e64998f7");
    private static readonly Guid NodeB = Guid.Parse("a0466efb-479f-4d67-ae82-14f3f2759429");
    private static readonly Guid Connector = Guid.Parse("0c474629-4e7f-44d2-b27c-b2191fbbec77");
    private static readonly Guid Target = Guid.Parse("543e13c8-1746-4859-b001-3057bdd153ee");

    private static VolumeIdentities Held()
    {
        var ids = new VolumeIdentities();
        ids.Apply(new ConnectorClaimed(NodeA, Connector, "iqn", "iqn.a"));
        ids.Apply(new TargetClaimed(NodeA, Target));
        return ids;
    }

    [Test]
    public void Type_and_connector_id_and_uuids_are_unique_over_all_nodes()
    {
        var ids = Held();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ids.ConflictWith(new ClaimConnector(NodeB, Guid.NewGuid(), "iqn", "iqn.a"))?.Message,
                Is.EqualTo("A volume connector with type iqn and connector ID iqn.a already exists."));
            Assert.That(ids.ConflictWith(new ClaimConnector(NodeB, Guid.NewGuid(), "ip", "iqn.a")), Is.Null, "another type is another value");
            Assert.That(ids.ConflictWith(new ClaimConnector(NodeB, Connector, "ip", "x"))?.Message,
                Is.EqualTo($"A volume connector with UUID {Connector} already exists."));
            Assert.That(ids.ConflictWith(new ClaimTarget(NodeB, Target))?.Message, Is.EqualTo($"A volume target with UUID {Target} already exists."));
            Assert.That(ids.ConflictWith(new ClaimConnector(NodeA, Connector, "iqn", "iqn.b")), Is.Null, "its own connector may change its value");
            Assert.That(ids.Holds(new ClaimConnector(NodeA, Connector, "iqn", "iqn.a")), Is.True);
            Assert.That(ids.NodeOfConnector(Connector), Is.EqualTo(NodeA));
            Assert.That(ids.NodeOfTarget(Target), Is.EqualTo(NodeA));
        }
    }

    [Test]
    public void A_move_keeps_its_claim_and_frees_nothing_on_the_way()
    {
        var ids = Held();
        var move = new ClaimConnector(NodeB, Connector, "iqn", "iqn.a") { MovedFrom = NodeA };
        Assert.That(ids.ConflictWith(move), Is.Null);
        ids.Apply(new ConnectorClaimed(NodeB, Connector, "iqn", "iqn.a"));
        Assert.That(ids.NodeOfConnector(Connector), Is.EqualTo(NodeB));
        // The old node's deletion no longer touches the moved connector.
        ids.Apply(new RegistryEvents.IdentityReleased(NodeA));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ids.NodeOfConnector(Connector), Is.EqualTo(NodeB));
            Assert.That(ids.NodeOfTarget(Target), Is.Null, "the target stayed on the deleted node");
            Assert.That(ids.ConflictWith(new ClaimConnector(NodeA, Guid.NewGuid(), "iqn", "iqn.a")), Is.Not.Null);
        }
    }

    [Test]
    public void Releases_and_snapshots()
    {
        var ids = Held();
        var snapshot = ids.AddTo(new RegistryEvents.RegistrySnapshot([]));
        ids.Apply(new ConnectorReleased(Connector));
        ids.Apply(new TargetReleased(Target));
        Assert.That((ids.Count, ids.ConflictWith(new ClaimConnector(NodeB, Guid.NewGuid(), "iqn", "iqn.a"))), Is.EqualTo((0, (ClaimConflict?)null)));

        var restored = new VolumeIdentities();
        restored.Apply(snapshot);
        Assert.That((restored.Count, restored.NodeOfConnector(Connector), restored.NodeOfTarget(Target)), Is.EqualTo((2, (Guid?)NodeA, (Guid?)NodeA)));
    }
}
