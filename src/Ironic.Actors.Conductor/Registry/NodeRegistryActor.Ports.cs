using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Ports;
using Ironic.Actors.Protocol.Registry;
using Ironic.Actors.Protocol;
using static Ironic.Actors.Protocol.Registry.PortRegistryEvents;
using static Ironic.Actors.Protocol.Registry.PortRegistryMessages;

namespace Ironic.Actors.Conductor.Registry;

/// <summary>
/// Port and portgroup claims. A node entity claims a port's UUID and MAC address (a portgroup's UUID, name and
/// address) here before it stores the port, so two nodes can never hold the same MAC address, even when their
/// entities run on different conductors; the registry also tells the gateway which node holds a port or
/// portgroup. Claims are answered only once stored, like node names.
/// </summary>
public sealed partial class NodeRegistryActor
{
    private void ReceivePortClaims()
    {
        Recover<PortClaimed>(_ports.Apply);
        Recover<PortReleased>(_ports.Apply);
        Recover<PortgroupClaimed>(_ports.Apply);
        Recover<PortgroupReleased>(_ports.Apply);

        Command<ResolvePort>(r => Sender.Tell(new PortResolved(r.PortId, _ports.NodeOfPort(r.PortId))));
        Command<ResolvePortgroup>(r =>
        {
            var found = _ports.FindPortgroup(r.Ident);
            Sender.Tell(new PortgroupResolved(r.Ident, found?.PortgroupId, found?.NodeId));
        });
        Command<ClaimPort>(claim => HandlePortClaim(claim, Sender, holderChecked: false));
        Command<ClaimPortgroup>(claim => HandlePortgroupClaim(claim, Sender, holderChecked: false));
        Command<ReleasePort>(release => Store(new PortReleased(release.PortId), new RegistryMessages.Released(release.NodeId)));
        Command<ReleasePortgroup>(release =>
            Store(new PortgroupReleased(release.PortgroupId), new RegistryMessages.Released(release.NodeId)));
    }

    /// <summary>Grants a port claim, or refuses it once the port holding the UUID or MAC address is known to exist.</summary>
    private void HandlePortClaim(ClaimPort claim, IActorRef replyTo, bool holderChecked)
    {
        if (_ports.ConflictWith(claim) is { } conflict)
        {
            if (conflict.NodeId == claim.NodeId)
            {
                ReleaseOwnStaleClaim(new PortReleased(conflict.HeldId), conflict);
                HandlePortClaim(claim, replyTo, holderChecked);
                return;
            }
            if (!holderChecked && CheckHolderFirst(
                    new PortCommands.GetPort(conflict.NodeId, conflict.HeldId), () => conflict.SameHolder(_ports.ConflictWith(claim)),
                    new PortReleased(conflict.HeldId), () => HandlePortClaim(claim, replyTo, holderChecked: true)))
                return;
            replyTo.Tell(new Replies.Rejected(RejectionKind.Conflict, conflict.Message));
        }
        else if (_ports.Holds(claim))
            replyTo.Tell(new RegistryMessages.Claimed(claim.NodeId));
        else
            Store(new PortClaimed(claim.NodeId, claim.PortId, claim.Address), new RegistryMessages.Claimed(claim.NodeId), replyTo);
    }

    /// <summary>Grants a portgroup claim, or refuses it once the portgroup holding the UUID, name or address is known to exist.</summary>
    private void HandlePortgroupClaim(ClaimPortgroup claim, IActorRef replyTo, bool holderChecked)
    {
        if (_ports.ConflictWith(claim) is { } conflict)
        {
            if (conflict.NodeId == claim.NodeId)
            {
                ReleaseOwnStaleClaim(new PortgroupReleased(conflict.HeldId), conflict);
                HandlePortgroupClaim(claim, replyTo, holderChecked);
                return;
            }
            if (!holderChecked && CheckHolderFirst(
                    new PortCommands.GetPortgroup(conflict.NodeId, conflict.HeldId), () => conflict.SameHolder(_ports.ConflictWith(claim)),
                    new PortgroupReleased(conflict.HeldId), () => HandlePortgroupClaim(claim, replyTo, holderChecked: true)))
                return;
            replyTo.Tell(new Replies.Rejected(RejectionKind.Conflict, conflict.Message));
        }
        else if (_ports.Holds(claim))
            replyTo.Tell(new RegistryMessages.Claimed(claim.NodeId));
        else
            Store(new PortgroupClaimed(claim.NodeId, claim.PortgroupId, claim.Name, claim.Address),
                new RegistryMessages.Claimed(claim.NodeId), replyTo);
    }

    /// <summary>
    /// A claim in the way that the asking node itself holds. The node has checked the claim against its own stored
    /// ports and portgroups first (a value one of them has is refused there, at once), so a claim of its own still in
    /// the way is stale: its conductor stopped between storing the claim here and storing the port. It is released
    /// here without asking the node, which is waiting for this very answer (asking it would only time out).
    /// </summary>
    private void ReleaseOwnStaleClaim(object release, ClaimConflict conflict)
    {
        _log.Warning("Releasing a stale claim of node {0} (its conductor stopped before storing it): {1}", conflict.NodeId, release);
        Store(release, () => _ports.Apply(release), null, ActorRefs.Nobody);
    }

    /// <summary>Applies a port or portgroup event at once and answers <paramref name="reply"/> once it is stored.</summary>
    private void Store(object e, object reply, IActorRef? replyTo = null) => Store(e, () => _ports.Apply(e), reply, replyTo);
}
