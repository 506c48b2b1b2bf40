using System.Net;

namespace Ironic.Actors.Bench.Scale;

/// <summary>Creates the run's nodes (<c>POST /v1/nodes</c>, C at once), remembering each one's name and uuid.</summary>
internal static class CreatePhases
{
    public const string Target = "≥ 3,400/s, p99 ≤ 50 ms; RSS ≤ 1 GiB at 100k nodes";

    /// <summary>The main create phase: nodes 0 … N-1.</summary>
    public static Task RunAsync(ScaleContext ctx, CancellationToken ct) =>
        ctx.MeasureAsync(ScalePhases.Create, Target,
            () => CreateAsync(ctx, ScalePhases.Create, Enumerable.Range(0, ctx.Options.Nodes).ToList(), ct));

    /// <summary>Creates the nodes of the given indices (names and properties follow the index), as one timed phase.</summary>
    public static Task<Phase> CreateAsync(ScaleContext ctx, string label, IReadOnlyList<int> indices, CancellationToken ct) =>
        LoadRunner.RunAsync(label, indices, ctx.Options.Concurrency, ctx.Failures, async (index, token) =>
        {
            var name = $"{ctx.Prefix}-{index:D7}";
            var body = await ctx.Http.SendAsync(HttpMethod.Post, "/v1/nodes", NodeMix.Body(name, index), HttpStatusCode.Created, token);
            ctx.Created(new BenchNode(name, NodeMix.UuidOf(body), index));
        }, ct);
}
