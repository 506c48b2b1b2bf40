using System.Diagnostics;

namespace Ironic.Actors.Bench.Scale;

/// <summary>
/// Before the first timed phase, the benchmark's own client runs its request path (HttpClient's connection pool, the
/// request and response code, the bodies' JSON) on a harmless read, <c>GET /v1</c>, with as many in flight as the
/// phases: untimed. A fresh client process compiles that code on its first requests, on the same two cores as the
/// server under test (0.35 ms of client CPU per create in a first phase against 0.2 ms later), which charged the
/// client's start to the server's first phase — Ironic's as well as ours.
/// </summary>
internal static class ClientWarmUp
{
    public const int Requests = 500;

    public static async Task<TimeSpan> RunAsync(ScaleHttp http, int concurrency, CancellationToken ct)
    {
        var took = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (i, token) =>
            {
                await http.GetAsync("/v1", token);
                _ = NodeMix.Body("client-warm-up", i);
            });
        return took.Elapsed;
    }
}
