using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Protocol.Ports;

namespace Ironic.Actors.Conductor.ReadModel;

/// <summary>Filtering, sorting and paging of port and portgroup lists, as Ironic's port and portgroup lists do it. Pure.</summary>
public static class PortListing
{
    /// <summary>Columns of Ironic's ports table a list may sort by ("id" is creation order).</summary>
    public static readonly IReadOnlyDictionary<string, Func<Port, IComparable?>> PortSortKeys =
        new Dictionary<string, Func<Port, IComparable?>>
        {
            ["id"] = p => p.CreatedAt,
            ["uuid"] = p => p.Uuid.ToString(),
            ["address"] = p => p.Address,
            ["node_id"] = p => p.NodeId.ToString(),
            ["portgroup_id"] = p => p.PortgroupId?.ToString(),
            ["pxe_enabled"] = p => p.PxeEnabled,
            ["physical_network"] = p => p.PhysicalNetwork,
            ["is_smartnic"] = p => p.IsSmartnic,
            ["created_at"] = p => p.CreatedAt,
            ["updated_at"] = p => p.UpdatedAt,
        };

    /// <summary>Columns of Ironic's portgroups table a list may sort by.</summary>
    public static readonly IReadOnlyDictionary<string, Func<Portgroup, IComparable?>> PortgroupSortKeys =
        new Dictionary<string, Func<Portgroup, IComparable?>>
        {
            ["id"] = g => g.CreatedAt,
            ["uuid"] = g => g.Uuid.ToString(),
            ["name"] = g => g.Name,
            ["address"] = g => g.Address,
            ["node_id"] = g => g.NodeId.ToString(),
            ["mode"] = g => g.Mode,
            ["standalone_ports_supported"] = g => g.StandalonePortsSupported,
            ["created_at"] = g => g.CreatedAt,
            ["updated_at"] = g => g.UpdatedAt,
        };

    public static PortQueries.PortPage Page(IEnumerable<PortReplies.PortView> all, PortQueries.ListPorts q)
    {
        var (page, found) = Page(all, v => v.Port, p => p.Uuid, p => p.CreatedAt, PortSortKeys, q.SortKey, q.SortDir, q.Limit, q.Marker,
            p => (q.NodeId is null || p.NodeId == q.NodeId) &&
                 (q.Address is null || p.Address == q.Address) &&
                 (q.PortgroupId is null || p.PortgroupId == q.PortgroupId));
        return new PortQueries.PortPage(page, found);
    }

    public static PortQueries.PortgroupPage Page(IEnumerable<PortReplies.PortgroupView> all, PortQueries.ListPortgroups q)
    {
        var (page, found) = Page(all, v => v.Portgroup, g => g.Uuid, g => g.CreatedAt, PortgroupSortKeys, q.SortKey, q.SortDir, q.Limit, q.Marker,
            g => (q.NodeId is null || g.NodeId == q.NodeId) && (q.Address is null || g.Address == q.Address));
        return new PortQueries.PortgroupPage(page, found);
    }

    private static (List<TView> Page, bool MarkerFound) Page<TView, TItem>(
        IEnumerable<TView> all, Func<TView, TItem> item, Func<TItem, Guid> uuid, Func<TItem, DateTimeOffset> created,
        IReadOnlyDictionary<string, Func<TItem, IComparable?>> sortKeys, string sortKey, string sortDir, int limit, Guid? markerId,
        Func<TItem, bool> matches)
    {
        var key = sortKeys.GetValueOrDefault(sortKey) ?? sortKeys["id"];
        var descending = string.Equals(sortDir, "desc", StringComparison.OrdinalIgnoreCase);
        int Compare(TItem a, TItem b)
        {
            var c = Comparer<IComparable?>.Default.Compare(key(a), key(b));
            if (c == 0) c = created(a).CompareTo(created(b));
            if (c == 0) c = uuid(a).CompareTo(uuid(b));
            return descending ? -c : c;
        }

        var items = all as IReadOnlyCollection<TView> ?? all.ToList();
        TItem? marker = default;
        if (markerId is { } id)
        {
            var found = items.FirstOrDefault(v => uuid(item(v)) == id);
            if (found is null)
                return ([], false);
            marker = item(found);
        }
        var page = items
            .Where(v => matches(item(v)) && (markerId is null || Compare(item(v), marker!) > 0))
            .OrderBy(item, Comparer<TItem>.Create(Compare))
            .Take(Math.Max(limit, 0))
            .ToList();
        return (page, true);
    }
}
