using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;
using static Ironic.Actors.Domain.Tests.TestPorts;

namespace Ironic.Actors.Domain.Tests;

/// <summary>
/// <see cref="VifDecisions"/>: where Ironic 21.4's flat network interface puts a VIF (checked against the reference with
/// the same ports and portgroups), its 409/400 refusals, and the noop interface that keeps nothing.
/// </summary>
public class VifDecisionTests
{
    private static readonly Guid PortC = Guid.Parse("4d5859e5-fa0d-4a66-8d8b-686ed39a3c5e");

    private static Node Flat() => InState("available") with { Interfaces = FakeInterfaceResolver.Defaults with { Network = "flat" } };

    private static Node Noop() => InState("available") with { Interfaces = FakeInterfaceResolver.Defaults with { Network = "noop" } };

    private static Port NonPxe(Guid id, string mac) => Port(id, mac) with { PxeEnabled = false, CreatedAt = Created.AddSeconds(1) };

    private static Port Member(Guid id, string mac) => Port(id, mac, GroupA) with { CreatedAt = Created.AddSeconds(2) };

    private static Port Pxe(Guid id, string mac) => Port(id, mac) with { CreatedAt = Created.AddSeconds(3) };

    /// <summary>The reference's layout: a portgroup with one member, a non-PXE port and a PXE port (in that order).</summary>
    private static NodePorts Layout() =>
        With(Group(), NonPxe(PortA, "52:54:00:00:00:01"), Member(PortB, "52:54:00:00:00:02"), Pxe(PortC, "52:54:00:00:00:03"));

    private static NodePorts Attach(NodePorts parts, string vif, string? port = null, string? group = null) =>
        parts.Fold(VifDecisions.Attach(Flat(), parts, new VifRequest(vif, port, group), Ctx()));

    private static string? VifOn(JsonObject internalInfo) => internalInfo[VifDecisions.TenantVifKey]?.GetValue<string>();

    [Test]
    public void Flat_fills_the_portgroup_first_then_PXE_ports_then_the_others_and_lists_ports_before_portgroups()
    {
        var parts = Attach(Attach(Attach(Layout(), "vif-a"), "vif-b"), "vif-c");
        Assert.Multiple(() =>
        {
            Assert.That(VifOn(parts.Portgroup(GroupA)!.InternalInfo), Is.EqualTo("vif-a"));
            Assert.That(VifOn(parts.Port(PortC)!.InternalInfo), Is.EqualTo("vif-b"));
            Assert.That(VifOn(parts.Port(PortA)!.InternalInfo), Is.EqualTo("vif-c"));
            Assert.That(VifOn(parts.Port(PortB)!.InternalInfo), Is.Null, "a portgroup's member is not used on its own");
            Assert.That(VifDecisions.List(Flat(), parts), Is.EqualTo(new[] { "vif-c", "vif-b", "vif-a" }));
            Assert.That(VifDecisions.Attach(Flat(), parts, new VifRequest("vif-d"), Ctx()).Rejected(RejectionKind.Invalid),
                Is.EqualTo("Unable to attach VIF vif-d, not enough free physical ports."));
        });
    }

    [Test]
    public void Attach_stores_the_port_with_the_VIF_and_the_time_keeping_its_other_internal_info()
    {
        var parts = With(Port() with { InternalInfo = new JsonObject { ["cleaning_vif_port_id"] = "c1" } });
        var updated = VifDecisions.Attach(Flat(), parts, new VifRequest("vif-1"), Ctx(5)).Single<PortUpdated>();
        Assert.Multiple(() =>
        {
            Assert.That(updated.Port.InternalInfo.ToJsonString(), Is.EqualTo("""{"cleaning_vif_port_id":"c1","tenant_vif_port_id":"vif-1"}"""));
            Assert.That(updated.Port.UpdatedAt, Is.EqualTo(Ctx(5).Now));
            Assert.That(updated.At, Is.EqualTo(Ctx(5).Now));
            Assert.That(parts.Port(PortA)!.InternalInfo.ContainsKey(VifDecisions.TenantVifKey), Is.False, "the stored port is not changed in place");
        });
    }

    [Test]
    public void A_VIF_already_on_a_port_or_portgroup_is_409_naming_it()
    {
        var parts = Attach(Attach(Layout(), "vif-a"), "vif-b");
        Assert.Multiple(() =>
        {
            Assert.That(VifDecisions.Attach(Flat(), parts, new VifRequest("vif-a"), Ctx()).Rejected(RejectionKind.Conflict),
                Is.EqualTo($"Unable to attach VIF because VIF vif-a is already attached to Ironic Portgroup {GroupA}"));
            Assert.That(VifDecisions.Attach(Flat(), parts, new VifRequest("vif-b"), Ctx()).Rejected(RejectionKind.Conflict),
                Is.EqualTo($"Unable to attach VIF because VIF vif-b is already attached to Ironic Port {PortC}"));
        });
    }

    [Test]
    public void A_named_port_is_the_only_candidate_and_a_portgroup_member_cannot_be_named()
    {
        var parts = Attach(Layout(), "vif-x", port: PortA.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(VifOn(parts.Port(PortA)!.InternalInfo), Is.EqualTo("vif-x"), "the named port, though the portgroup is preferred");
            Assert.That(VifDecisions.Attach(Flat(), parts, new VifRequest("vif-y", PortB.ToString()), Ctx()).Rejected(RejectionKind.Invalid),
                Is.EqualTo("Unable to attach VIF vif-y, not enough free physical ports."));
            Assert.That(VifDecisions.Attach(Flat(), parts, new VifRequest("vif-y", "not-a-port"), Ctx()).Rejected(RejectionKind.Invalid),
                Is.EqualTo("Unable to attach VIF vif-y, not enough free physical ports."));
        });
    }

    [Test]
    public void A_named_portgroup_rules_out_standalone_ports()
    {
        var parts = Attach(Layout(), "vif-e", group: GroupA.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(VifOn(parts.Portgroup(GroupA)!.InternalInfo), Is.EqualTo("vif-e"));
            Assert.That(VifDecisions.Attach(Flat(), parts, new VifRequest("vif-f", null, GroupA.ToString()), Ctx()).Rejected(RejectionKind.Invalid),
                Is.EqualTo("Unable to attach VIF vif-f, not enough free physical ports."));
        });
    }

    [Test]
    public void A_portgroup_whose_member_has_a_VIF_offers_its_free_members_instead()
    {
        var third = Guid.Parse("4d5859e5-fa0d-4a66-8d8b-686ed39a3c5f");
        var parts = Attach(With(Group(), Member(PortB, "52:54:00:00:00:02"), Member(third, "52:54:00:00:00:04")), "vif-1", port: null);
        Assert.That(VifOn(parts.Portgroup(GroupA)!.InternalInfo), Is.EqualTo("vif-1"));
        // Put a VIF on a member directly (as an older attach could have): the group is then unusable as a whole.
        var busyMember = With(Group(), Member(PortB, "52:54:00:00:00:02") with { InternalInfo = new JsonObject { ["tenant_vif_port_id"] = "old" } },
            Member(third, "52:54:00:00:00:04"));
        var after = Attach(busyMember, "vif-2");
        Assert.Multiple(() =>
        {
            Assert.That(VifOn(after.Portgroup(GroupA)!.InternalInfo), Is.Null);
            Assert.That(VifOn(after.Port(third)!.InternalInfo), Is.EqualTo("vif-2"));
        });
    }

    [Test]
    public void Smart_NIC_rules_decide_which_ports_are_usable()
    {
        var link = new JsonObject { ["port_id"] = "p1", ["hostname"] = "h1" };
        var parts = With(Port() with { LocalLinkConnection = link }, Port(PortB, "52:54:00:00:00:02") with { IsSmartnic = true });
        Assert.That(VifDecisions.Attach(Flat(), parts, new VifRequest("v"), Ctx()).Rejected(RejectionKind.Invalid),
            Is.EqualTo("Unable to attach VIF v, not enough free physical ports."));
        var smart = With(Port() with { LocalLinkConnection = (JsonObject)link.DeepClone(), IsSmartnic = true });
        Assert.That(VifOn(smart.Fold(VifDecisions.Attach(Flat(), smart, new VifRequest("v"), Ctx())).Port(PortA)!.InternalInfo), Is.EqualTo("v"));
    }

    [Test]
    public void Detach_clears_the_VIF_and_the_legacy_extra_vif_port_id_from_the_port_that_holds_it()
    {
        var parts = With(Port() with
        {
            InternalInfo = new JsonObject { ["tenant_vif_port_id"] = "vif-1", ["other"] = 1 },
            Extra = new JsonObject { ["vif_port_id"] = "vif-1", ["rack"] = "r1" },
        });
        var updated = VifDecisions.Detach(Flat(), parts, "vif-1", Ctx(2)).Single<PortUpdated>();
        Assert.Multiple(() =>
        {
            Assert.That(updated.Port.InternalInfo.ToJsonString(), Is.EqualTo("""{"other":1}"""));
            Assert.That(updated.Port.Extra.ToJsonString(), Is.EqualTo("""{"rack":"r1"}"""));
            Assert.That(VifDecisions.Detach(Flat(), parts.Fold(Decision.Accept(updated)), "vif-1", Ctx()).Rejected(RejectionKind.Invalid),
                Is.EqualTo($"Unable to detach VIF vif-1 from node {Uuid} because it is not attached to it."));
        });
    }

    [Test]
    public void Detach_finds_a_VIF_on_a_portgroup() =>
        Assert.That(VifDecisions.Detach(Flat(), Attach(Layout(), "vif-a"), "vif-a", Ctx()).Single<PortgroupUpdated>()
            .Portgroup.InternalInfo.ContainsKey(VifDecisions.TenantVifKey), Is.False);

    [Test]
    public void Attach_and_detach_are_409_while_the_node_is_locked_whatever_the_interface()
    {
        foreach (var node in new[] { Flat(), Noop() })
        {
            Assert.That(VifDecisions.Attach(node, Layout(), new VifRequest("v"), Locked()).Rejected(RejectionKind.Conflict), Is.EqualTo(NodeLockedMessage));
            Assert.That(VifDecisions.Detach(node, Layout(), "v", Locked()).Rejected(RejectionKind.Conflict), Is.EqualTo(NodeLockedMessage));
        }
    }

    [Test]
    public void Noop_keeps_nothing_attach_and_detach_succeed_and_the_list_is_empty()
    {
        var parts = Attach(Layout(), "vif-a");
        Assert.Multiple(() =>
        {
            Assert.That(VifDecisions.Attach(Noop(), NodePorts.Empty, new VifRequest("v"), Ctx()).Events, Is.Empty);
            Assert.That(VifDecisions.Attach(Noop(), NodePorts.Empty, new VifRequest("v"), Ctx()).IsAccepted, Is.True);
            Assert.That(VifDecisions.Detach(Noop(), parts, "never-attached", Ctx()).IsAccepted, Is.True);
            Assert.That(VifDecisions.List(Noop(), parts), Is.Empty, "what flat stored is not shown by noop");
        });
    }
}
