using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace Ironic.Actors.Client.Tests.Infrastructure;

/// <summary>
/// Base of fixtures that drive one real server (started once, on a free loopback port) with the real
/// <c>baremetal</c> CLI. The fixture is ignored, with the reason, only when <c>baremetal</c> is not on PATH
/// (test.sh installs it: Debian package python3-ironicclient). A failing test prints the CLI runs and the server
/// log since it started. Tests of a fixture may run in parallel (each uses its own nodes), so that the CLI's
/// waits (<c>--wait</c> polls every 2 or 10 s) overlap.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public abstract class CliFixture
{
    public const string ConductorHost = "cli-test-host";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _logMarks = new();

    protected ServerProcess Server { get; private set; } = null!;

    protected BaremetalCli Cli { get; private set; } = null!;

    /// <summary>Direct HTTP access to the same server (for set-up and settling, not for what is under test).</summary>
    protected IronicClient Api { get; private set; } = null!;

    /// <summary>Extra server settings (command-line form), e.g. an auth strategy.</summary>
    protected virtual IReadOnlyList<string> ServerArguments => [];

    /// <summary>Credentials for the server's own readiness check when it runs with http_basic.</summary>
    protected virtual AuthenticationHeaderValue? ServerAuthorization => null;

    /// <summary>How the CLI reaches the server; noauth by default.</summary>
    protected virtual IReadOnlyDictionary<string, string> CliEnvironment(string endpoint) => new Dictionary<string, string>
    {
        ["OS_AUTH_TYPE"] = "none",
        ["OS_ENDPOINT"] = endpoint,
    };

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var path = BaremetalCli.Locate();
        if (path is null)
            Assert.Fail($"The OpenStack `{BaremetalCli.Executable}` CLI is not on PATH: these end-to-end client tests need it " +
                        "(Debian package python3-ironicclient; `bash test.sh` installs it when it runs as root with apt-get).");

        if (ServerArguments.Count == 0)
        {
            Server = await SharedServerAsync();
        }
        else
        {
            _ownServer = new ServerProcess(ConductorHost, ServerArguments) { Authorization = ServerAuthorization };
            Server = _ownServer;
            await StartServerAsync(_ownServer);
        }

        Api = new IronicClient(Server.BaseAddress);
        Cli = new BaremetalCli(path!, CliEnvironment(Server.BaseUrl));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        Api?.Dispose();
        Cli?.Dispose();
        if (_ownServer is not null)
            await _ownServer.DisposeAsync();
    }

    private ServerProcess? _ownServer;

    // Fixtures with the default settings share one server (each test uses its own nodes): one start fewer, and one
    // process fewer competing for the CPU with the CLI. It is stopped by SharedServerShutdown after the last fixture.
    private static readonly SemaphoreSlim SharedLock = new(1, 1);
    private static ServerProcess? _shared;

    private static async Task<ServerProcess> SharedServerAsync()
    {
        await SharedLock.WaitAsync();
        try
        {
            if (_shared is { IsRunning: true })
                return _shared;
            if (_shared is not null)
                await _shared.DisposeAsync();
            _shared = new ServerProcess(ConductorHost);
            await StartServerAsync(_shared);
            return _shared;
        }
        finally
        {
            SharedLock.Release();
        }
    }

    internal static async Task StopSharedServerAsync()
    {
        if (_shared is not null)
            await _shared.DisposeAsync();
        _shared = null;
    }

    private static async Task StartServerAsync(ServerProcess server)
    {
        try
        {
            await server.StartAsync();
        }
        catch
        {
            await TestContext.Progress.WriteLineAsync($"---- server log ----{Environment.NewLine}{server.LogTail(300)}");
            throw;
        }
    }

    [SetUp]
    public void Mark() => _logMarks[TestContext.CurrentContext.Test.ID] = Server.LogMark;

    [TearDown]
    public void ShowWhatHappenedOnFailure()
    {
        var test = TestContext.CurrentContext.Test.ID;
        if (TestContext.CurrentContext.Result.Outcome.Status != TestStatus.Failed)
        {
            // IRONIC_CLIENT_TESTS_VERBOSE=1 shows the CLI runs of passing tests too (timings, exact output).
            if (Environment.GetEnvironmentVariable("IRONIC_CLIENT_TESTS_VERBOSE") == "1")
                TestContext.Out.WriteLine($"---- baremetal runs of this test ----{Environment.NewLine}{Cli.TranscriptOf(test)}");
            return;
        }

        TestContext.Out.WriteLine($"---- baremetal runs of this test ----{Environment.NewLine}{Cli.TranscriptOf(test)}");
        var lines = Server.LogSince(_logMarks.GetValueOrDefault(test)).Split(Environment.NewLine);
        TestContext.Out.WriteLine($"---- server log since this test started (tests of a fixture run in parallel; " +
                                  $"last {Math.Min(lines.Length, 200)} of {lines.Length} lines) ----");
        TestContext.Out.WriteLine(string.Join(Environment.NewLine, lines[^Math.Min(lines.Length, 200)..]));
    }

    protected static string UniqueName(string prefix) => NodeSteps.UniqueName(prefix);

    /// <summary><c>baremetal node create --driver fake-hardware --name NAME</c>; returns the node's UUID.</summary>
    protected async Task<string> CreateNodeAsync(string name, params string[] more)
    {
        var node = await Cli.ObjectAsync(["node", "create", "--driver", "fake-hardware", "--name", name, .. more]);
        return Str(node, "uuid");
    }

    /// <summary>A string property, failing clearly when it is missing or not a string.</summary>
    protected static string Str(JsonObject value, string key)
    {
        Assert.That(value[key], Is.Not.Null, () => $"'{key}' missing in {value.ToJsonString()}");
        return value[key]!.GetValue<string>();
    }

    /// <summary>Asserts stderr carries <paramref name="message"/> (as the CLI prints Ironic's faultstring).</summary>
    protected static void ExpectMessage(CliResult result, string message) =>
        Assert.That(result.StdErr, Does.Contain(message), () => $"stderr does not say: {message}{Environment.NewLine}{result}");
}
