using Akka.Actor;
using Akka.Event;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Periodic;
using static Ironic.Actors.Protocol.Periodic.PeriodicCommands;

namespace Ironic.Actors.Conductor.Nodes;

/// <summary>
/// The node's side of its conductor's periodic work. The power sync and the time-out checks decide from the
/// query model and the BMC which nodes to message; here the node decides again against its own state, under
/// its lock (its mailbox), stores what changed, and answers after that.
/// </summary>
public sealed partial class NodeActor
{
    /// <summary>Handles the periodic work's commands; false for anything else.</summary>
    private bool HandlePeriodicMessage(object message)
    {
        switch (message)
        {
            case SyncPowerState c when _node is not null:
                // Every power interface shipped can set the state back (Ironic's supports_power_sync is true for all of them).
                ExecutePowerSync(NodeDecisions.SyncPower(_node, c.Reading, c.PreviousFailures, Options.PowerSync, canForce: true, Now()));
                return true;
            case RecoverPowerFailure c when _node is not null:
                ExecutePowerSync(NodeDecisions.RecoverFromPowerFailure(_node, c.Reading, Now()));
                return true;
            case CheckProvisionTimeout when _node is not null:
            {
                var decision = NodeDecisions.TimeOutWait(_node, Options.ProvisionTimeouts, Now());
                if (decision.Events.Count > 0)
                    _log.Warning("Node {0} waited too long in {1}: failing it", _nodeId, _node.ProvisionState);
                var replyTo = Sender;
                PersistEvents(decision.Events, () => replyTo.Tell(new TimeoutChecked(_nodeId, decision.Events.Count > 0)));
                return true;
            }
            case SyncPowerState or RecoverPowerFailure:
                // Deleted since the query model saw it: nothing to sync, and nothing to count.
                Reply(new PowerSynced(_nodeId, 0, PowerSyncOutcome.Skipped));
                PassivateIfAbsent();
                return true;
            case CheckProvisionTimeout:
                Reply(new TimeoutChecked(_nodeId, false));
                PassivateIfAbsent();
                return true;
            default:
                return false;
        }
    }

    /// <summary>Stores the sync's events, starts the power action that sets the BMC back (if any), then answers.</summary>
    private void ExecutePowerSync(PowerSyncDecision sync)
    {
        var replyTo = Sender;
        PersistEvents(sync.Decision.Events, () =>
        {
            if (sync.Outcome is PowerSyncOutcome.Maintenance)
                _log.Error("Node {0}: {1}", _nodeId, _node?.MaintenanceReason);
            else if (sync.Outcome is PowerSyncOutcome.Recorded or PowerSyncOutcome.Recovered)
                _log.Info("Node {0}: power sync {1}; power state now {2}", _nodeId, sync.Outcome, _node?.PowerState ?? "None");
            else if (sync.Outcome is PowerSyncOutcome.Forced)
                _log.Warning("Node {0}: power sync {1}; power state now {2}, target {3}", _nodeId, sync.Outcome,
                    _node?.PowerState ?? "None", _node?.TargetPowerState ?? "None");
            StartWork(sync.Decision.Work);
            replyTo.Tell(new PowerSynced(_nodeId, sync.Failures, sync.Outcome));
        });
    }
}
