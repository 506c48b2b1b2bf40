namespace Ironic.Actors.Bench.Scale;

/// <summary>
/// Single-node reads, C at once: warm (just created; by name and by uuid alternately, nodes drawn at random) and
/// cold (right after the restart; distinct random nodes by uuid, so no read finds a node another one woke).
/// </summary>
internal static class ReadPhases
{
    public static Task WarmAsync(ScaleContext ctx, CancellationToken ct)
    {
        var nodes = ctx.Nodes;
        var random = new Random(7);
        var reads = new List<string>(ctx.Options.Reads);
        for (var i = 0; i < ctx.Options.Reads; i++)
        {
            var node = nodes[random.Next(nodes.Count)];
            reads.Add(i % 2 == 0 ? node.Name : node.Uuid);
        }

        return ctx.MeasureAsync(ScalePhases.ReadWarm, "p99 ≤ 3 ms", () => ReadAsync(ctx, ScalePhases.ReadWarm, reads, ct));
    }

    public static async Task ColdAsync(ScaleContext ctx, CancellationToken ct)
    {
        var nodes = ctx.Nodes;
        var reads = nodes.Select(n => n.Uuid).OrderBy(_ => Random.Shared.Next()).Take(ctx.Options.ColdReads).ToList();
        await ctx.MeasureAsync(ScalePhases.ReadCold, "p99 ≤ 20 ms among 100k cold nodes", () => ReadAsync(ctx, ScalePhases.ReadCold, reads, ct));
        if (!ctx.Restarted)
            ctx.Report.Footnote($"({ScalePhases.ReadCold}: the server was not restarted before, so these nodes were not necessarily cold.)");
    }

    private static Task<Phase> ReadAsync(ScaleContext ctx, string label, IReadOnlyList<string> idents, CancellationToken ct) =>
        LoadRunner.RunAsync(label, idents, ctx.Options.Concurrency, ctx.Failures,
            (ident, token) => ctx.Http.GetAsync($"/v1/nodes/{ident}", token), ct);
}
