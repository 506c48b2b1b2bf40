using System.Diagnostics;
using Akka.Hosting;
using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Gateway.Api;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ironic.Actors.Gateway;

/// <summary>
/// Before the process serves clients, reads a few nodes (<see cref="GatewayOptions.WarmUpNodes"/>) the way their requests
/// would: one list page from the read model, then each of its nodes through the API's own <c>GET /v1/nodes/{ident}</c>
/// endpoint, called in-process (its filter, the read, the rendering into the response; no socket), or through the gateway
/// actor when the host maps no API; in rounds, until a round makes the JIT compile next to nothing (the read path is at
/// its final tier) or for <see cref="RoundsBudget"/>. Without it the first thousands of requests after a start pay for the code's
/// first runs (compiled on first call, then instrumented, then optimized) while clients queue behind them. Measured at
/// 100,000 nodes, 5,000 reads of random sleeping nodes right after a restart, 32 in flight: one round of 8 in flight
/// gave a p99 of 27–85 ms and 0.51–1.34 ms of server CPU per read; one round of 32, 44–61 ms; rounds of 8, 38–39 ms;
/// rounds of 32 in flight (this), 23.5–24.4 ms and 0.31 ms, for ~1.5 s more before the port opens.
/// </summary>
/// <remarks>
/// With <c>holdStart</c> (the default; without it, it runs in the background) it finishes its work in
/// <see cref="StartAsync"/>: hosted services start one after the other, and a <c>WebApplication</c> starts its web server
/// after all of them, so the port opens once the warm-up is done (or after <see cref="MaxWait"/> at most; it then goes on
/// in the background). That needs the actor system started, so it is added after it
/// (<see cref="GatewayHostingExtensions.AddIronicGatewayWarmUp"/>); added before, it finds no gateway actor yet and runs
/// in the background. The server adds it only on members that are both gateway and conductor: on a gateway-only member
/// (its nodes wake on other members) a warm-up, held or in the background, went with a late gateway's first answer
/// taking 12 s instead of 4.6 on the loaded CI box. It only reads (nodes at rest come from the read model; a node with
/// work in flight is asked, which wakes it). Errors and time-outs are logged, never fatal.
/// </remarks>
public sealed class GatewayWarmUp(
    IronicGatewayClient client, ActorRegistry actors, IOptions<GatewayOptions> options, ILogger<GatewayWarmUp> log,
    IServiceProvider services, bool holdStart)
    : IHostedService, IDisposable
{
    /// <summary>Reads in flight at once, as many as a busy client's: the thread pool and the connection pool grow to serve them.</summary>
    private const int InFlight = 32;

    /// <summary>A round that made the JIT compile at most this many methods found the read path compiled: the last.</summary>
    private const int QuietMethods = 10;

    /// <summary>Rounds at most.</summary>
    private const int MaxRounds = 30;

    /// <summary>
    /// No round starts after this (the first always runs): 3–5 rounds took 1.2–1.5 s on SQLite; on PostgreSQL, whose reads
    /// take longer, rounds without a budget held the start 5 s.
    /// </summary>
    private static readonly TimeSpan RoundsBudget = TimeSpan.FromSeconds(2.5);

    /// <summary>Between rounds: time for the runtime to compile the methods the last round made hot at their next tier.</summary>
    private static readonly TimeSpan TierUpPause = TimeSpan.FromMilliseconds(150);

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
            if (page.Nodes.Count == 0)
            {
                log.LogInformation("Warm-up: no nodes to read yet");
                return;
            }
            var endpoint = NodeEndpoint();
            var read = 0;
            var rounds = 0;
            var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
            while (true)
            {
                rounds++;
                read = 0;
                client.Nodes.Invalidate(); // every round reads from the read model, as a client's first read of a node does
                await Parallel.ForEachAsync(page.Nodes, new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = stopping },
                    async (listed, ct) =>
                    {
                        if (await ReadAsync(endpoint, listed.Node.Uuid.ToString(), ct))
                            Interlocked.Increment(ref read);
                    });
                var now = System.Runtime.JitInfo.GetCompiledMethodCount();
                if (now - jitted <= QuietMethods || rounds >= MaxRounds ||
                    Stopwatch.GetElapsedTime(started) >= RoundsBudget)
                    break;
                jitted = now;
                await Task.Delay(TierUpPause, stopping);
            }
            log.LogInformation("Warm-up: read {Read} of {Listed} nodes through {Path} ({Rounds} rounds) in {Milliseconds} ms",
                read, page.Nodes.Count, endpoint is null ? "the gateway actor" : "the API's GET endpoint",
                rounds, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
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

    /// <summary>The API's <c>GET /v1/nodes/{ident}</c> endpoint as the host mapped it, or null when it maps no API.</summary>
    private RouteEndpoint? NodeEndpoint() =>
        services.GetService<MappedApi>()?.Endpoints.OfType<RouteEndpoint>().FirstOrDefault(e =>
            e.RoutePattern.RawText == "/v1/nodes/{ident}" && e.RequestDelegate is not null &&
            e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Get) == true);

    /// <summary>Reads node <paramref name="uuid"/> as a client's GET would (through <paramref name="endpoint"/> when there is one).</summary>
    private async Task<bool> ReadAsync(RouteEndpoint? endpoint, string uuid, CancellationToken ct)
    {
        if (endpoint is null)
        {
            var reply = await client.AskAsync(new GatewayRequests.GetNode(uuid), ct);
            if (ReplyResults.ViewOf(reply) is not { } view)
                return false;
            NodeRenderer.Text(view, ApiVersions.Maximum, "http://localhost");
            return true;
        }

        await using var scope = services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider, RequestAborted = ct };
        http.Request.Method = HttpMethods.Get;
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("localhost");
        http.Request.Path = "/v1/nodes/" + uuid;
        http.Request.Headers[ApiVersions.VersionHeader] = ApiVersions.Maximum.ToString();
        http.Request.RouteValues["ident"] = uuid;
        http.Response.Body = Stream.Null;
        http.SetEndpoint(endpoint);
        await endpoint.RequestDelegate!(http);
        return http.Response.StatusCode == StatusCodes.Status200OK;
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
