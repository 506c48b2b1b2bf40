using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using Ironic.Actors.TestKit;

namespace Ironic.Actors.Gateway.Tests.Infrastructure;

/// <summary>
/// The real Ironic.Actors.Server executable as a child process (<c>dotnet Ironic.Actors.Server.dll</c>) on a free
/// loopback port, with its own temporary data directory and message-serialization checks switched on.
/// Its stdout and stderr are kept (in memory and in a file) so that a failing test can show them.
/// </summary>
/// <remarks>
/// Start it again after <see cref="StopAsync"/> or <see cref="KillAsync"/> to restart it on the same data directory
/// (and, when still free, the same port). <see cref="DisposeAsync"/> kills what is still running and deletes the folder.
/// </remarks>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ConductorReadyTimeout = TimeSpan.FromSeconds(20);

    /// <summary>At most this many log lines are kept in memory (the log file keeps everything).</summary>
    private const int MaxLogLines = 20_000;

    private readonly object _logLock = new();
    private readonly List<string> _log = [];
    private readonly string _logFile;
    private StreamWriter? _logWriter;
    private int _droppedLogLines;
    private bool _logClosed;
    private readonly IReadOnlyList<string> _extraArguments;
    private Process? _process;
    private int _starts;

    public ServerProcess(string conductorHost = "gw-test-host", IEnumerable<string>? extraArguments = null)
    {
        ConductorHost = conductorHost;
        _extraArguments = extraArguments?.ToList() ?? [];
        RootDirectory = Path.Combine(Path.GetTempPath(), "ironic-gateway-tests", Guid.NewGuid().ToString("N"));
        DataDirectory = Path.Combine(RootDirectory, "data");
        Directory.CreateDirectory(DataDirectory);
        _logFile = Path.Combine(RootDirectory, "server.log");
        ServerDll = LocateServerDll();
    }

    /// <summary>Temporary folder owned by this instance (data directory and log file); deleted on dispose.</summary>
    public string RootDirectory { get; }

    /// <summary>The SQLite data directory handed to the server; kept across restarts.</summary>
    public string DataDirectory { get; }

    /// <summary>The conductor hostname the server is configured with (Ironic's [DEFAULT]host).</summary>
    public string ConductorHost { get; }

    /// <summary>Full path of the Ironic.Actors.Server.dll being run.</summary>
    public string ServerDll { get; }

    /// <summary>
    /// Sent by the start-up readiness check of the conductor (<c>GET /v1/drivers</c>) when the server is started with
    /// <c>--Ironic:Gateway:AuthStrategy http_basic</c>; null sends none.
    /// </summary>
    public System.Net.Http.Headers.AuthenticationHeaderValue? Authorization { get; init; }

    /// <summary>The loopback port of the current (or last) run; 0 before the first start.</summary>
    public int Port { get; private set; }

    /// <summary>
    /// The loopback port of the member's management endpoint (<c>Ironic:Management:Urls</c>) in the current run: a free one
    /// of its own, so that servers started side by side do not all claim the default 6386.
    /// </summary>
    public int ManagementPort { get; private set; }

    /// <summary><c>http://127.0.0.1:PORT</c> of the current run (no trailing slash).</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public Uri BaseAddress => new(BaseUrl + "/");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Process id of the current run.</summary>
    public int? ProcessId => IsRunning ? _process!.Id : null;

    /// <summary>Number of log lines so far; pass it to <see cref="LogSince"/> later.</summary>
    public int LogMark
    {
        get
        {
            lock (_logLock)
                return _droppedLogLines + _log.Count;
        }
    }

    /// <summary>The file that receives the whole log (deleted with <see cref="RootDirectory"/>).</summary>
    public string LogFile => _logFile;

    /// <summary>The whole captured log (all runs).</summary>
    public string Log => LogSince(0);

    /// <summary>The log lines captured after <paramref name="mark"/> (a value of <see cref="LogMark"/>).</summary>
    public string LogSince(int mark)
    {
        lock (_logLock)
        {
            var skip = Math.Clamp(mark - _droppedLogLines, 0, _log.Count);
            var dropped = mark < _droppedLogLines ? $"({_droppedLogLines - mark} older lines only in {_logFile}){Environment.NewLine}" : "";
            return dropped + string.Join(Environment.NewLine, _log.Skip(skip));
        }
    }

    /// <summary>
    /// The distinct error and exception lines of the in-memory log (timestamps, thread ids and actor ids stripped),
    /// each with how often it occurred: a readable summary when the log is flooded by one failure.
    /// </summary>
    public string ErrorSummary(int max = 20)
    {
        List<string> lines;
        lock (_logLock)
        {
            // The file has every line; the in-memory buffer may have dropped the first ones.
            try
            {
                using var stream = new FileStream(_logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                lines = reader.ReadToEnd().Split('\n').ToList();
            }
            catch (IOException)
            {
                lines = _log.ToList();
            }
        }

        var errors = lines
            .Select(l => l.Length > 13 ? l[13..] : l)
            .Where(l => l.Contains("[ERROR]", StringComparison.Ordinal) || l.Contains("Exception:", StringComparison.Ordinal)
                        || l.Contains("Exception :", StringComparison.Ordinal))
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"\[\d\d/\d\d/\d{4} [^\]]*\]|\[Thread \d+\]|#-?\d+|\[(out|err)\]\s+", ""))
            .Select(l => l.Trim())
            .GroupBy(l => l)
            .Select(g => $"{g.Count(),6} x {(g.Key.Length > 400 ? g.Key[..400] + "..." : g.Key)}")
            .Take(max)
            .ToList();
        return errors.Count == 0 ? "(no error lines)" : string.Join(Environment.NewLine, errors);
    }

    /// <summary>The last <paramref name="lines"/> lines of the log.</summary>
    public string LogTail(int lines = 200)
    {
        lock (_logLock)
            return string.Join(Environment.NewLine, _log.Skip(Math.Max(0, _log.Count - lines)));
    }

    /// <summary>
    /// Starts the server (or starts it again on the same data directory) and waits until <c>GET /</c> answers 200,
    /// then (best effort) until <c>GET /v1/drivers</c> lists fake-hardware served by <see cref="ConductorHost"/>.
    /// </summary>
    public async Task StartAsync(TimeSpan? timeout = null)
    {
        if (IsRunning)
            throw new InvalidOperationException("The server is already running.");

        var deadline = DateTime.UtcNow + (timeout ?? DefaultStartTimeout);
        // Reuse the previous port on a restart (links then stay the same); a fresh one if that fails.
        var port = Port != 0 ? Port : FreePort.NextTcp();
        if (ManagementPort == 0)
            ManagementPort = FreePort.NextTcp();
        for (var attempt = 1; ; attempt++)
        {
            Port = port;
            var mark = LogMark;
            Launch();
            var outcome = await WaitUntilAnsweringAsync(deadline);
            if (outcome == StartOutcome.Answering)
                break;
            var addressInUse = LogSince(mark).Contains("address already in use", StringComparison.OrdinalIgnoreCase);
            if (outcome == StartOutcome.Exited && addressInUse && attempt < 4 && DateTime.UtcNow < deadline)
            {
                AppendLog($"=== port {Port} was taken; retrying on another port");
                port = FreePort.NextTcp();
                ManagementPort = FreePort.NextTcp();
                continue;
            }

            await KillQuietlyAsync();
            throw new InvalidOperationException(
                outcome == StartOutcome.Exited
                    ? $"Ironic.Actors.Server exited with code {LastExitCode} before answering GET / on {BaseUrl}.{Environment.NewLine}{LogTail()}"
                    : $"Ironic.Actors.Server did not answer GET / on {BaseUrl} in time.{Environment.NewLine}{LogTail()}");
        }

        await WaitForConductorAsync();
    }

    /// <summary>Exit code of the last run that ended.</summary>
    public int? LastExitCode { get; private set; }

    /// <summary>
    /// Graceful stop: SIGTERM, then waits for the process to exit. If it does not exit in time it is killed and
    /// a <see cref="TimeoutException"/> is thrown. Returns the exit code.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        var process = _process ?? throw new InvalidOperationException("The server was never started.");
        if (process.HasExited)
            return process.ExitCode;

        AppendLog($"=== sending SIGTERM to {process.Id}");
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])
               {
                   UseShellExecute = false,
               })!)
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(timeout ?? DefaultStopTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            AppendLog("=== the server did not exit after SIGTERM; killing it");
            await KillQuietlyAsync();
            throw new TimeoutException(
                $"Ironic.Actors.Server did not exit within {(timeout ?? DefaultStopTimeout).TotalSeconds} s of SIGTERM.{Environment.NewLine}{LogTail()}");
        }

        LastExitCode = process.ExitCode;
        AppendLog($"=== exited with code {LastExitCode}");
        return process.ExitCode;
    }

    /// <summary>Hard crash: SIGKILL, then waits for the process to be gone.</summary>
    public async Task KillAsync()
    {
        AppendLog("=== sending SIGKILL");
        await KillQuietlyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillQuietlyAsync();
        _process?.Dispose();
        _process = null;
        lock (_logLock)
        {
            _logWriter?.Dispose();
            _logWriter = null;
            _logClosed = true;
        }

        for (var i = 0; i < 5 && Directory.Exists(RootDirectory); i++)
        {
            try
            {
                Directory.Delete(RootDirectory, recursive: true);
            }
            catch (IOException)
            {
                await Task.Delay(200);
            }
            catch (UnauthorizedAccessException)
            {
                await Task.Delay(200);
            }
        }
    }

    private enum StartOutcome
    {
        Answering,
        Exited,
        TimedOut,
    }

    private void Launch()
    {
        _starts++;
        var start = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            // The server reads appsettings.json from its content root, which is the working directory.
            WorkingDirectory = Path.GetDirectoryName(ServerDll)!,
        };
        start.ArgumentList.Add(ServerDll);
        foreach (var argument in ServerArguments())
            start.ArgumentList.Add(argument);
        // Keep the child independent of how the test host itself was configured.
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        start.Environment.Remove("ASPNETCORE_HTTPS_PORTS");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        AppendLog($"=== start #{_starts}: {start.FileName} {string.Join(' ', start.ArgumentList)}");
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                AppendLog("[out] " + e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                AppendLog("[err] " + e.Data);
        };
        _process?.Dispose();
        _process = process;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private IEnumerable<string> ServerArguments()
    {
        yield return "--urls";
        yield return BaseUrl;
        yield return "--Ironic:Persistence:DataDirectory";
        yield return DataDirectory;
        // Fail fast: a gateway that waits 30 s for a stuck actor would make a broken build take forever to test.
        yield return "--Ironic:Gateway:AskTimeout";
        yield return "00:00:10";
        yield return "--Ironic:Conductor:Host";
        yield return ConductorHost;
        // The conductor's periodic work (power sync, time-outs) runs on wall-clock minute boundaries and may change
        // nodes between a test's requests; tests of it switch it on again through their extra arguments.
        yield return "--Ironic:Conductor:SyncPowerStateInterval";
        yield return "0";
        yield return "--Ironic:Conductor:PowerFailureRecoveryInterval";
        yield return "0";
        yield return "--Ironic:Conductor:CheckProvisionStateInterval";
        yield return "0";
        yield return "--Ironic:Management:Urls";
        yield return $"http://127.0.0.1:{ManagementPort.ToString(CultureInfo.InvariantCulture)}";
        // A new store's start rehearses writes on a scratch store for seconds of CPU (WriteRehearsalTests switches it on).
        yield return "--Ironic:Gateway:WarmUpRehearsalNodes";
        yield return "0";
        foreach (var argument in _extraArguments)
            yield return argument;
    }

    private async Task<StartOutcome> WaitUntilAnsweringAsync(DateTime deadline)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var process = _process!;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync();
                LastExitCode = process.ExitCode;
                return StartOutcome.Exited;
            }

            try
            {
                using var response = await http.GetAsync(BaseUrl + "/");
                if ((int)response.StatusCode == 200)
                    return StartOutcome.Answering;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        return StartOutcome.TimedOut;
    }

    /// <summary>
    /// The HTTP side may answer before the conductor has joined; creating a node would then fail. Waits (bounded,
    /// best effort) until the driver list shows fake-hardware served by our conductor host. Tests that check the
    /// driver list itself still fail on their own if it never does.
    /// </summary>
    private async Task WaitForConductorAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.TryAddWithoutValidation(IronicClient.VersionHeader, IronicClient.DefaultVersion);
        http.DefaultRequestHeaders.Authorization = Authorization;
        var deadline = DateTime.UtcNow + ConductorReadyTimeout;
        while (DateTime.UtcNow < deadline && IsRunning)
        {
            try
            {
                using var response = await http.GetAsync("v1/drivers");
                var body = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode == 200 && body.Contains(ConductorHost, StringComparison.Ordinal))
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        AppendLog($"=== readiness: GET /v1/drivers did not list conductor {ConductorHost} within {ConductorReadyTimeout.TotalSeconds} s; continuing");
    }

    private async Task KillQuietlyAsync()
    {
        var process = _process;
        if (process is null)
            return;
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await process.WaitForExitAsync(cts.Token);
            LastExitCode = process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        catch (OperationCanceledException)
        {
            AppendLog("=== the server process did not disappear within 15 s of SIGKILL");
        }
    }

    private void AppendLog(string line)
    {
        var stamped = $"{DateTime.UtcNow:HH:mm:ss.fff} {line}";
        lock (_logLock)
        {
            _log.Add(stamped);
            if (_log.Count > MaxLogLines)
            {
                var drop = _log.Count - MaxLogLines / 2;
                _log.RemoveRange(0, drop);
                _droppedLogLines += drop;
            }

            if (_logClosed)
                return;
            try
            {
                _logWriter ??= new StreamWriter(_logFile, append: true, Encoding.UTF8) { AutoFlush = true };
                _logWriter.WriteLine(stamped);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
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
        if (!string.IsNullOrEmpty(announced) && File.Exists(announced))
            return announced;
        return "dotnet";
    }

    /// <summary>
    /// The server as copied next to the tests by the project reference (when it is runnable there), else
    /// src/Ironic.Actors.Server/bin/&lt;this configuration&gt;/net10.0, else the other configuration.
    /// </summary>
    private static string LocateServerDll()
    {
        const string dll = "Ironic.Actors.Server.dll";
        const string runtimeConfig = "Ironic.Actors.Server.runtimeconfig.json";
        var candidates = new List<string> { AppContext.BaseDirectory };

        var configuration = typeof(ServerProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration;
        var repository = FindRepositoryRoot();
        if (repository is not null)
        {
            var bin = Path.Combine(repository, "src", "Ironic.Actors.Server", "bin");
            var framework = new DirectoryInfo(AppContext.BaseDirectory).Name; // net10.0
            foreach (var config in new[] { configuration, "Release", "Debug" }.Where(c => !string.IsNullOrEmpty(c)).Distinct())
                candidates.Add(Path.Combine(bin, config!, framework));
        }

        foreach (var directory in candidates)
        {
            if (File.Exists(Path.Combine(directory, dll)) && File.Exists(Path.Combine(directory, runtimeConfig)))
                return Path.GetFullPath(Path.Combine(directory, dll));
        }

        throw new FileNotFoundException(
            $"{dll} (with {runtimeConfig}) was not found in any of: {string.Join(", ", candidates)}. Build src/Ironic.Actors.Server first.");
    }

    private static string? FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ironic.Actors.sln")))
                return directory.FullName;
        }

        return null;
    }
}
