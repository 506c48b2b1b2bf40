using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;
using static Ironic.Actors.Domain.Tests.TestPorts;

namespace Ironic.Actors.Domain.Tests;

/// <summary><see cref="PortgroupDecisions"/> and the evolution of a node's <see cref="NodePorts"/>.</summary>
public class PortgroupDecisionTests
{
    [Test]
    public void Create_takes_Ironics_defaults_and_no_lock()
    {
        var created = CreateGroup(InState("active"), NodePorts.Empty, GroupA, GroupBody(b => b["name"] = "bond0"), Locked())
            .Single<PortgroupCreated>();
        Assert.Multiple(() =>
        {
            Assert.That(created.Portgroup.Uuid, Is.EqualTo(GroupA));
            Assert.That(created.NodeId, Is.EqualTo(Uuid));
            Assert.That(created.Portgroup.Name, Is.EqualTo("bond0"));
            Assert.That(created.Portgroup.Mode, Is.EqualTo("active-backup"));
            Assert.That(created.Portgroup.StandalonePortsSupported, Is.True);
            Assert.That(created.Portgroup.Address, Is.Null);
            Assert.That(created.At, Is.EqualTo(Ctx().Now));
        });
    }

    [Test]
    public void Create_refuses_a_UUID_the_node_already_holds_and_bad_fields()
    {
        Assert.That(CreateGroup(InState("enroll"), With(Group()), GroupA, GroupBody(), Ctx()).Rejected(RejectionKind.Conflict),
            Is.EqualTo($"A portgroup with UUID {GroupA} already exists."));
        var again = CreateGroup(InState("enroll"), With(Group()), GroupA, GroupBody(), Ctx(), uuidGenerated: true);
        Assert.That((again.Rejection, again.Events.Count), Is.EqualTo(((Rejection?)null, 0)), "its generated UUID held: the request's own, done");
        Assert.That(ReadGroup(GroupBody(b => b["properties"] = "x"), GroupA).Error,
            Is.EqualTo("Schema error for portgroup: 'x' is not of type 'object', 'null'"));
    }

    [Test]
    public void A_name_or_MAC_address_another_portgroup_of_the_node_has_is_refused_without_the_registry()
    {
        var other = Guid.Parse("a862a6ad-5b49-44f9-a1aa-33cb27c08fde");
        var parts = With(Group() with { Address = "52:54:00:aa:bb:01" });
        Assert.That(CreateGroup(InState("enroll"), parts, other, GroupBody(b => b["name"] = "bond0"), Ctx())
            .Rejected(RejectionKind.Conflict), Is.EqualTo("A portgroup with name bond0 already exists."));
        Assert.That(CreateGroup(InState("enroll"), parts, other, GroupBody(b => b["address"] = "52:54:00:AA:BB:01"), Ctx())
            .Rejected(RejectionKind.Conflict), Is.EqualTo("A portgroup with MAC address 52:54:00:aa:bb:01 already exists."));

        var two = parts.Apply(new PortgroupCreated(Group(other, name: "bond1")));
        Assert.That(PortgroupDecisions.Patch(InState("enroll"), two, other, [Replace("/name", JsonValue.Create("bond0"))], true, Ctx())
            .Rejected(RejectionKind.Conflict), Is.EqualTo("A portgroup with name bond0 already exists."));
        PortgroupDecisions.Patch(InState("enroll"), two, GroupA, [Replace("/name", JsonValue.Create("bond0"))], true, Ctx());
    }

    [Test]
    public void Patch_changes_fields_and_a_no_op_stores_nothing()
    {
        var updated = PortgroupDecisions.Patch(InState("active"), With(Group()), GroupA,
            [Replace("/mode", JsonValue.Create("802.3ad")), Add("/properties/miimon", JsonValue.Create(100))], true, Ctx(3)).Single<PortgroupUpdated>();
        Assert.Multiple(() =>
        {
            Assert.That(updated.Portgroup.Mode, Is.EqualTo("802.3ad"));
            Assert.That(updated.Portgroup.Properties["miimon"]!.GetValue<int>(), Is.EqualTo(100));
            Assert.That(updated.Portgroup.UpdatedAt, Is.EqualTo(Ctx(3).Now));
        });
        var same = PortgroupDecisions.Patch(InState("active"), With(Group()), GroupA, [Replace("/name", JsonValue.Create("bond0"))], true, Ctx());
        Assert.That(same.IsAccepted && same.Events.Count == 0, Is.True);
    }

    [Test]
    public void Patch_is_404_409_or_400_as_in_Ironic()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PortgroupDecisions.Patch(InState("enroll"), NodePorts.Empty, GroupA, [Remove("/extra")], true, Ctx()).Rejected(RejectionKind.NotFound),
                Is.EqualTo($"Portgroup {GroupA} could not be found."));
            Assert.That(PortgroupDecisions.Patch(InState("inspecting"), With(Group()), GroupA, [Remove("/extra")], true, Ctx()).Rejected(RejectionKind.Conflict),
                Is.EqualTo($"Cannot update portgroup \"{GroupA}\" on node \"{Uuid}\" while it is in state \"inspecting\"."));
            Assert.That(PortgroupDecisions.Patch(InState("enroll"), With(Group()), GroupA, [Add("/extra/a", JsonValue.Create(1))], true, Locked())
                .Rejected(RejectionKind.Conflict), Is.EqualTo(NodeLockedMessage));
            Assert.That(PortgroupDecisions.Patch(InState("enroll"), With(Group()), GroupA, [Replace("/address", JsonValue.Create("x"))], true, Ctx())
                .Rejected(RejectionKind.Invalid), Is.EqualTo("Expected valid MAC address for address: x"));
            Assert.That(PortgroupDecisions.Patch(InState("enroll"), With(Group()), GroupA, [Replace("/node_uuid", JsonValue.Create(OtherNode.ToString()))], true, Ctx())
                .Rejected(RejectionKind.Invalid), Does.StartWith($"Moving portgroup {GroupA} to another node"));
        });
    }

    [Test]
    public void Only_an_empty_portgroup_moves_and_only_to_a_node_where_connectivity_may_change()
    {
        PatchOperation[] move = [Replace("/node_uuid", JsonValue.Create(OtherNode.ToString()))];
        Assert.That(PortgroupDecisions.MoveTarget(Uuid, With(Group()), GroupA, move), Is.EqualTo(OtherNode));
        Assert.That(PortgroupDecisions.PrepareMove(InState("enroll"), With(Group(), Port(group: GroupA)), GroupA, move, Ctx()).Rejection!.Message,
            Is.EqualTo($"Portgroup {GroupA} can not be associated with node {OtherNode} because there are ports associated with this portgroup."));
        var (original, moved, rejection) = PortgroupDecisions.PrepareMove(InState("active"), With(Group()), GroupA, move, Ctx());
        Assert.That(rejection, Is.Null);

        var target = InState("enroll") with { Uuid = OtherNode };
        var adopted = PortgroupDecisions.Adopt(target, NodePorts.Empty, original!, moved!, true, Ctx()).Single<PortgroupUpdated>();
        Assert.That(adopted.NodeId, Is.EqualTo(OtherNode));
        Assert.That(PortgroupDecisions.Adopt(target with { ProvisionState = "available" }, NodePorts.Empty, original!, moved!, true, Ctx())
                .Rejected(RejectionKind.Conflict),
            Is.EqualTo($"Portgroup {GroupA} can not be associated to node {OtherNode} unless the node is in a enroll, inspecting, inspect wait, " +
                       "manageable state or in maintenance mode."));
        PortgroupDecisions.Adopt(target with { ProvisionState = "available", Maintenance = true }, NodePorts.Empty, original!, moved!, true, Ctx())
            .Single<PortgroupUpdated>();
    }

    [Test]
    public void A_portgroup_with_ports_cannot_be_deleted()
    {
        var parts = With(Group(), Port(group: GroupA));
        Assert.That(PortgroupDecisions.Delete(InState("enroll"), parts, GroupA, Ctx()).Rejected(RejectionKind.Invalid),
            Is.EqualTo($"Cannot complete the requested action because portgroup {GroupA} contains ports."));
        var emptied = parts.Fold(PortDecisions.Delete(InState("enroll"), parts, PortA, Ctx()));
        var deleted = PortgroupDecisions.Delete(InState("enroll"), emptied, GroupA, Ctx()).Single<PortgroupDeleted>();
        Assert.That(emptied.Apply(deleted).Portgroups, Is.Empty);
    }

    [Test]
    public void Delete_is_404_for_an_unknown_portgroup_and_409_while_locked()
    {
        Assert.That(PortgroupDecisions.Delete(InState("enroll"), NodePorts.Empty, GroupA, Ctx()).Rejected(RejectionKind.NotFound),
            Is.EqualTo($"Portgroup {GroupA} could not be found."));
        Assert.That(PortgroupDecisions.Delete(InState("enroll"), With(Group()), GroupA, Locked()).Rejected(RejectionKind.Conflict), Is.EqualTo(NodeLockedMessage));
    }

    [Test]
    public void Deleting_or_enrolling_the_node_leaves_it_without_ports_and_other_events_keep_them()
    {
        var parts = With(Group(), Port(group: GroupA));
        Assert.Multiple(() =>
        {
            Assert.That(parts.Apply(new NodeDeleted(Uuid, Created)), Is.EqualTo(NodePorts.Empty));
            Assert.That(parts.Apply(new NodeEnrolled(InState("enroll"))), Is.EqualTo(NodePorts.Empty));
            Assert.That(parts.Apply(new MaintenanceChanged(Uuid, true, null, null, Created)), Is.SameAs(parts));
            Assert.That(NodePorts.From(parts.PortList(), parts.PortgroupList()).Ports.Keys, Is.EquivalentTo(parts.Ports.Keys), "snapshot lists round-trip");
            Assert.That(NodePorts.From(null, null), Is.EqualTo(NodePorts.Empty).Using<NodePorts>((a, b) => a.Ports.Count == b.Ports.Count && a.Portgroups.Count == b.Portgroups.Count));
        });
    }
}
