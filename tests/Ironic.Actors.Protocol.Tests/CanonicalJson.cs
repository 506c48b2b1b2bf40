using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Ironic.Actors.Protocol.Tests;

/// <summary>
/// A canonical JSON text of any object, for comparing values that lack value equality (records holding
/// <see cref="JsonObject"/>, lists, dictionaries): System.Text.Json with enums by name (as the serializer
/// writes them), object keys sorted ordinally at every level, no whitespace.
/// </summary>
internal static class CanonicalJson
{
    private static readonly JsonSerializerOptions Options = new() { MaxDepth = 256, Converters = { new JsonStringEnumConverter() } };

    public static string Of(object? value) =>
        value is null ? "null" : Canonical(JsonSerializer.SerializeToNode(value, value.GetType(), Options));

    public static string Canonical(JsonNode? node) => Sort(node)?.ToJsonString() ?? "null";

    public static string Canonical(string json) => Canonical(JsonNode.Parse(json));

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => new JsonObject(o
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, Sort(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Sort).ToArray()),
        _ => node.DeepClone(),
    };
}
