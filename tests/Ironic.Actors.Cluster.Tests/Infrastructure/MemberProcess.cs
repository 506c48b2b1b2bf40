using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ironic.Actors.Cluster.Tests.Infrastructure;

/// <summary>The loopback ports of one member; kept across restarts, so a restarted member has the same address.</summary>
public sealed record MemberPorts(int Http, int Remoting, int Management);

/// <summary>
/// One cluster member: the real <c>dotnet Ironic.Actors.Server.dll</c> as a child process with a fixed command line.
/// Its output goes, with timestamps, to a log file that spans all its runs (the harness prints it when a test fails).
/// </summary>
public sealed partial class MemberProcess : IAsyncDisposable
{
    private readonly object _logLock = new();
    private readonly IReadOnlyList<string> _arguments;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string _serverDll;
    private StreamWriter? _log;
    private Process? _process;
    private int _starts;

    public MemberProcess(string name, string role, MemberPorts ports, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment, string directory, string serverDll)
    {
        Name = name;
        Role = role;
        Ports = ports;
        _arguments = arguments;
        _environment = environment;
        _serverDll = serverDll;
        Directory.CreateDirectory(directory);
        LogFile = Path.Combine(directory, $"{name}.log");
    }

    /// <summary>conductor-1, gateway-1, ...</summary>
    public string Name { get; }

    /// <summary>"conductor" or "gateway".</summary>
    public string Role { get; }

    public bool IsConductor => Role == "conductor";

    public MemberPorts Ports { get; }

    public Uri HttpAddress => new($"http://127.0.0.1:{Ports.Http.ToString(CultureInfo.InvariantCulture)}/");

    public string RemotingAddress => $"akka.tcp://ironic@127.0.0.1:{Ports.Remoting.ToString(CultureInfo.InvariantCulture)}";

    public string LogFile { get; }

    public bool IsRunning => _process is { HasExited: false };

    public int? ProcessId => IsRunning ? _process!.Id : null;

    /// <summary>When the current (or last) run was started.</summary>
    public DateTime StartedAtUtc { get; private set; }

    public int? LastExitCode { get; private set; }

    /// <summary>Launches the process (a second call after it ended starts it again with the same command line).</summary>
    public void Start()
    {
        if (IsRunning)
            throw new InvalidOperationException($"{Name} is already running.");
        _starts++;
        var start = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(LogFile)!,
        };
        start.ArgumentList.Add(_serverDll);
        foreach (var argument in _arguments)
            start.ArgumentList.Add(argument);
        // The child must not inherit the test host's own web settings.
        foreach (var variable in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS" })
            start.Environment.Remove(variable);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in _environment)
            start.Environment[key] = value;

        var environment = string.Concat(_environment.Select(e => $"{e.Key}={e.Value} "));
        Append($"=== start #{_starts}: {environment}{start.FileName} {string.Join(' ', start.ArgumentList)}");
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                Append(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                Append("[err] " + e.Data);
        };
        _process?.Dispose();
        _process = process;
        StartedAtUtc = DateTime.UtcNow;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>A crash: SIGKILL, then waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        var process = _process;
        if (process is null || process.HasExited)
            return;
        Append($"=== SIGKILL {process.Id}");
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await process.WaitForExitAsync(cts.Token);
        LastExitCode = process.ExitCode;
        Append($"=== exited with code {LastExitCode}");
    }

    /// <summary>A graceful leave: SIGTERM, then waits for the process to exit (it is killed, and this throws, after <paramref name="timeout"/>).</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException($"{Name} was never started.");
        if (process.HasExited)
            return process.ExitCode;
        Append($"=== SIGTERM {process.Id}");
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])
               {
                   UseShellExecute = false,
               })!)
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Append($"=== did not exit within {timeout.TotalSeconds} s of SIGTERM; killing it");
            await KillAsync();
            throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds} s of SIGTERM.");
        }
        LastExitCode = process.ExitCode;
        Append($"=== exited with code {LastExitCode}");
        return process.ExitCode;
    }

    /// <summary>Waits until the process has exited (false when it still runs after <paramref name="timeout"/>).</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        var process = _process;
        if (process is null)
            return true;
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
            LastExitCode = process.ExitCode;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The whole log file (all runs).</summary>
    public string ReadLog()
    {
        lock (_logLock)
        {
            _log?.Flush();
            try
            {
                using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd();
            }
            catch (FileNotFoundException)
            {
                return "";
            }
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of the log.</summary>
    public string LogTail(int lines)
    {
        var all = ReadLog().Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    /// <summary>
    /// The distinct warning, error and exception lines of the log (timestamps, thread and actor ids stripped), each with
    /// how often it occurred, and the harness's own lines (=== start, SIGKILL, test marks): readable when one failure
    /// floods the log.
    /// </summary>
    public string ProblemSummary(int max = 40)
    {
        var lines = ReadLog().Split('\n')
            .Select(l => Noise().Replace(l, "").Trim())
            .Where(l => l.Contains("[WARNING]", StringComparison.Ordinal) || l.Contains("[ERROR]", StringComparison.Ordinal)
                        || l.Contains("Exception:", StringComparison.Ordinal) || l.StartsWith("===", StringComparison.Ordinal))
            .GroupBy(l => l)
            .Select(g => $"{g.Count(),5} x {(g.Key.Length > 300 ? g.Key[..300] + "..." : g.Key)}")
            .Take(max)
            .ToList();
        return lines.Count == 0 ? "(nothing)" : string.Join('\n', lines);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (OperationCanceledException)
        {
            Append("=== still there 15 s after SIGKILL");
        }
        _process?.Dispose();
        _process = null;
        lock (_logLock)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    internal void Append(string line)
    {
        lock (_logLock)
        {
            try
            {
                _log ??= new StreamWriter(new FileStream(LogFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete),
                    new UTF8Encoding(false)) { AutoFlush = true };
                _log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
            }
            catch (IOException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>The <c>dotnet</c> muxer running this test host, else the one the SDK announced, else the PATH one.</summary>
    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            return current;
        var announced = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(announced) && File.Exists(announced) ? announced : "dotnet";
    }

    [GeneratedRegex(@"^\d\d:\d\d:\d\d\.\d{3} |\[\d\d/\d\d/\d{4} [^\]]*\]|\[Thread \d+\]|#-?\d+|Uid=-?\d+|\[err\]\s+")]
    private static partial Regex Noise();
}
