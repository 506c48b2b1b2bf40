using Akka.Actor;
using Akka.Event;
using Ironic.Actors.Domain.Decisions;
using static Ironic.Actors.Protocol.Nodes.AgentCommands;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;

namespace Ironic.Actors.Conductor.Nodes;

/// <summary>
/// The agent ramdisk's calls: lookup (hand out the token once) and heartbeat (record the agent, then carry on with the
/// work waiting for it). Everything the agent's progress needs is in the journal (<c>driver_internal_info</c>), so a
/// node waiting in <c>wait call-back</c> or <c>clean wait</c> carries on at whichever conductor hosts it when the next
/// heartbeat arrives.
/// </summary>
public sealed partial class NodeActor
{
    /// <summary>Handles the agent's lookup and heartbeat; false for anything else.</summary>
    private bool HandleAgentMessage(object message)
    {
        switch (message)
        {
            case AgentLookup or AgentHeartbeat when _node is null:
                Reply(NotFound());
                PassivateIfAbsent();
                return true;
            case AgentLookup lookup:
            {
                var answer = NodeDecisions.AgentLookup(_node!, lookup.IssueToken, lookup.NewToken, Now());
                if (answer.Decision.Rejection is { } rejection)
                {
                    Reply(Rejected.From(rejection));
                    return true;
                }
                var replyTo = Sender;
                PersistEvents(answer.Decision.Events, () => replyTo.Tell(new AgentLookedUp(View(), answer.Token)));
                return true;
            }
            case AgentHeartbeat heartbeat:
            {
                var busy = _work is not null || _call is not null;
                var decision = NodeDecisions.AgentHeartbeat(_node!, heartbeat.CallbackUrl, heartbeat.AgentVersion,
                    heartbeat.AgentToken, busy, Now());
                if (decision.Rejection is null && decision.Work is not null)
                    _log.Info("Node {0}: agent heartbeat in {1}, continuing its {2}", _nodeId, _node!.ProvisionState, decision.Work);
                Execute(decision);
                return true;
            }
            default:
                return false;
        }
    }
}
