using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Protocol.Queries;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.UnitTests;

/// <summary>
/// GET /v1/shards' body (1.82; the gateway announces 1.78 for now, so this is tested here rather than over HTTP): the
/// bodies Ironic 21.4 answered for the same nodes.
/// </summary>
public class ShardRendererTests
{
    [Test]
    public void Shards_are_listed_most_nodes_first_with_the_unsharded_nodes_named_None() =>
        Assert.That(PyJson.Serialize(ShardRenderer.Render([new("beta", 1), new("alpha", 1), new(null, 4)])),
            Is.EqualTo("""{"shards": [{"name": "None", "count": 4}, {"name": "alpha", "count": 1}, {"name": "beta", "count": 1}]}"""));

    [Test]
    public void Equal_counts_keep_the_database_group_order_null_first_then_by_name() =>
        Assert.That(PyJson.Serialize(ShardRenderer.Render([new("beta", 1), new("alpha", 2), new(null, 1), new("Zed", 1)])),
            Is.EqualTo("""{"shards": [{"name": "alpha", "count": 2}, {"name": "None", "count": 1}, {"name": "Zed", "count": 1}, {"name": "beta", "count": 1}]}"""));

    [Test]
    public void No_nodes_no_shards() =>
        Assert.That(PyJson.Serialize(ShardRenderer.Render([])), Is.EqualTo("""{"shards": []}"""));
}
