using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// Reads <c>driver_info</c> values the way Ironic does: API clients send numbers and booleans either as
/// JSON values or as strings ("623", "false"), so both forms are accepted.
/// </summary>
public static class DriverInfoValues
{
    /// <summary>The value as text (numbers and booleans in invariant form); null when absent, null or empty.</summary>
    public static string? GetText(JsonObject info, string key)
    {
        if (!info.TryGetPropertyValue(key, out var node) || node is not JsonValue value)
            return null;
        var text = value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => value.ToJsonString(),
            _ => null,
        };
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>True when the key is present with a non-null value.</summary>
    public static bool Has(JsonObject info, string key) => info.TryGetPropertyValue(key, out var node) && node is not null;

    /// <summary>Parses a whole number, or returns false.</summary>
    public static bool TryParseInt(string? text, out int value) =>
        int.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    /// <summary>
    /// Parses a boolean like oslo's <c>bool_from_string(strict=True)</c>: true/false, yes/no, on/off, 1/0, y/n, t/f.
    /// </summary>
    public static bool TryParseBool(string? text, out bool value)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "true" or "yes" or "on" or "1" or "y" or "t":
                value = true;
                return true;
            case "false" or "no" or "off" or "0" or "n" or "f":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}
