namespace Ironic.Actors.Conductor.ReadModel.Sql;

/// <summary>How many nodes the read model holds in each provision state (for the <c>ironic.nodes</c> gauge).</summary>
public sealed class NodeCountReader(ReadModelDatabase database)
{
    /// <summary>Node count per provision state present in the read model (states without nodes are absent).</summary>
    public Task<IReadOnlyDictionary<string, long>> ByProvisionStateAsync() => database.RunAsync(async connection =>
    {
        await using var command = DbCommands.Create(connection,
            $"SELECT provision_state, COUNT(*) FROM {NodeColumns.Table} GROUP BY provision_state");
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync().ConfigureAwait(false))
            counts[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        return (IReadOnlyDictionary<string, long>)counts;
    });

    /// <summary>Node count per shard (null: the nodes in no shard), for GET /v1/shards.</summary>
    public Task<IReadOnlyList<Protocol.Queries.NodeQueries.ShardCount>> ByShardAsync() => database.RunAsync(async connection =>
    {
        await using var command = DbCommands.Create(connection, $"SELECT shard, COUNT(*) FROM {NodeColumns.Table} GROUP BY shard");
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        var counts = new List<Protocol.Queries.NodeQueries.ShardCount>();
        while (await reader.ReadAsync().ConfigureAwait(false))
            counts.Add(new(reader.IsDBNull(0) ? null : reader.GetString(0),
                Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)));
        return (IReadOnlyList<Protocol.Queries.NodeQueries.ShardCount>)counts;
    });
}
