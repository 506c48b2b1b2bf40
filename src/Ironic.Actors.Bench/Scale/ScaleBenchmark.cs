using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Ironic.Actors.Bench.Scale;

/// <summary>
/// The <c>scale</c> mode: starts the real server (or uses <c>--endpoint</c>), runs the phases in order — create,
/// warm reads, list pages, lists while creating, restart to lists-ready, cold reads, lifecycle pass, deletes — each
/// printed as one line when it ends, then a markdown table of them all. Exit code 0 only when no operation failed
/// (2: bad arguments, 130: cancelled). The server is always killed at the end; its log is in the data directory.
/// </summary>
public static class ScaleBenchmark
{
    /// <summary>Runs from the command line: Ctrl-C or SIGTERM cancels the run (the server is still stopped).</summary>
    public static async Task<int> RunFromConsoleAsync(IReadOnlyList<string> args)
    {
        using var cancel = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            cancel.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        return await RunAsync(args, Console.Out, cancel.Token);
    }

    /// <summary>Runs the scale mode with the arguments after <c>scale</c>, printing to <paramref name="output"/>.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        output = TextWriter.Synchronized(output);
        if (args.Contains("--help") || args.Contains("-h"))
        {
            output.WriteLine(ScaleOptions.Usage);
            return 0;
        }

        ScaleOptions options;
        try
        {
            options = ScaleOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            output.WriteLine($"scale: {e.Message}");
            output.WriteLine(ScaleOptions.Usage);
            return 2;
        }

        var failures = new FailureLog(output);
        var report = new ScaleReport(output);
        var started = DateTime.UtcNow;
        var serverName = $"endpoint {options.Endpoint}";
        BenchDataDirectory? data = null;
        ServerUnderTest? server = null;
        var cancelled = false;
        EventHandler killOnExit = (_, _) => server?.KillNow();
        AppDomain.CurrentDomain.ProcessExit += killOnExit;
        try
        {
            if (options.StartsServer)
            {
                var dll = ServerLocator.Find(options.ServerDll);
                serverName = $"Ironic.Actors.Server {VersionOf(dll)}, all-in-one, started by the bench";
                data = new BenchDataDirectory(options.DataDirectory, options.KeepData);
                output.WriteLine($"server {dll}; data directory {data.Path}");
                server = new ServerUnderTest(dll, data.Path, data.LogFile, ServerArguments(options));
                server.Start();
            }

            using var http = new ScaleHttp(server?.BaseAddress ?? options.Endpoint!, options.Concurrency, options.Version);
            await Readiness.ApiAnswersAsync(http, server, options.StartTimeout, ct);
            if (server is not null)
            {
                await Readiness.ConductorListedAsync(http, ServerUnderTest.ConductorHost, server, options.StartTimeout, ct);
                output.WriteLine($"server ready on {server.BaseAddress} after {server.SinceStart.Elapsed.TotalSeconds:0.00} s; RSS {ProcStats.Mib(server.ResidentBytes)}");
            }

            var warm = await ClientWarmUp.RunAsync(http, options.Concurrency, options.Version, ct);
            output.WriteLine($"client warmed up (untimed): {warm.CannedRequests} requests to a canned responder in its own process ({warm.Rounds} rounds), " +
                             $"then GET /v1 {ClientWarmUp.Requests} times and " +
                             (warm.CompilerQuiet ? "its runtime's compiler quiet" : "its runtime's compiler still busy after the wait") +
                             $", in {warm.Took.TotalSeconds:0.00} s");
            await RunPhasesAsync(new ScaleContext(options, http, server, failures, report), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            cancelled = true;
            output.WriteLine("scale: cancelled");
        }
        catch (Exception e)
        {
            failures.Record("run", e, print: true);
            output.WriteLine("scale: stopped early; the remaining phases did not run");
        }
        finally
        {
            if (server is not null)
            {
                if (!server.HasExited)
                    report.Footnote($"Server at the end: RSS {ProcStats.Mib(server.ResidentBytes)}, peak {ProcStats.Mib(server.PeakResidentBytes)} since its last start.");
                else if (failures.For("run") == 0)
                    failures.Record("server", new InvalidOperationException($"the server exited early (code {server.ExitCode}); see its log"), print: true);
                await server.DisposeAsync();
            }

            AppDomain.CurrentDomain.ProcessExit -= killOnExit;
            if (data?.CleanUp(failed: cancelled || failures.Total > 0) is { } kept)
                output.WriteLine(kept);
        }

        output.WriteLine();
        output.Write(report.Markdown("Ironic.Actors scale benchmark", Header(options, started, serverName)));
        output.WriteLine(failures.Total == 0 ? "scale: no failures" : $"scale: {failures.Total} failures");
        return cancelled ? 130 : failures.Total == 0 ? 0 : 1;
    }

    private static async Task RunPhasesAsync(ScaleContext ctx, CancellationToken ct)
    {
        var phases = new (string Key, Func<Task> Run)[]
        {
            ("create", () => CreatePhases.RunAsync(ctx, ct)),
            ("reads", () => ReadPhases.WarmAsync(ctx, ct)),
            ("pages", () => ListPhases.PagesAsync(ctx, ct)),
            ("wave", () => ListPhases.WhileCreatingAsync(ctx, ct)),
            ("restart", () => ctx.Server is { } server ? RestartPhase.RunAsync(ctx, server, ct) : Task.CompletedTask),
            ("cold", () => ReadPhases.ColdAsync(ctx, ct)),
            ("lifecycle", () => LifecyclePhase.RunAsync(ctx, ct)),
            ("delete", () => DeletePhase.RunAsync(ctx, ct)),
        };
        foreach (var (key, run) in phases.Where(p => ctx.Options.Runs(p.Key)))
        {
            await run();
            // A dead server would only turn every later phase into a column of failures.
            if (ctx.Server is { HasExited: true } gone)
                throw new InvalidOperationException($"the server exited (code {gone.ExitCode}) during phase '{key}'");
            if (ctx.Nodes.Count == 0)
                throw new InvalidOperationException("no node was created");
        }

        if (ctx.Server is not null && ctx.OtherProcessesSummary() is { } others)
            ctx.Report.Footnote(others);
    }

    private static IReadOnlyList<string> ServerArguments(ScaleOptions options) =>
        options.Postgres is { } connection
            ? ["--Ironic:Persistence:Provider", "postgresql", "--Ironic:Persistence:ConnectionString", connection, .. options.ServerArguments]
            : options.ServerArguments;

    private static IEnumerable<string> Header(ScaleOptions options, DateTime started, string serverName)
    {
        yield return string.Create(CultureInfo.InvariantCulture,
            $"{started:yyyy-MM-dd HH:mm} UTC; machine: {ProcStats.MachineSummary()} ({RuntimeInformation.OSDescription}), client on the same machine");
        yield return $"server: {serverName}; storage: {options.Provider}";
        yield return string.Create(CultureInfo.InvariantCulture,
            $"nodes {options.Nodes:N0}{(options.Runs("wave") ? $" (+{options.Wave:N0} in the wave)" : "")}, concurrency {options.Concurrency}, API {options.Version}, "
            + $"{options.Pages} pages per list, skipped: {(options.Skip.Count == 0 ? "none" : string.Join(",", options.Skip))}");
    }

    /// <summary>The server's informational version with the commit shortened ("1.0.0+095ba76").</summary>
    private static string VersionOf(string dll)
    {
        var version = FileVersionInfo.GetVersionInfo(dll).ProductVersion ?? "?";
        var plus = version.IndexOf('+');
        return plus >= 0 && version.Length > plus + 8 ? version[..(plus + 8)] : version;
    }
}
