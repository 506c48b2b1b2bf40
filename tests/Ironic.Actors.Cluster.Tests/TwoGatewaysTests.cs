using System.Diagnostics;
using Ironic.Actors.Cluster.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Cluster.Tests;

/// <summary>Scenario d: what one gateway writes, the other gateway lists (the read model is shared, written before replies).</summary>
[TestFixture]
public sealed class TwoGatewaysTests : ClusterTestBase
{
    private const int Nodes = 20;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    [Test]
    public async Task A_write_through_one_gateway_is_in_the_other_gateways_list_within_a_second()
    {
        await StartClusterAsync(new ClusterSpec { Conductors = 1, Gateways = 2 });
        var a = Cluster.Api(1);
        var b = Cluster.Api(2);

        // Created through A → listed by B.
        var created = new List<(string Id, TimeSpan Seen)>();
        for (var i = 1; i <= Nodes; i++)
        {
            var id = await a.CreateNodeAsync($"two-gateways-{i:D3}");
            var seen = await SeenWithinAsync($"node {id} (created through gateway-1) in gateway-2's list", async () =>
                (await b.ListNodesAsync("fields=uuid")).Any(n => n["uuid"]!.GetValue<string>() == id));
            created.Add((id, seen));
        }

        // Maintenance set through B → A lists the node with maintenance=true.
        var changed = new List<TimeSpan>();
        foreach (var (id, _) in created)
        {
            var response = await b.SendAsync(HttpMethod.Put, $"v1/nodes/{id}/maintenance", new { reason = "cluster test" });
            Assert.That(response.Status, Is.EqualTo(202), $"PUT maintenance through gateway-2: {response}");
            changed.Add(await SeenWithinAsync($"node {id} (maintenance set through gateway-2) in gateway-1's maintenance=true list", async () =>
                (await a.ListNodesAsync("maintenance=true&fields=uuid")).Any(n => n["uuid"]!.GetValue<string>() == id)));
        }

        Report($"created through gateway-1 → listed by gateway-2: max {Max(created.Select(c => c.Seen))}, mean {Mean(created.Select(c => c.Seen))}");
        Report($"maintenance set through gateway-2 → in gateway-1's list: max {Max(changed)}, mean {Mean(changed)}");
        Assert.Multiple(() =>
        {
            Assert.That(created.Max(c => c.Seen), Is.LessThanOrEqualTo(Bound), "create → other gateway's list");
            Assert.That(changed.Max(), Is.LessThanOrEqualTo(Bound), "maintenance → other gateway's list");
        });
    }

    /// <summary>How long until <paramref name="condition"/> held, measured from the call (the write's answer); polls up to 10 s.</summary>
    private static async Task<TimeSpan> SeenWithinAsync(string what, Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        await Poll.UntilAsync(what, TimeSpan.FromSeconds(10), condition, TimeSpan.FromMilliseconds(10));
        return clock.Elapsed;
    }

    private static string Max(IEnumerable<TimeSpan> spans) => $"{spans.Max().TotalMilliseconds:0} ms";

    private static string Mean(IEnumerable<TimeSpan> spans) => $"{spans.Average(s => s.TotalMilliseconds):0} ms";
}
