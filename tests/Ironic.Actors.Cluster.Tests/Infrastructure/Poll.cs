using System.Diagnostics;

namespace Ironic.Actors.Cluster.Tests.Infrastructure;

/// <summary>Waiting for a condition with a deadline: never a fixed sleep that hopes the thing happened.</summary>
public static class Poll
{
    /// <summary>
    /// Evaluates <paramref name="condition"/> until it holds, at most every <paramref name="interval"/> (100 ms by default);
    /// throws a <see cref="TimeoutException"/> naming <paramref name="what"/> (and the last observation) after <paramref name="timeout"/>.
    /// Returns how long it took.
    /// </summary>
    public static async Task<TimeSpan> UntilAsync(string what, TimeSpan timeout, Func<Task<bool>> condition,
        TimeSpan? interval = null, Func<string>? lastObservation = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
                return clock.Elapsed;
            if (clock.Elapsed >= timeout)
            {
                var seen = lastObservation is null ? "" : $" Last seen: {lastObservation()}";
                throw new TimeoutException($"Not within {timeout.TotalSeconds:0.#} s: {what}.{seen}");
            }
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100));
        }
    }
}
