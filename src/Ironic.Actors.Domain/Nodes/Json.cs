using System.Text.Json.Nodes;

namespace Ironic.Actors.Domain.Nodes;

/// <summary>Helpers for the free-form JSON objects a node carries.</summary>
public static class Json
{
    /// <summary>A deep copy, so that the original stays untouched.</summary>
    public static JsonObject Clone(this JsonObject source) => (JsonObject)source.DeepClone();

    /// <summary>A deep copy of any JSON value (null stays null).</summary>
    public static JsonNode? CloneValue(this JsonNode? source) => source?.DeepClone();
}
