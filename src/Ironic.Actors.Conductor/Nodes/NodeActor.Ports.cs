using Akka.Actor;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Protocol.Conductors;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Ports;
using Ironic.Actors.Protocol.Registry;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;
using static Ironic.Actors.Protocol.Replies;
using static Ironic.Actors.Protocol.Ports.PortCommands;

namespace Ironic.Actors.Conductor.Nodes;

/// <summary>
/// The node's ports and portgroups. Ironic's conductor takes the node's exclusive lock to create, update or
/// delete a port (and to update or delete a portgroup), and deleting a node deletes its ports; so they belong
/// to the node's entity: their events go to the node's journal, their rules are the pure
/// <see cref="PortDecisions"/>/<see cref="PortgroupDecisions"/> checked in this mailbox (a port write while
/// driver work runs is 409 NodeLocked, as in Ironic), and their state (<see cref="NodePorts"/>) is rebuilt with
/// the node's. What must be unique over all nodes (port UUIDs and MAC addresses, portgroup names and
/// addresses) is claimed from the node registry before the events are stored, as node names are; deletes
/// release the claims once stored. Lists are served by the query model, which projects these events.
/// </summary>
public sealed partial class NodeActor
{
    private NodePorts _ports = NodePorts.Empty;

    /// <summary>Folds a stored event into the node and its ports (recovery and live writes alike).</summary>
    private void Fold(INodeEvent e)
    {
        var chassisBefore = _node?.ChassisUuid;
        var allocationBefore = _node?.AllocationUuid;
        _node = _node.Apply(e);
        _ports = _ports.Apply(e);
        if (!IsRecovering)
        {
            AfterChassisChange(chassisBefore);
            AfterAllocationChange(allocationBefore, e);
        }
    }

    private void Restore(NodeSnapshot snapshot)
    {
        _node = snapshot.Node;
        _ports = NodePorts.From(snapshot.Ports, snapshot.Portgroups, snapshot.History, snapshot.VolumeConnectors, snapshot.VolumeTargets,
            snapshot.Inventory, snapshot.BiosSettings);
    }

    private NodeSnapshot Snapshot() => new(_node)
    {
        Ports = _ports.PortList(), Portgroups = _ports.PortgroupList(), History = _ports.History,
        VolumeConnectors = _ports.ConnectorList(), VolumeTargets = _ports.TargetList(), Inventory = _ports.Inventory,
        BiosSettings = _ports.Bios,
    };

    /// <summary>Handles port and portgroup commands and the registry's answers to their claims; false for anything else.</summary>
    private bool HandlePortMessage(object message)
    {
        switch (message)
        {
            case CreatePort or CreatePortgroup or AdoptPort or AdoptPortgroup when _node is null:
                // Creating under a node that does not exist is a bad request, as in Ironic.
                Reply(new Rejected(RejectionKind.Invalid, Rejection.NodeNotFound(_nodeId.ToString()).Message));
                PassivateIfAbsent();
                return true;
            case INodePartCommand c when _node is null:
                Reply(Rejected.From(c is GetPort or PatchPort or DeletePort
                    ? PortDecisions.PortNotFound(PartId(c))
                    : PortgroupDecisions.PortgroupNotFound(PartId(c).ToString())));
                PassivateIfAbsent();
                return true;
            case GetPort c:
                Reply(_ports.Port(c.PortId) is { } port ? new PortReplies.PortView(port, LastSequenceNr) : Rejected.From(PortDecisions.PortNotFound(c.PortId)));
                return true;
            case GetPortgroup c:
                Reply(_ports.Portgroup(c.PortgroupId) is { } group
                    ? new PortReplies.PortgroupView(group, LastSequenceNr)
                    : Rejected.From(PortgroupDecisions.PortgroupNotFound(c.PortgroupId.ToString())));
                return true;
            case CreatePort c:
                ClaimThenStorePart(PortDecisions.Create(_node!, _ports, c.Port, c.PxeEnabledGiven, Now(), c.IdGenerated), PortView(c.PortId));
                return true;
            case PatchPort c when PortDecisions.MoveTarget(_nodeId, _ports, c.PortId, c.Operations) is { } target:
                MoveOut(PortDecisions.PrepareMove(_node!, _ports, c.PortId, c.Operations, Now()),
                    (original, moved) => new AdoptPort(target, original, moved, c.RefuseWhileInspecting),
                    at => new PortDeleted(_nodeId, c.PortId, at));
                return true;
            case AdoptPort c:
                ClaimThenStorePart(PortDecisions.Adopt(_node!, _ports, c.Original, c.Moved, c.RefuseWhileInspecting, Now()), PortView(c.Moved.Uuid),
                    new PortRegistryMessages.ClaimPort(_nodeId, c.Moved.Uuid, c.Moved.Address) { MovedFrom = c.Original.NodeId });
                return true;
            case PatchPort c:
                ClaimThenStorePart(PortDecisions.Patch(_node!, _ports, c.PortId, c.Operations, c.RefuseWhileInspecting, Now()), PortView(c.PortId));
                return true;
            case DeletePort c:
                StoreThenRelease(PortDecisions.Delete(_node!, _ports, c.PortId, Now()),
                    new PortRegistryMessages.ReleasePort(_nodeId, c.PortId),
                    () => new PortReplies.PortRemoved(_nodeId, c.PortId, LastSequenceNr));
                return true;
            case CreatePortgroup c:
                ClaimThenStorePart(PortgroupDecisions.Create(_node!, _ports, c.Portgroup, Now(), c.IdGenerated), PortgroupView(c.PortgroupId));
                return true;
            case PatchPortgroup c when PortgroupDecisions.MoveTarget(_nodeId, _ports, c.PortgroupId, c.Operations) is { } target:
                MoveOut(PortgroupDecisions.PrepareMove(_node!, _ports, c.PortgroupId, c.Operations, Now()),
                    (original, moved) => new AdoptPortgroup(target, original, moved, c.RefuseWhileInspecting),
                    at => new PortgroupDeleted(_nodeId, c.PortgroupId, at));
                return true;
            case AdoptPortgroup c:
                ClaimThenStorePart(PortgroupDecisions.Adopt(_node!, _ports, c.Original, c.Moved, c.RefuseWhileInspecting, Now()),
                    PortgroupView(c.Moved.Uuid),
                    new PortRegistryMessages.ClaimPortgroup(_nodeId, c.Moved.Uuid, c.Moved.Name, c.Moved.Address) { MovedFrom = c.Original.NodeId });
                return true;
            case PatchPortgroup c:
                ClaimThenStorePart(PortgroupDecisions.Patch(_node!, _ports, c.PortgroupId, c.Operations, c.RefuseWhileInspecting, Now()),
                    PortgroupView(c.PortgroupId));
                return true;
            case DeletePortgroup c:
                StoreThenRelease(PortgroupDecisions.Delete(_node!, _ports, c.PortgroupId, Now()),
                    new PortRegistryMessages.ReleasePortgroup(_nodeId, c.PortgroupId),
                    () => new PortReplies.PortgroupRemoved(_nodeId, c.PortgroupId, LastSequenceNr));
                return true;
            case PartClaimAnswered answer:
                Unblock();
                if (answer.Answer is RegistryMessages.Claimed)
                    PersistEvents(answer.Decision.Events, () => answer.ReplyTo.Tell(answer.Reply()));
                else
                    answer.ReplyTo.Tell(answer.Answer as Rejected ?? new Rejected(RejectionKind.Conflict, $"Unexpected registry answer {answer.Answer}"));
                return true;
            case PartReleaseAnswered answer:
                Unblock();
                answer.ReplyTo.Tell(answer.Reply);
                return true;
            case ChassisAnswered answer:
                HandleChassisAnswered(answer);
                return true;
            case MoveAnswered answer:
                Unblock();
                if (answer.Answer is PortReplies.PortView or PortReplies.PortgroupView or
                    Protocol.Volumes.VolumeReplies.ConnectorShown or Protocol.Volumes.VolumeReplies.TargetShown)
                    PersistEvents([answer.Removal], () => answer.ReplyTo.Tell(answer.Answer));
                else
                    answer.ReplyTo.Tell(answer.Answer as Rejected ?? new Rejected(RejectionKind.Conflict, $"Unexpected answer to a move: {answer.Answer}"));
                return true;
            default:
                return false;
        }
    }

    private Func<object> PortView(Guid portId) => () => new PortReplies.PortView(_ports.Port(portId)!, LastSequenceNr);

    private Func<object> PortgroupView(Guid groupId) => () => new PortReplies.PortgroupView(_ports.Portgroup(groupId)!, LastSequenceNr);

    /// <summary>
    /// Stores an accepted create or update. When it takes a new unique value (a new port, a changed MAC address,
    /// a new portgroup or a changed name or address), claims it from the registry first, holding other messages
    /// back, and stores only once the claim holds; a refused claim is the 409 the client sees.
    /// </summary>
    private void ClaimThenStorePart(Decision decision, Func<object> reply, object? explicitClaim = null)
    {
        if (decision.Rejection is { } rejection)
        {
            Reply(Rejected.From(rejection));
            return;
        }
        var replyTo = Sender;
        var claim = decision.Events.Count == 0 ? null : explicitClaim ?? (decision.Events is [var e] ? ClaimFor(e) : null);
        if (claim is null)
        {
            PersistEvents(decision.Events, () => replyTo.Tell(reply()));
            return;
        }
        _busy = true;
        AskSingleton(_deps.Registry, claim)
            .PipeTo(Self,
                success: answer => new PartClaimAnswered(answer, decision, reply, replyTo),
                failure: ex => new PartClaimAnswered(
                    new Rejected(RejectionKind.Conflict, $"Could not reserve the address of a port of node {_nodeId}: {ex.Message}. Please retry."),
                    decision, reply, replyTo));
    }

    /// <summary>The registry claim an event needs, or null when it takes no new unique value.</summary>
    private object? ClaimFor(INodeEvent e) => e switch
    {
        PortCreated x => new PortRegistryMessages.ClaimPort(_nodeId, x.Port.Uuid, x.Port.Address),
        PortUpdated x when x.Port.Address != _ports.Port(x.Port.Uuid)?.Address =>
            new PortRegistryMessages.ClaimPort(_nodeId, x.Port.Uuid, x.Port.Address),
        PortgroupCreated x => new PortRegistryMessages.ClaimPortgroup(_nodeId, x.Portgroup.Uuid, x.Portgroup.Name, x.Portgroup.Address),
        PortgroupUpdated x when _ports.Portgroup(x.Portgroup.Uuid) is { } before &&
                                (before.Name != x.Portgroup.Name || before.Address != x.Portgroup.Address) =>
            new PortRegistryMessages.ClaimPortgroup(_nodeId, x.Portgroup.Uuid, x.Portgroup.Name, x.Portgroup.Address),
        _ => VolumeClaimFor(e),
    };

    /// <summary>Stores an accepted delete, then frees its claims in the registry before answering.</summary>
    private void StoreThenRelease(Decision decision, object release, Func<object> reply)
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
            var answer = reply();
            AskSingleton(_deps.Registry, release)
                .PipeTo(Self,
                    success: _ => new PartReleaseAnswered(answer, replyTo),
                    failure: _ => new PartReleaseAnswered(answer, replyTo)); // deleted either way; the claim stays held by this UUID only
        });
    }

    /// <summary>
    /// Runs the first half of a port's or portgroup's move (<paramref name="prepared"/>, from the part's
    /// <c>PrepareMove</c>): a refusal is the answer; otherwise <see cref="StartMove"/> with the target's adopt command
    /// and the event that removes the part here, stamped now.
    /// </summary>
    private void MoveOut<TPart>(
        (TPart? Original, TPart? Moved, Rejection? Rejection) prepared,
        Func<TPart, TPart, INodePartCommand> adopt,
        Func<DateTimeOffset, INodeEvent> removal)
        where TPart : class
    {
        if (prepared.Rejection is not null)
            Reply(Rejected.From(prepared.Rejection));
        else
            StartMove(adopt(prepared.Original!, prepared.Moved!), removal(_deps.Time.GetUtcNow()));
    }

    /// <summary>
    /// Moves a port or portgroup out of this node: the target node checks and stores it first (holding this node's
    /// other messages back meanwhile), then this node deletes its copy and answers with the target's view. If this
    /// node stopped between the two, the registry already names the target, which is where the gateway looks.
    /// Two nodes moving ports to each other at the same instant wait for each other until the ask times out
    /// (409, retried by clients), never longer.
    /// </summary>
    private void StartMove(INodePartCommand adopt, INodeEvent removal)
    {
        _busy = true;
        var replyTo = Sender;
        // Sent again if a conductor (the target's) is removed meanwhile; the target acts on one copy.
        Akka.Cluster.Sharding.ClusterSharding.Get(Context.System).ShardRegion(Protocol.ActorKeys.NodeRegionName)
            .AskAcrossLossesAsync(new ResendableNodeMessage(Guid.NewGuid(), adopt), _deps.RegistryTimeout, Losses)
            .PipeTo(Self,
                success: answer => new MoveAnswered(answer, removal, replyTo),
                failure: ex => new MoveAnswered(
                    new Rejected(RejectionKind.Conflict, $"Node {adopt.NodeId} did not take the move from node {_nodeId}: {ex.Message}. Please retry."),
                    removal, replyTo));
    }

    private static Guid PartId(INodePartCommand command) => command switch
    {
        GetPort c => c.PortId,
        PatchPort c => c.PortId,
        DeletePort c => c.PortId,
        CreatePort c => c.PortId,
        GetPortgroup c => c.PortgroupId,
        PatchPortgroup c => c.PortgroupId,
        DeletePortgroup c => c.PortgroupId,
        CreatePortgroup c => c.PortgroupId,
        AdoptPort c => c.Moved.Uuid,
        AdoptPortgroup c => c.Moved.Uuid,
        _ => Guid.Empty,
    };

    /// <summary>Answers the entity waits for while it holds other messages back (see <c>_busy</c>).</summary>
    private interface IAwaitedAnswer;

    /// <summary>The registry's answer to a port or portgroup claim, with what to do next. Strictly local.</summary>
    private sealed record PartClaimAnswered(object Answer, Decision Decision, Func<object> Reply, IActorRef ReplyTo)
        : IAwaitedAnswer, INoSerializationVerificationNeeded;

    /// <summary>The target node's answer to a move, with the event that removes this node's copy. Strictly local.</summary>
    private sealed record MoveAnswered(object Answer, INodeEvent Removal, IActorRef ReplyTo) : IAwaitedAnswer, INoSerializationVerificationNeeded;

    /// <summary>The registry freed a deleted port's or portgroup's claims. Strictly local.</summary>
    private sealed record PartReleaseAnswered(object Reply, IActorRef ReplyTo) : IAwaitedAnswer, INoSerializationVerificationNeeded;
}
