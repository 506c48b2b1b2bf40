using System.Globalization;
using System.Diagnostics;
using System.Net.Sockets;
using Akka.Hosting;
using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Gateway.Api;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Queries;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ironic.Actors.Gateway;

/// <summary>
/// Before the process serves clients, reads a few nodes (<see cref="GatewayOptions.WarmUpNodes"/>) the way their requests
/// would: one list page from the read model, then each of its nodes by <c>GET /v1/nodes/{ident}</c> over HTTP to the
/// web server just started, on loopback (<see cref="LoopbackHttp"/>), and the list pages clients ask for (detailed,
/// gzipped and not, sorted, and plain; <see cref="ListPaths"/>), while the <see cref="WarmUpGate"/> holds the
/// API's other requests; in rounds, until a round makes the JIT compile next to nothing (the read path is at its final
/// tier) or for <see cref="GatewayOptions.WarmUpTime"/>. Without it the first thousands of requests after a start pay for the code's
/// first runs (compiled on first call, then instrumented, then optimized) while clients queue behind them. Where no
/// plain-HTTP address answers the warm-up's read (TLS only, or the API asks for credentials) it calls the API's endpoint
/// in-process instead (its filter, the read, the rendering; no socket, no Kestrel), or the gateway actor when the host
/// maps no API. A store with fewer nodes than it reads is about to be filled: first, the writes are rehearsed on a
/// scratch instance of the API that the host provides (<see cref="WriteRehearsal"/>, <see cref="IScratchApiFactory"/>),
/// and with no node at all, the member's own API is then read empty (<see cref="ReadEmptyApiAsync"/>).
/// </summary>
/// <remarks>
/// Measured at 100,000 nodes, reads of distinct sleeping nodes right after a restart, 32 in flight (wrk): the in-process
/// rounds left ~1,600 methods of the socket transport, Kestrel, routing and authentication to compile in the clients'
/// first second (p99 27–36 ms in it); two seconds of real HTTP reads before it brought its p99 to 10–18 ms.
/// With <c>holdStart</c> (the default) the gate holds the API until the warm-up is done (or <see cref="MaxWait"/> at
/// most; it then goes on in the background); without it, the gate is open from the start and the warm-up runs beside the
/// first clients. It runs once the host has started (the web server listens then, and the actor system runs). The
/// server adds it only on members that are both gateway and conductor: on a gateway-only member (its nodes wake on
/// other members) a warm-up, held or in the background, went with a late gateway's first answer taking 12 s instead of
/// 4.6 on the loaded CI box. Of the member's store it only reads (nodes at rest come from the read model; a node with
/// work in flight is asked, which wakes it); the rehearsal writes to its scratch store only. Errors and time-outs are
/// logged, never fatal.
/// </remarks>
public sealed class GatewayWarmUp(
    IronicGatewayClient client, ActorRegistry actors, IOptions<GatewayOptions> options, ILogger<GatewayWarmUp> log,
    IServiceProvider services, WarmUpGate gate, bool holdStart)
    : IHostedLifecycleService, IDisposable
{
    /// <summary>Reads in flight at once, as many as a busy client's: the thread pool and the connection pool grow to serve them.</summary>
    private const int InFlight = 32;

    /// <summary>A round that made the JIT compile at most this many methods found the read path compiled: the last.</summary>
    private const int QuietMethods = 10;

    /// <summary>Rounds at most.</summary>
    private const int MaxRounds = 30;

    /// <summary>
    /// The list pages each round reads over HTTP (<c>{0}</c>: the page size), each with the Accept-Encoding to send: a
    /// fresh server's first ten detailed pages of 1,000 took 28 ms each (79 ms of CPU) against ~11 once compiled.
    /// </summary>
    internal static readonly (string Path, string Headers)[] ListPaths =
    [
        ("/v1/nodes/detail?limit={0}", "Accept-Encoding: gzip, deflate\r\n"),
        ("/v1/nodes/detail?limit={0}", ""),
        ("/v1/nodes/detail?limit={0}&sort_key=name", "Accept-Encoding: gzip, deflate\r\n"),
        ("/v1/nodes?limit={0}", ""),
    ];

    /// <summary>Between rounds: time for the runtime to compile the methods the last round made hot at their next tier.</summary>
    private static readonly TimeSpan TierUpPause = TimeSpan.FromMilliseconds(150);

    /// <summary>How long the warm-up waits at most, after a rehearsal, for the scratch instance's stop and then for the compiler.</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(4);

    /// <summary>The longest the warm-up holds the API (a gateway whose conductors are not up yet must not wait for them).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    /// <summary>The longest it goes on in the background after that: a warm-up that late helps no one.</summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(1);

    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;
    private Task _scratchStopped = Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The host has started (its web server listens): reads, the gate closed meanwhile when holding.</summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var count = Math.Min(options.Value.WarmUpNodes, options.Value.MaxLimit);
        var hasGateway = actors.TryGet<ActorKeys.Gateway>(out _);
        if (count > 0 && !hasGateway)
            log.LogWarning("No warm-up: the host started no gateway actor (AddIronicGatewayActor)");
        if (count <= 0 || !hasGateway)
        {
            gate.Open();
            return Task.CompletedTask;
        }
        _stopping.CancelAfter(GiveUpAfter);
        _running = WarmUpAsync(count, _stopping.Token);
        if (holdStart)
            _ = OpenWhenDoneAsync();
        else
            gate.Open();
        return Task.CompletedTask;
    }

    private async Task OpenWhenDoneAsync()
    {
        try
        {
            await _running.WaitAsync(MaxWait);
        }
        catch (TimeoutException)
        {
            log.LogInformation("Warm-up goes on in the background: not done after {Seconds} s", MaxWait.TotalSeconds);
        }
        finally
        {
            gate.Open();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        gate.Open();
        await _stopping.CancelAsync();
        await Task.WhenAny(_running, Task.Delay(Timeout.Infinite, cancellationToken));
        await Task.WhenAny(_scratchStopped, Task.Delay(Timeout.Infinite, cancellationToken));
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _stopping.Dispose();

    private async Task WarmUpAsync(int count, CancellationToken stopping)
    {
        await Task.Yield();
        LoopbackHttp? http = null;
        try
        {
            var started = Stopwatch.GetTimestamp();
            var page = await FirstPageAsync(count, stopping);
            var rehearsed = page.Nodes.Count < count && await RehearseWritesAsync(stopping);
            if (rehearsed)
                await SettleAsync(stopping);
            if (page.Nodes.Count == 0)
            {
                if (rehearsed)
                    await ReadEmptyApiAsync(started, stopping);
                else
                    log.LogInformation("Warm-up: no nodes to read yet");
                return;
            }
            var endpoint = NodeEndpoint();
            http = await LoopbackFor(NodePath(page.Nodes[0].Node.Uuid.ToString()), stopping);
            var path = http is not null ? $"HTTP to {http.Endpoint}" : endpoint is not null ? "the API's GET endpoint, in-process" : "the gateway actor";
            var read = 0;
            var lists = 0;
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
                        if (await ReadAsync(http, endpoint, listed.Node.Uuid.ToString(), ct))
                            Interlocked.Increment(ref read);
                    });
                lists = 0;
                if (http is not null)
                    foreach (var (list, more) in ListPaths)
                        if (await http.GetAsync(string.Format(CultureInfo.InvariantCulture, list, count), stopping, more) == StatusCodes.Status200OK)
                            lists++;
                var now = System.Runtime.JitInfo.GetCompiledMethodCount();
                if (now - jitted <= QuietMethods || rounds >= MaxRounds ||
                    Stopwatch.GetElapsedTime(started) >= options.Value.WarmUpTime)
                    break;
                jitted = now;
                await Task.Delay(TierUpPause, stopping);
            }
            log.LogInformation("Warm-up: read {Read} of {Listed} nodes and {Lists} of {ListPaths} list pages through {Path} ({Rounds} rounds) in {Milliseconds} ms",
                read, page.Nodes.Count, lists, http is null ? 0 : ListPaths.Length, path, rounds, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            log.LogInformation("Warm-up ended before it was done (the host is stopping, or it ran for {Seconds} s)", GiveUpAfter.TotalSeconds);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Warm-up stopped early; nothing depends on it");
        }
        finally
        {
            http?.Dispose();
        }
    }

    /// <summary>
    /// A store with fewer nodes than the warm-up reads is about to be filled, not read: the writes are rehearsed on a
    /// scratch instance of the API (<see cref="WriteRehearsal"/>) when the host provides one and
    /// <see cref="GatewayOptions.WarmUpRehearsalNodes"/> is not 0. The instance is then stopped (a cluster leave, waiting
    /// for the leader's next tick: 1.1 s here), which <see cref="SettleAsync"/> waits for; true when it was started.
    /// </summary>
    private async Task<bool> RehearseWritesAsync(CancellationToken stopping)
    {
        if (options.Value.WarmUpRehearsalNodes <= 0 || services.GetService<IScratchApiFactory>() is not { } factory)
            return false;
        IScratchApi? scratch = null;
        try
        {
            var done = await new WriteRehearsal(factory).RunAsync(options.Value.WarmUpRehearsalNodes, options.Value.WarmUpTime, s => scratch = s, stopping);
            log.LogInformation("Warm-up: rehearsed writes on a scratch store: {Created} nodes created, read, listed and updated, {Deleted} deleted ({Rounds} rounds) in {Milliseconds} ms",
                done.Created, done.Deleted, done.Rounds, (long)done.Took.TotalMilliseconds);
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            log.LogWarning(e, "Warm-up: the rehearsal of writes stopped early; nothing depends on it");
        }
        finally
        {
            if (scratch is not null)
                _scratchStopped = StopScratchAsync(scratch);
        }
        return scratch is not null;
    }

    /// <summary>
    /// After the rehearsal, before clients come: the scratch instance's stop (its own code's first run: a cluster leave,
    /// its singletons handed over) and then the runtime's compiling of what the rehearsal made hot, at most
    /// <see cref="SettleTime"/> each. The rehearsal's last pause ended while the runtime still had ~3,700 methods to
    /// compile at their next tier (2 s of the process's CPU right after the port opened, nothing asked of it); the first
    /// 1,000 creates then compiled ~2,700 methods (1.4–2.1 s of JIT) against ~950 (0.4–0.7 s) with this wait.
    /// </summary>
    private async Task SettleAsync(CancellationToken stopping)
    {
        var started = Stopwatch.GetTimestamp();
        var stopped = await Task.WhenAny(_scratchStopped, Task.Delay(SettleTime, stopping)) == _scratchStopped;
        var (compiled, _) = await CompilerQuiet.WaitAsync(SettleTime, stopping);
        log.LogInformation("Warm-up: the scratch API {Stopped} and {Compiled} methods compiled at their next tier in {Milliseconds} ms",
            stopped ? "stopped" : $"still stopping after {SettleTime.TotalSeconds} s", compiled, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task StopScratchAsync(IScratchApi scratch)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await scratch.DisposeAsync();
            log.LogDebug("Warm-up: the scratch API stopped in {Milliseconds} ms", (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Warm-up: the scratch API did not stop cleanly");
        }
    }

    private static string NodePath(string uuid) => "/v1/nodes/" + uuid;

    private const string RootPath = "/v1";

    /// <summary>Reads per round of <see cref="ReadEmptyApiAsync"/>: the root and each list page in turn.</summary>
    private const int EmptyReadsPerRound = 300;

    /// <summary>
    /// After a rehearsal on a store with no nodes yet: the member's own API read over loopback HTTP — its root, its
    /// (empty) list pages (<see cref="ListPaths"/>) and nodes that do not exist (404: each read wakes the entity of a
    /// random UUID on the member's own actor system and store, which finds nothing and sleeps again; nothing is written)
    /// — in rounds until one makes the runtime compile next to nothing, then until the compiler is quiet. The rehearsal
    /// ran the same code on the scratch instance, but what only the member's own web application, actor system and store
    /// run (its middleware: telemetry, authentication, the warm-up gate; its listener; its shards and connections) was
    /// first made hot by the first clients and compiled at its next tier while they waited. Over the first 1,000
    /// creates: with the root and pages, 0.54–0.57 s of JIT against 0.27–0.35 s, 1,872–2,287 against 2,328–2,875
    /// creates/s (three alternating pairs), for ~1–2 s more before the first answer; the absent nodes then took the JIT
    /// to 0.13–0.15 s (against 0.27–0.32) and the creates to 3,275–3,985 /s (against 2,288–3,275; four pairs).
    /// </summary>
    private async Task ReadEmptyApiAsync(long started, CancellationToken stopping)
    {
        using var http = await LoopbackFor(RootPath, stopping);
        if (http is null)
        {
            log.LogInformation("Warm-up: no nodes to read yet");
            return;
        }
        var rounds = 0;
        var absent = 0;
        while (true)
        {
            rounds++;
            var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
            await Parallel.ForEachAsync(Enumerable.Range(0, EmptyReadsPerRound), new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = stopping },
                async (i, ct) =>
                {
                    var which = i % (ListPaths.Length + 2);
                    if (which == ListPaths.Length)
                        await http.GetAsync(RootPath, ct);
                    else if (which == ListPaths.Length + 1 && await http.GetAsync(NodePath(Guid.NewGuid().ToString()), ct) == StatusCodes.Status404NotFound)
                        Interlocked.Increment(ref absent);
                    else
                        await http.GetAsync(string.Format(CultureInfo.InvariantCulture, ListPaths[which].Path, options.Value.MaxLimit), ct, ListPaths[which].Headers);
                });
            await Task.Delay(TierUpPause, stopping);
            if (System.Runtime.JitInfo.GetCompiledMethodCount() - jitted <= QuietMethods || rounds >= MaxRounds ||
                Stopwatch.GetElapsedTime(started) >= MaxWait)
                break;
        }
        var (compiled, _) = await CompilerQuiet.WaitAsync(SettleTime, stopping);
        log.LogInformation("Warm-up: no nodes to read yet; read the API's root and empty list pages through HTTP to {Endpoint} ({Rounds} rounds, {Absent} reads of absent nodes among them), then {Compiled} methods compiled, in {Milliseconds} ms",
            http.Endpoint, rounds, absent, compiled, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// Loopback reads through the first of the web server's plain-HTTP addresses that answers a GET of
    /// <paramref name="probe"/> with 200 (the management port answers 404; an API that asks for credentials, 401); null
    /// when none does, or the host runs no web server.
    /// </summary>
    private async Task<LoopbackHttp?> LoopbackFor(string probe, CancellationToken ct)
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var headers = $"{ApiVersions.VersionHeader}: {ApiVersions.Maximum}\r\n{WarmUpGate.Header}: {gate.Token}\r\n";
        foreach (var address in addresses)
        {
            if (LoopbackHttp.EndpointOf(address) is not { } endpoint)
                continue;
            var reads = new LoopbackHttp(endpoint, headers);
            try
            {
                if (await reads.GetAsync(probe, ct) == StatusCodes.Status200OK)
                    return reads;
            }
            catch (Exception e) when (e is SocketException or IOException or InvalidDataException)
            {
                log.LogDebug(e, "Warm-up: {Address} did not answer over HTTP", address);
            }
            reads.Dispose();
        }
        return null;
    }

    /// <summary>The API's <c>GET /v1/nodes/{ident}</c> endpoint as the host mapped it, or null when it maps no API.</summary>
    private RouteEndpoint? NodeEndpoint() =>
        services.GetService<MappedApi>()?.Endpoints.OfType<RouteEndpoint>().FirstOrDefault(e =>
            e.RoutePattern.RawText == "/v1/nodes/{ident}" && e.RequestDelegate is not null &&
            e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Get) == true);

    /// <summary>
    /// Reads node <paramref name="uuid"/> as a client's GET would: over <paramref name="http"/> when there is a loopback
    /// address, else through <paramref name="endpoint"/> in-process, else through the gateway actor. True when read (200).
    /// </summary>
    private async Task<bool> ReadAsync(LoopbackHttp? http, RouteEndpoint? endpoint, string uuid, CancellationToken ct)
    {
        if (http is not null)
            return await http.GetAsync(NodePath(uuid), ct) == StatusCodes.Status200OK;
        if (endpoint is null)
        {
            var reply = await client.AskAsync(new GatewayRequests.GetNode(uuid), ct);
            if (ReplyResults.ViewOf(reply) is not { } view)
                return false;
            NodeRenderer.Text(view, ApiVersions.Maximum, "http://localhost");
            return true;
        }

        await using var scope = services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider, RequestAborted = ct };
        context.Request.Method = HttpMethods.Get;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost");
        context.Request.Path = NodePath(uuid);
        context.Request.Headers[ApiVersions.VersionHeader] = ApiVersions.Maximum.ToString();
        context.Request.Headers[WarmUpGate.Header] = gate.Token;
        context.Request.RouteValues["ident"] = uuid;
        context.Response.Body = Stream.Null;
        context.SetEndpoint(endpoint);
        await endpoint.RequestDelegate!(context);
        return context.Response.StatusCode == StatusCodes.Status200OK;
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
