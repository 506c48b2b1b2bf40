using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Domain.States;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;
using static Ironic.Actors.Domain.Tests.TestPorts;

namespace Ironic.Actors.Domain.Tests;

/// <summary><see cref="PortDecisions"/>: Ironic's rules for creating, updating and deleting a node's ports.</summary>
public class PortDecisionTests
{
    private static readonly string[] ConnectivityStates = ["enroll", "inspecting", "inspect wait", "manageable"];

    private static IEnumerable<string> OtherStates() => ProvisionStates.All.Except(ConnectivityStates);

    private static IEnumerable<string> AllStates() => ProvisionStates.All;

    [Test]
    public void Create_stores_the_port_on_this_node_at_the_time_of_the_decision()
    {
        var node = InState("enroll");
        var created = CreatePort(InState("enroll"), NodePorts.Empty, PortA,
            PortBody("52:54:00:AA:BB:CC", b => b["extra"] = new JsonObject { ["rack"] = "r1" }), Ctx()).Single<PortCreated>();
        Assert.Multiple(() =>
        {
            Assert.That(created.Port.Uuid, Is.EqualTo(PortA));
            Assert.That(created.NodeId, Is.EqualTo(Uuid));
            Assert.That(created.Port.Address, Is.EqualTo(Mac));
            Assert.That(created.Port.Extra["rack"]!.GetValue<string>(), Is.EqualTo("r1"));
            Assert.That(created.At, Is.EqualTo(Ctx().Now));
            Assert.That(created.Port.UpdatedAt, Is.Null);
            Assert.That(node.Apply(created), Is.SameAs(node), "ports leave the node record unchanged");
            Assert.That(NodePorts.Empty.Apply(created).Port(PortA), Is.EqualTo(created.Port));
        });
    }

    [TestCaseSource(nameof(AllStates))]
    public void Ports_can_be_created_in_every_state_when_the_node_is_not_locked(string state) =>
        CreatePort(InState(state), NodePorts.Empty, PortA, PortBody(), Ctx()).Single<PortCreated>();

    [Test]
    public void Create_is_409_while_the_node_is_locked() =>
        Assert.That(CreatePort(InState("enroll"), NodePorts.Empty, PortA, PortBody(), Locked()).Rejected(RejectionKind.Conflict),
            Is.EqualTo(NodeLockedMessage));

    [Test]
    public void Bad_fields_are_refused_when_the_body_is_read_before_any_decision() =>
        Assert.That(Read(PortBody("nope"), PortA), Is.EqualTo(((Port?)null, "Expected valid MAC address for address: nope")));

    [Test]
    public void Create_refuses_a_UUID_the_node_already_holds() =>
        Assert.That(CreatePort(InState("enroll"), With(Port()), PortA, PortBody("52:54:00:aa:bb:dd"), Ctx()).Rejected(RejectionKind.Conflict),
            Is.EqualTo($"A port with UUID {PortA} already exists."));

    [Test]
    public void A_create_finding_its_generated_UUID_held_stands_as_done()
    {
        // Its earlier copy was stored before its conductor died unanswered, and this copy was sent again: nothing to store.
        var again = CreatePort(InState("enroll"), With(Port()), PortA, PortBody(), Ctx(), uuidGenerated: true);
        Assert.That((again.Rejection, again.Events.Count), Is.EqualTo(((Rejection?)null, 0)));
    }

    [Test]
    public void A_portgroup_the_node_does_not_have_belongs_to_another_node() =>
        Assert.That(CreatePort(InState("enroll"), NodePorts.Empty, PortA, PortBody(more: b => b["portgroup_uuid"] = GroupA.ToString()), Ctx())
                .Rejected(RejectionKind.Invalid),
            Is.EqualTo("Port can not be added to a portgroup belonging to a different node."));

    [Test]
    public void A_smart_NIC_port_needs_port_id_and_hostname() =>
        Assert.That(CreatePort(InState("enroll"), NodePorts.Empty, PortA,
                PortBody(more: b => { b["is_smartnic"] = true; b["local_link_connection"] = new JsonObject { ["switch_id"] = "0a:1b:2c:3d:4e:5f", ["port_id"] = "p" }; }), Ctx())
            .Rejected(RejectionKind.Invalid), Is.EqualTo("Smart NIC port must have port_id and hostname in local_link_connection"));

    [Test]
    public void An_empty_physical_network_is_refused() =>
        Assert.That(CreatePort(InState("enroll"), NodePorts.Empty, PortA, PortBody(more: b => b["physical_network"] = ""), Ctx())
            .Rejected(RejectionKind.Invalid), Is.EqualTo("A non-empty value is required when setting physical_network"));

    [Test]
    public void Asking_for_PXE_in_a_group_without_standalone_ports_is_409_but_the_default_is_not_asking()
    {
        var parts = With(Group(standalone: false));
        Assert.That(CreatePort(InState("enroll"), parts, PortA,
                PortBody(more: b => { b["portgroup_uuid"] = GroupA.ToString(); b["pxe_enabled"] = true; }), Ctx()).Rejected(RejectionKind.Conflict),
            Is.EqualTo($"Port group {GroupA} doesn't support standalone ports. This port cannot be created as a member of that portgroup " +
                       "as the port's 'pxe_enabled' field was set to True."));
        var created = CreatePort(InState("enroll"), parts, PortA, PortBody(more: b => b["portgroup_uuid"] = GroupA.ToString()), Ctx())
            .Single<PortCreated>();
        Assert.That((created.Port.PortgroupId, created.Port.PxeEnabled), Is.EqualTo(((Guid?)GroupA, true)));
    }

    [Test]
    public void Members_of_a_portgroup_share_one_physical_network()
    {
        var parts = With(Group(), Port(PortB, "52:54:00:aa:bb:01", GroupA, "physnet1"));
        Assert.That(CreatePort(InState("enroll"), parts, PortA,
                PortBody(more: b => { b["portgroup_uuid"] = GroupA.ToString(); b["physical_network"] = "physnet2"; }), Ctx()).Rejected(RejectionKind.Conflict),
            Is.EqualTo($"Port with physical network physnet2 cannot become a member of port group {GroupA} which has ports in physical network physnet1."));
        Assert.That(CreatePort(InState("enroll"), parts, PortA, PortBody(more: b => b["portgroup_uuid"] = GroupA.ToString()), Ctx())
                .Rejected(RejectionKind.Conflict),
            Does.StartWith("Port with physical network None cannot become a member"));
        CreatePort(InState("enroll"), parts, PortA,
            PortBody(more: b => { b["portgroup_uuid"] = GroupA.ToString(); b["physical_network"] = "physnet1"; }), Ctx()).Single<PortCreated>();
    }

    [TestCase("52:54:00:aa:bb:cc")]
    [TestCase("52:54:00:AA:BB:CC")]
    public void Create_refuses_a_MAC_address_another_port_of_the_node_has_without_the_registry(string address) =>
        Assert.That(CreatePort(InState("enroll"), With(Port(PortB)), PortA, PortBody(address), Ctx()).Rejected(RejectionKind.Conflict),
            Is.EqualTo($"A port with MAC address {Mac} already exists."));

    [Test]
    public void The_node_lock_is_checked_before_the_MAC_address_as_in_Ironic() =>
        Assert.That(CreatePort(InState("enroll"), With(Port(PortB)), PortA, PortBody(), Locked()).Rejected(RejectionKind.Conflict),
            Is.EqualTo(NodeLockedMessage));

    [Test]
    public void Patch_refuses_a_MAC_address_another_port_of_the_node_has_and_keeps_its_own()
    {
        var parts = With(Port(), Port(PortB, "52:54:00:aa:bb:dd"));
        Assert.That(PortDecisions.Patch(InState("enroll"), parts, PortB, [Replace("/address", JsonValue.Create("52:54:00:AA:BB:CC"))], true, Ctx())
            .Rejected(RejectionKind.Conflict), Is.EqualTo($"A port with MAC address {Mac} already exists."));
        PortDecisions.Patch(InState("enroll"), parts, PortB, [Add("/extra/a", JsonValue.Create(1))], true, Ctx()).Single<PortUpdated>();
    }

    [Test]
    public void Patch_applies_the_operations_and_stamps_updated_at()
    {
        var updated = PortDecisions.Patch(InState("active"), With(Port()), PortA,
            [Add("/extra/vlan", JsonValue.Create(42))], refuseWhileInspecting: true, Ctx(5)).Single<PortUpdated>();
        Assert.Multiple(() =>
        {
            Assert.That(updated.Port.Extra["vlan"]!.GetValue<int>(), Is.EqualTo(42));
            Assert.That(updated.Port.UpdatedAt, Is.EqualTo(Ctx(5).Now));
            Assert.That(updated.Port.CreatedAt, Is.EqualTo(Created));
        });
    }

    [Test]
    public void A_patch_that_changes_nothing_stores_nothing()
    {
        var decision = PortDecisions.Patch(InState("enroll"), With(Port()), PortA, [Replace("/address", JsonValue.Create("52:54:00:AA:BB:CC"))], true, Ctx());
        Assert.That(decision.IsAccepted, Is.True);
        Assert.That(decision.Events, Is.Empty);
    }

    [Test]
    public void Removing_extra_resets_it_to_an_empty_object()
    {
        var port = Port() with { Extra = new JsonObject { ["a"] = 1 } };
        var updated = PortDecisions.Patch(InState("enroll"), With(port), PortA, [Remove("/extra")], true, Ctx()).Single<PortUpdated>();
        Assert.That(updated.Port.Extra, Is.Empty);
    }

    [Test]
    public void Patch_of_a_port_the_node_does_not_hold_is_404() =>
        Assert.That(PortDecisions.Patch(InState("enroll"), NodePorts.Empty, PortA, [Remove("/extra")], true, Ctx()).Rejected(RejectionKind.NotFound),
            Is.EqualTo($"Port {PortA} could not be found."));

    [Test]
    public void Patch_errors_are_400_with_the_patch_wording()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PortDecisions.Patch(InState("enroll"), With(Port()), PortA, [Replace("/extra/missing", JsonValue.Create(1))], true, Ctx())
                .Rejected(RejectionKind.Invalid), Is.EqualTo("Couldn't apply patch '{'op': 'replace', 'path': '/extra/missing', 'value': 1}'. Reason: can't replace a non-existent object 'missing'"));
            Assert.That(PortDecisions.Patch(InState("enroll"), With(Port()), PortA, [Replace("/address", JsonValue.Create("bad"))], true, Ctx())
                .Rejected(RejectionKind.Invalid), Is.EqualTo("Expected valid MAC address for address: bad"));
            Assert.That(PortDecisions.Patch(InState("enroll"), With(Port()), PortA, [Replace("/physical_network", JsonValue.Create(""))], true, Ctx())
                .Rejected(RejectionKind.Invalid), Is.EqualTo("A non-empty value is required when setting physical_network"));
        });
    }

    [Test]
    public void A_patch_naming_another_node_is_a_move_not_an_update()
    {
        PatchOperation[] move = [Replace("/node_uuid", JsonValue.Create(OtherNode.ToString().ToUpperInvariant())), Add("/extra/moved", JsonValue.Create(true))];
        Assert.Multiple(() =>
        {
            Assert.That(PortDecisions.MoveTarget(Uuid, With(Port()), PortA, move), Is.EqualTo(OtherNode));
            Assert.That(PortDecisions.MoveTarget(Uuid, With(Port()), PortA, [Replace("/node_uuid", JsonValue.Create(Uuid.ToString()))]), Is.Null);
            Assert.That(PortDecisions.MoveTarget(Uuid, With(Port()), PortA, [Replace("/node_uuid", JsonValue.Create("x"))]), Is.Null, "a bad patch is Patch's to refuse");
            Assert.That(PortDecisions.Patch(InState("enroll"), With(Port()), PortA, move, true, Ctx()).Rejected(RejectionKind.Invalid),
                Does.StartWith($"Moving port {PortA} to another node ({OtherNode}) is not supported"), "Patch alone never moves");
        });
        var (original, moved, rejection) = PortDecisions.PrepareMove(InState("active"), With(Port()), PortA, move, Ctx());
        Assert.That(rejection, Is.Null);
        Assert.That((original!.NodeId, moved!.NodeId, moved.Extra["moved"]!.GetValue<bool>()), Is.EqualTo((Uuid, OtherNode, true)));
        Assert.That(PortDecisions.PrepareMove(InState("enroll"), With(Port()), PortA, move, Locked()).Rejection!.Message, Is.EqualTo(NodeLockedMessage));
    }

    [Test]
    public void The_node_a_port_moves_to_applies_Ironics_update_rules()
    {
        var original = Port(group: GroupA);
        var moved = original with { NodeId = OtherNode, PortgroupId = null };
        var target = InState("manageable") with { Uuid = OtherNode };
        var adopted = PortDecisions.Adopt(target, NodePorts.Empty, original, moved, true, Ctx(2)).Single<PortUpdated>();
        Assert.That((adopted.NodeId, adopted.Port.UpdatedAt), Is.EqualTo((OtherNode, (DateTimeOffset?)Ctx(2).Now)));
        Assert.That(NodePorts.Empty.Apply(adopted).Port(PortA), Is.Not.Null, "the target now holds the port");

        Assert.Multiple(() =>
        {
            // Leaving its portgroup changes connectivity: not on an active node.
            Assert.That(PortDecisions.Adopt(target with { ProvisionState = "active" }, NodePorts.Empty, original, moved, true, Ctx()).Rejected(RejectionKind.Conflict),
                Does.StartWith($"Port {PortA} can not have any connectivity attributes"));
            Assert.That(PortDecisions.Adopt(target, NodePorts.Empty, original, moved with { PortgroupId = GroupA }, true, Ctx()).Rejected(RejectionKind.Invalid),
                Is.EqualTo("Port can not be added to a portgroup belonging to a different node."));
            Assert.That(PortDecisions.Adopt(target, With(Port()), original, moved, true, Ctx()).Rejected(RejectionKind.Conflict),
                Is.EqualTo($"A port with UUID {PortA} already exists."));
            Assert.That(PortDecisions.Adopt(target, NodePorts.Empty, original, moved, true, Locked()).Rejected(RejectionKind.Conflict),
                Is.EqualTo($"Node {OtherNode} is locked by host {Host}, please retry after the current operation is completed."));
        });
        var plain = Port();
        PortDecisions.Adopt(target with { ProvisionState = "active" }, NodePorts.Empty, plain, plain with { NodeId = OtherNode }, true, Ctx()).Single<PortUpdated>();
    }

    [TestCase("active", false, null)]
    [TestCase("available", false, "6a3c6f6e-0f1b-4e55-9d55-3b7c1d0a0001")]
    public void A_new_address_on_an_active_or_associated_node_is_409(string state, bool maintenance, string? instance)
    {
        var node = InState(state) with { Maintenance = maintenance, InstanceUuid = instance };
        Assert.That(PortDecisions.Patch(node, With(Port()), PortA, [Replace("/address", JsonValue.Create("52:54:00:aa:bb:dd"))], true, Ctx())
                .Rejected(RejectionKind.Conflict),
            Is.EqualTo($"Cannot update hardware address for port {PortA} as node {Uuid} is active or has instance UUID assigned"));
        var inMaintenance = node with { Maintenance = true };
        PortDecisions.Patch(inMaintenance, With(Port()), PortA, [Replace("/address", JsonValue.Create("52:54:00:aa:bb:dd"))], true, Ctx()).Single<PortUpdated>();
    }

    [TestCaseSource(nameof(OtherStates))]
    public void Connectivity_attributes_change_only_in_enroll_inspecting_inspect_wait_manageable_or_maintenance(string state)
    {
        var parts = With(Port(), Group());
        PatchOperation[][] changes =
        [
            [Replace("/pxe_enabled", JsonValue.Create(false))],
            [Replace("/physical_network", JsonValue.Create("physnet1"))],
            [Replace("/local_link_connection", new JsonObject { ["port_id"] = "p", ["switch_id"] = "0a:1b:2c:3d:4e:5f" })],
            [Replace("/portgroup_uuid", JsonValue.Create(GroupA.ToString()))],
        ];
        foreach (var ops in changes)
        {
            Assert.That(PortDecisions.Patch(InState(state), parts, PortA, ops, true, Ctx()).Rejected(RejectionKind.Conflict), Is.EqualTo(
                $"Port {PortA} can not have any connectivity attributes (portgroup_id, pxe_enabled, local_link_connection, physical_network) " +
                $"updated unless node {Uuid} is in a enroll, inspecting, inspect wait, manageable state or in maintenance mode. " +
                $"The current state is {state}."), ops[0].Path);
            PortDecisions.Patch(InState(state) with { Maintenance = true }, parts, PortA, ops, true, Ctx()).Single<PortUpdated>();
        }
        PortDecisions.Patch(InState(state), parts, PortA, [Add("/extra/k", JsonValue.Create("v"))], true, Ctx()).Single<PortUpdated>();
    }

    [TestCase("enroll")]
    [TestCase("inspect wait")]
    [TestCase("manageable")]
    public void Connectivity_attributes_change_in_the_allowed_states(string state) =>
        PortDecisions.Patch(InState(state), With(Port()), PortA, [Replace("/pxe_enabled", JsonValue.Create(false))], true, Ctx())
            .Single<PortUpdated>();

    [Test]
    public void While_inspecting_updates_are_409_from_1_39()
    {
        var inspecting = InState("inspecting");
        Assert.That(PortDecisions.Patch(inspecting, With(Port()), PortA, [Add("/extra/k", JsonValue.Create("v"))], refuseWhileInspecting: true, Ctx())
                .Rejected(RejectionKind.Conflict),
            Is.EqualTo($"Cannot update port \"{PortA}\" on \"{Uuid}\" while it is in state \"inspecting\"."));
        PortDecisions.Patch(inspecting, With(Port()), PortA, [Add("/extra/k", JsonValue.Create("v"))], refuseWhileInspecting: false, Ctx())
            .Single<PortUpdated>();
    }

    [Test]
    public void Patch_is_409_while_the_node_is_locked() =>
        Assert.That(PortDecisions.Patch(InState("enroll"), With(Port()), PortA, [Add("/extra/k", JsonValue.Create("v"))], true, Locked())
            .Rejected(RejectionKind.Conflict), Is.EqualTo(NodeLockedMessage));

    [Test]
    public void Joining_a_portgroup_checks_its_physical_network()
    {
        var parts = With(Group(), Port(PortB, "52:54:00:aa:bb:01", GroupA, "physnet1"), Port());
        Assert.That(PortDecisions.Patch(InState("enroll"), parts, PortA, [Replace("/portgroup_uuid", JsonValue.Create(GroupA.ToString()))], true, Ctx())
            .Rejected(RejectionKind.Conflict), Does.StartWith("Port with physical network None cannot become a member of port group"));
        var joined = parts.Fold(PortDecisions.Patch(InState("enroll"), parts, PortA,
            [Replace("/portgroup_uuid", JsonValue.Create(GroupA.ToString())), Replace("/physical_network", JsonValue.Create("physnet1"))], true, Ctx()));
        Assert.That(joined.MembersOf(GroupA).Select(p => p.Uuid), Is.EquivalentTo(new[] { PortA, PortB }));
    }

    [Test]
    public void Delete_removes_the_port()
    {
        var deleted = PortDecisions.Delete(InState("active"), With(Port()), PortA, Ctx()).Single<PortDeleted>();
        Assert.That((deleted.NodeId, deleted.PortId), Is.EqualTo((Uuid, PortA)));
        Assert.That(With(Port()).Apply(deleted).Ports, Is.Empty);
    }

    [Test]
    public void Delete_of_an_unknown_port_is_404_and_while_locked_409()
    {
        Assert.That(PortDecisions.Delete(InState("enroll"), NodePorts.Empty, PortA, Ctx()).Rejected(RejectionKind.NotFound),
            Is.EqualTo($"Port {PortA} could not be found."));
        Assert.That(PortDecisions.Delete(InState("enroll"), With(Port()), PortA, Locked()).Rejected(RejectionKind.Conflict), Is.EqualTo(NodeLockedMessage));
    }

    [Test]
    public void A_port_bound_to_a_VIF_stays_unless_the_node_is_in_maintenance()
    {
        var port = Port() with { InternalInfo = new JsonObject { ["tenant_vif_port_id"] = "vif-1" } };
        Assert.That(PortDecisions.Delete(InState("active"), With(port), PortA, Ctx()).Rejected(RejectionKind.Conflict),
            Is.EqualTo($"Cannot delete the port {PortA} as it is bound to VIF vif-1 for tenant use."));
        PortDecisions.Delete(InState("active") with { Maintenance = true }, With(port), PortA, Ctx()).Single<PortDeleted>();
    }
}
