using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Domain.Volumes;
using NUnit.Framework;

namespace Ironic.Actors.Domain.Tests;

/// <summary>
/// Volume connector and target rules (API 1.32), with Ironic 21.4's messages (see
/// tests/Ironic.Actors.Gateway.Tests/Reference/volumes-ironic-21.4.txt): creates in any state, updates and deletes under
/// the lock with the node powered off, uniqueness on the node, and the cinder storage interface's validation.
/// </summary>
[TestFixture]
public sealed class VolumeDecisionTests
{
    private static readonly Guid ConnectorA = Guid.Parse("0c474629-4e7f-44d2-b27c-b2191fbbec77");
    private static readonly Guid TargetA = Guid.Parse("543e13c8-1746-4859-b001-3057bdd153ee");
    private static readonly Guid TargetB = Guid.Parse("543e13c8-1746-4859-b001-3057bdd153ef");

    private static Node PoweredOff() => TestNodes.InState(ProvisionStates.Manageable) with { PowerState = PowerStates.PowerOff };

    private static VolumeConnector Connector(Guid? id = null, string type = "iqn", string value = "iqn.a") => new()
    {
        Uuid = id ?? ConnectorA, NodeId = TestNodes.Uuid, Type = type, ConnectorId = value, CreatedAt = TestNodes.Created,
    };

    private static VolumeTarget Target(Guid? id = null, long boot = 0, string type = "iscsi") => new()
    {
        Uuid = id ?? TargetA, NodeId = TestNodes.Uuid, VolumeType = type, BootIndex = boot, VolumeId = "v", CreatedAt = TestNodes.Created,
    };

    private static NodePorts With(IEnumerable<VolumeConnector>? connectors = null, IEnumerable<VolumeTarget>? targets = null) =>
        NodePorts.From(null, null, null, connectors, targets);

    private static JsonObject ConnectorBody(string type = "iqn", string value = "iqn.a") =>
        new() { ["node_uuid"] = TestNodes.Uuid.ToString(), ["type"] = type, ["connector_id"] = value };

    private static IReadOnlyList<PatchOperation> Replace(string path, JsonNode? value) => [new("replace", path, value, true)];

    private static void Refused(Decision d, RejectionKind kind, string message)
    {
        Assert.That(d.Rejection, Is.Not.Null, "expected a refusal");
        Assert.That(d.Rejection!.Kind, Is.EqualTo(kind));
        Assert.That(d.Rejection.Message, Is.EqualTo(message));
        Assert.That(d.Events, Is.Empty);
    }

    [Test]
    public void A_connector_is_created_whatever_the_nodes_state_and_lock()
    {
        var node = TestNodes.InState(ProvisionStates.Active) with { PowerState = PowerStates.PowerOn };
        var d = VolumeDecisions.CreateConnector(node.Uuid, node, NodePorts.Empty, ConnectorA, ConnectorBody(), TestNodes.Created.AddMinutes(3));
        Assert.That(d.Events, Has.Count.EqualTo(1));
        var created = ((VolumeConnectorCreated)d.Events[0]).Connector;
        Assert.That((created.Uuid, created.Type, created.ConnectorId, created.CreatedAt, created.UpdatedAt),
            Is.EqualTo((ConnectorA, "iqn", "iqn.a", TestNodes.Created.AddMinutes(3), (DateTimeOffset?)null)));
    }

    [Test]
    public void A_connector_create_checks_the_body_before_the_node_and_the_nodes_own_connectors()
    {
        var node = PoweredOff();
        var parts = With([Connector()]);
        var now = TestNodes.Created;
        Refused(VolumeDecisions.CreateConnector(Guid.Empty, null, NodePorts.Empty, ConnectorA, new JsonObject { ["type"] = "iqn", ["connector_id"] = "x" }, now),
            RejectionKind.Invalid, "Schema error for connector: 'node_uuid' is a required property");
        Refused(VolumeDecisions.CreateConnector(node.Uuid, null, NodePorts.Empty, ConnectorA, ConnectorBody(), now),
            RejectionKind.Invalid, $"Invalid input for field/attribute node_uuid. Value: '{node.Uuid}'. ");
        Refused(VolumeDecisions.CreateConnector(node.Uuid, node, parts, Guid.NewGuid(), ConnectorBody(), now),
            RejectionKind.Conflict, "A volume connector with type iqn and connector ID iqn.a already exists.");
        var named = ConnectorBody("ip", "x");
        named["uuid"] = ConnectorA.ToString();
        Refused(VolumeDecisions.CreateConnector(node.Uuid, node, parts, ConnectorA, named, now),
            RejectionKind.Conflict, $"A volume connector with UUID {ConnectorA} already exists.");
        // The body names no uuid: ConnectorA was generated for this request, and a connector held under it is the
        // request's own, stored by a copy whose conductor died unanswered.
        var again = VolumeDecisions.CreateConnector(node.Uuid, node, parts, ConnectorA, ConnectorBody("ip", "x"), now);
        Assert.That((again.Rejection, again.Events.Count), Is.EqualTo(((Rejection?)null, 0)));
        var withUuid = ConnectorBody("ip", "10.0.0.1");
        withUuid["uuid"] = "bad";
        Refused(VolumeDecisions.CreateConnector(node.Uuid, node, parts, Guid.NewGuid(), withUuid, now), RejectionKind.Invalid, "Expected UUID for uuid: bad");
    }

    [Test]
    public void A_target_create_finds_its_generated_uuid_held_done_and_a_named_one_taken()
    {
        var node = PoweredOff();
        var parts = With(targets: [Target()]);
        JsonObject Body() => new() { ["node_uuid"] = TestNodes.Uuid.ToString(), ["volume_type"] = "iscsi", ["volume_id"] = "v", ["boot_index"] = 0 };
        var again = VolumeDecisions.CreateTarget(node.Uuid, node, parts, TargetA, Body(), TestNodes.Created);
        Assert.That((again.Rejection, again.Events.Count), Is.EqualTo(((Rejection?)null, 0)), "the request's own target, stored by its earlier copy");
        var named = Body();
        named["uuid"] = TargetA.ToString();
        Refused(VolumeDecisions.CreateTarget(node.Uuid, node, parts, TargetA, named, TestNodes.Created),
            RejectionKind.Conflict, $"A volume target with UUID {TargetA} already exists.");
    }

    [Test]
    public void Updates_and_deletes_need_the_lock_and_the_node_powered_off()
    {
        var parts = With([Connector()], [Target()]);
        var on = PoweredOff() with { PowerState = PowerStates.PowerOn };
        var unknown = PoweredOff() with { PowerState = null };
        Refused(VolumeDecisions.PatchConnector(on, parts, ConnectorA, Replace("/type", "ip"), TestNodes.Ctx()),
            RejectionKind.Invalid, $"The requested action \"volume connector update\" can not be performed on node \"{on.Uuid}\" while it is in state \"power on\".");
        Refused(VolumeDecisions.DeleteConnector(unknown, parts, ConnectorA, TestNodes.Ctx()),
            RejectionKind.Invalid, $"The requested action \"volume connector deletion\" can not be performed on node \"{on.Uuid}\" while it is in state \"None\".");
        Refused(VolumeDecisions.PatchTarget(on, parts, TargetA, Replace("/boot_index", 1), TestNodes.Ctx()),
            RejectionKind.Invalid, $"The requested action \"volume target update\" can not be performed on node \"{on.Uuid}\" while it is in state \"power on\".");
        Refused(VolumeDecisions.DeleteTarget(on, parts, TargetA, TestNodes.Ctx()),
            RejectionKind.Invalid, $"The requested action \"volume target deletion\" can not be performed on node \"{on.Uuid}\" while it is in state \"power on\".");
        Refused(VolumeDecisions.DeleteTarget(PoweredOff(), parts, TargetA, TestNodes.Locked()), RejectionKind.Conflict, TestNodes.NodeLockedMessage);

        var deleted = VolumeDecisions.DeleteTarget(PoweredOff(), parts, TargetA, TestNodes.Ctx());
        Assert.That(deleted.Events, Is.EqualTo(new INodeEvent[] { new VolumeTargetDeleted(TestNodes.Uuid, TargetA, TestNodes.Ctx().Now) }));
    }

    [Test]
    public void A_patch_is_checked_in_Ironics_order_and_an_empty_one_stores_nothing()
    {
        var node = PoweredOff();
        var parts = With([Connector(), Connector(Guid.NewGuid(), "wwpn", "w1")], [Target(), Target(TargetB, 1)]);
        Refused(VolumeDecisions.PatchConnector(node, parts, ConnectorA, Replace("/uuid", "x"), TestNodes.Ctx()),
            RejectionKind.Invalid, "Cannot patch /uuid. Only the following can be updated: connector_id, extra, node_uuid, type");
        Refused(VolumeDecisions.PatchConnector(node, parts, ConnectorA, Replace("/node_uuid", "nope"), TestNodes.Ctx()),
            RejectionKind.Invalid, "Expected a UUID for node_uuid, but received nope.");
        Refused(VolumeDecisions.PatchConnector(node, parts, ConnectorA, [new("remove", "/type", null, false)], TestNodes.Ctx()),
            RejectionKind.Invalid, "Schema error for patch: 'type' is a required property");
        Refused(VolumeDecisions.PatchConnector(node, parts, ConnectorA, [new("replace", "/type", "wwpn", true), new("replace", "/connector_id", "w1", true)],
            TestNodes.Ctx()), RejectionKind.Conflict, "A volume connector with type wwpn and connector ID w1 already exists.");
        Refused(VolumeDecisions.PatchTarget(node, parts, TargetA, Replace("/boot_index", 1), TestNodes.Ctx()),
            RejectionKind.Conflict, "A volume target with boot index '1' for the same node already exists.");
        Refused(VolumeDecisions.PatchTarget(node, parts, TargetA, Replace("/boot_index", 1.5), TestNodes.Ctx()),
            RejectionKind.Invalid, "Schema error for patch: 1.5 is not of type 'integer'");
        Refused(VolumeDecisions.PatchTarget(node, parts, Guid.Empty, Replace("/boot_index", 1), TestNodes.Ctx()),
            RejectionKind.NotFound, $"Volume target {Guid.Empty} could not be found.");

        var empty = VolumeDecisions.PatchConnector(node, parts, ConnectorA, [], TestNodes.Ctx());
        Assert.That((empty.IsAccepted, empty.Events.Count), Is.EqualTo((true, 0)));
        var patched = VolumeDecisions.PatchTarget(node, parts, TargetA, Replace("/boot_index", 2), TestNodes.Ctx(5));
        var updated = ((VolumeTargetUpdated)patched.Events.Single()).Target;
        Assert.That((updated.BootIndex, updated.UpdatedAt), Is.EqualTo((2L, (DateTimeOffset?)TestNodes.Ctx(5).Now)));
    }

    [Test]
    public void A_move_is_decided_by_the_node_it_goes_to()
    {
        var other = Guid.Parse("a0466efb-479f-4d67-ae82-14f3f2759429");
        var parts = With([Connector()], [Target()]);
        var ops = Replace("/node_uuid", other.ToString());
        Assert.That(VolumeDecisions.ConnectorMoveTarget(TestNodes.Uuid, parts, ConnectorA, ops), Is.EqualTo(other));
        Assert.That(VolumeDecisions.ConnectorMoveTarget(TestNodes.Uuid, parts, ConnectorA, Replace("/type", "ip")), Is.Null);
        Assert.That(VolumeDecisions.TargetMoveTarget(TestNodes.Uuid, parts, TargetA, [.. ops, new("replace", "/uuid", "x", true)]), Is.Null,
            "a patch that fails is not a move: PatchTarget gives its error");
        var moved = VolumeDecisions.PrepareTargetMove(parts, TargetA, ops, TestNodes.Ctx(2).Now);
        Assert.That((moved.NodeId, moved.UpdatedAt), Is.EqualTo((other, (DateTimeOffset?)TestNodes.Ctx(2).Now)));

        // The destination: its lock and power state, and boot_index free there.
        var destination = PoweredOff() with { Uuid = other };
        var taken = With(targets: [Target(TargetB) with { NodeId = other }]);
        Refused(VolumeDecisions.AdoptTarget(destination, taken, moved, TestNodes.Ctx()), RejectionKind.Conflict,
            "A volume target with boot index '0' for the same node already exists.");
        Refused(VolumeDecisions.AdoptTarget(destination with { PowerState = PowerStates.PowerOn }, NodePorts.Empty, moved, TestNodes.Ctx()),
            RejectionKind.Invalid, $"The requested action \"volume target update\" can not be performed on node \"{other}\" while it is in state \"power on\".");
        var adopted = VolumeDecisions.AdoptTarget(destination, NodePorts.Empty, moved, TestNodes.Ctx(3));
        Assert.That(((VolumeTargetUpdated)adopted.Events.Single()).Target.NodeId, Is.EqualTo(other));
    }

    [Test]
    public void Deleting_the_node_deletes_its_volumes()
    {
        var parts = With([Connector()], [Target()]);
        var after = parts.Apply(new NodeDeleted(TestNodes.Uuid, TestNodes.Created));
        Assert.That((after.Connectors.Count, after.Targets.Count), Is.EqualTo((0, 0)));
    }

    [Test]
    public void Cinder_validation_matches_connectors_targets_and_capabilities()
    {
        var node = PoweredOff();
        CinderRefusal Fail(string reason, bool storageError = false) => new($"Failed to validate cinder storage interface for node {node.Uuid}. {reason}", storageError);
        Assert.That(CinderStorageRules.Validate(node, [], [], bootSupportsIpxe: false), Is.Null);
        Assert.That(CinderStorageRules.Validate(node, [Connector()], [], bootSupportsIpxe: false), Is.EqualTo(Fail(
            "The [pxe]/ipxe_enabled option must be set to True or the boot interface must be set to ``ipxe`` to support network booting to an iSCSI volume.")));
        Assert.That(CinderStorageRules.Validate(node, [Connector(type: "wwpn")], [], false), Is.EqualTo(Fail(
            "Cinder requires both wwnn and wwpn entries for FCoE connections. There must be a wwpn entry for every wwnn entry. There are 1 wwpn entries and 0 wwnn entries.", storageError: true)));
        var iscsiBoot = node with { Properties = new JsonObject { ["capabilities"] = "iscsi_boot:true" } };
        Assert.That(CinderStorageRules.Validate(iscsiBoot, [], [], true), Is.EqualTo(Fail(
            "In order to enable the 'iscsi_boot' capability for the node, an associated volume_connector type must be valid for iSCSI (iqn).")));
        Assert.That(CinderStorageRules.Validate(node, [Connector()], [Target()], true), Is.EqualTo(Fail(
            $"Volume target {TargetA} is configured for 'iscsi', however the capability 'iscsi_boot' is not set for the node.")));
        Assert.That(CinderStorageRules.Validate(iscsiBoot, [Connector()], [Target()], true), Is.Null);
        Assert.That(CinderStorageRules.Validate(node, [], [Target(boot: 1, type: "fibre_channel")], true), Is.EqualTo(Fail(
            $"Volume target {TargetA} is configured for 'fibre_channel', however no Fibre Channel WWPNs are configured for the node volume connectors.")));
        Assert.That(CinderStorageRules.Validate(node, [], [Target(type: "nfs")], true), Is.EqualTo(Fail(
            $"Volume target {TargetA} is of an unknown type 'nfs'. Supported types: 'iscsi' or 'fibre_channel'")));
    }
}
