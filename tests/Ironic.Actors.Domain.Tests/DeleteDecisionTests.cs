using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.States;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary><see cref="NodeDecisions.Delete"/>: DELETE /v1/nodes/{id} (spec §4.5).</summary>
public class DeleteDecisionTests
{
    private static readonly string[] Allowed = ["manageable", "enroll", "adopt failed", "available"];

    private static IEnumerable<string> AllowedStates() => Allowed;

    private static IEnumerable<string> RefusedStates() => ProvisionStates.All.Except(Allowed);

    private static IEnumerable<string> AllStates() => ProvisionStates.All;

    [TestCaseSource(nameof(AllowedStates))]
    public void Deletion_is_allowed_in_the_delete_allowed_states(string state)
    {
        var deleted = NodeDecisions.Delete(InState(state), Ctx()).Single<NodeDeleted>();
        Assert.That(deleted.NodeId, Is.EqualTo(Uuid));
        Assert.That(deleted.At, Is.EqualTo(Ctx().Now));
        Assert.That(InState(state).Apply(deleted), Is.Null);
    }

    [TestCaseSource(nameof(RefusedStates))]
    public void Deletion_is_409_in_every_other_state(string state)
    {
        var message = NodeDecisions.Delete(InState(state), Ctx()).Rejected(RejectionKind.Conflict);
        Assert.That(message, Is.EqualTo(
            $"Can not delete node \"{Uuid}\" while it is in provision state \"{state}\". Valid provision states to perform deletion are: " +
            "\"('manageable', 'enroll', 'adopt failed', 'available')\", or set the node into maintenance mode"));
    }

    [Test]
    public void Active_node_message_matches_the_http_sample_exactly()
    {
        // An active node without an instance (a sample node that was deployed and then had its instance removed).
        var message = NodeDecisions.Delete(InState("active"), Ctx()).Rejected(RejectionKind.Conflict);
        Assert.That(message, Is.EqualTo(
            "Can not delete node \"235a04b7-48cd-434e-b03e-f731e64998f7\" while it is in provision state \"active\". " +
            "Valid provision states to perform deletion are: \"('manageable', 'enroll', 'adopt failed', 'available')\", " +
            "or set the node into maintenance mode"));
    }

    [Test]
    public void Available_is_excluded_when_deleting_available_nodes_is_disallowed()
    {
        var ctx = Ctx() with { AllowDeletingAvailableNodes = false };
        var message = NodeDecisions.Delete(InState("available"), ctx).Rejected(RejectionKind.Conflict);
        Assert.That(message, Does.EndWith(
            "Valid provision states to perform deletion are: \"('manageable', 'enroll', 'adopt failed')\", or set the node into maintenance mode"));
        NodeDecisions.Delete(InState("manageable"), ctx).Single<NodeDeleted>();
    }

    [TestCaseSource(nameof(AllStates))]
    public void Maintenance_allows_deletion_in_any_state(string state)
    {
        NodeDecisions.Delete(InState(state) with { Maintenance = true }, Ctx()).Single<NodeDeleted>();
    }

    [Test]
    public void Maintenance_allows_deleting_an_associated_node()
    {
        NodeDecisions.Delete(Deployed() with { Maintenance = true }, Ctx()).Single<NodeDeleted>();
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Protected_node_is_403_even_in_maintenance(bool maintenance)
    {
        var node = InState("manageable") with { Protected = true, ProtectedReason = "keep", Maintenance = maintenance };
        var message = NodeDecisions.Delete(node, Ctx()).Rejected(RejectionKind.Forbidden);
        Assert.That(message, Is.EqualTo($"Node {Uuid} is protected and cannot be undeployed, rebuilt or deleted"));
    }

    [Test]
    public void Associated_node_is_409()
    {
        var node = Deployed("manageable");
        var message = NodeDecisions.Delete(node, Ctx()).Rejected(RejectionKind.Conflict);
        Assert.That(message, Is.EqualTo($"Node {Uuid} is associated with instance {InstanceA}."));
    }

    [Test]
    public void Association_is_checked_before_protection_and_state()
    {
        var node = Deployed() with { Protected = true };
        var message = NodeDecisions.Delete(node, Ctx()).Rejected(RejectionKind.Conflict);
        Assert.That(message, Is.EqualTo($"Node {Uuid} is associated with instance {node.InstanceUuid}."));
    }

    [Test]
    public void Protection_is_checked_before_state()
    {
        var node = InState("active") with { Protected = true };
        Assert.That(NodeDecisions.Delete(node, Ctx()).Rejected(RejectionKind.Forbidden),
            Is.EqualTo($"Node {Uuid} is protected and cannot be undeployed, rebuilt or deleted"));
    }

    [TestCase("manageable")]
    [TestCase("active")]
    public void Locked_node_is_409_NodeLocked(string state)
    {
        var message = NodeDecisions.Delete(InState(state) with { Maintenance = true }, Locked()).Rejected(RejectionKind.Conflict);
        Assert.That(message, Is.EqualTo(NodeLockedMessage));
    }
}
