using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Protocol.Registry;
using Ironic.Actors.Protocol.Volumes;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;
using static Ironic.Actors.Protocol.Replies;
using static Ironic.Actors.Protocol.Volumes.VolumeCommands;

namespace Ironic.Actors.Conductor.Nodes;

/// <summary>
/// The node's volume connectors and targets (API 1.32). Ironic keys them by node, changes them under the node's lock
/// (update and delete need it powered off) and deletes them with the node, so they live in the node's entity as its
/// ports do: events in the node's journal, rules in the pure <see cref="VolumeDecisions"/>, state beside the ports in
/// <see cref="Domain.Ports.NodePorts"/> (snapshotted and written to the read model with them). What must be unique over
/// all nodes (UUIDs, a connector's type and connector_id) is claimed from the node registry before the events are
/// stored (the port path: <see cref="ClaimThenStorePart"/>), and deletes release it once stored. A PATCH of node_uuid
/// moves one to another node as ports move: that node checks and stores it (its lock and power state, as Ironic's
/// conductor checks the node the object moves to), then this one deletes its copy.
/// </summary>
public sealed partial class NodeActor
{
    /// <summary>Handles volume commands; false for anything else.</summary>
    private bool HandleVolumeMessage(object message)
    {
        switch (message)
        {
            case CreateConnector { UnderNode: true } or CreateTarget { UnderNode: true }:
            {
                var (body, isTarget) = message is CreateConnector cc ? (cc.Body, false) : (((CreateTarget)message).Body, true);
                Reply(Rejected.From(VolumeDecisions.CreateUnderNode(_nodeId, _node, body, isTarget, Now().Now)));
                PassivateIfAbsent();
                return true;
            }
            case CreateConnector c:
            {
                var decision = VolumeDecisions.CreateConnector(_nodeId, _node, _ports, c.ConnectorId, c.Body, Now().Now);
                if (AnswerIfAbsent(decision))
                    return true;
                var id = decision.Events is [VolumeConnectorCreated created] ? created.Connector.Uuid : c.ConnectorId;
                ClaimThenStorePart(decision, ConnectorShown(id));
                return true;
            }
            case CreateTarget c:
            {
                var decision = VolumeDecisions.CreateTarget(_nodeId, _node, _ports, c.TargetId, c.Body, Now().Now);
                if (AnswerIfAbsent(decision))
                    return true;
                var id = decision.Events is [VolumeTargetCreated created] ? created.Target.Uuid : c.TargetId;
                ClaimThenStorePart(decision, TargetShown(id));
                return true;
            }
            case AdoptConnector or AdoptTarget when _node is null:
                Reply(Rejected.From(VolumeDecisions.MoveTargetMissing(_nodeId)));
                PassivateIfAbsent();
                return true;
            case GetConnector or PatchConnector or DeleteConnector when _node is null:
                Reply(Rejected.From(VolumeDecisions.ConnectorNotFound(ConnectorOf(message))));
                PassivateIfAbsent();
                return true;
            case GetTarget or PatchTarget or DeleteTarget when _node is null:
                Reply(Rejected.From(VolumeDecisions.TargetNotFound(TargetOf(message))));
                PassivateIfAbsent();
                return true;
            case GetConnector c:
                Reply(_ports.Connectors.GetValueOrDefault(c.ConnectorId) is { } connector
                    ? new VolumeReplies.ConnectorShown(ConnectorView.Of(connector), LastSequenceNr)
                    : Rejected.From(VolumeDecisions.ConnectorNotFound(c.ConnectorId)));
                return true;
            case GetTarget c:
                Reply(_ports.Targets.GetValueOrDefault(c.TargetId) is { } target
                    ? new VolumeReplies.TargetShown(TargetView.Of(target), LastSequenceNr)
                    : Rejected.From(VolumeDecisions.TargetNotFound(c.TargetId)));
                return true;
            case PatchConnector c when VolumeDecisions.ConnectorMoveTarget(_nodeId, _ports, c.ConnectorId, c.Operations) is { } destination:
                StartMove(new AdoptConnector(destination, VolumeDecisions.PrepareConnectorMove(_ports, c.ConnectorId, c.Operations, Now().Now), _nodeId),
                    new VolumeConnectorDeleted(_nodeId, c.ConnectorId, Now().Now));
                return true;
            case PatchTarget c when VolumeDecisions.TargetMoveTarget(_nodeId, _ports, c.TargetId, c.Operations) is { } destination:
                StartMove(new AdoptTarget(destination, VolumeDecisions.PrepareTargetMove(_ports, c.TargetId, c.Operations, Now().Now), _nodeId),
                    new VolumeTargetDeleted(_nodeId, c.TargetId, Now().Now));
                return true;
            case AdoptConnector c:
                ClaimThenStorePart(VolumeDecisions.AdoptConnector(_node!, _ports, c.Moved, Now()), ConnectorShown(c.Moved.Uuid),
                    new VolumeRegistryMessages.ClaimConnector(_nodeId, c.Moved.Uuid, c.Moved.Type, c.Moved.ConnectorId) { MovedFrom = c.MovedFrom });
                return true;
            case AdoptTarget c:
                ClaimThenStorePart(VolumeDecisions.AdoptTarget(_node!, _ports, c.Moved, Now()), TargetShown(c.Moved.Uuid),
                    new VolumeRegistryMessages.ClaimTarget(_nodeId, c.Moved.Uuid) { MovedFrom = c.MovedFrom });
                return true;
            case PatchConnector c:
                ClaimThenStorePart(VolumeDecisions.PatchConnector(_node!, _ports, c.ConnectorId, c.Operations, Now()), ConnectorShown(c.ConnectorId));
                return true;
            case PatchTarget c:
                ClaimThenStorePart(VolumeDecisions.PatchTarget(_node!, _ports, c.TargetId, c.Operations, Now()), TargetShown(c.TargetId));
                return true;
            case DeleteConnector c:
                StoreThenRelease(VolumeDecisions.DeleteConnector(_node!, _ports, c.ConnectorId, Now()),
                    new VolumeRegistryMessages.ReleaseConnector(_nodeId, c.ConnectorId),
                    () => new VolumeReplies.ConnectorRemoved(_nodeId, c.ConnectorId, LastSequenceNr));
                return true;
            case DeleteTarget c:
                StoreThenRelease(VolumeDecisions.DeleteTarget(_node!, _ports, c.TargetId, Now()),
                    new VolumeRegistryMessages.ReleaseTarget(_nodeId, c.TargetId),
                    () => new VolumeReplies.TargetRemoved(_nodeId, c.TargetId, LastSequenceNr));
                return true;
            default:
                return false;
        }
    }

    /// <summary>A create sent to a node that does not exist: its decision has refused it (schema or no such node).</summary>
    private bool AnswerIfAbsent(Decision decision)
    {
        if (_node is not null)
            return false;
        Reply(Rejected.From(decision.Rejection ?? VolumeDecisions.NoSuchNode(_nodeId.ToString())));
        PassivateIfAbsent();
        return true;
    }

    private Func<object> ConnectorShown(Guid id) => () => new VolumeReplies.ConnectorShown(ConnectorView.Of(_ports.Connectors[id]), LastSequenceNr);

    private Func<object> TargetShown(Guid id) => () => new VolumeReplies.TargetShown(TargetView.Of(_ports.Targets[id]), LastSequenceNr);

    /// <summary>The registry claim a volume event needs (a new UUID, or a connector's changed type or connector_id), or null.</summary>
    private object? VolumeClaimFor(INodeEvent e) => e switch
    {
        VolumeConnectorCreated x => new VolumeRegistryMessages.ClaimConnector(_nodeId, x.Connector.Uuid, x.Connector.Type, x.Connector.ConnectorId),
        VolumeConnectorUpdated x when _ports.Connectors.GetValueOrDefault(x.Connector.Uuid) is { } before &&
                                      (before.Type != x.Connector.Type || before.ConnectorId != x.Connector.ConnectorId) =>
            new VolumeRegistryMessages.ClaimConnector(_nodeId, x.Connector.Uuid, x.Connector.Type, x.Connector.ConnectorId),
        VolumeTargetCreated x => new VolumeRegistryMessages.ClaimTarget(_nodeId, x.Target.Uuid),
        _ => null,
    };

    private static Guid ConnectorOf(object command) => command switch
    {
        GetConnector c => c.ConnectorId,
        PatchConnector c => c.ConnectorId,
        DeleteConnector c => c.ConnectorId,
        _ => Guid.Empty,
    };

    private static Guid TargetOf(object command) => command switch
    {
        GetTarget c => c.TargetId,
        PatchTarget c => c.TargetId,
        DeleteTarget c => c.TargetId,
        _ => Guid.Empty,
    };
}
