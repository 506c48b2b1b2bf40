using System.Text;
using System.Text.Json.Nodes;
using Akka.Actor;
using Ironic.Actors.Conductor.ReadModel;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Protocol.Queries;
using NUnit.Framework;
using static Ironic.Actors.Protocol.Nodes.NodeCommands;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;

namespace Ironic.Actors.Conductor.Tests.ReadModel;

/// <summary>
/// List pages through the row cache (<see cref="NodeRowCache"/>) of a real conductor, the cluster's only one, on SQLite
/// and PostgreSQL: pages read again come from the rows kept, and a node changed or deleted since shows as it is now in
/// the next page read — the change's commit reports it before the change is answered.
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgresql")]
public sealed class ReadModelRowCacheTests(string provider) : ConductorOnStoreTests(provider)
{
    [Test]
    public async Task A_page_read_again_shows_each_change_answered_before_it()
    {
        var cache = NodeRowCache.For(Host.System);
        var nodes = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            var body = new JsonObject { ["driver"] = "fake-hardware", ["name"] = $"cached-{i}", ["resource_class"] = "rc" };
            nodes.Add((await Host.AskAsync<NodeView>(new CreateNode(Guid.NewGuid(), body, ProvisionStates.Enroll))).Node.Uuid);
        }
        Assert.That(cache.Active, Is.True, "the only conductor of its cluster");

        await PageAsync();
        await PageAsync();
        Assert.That(cache.Count, Is.EqualTo(6), "read twice: kept");

        var patchReply = await Host.AskAsync<object>(new PatchNode(nodes[2],
            [new PatchOperation("add", "/description", JsonValue.Create("changed after it was kept"), true)], false));
        Assert.That(patchReply, Is.TypeOf<NodeView>(), $"{patchReply}");
        var patched = (NodeView)patchReply;
        var page = await PageAsync();
        Assert.That(Doc(page, nodes[2]), Does.Contain("changed after it was kept"));
        Assert.That(page.Single(r => r.Uuid == nodes[2].ToString()).Version, Is.EqualTo(patched.Version));

        await Host.AskAsync<object>(new DeleteNode(nodes[4]));
        page = await PageAsync();
        Assert.That(page.Select(r => r.Uuid), Is.EqualTo(nodes.Where(n => n != nodes[4]).Select(n => n.ToString())), "the deleted node is gone, the order kept");

        await Host.ProvisionAsync(nodes[0], "manage", ProvisionStates.Manageable);
        Assert.That(Doc(await PageAsync(), nodes[0]), Does.Contain($"\"ProvisionState\":\"{ProvisionStates.Manageable}\""),
            "a change the driver's work made (not answered to anyone) shows too");
    }

    private async Task<IReadOnlyList<NodeQueries.StoredNode>> PageAsync()
    {
        var page = await Host.QueryModel.Ask<NodeQueries.StoredNodePage>(
            new NodeQueries.ListNodes(ResourceClass: "rc", Limit: 100) { AsStored = true }, TimeSpan.FromSeconds(15));
        return page.Rows;
    }

    private static string Doc(IReadOnlyList<NodeQueries.StoredNode> page, Guid node) =>
        Encoding.UTF8.GetString(page.Single(r => r.Uuid == node.ToString()).Document);
}
