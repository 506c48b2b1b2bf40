using System.Diagnostics;
using System.Net;

namespace Ironic.Actors.Bench.Scale;

/// <summary>
/// Before the first timed phase, the benchmark's own client runs its request path, untimed: a fresh client process
/// compiles that code on its first requests, on the same two cores as the server under test, which charged the client's
/// start to the server's first phase — Ironic's as well as ours. First the phases' own requests (node creates with their
/// bodies, the created node's uuid parsed, reads) against a <see cref="CannedResponder"/> in this process, in rounds until
/// a round makes the runtime compile next to nothing (the client's code at its last tier) or <see cref="MostCanned"/>
/// is up; then <c>GET /v1</c> on the server under test with as many in flight as the phases, which opens the connection
/// pool the phases use. Measured over the first 1,000 creates: the client's CPU per create 0.15–0.25 ms after the reads
/// of <c>/v1</c> alone (0.08 ms over 100,000), docs/performance.md, "First writes on a new store".
/// </summary>
internal static class ClientWarmUp
{
    /// <summary><c>GET /v1</c> on the server under test.</summary>
    public const int Requests = 500;

    /// <summary>Creates (each followed by a read) per round against the canned responder.</summary>
    private const int Round = 500;

    /// <summary>A round that made the runtime compile at most this many methods: the client's request path is compiled.</summary>
    private const int QuietMethods = 10;

    /// <summary>After each round: time for the runtime to compile what the round made hot at its next tier.</summary>
    private static readonly TimeSpan TierUpPause = TimeSpan.FromMilliseconds(300);

    /// <summary>The longest the canned rounds go on.</summary>
    private static readonly TimeSpan MostCanned = TimeSpan.FromSeconds(5);

    public sealed record Result(int CannedRequests, int Rounds, TimeSpan Took);

    public static async Task<Result> RunAsync(ScaleHttp http, int concurrency, string version, CancellationToken ct)
    {
        var took = Stopwatch.StartNew();
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct };
        var canned = 0;
        var rounds = 0;
        await using (var responder = new CannedResponder())
        using (var local = new ScaleHttp(responder.BaseAddress, concurrency, version))
        {
            while (true)
            {
                rounds++;
                var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
                await Parallel.ForEachAsync(Enumerable.Range(canned, Round), options, async (i, token) =>
                {
                    var body = await local.SendAsync(HttpMethod.Post, "/v1/nodes", NodeMix.Body("client-warm-up", i), HttpStatusCode.Created, token);
                    await local.GetAsync("/v1/nodes/" + NodeMix.UuidOf(body), token);
                });
                canned += 2 * Round;
                // The runtime promotes hot methods in the background, and only once no new method has been compiled for a
                // while (100 ms by default): a round counts what was compiled in the pause after it too.
                await Task.Delay(TierUpPause, ct);
                if (System.Runtime.JitInfo.GetCompiledMethodCount() - compiled <= QuietMethods || took.Elapsed >= MostCanned)
                    break;
            }
        }
        await Parallel.ForEachAsync(Enumerable.Range(0, Requests), options, async (_, token) => await http.GetAsync("/v1", token));
        return new Result(canned, rounds, took.Elapsed);
    }
}
