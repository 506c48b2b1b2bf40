using System.Text.Json.Nodes;
using Ironic.Actors.Protocol.Queries;

namespace Ironic.Actors.Gateway.Rendering;

/// <summary>The body of GET /v1/shards.</summary>
public static class ShardRenderer
{
    /// <summary>
    /// Ironic's body: shards by node count, most first; equal counts in the database's group order (the null shard
    /// first, then by name), each as <c>{"name", "count"}</c> with the null shard named "None".
    /// </summary>
    public static JsonObject Render(IEnumerable<NodeQueries.ShardCount> counts) => new()
    {
        ["shards"] = new JsonArray([.. counts
            .OrderByDescending(c => c.Count)
            .ThenBy(c => c.Name is not null)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => (JsonNode)new JsonObject { ["name"] = c.Name ?? "None", ["count"] = c.Count })]),
    };
}
