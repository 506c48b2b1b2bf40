using System.Globalization;
using System.Text.Json.Nodes;

namespace Ironic.Actors.Gateway.Rendering;

/// <summary>Timestamps as Ironic prints them: Python's <c>isoformat()</c> of a UTC time with <c>+00:00</c>.</summary>
public static class Timestamps
{
    /// <summary><c>2026-11-24T23:31:11.277731+00:00</c>; the fraction (microseconds) only when non-zero.</summary>
    public static string Format(DateTimeOffset value)
    {
        var sb = new System.Text.StringBuilder(32);
        Append(sb, value);
        return sb.ToString();
    }

    /// <summary>Appends the timestamp as <see cref="Format"/> writes it, building no strings.</summary>
    public static void Append(System.Text.StringBuilder sb, DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        Span<char> text = stackalloc char[20];
        utc.TryFormat(text, out var length, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        sb.Append(text[..length]);
        var micros = utc.Ticks % TimeSpan.TicksPerSecond / 10;
        if (micros != 0)
        {
            micros.TryFormat(text, out length, "D6", CultureInfo.InvariantCulture);
            sb.Append('.').Append(text[..length]);
        }
        sb.Append("+00:00");
    }

    /// <summary>Appends the timestamp as a JSON string (its text is plain ASCII), or <c>null</c>.</summary>
    public static void AppendJson(System.Text.StringBuilder sb, DateTimeOffset? value)
    {
        if (value is not { } time)
        {
            sb.Append("null");
            return;
        }
        sb.Append('"');
        Append(sb, time);
        sb.Append('"');
    }

    public static JsonNode? ToJson(DateTimeOffset? value) => value is { } v ? JsonValue.Create(Format(v)) : null;
}
