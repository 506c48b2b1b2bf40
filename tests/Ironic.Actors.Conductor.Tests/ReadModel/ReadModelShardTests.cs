using System.Text.Json.Nodes;
using Akka.Actor;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Protocol.Ports;
using Ironic.Actors.Protocol.Queries;
using NUnit.Framework;
using static Ironic.Actors.Protocol.Nodes.NodeCommands;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;
using static Ironic.Actors.Protocol.Ports.PortCommands;

namespace Ironic.Actors.Conductor.Tests.ReadModel;

/// <summary>
/// The read model's shard queries (API 1.82, switched on in the gateway once 1.82 is announced), on SQLite and on
/// PostgreSQL: the node count of every shard (the nodes in no shard counted too) and ports filtered by their node's shard.
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgresql")]
public sealed class ReadModelShardTests(string provider) : ConductorOnStoreTests(provider)
{
    private async Task<Guid> NodeAsync(string? shard)
    {
        var id = Guid.NewGuid();
        await Host.AskAsync<NodeView>(new CreateNode(id, new JsonObject { ["driver"] = "fake-hardware", ["shard"] = shard }, ProvisionStates.Enroll));
        return id;
    }

    private async Task<Guid> PortAsync(Guid node, string mac)
    {
        var id = Guid.NewGuid();
        await Host.AskAsync<PortReplies.PortView>(PortCreates.Port(node, id, new JsonObject { ["node_uuid"] = node.ToString(), ["address"] = mac }));
        return id;
    }

    private Task<T> Query<T>(object query) => Host.QueryModel.Ask<T>(query, TimeSpan.FromSeconds(15));

    [Test]
    public async Task Shards_are_counted_with_the_unsharded_nodes_and_ports_are_filtered_by_their_nodes_shard()
    {
        var a1 = await NodeAsync("alpha");
        var a2 = await NodeAsync("alpha");
        var b = await NodeAsync("beta");
        var none = await NodeAsync(null);
        var pa1 = await PortAsync(a1, "52:54:00:40:00:01");
        var pa2 = await PortAsync(a2, "52:54:00:40:00:02");
        var pb = await PortAsync(b, "52:54:00:40:00:03");
        await PortAsync(none, "52:54:00:40:00:04");

        var shards = await Query<NodeQueries.Shards>(NodeQueries.ListShards.Instance);
        Assert.That(shards.Counts.Select(c => (c.Name, c.Count)), Is.EquivalentTo(new (string?, long)[] { ("alpha", 2), ("beta", 1), (null, 1) }));

        async Task<Guid[]> PortsIn(params string[] names) =>
            (await Query<PortQueries.PortPage>(new PortQueries.ListPorts { Shards = names })).Ports.Select(p => p.Port.Uuid).ToArray();
        Assert.That(await PortsIn("alpha"), Is.EquivalentTo(new[] { pa1, pa2 }));
        Assert.That(await PortsIn("alpha", "beta"), Is.EquivalentTo(new[] { pa1, pa2, pb }));
        Assert.That(await PortsIn("gamma"), Is.Empty);
        Assert.That(await PortsIn(), Is.Empty, "an empty list keeps nothing (the gateway sends none instead)");
        Assert.That((await Query<PortQueries.PortPage>(new PortQueries.ListPorts())).Ports, Has.Count.EqualTo(4));

        // A node that changes shard takes its ports along.
        await Host.AskAsync<NodeView>(new PatchNode(b, [new Domain.Nodes.PatchOperation("replace", "/shard", JsonValue.Create("alpha"), true)], false));
        Assert.That(await PortsIn("alpha"), Is.EquivalentTo(new[] { pa1, pa2, pb }));
        var after = await Query<NodeQueries.Shards>(NodeQueries.ListShards.Instance);
        Assert.That(after.Counts.Select(c => (c.Name, c.Count)), Is.EquivalentTo(new (string?, long)[] { ("alpha", 3), (null, 1) }));
    }
}
