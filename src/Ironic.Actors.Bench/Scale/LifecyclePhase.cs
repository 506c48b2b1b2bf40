using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Ironic.Actors.Bench.Scale;

/// <summary>
/// Walks M nodes through manage → provide → deploy, C nodes at once, each step waited for as
/// <c>baremetal --wait</c> does (polling the node until it is in the state with no target), as
/// <see cref="Benchmark"/> does; reports nodes per second and the server's RSS after.
/// </summary>
internal static class LifecyclePhase
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan PollGap = TimeSpan.FromMilliseconds(20);

    public static Task RunAsync(ScaleContext ctx, CancellationToken ct)
    {
        var nodes = ctx.Nodes.Take(ctx.Options.LifecycleNodes).ToList();
        return ctx.MeasureAsync(ScalePhases.Lifecycle, "RSS ≤ 1 GiB after 10k of 100k nodes",
            () => LoadRunner.RunAsync(ScalePhases.Lifecycle, nodes, ctx.Options.Concurrency, ctx.Failures, async (node, token) =>
            {
                await ProvisionAsync(ctx.Http, node.Uuid, "manage", "manageable", token);
                await ProvisionAsync(ctx.Http, node.Uuid, "provide", "available", token);
                await ProvisionAsync(ctx.Http, node.Uuid, "active", "active", token);
            }, ct),
            () => $"{nodes.Count} nodes, 3 steps each");
    }

    private static async Task ProvisionAsync(ScaleHttp http, string uuid, string verb, string expected, CancellationToken ct)
    {
        await http.SendAsync(HttpMethod.Put, $"/v1/nodes/{uuid}/states/provision", $$"""{"target": "{{verb}}"}""", HttpStatusCode.Accepted, ct);
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StepTimeout)
        {
            var body = await http.GetAsync($"/v1/nodes/{uuid}?fields=provision_state,target_provision_state,last_error", ct);
            using var node = JsonDocument.Parse(body);
            var state = Text(node.RootElement, "provision_state");
            if (state == expected && Text(node.RootElement, "target_provision_state") is null)
                return;
            if (state is "error" || state?.EndsWith(" failed", StringComparison.Ordinal) == true)
                throw new InvalidOperationException($"{uuid} {verb}: {state}: {Text(node.RootElement, "last_error")}");
            await Task.Delay(PollGap, ct);
        }

        throw new TimeoutException($"{uuid} did not reach {expected} within {StepTimeout.TotalMinutes} min of '{verb}'");
    }

    private static string? Text(JsonElement node, string property) =>
        node.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
