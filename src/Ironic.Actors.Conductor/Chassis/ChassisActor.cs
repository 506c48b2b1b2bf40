using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Enclosures;
using Ironic.Actors.Protocol.Chassis;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol;
using static Ironic.Actors.Protocol.Chassis.ChassisCommands;

namespace Ironic.Actors.Conductor.Chassis;

/// <summary>
/// Every chassis, as a persistent cluster singleton on conductor members: chassis are few (one per rack
/// enclosure), so one actor holds them all, answers their lists itself, and is the one place that knows which
/// nodes each chassis holds. A node asks <see cref="AttachNode"/> before it stores a <c>chassis_uuid</c> (so a
/// node can only name an existing chassis, 400 otherwise) and sends <see cref="DetachNode"/> once it no longer
/// does; a chassis with nodes cannot be deleted (Ironic's ChassisNotEmpty). A membership can outlive its node
/// when a node fails between attaching and storing, so before refusing a delete the actor asks each member node
/// whether it still names the chassis, and forgets those that do not. Replies follow the stored events.
/// </summary>
public sealed class ChassisActor : ReceivePersistentActor
{
    public const string Name = "chassis";
    private const int SnapshotEvery = 500;

    private readonly ChassisCatalog _catalog = new();
    private readonly Func<IActorRef?> _nodeRegion;
    private readonly TimeProvider _time;
    private readonly TimeSpan _askTimeout;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _busy; // checking the nodes of a chassis being deleted: stash everything else

    public ChassisActor(Func<IActorRef?> nodeRegion, TimeProvider time, TimeSpan askTimeout)
    {
        _nodeRegion = nodeRegion;
        _time = time;
        _askTimeout = askTimeout;

        Recover<SnapshotOffer>(offer => _catalog.Apply(offer.Snapshot));
        RecoverAny(e => _catalog.Apply(e));

        Command<MembersChecked>(OnMembersChecked);
        CommandAny(message =>
        {
            if (_busy)
            {
                Stash.Stash();
                return;
            }
            Handle(message);
        });
    }

    public override string PersistenceId => "chassis";

    /// <param name="nodeRegion">The node shard region (or proxy), looked up when first needed.</param>
    public static Props Props(Func<IActorRef?> nodeRegion, TimeProvider time, TimeSpan? askTimeout = null) =>
        Akka.Actor.Props.Create(() => new ChassisActor(nodeRegion, time, askTimeout ?? TimeSpan.FromSeconds(10)));

    private void Handle(object message)
    {
        switch (message)
        {
            case GetChassis get:
                Sender.Tell(_catalog.Find(get.ChassisId) is { } found
                    ? new ChassisReplies.ChassisView(found)
                    : NotFound(get.ChassisId));
                break;
            case ListChassis list:
                Sender.Tell(_catalog.Page(list));
                break;
            case CreateChassis create:
                var (created, createRejection) = ChassisDecisions.Create(_catalog.Find, create.ChassisId, create.Body, _time.GetUtcNow());
                if (created is null)
                    Sender.Tell(Replies.Rejected.From(createRejection!));
                else if (ReferenceEquals(created, _catalog.Find(created.Uuid)))
                    Sender.Tell(new ChassisReplies.ChassisView(created)); // this create's own earlier copy made it
                else
                    Store(new ChassisEvents.ChassisCreated(created), new ChassisReplies.ChassisView(created));
                break;
            case PatchChassis patch:
                if (_catalog.Find(patch.ChassisId) is not { } current)
                {
                    Sender.Tell(NotFound(patch.ChassisId));
                    break;
                }
                var (updated, patchRejection) = ChassisDecisions.Patch(current, patch.Operations, _time.GetUtcNow());
                if (updated is null)
                    Sender.Tell(Replies.Rejected.From(patchRejection!));
                else if (ReferenceEquals(updated, current))
                    Sender.Tell(new ChassisReplies.ChassisView(current));
                else
                    Store(new ChassisEvents.ChassisUpdated(updated), new ChassisReplies.ChassisView(updated));
                break;
            case DeleteChassis delete:
                if (_catalog.Find(delete.ChassisId) is null)
                    Sender.Tell(NotFound(delete.ChassisId));
                else if (_catalog.NodesOf(delete.ChassisId).Count == 0)
                    DeleteNow(delete.ChassisId, Sender);
                else
                    CheckMembers(delete.ChassisId, Sender);
                break;
            case AttachNode attach:
                if (_catalog.Find(attach.ChassisId) is null)
                    Sender.Tell(new Replies.Rejected(RejectionKind.Invalid, ChassisDecisions.ChassisNotFound(attach.ChassisId.ToString()).Message));
                else if (_catalog.Holds(attach.ChassisId, attach.NodeId))
                    Sender.Tell(new ChassisReplies.NodeAttached(attach.ChassisId, attach.NodeId));
                else
                    Store(new ChassisEvents.NodeAttached(attach.ChassisId, attach.NodeId),
                        new ChassisReplies.NodeAttached(attach.ChassisId, attach.NodeId));
                break;
            case DetachNode detach:
                if (_catalog.Holds(detach.ChassisId, detach.NodeId))
                    Store(new ChassisEvents.NodeDetached(detach.ChassisId, detach.NodeId), null);
                break;
            case SaveSnapshotSuccess saved:
                DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
                break;
            case SaveSnapshotFailure or DeleteSnapshotsSuccess or DeleteSnapshotsFailure:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void DeleteNow(Guid chassisId, IActorRef replyTo)
    {
        var chassis = _catalog.Find(chassisId)!;
        if (ChassisDecisions.Delete(chassis, _catalog.NodesOf(chassisId).Count) is { } rejection)
        {
            replyTo.Tell(Replies.Rejected.From(rejection));
            return;
        }
        Persist(new ChassisEvents.ChassisDeleted(chassisId, _time.GetUtcNow()), e =>
        {
            _catalog.Apply(e);
            MaybeSnapshot();
            replyTo.Tell(new ChassisReplies.ChassisRemoved(chassisId));
        });
    }

    /// <summary>Asks every member node (through the region) whether it still names the chassis; answers come back as one message.</summary>
    private void CheckMembers(Guid chassisId, IActorRef replyTo)
    {
        var region = _nodeRegion();
        var members = _catalog.NodesOf(chassisId).ToList();
        if (region is null)
        {
            replyTo.Tell(Replies.Rejected.From(ChassisDecisions.Delete(_catalog.Find(chassisId)!, members.Count)!));
            return;
        }
        _busy = true;
        var timeout = _askTimeout;
        var chassisText = chassisId.ToString();
        Task.WhenAll(members.Select(async nodeId =>
            {
                try
                {
                    var answer = await region.Ask<object>(new NodeCommands.GetNode(nodeId), timeout);
                    return (nodeId, Stale: answer switch
                    {
                        NodeReplies.NodeView view => view.Node.ChassisUuid != chassisText,
                        Replies.Rejected { Kind: RejectionKind.NotFound } => true,
                        _ => false,
                    });
                }
                catch (Exception)
                {
                    return (nodeId, Stale: false); // no answer: keep it, refusing the delete is the safe side
                }
            }))
            .PipeTo(Self, success: results => new MembersChecked(chassisId, results.Where(r => r.Stale).Select(r => r.nodeId).ToList(), replyTo));
    }

    private void OnMembersChecked(MembersChecked check)
    {
        if (check.Stale.Count > 0)
            _log.Info("Chassis {0}: forgetting {1} node(s) that no longer name it", check.ChassisId, check.Stale.Count);
        var detached = check.Stale.Select(n => new ChassisEvents.NodeDetached(check.ChassisId, n)).ToList();
        if (detached.Count == 0)
        {
            Finish();
            return;
        }
        var remaining = detached.Count;
        PersistAll(detached, e =>
        {
            _catalog.Apply(e);
            if (--remaining == 0)
                Finish();
        });

        void Finish()
        {
            _busy = false;
            if (_catalog.Find(check.ChassisId) is null)
                check.ReplyTo.Tell(NotFound(check.ChassisId));
            else
                DeleteNow(check.ChassisId, check.ReplyTo);
            Stash.UnstashAll();
        }
    }

    private void Store(object e, object? reply)
    {
        var replyTo = Sender;
        Persist(e, stored =>
        {
            _catalog.Apply(stored);
            MaybeSnapshot();
            if (reply is not null)
                replyTo.Tell(reply);
        });
    }

    private void MaybeSnapshot()
    {
        if (LastSequenceNr % SnapshotEvery == 0)
            SaveSnapshot(_catalog.ToSnapshot());
    }

    private static Replies.Rejected NotFound(Guid chassisId) =>
        Replies.Rejected.From(ChassisDecisions.ChassisNotFound(chassisId.ToString()));

    /// <summary>The outcome of <see cref="CheckMembers"/>. Strictly local.</summary>
    private sealed record MembersChecked(Guid ChassisId, IReadOnlyList<Guid> Stale, IActorRef ReplyTo) : INoSerializationVerificationNeeded;
}
