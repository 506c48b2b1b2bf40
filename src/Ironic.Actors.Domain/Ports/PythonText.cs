using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ironic.Actors.Domain.Ports;

/// <summary>
/// Values as Python's <c>repr()</c> prints them, and the jsonschema and oslo messages Ironic builds from
/// them, so that validation errors of ports, portgroups and chassis read like Ironic's.
/// </summary>
public static class PythonText
{
    public static string Of(JsonNode? value) => value switch
    {
        null => "None",
        JsonObject o => "{" + string.Join(", ", o.Select(kv => $"{Of(kv.Key)}: {Of(kv.Value)}")) + "}",
        JsonArray a => "[" + string.Join(", ", a.Select(Of)) + "]",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => Of(v.GetValue<string>()),
            JsonValueKind.True => "True",
            JsonValueKind.False => "False",
            JsonValueKind.Null => "None",
            _ => v.ToJsonString(),
        },
        _ => value.ToJsonString(),
    };

    public static string Of(string value)
    {
        var quote = value.Contains('\'') && !value.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder().Append(quote);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c == quote)
                        sb.Append('\\').Append(c);
                    else if (c < 0x20 || c == 0x7f)
                        sb.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    else
                        sb.Append(c);
                    break;
            }
        }
        return sb.Append(quote).ToString();
    }

    /// <summary>How Python prints a value inside a format string (<c>%s</c>): strings bare, the rest as repr.</summary>
    public static string Str(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : Of(value);

    /// <summary>jsonschema's message for a value of the wrong type: <c>5 is not of type 'object', 'null'</c>.</summary>
    public static string NotOfType(JsonNode? value, params string[] types) =>
        $"{Of(value)} is not of type {string.Join(", ", types.Select(t => $"'{t}'"))}";

    /// <summary>True when <paramref name="value"/> has one of the JSON schema <paramref name="types"/>.</summary>
    public static bool HasType(JsonNode? value, params string[] types) => types.Any(t => t switch
    {
        "null" => value is null || value.GetValueKind() == JsonValueKind.Null,
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "string" => value is JsonValue && value.GetValueKind() == JsonValueKind.String,
        "boolean" => value is JsonValue && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "integer" => value is JsonValue && value.GetValueKind() == JsonValueKind.Number,
        _ => false,
    });

    private static readonly string[] TrueWords = ["1", "t", "true", "on", "y", "yes"];
    private static readonly string[] FalseWords = ["0", "f", "false", "off", "n", "no"];

    /// <summary>
    /// oslo's strict <c>bool_from_string</c> as Ironic's <c>args.boolean</c> uses it: a JSON boolean, or one of
    /// the accepted words. Null stays null. Otherwise the error <c>Invalid &lt;field&gt;: Unrecognized value ...</c>.
    /// </summary>
    public static (bool? Value, string? Error) Boolean(string field, JsonNode? value)
    {
        if (value is null || value.GetValueKind() == JsonValueKind.Null)
            return (null, null);
        if (value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            return (value.GetValue<bool>(), null);
        var text = Str(value);
        var word = text.Trim().ToLowerInvariant();
        if (TrueWords.Contains(word))
            return (true, null);
        if (FalseWords.Contains(word))
            return (false, null);
        var acceptable = string.Join(", ", TrueWords.Concat(FalseWords).Order(StringComparer.Ordinal).Select(w => $"'{w}'"));
        return (null, $"Invalid {field}: Unrecognized value '{text}', acceptable values are: {acceptable}");
    }
}
