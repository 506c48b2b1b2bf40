using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Versioning;
using Microsoft.AspNetCore.Http;

namespace Ironic.Actors.Gateway.Api;

/// <summary>Reading query-string parameters with Ironic's rules (version gates, booleans, integers).</summary>
public static class QueryValues
{
    private static readonly HashSet<string> TrueWords = new(StringComparer.OrdinalIgnoreCase) { "true", "1", "yes", "y", "on", "t" };
    private static readonly HashSet<string> FalseWords = new(StringComparer.OrdinalIgnoreCase) { "false", "0", "no", "n", "off", "f" };

    /// <summary>The (last) value of <paramref name="name"/>, or null when absent.</summary>
    public static string? Get(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;

    public static bool? ParseBool(string value) =>
        TrueWords.Contains(value.Trim()) ? true : FalseWords.Contains(value.Trim()) ? false : null;

    /// <summary>
    /// A parameter that exists since 1.<paramref name="since"/>: null when absent (or empty, as Ironic
    /// ignores empty filters), 406 when the request's version is older.
    /// </summary>
    public static (string? Value, ApiError? Error) Versioned(IQueryCollection query, string name, int since, ApiVersion version)
    {
        var value = Get(query, name);
        if (string.IsNullOrEmpty(value))
            return (null, null);
        return version.AtLeast(since) ? (value, null) : (null, ApiError.NotAcceptable());
    }

    /// <summary>A versioned boolean parameter; 400 when it is not a boolean.</summary>
    public static (bool? Value, ApiError? Error) VersionedBool(IQueryCollection query, string name, int since, ApiVersion version)
    {
        var (text, error) = Versioned(query, name, since, version);
        if (error is not null || text is null)
            return (null, error);
        return ParseBool(text) is { } b ? (b, null) : (null, ApiError.BadRequest(Messages.InvalidBool(name, text)));
    }

    /// <summary>A comma-separated list (<c>fields</c>), trimmed, without empties or duplicates.</summary>
    public static List<string> SplitList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();

    /// <summary>The value as Python prints it in a URL: booleans as True/False.</summary>
    public static string PyBool(bool value) => value ? "True" : "False";
}
