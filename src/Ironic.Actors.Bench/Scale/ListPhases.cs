namespace Ironic.Actors.Bench.Scale;

/// <summary>
/// List pages of 1,000, one request at a time (time per page): the detailed list and filtered detailed lists
/// walked through their <c>next</c> links (back to the first page after the last), the plain list; then filtered
/// first pages in a loop while a second wave of nodes is created.
/// </summary>
internal static class ListPhases
{
    public static async Task PagesAsync(ScaleContext ctx, CancellationToken ct)
    {
        await WalkAsync(ctx, ScalePhases.DetailPage, "/v1/nodes/detail?limit=1000", "≤ 26 ms per page", ct);
        foreach (var (label, query) in NodeMix.Filters)
            await WalkAsync(ctx, ScalePhases.FilteredPagePrefix + label, query, "≤ 50 ms per page among 100k", ct);
        await WalkAsync(ctx, ScalePhases.PlainPage, "/v1/nodes?limit=1000", "", ct);
    }

    /// <summary>The create wave (<c>--wave</c> more nodes, C at once) with a loop of filtered pages beside it.</summary>
    public static async Task WhileCreatingAsync(ScaleContext ctx, CancellationToken ct)
    {
        var first = ctx.Options.Nodes;
        var indices = Enumerable.Range(first, ctx.Options.Wave).ToList();
        var before = ctx.Sample();
        var wave = CreatePhases.CreateAsync(ctx, ScalePhases.CreateDuringLists, indices, ct);
        var listed = 0L;
        var lists = LoadRunner.RunSequentialAsync(ScalePhases.FilteredDuringCreate, 1, wave, ctx.Failures,
            (i, token) => ctx.Http.GetPageAsync(NodeMix.Filters[i % NodeMix.Filters.Count].Query, token),
            body =>
            {
                listed += PageScan.Read(body).Count;
                return true;
            }, ct);
        var created = await wave;
        var pages = await lists;
        var after = ctx.Sample();
        ctx.Report.Add(new ScaleRow(ScalePhases.CreateDuringLists, "", created, null, ctx.Failures.For(ScalePhases.CreateDuringLists),
            ctx.Notes(before, after, created.Count) + " (the lists' work included)"));
        ctx.Report.Add(new ScaleRow(ScalePhases.FilteredDuringCreate, "≤ 50 ms per page", pages, null, ctx.Failures.For(ScalePhases.FilteredDuringCreate),
            $"{listed / Math.Max(1, pages.Count)} nodes/page; the three filters in turn, first pages"));
    }

    private static Task WalkAsync(ScaleContext ctx, string label, string firstPage, string target, CancellationToken ct)
    {
        var path = firstPage;
        var current = firstPage;
        var listed = 0L;
        var pages = 0;
        return ctx.MeasureAsync(label, target,
            () => LoadRunner.RunSequentialAsync(label, ctx.Options.Pages, null, ctx.Failures,
                (_, token) =>
                {
                    current = path;
                    path = firstPage; // a failed page starts the walk again
                    return ctx.Http.GetPageAsync(current, token);
                },
                body =>
                {
                    var (count, next) = PageScan.Read(body);
                    path = next ?? firstPage;
                    if (count == 0 && current != firstPage)
                        return false; // the empty page after a last page that was exactly full
                    listed += count;
                    pages++;
                    return true;
                }, ct),
            () => $"{listed / Math.Max(1, pages)} nodes/page");
    }
}
