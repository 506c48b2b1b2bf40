using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Domain.States;

namespace Ironic.Actors.Domain.Allocations;

/// <summary>
/// Pure rules for allocations: Ironic's ALLOCATION_SCHEMA for create bodies, the candidate filter and order of
/// its conductor, the check a node makes before it lets an allocation reserve it (or backfill it), and when a
/// node may lose its allocation. The wording is Ironic 21.4's.
/// </summary>
public static class AllocationDecisions
{
    public static readonly IReadOnlyList<SchemaProperty> Schema =
    [
        new("candidate_nodes", ["array", "null"]),
        new("extra", ["object", "null"]),
        new("name", ["string", "null"]),
        new("node", ["string", "null"]),
        new("owner", ["string", "null"]),
        new("resource_class", ["string", "null"], 80),
        new("traits", ["array", "null"]),
        new("uuid", ["string", "null"]),
    ];

    /// <summary>Fields a PATCH may change (1.57).</summary>
    public static readonly IReadOnlyList<string> PatchableFields = ["name", "extra"];

    public static Rejection NotFound(string ident) => Rejection.NotFound($"Allocation {ident} could not be found.");

    public static Rejection NotFoundForNode(string nodeIdent) => Rejection.NotFound($"Allocation for node {nodeIdent} was not found");

    public static Rejection DuplicateName(string name) => Rejection.Conflict($"An allocation with name {name} already exists.");

    public static Rejection AlreadyExists(Guid uuid) => Rejection.Conflict($"An allocation with UUID {uuid} already exists.");

    /// <summary>
    /// The schema part of POST /v1/allocations: types, lengths, unknown keys, array items (strings; traits by the
    /// trait rules). Null when the body passes.
    /// </summary>
    public static string? CheckBody(JsonObject body)
    {
        if (SchemaCheck.Check(body, "allocation", Schema, []) is { } error)
            return error;
        if (body["candidate_nodes"] is JsonArray candidates)
            foreach (var item in candidates)
                if (!PythonText.HasType(item, ["string"]))
                    return SchemaCheck.Fail("allocation", PythonText.NotOfType(item, ["string"]));
        if (body["traits"] is JsonArray traits)
            foreach (var item in traits)
            {
                if (!PythonText.HasType(item, ["string"]))
                    return SchemaCheck.Fail("allocation", PythonText.NotOfType(item, ["string"]));
                if (TraitRules.Check(item!.GetValue<string>()) is { } reason)
                    return SchemaCheck.Fail("allocation", reason);
            }
        return null;
    }

    /// <summary>Ironic's rule for names: empty or null means none; otherwise a valid logical name.</summary>
    public static string? CheckName(string? name, bool creating) =>
        string.IsNullOrEmpty(name) || FieldRules.IsLogicalName(name)
            ? null
            : $"Cannot {(creating ? "create" : "update")} allocation with invalid name '{name}'";

    /// <summary>The failure text Ironic stores in <c>last_error</c>.</summary>
    public static string Failed(Guid allocation, string error) => $"Failed to process allocation {allocation}: {error}.";

    /// <summary>
    /// The nodes that may take <paramref name="allocation"/>, first by the list query Ironic's conductor runs
    /// (available, not in maintenance, no instance, a known power state, the resource class, the candidates, the owner), then by traits.
    /// Ordered by <paramref name="shuffle"/> (Ironic shuffles), with a node named as the allocation moved first (1.79).
    /// An empty list comes with the <c>last_error</c> Ironic records.
    /// </summary>
    public static (IReadOnlyList<Node> Nodes, string? Error) Candidates(
        Allocation allocation, IEnumerable<Node> nodes, Func<IReadOnlyList<Node>, IReadOnlyList<Node>> shuffle)
    {
        var candidates = allocation.CandidateNodes.Select(c => c.ToLowerInvariant()).ToHashSet();
        var matching = nodes.Where(n =>
                n.ProvisionState == ProvisionStates.Available && !n.Maintenance && n.InstanceUuid is null && n.PowerState is not null &&
                n.ResourceClass == allocation.ResourceClass &&
                (candidates.Count == 0 || candidates.Contains(n.Uuid.ToString())) &&
                (allocation.Owner is null || n.Owner == allocation.Owner || n.Lessee == allocation.Owner))
            .ToList();
        if (matching.Count == 0)
            return ([], Failed(allocation.Uuid, allocation.CandidateNodes.Length > 0
                ? $"none of the requested nodes are available and match the resource class {allocation.ResourceClass}"
                : $"no available nodes match the resource class {allocation.ResourceClass}"));
        if (allocation.Traits.Length > 0)
        {
            matching = matching.Where(n => HasTraits(n, allocation.Traits)).ToList();
            if (matching.Count == 0)
                return ([], Failed(allocation.Uuid, $"no suitable nodes have the requested traits {string.Join(", ", allocation.Traits)}"));
        }
        var ordered = shuffle(matching).ToList();
        if (allocation.Name is { } name && ordered.FindIndex(n => n.Name == name) is var i and > 0)
        {
            var named = ordered[i];
            ordered.RemoveAt(i);
            ordered.Insert(0, named);
        }
        return (ordered, null);
    }

    /// <summary>The <c>last_error</c> when every candidate refused (Ironic: all filtered out during reservation).</summary>
    public static string NoneReserved(Guid allocation) => Failed(allocation, "all nodes were filtered out during reservation");

    public static bool HasTraits(Node node, IEnumerable<string> traits) => traits.All(t => node.Traits.Contains(t));

    /// <summary>
    /// A node's own check before it takes <paramref name="allocationId"/> (Ironic's re-check under the node lock):
    /// true when it may. A node already holding this very allocation also says yes (a retried reservation).
    /// </summary>
    public static bool MayReserve(Node node, Guid allocationId, string? resourceClass, IReadOnlyList<string> traits)
    {
        if (node.AllocationUuid == allocationId)
            return true;
        return !node.Maintenance && node.InstanceUuid is null && node.AllocationUuid is null &&
               node.ProvisionState == ProvisionStates.Available && node.ResourceClass == resourceClass &&
               HasTraits(node, traits);
    }

    /// <summary>
    /// Backfilling (1.58): an allocation for a node already deployed. Null when the node matches; otherwise the
    /// rejection Ironic answers (and stores as the allocation's <c>last_error</c>).
    /// </summary>
    public static Rejection? CheckBackfill(Node node, Allocation allocation)
    {
        if (node.AllocationUuid == allocation.Uuid)
            return null;
        var errors = new List<string>();
        if (node.ProvisionState != ProvisionStates.Active)
            errors.Add($"Node must be in the \"active\" state, but the current state is \"{node.ProvisionState}\"");
        if (allocation.ResourceClass is { Length: > 0 } rc && node.ResourceClass != rc)
            errors.Add($"Resource class {node.ResourceClass ?? "None"} does not match the requested resource class {rc}");
        if (allocation.Traits.Length > 0 && !HasTraits(node, allocation.Traits))
            errors.Add($"List of traits {PythonList(node.Traits)} does not match the requested traits {PythonList(allocation.Traits)}");
        if (allocation.CandidateNodes.Length > 0 && !allocation.CandidateNodes.Contains(node.Uuid.ToString()))
            errors.Add($"Candidate nodes must be empty or contain the target node, but got {PythonList(allocation.CandidateNodes)}");
        if (errors.Count > 0)
            return Rejection.Invalid(Failed(allocation.Uuid, $"Cannot backfill an allocation for node {node.Uuid}: {string.Join("; ", errors)}"));
        if (node.AllocationUuid is not null || (node.InstanceUuid is { } instance && instance != allocation.Uuid.ToString()))
            return Rejection.Conflict($"Node {node.Uuid} is associated with instance {node.InstanceUuid ?? node.AllocationUuid.ToString()}.");
        return null;
    }

    /// <summary>Ironic's verify_node_for_deallocation: null when the node may lose <paramref name="allocationId"/>.</summary>
    public static Rejection? CheckDeallocation(Node node, Guid allocationId)
    {
        if (node.Maintenance)
            return null;
        if (node.TargetProvisionState is not null && !ProvisionStates.UpdateAllowedDuringTransition.Contains(node.ProvisionState))
            return Rejection.Conflict($"Cannot remove allocation {allocationId} for node {node.Uuid}, because the node is in state " +
                                      $"{node.ProvisionState} where updates are not allowed (and maintenance mode is off)");
        if (node.ProvisionState == ProvisionStates.Active)
            return Rejection.Conflict($"Cannot remove allocation {allocationId} for node {node.Uuid}, because the node is active (and maintenance mode is off)");
        return null;
    }

    /// <summary>PATCH (1.57): name and extra only; the allocation unchanged when nothing changes.</summary>
    public static (Allocation? Allocation, Rejection? Rejection) Patch(Allocation allocation, IReadOnlyList<PatchOperation> ops, DateTimeOffset now)
    {
        foreach (var op in ops.Where(o => o.Path == "/name" && o.Op != "remove"))
            if (op.Value is JsonValue v && v.TryGetValue<string>(out var name) && CheckName(name, creating: false) is { } nameError)
                return (null, Rejection.Invalid(nameError));
        var doc = new JsonObject { ["name"] = allocation.Name, ["extra"] = allocation.Extra.DeepClone() };
        if (JsonPatcher.Apply(doc, ops, PatchableFields.ToHashSet()) is { } patchError)
            return (null, Rejection.Invalid(patchError));
        if (SchemaCheck.Check(doc, "allocation", Schema, []) is { } schemaError)
            return (null, Rejection.Invalid(schemaError));
        var updated = allocation with
        {
            Name = SchemaCheck.String(doc, "name") is { Length: > 0 } n ? n : null,
            Extra = SchemaCheck.Object(doc, "extra"),
        };
        if (updated.Name == allocation.Name && JsonNode.DeepEquals(updated.Extra, allocation.Extra))
            return (allocation, null);
        return (updated with { UpdatedAt = now }, null);
    }

    /// <summary>A node asked to take <paramref name="allocationId"/>: the event, nothing when it already holds it, or a refusal (409).</summary>
    public static Decision Reserve(Node node, Guid allocationId, string? resourceClass, ImmutableArray<string> traits, DateTimeOffset now)
    {
        if (node.AllocationUuid == allocationId)
            return Decision.Accept();
        return MayReserve(node, allocationId, resourceClass, traits)
            ? Decision.Accept(new Events.AllocationReserved(node.Uuid, allocationId, traits, now))
            : Rejection.Conflict($"Node {node.Uuid} cannot be reserved for allocation {allocationId}.");
    }

    /// <summary>A node asked to be backfilled with <paramref name="allocation"/>.</summary>
    public static Decision Backfill(Node node, Allocation allocation, DateTimeOffset now)
    {
        if (node.AllocationUuid == allocation.Uuid)
            return Decision.Accept();
        return CheckBackfill(node, allocation) is { } rejection
            ? rejection
            : Decision.Accept(new Events.AllocationReserved(node.Uuid, allocation.Uuid, allocation.Traits, now));
    }

    /// <summary>A node asked to give up <paramref name="allocationId"/> (nothing to do when it does not hold it).</summary>
    public static Decision Release(Node node, Guid allocationId, DateTimeOffset now)
    {
        if (node.AllocationUuid != allocationId)
            return Decision.Accept();
        return CheckDeallocation(node, allocationId) is { } rejection
            ? rejection
            : Decision.Accept(new Events.AllocationReleased(node.Uuid, allocationId, now));
    }

    private static string PythonList(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(PythonText.Of)) + "]";
}
