using Akka.Actor;
using Akka.Event;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Registry;
using Ironic.Actors.Protocol.Volumes;
using Ironic.Actors.Protocol;
using static Ironic.Actors.Protocol.Registry.VolumeRegistryEvents;
using static Ironic.Actors.Protocol.Registry.VolumeRegistryMessages;

namespace Ironic.Actors.Conductor.Registry;

/// <summary>
/// Volume connector and target claims (API 1.32), as for ports: a node entity claims a connector's UUID and its
/// (type, connector_id), or a target's UUID, before storing it, so no two nodes hold the same, even on different
/// conductors; the registry also tells the gateway which node holds a connector or target. Claims are answered once stored.
/// </summary>
public sealed partial class NodeRegistryActor
{
    private readonly VolumeIdentities _volumes = new();

    private void ReceiveVolumeClaims()
    {
        Recover<ConnectorClaimed>(_volumes.Apply);
        Recover<ConnectorReleased>(_volumes.Apply);
        Recover<TargetClaimed>(_volumes.Apply);
        Recover<TargetReleased>(_volumes.Apply);

        Command<ResolveConnector>(r => Sender.Tell(new ConnectorResolved(r.ConnectorId, _volumes.NodeOfConnector(r.ConnectorId))));
        Command<ResolveTarget>(r => Sender.Tell(new TargetResolved(r.TargetId, _volumes.NodeOfTarget(r.TargetId))));
        Command<ClaimConnector>(claim => HandleConnectorClaim(claim, Sender, holderChecked: false));
        Command<ClaimTarget>(claim => HandleTargetClaim(claim, Sender, holderChecked: false));
        Command<ReleaseConnector>(r => StoreVolume(new ConnectorReleased(r.ConnectorId), new RegistryMessages.Released(r.NodeId)));
        Command<ReleaseTarget>(r => StoreVolume(new TargetReleased(r.TargetId), new RegistryMessages.Released(r.NodeId)));
    }

    private void HandleConnectorClaim(ClaimConnector claim, IActorRef replyTo, bool holderChecked)
    {
        if (_volumes.ConflictWith(claim) is { } conflict)
        {
            if (conflict.NodeId == claim.NodeId)
            {
                // The node checked its own connectors first: a claim of its own still in the way is stale (see ReleaseOwnStaleClaim).
                ReleaseOwnStaleVolumeClaim(new ConnectorReleased(conflict.HeldId), conflict);
                HandleConnectorClaim(claim, replyTo, holderChecked);
                return;
            }
            if (!holderChecked && CheckHolderFirst(
                    new VolumeCommands.GetConnector(conflict.NodeId, conflict.HeldId), () => conflict.SameHolder(_volumes.ConflictWith(claim)),
                    new ConnectorReleased(conflict.HeldId), () => HandleConnectorClaim(claim, replyTo, holderChecked: true)))
                return;
            replyTo.Tell(new Replies.Rejected(RejectionKind.Conflict, conflict.Message));
        }
        else if (_volumes.Holds(claim))
            replyTo.Tell(new RegistryMessages.Claimed(claim.NodeId));
        else
            StoreVolume(new ConnectorClaimed(claim.NodeId, claim.ConnectorId, claim.Type, claim.Value), new RegistryMessages.Claimed(claim.NodeId), replyTo);
    }

    private void HandleTargetClaim(ClaimTarget claim, IActorRef replyTo, bool holderChecked)
    {
        if (_volumes.ConflictWith(claim) is { } conflict)
        {
            if (!holderChecked && CheckHolderFirst(
                    new VolumeCommands.GetTarget(conflict.NodeId, conflict.HeldId), () => conflict.SameHolder(_volumes.ConflictWith(claim)),
                    new TargetReleased(conflict.HeldId), () => HandleTargetClaim(claim, replyTo, holderChecked: true)))
                return;
            replyTo.Tell(new Replies.Rejected(RejectionKind.Conflict, conflict.Message));
        }
        else if (_volumes.Holds(claim))
            replyTo.Tell(new RegistryMessages.Claimed(claim.NodeId));
        else
            StoreVolume(new TargetClaimed(claim.NodeId, claim.TargetId), new RegistryMessages.Claimed(claim.NodeId), replyTo);
    }

    private void ReleaseOwnStaleVolumeClaim(object release, ClaimConflict conflict)
    {
        _log.Warning("Releasing a stale volume claim of node {0} (its conductor stopped before storing it): {1}", conflict.NodeId, release);
        Store(release, () => _volumes.Apply(release), null, ActorRefs.Nobody);
    }

    private void StoreVolume(object e, object reply, IActorRef? replyTo = null) => Store(e, () => _volumes.Apply(e), reply, replyTo);
}
