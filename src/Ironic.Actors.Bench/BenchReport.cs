using System.Text;

namespace Ironic.Actors.Bench;

/// <summary>One measured phase: how many operations, how long in all, and each one's latency (ms).</summary>
public sealed record Phase(int Count, TimeSpan Wall, double[] LatenciesMs)
{
    public double PerSecond => Count / Wall.TotalSeconds;

    public double Percentile(double p)
    {
        var sorted = LatenciesMs.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
    }

    public override string ToString() =>
        $"{Count,6} in {Wall.TotalSeconds,7:0.00} s = {PerSecond,8:0.0}/s   p50 {Percentile(50),7:0.0} ms   p99 {Percentile(99),7:0.0} ms";
}

/// <summary>The whole run, printed as a small table.</summary>
public sealed record BenchReport(BenchOptions Options, Phase Create, Phase? Lifecycle, Phase Reads, Phase Lists, int Failures)
{
    public override string ToString()
    {
        var text = new StringBuilder()
            .AppendLine($"endpoint {Options.Endpoint}  nodes {Options.Nodes}  concurrency {Options.Concurrency}  version {Options.Version}")
            .AppendLine($"create node            {Create}");
        if (Lifecycle is not null)
            text.AppendLine($"enroll->active (node)  {Lifecycle}");
        return text
            .AppendLine($"GET one node           {Reads}")
            .AppendLine($"GET list (1000/page)   {Lists}")
            .Append($"failures {Failures}")
            .ToString();
    }
}
