using System.Text.Json.Nodes;

namespace Ironic.Actors.Domain.Nodes;

/// <summary>One RFC 6902 operation of a PATCH body; Ironic accepts add, replace and remove.</summary>
public sealed record PatchOperation(string Op, string Path, JsonNode? Value, bool HasValue)
{
    /// <summary>The operation as Python prints a dict, as Ironic quotes it in errors.</summary>
    public string Describe()
    {
        var parts = new List<string> { $"'op': {PyRepr(Op)}", $"'path': {PyRepr(Path)}" };
        if (HasValue)
            parts.Add($"'value': {PyRepr(Value)}");
        return "{" + string.Join(", ", parts) + "}";
    }

    private static string PyRepr(object? value) => value switch
    {
        null => "None",
        string s when s.Contains('\'') && !s.Contains('"') => "\"" + s.Replace("\\", "\\\\") + "\"",
        string s => "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'",
        JsonValue v when v.TryGetValue<string>(out var s) => PyRepr(s),
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "True" : "False",
        JsonObject o => "{" + string.Join(", ", o.Select(kv => $"{PyRepr(kv.Key)}: {PyRepr(kv.Value)}")) + "}",
        JsonArray a => "[" + string.Join(", ", a.Select(PyRepr)) + "]",
        JsonNode n => n.ToJsonString(),
        _ => value.ToString() ?? "None",
    };
}
