using Akka.Actor;
using Akka.Persistence;
using Ironic.Actors.Domain.Decisions;
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

    public NodeRegistryActor()
    {
        Recover<SnapshotOffer>(offer =>
        {
            _snapshotAt = offer.Metadata.SequenceNr;
            _identities.Apply(offer.Snapshot);
            _ports.Apply(offer.Snapshot);
        });
        Recover<RegistryEvents.IdentityClaimed>(_identities.Apply);
        Recover<RegistryEvents.IdentityReleased>(e =>
        {
            _identities.Apply(e);
            _ports.Apply(e); // a deleted node frees its ports and portgroups too
        });
        ReceivePortClaims();

        Command<RegistryMessages.Resolve>(r => Sender.Tell(new RegistryMessages.Resolved(r.Ident, _identities.FindByName(r.Ident))));
        Command<RegistryMessages.Claim>(claim =>
        {
            if (_identities.CheckClaim(claim) is { } conflict)
            {
                Sender.Tell(new NodeReplies.Rejected(RejectionKind.Conflict, conflict));
                return;
            }
            var claimed = new RegistryEvents.IdentityClaimed(claim.NodeId, claim.Name, claim.InstanceUuid);
            Store(claimed, () => _identities.Apply(claimed), new RegistryMessages.Claimed(claim.NodeId));
        });
        Command<RegistryMessages.Release>(release =>
        {
            var released = new RegistryEvents.IdentityReleased(release.NodeId);
            Store(released, () =>
            {
                _identities.Apply(released);
                _ports.Apply(released);
            }, new RegistryMessages.Released(release.NodeId));
        });
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => "node-registry";

    public static Props Props() => Akka.Actor.Props.Create(() => new NodeRegistryActor());

    /// <summary>
    /// Applies <paramref name="e"/> at once, so the claims that follow are checked against it, and answers
    /// <paramref name="reply"/> once it is stored. Writes are not serialised behind each other (PersistAsync): the
    /// journal batches the claims of many concurrent creates into few writes. Should a write fail, the actor
    /// restarts from the journal, dropping what was applied but not stored (the waiting caller times out).
    /// </summary>
    private void Store(object e, Action apply, object reply)
    {
        var replyTo = Sender;
        apply();
        _unstored++;
        PersistAsync(e, _ =>
        {
            _unstored--;
            MaybeSnapshot();
            replyTo.Tell(reply);
        });
    }

    /// <summary>Snapshots every <see cref="SnapshotEvery"/> events, but only when everything applied is stored.</summary>
    private void MaybeSnapshot()
    {
        if (_unstored == 0 && LastSequenceNr - _snapshotAt >= SnapshotEvery)
        {
            _snapshotAt = LastSequenceNr;
            SaveSnapshot(_ports.AddTo(_identities.ToSnapshot()));
        }
    }
}
