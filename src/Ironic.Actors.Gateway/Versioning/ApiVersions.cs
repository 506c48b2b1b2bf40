using System.Globalization;

namespace Ironic.Actors.Gateway.Versioning;

/// <summary>The microversion range this gateway serves, and how a request picks its version.</summary>
public static class ApiVersions
{
    public const string VersionHeader = "X-OpenStack-Ironic-API-Version";
    public const string MinimumHeader = "X-OpenStack-Ironic-API-Minimum-Version";
    public const string MaximumHeader = "X-OpenStack-Ironic-API-Maximum-Version";

    /// <summary>The generic microversion header; accepted as an alias (<c>baremetal 1.N</c>), never required.</summary>
    public const string GenericHeader = "OpenStack-API-Version";

    public static readonly ApiVersion Minimum = new(1, 1);

    /// <summary>
    /// The highest version announced: Ironic 21.4's, 1.82 (shards). Every feature up to it is served: allocation name
    /// preference (1.79), project-scoped node create and delete (1.80, which only noauth/http_basic admins reach here),
    /// node inventory (1.81), shards (1.82).
    /// </summary>
    public static readonly ApiVersion Maximum = new(1, 82);

    /// <summary>
    /// The version a request asks for: <paramref name="ironicHeader"/> wins, else the <c>baremetal</c>
    /// entry of <paramref name="genericHeader"/>; none means the minimum (1.1), <c>latest</c> the maximum.
    /// </summary>
    public static VersionNegotiation Negotiate(string? ironicHeader, string? genericHeader)
    {
        var requested = !string.IsNullOrWhiteSpace(ironicHeader) ? ironicHeader : BaremetalEntry(genericHeader);
        if (string.IsNullOrWhiteSpace(requested))
            return VersionNegotiation.Ok(Minimum);
        requested = requested.Trim();
        if (requested.Equals("latest", StringComparison.OrdinalIgnoreCase))
            return VersionNegotiation.Ok(Maximum);

        var parts = requested.Split('.');
        if (parts.Length != 2 || !TryParseInt(parts[0], out var major) || !TryParseInt(parts[1], out var minor))
            return VersionNegotiation.Fail($"Invalid value for {VersionHeader} header");

        var version = new ApiVersion(major, minor);
        if (major != Minimum.Major)
            return VersionNegotiation.Fail(
                $"Mutually exclusive versions requested. Version {version} requested but not supported by this service. " +
                $"The supported version range is: [{Minimum}, {Maximum}].");
        if (version < Minimum || version > Maximum)
            return VersionNegotiation.Fail(
                $"Version {version} was requested but the minor version is not supported by this service. " +
                $"The supported version range is: [{Minimum}, {Maximum}].");
        return VersionNegotiation.Ok(version);
    }

    private static bool TryParseInt(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>The version in an <c>OpenStack-API-Version</c> header such as <c>baremetal 1.50, compute 2.1</c>.</summary>
    private static string? BaremetalEntry(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
            return null;
        foreach (var entry in header.Split(','))
        {
            var words = entry.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 2 && words[0].Equals("baremetal", StringComparison.OrdinalIgnoreCase))
                return words[1];
        }
        return null;
    }
}

/// <summary>The outcome of <see cref="ApiVersions.Negotiate"/>: a version, or the 406 message.</summary>
public sealed record VersionNegotiation(ApiVersion? Version, string? Error)
{
    public static VersionNegotiation Ok(ApiVersion version) => new(version, null);
    public static VersionNegotiation Fail(string error) => new(null, error);
}
