using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Ironic.Actors.TestKit;

namespace Ironic.Actors.Bench.Scale;

/// <summary>
/// The real Ironic.Actors.Server as a child process (<c>dotnet Ironic.Actors.Server.dll</c>) on a free loopback
/// port, with the benchmark's data directory; its stdout and stderr are appended to <see cref="LogFile"/>.
/// It can be stopped gracefully (SIGTERM) and started again on the same data; disposing kills what still runs.
/// </summary>
internal sealed class ServerUnderTest : IAsyncDisposable
{
    public const string ConductorHost = "bench-host";

    private const int SigTerm = 15;

    private readonly string _dll;
    private readonly string _dataDirectory;
    private readonly IReadOnlyList<string> _arguments;
    private readonly object _logLock = new();
    private StreamWriter? _log;
    private Process? _process;

    public ServerUnderTest(string dll, string dataDirectory, string logFile, IReadOnlyList<string> arguments)
    {
        _dll = dll;
        _dataDirectory = dataDirectory;
        _arguments = arguments;
        LogFile = logFile;
        _log = new StreamWriter(logFile, append: true, new UTF8Encoding(false)) { AutoFlush = true };
    }

    public string LogFile { get; }

    /// <summary><c>http://127.0.0.1:PORT/</c> of the current run.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Time since the current run's process was started.</summary>
    public Stopwatch SinceStart { get; } = new();

    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    public bool HasExited => _process is null || _process.HasExited;

    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    /// <summary>Resident memory of the running server (VmRSS), or null.</summary>
    public long? ResidentBytes => ProcessId is { } pid ? ProcStats.ResidentBytes(pid) : null;

    /// <summary>Peak resident memory of the current run (VmHWM), or null.</summary>
    public long? PeakResidentBytes => ProcessId is { } pid ? ProcStats.PeakResidentBytes(pid) : null;

    /// <summary>CPU time the current run has used, or null.</summary>
    public TimeSpan? CpuTime => ProcessId is { } pid ? ProcStats.CpuTime(pid) : null;

    /// <summary>
    /// Environment settings the README's "Runtime settings for a server" recommends, which the runtime reads only from the environment:
    /// <c>DOTNET_TC_CallCountingDelayMs=0</c> promotes hot methods to optimized code as soon as they are hot, where the
    /// default waits for 100 ms without new methods, which a busy server rarely has (its first tens of thousands of
    /// creates then ran partly unoptimized: ~1.1–1.5 ms of CPU each, against ~0.8 with the setting).
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string Value)> RecommendedRuntimeSettings = [("DOTNET_TC_CallCountingDelayMs", "0")];

    /// <summary>Starts the process on a fresh free port; returns at once (readiness is the caller's to poll).</summary>
    public void Start()
    {
        if (!HasExited)
            throw new InvalidOperationException("The server is already running.");
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort.NextTcp()}/");
        var start = new ProcessStartInfo(ServerLocator.DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _dataDirectory,
        };
        start.ArgumentList.Add(_dll);
        foreach (var argument in new[] { "--urls", BaseAddress.ToString().TrimEnd('/'), "--Ironic:Persistence:DataDirectory", _dataDirectory,
                     "--Ironic:Conductor:Host", ConductorHost, "--Ironic:Management:Urls", $"http://127.0.0.1:{FreePort.NextTcp()}" }.Concat(_arguments))
            start.ArgumentList.Add(argument);
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        start.Environment.Remove("ASPNETCORE_HTTPS_PORTS");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // The runtime setting the README recommends for a server (tier hot code up at once), unless the caller chose.
        foreach (var (name, value) in RecommendedRuntimeSettings)
            if (string.IsNullOrEmpty(start.Environment.TryGetValue(name, out var given) ? given : null))
                start.Environment[name] = value;

        Log($"=== start: {start.FileName} {string.Join(' ', start.ArgumentList.Select(Redact))}");
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Log(e.Data);
        process.ErrorDataReceived += (_, e) => Log(e.Data);
        _process?.Dispose();
        _process = process;
        SinceStart.Restart();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>
    /// Graceful stop: SIGTERM, then waits for the exit. Returns how long that took; past <paramref name="timeout"/>
    /// the process is killed and <see cref="TimeoutException"/> thrown.
    /// </summary>
    public async Task<TimeSpan> StopAsync(TimeSpan timeout, CancellationToken ct)
    {
        var process = _process ?? throw new InvalidOperationException("The server was never started.");
        var took = Stopwatch.StartNew();
        Log($"=== SIGTERM to {process.Id}");
        if (!process.HasExited && Kill(process.Id, SigTerm) != 0)
            throw new InvalidOperationException($"kill({process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await KillAsync();
            throw new TimeoutException($"the server did not exit within {timeout.TotalSeconds:0} s of SIGTERM; killed");
        }

        Log($"=== exited with code {process.ExitCode} after {took.Elapsed.TotalSeconds:0.00} s");
        return took.Elapsed;
    }

    /// <summary>SIGKILL (whole process tree) and wait until it is gone; nothing when it is not running.</summary>
    public async Task KillAsync()
    {
        var process = _process;
        if (process is null)
            return;
        try
        {
            if (!process.HasExited)
            {
                Log("=== SIGKILL");
                process.Kill(entireProcessTree: true);
            }

            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await process.WaitForExitAsync(limit.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            Log($"=== could not kill the server: {e.Message}");
        }
    }

    /// <summary>Last resort from a process-exit handler: kill without waiting.</summary>
    public void KillNow()
    {
        try
        {
            if (_process is { HasExited: false } p)
                p.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        _process = null;
        lock (_logLock)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    private void Log(string? line)
    {
        if (line is null)
            return;
        lock (_logLock)
            _log?.WriteLine(line);
    }

    /// <summary>Hides a PostgreSQL password in the logged command line.</summary>
    private static string Redact(string argument) =>
        System.Text.RegularExpressions.Regex.Replace(argument, "(?i)(password=)[^;]*", "$1***");

    // DllImport rather than LibraryImport: the generated LibraryImport stub needs unsafe code enabled.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
