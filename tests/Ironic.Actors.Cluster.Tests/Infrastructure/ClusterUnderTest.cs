using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Ironic.Actors.TestKit;

namespace Ironic.Actors.Cluster.Tests.Infrastructure;

/// <summary>What to start: counts and the environment of each role (e.g. <c>Ironic__Hardware__FakeDelays__Deploy=5</c>).</summary>
public sealed class ClusterSpec
{
    public int Conductors { get; init; } = 3;

    public int Gateways { get; init; } = 1;

    public IReadOnlyDictionary<string, string> ConductorEnvironment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> GatewayEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>The conductor group of conductor-1, conductor-2, …; conductors past the list's end serve the default group ("").</summary>
    public IReadOnlyList<string> ConductorGroups { get; init; } = [];

    /// <summary>
    /// Form the cluster by discovery instead of seed nodes: every member bootstraps with the config method, whose contact
    /// points are the conductors' management endpoints (all of them required before a new cluster is formed).
    /// </summary>
    public bool Bootstrap { get; init; }

    /// <summary>
    /// Conductors (by number) that reach the database through a <see cref="BlackHoleProxy"/> of their own, so that a test
    /// can make the journal unreachable for that member alone (<see cref="ClusterUnderTest.DatabaseProxy"/>).
    /// </summary>
    public IReadOnlyList<int> ConductorsBehindProxy { get; init; } = [];

    /// <summary>How long starting (and a restart) may take until the cluster is Up.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(120);
}

/// <summary>
/// A real multi-process cluster: conductor-1..N and gateway-1..G, each <c>dotnet Ironic.Actors.Server.dll</c> on free
/// loopback ports (HTTP, remoting, management), seeded by conductor-1 and conductor-2, sharing a fresh PostgreSQL
/// database of their own. Members can be killed (SIGKILL), stopped (SIGTERM, awaiting exit) and started again on the
/// same ports. Every member's output is kept in a log file; <see cref="Report"/> shows them when a test fails.
/// </summary>
public sealed class ClusterUnderTest : IAsyncDisposable
{
    private readonly ClusterSpec _spec;
    private readonly List<MemberProcess> _members = [];
    private readonly Dictionary<MemberProcess, IronicApi> _apis = [];
    private readonly HashSet<MemberProcess> _meantToRun = [];
    private readonly HashSet<int> _usedPorts = [];
    private readonly List<string> _seeds = [];
    private readonly List<string> _contactPoints = [];
    private readonly string _serverDll;
    private ClusterDatabase? _database;
    private readonly Dictionary<string, BlackHoleProxy> _proxies = [];

    public ClusterUnderTest(ClusterSpec spec, string testName)
    {
        _spec = spec;
        _serverDll = LocateServerDll();
        var safe = new string(testName.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());
        Directory = Path.Combine(Path.GetTempPath(), "ironic-cluster-tests", $"{safe[..Math.Min(safe.Length, 60)]}-{Guid.NewGuid().ToString("N")[..12]}");
        System.IO.Directory.CreateDirectory(Directory);
        KeepFiles = Environment.GetEnvironmentVariable("IRONIC_CLUSTER_TESTS_KEEP_LOGS") is "1" or "true";
    }

    /// <summary>Folder of the members' logs; removed on dispose unless <see cref="KeepFiles"/>.</summary>
    public string Directory { get; }

    /// <summary>Set when a test fails (or by IRONIC_CLUSTER_TESTS_KEEP_LOGS=1), so that the logs stay for inspection.</summary>
    public bool KeepFiles { get; set; }

    public IReadOnlyList<MemberProcess> Members => _members;

    public IReadOnlyList<MemberProcess> Conductors => _members.Where(m => m.IsConductor).ToList();

    public IReadOnlyList<MemberProcess> Gateways => _members.Where(m => !m.IsConductor).ToList();

    /// <summary>conductor-<paramref name="n"/> (1-based).</summary>
    public MemberProcess Conductor(int n) => _members.Single(m => m.Name == $"conductor-{n}");

    /// <summary>gateway-<paramref name="n"/> (1-based).</summary>
    public MemberProcess Gateway(int n = 1) => _members.Single(m => m.Name == $"gateway-{n}");

    /// <summary>The API of gateway-<paramref name="n"/>.</summary>
    public IronicApi Api(int n = 1) => Api(Gateway(n));

    public IronicApi Api(MemberProcess gateway)
    {
        if (!_apis.TryGetValue(gateway, out var api))
            _apis[gateway] = api = new IronicApi(gateway.HttpAddress);
        return api;
    }

    /// <summary>Creates the database, starts every member at once and waits until the cluster is Up.</summary>
    public async Task StartAsync()
    {
        _database = await ClusterDatabase.CreateAsync();
        var conductorPorts = Enumerable.Range(0, _spec.Conductors).Select(_ => NewPorts()).ToList();
        // Every member, conductor-1 too, gets the same seeds: a restarted conductor-1 then joins the others instead of
        // forming a cluster of its own.
        if (!_spec.Bootstrap)
            _seeds.AddRange(conductorPorts.Take(2).Select(p => $"akka.tcp://ironic@127.0.0.1:{p.Remoting.ToString(CultureInfo.InvariantCulture)}"));
        else
            _contactPoints.AddRange(conductorPorts.Select(p => $"127.0.0.1:{p.Management.ToString(CultureInfo.InvariantCulture)}"));
        for (var i = 1; i <= _spec.Conductors; i++)
        {
            if (_spec.ConductorsBehindProxy.Contains(i))
                _proxies[$"conductor-{i}"] = _database.Proxy();
            AddMember($"conductor-{i}", "conductor", conductorPorts[i - 1], _spec.ConductorGroups.ElementAtOrDefault(i - 1) ?? "");
        }
        for (var i = 1; i <= _spec.Gateways; i++)
            AddMember($"gateway-{i}", "gateway", NewPorts());
        foreach (var member in _members)
            Launch(member);
        await WaitUntilUpAsync();
    }

    /// <summary>The relay between <paramref name="member"/> and the database (see <see cref="ClusterSpec.ConductorsBehindProxy"/>).</summary>
    public BlackHoleProxy DatabaseProxy(MemberProcess member) => _proxies[member.Name];

    /// <summary>A further gateway (gateway-G+1), not started yet: <see cref="Launch"/> it.</summary>
    public MemberProcess AddGateway() => AddMember($"gateway-{Gateways.Count + 1}", "gateway", NewPorts());

    /// <summary>Starts (or starts again) a member's process without waiting for anything.</summary>
    public void Launch(MemberProcess member)
    {
        _meantToRun.Add(member);
        member.Start();
    }

    /// <summary>SIGKILL: the member crashes.</summary>
    public async Task KillAsync(MemberProcess member)
    {
        _meantToRun.Remove(member);
        await member.KillAsync();
    }

    /// <summary>SIGTERM: the member leaves gracefully; returns once its process has exited.</summary>
    public async Task StopAsync(MemberProcess member, TimeSpan? timeout = null)
    {
        _meantToRun.Remove(member);
        await member.StopAsync(timeout ?? TimeSpan.FromSeconds(60));
    }

    /// <summary>Starts a stopped or killed member again on the same ports and waits until the cluster is Up with it.</summary>
    public async Task RestartAsync(MemberProcess member)
    {
        Launch(member);
        await WaitUntilUpAsync();
    }

    /// <summary>
    /// Waits until every member meant to run still runs, and every running gateway answers and lists every running
    /// conductor with <c>alive: true</c>. A member that exited on its own fails this at once, with its log's tail.
    /// </summary>
    public async Task WaitUntilUpAsync(TimeSpan? timeout = null)
    {
        var last = "";
        await Poll.UntilAsync("the cluster is Up (every gateway lists every running conductor alive)", timeout ?? _spec.StartTimeout, async () =>
        {
            foreach (var member in _meantToRun.Where(m => !m.IsRunning))
                throw new InvalidOperationException(
                    $"{member.Name} exited (code {member.LastExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?"}) while the cluster was starting:\n{member.LogTail(40)}");
            var conductors = _meantToRun.Where(m => m.IsConductor).Select(m => m.Name).ToList();
            foreach (var gateway in _meantToRun.Where(m => !m.IsConductor))
            {
                var listed = await Api(gateway).ConductorsAsync(TimeSpan.FromSeconds(5));
                last = $"{gateway.Name}: {(listed is null ? "no answer" : string.Join(", ", listed.Select(c => $"{c.Key}={c.Value}")))}";
                if (listed is null || conductors.Any(c => !listed.TryGetValue(c, out var alive) || !alive))
                    return false;
            }
            return true;
        }, TimeSpan.FromMilliseconds(250), () => last);
    }

    /// <summary>Every member's log: its warnings and errors summed up, then its last lines.</summary>
    public string Report(int tailLines = 60)
    {
        var text = new StringBuilder();
        text.AppendLine($"Cluster logs in {Directory}{(KeepFiles ? " (kept)" : "")}; database {_database?.Name}");
        foreach (var member in _members)
        {
            text.AppendLine($"===== {member.Name} ({member.Role}; http {member.Ports.Http}, remoting {member.Ports.Remoting}, " +
                            $"management {member.Ports.Management}; {(member.IsRunning ? $"running, pid {member.ProcessId}" : $"exited {member.LastExitCode}")}) {member.LogFile}");
            text.AppendLine("--- harness actions, warnings and errors (distinct, with counts):");
            text.AppendLine(member.ProblemSummary());
            text.AppendLine($"--- last {tailLines} lines:");
            text.AppendLine(member.LogTail(tailLines));
        }
        return text.ToString();
    }

    /// <summary>Writes <paramref name="line"/> into every member's log (to line up the test's actions with what members did).</summary>
    public void Mark(string line)
    {
        foreach (var member in _members)
            member.Append($"=== test: {line}");
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_members.Select(async m => await m.DisposeAsync()));
        foreach (var api in _apis.Values)
            api.Dispose();
        foreach (var proxy in _proxies.Values)
            await proxy.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
        if (!KeepFiles)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private MemberPorts NewPorts() => new(NextPort(), NextPort(), NextPort());

    private MemberProcess AddMember(string name, string role, MemberPorts ports, string conductorGroup = "")
    {
        var database = _database ?? throw new InvalidOperationException("Start the cluster first.");
        var arguments = new List<string>
        {
            "--urls", $"http://127.0.0.1:{ports.Http.ToString(CultureInfo.InvariantCulture)}",
            "--Ironic:Roles:0", role,
            // The server's appsettings.json lists two roles and configuration merges lists by index: without an empty
            // second entry a gateway would also be a conductor.
            "--Ironic:Roles:1=",
            "--Ironic:Cluster:Hostname", "127.0.0.1",
            "--Ironic:Cluster:Port", ports.Remoting.ToString(CultureInfo.InvariantCulture),
            "--Ironic:Conductor:Host", name,
            "--Ironic:Persistence:Provider", "postgresql",
            "--Ironic:Persistence:ConnectionString",
            _proxies.TryGetValue(name, out var proxy) ? database.ConnectionStringThrough(proxy) : database.ConnectionString,
            "--Ironic:Management:Urls", $"http://127.0.0.1:{ports.Management.ToString(CultureInfo.InvariantCulture)}",
        };
        if (conductorGroup.Length > 0)
            arguments.AddRange(["--Ironic:Conductor:ConductorGroup", conductorGroup]);
        if (_contactPoints.Count > 0)
        {
            arguments.AddRange(["--Ironic:Cluster:Discovery:Method", "config", "--Ironic:Cluster:Discovery:StableMargin", "2",
                "--Ironic:Cluster:Discovery:RequiredContactPoints", _contactPoints.Count.ToString(CultureInfo.InvariantCulture)]);
            for (var i = 0; i < _contactPoints.Count; i++)
                arguments.AddRange([$"--Ironic:Cluster:Discovery:Endpoints:{i.ToString(CultureInfo.InvariantCulture)}", _contactPoints[i]]);
        }
        for (var i = 0; i < _seeds.Count; i++)
        {
            arguments.Add($"--Ironic:Cluster:SeedNodes:{i.ToString(CultureInfo.InvariantCulture)}");
            arguments.Add(_seeds[i]);
        }
        var member = new MemberProcess(name, role, ports, arguments,
            role == "conductor" ? _spec.ConductorEnvironment : _spec.GatewayEnvironment, Directory, _serverDll);
        _members.Add(member);
        return member;
    }

    /// <summary>A loopback port free now and not handed to another member of this cluster.</summary>
    private int NextPort()
    {
        while (true)
        {
            var port = FreePort.NextTcp();
            if (_usedPorts.Add(port))
                return port;
        }
    }

    /// <summary>
    /// The server as built in src/Ironic.Actors.Server/bin/&lt;this configuration&gt;/net10.0 (with its own appsettings.json),
    /// else the copy the project reference put beside the tests.
    /// </summary>
    private static string LocateServerDll()
    {
        const string dll = "Ironic.Actors.Server.dll";
        var candidates = new List<string>();
        var configuration = typeof(ClusterUnderTest).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration;
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (!File.Exists(Path.Combine(directory.FullName, "Ironic.Actors.sln")))
                continue;
            var framework = new DirectoryInfo(AppContext.BaseDirectory).Name;
            foreach (var config in new[] { configuration, "Release", "Debug" }.Where(c => !string.IsNullOrEmpty(c)).Distinct())
                candidates.Add(Path.Combine(directory.FullName, "src", "Ironic.Actors.Server", "bin", config!, framework));
            break;
        }
        candidates.Add(AppContext.BaseDirectory);
        foreach (var directory in candidates)
        {
            if (File.Exists(Path.Combine(directory, dll)) && File.Exists(Path.Combine(directory, "Ironic.Actors.Server.runtimeconfig.json")))
                return Path.GetFullPath(Path.Combine(directory, dll));
        }
        throw new FileNotFoundException($"{dll} was not found in any of: {string.Join(", ", candidates)}. Build src/Ironic.Actors.Server first.");
    }
}
