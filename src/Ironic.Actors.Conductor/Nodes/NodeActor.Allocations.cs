using Akka.Actor;
using Ironic.Actors.Domain.Allocations;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Protocol.Allocations;
using static Ironic.Actors.Protocol.Nodes.NodeAllocationCommands;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;
using static Ironic.Actors.Protocol.Replies;

namespace Ironic.Actors.Conductor.Nodes;

/// <summary>
/// The node's side of allocations. The allocations singleton asks a candidate node to reserve itself; the node
/// decides under its own lock (its mailbox), stores the reservation and only then says yes, so two allocations
/// can never hold one node: the second one is refused and tries its next candidate. A node that loses its
/// allocation any other way (deleted, torn down, instance removed) tells the singleton, which deletes it.
/// </summary>
public sealed partial class NodeActor
{
    private bool HandleAllocationMessage(object message)
    {
        switch (message)
        {
            case ReserveForAllocation or BackfillAllocation or ReleaseAllocation when _node is null:
                Reply(NotFound());
                PassivateIfAbsent();
                return true;
            case ReserveForAllocation or BackfillAllocation or ReleaseAllocation when LockHolder is { } holder:
                Reply(Rejected.From(Rejection.NodeLocked(_nodeId, holder)));
                return true;
            case ReserveForAllocation c:
                Execute(AllocationDecisions.Reserve(_node!, c.AllocationId, c.ResourceClass, c.Traits, Now().Now));
                return true;
            case BackfillAllocation c:
                Execute(AllocationDecisions.Backfill(_node!, c.Allocation, Now().Now));
                return true;
            case ReleaseAllocation c:
                Execute(AllocationDecisions.Release(_node!, c.AllocationId, Now().Now));
                return true;
            default:
                return false;
        }
    }

    /// <summary>Called for every event stored live: tells the singleton when the node dropped its allocation without a release.</summary>
    private void AfterAllocationChange(Guid? before, INodeEvent e)
    {
        if (before is { } allocationId && _node?.AllocationUuid != allocationId && e is not AllocationReleased)
            _deps.Allocations.Tell(new AllocationCommands.NodeDroppedAllocation(allocationId, _nodeId));
    }
}
