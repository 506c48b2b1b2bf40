using System.Collections.Immutable;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Domain.Decisions;

public static partial class NodeDecisions
{
    /// <summary>
    /// PUT /v1/nodes/{id}/traits: the node's traits become exactly <paramref name="traits"/> (duplicates
    /// dropped). Needs the node's lock, like every update; more than 50 distinct traits is a 400.
    /// </summary>
    public static Decision SetTraits(Node node, IReadOnlyList<string> traits, NodeContext ctx)
    {
        if (ctx.LockedBy is { } host)
            return Rejection.NodeLocked(node.Uuid, host);
        if (InvalidTrait(traits) is { } invalid)
            return invalid;
        var normalized = TraitRules.Normalize(traits);
        if (normalized.Length > TraitRules.MaxTraitsPerNode)
            return Rejection.Invalid(TraitRules.TooMany(node.Uuid, normalized.Length));
        return ChangeTraits(node, normalized, ctx);
    }

    /// <summary>PUT /v1/nodes/{id}/traits/{trait}: adds one trait; adding one the node has changes nothing.</summary>
    public static Decision AddTrait(Node node, string trait, NodeContext ctx)
    {
        if (ctx.LockedBy is { } host)
            return Rejection.NodeLocked(node.Uuid, host);
        if (InvalidTrait([trait]) is { } invalid)
            return invalid;
        if (node.Traits.Contains(trait, StringComparer.Ordinal))
            return Decision.Accept();
        if (node.Traits.Length + 1 > TraitRules.MaxTraitsPerNode)
            return Rejection.Invalid(TraitRules.TooMany(node.Uuid, node.Traits.Length + 1));
        return ChangeTraits(node, TraitRules.Normalize(node.Traits.Append(trait)), ctx);
    }

    /// <summary>DELETE /v1/nodes/{id}/traits: removes every trait.</summary>
    public static Decision RemoveTraits(Node node, NodeContext ctx)
    {
        if (ctx.LockedBy is { } host)
            return Rejection.NodeLocked(node.Uuid, host);
        return ChangeTraits(node, [], ctx);
    }

    /// <summary>DELETE /v1/nodes/{id}/traits/{trait}: removes one trait; a trait the node lacks is a 404.</summary>
    public static Decision RemoveTrait(Node node, string trait, NodeContext ctx)
    {
        if (ctx.LockedBy is { } host)
            return Rejection.NodeLocked(node.Uuid, host);
        if (!node.Traits.Contains(trait, StringComparer.Ordinal))
            return Rejection.NotFound(TraitRules.NotFound(node.Uuid, trait));
        return ChangeTraits(node, [.. node.Traits.Where(t => !string.Equals(t, trait, StringComparison.Ordinal))], ctx);
    }

    /// <summary>One event with the new set, or none when nothing changes.</summary>
    private static Decision ChangeTraits(Node node, ImmutableArray<string> traits, NodeContext ctx) =>
        traits.SequenceEqual(node.Traits, StringComparer.Ordinal)
            ? Decision.Accept()
            : Decision.Accept(new TraitsChanged(node.Uuid, traits, ctx.Now));

    /// <summary>The gateway checks trait names first; this keeps the journal clean whoever sends the command.</summary>
    private static Rejection? InvalidTrait(IEnumerable<string> traits) =>
        traits.Select(TraitRules.Check).FirstOrDefault(e => e is not null) is { } error
            ? Rejection.Invalid($"Schema error for trait: {error}")
            : null;
}
