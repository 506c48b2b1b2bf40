using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Domain.Decisions;

/// <summary>
/// What a PATCH of a node's port and of its portgroup have in common: find the part, apply the operations to
/// its document (limited to the patchable fields), read it back; a patch naming another node is a move, whose
/// first half needs the source node's lock. <see cref="PortDecisions"/> and <see cref="PortgroupDecisions"/>
/// add their own rules around it.
/// </summary>
/// <typeparam name="TPart"><see cref="Port"/> or <see cref="Portgroup"/>.</typeparam>
internal sealed class NodePartPatcher<TPart>(
    string kind,
    Func<NodePorts, ImmutableDictionary<Guid, TPart>> partsOf,
    Func<Guid, Rejection> notFound,
    Func<TPart, JsonObject> toDocument,
    Func<JsonObject, TPart, string, (TPart?, string?)> read,
    IEnumerable<string> patchableFields)
    where TPart : class, INodePart
{
    private readonly IReadOnlySet<string> _patchable = patchableFields.ToHashSet();

    /// <summary>A conflict when the node already holds a part with UUID <paramref name="id"/>.</summary>
    public Rejection? AlreadyExists(NodePorts parts, Guid id) =>
        partsOf(parts).ContainsKey(id) ? Rejection.Conflict($"A {kind} with UUID {id} already exists.") : null;

    /// <summary>The part and its patched copy, or why not: not found, or a patch or field error.</summary>
    public (TPart? Part, TPart? Updated, Rejection? Rejection) Apply(NodePorts parts, Guid id, IReadOnlyList<PatchOperation> ops)
    {
        if (partsOf(parts).GetValueOrDefault(id) is not { } part)
            return (null, null, notFound(id));
        var doc = toDocument(part);
        if (JsonPatcher.Apply(doc, ops, _patchable) is { } patchError)
            return (null, null, Rejection.Invalid(patchError));
        var (updated, error) = read(doc, part, "patch");
        return updated is null ? (null, null, Rejection.Invalid(error!)) : (part, updated, null);
    }

    /// <summary><see cref="Apply"/> for an update that stays on <paramref name="node"/>: a move that gets here is refused.</summary>
    public (TPart? Part, TPart? Updated, Rejection? Rejection) ApplyInPlace(
        Node node, NodePorts parts, Guid id, IReadOnlyList<PatchOperation> ops)
    {
        var (part, updated, rejection) = Apply(parts, id, ops);
        if (rejection is not null)
            return (null, null, rejection);
        if (updated!.NodeId != node.Uuid)
            return (null, null, PortDecisions.MoveUnsupported(kind, part!.Uuid, updated.NodeId));
        return (part, updated, null);
    }

    /// <summary>The node a patch moves the part to, when it names one other than <paramref name="node"/>; null otherwise (or when the patch fails).</summary>
    public Guid? MoveTarget(Guid node, NodePorts parts, Guid id, IReadOnlyList<PatchOperation> ops) =>
        Apply(parts, id, ops) is { Updated: { } updated } && updated.NodeId != node ? updated.NodeId : null;

    /// <summary>
    /// The first half of a move, on the node that holds the part: the patch applies and the source node's lock is
    /// free (the part leaves its journal); then <paramref name="check"/>, the kind's own rule, if any.
    /// </summary>
    public (TPart? Original, TPart? Moved, Rejection? Rejection) PrepareMove(
        Node node, NodePorts parts, Guid id, IReadOnlyList<PatchOperation> ops, NodeContext ctx, Func<TPart, TPart, Rejection?>? check = null)
    {
        var (part, updated, rejection) = Apply(parts, id, ops);
        if (rejection is not null)
            return (null, null, rejection);
        if (ctx.LockedBy is { } host)
            return (null, null, Rejection.NodeLocked(node.Uuid, host));
        if (check?.Invoke(part!, updated!) is { } refused)
            return (null, null, refused);
        return (part, updated, null);
    }
}
