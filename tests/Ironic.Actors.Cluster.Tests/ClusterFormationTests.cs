using System.Diagnostics;
using Ironic.Actors.Cluster.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Cluster.Tests;

/// <summary>Scenario a: three conductors and a gateway form a cluster and provision nodes through it.</summary>
[TestFixture]
public sealed class ClusterFormationTests : ClusterTestBase
{
    private const int NodeCount = 60;

    [Test]
    public async Task Three_conductors_and_a_gateway_walk_60_nodes_to_active_and_list_them_all()
    {
        await StartClusterAsync(new ClusterSpec { Conductors = 3, Gateways = 1 });
        var api = Cluster.Api();

        var clock = Stopwatch.StartNew();
        var ids = await NodeSteps.CreateAsync(api, "formed", NodeCount);
        Report($"{NodeCount} nodes created in {clock.Elapsed.TotalSeconds:0.0} s");
        clock.Restart();
        await NodeSteps.WalkAsync(api, ids, "manage", "manageable", TimeSpan.FromSeconds(90));
        await NodeSteps.WalkAsync(api, ids, "provide", "available", TimeSpan.FromSeconds(90));
        await NodeSteps.WalkAsync(api, ids, "active", "active", TimeSpan.FromSeconds(90));
        Report($"{NodeCount} nodes walked enroll → manageable → available → active in {clock.Elapsed.TotalSeconds:0.0} s");

        var active = await api.ListNodesAsync("provision_state=active&fields=uuid,provision_state");
        var all = await api.ListNodesAsync("fields=uuid,provision_state,conductor");
        var spread = all.GroupBy(n => n["conductor"]?.GetValue<string>() ?? "(none)").OrderBy(g => g.Key)
            .Select(g => $"{g.Key}: {g.Count()}").ToList();
        Report($"nodes by conductor: {string.Join(", ", spread)}");

        Assert.Multiple(() =>
        {
            Assert.That(active.Select(n => n["uuid"]!.GetValue<string>()), Is.EquivalentTo(ids), "GET /v1/nodes?provision_state=active");
            Assert.That(all.Select(n => n["uuid"]!.GetValue<string>()), Is.EquivalentTo(ids), "GET /v1/nodes");
            Assert.That(all.Select(n => n["provision_state"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { "active" }));
            // The nodes live on more than one member: sharding spreads them over the conductors that joined.
            Assert.That(all.Select(n => n["conductor"]?.GetValue<string>()).Where(c => c?.StartsWith("conductor-", StringComparison.Ordinal) == true)
                .Distinct().Count(), Is.GreaterThanOrEqualTo(2), "conductors holding nodes");
        });
    }
}
