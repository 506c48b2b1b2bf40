using System.Diagnostics;
using Ironic.Actors.Cluster.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Cluster.Tests;

/// <summary>
/// A conductor whose database stops answering (the network to it is lost, not refused) is asked to leave: it must still
/// exit within its shutdown time-out, and its nodes must live on at the survivors.
/// </summary>
[TestFixture]
public sealed class UnreachableJournalTests : ClusterTestBase
{
    private const int NodeCount = 24;

    /// <summary>
    /// The host's bound on a graceful stop (.NET's default 30 s), after which it gives up waiting for its services. The member
    /// must be done well before: coordinated shutdown gives up on a shard hand-off after 10 s, and nothing else may wait on
    /// the database (a metrics query without a cancellation token held the process for the whole 30 s).
    /// </summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ExpectedStop = TimeSpan.FromSeconds(22);

    [Test]
    public async Task A_conductor_whose_journal_is_unreachable_still_stops_within_its_shutdown_timeout()
    {
        await StartClusterAsync(new ClusterSpec { Conductors = 3, Gateways = 1, ConductorsBehindProxy = [3] });
        var api = Cluster.Api();
        var ids = await NodeSteps.CreateAsync(api, "unreachable", NodeCount);
        await WaitForSpreadAsync(api, ids, atLeast: 2, TimeSpan.FromSeconds(60));
        await NodeSteps.WalkAsync(api, ids, "manage", "manageable", TimeSpan.FromSeconds(90));
        var leaver = Cluster.Conductor(3);
        var held = (await api.ListNodesAsync("fields=uuid,conductor"))
            .Where(r => r["conductor"]?.GetValue<string>() == leaver.Name)
            .Select(r => r["uuid"]!.GetValue<string>()).Where(ids.Contains).ToList();
        Report($"{leaver.Name} hosts {held.Count} of the nodes");
        Assert.That(held, Is.Not.Empty);

        // Cut its database, then give its nodes writes that can never be stored: their entities wait on the journal.
        Cluster.Mark($"database cut for {leaver.Name}");
        Cluster.DatabaseProxy(leaver).Cut();
        var stuck = held.Select(id => api.SendAsync(HttpMethod.Patch, $"v1/nodes/{id}",
            new[] { new { op = "add", path = "/extra/cut", value = "yes" } }, TimeSpan.FromSeconds(90))).ToList();

        // Its readiness says so (the database check gives up after Ironic:Management:ReadinessTimeout).
        using (var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{leaver.Ports.Management}/") })
        {
            using var ready = await management.GetAsync("readyz");
            var body = await ready.Content.ReadAsStringAsync();
            Report($"/readyz of {leaver.Name} after the cut: {(int)ready.StatusCode} {body}");
            Assert.That((int)ready.StatusCode, Is.EqualTo(503), body);
            Assert.That(body, Does.Contain("no answer within"));
        }

        Cluster.Mark($"SIGTERM {leaver.Name}");
        var clock = Stopwatch.StartNew();
        var exitCode = await leaver.StopAsync(ShutdownTimeout + TimeSpan.FromSeconds(10));
        var exited = clock.Elapsed;
        Report($"SIGTERM → exit in {exited.TotalSeconds:0.0} s with code {exitCode}");
        Assert.That(exited, Is.LessThan(ExpectedStop),
            $"a member with an unreachable journal must stop on its own, not when the host's {ShutdownTimeout.TotalSeconds:0} s time-out ends the wait");

        // Its nodes live on elsewhere, and a write that was acknowledged is there.
        var answers = await Task.WhenAll(stuck);
        Report("the writes sent after the cut: " + string.Join(", ", answers.GroupBy(a => a.Status).Select(g => $"{g.Count()}× {g.Key}")));
        await Poll.UntilAsync($"every node of {leaver.Name} answers at a survivor", TimeSpan.FromSeconds(60), async () =>
        {
            foreach (var id in held)
            {
                var (state, _) = await api.GetStateAsync(id, TimeSpan.FromSeconds(10));
                if (state?.ProvisionState != "manageable")
                    return false;
            }
            return true;
        });
        for (var i = 0; i < held.Count; i++)
        {
            if (answers[i].Status != 200)
                continue;
            var node = await api.GetAsync($"v1/nodes/{held[i]}");
            Assert.That(node.Json?["extra"]?["cut"]?.GetValue<string>(), Is.EqualTo("yes"), $"acknowledged write to {held[i]} lost");
        }
    }
}
