using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// GET /v1/nodes/{ident}/inventory (1.81) while the server announces 1.78: as Ironic 21.4 below 1.81, the node
/// controller has no inventory, whatever the method and whether the node exists (its 404 uses pecan's
/// code/title/description form; ours the faultstring form, as README says).
/// </summary>
[TestFixture]
public sealed class NodeInventoryTests : ServerFixture
{
    [Test]
    public async Task The_inventory_below_1_81_is_not_found_before_anything_else()
    {
        var name = NodeSteps.UniqueName("inventory");
        await Api.CreateFakeNodeAsync(name);
        Expect.Error(await Api.GetAsync($"/v1/nodes/{name}/inventory"), 404, "The resource could not be found.");
        Expect.Error(await Api.GetAsync("/v1/nodes/nope/inventory"), 404, "The resource could not be found.");
        Expect.Error(await Api.PostAsync($"/v1/nodes/{name}/inventory", new JsonObject()), 404, "The resource could not be found.");
        Expect.Error(await Api.GetAsync($"/v1/nodes/{name}/inventory?x=1"), 404, "The resource could not be found.");
        Expect.Error(await Api.GetAsync($"/v1/nodes/{name}/inventory/x"), 404, "The resource could not be found.");
    }
}
