using System.Collections.Concurrent;

namespace Ironic.Actors.Bench.Scale;

/// <summary>
/// Counts failed operations per phase and prints the first few of the whole run (the rest only count), so that a
/// flood of one error neither hides the figures nor goes unnoticed.
/// </summary>
internal sealed class FailureLog(TextWriter output, int printFirst = 10)
{
    private readonly ConcurrentDictionary<string, int> _byPhase = new();
    private int _total;

    public int Total
    {
        get
        {
            lock (_byPhase)
                return _total;
        }
    }

    public int For(string phase) => _byPhase.GetValueOrDefault(phase);

    /// <summary>Counts a failure; prints it if it is among the first few, or always when <paramref name="print"/>.</summary>
    public void Record(string phase, Exception error, bool print = false)
    {
        _byPhase.AddOrUpdate(phase, 1, (_, n) => n + 1);
        lock (_byPhase)
        {
            var number = ++_total;
            if (number <= printFirst || print)
                output.WriteLine($"  ! {phase}: {Describe(error)}");
            else if (number == printFirst + 1)
                output.WriteLine("  ! (further failures are only counted)");
        }
    }

    /// <summary>The exception's type and message, with its inner one's (HttpClient's own message says little).</summary>
    private static string Describe(Exception error) =>
        error.InnerException is { } inner
            ? $"{error.GetType().Name}: {error.Message} ({inner.GetType().Name}: {inner.Message})"
            : $"{error.GetType().Name}: {error.Message}";
}
