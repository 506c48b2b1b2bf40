using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Ironic.Actors.Client.Tests.Infrastructure;

/// <summary>
/// Runs the real OpenStack <c>baremetal</c> CLI (python-ironicclient) as a child process against one server. Each
/// run gets the given environment (auth type, endpoint, credentials) on top of the test's own environment with every
/// <c>OS_*</c> variable removed, and a private HOME so that no clouds.yaml or client cache of the machine interferes.
/// Every run is kept in <see cref="Transcript"/> so that a failing test can show what the CLI printed.
/// </summary>
public sealed class BaremetalCli : IDisposable
{
    public const string Executable = "baremetal";

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    private readonly string _path;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly List<CliResult> _transcript = [];
    private readonly object _lock = new();

    public BaremetalCli(string path, IReadOnlyDictionary<string, string> environment)
    {
        _path = path;
        _environment = environment;
        Home = Path.Combine(Path.GetTempPath(), "ironic-client-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Home);
    }

    /// <summary>The private HOME of the CLI runs (deleted on dispose).</summary>
    public string Home { get; }

    /// <summary>The full path of <c>baremetal</c> on PATH, or null when it is not installed.</summary>
    public static string? Locate()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (directory.Length == 0)
                continue;
            var candidate = Path.Combine(directory, Executable);
            if (File.Exists(candidate))
                return candidate;
        }

        return null;
    }

    /// <summary>The runs made by the test with NUnit id <paramref name="testId"/>, as the terminal would have shown them.</summary>
    public string TranscriptOf(string testId)
    {
        lock (_lock)
            return string.Join(Environment.NewLine, _transcript.Where(r => r.TestId == testId));
    }

    /// <summary>Runs <c>baremetal ARGS</c>; <paramref name="environment"/> adds to or overrides (null removes) the CLI's settings.</summary>
    public async Task<CliResult> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = ChildProcess.Isolated(_path, Home, args, closeInput: true);
        foreach (var (key, value) in _environment)
            start.Environment[key] = value;
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                if (value is null)
                    start.Environment.Remove(key);
                else
                    start.Environment[key] = value;
            }
        }

        var run = await ChildProcess.RunAsync(start, DefaultTimeout);
        var result = new CliResult(args, run.ExitCode, run.StdOut, run.StdErr, run.Elapsed, run.TimedOut)
        {
            TestId = TestContext.CurrentContext.Test.ID,
        };
        lock (_lock)
            _transcript.Add(result);
        return result;
    }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync((IReadOnlyList<string>)args);

    /// <summary>Runs and asserts exit code 0.</summary>
    public async Task<CliResult> OkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.That(result.ExitCode, Is.Zero, () => $"The command failed.{Environment.NewLine}{result}");
        return result;
    }

    /// <summary>Runs <c>ARGS -f json</c>, asserts exit code 0 and parses what it printed.</summary>
    public async Task<JsonNode> JsonAsync(params string[] args)
    {
        var result = await OkAsync([.. args, "-f", "json"]);
        try
        {
            return JsonNode.Parse(result.StdOut) ?? throw new FormatException("null");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException)
        {
            Assert.Fail($"The output is not JSON ({e.Message}).{Environment.NewLine}{result}");
            throw;
        }
    }

    /// <summary><see cref="JsonAsync"/> of a command that prints one object (show, create).</summary>
    public async Task<JsonObject> ObjectAsync(params string[] args) => (JsonObject)await JsonAsync(args);

    /// <summary><see cref="JsonAsync"/> of a command that prints rows (list).</summary>
    public async Task<List<JsonObject>> RowsAsync(params string[] args) =>
        ((JsonArray)await JsonAsync(args)).Select(row => (JsonObject)row!).ToList();

    /// <summary>Runs and asserts that the command failed; its message is on stderr.</summary>
    public async Task<CliResult> FailAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.That(result.ExitCode, Is.Not.Zero, () => $"The command should have failed.{Environment.NewLine}{result}");
        Assert.That(result.TimedOut, Is.False, () => $"The command hung.{Environment.NewLine}{result}");
        return result;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>One run of the CLI.</summary>
public sealed record CliResult(IReadOnlyList<string> Args, int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed, bool TimedOut)
{
    /// <summary>The NUnit test that made the run (tests of a fixture may run in parallel).</summary>
    public string? TestId { get; init; }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("$ baremetal ").AppendJoin(' ', Args.Select(Quote)).AppendLine();
        text.Append(CultureInfo.InvariantCulture, $"  exit {(TimedOut ? "(timed out)" : ExitCode)} after {Elapsed.TotalSeconds:0.0} s").AppendLine();
        if (StdOut.Length > 0)
            text.Append("  stdout: ").AppendLine(StdOut.TrimEnd().Replace("\n", "\n          ", StringComparison.Ordinal));
        if (StdErr.Length > 0)
            text.Append("  stderr: ").AppendLine(StdErr.TrimEnd().Replace("\n", "\n          ", StringComparison.Ordinal));
        return text.ToString();
    }

    private static string Quote(string arg) => arg.Length == 0 || arg.Any(char.IsWhiteSpace) || arg.Contains('"') ? $"'{arg}'" : arg;
}
