using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Queries;

namespace Ironic.Actors.Conductor.ReadModel;

/// <summary>Filtering, sorting and paging of node lists, as Ironic's node list does it. Pure.</summary>
public static class NodeListing
{
    /// <summary>Sort keys the list accepts, with how each orders nodes. "id" is creation order.</summary>
    public static readonly IReadOnlyDictionary<string, Func<Node, IComparable?>> SortKeys =
        new Dictionary<string, Func<Node, IComparable?>>
        {
            ["id"] = n => n.CreatedAt,
            ["uuid"] = n => n.Uuid.ToString(),
            ["name"] = n => n.Name,
            ["driver"] = n => n.Driver,
            ["provision_state"] = n => n.ProvisionState,
            ["power_state"] = n => n.PowerState,
            ["target_provision_state"] = n => n.TargetProvisionState,
            ["target_power_state"] = n => n.TargetPowerState,
            ["maintenance"] = n => n.Maintenance,
            ["created_at"] = n => n.CreatedAt,
            ["updated_at"] = n => n.UpdatedAt,
            ["provision_updated_at"] = n => n.ProvisionUpdatedAt,
            ["instance_uuid"] = n => n.InstanceUuid,
            ["chassis_uuid"] = n => n.ChassisUuid,
            ["resource_class"] = n => n.ResourceClass,
            ["conductor_group"] = n => n.ConductorGroup,
            ["owner"] = n => n.Owner,
            ["lessee"] = n => n.Lessee,
            ["description"] = n => n.Description,
            ["last_error"] = n => n.LastError,
            ["fault"] = n => n.Fault,
            ["retired"] = n => n.Retired,
            ["protected"] = n => n.Protected,
            ["shard"] = n => n.Shard,
        };

    public static NodeQueries.NodePage Page(IEnumerable<NodeReplies.NodeView> all, NodeQueries.ListNodes q)
    {
        var key = SortKeys.GetValueOrDefault(q.SortKey) ?? SortKeys["id"];
        var descending = string.Equals(q.SortDir, "desc", StringComparison.OrdinalIgnoreCase);
        int Compare(Node a, Node b)
        {
            var c = Comparer<IComparable?>.Default.Compare(key(a), key(b));
            if (c == 0) c = a.CreatedAt.CompareTo(b.CreatedAt);
            if (c == 0) c = a.Uuid.CompareTo(b.Uuid);
            return descending ? -c : c;
        }

        var items = all as IReadOnlyCollection<NodeReplies.NodeView> ?? all.ToList();
        Node? marker = null;
        if (q.Marker is { } markerId)
        {
            marker = items.FirstOrDefault(v => v.Node.Uuid == markerId)?.Node;
            if (marker is null)
                return new NodeQueries.NodePage([], MarkerFound: false);
        }

        var page = items
            .Where(v => Matches(v.Node, q) && (marker is null || Compare(v.Node, marker) > 0))
            .OrderBy(v => v.Node, Comparer<Node>.Create(Compare))
            .Take(Math.Max(q.Limit, 0))
            .ToList();
        return new NodeQueries.NodePage(page, MarkerFound: true);
    }

    public static bool Matches(Node n, NodeQueries.ListNodes q) =>
        (q.ProvisionState is null || n.ProvisionState == q.ProvisionState) &&
        (q.Maintenance is null || n.Maintenance == q.Maintenance) &&
        (q.Associated is null || (n.InstanceUuid is not null) == q.Associated) &&
        (q.Driver is null || n.Driver == q.Driver) &&
        (q.InstanceUuid is null || string.Equals(n.InstanceUuid, q.InstanceUuid, StringComparison.OrdinalIgnoreCase)) &&
        (q.ConductorGroup is null || string.Equals(n.ConductorGroup, q.ConductorGroup, StringComparison.OrdinalIgnoreCase)) &&
        (q.ResourceClass is null || n.ResourceClass == q.ResourceClass) &&
        (q.Owner is null || n.Owner == q.Owner) &&
        (q.Lessee is null || n.Lessee == q.Lessee) &&
        (q.Fault is null || n.Fault == q.Fault) &&
        (q.ChassisUuid is null || string.Equals(n.ChassisUuid, q.ChassisUuid, StringComparison.OrdinalIgnoreCase)) &&
        (q.DescriptionContains is null || (n.Description?.Contains(q.DescriptionContains, StringComparison.Ordinal) ?? false)) &&
        (q.Retired is null || n.Retired == q.Retired);
}
