namespace Ironic.Actors.Bench.Scale;

/// <summary>
/// Restart to lists-ready: SIGTERM (graceful stop, timed), then the server started again on the same data, timed
/// from its process start until <c>GET /v1</c> answers and until <c>GET /v1/nodes?limit=1000</c> answers with as
/// many nodes as it did before the stop; the server's RSS right then, and when its conductor is listed again.
/// </summary>
internal static class RestartPhase
{
    public static async Task RunAsync(ScaleContext ctx, ServerUnderTest server, CancellationToken ct)
    {
        var options = ctx.Options;
        var expected = Readiness.CountNodes(await ctx.Http.GetAsync("/v1/nodes?limit=1000", ct));
        var peakBefore = server.PeakResidentBytes;

        TimeSpan stopped;
        string stopNotes;
        try
        {
            stopped = await server.StopAsync(options.StopTimeout, ct);
            stopNotes = $"exit code {server.ExitCode}; peak RSS before {ProcStats.Mib(peakBefore)}";
        }
        catch (TimeoutException e)
        {
            ctx.Failures.Record(ScalePhases.RestartStop, e);
            stopped = options.StopTimeout;
            stopNotes = "did not exit; killed";
        }

        ctx.Report.Add(new ScaleRow(ScalePhases.RestartStop, "", null, stopped, ctx.Failures.For(ScalePhases.RestartStop), stopNotes));

        server.Start();
        ctx.Http.BaseAddress = server.BaseAddress;
        await Readiness.ApiAnswersAsync(ctx.Http, server, options.RestartTimeout, ct);
        var api = server.SinceStart.Elapsed;
        ctx.Report.Add(new ScaleRow(ScalePhases.RestartApi, "", null, api, 0, $"RSS {ProcStats.Mib(server.ResidentBytes)}"));

        var answeredBefore = await Readiness.FullPageAsync(ctx.Http, expected, server, options.RestartTimeout, ct);
        var lists = server.SinceStart.Elapsed;
        var resident = server.ResidentBytes;
        await Readiness.ConductorListedAsync(ctx.Http, ServerUnderTest.ConductorHost, server, options.RestartTimeout, ct);
        var conductor = server.SinceStart.Elapsed;
        ctx.Report.Add(new ScaleRow(ScalePhases.RestartLists, "≤ 10 s whatever the journal length", null, lists, 0,
            $"{expected} nodes on the page; RSS {ProcStats.Mib(resident)}; conductor listed after {conductor.TotalSeconds:0.00} s; "
            + $"the list answered before: {answeredBefore}"));
        ctx.Restarted = true;
    }
}
