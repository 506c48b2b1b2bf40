using System.Globalization;

namespace Ironic.Actors.Bench.Scale;

/// <summary>
/// What the <c>scale</c> mode measures and against what, from the command line. Without <see cref="Endpoint"/>
/// the mode starts the real server itself (<see cref="ServerDll"/>, found beside this build when not given).
/// </summary>
public sealed record ScaleOptions
{
    /// <summary>Phases that <c>--skip</c> accepts (creating the nodes cannot be skipped: every other phase uses them).</summary>
    public static readonly IReadOnlyList<string> SkippablePhases = ["reads", "pages", "wave", "restart", "cold", "lifecycle", "delete"];

    public const string Usage = """
        usage: Ironic.Actors.Bench scale [options]
          --nodes N            nodes to create (10000)
          --concurrency C      requests in flight (32)
          --reads R            warm single-node GETs (10000)
          --cold-reads R       single-node GETs right after the restart (5000)
          --pages P            pages timed per list query (10)
          --wave W             nodes created while filtered lists run (nodes/10)
          --lifecycle-nodes M  nodes walked enroll -> active (min(nodes, 10000))
          --deletes D          nodes deleted (1000)
          --skip a,b           skip phases: reads, pages, wave, restart, cold, lifecycle, delete
          --endpoint URL       measure a running Ironic instead: no start, restart, RSS or server CPU
          --server-dll PATH    the Ironic.Actors.Server.dll to start (default: the build beside this one)
          --data-dir DIR       the server's data directory, reused and never deleted (default: a temporary one)
          --keep-data          keep the temporary data directory (journal and server.log)
          --postgres CONN      PostgreSQL with this connection string instead of SQLite
          --server-arg X       one more server argument (repeatable), e.g. --server-arg --Ironic:Gateway:MaxLimit
          --version V          API microversion sent (1.78)
          --start-timeout S, --stop-timeout S, --restart-timeout S   deadlines in seconds (120, 120, 1800)
        """;

    public int Nodes { get; init; } = 10_000;
    public int Concurrency { get; init; } = 32;
    public int Reads { get; init; } = 10_000;
    public int ColdReads { get; init; } = 5_000;
    public int Pages { get; init; } = 10;
    public int Wave { get; init; }
    public int LifecycleNodes { get; init; }
    public int Deletes { get; init; } = 1_000;
    public IReadOnlySet<string> Skip { get; init; } = new HashSet<string>();
    public Uri? Endpoint { get; init; }
    public string? ServerDll { get; init; }
    public string? DataDirectory { get; init; }
    public bool KeepData { get; init; }
    public string? Postgres { get; init; }
    public IReadOnlyList<string> ServerArguments { get; init; } = [];
    public string Version { get; init; } = "1.78";
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(120);
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(120);
    public TimeSpan RestartTimeout { get; init; } = TimeSpan.FromSeconds(1800);

    /// <summary>Whether this run starts (and may restart) the server itself.</summary>
    public bool StartsServer => Endpoint is null;

    /// <summary>The storage the server uses, as the report names it.</summary>
    public string Provider => Endpoint is not null ? "external endpoint" : Postgres is not null ? "postgresql" : "sqlite";

    public bool Runs(string phase) => !Skip.Contains(phase);

    /// <summary>Parses the arguments after <c>scale</c>; throws <see cref="ArgumentException"/> with the reason.</summary>
    public static ScaleOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>();
        var serverArguments = new List<string>();
        var skip = new HashSet<string>();
        var keepData = false;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--keep-data")
            {
                keepData = true;
                continue;
            }

            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
                throw new ArgumentException($"expected an option with a value, found '{name}'");
            var value = args[++i];
            switch (name[2..])
            {
                case "server-arg":
                    serverArguments.Add(value);
                    break;
                case "skip":
                    foreach (var phase in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        skip.Add(SkippablePhases.Contains(phase) ? phase : throw new ArgumentException($"--skip: unknown phase '{phase}'"));
                    break;
                case "nodes" or "concurrency" or "reads" or "cold-reads" or "pages" or "wave" or "lifecycle-nodes" or "deletes"
                    or "endpoint" or "server-dll" or "data-dir" or "postgres" or "version"
                    or "start-timeout" or "stop-timeout" or "restart-timeout":
                    values[name[2..]] = value;
                    break;
                default:
                    throw new ArgumentException($"unknown option '{name}'");
            }
        }

        int Int(string name, int fallback, int min = 0)
        {
            if (!values.TryGetValue(name, out var text))
                return fallback;
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n
                : throw new ArgumentException($"--{name}: expected a whole number >= {min}, found '{text}'");
        }

        TimeSpan Seconds(string name, TimeSpan fallback) =>
            values.ContainsKey(name) ? TimeSpan.FromSeconds(Int(name, 0, min: 1)) : fallback;

        var nodes = Int("nodes", 10_000, min: 1);
        var endpoint = values.TryGetValue("endpoint", out var url)
            ? Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var uri) ? uri : throw new ArgumentException($"--endpoint: not a URL: '{url}'")
            : null;
        if (endpoint is not null && (values.ContainsKey("postgres") || values.ContainsKey("data-dir") || serverArguments.Count > 0))
            throw new ArgumentException("--endpoint measures a running server: --postgres, --data-dir and --server-arg do not apply");

        return new ScaleOptions
        {
            Nodes = nodes,
            Concurrency = Int("concurrency", 32, min: 1),
            Reads = Int("reads", 10_000),
            ColdReads = Int("cold-reads", 5_000),
            Pages = Int("pages", 10, min: 1),
            Wave = Int("wave", Math.Max(1, nodes / 10)),
            LifecycleNodes = Int("lifecycle-nodes", Math.Min(nodes, 10_000)),
            Deletes = Int("deletes", 1_000),
            Skip = skip,
            Endpoint = endpoint,
            ServerDll = values.GetValueOrDefault("server-dll"),
            DataDirectory = values.GetValueOrDefault("data-dir"),
            KeepData = keepData,
            Postgres = values.GetValueOrDefault("postgres"),
            ServerArguments = serverArguments,
            Version = values.GetValueOrDefault("version") ?? "1.78",
            StartTimeout = Seconds("start-timeout", TimeSpan.FromSeconds(120)),
            StopTimeout = Seconds("stop-timeout", TimeSpan.FromSeconds(120)),
            RestartTimeout = Seconds("restart-timeout", TimeSpan.FromSeconds(1800)),
        };
    }
}
