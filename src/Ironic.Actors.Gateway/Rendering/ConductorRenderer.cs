using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Actors;

namespace Ironic.Actors.Gateway.Rendering;

/// <summary>Ironic's conductor object (API 1.49+).</summary>
public static class ConductorRenderer
{
    /// <summary>Fields of the full view, in order.</summary>
    public static readonly IReadOnlyList<string> AllFields =
        ["hostname", "conductor_group", "alive", "drivers", "created_at", "updated_at"];

    /// <summary>Fields of the list view without <c>detail</c>.</summary>
    public static readonly IReadOnlyList<string> ListDefault = ["hostname", "conductor_group", "alive"];

    /// <summary>The conductor with <paramref name="fields"/> (all when null), followed by <c>links</c>.</summary>
    public static JsonObject Render(ConductorStatus conductor, string baseUrl, IReadOnlyList<string>? fields = null)
    {
        var result = new JsonObject();
        foreach (var field in fields ?? AllFields)
            result[field] = Value(field, conductor);
        result["links"] = Links.SelfAndBookmark(baseUrl, $"conductors/{conductor.Info.Hostname}");
        return result;
    }

    private static JsonNode? Value(string field, ConductorStatus conductor) => field switch
    {
        "hostname" => conductor.Info.Hostname,
        "conductor_group" => conductor.Info.ConductorGroup,
        "alive" => conductor.Alive,
        "drivers" => new JsonArray([.. conductor.Info.HardwareTypes.Select(t => (JsonNode?)JsonValue.Create(t.Name))]),
        "created_at" => Timestamps.ToJson(conductor.Info.StartedAt),
        "updated_at" => Timestamps.ToJson(conductor.UpdatedAt),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a conductor field"),
    };
}
