using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Domain.Volumes;

namespace Ironic.Actors.Domain.Decisions;

/// <summary>
/// Pure decisions about a node's volume connectors and targets (API 1.32), made by the node's entity. As in Ironic
/// 21.4: a create is stored at once, whatever the node's state or lock (its API writes the row without the
/// conductor); an update or delete takes the node's lock (409 NodeLocked) and needs the node powered off (400
/// InvalidStateRequested naming the power state). A connector's (type, connector_id) and every UUID are unique over
/// all nodes: this node refuses what it holds itself, and the node registry is asked for the rest before storing.
/// A target's boot_index is unique per node, which this node alone decides.
/// </summary>
public static class VolumeDecisions
{
    public static Rejection ConnectorNotFound(Guid id) => Rejection.NotFound($"Volume connector {id} could not be found.");

    public static Rejection TargetNotFound(Guid id) => Rejection.NotFound($"Volume target {id} could not be found.");

    public static Rejection ConnectorExists(Guid id) => Rejection.Conflict($"A volume connector with UUID {id} already exists.");

    public static Rejection TargetExists(Guid id) => Rejection.Conflict($"A volume target with UUID {id} already exists.");

    public static Rejection TypeAndIdTaken(string type, string connectorId) =>
        Rejection.Conflict($"A volume connector with type {type} and connector ID {connectorId} already exists.");

    public static Rejection BootIndexTaken(long bootIndex) =>
        Rejection.Conflict($"A volume target with boot index '{bootIndex}' for the same node already exists.");

    /// <summary>Ironic's InvalidInput for a POST naming a node that does not exist.</summary>
    public static Rejection NoSuchNode(string nodeUuid) =>
        Rejection.Invalid($"Invalid input for field/attribute node_uuid. Value: '{nodeUuid}'. ");

    /// <summary>The 400 Ironic's API answers when a PATCH moves an object to a node that does not exist.</summary>
    public static Rejection MoveTargetMissing(Guid node) => Rejection.Invalid($"Node {node} could not be found.");

    /// <summary>
    /// POST /v1/volume/connectors routed to node <paramref name="nodeId"/> (null <paramref name="node"/>: no such node).
    /// The body is checked first (schema, then node_uuid and uuid), as Ironic validates it before looking the node up.
    /// When the body names no uuid, <paramref name="connectorId"/> was generated for this very request: a connector the
    /// node already holds under it was stored by an earlier copy of the request (its conductor died before answering,
    /// the copy was sent again), and the create stands as done, with nothing to store.
    /// </summary>
    public static Decision CreateConnector(Guid nodeId, Node? node, NodePorts parts, Guid connectorId, JsonObject body, DateTimeOffset now)
    {
        var blank = new VolumeConnector { Uuid = connectorId, NodeId = nodeId, Type = "", ConnectorId = "", CreatedAt = now };
        var (connector, error) = VolumeDocuments.Read(body, blank, "connector");
        if (connector is null)
            return Rejection.Invalid(error!);
        if (node is null || connector.NodeId != node.Uuid)
            return NoSuchNode(connector.NodeId.ToString());
        if (parts.Connectors.ContainsKey(connector.Uuid))
            return body["uuid"] is null ? Decision.Accept() : ConnectorExists(connector.Uuid);
        if (SameTypeAndId(parts, connector) is not null)
            return TypeAndIdTaken(connector.Type, connector.ConnectorId);
        return Decision.Accept(new VolumeConnectorCreated(connector with { CreatedAt = now, UpdatedAt = null }));
    }

    /// <summary>
    /// POST through a node's sub-collection (<c>/v1/nodes/{ident}/volume/...</c>): Ironic checks the body and its node, then
    /// refuses with OperationNotPermitted (403); nothing is ever stored.
    /// </summary>
    public static Rejection CreateUnderNode(Guid nodeId, Node? node, JsonObject body, bool target, DateTimeOffset now)
    {
        var decision = target
            ? CreateTarget(nodeId, node, NodePorts.Empty, Guid.Empty, body, now)
            : CreateConnector(nodeId, node, NodePorts.Empty, Guid.Empty, body, now);
        return decision.Rejection ?? Rejection.Forbidden("Operation not permitted.");
    }

    /// <summary>POST /v1/volume/targets: the same order, and the same for a copy sent again; boot_index is unique on the node.</summary>
    public static Decision CreateTarget(Guid nodeId, Node? node, NodePorts parts, Guid targetId, JsonObject body, DateTimeOffset now)
    {
        var blank = new VolumeTarget { Uuid = targetId, NodeId = nodeId, VolumeType = "", VolumeId = "", BootIndex = 0, CreatedAt = now };
        var (target, error) = VolumeDocuments.Read(body, blank, "target");
        if (target is null)
            return Rejection.Invalid(error!);
        if (node is null || target.NodeId != node.Uuid)
            return NoSuchNode(target.NodeId.ToString());
        if (parts.Targets.ContainsKey(target.Uuid))
            return body["uuid"] is null ? Decision.Accept() : TargetExists(target.Uuid);
        if (SameBootIndex(parts, target) is not null)
            return BootIndexTaken(target.BootIndex);
        return Decision.Accept(new VolumeTargetCreated(target with { CreatedAt = now, UpdatedAt = null }));
    }

    /// <summary>
    /// PATCH /v1/volume/connectors/{uuid} (operations limited to the patchable fields): node_uuid values must be UUIDs,
    /// the patch must apply and the result pass the schema; then the lock, the power state and uniqueness. A patch that
    /// changes nothing stores nothing (Ironic saves only changed fields; updated_at stays), after the lock and power checks.
    /// </summary>
    public static Decision PatchConnector(Node node, NodePorts parts, Guid id, IReadOnlyList<PatchOperation> ops, NodeContext ctx)
    {
        if (parts.Connectors.GetValueOrDefault(id) is not { } connector)
            return ConnectorNotFound(id);
        if (NotPatchable(ops, VolumeDocuments.ConnectorPatchable) is { } notPatchable)
            return notPatchable;
        if (VolumeDocuments.PatchedNodeError(ops) is { } nodeError)
            return Rejection.Invalid(nodeError);
        var (updated, error) = Patched(connector, ops);
        if (updated is null)
            return Rejection.Invalid(error!);
        if (updated.NodeId != node.Uuid)
            return Rejection.Invalid($"Volume connector {id} moves to node {updated.NodeId}: the node entity runs moves (see PrepareConnectorMove).");
        if (Writable(node, ctx, "volume connector update") is { } refused)
            return refused;
        if (JsonNode.DeepEquals(VolumeDocuments.ToDocument(updated), VolumeDocuments.ToDocument(connector)))
            return Decision.Accept();
        if (SameTypeAndId(parts, updated) is not null)
            return TypeAndIdTaken(updated.Type, updated.ConnectorId);
        return Decision.Accept(new VolumeConnectorUpdated(updated with { UpdatedAt = ctx.Now }, ctx.Now));
    }

    /// <summary>PATCH /v1/volume/targets/{uuid}: as for connectors; boot_index stays unique on the node.</summary>
    public static Decision PatchTarget(Node node, NodePorts parts, Guid id, IReadOnlyList<PatchOperation> ops, NodeContext ctx)
    {
        if (parts.Targets.GetValueOrDefault(id) is not { } target)
            return TargetNotFound(id);
        if (NotPatchable(ops, VolumeDocuments.TargetPatchable) is { } notPatchable)
            return notPatchable;
        if (VolumeDocuments.PatchedNodeError(ops) is { } nodeError)
            return Rejection.Invalid(nodeError);
        var (updated, error) = Patched(target, ops);
        if (updated is null)
            return Rejection.Invalid(error!);
        if (updated.NodeId != node.Uuid)
            return Rejection.Invalid($"Volume target {id} moves to node {updated.NodeId}: the node entity runs moves (see PrepareTargetMove).");
        if (Writable(node, ctx, "volume target update") is { } refused)
            return refused;
        if (JsonNode.DeepEquals(VolumeDocuments.ToDocument(updated), VolumeDocuments.ToDocument(target)))
            return Decision.Accept();
        if (SameBootIndex(parts, updated) is not null)
            return BootIndexTaken(updated.BootIndex);
        return Decision.Accept(new VolumeTargetUpdated(updated with { UpdatedAt = ctx.Now }, ctx.Now));
    }

    /// <summary>DELETE /v1/volume/connectors/{uuid}: the node's lock, and the node powered off.</summary>
    public static Decision DeleteConnector(Node node, NodePorts parts, Guid id, NodeContext ctx)
    {
        if (!parts.Connectors.ContainsKey(id))
            return ConnectorNotFound(id);
        return Writable(node, ctx, "volume connector deletion") ?? Decision.Accept(new VolumeConnectorDeleted(node.Uuid, id, ctx.Now));
    }

    /// <summary>DELETE /v1/volume/targets/{uuid}: the node's lock, and the node powered off.</summary>
    public static Decision DeleteTarget(Node node, NodePorts parts, Guid id, NodeContext ctx)
    {
        if (!parts.Targets.ContainsKey(id))
            return TargetNotFound(id);
        return Writable(node, ctx, "volume target deletion") ?? Decision.Accept(new VolumeTargetDeleted(node.Uuid, id, ctx.Now));
    }

    /// <summary>Ironic's <c>patch_validate_allowed_fields</c>, checked once the object is found.</summary>
    private static Rejection? NotPatchable(IEnumerable<PatchOperation> ops, IReadOnlyList<string> patchable) =>
        ops.FirstOrDefault(o => !patchable.Contains(o.Path.Split('/')[1])) is { } op
            ? Rejection.Invalid($"Cannot patch {op.Path}. Only the following can be updated: {string.Join(", ", patchable)}")
            : null;

    /// <summary>Ironic's conductor: the node's exclusive lock, then <c>power_state == power off</c>.</summary>
    private static Rejection? Writable(Node node, NodeContext ctx, string action)
    {
        if (ctx.LockedBy is { } host)
            return Rejection.NodeLocked(node.Uuid, host);
        return node.PowerState == PowerStates.PowerOff ? null : Rejection.InvalidStateRequested(action, node.Uuid, node.PowerState);
    }

    private static (VolumeConnector?, string?) Patched(VolumeConnector connector, IReadOnlyList<PatchOperation> ops)
    {
        var doc = VolumeDocuments.ToDocument(connector);
        return JsonPatcher.Apply(doc, ops, VolumeDocuments.ConnectorPatchable.ToHashSet()) is { } patchError
            ? (null, patchError)
            : VolumeDocuments.Read(doc, connector, "patch");
    }

    private static (VolumeTarget?, string?) Patched(VolumeTarget target, IReadOnlyList<PatchOperation> ops)
    {
        var doc = VolumeDocuments.ToDocument(target);
        return JsonPatcher.Apply(doc, ops, VolumeDocuments.TargetPatchable.ToHashSet()) is { } patchError
            ? (null, patchError)
            : VolumeDocuments.Read(doc, target, "patch");
    }

    /// <summary>
    /// The node a connector PATCH moves it to (its node_uuid names another node), or null: not a move, or a patch that
    /// fails (<see cref="PatchConnector"/> then gives the error).
    /// </summary>
    public static Guid? ConnectorMoveTarget(Guid node, NodePorts parts, Guid id, IReadOnlyList<PatchOperation> ops) =>
        parts.Connectors.GetValueOrDefault(id) is { } c && NotPatchable(ops, VolumeDocuments.ConnectorPatchable) is null &&
        VolumeDocuments.PatchedNodeError(ops) is null && Patched(c, ops) is ({ } moved, _) && moved.NodeId != node ? moved.NodeId : null;

    public static Guid? TargetMoveTarget(Guid node, NodePorts parts, Guid id, IReadOnlyList<PatchOperation> ops) =>
        parts.Targets.GetValueOrDefault(id) is { } t && NotPatchable(ops, VolumeDocuments.TargetPatchable) is null &&
        VolumeDocuments.PatchedNodeError(ops) is null && Patched(t, ops) is ({ } moved, _) && moved.NodeId != node ? moved.NodeId : null;

    /// <summary>
    /// The connector as a move leaves it (stamped <paramref name="now"/>). Ironic takes the lock of, and checks the power
    /// state of, the node the connector moves to, not the one it leaves: those checks are <see cref="AdoptConnector"/>'s.
    /// </summary>
    public static VolumeConnector PrepareConnectorMove(NodePorts parts, Guid id, IReadOnlyList<PatchOperation> ops, DateTimeOffset now) =>
        Patched(parts.Connectors[id], ops).Item1! with { UpdatedAt = now };

    public static VolumeTarget PrepareTargetMove(NodePorts parts, Guid id, IReadOnlyList<PatchOperation> ops, DateTimeOffset now) =>
        Patched(parts.Targets[id], ops).Item1! with { UpdatedAt = now };

    /// <summary>
    /// The node a connector moves to stores it: Ironic's conductor update under this node's lock, powered off, with the
    /// (type, connector_id) not taken here (the registry checks the other nodes).
    /// </summary>
    public static Decision AdoptConnector(Node node, NodePorts parts, VolumeConnector moved, NodeContext ctx)
    {
        if (Writable(node, ctx, "volume connector update") is { } refused)
            return refused;
        if (SameTypeAndId(parts, moved) is not null)
            return TypeAndIdTaken(moved.Type, moved.ConnectorId);
        return Decision.Accept(new VolumeConnectorUpdated(moved with { NodeId = node.Uuid }, ctx.Now));
    }

    /// <summary>The node a target moves to stores it: its lock, powered off, and boot_index free here.</summary>
    public static Decision AdoptTarget(Node node, NodePorts parts, VolumeTarget moved, NodeContext ctx)
    {
        if (Writable(node, ctx, "volume target update") is { } refused)
            return refused;
        if (SameBootIndex(parts, moved) is not null)
            return BootIndexTaken(moved.BootIndex);
        return Decision.Accept(new VolumeTargetUpdated(moved with { NodeId = node.Uuid }, ctx.Now));
    }

    private static VolumeConnector? SameTypeAndId(NodePorts parts, VolumeConnector c) =>
        parts.Connectors.Values.FirstOrDefault(o => o.Uuid != c.Uuid && o.Type == c.Type && o.ConnectorId == c.ConnectorId);

    private static VolumeTarget? SameBootIndex(NodePorts parts, VolumeTarget t) =>
        parts.Targets.Values.FirstOrDefault(o => o.Uuid != t.Uuid && o.BootIndex == t.BootIndex);
}
