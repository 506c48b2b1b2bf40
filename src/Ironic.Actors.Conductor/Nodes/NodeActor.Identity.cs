using Akka.Actor;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Registry;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;
using static Ironic.Actors.Protocol.Replies;

namespace Ironic.Actors.Conductor.Nodes;

/// <summary>The parts of the node entity that keep names and instance UUIDs unique through the registry.</summary>
public sealed partial class NodeActor
{
    /// <summary>
    /// Create and update may change the node's name or instance UUID, which must be unique over all nodes:
    /// claim them from the registry first (stashing other messages), and persist only once the claim holds.
    /// </summary>
    private void ClaimThenPersist(Decision decision, bool isNew, IActorRef? replyTo = null)
    {
        replyTo ??= Sender;
        if (decision.Rejection is not null || decision.Events is not [var evt])
        {
            ReplyWithNode(decision, replyTo, isNew);
            return;
        }
        var after = evt switch
        {
            NodeEnrolled e => e.Node,
            NodeUpdated u => u.Node,
            _ => null,
        };
        if (after is null || (!isNew && after.Name == _node?.Name && after.InstanceUuid == _node?.InstanceUuid) ||
            (isNew && after.Name is null && after.InstanceUuid is null))
        {
            ReplyWithNode(decision, replyTo, isNew);
            return;
        }

        _busy = true;
        AskSingleton(_deps.Registry, new RegistryMessages.Claim(_nodeId, after.Name, after.InstanceUuid, isNew))
            .PipeTo(Self,
                success: answer => new ClaimAnswered(answer, decision, replyTo, isNew),
                failure: ex => new ClaimAnswered(
                    new Rejected(RejectionKind.Conflict, $"Could not reserve the name of node {_nodeId}: {ex.Message}. Please retry."),
                    decision, replyTo, isNew));
    }

    private void HandleClaimAnswered(ClaimAnswered answer)
    {
        Unblock();
        if (answer.Answer is RegistryMessages.Claimed)
            ReplyWithNode(answer.Decision, answer.ReplyTo, answer.IsNew);
        else
            answer.ReplyTo.Tell(answer.Answer is Rejected r ? r : new Rejected(RejectionKind.Conflict, $"Unexpected registry answer {answer.Answer}"));
    }

    /// <summary>
    /// Persists a create or update and answers with the stored node (201/200 in the API). A node just created then sleeps
    /// (<see cref="ConductorOptions.SleepAfterCreate"/>).
    /// </summary>
    private void ReplyWithNode(Decision decision, IActorRef replyTo, bool isNew)
    {
        if (decision.Rejection is { } rejection)
        {
            replyTo.Tell(Rejected.From(rejection));
            PassivateIfAbsent();
            return;
        }
        PersistEvents(decision.Events, () =>
        {
            replyTo.Tell(View());
            if (isNew)
                SleepAfterCreate();
        });
    }

    /// <summary>Deletes the node, then frees its name in the registry before answering.</summary>
    private void HandleDelete(Decision decision)
    {
        if (decision.Rejection is { } rejection)
        {
            Reply(Rejected.From(rejection));
            return;
        }
        var replyTo = Sender;
        PersistEvents(decision.Events, () =>
        {
            _busy = true;
            var reply = new Deleted(_nodeId, LastSequenceNr);
            AskSingleton(_deps.Registry, new RegistryMessages.Release(_nodeId))
                .PipeTo(Self,
                    success: _ => new ReleaseAnswered(reply, replyTo),
                    failure: _ => new ReleaseAnswered(reply, replyTo)); // deleted either way; a stale name is re-claimable by this UUID only
        });
    }

    /// <summary>The registry's answer to a claim, with what to do next. Strictly local.</summary>
    private sealed record ClaimAnswered(object Answer, Decision Decision, IActorRef ReplyTo, bool IsNew) : INoSerializationVerificationNeeded;

    /// <summary>The registry released the deleted node's identity. Strictly local.</summary>
    private sealed record ReleaseAnswered(object Reply, IActorRef ReplyTo) : INoSerializationVerificationNeeded;
}
