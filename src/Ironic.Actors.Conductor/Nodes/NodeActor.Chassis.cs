using Akka.Actor;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Protocol.Chassis;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;
using static Ironic.Actors.Protocol.Replies;

namespace Ironic.Actors.Conductor.Nodes;

/// <summary>
/// A node's chassis. A node may only name an existing chassis (Ironic answers 400 ChassisNotFound), and a
/// chassis that holds nodes cannot be deleted; both are coordinated with the chassis singleton by messages,
/// not a shared table: before storing a create or update that names a new chassis the node asks to be
/// attached to it (holding other messages back), and once it has stored that it no longer names a chassis
/// (changed, unset, or node deleted) it tells that chassis to detach it.
/// </summary>
public sealed partial class NodeActor
{
    /// <summary>Attaches the node to the chassis the decision names (if new), then continues with the registry claim.</summary>
    private void AttachChassisThenClaim(Decision decision, bool isNew)
    {
        var after = decision.Events is [var e] ? e switch
        {
            NodeEnrolled x => x.Node,
            NodeUpdated x => x.Node,
            _ => null,
        } : null;
        if (decision.Rejection is not null || after?.ChassisUuid is not { } chassis || chassis == _node?.ChassisUuid)
        {
            ClaimThenPersist(decision, isNew);
            return;
        }

        _busy = true;
        var replyTo = Sender;
        AskSingleton(_deps.Chassis, new ChassisCommands.AttachNode(Guid.Parse(chassis), _nodeId))
            .PipeTo(Self,
                success: answer => new ChassisAnswered(answer, decision, isNew, replyTo),
                failure: ex => new ChassisAnswered(
                    new Rejected(RejectionKind.Conflict, $"Could not check chassis {chassis} for node {_nodeId}: {ex.Message}. Please retry."),
                    decision, isNew, replyTo));
    }

    private void HandleChassisAnswered(ChassisAnswered answer)
    {
        Unblock();
        if (answer.Answer is ChassisReplies.NodeAttached)
        {
            ClaimThenPersist(answer.Decision, answer.IsNew, answer.ReplyTo);
            return;
        }
        answer.ReplyTo.Tell(answer.Answer as Rejected ?? new Rejected(RejectionKind.Conflict, $"Unexpected chassis answer {answer.Answer}"));
        PassivateIfAbsent();
    }

    /// <summary>After a stored event: if the node stopped naming <paramref name="before"/>, that chassis lets go of it.</summary>
    private void AfterChassisChange(string? before)
    {
        if (before is not null && before != _node?.ChassisUuid && Guid.TryParse(before, out var chassisId))
            _deps.Chassis.Tell(new ChassisCommands.DetachNode(chassisId, _nodeId));
    }

    /// <summary>The chassis singleton's answer to an attach, with what to do next. Strictly local.</summary>
    private sealed record ChassisAnswered(object Answer, Decision Decision, bool IsNew, IActorRef ReplyTo)
        : IAwaitedAnswer, INoSerializationVerificationNeeded;
}
