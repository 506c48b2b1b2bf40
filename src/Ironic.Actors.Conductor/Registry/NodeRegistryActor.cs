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

    public NodeRegistryActor()
    {
        Recover<SnapshotOffer>(offer =>
        {
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
            Persist(new RegistryEvents.IdentityClaimed(claim.NodeId, claim.Name, claim.InstanceUuid), e =>
            {
                _identities.Apply(e);
                MaybeSnapshot();
                Sender.Tell(new RegistryMessages.Claimed(claim.NodeId));
            });
        });
        Command<RegistryMessages.Release>(release => Persist(new RegistryEvents.IdentityReleased(release.NodeId), e =>
        {
            _identities.Apply(e);
            _ports.Apply(e);
            MaybeSnapshot();
            Sender.Tell(new RegistryMessages.Released(release.NodeId));
        }));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => "node-registry";

    public static Props Props() => Akka.Actor.Props.Create(() => new NodeRegistryActor());

    private void MaybeSnapshot()
    {
        if (LastSequenceNr % SnapshotEvery == 0)
            SaveSnapshot(_ports.AddTo(_identities.ToSnapshot()));
    }
}
