using Akka.Actor;
using Akka.Event;
using Ironic.Actors.Domain.Decisions;
using static Ironic.Actors.Protocol.Nodes.AgentCommands;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;
using static Ironic.Actors.Protocol.Replies;

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
                HandleHeartbeat(heartbeat, Sender);
                return true;
            case AgentCaStored stored:
                HandleCaStored(stored);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// A heartbeat that may be taken (<see cref="NodeDecisions.HeartbeatRefusal"/>) and brings the agent's CA has the CA
    /// saved first, off the actor (<see cref="AgentCaStored"/> comes back), then is decided with where it was saved.
    /// </summary>
    private void HandleHeartbeat(AgentHeartbeat heartbeat, IActorRef replyTo)
    {
        if (NodeDecisions.HeartbeatRefusal(_node!, heartbeat.CallbackUrl, heartbeat.AgentToken, _deps.RequireAgentTls) is { } refusal)
        {
            replyTo.Tell(Rejected.From(refusal));
            return;
        }
        if (string.IsNullOrEmpty(heartbeat.AgentVerifyCa))
        {
            DecideHeartbeat(heartbeat, null, replyTo);
            return;
        }
        _deps.AgentCertificates.StoreAsync(_nodeId, NodeDecisions.SavedAgentCa(_node!), heartbeat.AgentVerifyCa)
            .ContinueWith(t => t.IsCompletedSuccessfully
                    ? new AgentCaStored(heartbeat, t.Result, null, replyTo)
                    : new AgentCaStored(heartbeat, null, t.Exception?.GetBaseException().Message ?? "cancelled", replyTo),
                TaskScheduler.Default)
            .PipeTo(Self);
    }

    private void HandleCaStored(AgentCaStored stored)
    {
        if (_node is null)
        {
            stored.ReplyTo.Tell(NotFound());
            return;
        }
        if (stored.Error is { } error)
        {
            _log.Error("Node {0}: could not save the TLS certificate of its agent: {1}", _nodeId, error);
            stored.ReplyTo.Tell(Rejected.From(Rejection.Invalid($"Could not save the TLS certificate for node {_nodeId}: {error}")));
            return;
        }
        if (stored.Result!.Changed)
        {
            _log.Error("Content mismatch for agent_verify_ca for node {0}", _nodeId);
            stored.ReplyTo.Tell(Rejected.From(NodeDecisions.AgentCaChanged()));
            return;
        }
        DecideHeartbeat(stored.Heartbeat, stored.Result.Path, stored.ReplyTo);
    }

    private void DecideHeartbeat(AgentHeartbeat heartbeat, string? caPath, IActorRef replyTo)
    {
        var busy = _work is not null || _call is not null;
        var decision = NodeDecisions.AgentHeartbeat(_node!, heartbeat.CallbackUrl, heartbeat.AgentVersion,
            heartbeat.AgentToken, busy, Now(), _deps.RequireAgentTls, caPath);
        if (decision.Rejection is { } rejection)
        {
            replyTo.Tell(Rejected.From(rejection));
            return;
        }
        if (decision.Work is not null)
            _log.Info("Node {0}: agent heartbeat in {1}, continuing its {2}", _nodeId, _node!.ProvisionState, decision.Work);
        PersistEvents(decision.Events, () =>
        {
            StartWork(decision.Work);
            replyTo.Tell(new Accepted(View()));
        });
    }

    /// <summary>The agent's CA was saved (or refused, or could not be); strictly local.</summary>
    private sealed record AgentCaStored(
        AgentHeartbeat Heartbeat, Conductor.Agent.AgentCertificateStore.Stored? Result, string? Error, IActorRef ReplyTo)
        : INoSerializationVerificationNeeded;
}
