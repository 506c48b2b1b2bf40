using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Ironic.Actors.Conductor.Periodic;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Hosting;
using Ironic.Actors.Protocol.Periodic;
using Ironic.Actors.Protocol.Queries;
using Ironic.Actors.TestKit;
using NUnit.Framework;
using static Ironic.Actors.Protocol.Nodes.NodeCommands;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;

using Ironic.Actors.Conductor.Tests.ReadModel;

namespace Ironic.Actors.Conductor.Tests.Periodic;

/// <summary>
/// Two conductors in one cluster on the shared PostgreSQL journal (test.sh starts it and names it in
/// IRONIC_TEST_POSTGRES) split the power sync between them by the shards each hosts: in a pass run on both at
/// once every node's BMC is read exactly once, none twice, none skipped.
/// </summary>
[NonParallelizable]
public sealed class TwoConductorPowerSyncTests
{
    private TestStore _store = null!;

    // A database of its own: nodes other tests left in transitional states would be woken (and their shards allocated)
    // as soon as the first conductor starts, before the second joins.
    [SetUp]
    public async Task CreateStore() => _store = await TestStore.CreateAsync("postgresql");

    [TearDown]
    public async Task DropStore()
    {
        if (_store is not null) // null when set-up skipped the test (no PostgreSQL named)
            await _store.DisposeAsync();
    }

    private Task<ConductorHost> StartAsync(ScriptedBmcs bmcs, string host, int port, int? seedPort) =>
        ConductorHost.StartAsync(_store.Directory, o =>
        {
            _store.Apply(o);
            o.Conductor.Host = host;
            o.Cluster.Port = port;
            if (seedPort is { } seed)
                o.Cluster.SeedNodes = [$"akka.tcp://{o.Cluster.SystemName}@127.0.0.1:{seed}"];
        }, bmcs.Registry);

    private static Task<PeriodicCommands.PassCompleted> Pass(ConductorHost host) =>
        host.PowerSync.Ask<PeriodicCommands.PassCompleted>(new PeriodicCommands.RunPass(PowerSyncActor.SyncPass), TimeSpan.FromSeconds(60));

    [Test]
    public async Task A_pass_on_both_conductors_reads_every_node_exactly_once()
    {
        var bmcs = new ScriptedBmcs();
        var portA = FreePort.NextTcp();
        await using var a = await StartAsync(bmcs, "conductor-a", portA, null);
        await using var b = await StartAsync(bmcs, "conductor-b", FreePort.NextTcp(), portA);

        var ids = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in ids)
        {
            await a.AskAsync<NodeView>(new CreateNode(id, new JsonObject { ["driver"] = "fake-hardware" }, ProvisionStates.Enroll));
            await a.ProvisionAsync(id, "manage", ProvisionStates.Manageable);
        }
        // Each member's query model must know them (the other member's learns from the journal).
        foreach (var host in new[] { a, b })
            await WaitUntilListed(host, ids);

        // A first pass on both allocates every shard (keepers); then the shards settle between the two (the first
        // conductor up may hold them all until a rebalance moves half of them); the measured pass follows.
        await Task.WhenAll(Pass(a), Pass(b));
        await WaitUntilBalanced(a, b);
        var before = ids.ToDictionary(id => id, bmcs.ReadsOf);
        var passes = await Task.WhenAll(Pass(a), Pass(b));

        var reads = ids.Select(id => bmcs.ReadsOf(id) - before[id]).ToList();
        Assert.That(reads, Has.All.EqualTo(1), "every node read once in the pass, by one of the two conductors");
        Assert.That(passes.Select(p => p.Checked), Has.All.GreaterThan(0), "both conductors host shards and do their part");
    }

    /// <summary>Until each member hosts node shards (placed ones) and their counts differ by at most one (rebalance is done).</summary>
    private static async Task WaitUntilBalanced(ConductorHost a, ConductorHost b)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var counts = await Task.WhenAll(new[] { a, b }.Select(async h =>
                (await h.Region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10))).Shards
                .Count(s => Nodes.NodeMessageExtractor.PlacementOf(s.ShardId) is not null)));
            if (counts.All(c => c > 0) && Math.Abs(counts[0] - counts[1]) <= 1)
                return;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"shards did not settle between the two conductors: {counts[0]} and {counts[1]}");
            await Task.Delay(200);
        }
    }

    private static async Task WaitUntilListed(ConductorHost host, IReadOnlyCollection<Guid> ids)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var page = await host.QueryModel.Ask<NodeQueries.NodePage>(
                new NodeQueries.ListNodes(ProvisionState: ProvisionStates.Manageable, Limit: 1000), TimeSpan.FromSeconds(10));
            var known = page.Nodes.Where(v => v.Node.PowerState is not null).Select(v => v.Node.Uuid).ToHashSet();
            if (ids.All(known.Contains))
                return;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"the query model lists {ids.Count(known.Contains)} of {ids.Count} nodes");
            await Task.Delay(100);
        }
    }
}
