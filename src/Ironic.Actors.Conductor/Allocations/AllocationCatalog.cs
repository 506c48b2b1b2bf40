using Ironic.Actors.Domain.Allocations;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Protocol.Allocations;

namespace Ironic.Actors.Conductor.Allocations;

/// <summary>The allocations singleton's state: every allocation. Mutable only through <see cref="Apply"/>.</summary>
public sealed class AllocationCatalog
{
    private readonly Dictionary<Guid, Allocation> _allocations = new();

    /// <summary>Sort keys a list accepts (columns of Ironic's allocations table, less extra, candidate_nodes, traits).</summary>
    public static readonly IReadOnlyDictionary<string, Func<Allocation, IComparable?>> SortKeys =
        new Dictionary<string, Func<Allocation, IComparable?>>
        {
            ["id"] = a => a.CreatedAt,
            ["uuid"] = a => a.Uuid.ToString(),
            ["name"] = a => a.Name,
            ["node_id"] = a => a.NodeUuid?.ToString(),
            ["state"] = a => a.State,
            ["last_error"] = a => a.LastError,
            ["resource_class"] = a => a.ResourceClass,
            ["owner"] = a => a.Owner,
            ["conductor_affinity"] = a => null,
            ["created_at"] = a => a.CreatedAt,
            ["updated_at"] = a => a.UpdatedAt,
        };

    public IEnumerable<Allocation> All => _allocations.Values;

    public Allocation? Find(Guid id) => _allocations.GetValueOrDefault(id);

    /// <summary>By UUID when <paramref name="ident"/> looks like one, else by name.</summary>
    public Allocation? Find(string ident) =>
        FieldRules.NormalizeUuid(ident) is { } uuid
            ? Find(Guid.Parse(uuid))
            : _allocations.Values.FirstOrDefault(a => a.Name == ident);

    public Allocation? OfNode(Guid nodeId) => _allocations.Values.FirstOrDefault(a => a.NodeUuid == nodeId);

    public bool NameTaken(string? name) => name is not null && _allocations.Values.Any(a => a.Name == name);

    public void Apply(object e)
    {
        switch (e)
        {
            case AllocationEvents.AllocationCreated c:
                _allocations[c.Allocation.Uuid] = c.Allocation;
                break;
            case AllocationEvents.AllocationUpdated u:
                _allocations[u.Allocation.Uuid] = u.Allocation;
                break;
            case AllocationEvents.AllocationDeleted d:
                _allocations.Remove(d.AllocationId);
                break;
            case AllocationEvents.AllocationSnapshot s:
                _allocations.Clear();
                foreach (var a in s.Allocations)
                    _allocations[a.Uuid] = a;
                break;
        }
    }

    public AllocationEvents.AllocationSnapshot ToSnapshot() => new(_allocations.Values.OrderBy(a => a.CreatedAt).ToList());

    /// <summary>One page in the order asked (ties: creation time, then UUID), filtered; <paramref name="nodeId"/> already resolved.</summary>
    public AllocationReplies.AllocationPage Page(AllocationCommands.ListAllocations q, Guid? nodeId)
    {
        var page = SortedPages.Page(
            _allocations.Values
                .Where(a => nodeId is null || a.NodeUuid == nodeId)
                .Where(a => q.ResourceClass is null || a.ResourceClass == q.ResourceClass)
                .Where(a => q.State is null || a.State == q.State)
                .Where(a => q.Owner is null || a.Owner == q.Owner),
            SortKeys.GetValueOrDefault(q.SortKey) ?? SortKeys["id"], a => a.CreatedAt, a => a.Uuid, q.SortDir, q.Marker, Find, q.Limit);
        if (page is null)
            return new AllocationReplies.AllocationPage([], MarkerFound: false);
        return new AllocationReplies.AllocationPage(page, MarkerFound: true);
    }
}
