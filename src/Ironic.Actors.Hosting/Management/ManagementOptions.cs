using System.Net;
using System.Text.RegularExpressions;

namespace Ironic.Actors.Hosting.Management;

/// <summary>
/// The member's management endpoint (configuration section <c>Ironic:Management</c>): where it listens, and the secret
/// that leave/down need when it listens beyond loopback. The cluster inspection tool (Ironic.Actors.Cmd) talks to it.
/// </summary>
public sealed partial class ManagementOptions
{
    public const string Section = "Ironic:Management";

    /// <summary>
    /// Where the endpoint listens, as ASP.NET's <c>Urls</c> (several separated by ';'), each with an explicit port that the
    /// Ironic API does not use. Loopback by default; empty switches the endpoint off.
    /// </summary>
    public string Urls { get; set; } = "http://127.0.0.1:6386";

    /// <summary>
    /// Shared secret for leave and down, sent by the tool as header <c>X-Ironic-Management-Secret</c>. Required for them
    /// when the endpoint listens beyond loopback; when set, it is checked on loopback too.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>Longest wait for the cluster's answers (sharding statistics, registry look-ups).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait for each conductor's hostname and group in <c>cluster show</c>.</summary>
    public TimeSpan ConductorTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Serve Prometheus metrics at <c>GET /metrics</c> on this endpoint (OpenTelemetry; false: no metrics at all).</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>How often the gauges that need a query (nodes by provision state, shards and entities) are refreshed.</summary>
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Longest wait for the database's answer in <c>GET /readyz</c>.</summary>
    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Throws <see cref="InvalidOperationException"/> when <see cref="MetricsInterval"/> or <see cref="ReadinessTimeout"/> is not positive.</summary>
    public void CheckDurations()
    {
        if (MetricsInterval <= TimeSpan.Zero)
            throw new InvalidOperationException($"{Section}:MetricsInterval must be more than 0 (switch metrics off with {Section}:Metrics false).");
        if (ReadinessTimeout <= TimeSpan.Zero)
            throw new InvalidOperationException($"{Section}:ReadinessTimeout must be more than 0.");
    }

    /// <summary>The URLs of <see cref="Urls"/>, checked: absolute http(s), explicit port. Throws <see cref="InvalidOperationException"/> otherwise.</summary>
    public IReadOnlyList<Uri> ParseUrls()
    {
        var urls = new List<Uri>();
        foreach (var text in Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel's wildcard hosts ("*", "+") are not valid URI hosts; they mean every interface.
            var parsable = text.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(parsable, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw new InvalidOperationException($"{Section}:Urls: '{text}' is not an http:// or https:// URL.");
            if (!ExplicitPort().IsMatch(parsable) || uri.Port == 0)
                throw new InvalidOperationException($"{Section}:Urls: '{text}' needs an explicit port other than 0.");
            urls.Add(uri);
        }
        return urls;
    }

    /// <summary>True when every URL names a loopback address (127.0.0.0/8, ::1 or localhost).</summary>
    public static bool AllLoopback(IEnumerable<Uri> urls) => urls.All(IsLoopback);

    [GeneratedRegex(@"^https?://(\[[^\]]*\]|[^/:\[]+):[0-9]+(/.*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex ExplicitPort();

    private static bool IsLoopback(Uri url) =>
        url.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
