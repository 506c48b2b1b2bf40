using System.Globalization;

namespace Ironic.Actors.AgentDouble;

/// <summary>
/// The double's command line: <c>--api URL --macs MAC[,MAC] --workdir DIR [--port N] [--bmc URL --bmc-user U
/// --bmc-password P --bmc-system PATH] [--api-version 1.68] [--lookup-timeout SECONDS] [--write-seconds SECONDS]</c>;
/// <c>--write-seconds</c> makes writing the image take that long (a big image), so that tests can act while it runs.
/// <c>--tls true</c>: the commands are served over https with a certificate made at start, whose PEM goes with every
/// heartbeat as <c>agent_verify_ca</c> (unless <c>--send-ca false</c>); <c>--ca-file PATH</c> sends that file's PEM
/// instead (an agent whose CA changed).
/// </summary>
public sealed record AgentSettings(
    Uri Api, IReadOnlyList<string> Macs, string WorkDir, int Port, Uri? Bmc, string? BmcUser, string? BmcPassword,
    string BmcSystem, string ApiVersion, TimeSpan LookupTimeout, TimeSpan WriteTime)
{
    public bool Tls { get; init; }
    public bool SendCa { get; init; } = true;
    public string? CaFile { get; init; }

    public static AgentSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"Expected an option, got {args[i]}");
            values[args[i][2..]] = args[i + 1];
        }
        string Required(string key) => values.TryGetValue(key, out var v) ? v : throw new ArgumentException($"--{key} is required");
        return new AgentSettings(
            new Uri(Required("api")),
            Required("macs").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Required("workdir"),
            values.TryGetValue("port", out var port) ? int.Parse(port, CultureInfo.InvariantCulture) : 0,
            values.TryGetValue("bmc", out var bmc) ? new Uri(bmc) : null,
            values.GetValueOrDefault("bmc-user"),
            values.GetValueOrDefault("bmc-password"),
            values.GetValueOrDefault("bmc-system") ?? "/redfish/v1/Systems/1",
            values.GetValueOrDefault("api-version") ?? "1.68",
            TimeSpan.FromSeconds(values.TryGetValue("lookup-timeout", out var t) ? double.Parse(t, CultureInfo.InvariantCulture) : 300),
            TimeSpan.FromSeconds(values.TryGetValue("write-seconds", out var w) ? double.Parse(w, CultureInfo.InvariantCulture) : 0))
        {
            Tls = values.TryGetValue("tls", out var tls) && bool.Parse(tls),
            SendCa = !values.TryGetValue("send-ca", out var send) || bool.Parse(send),
            CaFile = values.GetValueOrDefault("ca-file"),
        };
    }
}
