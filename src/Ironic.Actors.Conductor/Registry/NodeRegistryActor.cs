using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Registry;

namespace Ironic.Actors.Conductor.Registry;

/// <summary>
/// The cluster-wide owner of what must be unique across nodes (names, instance UUIDs), and the resolver
/// of names to UUIDs. Runs as a persistent cluster singleton on conductor members; a claim is answered
/// only after it is stored, so a name can never be given out twice, even across a fail-over.
/// </summary>
public sealed partial class NodeRegistryActor : ReceivePersistentActor
{
    public const string Name = "node-registry";
    private const int SnapshotEvery = 1000;
    private readonly NodeIdentities _identities = new();
    private readonly PortIdentities _ports = new();
    private int _unstored;
    private long _snapshotAt;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public NodeRegistryActor()
    {
        Recover<SnapshotOffer>(offer =>
        {
            _snapshotAt = offer.Metadata.SequenceNr;
            _identities.Apply(offer.Snapshot);
            _ports.Apply(offer.Snapshot);
            _volumes.Apply(offer.Snapshot);
        });
        Recover<RegistryEvents.IdentityClaimed>(_identities.Apply);
        Recover<RegistryEvents.IdentityReleased>(e =>
        {
            _identities.Apply(e);
            _ports.Apply(e); // a deleted node frees its ports and portgroups too
            _volumes.Apply(e); // and its volume connectors and targets
        });
        ReceivePortClaims();
        ReceiveVolumeClaims();

        Command<RegistryMessages.Resolve>(r => Sender.Tell(new RegistryMessages.Resolved(r.Ident, _identities.FindByName(r.Ident))));
        Command<RegistryMessages.Claim>(claim => HandleClaim(claim, Sender, holderChecked: false));
        Command<HolderChecked>(OnHolderChecked);
        Command<RegistryMessages.Release>(release =>
        {
            var released = new RegistryEvents.IdentityReleased(release.NodeId);
            Store(released, () =>
            {
                _identities.Apply(released);
                _ports.Apply(released);
                _volumes.Apply(released);
            }, new RegistryMessages.Released(release.NodeId));
        });
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => "node-registry";

    /// <summary>
    /// Grants a claim, or refuses it when another node holds the name or instance UUID. The holder is first asked
    /// whether it exists (see <see cref="CheckHolderFirst"/>).
    /// </summary>
    private void HandleClaim(RegistryMessages.Claim claim, IActorRef replyTo, bool holderChecked)
    {
        if (_identities.ConflictWith(claim) is { } conflict)
        {
            if (!holderChecked && CheckHolderFirst(
                    new NodeCommands.GetNode(conflict.NodeId), () => conflict.SameHolder(_identities.ConflictWith(claim)),
                    new RegistryEvents.IdentityReleased(conflict.NodeId), () => HandleClaim(claim, replyTo, holderChecked: true)))
                return;
            replyTo.Tell(new Replies.Rejected(RejectionKind.Conflict, conflict.Message));
            return;
        }
        var claimed = new RegistryEvents.IdentityClaimed(claim.NodeId, claim.Name, claim.InstanceUuid);
        Store(claimed, () => _identities.Apply(claimed), new RegistryMessages.Claimed(claim.NodeId), replyTo);
    }

    /// <summary>
    /// Before a claim is refused because something else holds the value, the holder is asked (<paramref name="holderQuery"/>,
    /// through the node region) whether it exists: a conductor that died between storing a claim here and storing the node
    /// (or port) itself left a claim with nothing behind it, and such a stale claim is released (<paramref name="release"/>)
    /// instead of blocking the value for ever. <paramref name="retry"/> then decides the claim again. A holder that does not
    /// answer in time counts as existing. False when there is no region to ask (the claim is decided as it stands).
    /// </summary>
    private bool CheckHolderFirst(object holderQuery, Func<bool> stillHeld, object release, Action retry)
    {
        if (NodeRegion() is not { } region)
            return false;
        region.Ask<object>(holderQuery, HolderCheckTimeout).PipeTo(Self,
            success: answer => new HolderChecked(answer, stillHeld, release, retry),
            failure: _ => new HolderChecked(null, stillHeld, release, retry));
        return true;
    }

    private void OnHolderChecked(HolderChecked check)
    {
        if (check.Answer is Replies.Rejected { Kind: RejectionKind.NotFound } && check.StillHeld())
        {
            _log.Warning("Releasing a claim whose holder was never stored (its conductor stopped first): {0}", check.Release);
            Store(check.Release, () =>
            {
                _identities.Apply(check.Release);
                _ports.Apply(check.Release);
                _volumes.Apply(check.Release);
            }, null, ActorRefs.Nobody);
        }
        check.Retry();
    }

    /// <summary>This member's node region (the registry runs on conductors, which host it), or null before it starts.</summary>
    private static IActorRef? NodeRegion()
    {
        try
        {
            return ClusterSharding.Get(Context.System).ShardRegion(ActorKeys.NodeRegionName);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    // Shorter than the node entities' wait for the registry, so that two renames waiting on each other end as conflicts in time.
    private static readonly TimeSpan HolderCheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The holder of a contested claim answered (or not: null) whether it exists.</summary>
    private sealed record HolderChecked(object? Answer, Func<bool> StillHeld, object Release, Action Retry) : INoSerializationVerificationNeeded;

    public static Props Props() => Akka.Actor.Props.Create(() => new NodeRegistryActor());

    /// <summary>
    /// Applies <paramref name="e"/> at once, so the claims that follow are checked against it, and answers
    /// <paramref name="reply"/> once it is stored. Writes are not serialised behind each other (PersistAsync): the
    /// journal batches the claims of many concurrent creates into few writes. Should a write fail, the actor
    /// restarts from the journal, dropping what was applied but not stored (the waiting caller times out).
    /// </summary>
    private void Store(object e, Action apply, object? reply, IActorRef? replyTo = null)
    {
        replyTo ??= Sender;
        apply();
        _unstored++;
        PersistAsync(e, _ =>
        {
            _unstored--;
            MaybeSnapshot();
            if (reply is not null)
                replyTo.Tell(reply);
        });
    }

    /// <summary>
    /// Snapshots once the events since the last snapshot number <see cref="SnapshotEvery"/> or a quarter of the claims held,
    /// whichever is more, and only when everything applied is stored. A snapshot holds every claim, so spacing them with
    /// the registry's size keeps its cost per event constant (100,000 nodes: one snapshot per 25,000 claims, not per 1,000),
    /// and a recovery replays at most that many events after it.
    /// </summary>
    private void MaybeSnapshot()
    {
        var every = Math.Max(SnapshotEvery, (_identities.Count + _ports.PortCount + _ports.PortgroupCount + _volumes.Count) / 4);
        if (_unstored == 0 && LastSequenceNr - _snapshotAt >= every)
        {
            _snapshotAt = LastSequenceNr;
            SaveSnapshot(_volumes.AddTo(_ports.AddTo(_identities.ToSnapshot())));
        }
    }
}
