using System.Diagnostics;

namespace Ironic.Actors.Gateway;

/// <summary>
/// Waits while the runtime is still compiling: the methods a warm-up made hot are compiled at their next tier on the
/// runtime's background thread after the calls that made them hot, and a client that comes meanwhile shares the cores
/// with that compiling.
/// </summary>
internal static class CompilerQuiet
{
    /// <summary>How often the count of compiled methods is read.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    /// <summary>How long nothing new compiled counts as quiet, unless the caller says: two polls.</summary>
    private static readonly TimeSpan QuietFor = 2 * Poll;

    /// <summary>
    /// Returns once no method was compiled for <paramref name="quietFor"/> (by default <see cref="QuietFor"/>), or after
    /// <paramref name="most"/>; the methods compiled meanwhile, and whether it went quiet.
    /// </summary>
    public static async Task<(long Compiled, bool Quiet)> WaitAsync(TimeSpan most, CancellationToken ct, TimeSpan? quietFor = null)
    {
        var quietPolls = (int)Math.Ceiling((quietFor ?? QuietFor) / Poll);
        var until = Stopwatch.GetTimestamp() + (long)(most.TotalSeconds * Stopwatch.Frequency);
        var first = System.Runtime.JitInfo.GetCompiledMethodCount();
        var last = first;
        var still = 0;
        while (still < quietPolls && Stopwatch.GetTimestamp() < until)
        {
            await Task.Delay(Poll, ct);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            still = now == last ? still + 1 : 0;
            last = now;
        }
        return (last - first, still >= quietPolls);
    }
}
