using System.Diagnostics;
using Akka.Hosting;
using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Gateway.Api;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Queries;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ironic.Actors.Gateway;

/// <summary>
/// Before the process serves clients, reads a few nodes (<see cref="GatewayOptions.WarmUpNodes"/>) the way their requests
/// would: one list page from the read model, then each of its nodes from its entity, which wakes it (a recovery from the
/// journal) and renders it. Without it the first few hundred requests after a start pay for the code's first runs
/// (compiled on first call, at the slowest tier for its first calls) while clients queue behind them: measured on 20,000
/// nodes, the first 500 single-node reads after a restart had a p99 of 60–96 ms against 11–21 ms for every later 500.
/// </summary>
/// <remarks>
/// With <c>holdStart</c> (the default; without it, it runs in the background) it finishes its work in
/// <see cref="StartAsync"/>: hosted services start one after the other, and a <c>WebApplication</c> starts its web server
/// after all of them, so the port opens once the warm-up is done (or after <see cref="MaxWait"/> at most; it then goes on
/// in the background). That needs the actor system started, so it is added after it
/// (<see cref="GatewayHostingExtensions.AddIronicGatewayWarmUp"/>); added before, it finds no gateway actor yet and runs
/// in the background. The server adds it only on members that are both gateway and conductor: on a gateway-only member
/// (its nodes wake on other members) a warm-up, held or in the background, went with a late gateway's first answer
/// taking 12 s instead of 4.6 on the loaded CI box. It only reads; the woken nodes go back to sleep when idle. Errors and
/// time-outs are logged, never fatal.
/// </remarks>
public sealed class GatewayWarmUp(
    IronicGatewayClient client, ActorRegistry actors, IOptions<GatewayOptions> options, ILogger<GatewayWarmUp> log, bool holdStart)
    : IHostedService, IDisposable
{
    /// <summary>Reads in flight at once: enough to keep both the journal and the renderer busy.</summary>
    private const int InFlight = 8;

    /// <summary>The longest the warm-up holds the start (a gateway whose conductors are not up yet must not wait for them).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    /// <summary>The longest it goes on in the background after that: a warm-up that late helps no one.</summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(1);

    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var count = Math.Min(options.Value.WarmUpNodes, options.Value.MaxLimit);
        if (count <= 0)
            return;
        _stopping.CancelAfter(GiveUpAfter);
        _running = WarmUpAsync(count, _stopping.Token);
        if (!holdStart)
            return;
        if (!actors.TryGet<ActorKeys.Gateway>(out _))
        {
            log.LogInformation("Warm-up runs in the background: the actor system is not started yet (add the warm-up after it)");
            return;
        }
        try
        {
            await _running.WaitAsync(MaxWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            log.LogInformation("Warm-up goes on in the background: not done after {Seconds} s", MaxWait.TotalSeconds);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAny(_running, Task.Delay(Timeout.Infinite, cancellationToken));
    }

    public void Dispose() => _stopping.Dispose();

    private async Task WarmUpAsync(int count, CancellationToken stopping)
    {
        await Task.Yield();
        try
        {
            var started = Stopwatch.GetTimestamp();
            var page = await FirstPageAsync(count, stopping);
            var read = 0;
            await Parallel.ForEachAsync(page.Nodes, new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = stopping },
                async (listed, ct) =>
                {
                    var reply = await client.AskAsync(new GatewayRequests.GetNode(listed.Node.Uuid.ToString()), ct);
                    if (ReplyResults.ViewOf(reply) is { } view)
                    {
                        NodeRenderer.Text(view, ApiVersions.Maximum, "http://localhost");
                        Interlocked.Increment(ref read);
                    }
                });
            log.LogInformation("Warm-up: read {Read} of {Listed} nodes through the gateway in {Milliseconds} ms",
                read, page.Nodes.Count, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            log.LogInformation("Warm-up ended before it was done (the host is stopping, or it ran for {Seconds} s)", GiveUpAfter.TotalSeconds);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Warm-up stopped early; nothing depends on it");
        }
    }

    /// <summary>The newest <paramref name="count"/> nodes, asked again while the read model is not ready yet.</summary>
    private async Task<NodeQueries.NodePage> FirstPageAsync(int count, CancellationToken stopping)
    {
        var query = new NodeQueries.ListNodes(SortDir: "desc", Limit: count);
        while (true)
        {
            if (await client.AskAsync(new GatewayRequests.ListNodes(query), stopping) is NodeQueries.NodePage page)
                return page;
            await Task.Delay(TimeSpan.FromMilliseconds(250), stopping);
        }
    }
}
