using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ironic.Actors.Gateway.Rendering;

/// <summary>
/// Writes JSON the way Ironic's Python does (<c>json.dumps</c> defaults): <c>", "</c> and <c>": "</c>
/// separators, key order kept, and only quotes, backslashes, control and non-ASCII characters escaped
/// (<c>\uXXXX</c>). Responses then match the real server byte for byte, including the double-encoded
/// error bodies.
/// </summary>
public static class PyJson
{
    public static string Serialize(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(sb, node);
        return sb.ToString();
    }

    /// <summary>Appends <paramref name="node"/> to <paramref name="sb"/> (renderers that write straight to text use this).</summary>
    public static void Append(StringBuilder sb, JsonNode? node) => Write(sb, node);

    /// <summary>Appends a JSON string literal, or <c>null</c>.</summary>
    public static void AppendString(StringBuilder sb, string? value)
    {
        if (value is null)
            sb.Append("null");
        else
            WriteString(sb, value);
    }

    /// <summary>Whether <paramref name="text"/> is written as it is between the quotes (printable ASCII, no quote or backslash).</summary>
    public static bool IsPlain(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(Plain);

    /// <summary>Appends <c>true</c>, <c>false</c> or <c>null</c>.</summary>
    public static void AppendBool(StringBuilder sb, bool? value) => sb.Append(value switch { true => "true", false => "false", null => "null" });

    /// <summary>A JSON string literal for <paramref name="value"/>, quotes included.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        WriteString(sb, value);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in obj)
                {
                    if (!first)
                        sb.Append(", ");
                    first = false;
                    WriteString(sb, key);
                    sb.Append(": ");
                    Write(sb, value);
                }
                sb.Append('}');
                break;
            case JsonArray array:
                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                        sb.Append(", ");
                    Write(sb, array[i]);
                }
                sb.Append(']');
                break;
            case JsonValue value:
                WriteValue(sb, value);
                break;
        }
    }

    private static void WriteValue(StringBuilder sb, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(sb, value.GetValue<string>());
                break;
            case JsonValueKind.True:
                sb.Append("true");
                break;
            case JsonValueKind.False:
                sb.Append("false");
                break;
            case JsonValueKind.Null:
                sb.Append("null");
                break;
            default:
                // Numbers keep the text they were parsed from (or System.Text.Json's invariant form).
                sb.Append(value.ToJsonString());
                break;
        }
    }

    /// <summary>Characters written as they are: printable ASCII but the quote and the backslash.</summary>
    private static readonly SearchValues<char> Plain =
        SearchValues.Create(Enumerable.Range(0x20, 0x7f - 0x20).Select(c => (char)c).Where(c => c is not ('"' or '\\')).ToArray());

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        var rest = s.AsSpan();
        while (true)
        {
            // Runs of plain characters are appended at once; only the others are looked at one by one.
            var plain = rest.IndexOfAnyExcept(Plain);
            if (plain < 0)
            {
                sb.Append(rest);
                break;
            }
            sb.Append(rest[..plain]);
            var c = rest[plain];
            rest = rest[(plain + 1)..];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default: sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
            }
        }
        sb.Append('"');
    }
}
