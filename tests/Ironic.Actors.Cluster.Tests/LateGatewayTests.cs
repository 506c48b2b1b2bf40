using System.Diagnostics;
using Ironic.Actors.Cluster.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Cluster.Tests;

/// <summary>Scenario e: a gateway started after the nodes exist lists them all at once (from the durable read model).</summary>
[TestFixture]
public sealed class LateGatewayTests : ClusterTestBase
{
    private const int NodeCount = 300;

    /// <summary>
    /// From the process's start to a list with every node: the process's own start (about 1 s on an idle 2-core box) and
    /// the read model's readiness (at once: it is the database's table, nothing to replay).
    /// </summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Test]
    public async Task A_gateway_started_late_lists_all_300_nodes_within_10_seconds_of_its_start()
    {
        await StartClusterAsync(new ClusterSpec { Conductors = 2, Gateways = 1 });
        var clock = Stopwatch.StartNew();
        var ids = await NodeSteps.CreateAsync(Cluster.Api(), "late", NodeCount);
        Report($"{NodeCount} nodes created through gateway-1 in {clock.Elapsed.TotalSeconds:0.0} s");

        var late = Cluster.AddGateway();
        var api = Cluster.Api(late);
        var last = "";
        TimeSpan? answering = null;
        Cluster.Mark($"start {late.Name}");
        clock.Restart();
        Cluster.Launch(late);
        var ready = await Poll.UntilAsync($"{late.Name}'s GET /v1/nodes?limit=1000 lists all {NodeCount} nodes", TimeSpan.FromSeconds(60), async () =>
        {
            if (!late.IsRunning)
                throw new InvalidOperationException($"{late.Name} exited:\n{late.LogTail(40)}");
            var response = await api.GetAsync("v1/nodes?limit=1000", TimeSpan.FromSeconds(5));
            if (response.Answered)
                answering ??= clock.Elapsed - response.Elapsed; // when it took the request
            var count = response.Status == 200 ? response.Json?["nodes"]?.AsArray().Count : null;
            last = count is null ? response.ToString() : $"200 with {count} nodes";
            return count == NodeCount;
        }, TimeSpan.FromMilliseconds(50), () => last);
        var fromAnswering = ready - (answering ?? ready);
        Report($"{late.Name}: start → GET /v1/nodes?limit=1000 lists all {NodeCount} nodes in {ready.TotalSeconds:0.0} s " +
               $"(bound {Bound.TotalSeconds:0} s), {fromAnswering.TotalSeconds:0.0} s after its first answer");

        var listed = await api.ListNodesAsync("fields=uuid");
        Assert.Multiple(() =>
        {
            Assert.That(listed.Select(n => n["uuid"]!.GetValue<string>()), Is.EquivalentTo(ids));
            Assert.That(ready, Is.LessThanOrEqualTo(Bound), "late gateway: start → lists every node");
        });
    }
}
