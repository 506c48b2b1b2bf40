using System.Diagnostics;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace Ironic.Actors.Cluster.Tests.Infrastructure;

/// <summary>
/// A test that runs one <see cref="ClusterUnderTest"/>: started by the test, always torn down (processes killed,
/// database dropped); when the test fails, every member's log is printed and the log folder is kept.
/// </summary>
public abstract class ClusterTestBase
{
    private ClusterUnderTest? _cluster;

    protected ClusterUnderTest Cluster => _cluster ?? throw new InvalidOperationException("Start the cluster first.");

    protected async Task<ClusterUnderTest> StartClusterAsync(ClusterSpec spec)
    {
        _cluster = new ClusterUnderTest(spec, TestContext.CurrentContext.Test.Name);
        var clock = Stopwatch.StartNew();
        await _cluster.StartAsync();
        Report($"cluster of {spec.Conductors} conductor(s) + {spec.Gateways} gateway(s) Up in {clock.Elapsed.TotalSeconds:0.0} s");
        return _cluster;
    }

    /// <summary>A line of the test's own account (measurements): in the test's output and live in the run's log.</summary>
    protected static void Report(string line)
    {
        TestContext.Out.WriteLine(line);
        TestContext.Progress.WriteLine($"[{TestContext.CurrentContext.Test.Name}] {line}");
    }

    /// <summary>The conductor (not conductor-1, which holds the cluster singletons) that the read model shows holding most of <paramref name="ids"/>.</summary>
    /// <summary>
    /// Waits until every conductor hosts at least <paramref name="atLeast"/> of the nodes (the shards they live in), as the
    /// sharding coordinator rebalances shards that the first conductor up took alone (a periodic pass that ran before the
    /// others joined allocates every shard there).
    /// </summary>
    protected async Task WaitForSpreadAsync(IronicApi api, IReadOnlyCollection<string> ids, int atLeast, TimeSpan timeout)
    {
        var wanted = ids.ToHashSet();
        var held = new Dictionary<string, int>();
        await Poll.UntilAsync($"every conductor hosting at least {atLeast} of the nodes", timeout, async () =>
        {
            var rows = await api.ListNodesAsync("fields=uuid,conductor");
            held = rows.Where(r => wanted.Contains(r["uuid"]!.GetValue<string>()))
                .GroupBy(r => r["conductor"]?.GetValue<string>() ?? "").ToDictionary(g => g.Key, g => g.Count());
            return Cluster.Conductors.All(c => held.GetValueOrDefault(c.Name) >= atLeast);
        }, TimeSpan.FromMilliseconds(500), () => string.Join(", ", held.Select(h => $"{h.Key}: {h.Value}")));
    }

    protected async Task<(MemberProcess Conductor, int Holds, string Spread)> BusiestConductorAsync(IronicApi api, IReadOnlyCollection<string> ids)
    {
        var rows = await api.ListNodesAsync("fields=uuid,conductor");
        var wanted = ids.ToHashSet();
        var byConductor = rows.Where(r => wanted.Contains(r["uuid"]!.GetValue<string>()))
            .GroupBy(r => r["conductor"]?.GetValue<string>() ?? "(none)")
            .ToDictionary(g => g.Key, g => g.Count());
        var spread = string.Join(", ", byConductor.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}"));
        var busiest = Cluster.Conductors.Where(c => c.Name != "conductor-1")
            .OrderByDescending(c => byConductor.GetValueOrDefault(c.Name))
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .First();
        return (busiest, byConductor.GetValueOrDefault(busiest.Name), spread);
    }

    [TearDown]
    public async Task StopClusterAsync()
    {
        if (_cluster is null)
            return;
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
        {
            _cluster.KeepFiles = true;
            TestContext.Out.WriteLine(_cluster.Report());
        }
        await _cluster.DisposeAsync();
        _cluster = null;
    }
}
