using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// Shards (1.82) while the server announces 1.78: everything about them is refused as Ironic 21.4 refuses it below 1.82
/// (statuses and fault strings from the reference; its 404/405 for /v1/shards use the code/title/description form,
/// whose description is our faultstring). The 1.82 behaviour is tested on its pure pieces (ShardRendererTests,
/// NodeListQueryTests, ReadModelShardTests) until the announced maximum is raised.
/// </summary>
[TestFixture]
public sealed class ShardGatingTests : ServerFixture
{
    private const string NeedsVersion = "Request not acceptable. The minimal required API version should be 1.82";

    [Test]
    public async Task Shards_below_1_82_are_refused_in_Ironics_words()
    {
        Expect.Error(await Api.GetAsync("/v1/shards"), 404, "The API version does not allow shards");
        Expect.Error(await Api.GetAsync("/v1/shards/alpha"), 404, "The API version does not allow shards");
        Expect.Error(await Api.PostAsync("/v1/shards", new JsonObject()), 405, "The API version does not allow shards");
        Expect.Error(await Api.GetAsync("/v1/nodes?shard=alpha"), 406, NeedsVersion);
        Expect.Error(await Api.GetAsync("/v1/nodes/detail?sharded=yes"), 406, NeedsVersion);
        Expect.Error(await Api.GetAsync("/v1/ports?shard=alpha"), 406, NeedsVersion);
        Expect.Error(await Api.GetAsync("/v1/ports/detail?shard=alpha", "1.50"), 406, NeedsVersion);
        Expect.Error(await Api.PostAsync("/v1/nodes", new JsonObject { ["driver"] = "fake-hardware", ["shard"] = "alpha" }), 406,
            "Request not acceptable.");
        var name = NodeSteps.UniqueName("shard");
        await Api.CreateFakeNodeAsync(name);
        Expect.Error(await Api.PatchAsync($"/v1/nodes/{name}", new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/shard", ["value"] = "alpha" })),
            406, "Request not acceptable.");
        Assert.That((await Api.GetNodeAsync(name)).ContainsKey("shard"), Is.False, "the field is not shown below 1.82");
    }
}
