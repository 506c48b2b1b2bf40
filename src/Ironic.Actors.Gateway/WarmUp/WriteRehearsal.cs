using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ironic.Actors.Gateway.Versioning;
using Microsoft.AspNetCore.Http;

namespace Ironic.Actors.Gateway;

/// <summary>
/// The warm-up's rehearsal of clients' writes (<see cref="GatewayWarmUp"/>): on a scratch instance of the API
/// (<see cref="IScratchApiFactory"/>), rounds of what an operator enrolling a fleet does — nodes created, each read,
/// listed, updated and deleted, over loopback HTTP with as many requests in flight as a busy client — until a round
/// makes the JIT compile a tenth of what the first did or the time is up, each round followed by a pause for the
/// runtime's background compiling at the next tier (after the last, <see cref="GatewayWarmUp"/> waits longer). A fresh server's first
/// 1,000 creates ran at 680–930 /s here against 2,600–3,100 once compiled: every part of a create (Kestrel's POST, the
/// registry's claim, the node entity's start and first write, the journal's batch, the read model's row) ran first as
/// unoptimized, then instrumented code while clients waited. The member's own store is never touched; the scratch
/// store goes when the instance is disposed.
/// </summary>
internal sealed class WriteRehearsal(IScratchApiFactory factory)
{
    /// <summary>Requests in flight at once, as a bulk enrolment's.</summary>
    private const int InFlight = 16;

    /// <summary>
    /// A round (with the pause after it) that made the JIT compile at most this share of what the first did found the
    /// write path compiled: the last. Counted without the pause, a second round once looked quiet (its methods' next
    /// tier came in the pause after it) and the first clients paid for that tier.
    /// </summary>
    private const int QuietShare = 10;

    /// <summary>
    /// The pause after a round: until the runtime has compiled nothing for a while, at most this long. The methods the
    /// round made hot are compiled at their next tier in the background, and a round run meanwhile would only slow that
    /// down (the runtime compiled ~4,000 methods in the second after each of the first rounds).
    /// </summary>
    private static readonly TimeSpan RoundPause = TimeSpan.FromSeconds(1);

    /// <summary>What the rehearsal did, for the warm-up's log line.</summary>
    public sealed record Result(int Rounds, int Created, int Deleted, TimeSpan Took);

    /// <summary>
    /// Starts a scratch instance and rehearses on it in rounds of <paramref name="perRound"/> nodes for at most
    /// <paramref name="time"/>; hands the instance to <paramref name="keep"/> as soon as it runs (its owner stops it,
    /// so that a stop does not hold clients up).
    /// </summary>
    public async Task<Result> RunAsync(int perRound, TimeSpan time, Action<IScratchApi> keep, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var scratch = await factory.StartAsync(ct);
        keep(scratch);
        var endpoint = LoopbackHttp.EndpointOf(scratch.Address)
            ?? throw new InvalidOperationException($"The scratch API listens on {scratch.Address}, not plain HTTP on loopback.");
        using var http = new LoopbackHttp(endpoint, $"{ApiVersions.VersionHeader}: {ApiVersions.Maximum}\r\n");
        var created = 0;
        var deleted = 0;
        var rounds = 0;
        var first = 0L;
        while (true)
        {
            rounds++;
            var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
            var uuids = new ConcurrentBag<string>();
            await InFlightAsync(Enumerable.Range(created, perRound), ct, async (i, c) =>
            {
                var (status, body) = await http.SendAsync(HttpMethod.Post, "/v1/nodes", NodeBody(i), readBody: true, c);
                if (status == StatusCodes.Status201Created && UuidOf(body) is { } uuid)
                    uuids.Add(uuid);
            });
            created += uuids.Count;
            await InFlightAsync(uuids, ct, (uuid, c) => http.GetAsync("/v1/nodes/" + uuid, c));
            foreach (var (list, more) in GatewayWarmUp.ListPaths)
                await http.GetAsync(string.Format(CultureInfo.InvariantCulture, list, perRound), ct, more);
            await InFlightAsync(uuids, ct, (uuid, c) =>
                http.SendAsync(HttpMethod.Patch, "/v1/nodes/" + uuid, """[{"op": "add", "path": "/extra/rehearsed", "value": true}]""", readBody: false, c));
            await InFlightAsync(uuids, ct, async (uuid, c) =>
            {
                if ((await http.SendAsync(HttpMethod.Delete, "/v1/nodes/" + uuid, null, readBody: false, c)).Status == StatusCodes.Status204NoContent)
                    Interlocked.Increment(ref deleted);
            });
            // The round's count includes the pause after it: what the round made hot is compiled at its next tier then.
            await CompilerQuiet.WaitAsync(RoundPause, ct);
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount() - jitted;
            if (rounds == 1)
                first = compiled;
            if (uuids.IsEmpty || compiled * QuietShare <= first || Stopwatch.GetElapsedTime(started) >= time)
                break;
        }
        return new Result(rounds, created, deleted, Stopwatch.GetElapsedTime(started));
    }

    private static Task InFlightAsync<T>(IEnumerable<T> items, CancellationToken ct, Func<T, CancellationToken, Task> each) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = ct },
            async (item, c) => await each(item, c));

    /// <summary>A node as an enrolment creates it: fake hardware, a name, a resource class, properties; some with an owner.</summary>
    private static string NodeBody(int i)
    {
        var owner = i % 5 == 0 ? $", \"owner\": \"project-{(i / 5 % 4).ToString(CultureInfo.InvariantCulture)}\"" : "";
        var cpus = (8 << (i % 3)).ToString(CultureInfo.InvariantCulture);
        return $$"""
            {"driver": "fake-hardware", "name": "rehearsal-{{i.ToString(CultureInfo.InvariantCulture)}}", "resource_class": "bm.rehearsal",
             "properties": {"cpus": {{cpus}}, "memory_mb": 65536, "local_gb": 500, "cpu_arch": "x86_64", "capabilities": "boot_mode:uefi"}{{owner}}}
            """;
    }

    private static string? UuidOf(string? created)
    {
        if (created is null)
            return null;
        using var json = JsonDocument.Parse(created);
        return json.RootElement.TryGetProperty("uuid", out var uuid) ? uuid.GetString() : null;
    }
}
