namespace Ironic.Actors.Conductor;

/// <summary>
/// One page of a small in-memory resource (chassis, allocations), as Ironic pages its lists: sorted by the asked key,
/// ties broken by creation time, then UUID; starting after the marker; at most the limit.
/// </summary>
public static class SortedPages
{
    /// <summary>The page, or null when <paramref name="markerId"/> names no item.</summary>
    public static List<T>? Page<T>(
        IEnumerable<T> items, Func<T, IComparable?> key, Func<T, DateTimeOffset> createdAt, Func<T, Guid> uuid,
        string? sortDir, Guid? markerId, Func<Guid, T?> find, int limit) where T : class
    {
        var descending = string.Equals(sortDir, "desc", StringComparison.OrdinalIgnoreCase);
        int Compare(T a, T b)
        {
            var c = Comparer<IComparable?>.Default.Compare(key(a), key(b));
            if (c == 0) c = createdAt(a).CompareTo(createdAt(b));
            if (c == 0) c = uuid(a).CompareTo(uuid(b));
            return descending ? -c : c;
        }

        T? marker = null;
        if (markerId is { } id && (marker = find(id)) is null)
            return null;
        return items
            .Where(a => marker is null || Compare(a, marker) > 0)
            .OrderBy(a => a, Comparer<T>.Create(Compare))
            .Take(Math.Max(limit, 0))
            .ToList();
    }
}
