using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;

namespace Ironic.Actors.Domain.Decisions;

public static partial class NodeDecisions
{
    /// <summary>
    /// PUT /states/power: records the target power state and names the power work to run. <paramref name="requestedAs"/>
    /// is how the request named the node (name or UUID), which Ironic repeats in its refusals; the UUID when not given.
    /// </summary>
    public static Decision RequestPower(Node node, string target, int? timeoutSeconds, NodeContext ctx, string? requestedAs = null)
    {
        var ident = requestedAs ?? node.Uuid.ToString();
        if (timeoutSeconds is < 1)
            return Rejection.Invalid("timeout has to be positive integer");
        if (!PowerStates.Targets.Contains(target))
            return Rejection.InvalidStateRequested(target, ident, node.PowerState);
        if (node.ProvisionState is ProvisionStates.Cleaning or ProvisionStates.CleanWait)
            return Rejection.InvalidStateRequested(target, ident, node.ProvisionState);
        if (ctx.LockedBy is { } host)
            return Rejection.NodeLocked(node.Uuid, host);

        return Decision.Accept(
            new NodeWork(WorkKind.Power, target, TimeoutSeconds: timeoutSeconds),
            new PowerActionStarted(node.Uuid, target, PowerStates.ResultOf(target), ctx.Now));
    }
}
