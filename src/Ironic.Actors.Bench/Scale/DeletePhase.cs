using System.Net;

namespace Ironic.Actors.Bench.Scale;

/// <summary>Deletes D of the nodes still in <c>enroll</c> (the last created, never the lifecycle pass's), C at once.</summary>
internal static class DeletePhase
{
    public static Task RunAsync(ScaleContext ctx, CancellationToken ct)
    {
        var nodes = ctx.Nodes;
        var cycled = ctx.Options.Runs("lifecycle") ? Math.Min(ctx.Options.LifecycleNodes, nodes.Count) : 0;
        var untouched = nodes.Count - cycled;
        var victims = nodes.Skip(nodes.Count - Math.Min(ctx.Options.Deletes, untouched)).ToList();
        return ctx.MeasureAsync(ScalePhases.Delete, "(rate)",
            () => LoadRunner.RunAsync(ScalePhases.Delete, victims, ctx.Options.Concurrency, ctx.Failures, async (node, token) =>
            {
                await ctx.Http.SendAsync(HttpMethod.Delete, $"/v1/nodes/{node.Uuid}", null, HttpStatusCode.NoContent, token);
                ctx.Deleted(node);
            }, ct));
    }
}
