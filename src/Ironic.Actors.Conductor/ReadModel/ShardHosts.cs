using System.Collections.Immutable;

namespace Ironic.Actors.Conductor.ReadModel;

/// <summary>
/// Which conductor (by hostname) hosts each node shard right now, as the cluster's shard regions last told: what a
/// node's <c>conductor</c> field shows and what the <c>conductor</c> list filter selects, in place of Ironic's hash
/// ring. Immutable; <see cref="Unknown"/> before the first answer (then rows show the conductor that last wrote them).
/// </summary>
public sealed record ShardHosts(ImmutableDictionary<string, string> HostOfShard)
{
    public static readonly ShardHosts Unknown = new(ImmutableDictionary<string, string>.Empty);

    public bool IsKnown => !HostOfShard.IsEmpty;

    /// <summary>The conductor hosting <paramref name="shard"/>, or null when no member hosts it now.</summary>
    public string? HostOf(string shard) => HostOfShard.GetValueOrDefault(shard);

    /// <summary>The shards <paramref name="host"/> hosts (empty when none, or when it is not a live conductor).</summary>
    public IReadOnlyCollection<string> ShardsOf(string host) => HostOfShard.Where(kv => kv.Value == host).Select(kv => kv.Key).ToList();

    /// <summary>Whether <paramref name="other"/> maps the same shards to the same hosts (a record compares the map by reference).</summary>
    public bool SameAs(ShardHosts other) =>
        HostOfShard.Count == other.HostOfShard.Count &&
        HostOfShard.All(kv => other.HostOfShard.TryGetValue(kv.Key, out var host) && host == kv.Value);

    /// <summary>
    /// Builds the map from the sharding statistics (shard ids per region address) and the hostname of each address's
    /// conductor; addresses whose hostname is not known are left out.
    /// </summary>
    public static ShardHosts From(IEnumerable<(string Address, IEnumerable<string> ShardIds)> regions, IReadOnlyDictionary<string, string> hostOfAddress)
    {
        var map = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (address, shards) in regions)
        {
            if (!hostOfAddress.TryGetValue(address, out var host))
                continue;
            // Unplaced shards (entities waking only to forward to their placed shard) hold no node rows.
            foreach (var shard in shards.Where(s => Nodes.NodeMessageExtractor.PlacementOf(s) is not null))
                map[shard] = host;
        }
        return new ShardHosts(map.ToImmutable());
    }
}
