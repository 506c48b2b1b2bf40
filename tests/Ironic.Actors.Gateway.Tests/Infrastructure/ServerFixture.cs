using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace Ironic.Actors.Gateway.Tests.Infrastructure;

/// <summary>
/// Base of fixtures whose tests can share one server: started once in OneTimeSetUp, killed and its folder
/// deleted in OneTimeTearDown. When a test fails, the server log written during that test is printed.
/// </summary>
public abstract class ServerFixture
{
    private int _logMark;

    protected ServerProcess Server { get; private set; } = null!;

    protected IronicClient Api { get; private set; } = null!;

    /// <summary><c>http://127.0.0.1:PORT</c>, the base of every link the server renders.</summary>
    protected string BaseUrl => Server.BaseUrl;

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        Server = new ServerProcess(extraArguments: ServerArguments);
        try
        {
            await Server.StartAsync();
            Api = new IronicClient(Server.BaseAddress);
            if (SmokeCheck is { } smoke)
                await ServerSmoke.CheckAsync(Server, smoke == Smoke.CreateGetAndList);
            await OnServerStartedAsync();
        }
        catch (Exception e) when (e is not AssertionException)
        {
            await TestContext.Progress.WriteLineAsync($"---- server log ({Server.ServerDll}) ----{Environment.NewLine}{Server.LogTail(400)}");
            throw;
        }
    }

    /// <summary>Command-line settings the fixture's server starts with (null: the defaults).</summary>
    protected virtual IEnumerable<string>? ServerArguments => null;

    public enum Smoke
    {
        CreateAndGet,
        CreateGetAndList,
    }

    /// <summary>What <see cref="ServerSmoke"/> must prove before the fixture's tests run (null: nothing).</summary>
    protected virtual Smoke? SmokeCheck => Smoke.CreateAndGet;

    /// <summary>Shared set-up that needs the running server (e.g. creating nodes).</summary>
    protected virtual Task OnServerStartedAsync() => Task.CompletedTask;

    [SetUp]
    public void MarkServerLog() => _logMark = Server.LogMark;

    [TearDown]
    public void PrintServerLogOnFailure()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status != TestStatus.Failed)
            return;
        var lines = Server.LogSince(_logMark).Split(Environment.NewLine);
        var shown = lines.Length > 300 ? lines[^300..] : lines;
        TestContext.Out.WriteLine($"---- server log during this test ({lines.Length} lines, last {shown.Length} shown) ----");
        TestContext.Out.WriteLine(string.Join(Environment.NewLine, shown));
    }

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        Api?.Dispose();
        if (Server is not null)
            await Server.DisposeAsync();
    }
}
