using System.Diagnostics;
using System.Net;

namespace Ironic.Actors.Bench.Scale;

/// <summary>
/// Before the first timed phase, the benchmark's own client runs its request path, untimed: a fresh client process
/// compiles that code on its first requests, on the same two cores as the server under test, which charged the client's
/// start to the server's first phase — Ironic's as well as ours. First the phases' own requests (node creates with their
/// bodies, run by the create phase's own code, <see cref="CreatePhases.CreateAsync"/>; then reads of the nodes) against a
/// <see cref="CannedResponder"/> in this process, in rounds until
/// a round makes the runtime compile next to nothing (the client's code at its last tier) or <see cref="MostCanned"/>
/// is up; then <c>GET /v1</c> on the server under test with as many in flight as the phases, which opens the connection
/// pool the phases use, and the runtime is left to compile what they made hot. Measured over the first 1,000 creates:
/// the client's CPU per create 0.15–0.25 ms after the reads of <c>/v1</c> alone, 0.11–0.19 with canned creates of a loop
/// of their own, 0.07–0.09 through the phase's own code (0.06–0.08 over 100,000), docs/performance.md.
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

    public sealed record Result(int CannedRequests, int Rounds, TimeSpan Took)
    {
        /// <summary>The client's runtime went quiet after the reads of the server (no method compiled for a while).</summary>
        public bool CompilerQuiet { get; init; }
    }

    public static async Task<Result> RunAsync(ScaleHttp http, int concurrency, string version, CancellationToken ct)
    {
        var took = Stopwatch.StartNew();
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct };
        var canned = 0;
        var rounds = 0;
        await using (var responder = new CannedResponder())
        using (var local = new ScaleHttp(responder.BaseAddress, concurrency, version))
        {
            // The creates run through the create phase's own code (its closures and state machines are types of their
            // own, compiled and promoted apart from any other loop's), in a context of their own that nothing reports.
            var log = new StringWriter();
            var scratch = new ScaleContext(new ScaleOptions { Concurrency = concurrency, Version = version }, local, null, new FailureLog(log), new ScaleReport(log));
            while (true)
            {
                rounds++;
                var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
                var indices = Enumerable.Range(canned, Round).ToList();
                await CreatePhases.CreateAsync(scratch, "client warm-up", indices, ct);
                if (scratch.Failures.Total > 0)
                    throw new InvalidOperationException($"The client's warm-up failed against its own responder: {log}");
                var created = scratch.Nodes.TakeLast(Round).ToList();
                await Parallel.ForEachAsync(created, options, async (node, token) => await local.GetAsync("/v1/nodes/" + node.Uuid, token));
                canned += 2 * Round;
                // The runtime promotes hot methods in the background, and only once no new method has been compiled for a
                // while (100 ms by default): a round counts what was compiled in the pause after it too.
                await Task.Delay(TierUpPause, ct);
                if (System.Runtime.JitInfo.GetCompiledMethodCount() - compiled <= QuietMethods || took.Elapsed >= MostCanned)
                    break;
            }
        }
        await Parallel.ForEachAsync(Enumerable.Range(0, Requests), options, async (_, token) => await http.GetAsync("/v1", token));
        var (_, quiet) = await Gateway.CompilerQuiet.WaitAsync(MostQuietWait, ct, QuietFor);
        return new Result(canned, rounds, took.Elapsed) { CompilerQuiet = quiet }; // Took: the wait for quiet included
    }

    /// <summary>
    /// After the reads of the server the client waits until its runtime has compiled no method for this long (longer
    /// than its 100 ms tier-up delay), at most <see cref="MostQuietWait"/>. What the reads made hot — and what crossed the
    /// call count of the next tier only then, as the code that opens connections, run for the responder's connections and
    /// again for the server's — is promoted in the background once the runtime's delay has passed, which would otherwise
    /// fall in the first timed phase. (Measured together with the creates through the phase's own code: an EventPipe
    /// trace of the client found ~300 methods compiled during its first 1,000 timed creates before, ~70 after.)
    /// </summary>
    private static readonly TimeSpan QuietFor = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan MostQuietWait = TimeSpan.FromSeconds(3);
}
