using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Domain.Decisions;

public static partial class NodeDecisions
{
    /// <summary>
    /// A driver call that needs the node's exclusive lock for as long as it runs (get or set the boot
    /// device, a vendor passthru method that asks for it): refused with 409 while someone holds the lock.
    /// Nothing is stored: the call changes the hardware, not the node record.
    /// </summary>
    public static Decision ReserveForDriverCall(Node node, NodeContext ctx) =>
        ctx.LockedBy is { } host ? Rejection.NodeLocked(node.Uuid, host) : Decision.Accept();
}
