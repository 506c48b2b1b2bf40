using System.Diagnostics;

namespace Ironic.Actors.Bench.Scale;

/// <summary>
/// Runs one operation per item with a fixed number in flight, timing each, as a <see cref="Phase"/>. A failed
/// operation is recorded in the <see cref="FailureLog"/> under the phase's label and still timed; cancellation
/// stops the phase and is not a failure.
/// </summary>
internal static class LoadRunner
{
    public static async Task<Phase> RunAsync<T>(
        string label, IReadOnlyList<T> items, int concurrency, FailureLog failures, Func<T, CancellationToken, Task> work,
        CancellationToken ct)
    {
        var latencies = new double[items.Count];
        var wall = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (i, token) =>
            {
                var one = Stopwatch.StartNew();
                try
                {
                    await work(items[i], token);
                }
                catch (Exception e) when (!token.IsCancellationRequested)
                {
                    failures.Record(label, e);
                }

                latencies[i] = one.Elapsed.TotalMilliseconds;
            });
        return new Phase(items.Count, wall.Elapsed, latencies);
    }

    /// <summary>
    /// Runs <paramref name="request"/> one call after another until <paramref name="minimum"/> calls counted and
    /// <paramref name="until"/> (if given) is done, timing each call. <paramref name="inspect"/> then reads the answer
    /// outside the timed part (parsing a page of 1,000 nodes is the client's work, not the server's) and says whether
    /// the call counts: an empty last page reached through a <c>next</c> link is not a page of the list. At most
    /// three times <paramref name="minimum"/> calls are made for the minimum.
    /// </summary>
    public static async Task<Phase> RunSequentialAsync<T>(
        string label, int minimum, Task? until, FailureLog failures, Func<int, CancellationToken, Task<T>> request, Func<T, bool> inspect,
        CancellationToken ct)
    {
        var latencies = new List<double>();
        var wall = Stopwatch.StartNew();
        for (var i = 0; (latencies.Count < minimum && i < 3 * minimum) || until is { IsCompleted: false }; i++)
        {
            ct.ThrowIfCancellationRequested();
            var one = Stopwatch.StartNew();
            double? took = null;
            try
            {
                var answer = await request(i, ct);
                took = one.Elapsed.TotalMilliseconds;
                if (inspect(answer))
                    latencies.Add(took.Value);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                latencies.Add(took ?? one.Elapsed.TotalMilliseconds);
                failures.Record(label, e);
            }
        }

        return new Phase(latencies.Count, wall.Elapsed, latencies.ToArray());
    }
}
