using System.Globalization;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// An artificial delay of the fake interfaces, parsed from Ironic's <c>[fake]*_delay</c> format:
/// "N" (exactly N seconds) or "min,max" (a random time between them). Whole seconds, as Ironic.
/// </summary>
public readonly record struct FakeDelay(int MinSeconds, int MaxSeconds)
{
    /// <summary>No delay.</summary>
    public static FakeDelay Zero => default;

    /// <summary>True when there is nothing to wait for.</summary>
    public bool IsZero => MaxSeconds == 0;

    /// <summary>Parses "N" or "min,max"; null or blank means no delay.</summary>
    public static bool TryParse(string? value, out FakeDelay delay, out string? error)
    {
        delay = Zero;
        error = null;
        if (string.IsNullOrWhiteSpace(value))
            return true;

        var parts = value.Split(',');
        if (parts.Length > 2)
        {
            error = "expected \"N\" or \"min,max\" whole seconds (e.g. \"2\" or \"1,3\")";
            return false;
        }
        if (!TryParseSeconds(parts[0], out var min, out error))
            return false;
        var max = min;
        if (parts.Length == 2 && !TryParseSeconds(parts[1], out max, out error))
            return false;
        if (min > max)
        {
            error = $"minimum {min} is greater than maximum {max}";
            return false;
        }
        delay = new FakeDelay(min, max);
        return true;
    }

    /// <summary>Parses like <see cref="TryParse"/>, throwing <see cref="FormatException"/> on bad input.</summary>
    public static FakeDelay Parse(string? value) =>
        TryParse(value, out var delay, out var error) ? delay : throw new FormatException($"Invalid fake delay '{value}': {error}.");

    /// <summary>
    /// Picks the time to wait. A range is drawn from a triangular distribution weighted towards the
    /// minimum (mode = min), as Ironic's fake driver does, so most waits are short.
    /// </summary>
    public TimeSpan Sample(Random random)
    {
        if (MinSeconds == MaxSeconds)
            return TimeSpan.FromSeconds(MinSeconds);
        // Inverse CDF of a triangular distribution whose mode equals its lower bound.
        var u = random.NextDouble();
        var seconds = MaxSeconds - (MaxSeconds - MinSeconds) * Math.Sqrt(1 - u);
        return TimeSpan.FromSeconds(seconds);
    }

    public override string ToString() => MinSeconds == MaxSeconds ? $"{MinSeconds}" : $"{MinSeconds},{MaxSeconds}";

    private static bool TryParseSeconds(string text, out int seconds, out string? error)
    {
        error = null;
        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seconds))
        {
            error = $"'{text.Trim()}' is not a whole number of seconds; expected \"N\" or \"min,max\" (e.g. \"2\" or \"1,3\")";
            return false;
        }
        if (seconds < 0)
        {
            error = $"{seconds} is negative";
            return false;
        }
        return true;
    }
}
