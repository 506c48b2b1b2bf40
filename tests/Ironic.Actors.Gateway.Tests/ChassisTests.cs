using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// /v1/chassis against the real server: CRUD with Ironic's field order, nodes that must name an existing chassis,
/// the chassis's node list, and ChassisNotEmpty.
/// </summary>
[TestFixture]
public sealed class ChassisTests : ServerFixture
{
    [Test]
    public async Task Create_answers_201_in_Ironics_field_order()
    {
        var response = await Api.PostAsync("/v1/chassis", new JsonObject { ["description"] = "rack 1", ["extra"] = new JsonObject { ["row"] = "B" } });

        Expect.Status(response, 201);
        var chassis = response.Object;
        var uuid = Expect.Str(chassis, "uuid")!;
        using (Assert.EnterMultipleScope())
        {
            Expect.VersionHeaders(response, "1.78");
            Expect.Location(response, BaseUrl, $"/v1/chassis/{uuid}");
            Expect.KeyOrder(chassis, ["uuid", "created_at", "updated_at", "description", "extra", "links", "nodes"], "created chassis");
            // Ironic 21.4 wraps the nodes links in one more list (a stray trailing comma in its code).
            Expect.JsonEqual(Expect.Without(chassis, "uuid", "created_at"), JsonNode.Parse($$"""
                {"updated_at": null, "description": "rack 1", "extra": {"row": "B"},
                 "links": [{"href": "{{BaseUrl}}/v1/chassis/{{uuid}}", "rel": "self"}, {"href": "{{BaseUrl}}/chassis/{{uuid}}", "rel": "bookmark"}],
                 "nodes": [[{"href": "{{BaseUrl}}/v1/chassis/{{uuid}}/nodes", "rel": "self"}, {"href": "{{BaseUrl}}/chassis/{{uuid}}/nodes", "rel": "bookmark"}]]}
                """), "created chassis");
        }
        var get = await Api.GetAsync($"/v1/chassis/{uuid}", version: null);
        Expect.Status(get, 200);
        Assert.That(get.Object.ToJsonString(), Is.EqualTo(chassis.ToJsonString()), "chassis look the same at every version");
    }

    [Test]
    public async Task Lists_show_uuid_and_description_by_default()
    {
        var chassis = await Api.CreateChassisAsync("listed");
        var uuid = Expect.Str(chassis, "uuid")!;
        var (items, _) = await Api.ListAsync("/v1/chassis", "chassis");
        var item = items.OfType<JsonObject>().Single(i => Expect.Str(i, "uuid") == uuid);
        Expect.KeyOrder(item, ["uuid", "description", "links"], "default chassis list item");
        var (detail, _) = await Api.ListAsync("/v1/chassis/detail", "chassis");
        Assert.That(detail.OfType<JsonObject>().Single(i => Expect.Str(i, "uuid") == uuid).ToJsonString(), Is.EqualTo(chassis.ToJsonString()));
        var (limited, next) = await Api.ListAsync("/v1/chassis?limit=1", "chassis");
        Assert.That(limited, Has.Count.EqualTo(1));
        Assert.That(next, Does.StartWith($"{BaseUrl}/v1/chassis?sort_key=id&sort_dir=asc&fields=uuid,description&limit=1&marker="));
        Expect.Error(await Api.GetAsync("/v1/chassis?fields=description", "1.7"), 406);
        Expect.Error(await Api.GetAsync("/v1/chassis?sort_key=extra"), 400, "The sort_key value extra is an invalid field for sorting");
    }

    [Test]
    public async Task Bad_input_is_400_or_404_and_changes_nothing()
    {
        var tooLong = new string('d', 256);
        Expect.Error(await Api.PostAsync("/v1/chassis", new JsonObject { ["description"] = tooLong }), 400, $"Schema error for chassis: '{tooLong}' is too long");
        Expect.Error(await Api.PostAsync("/v1/chassis", new JsonObject { ["name"] = "x" }), 400,
            "Schema error for chassis: Additional properties are not allowed ('name' was unexpected)");
        Expect.Error(await Api.PostAsync("/v1/chassis", new JsonObject { ["uuid"] = "x" }), 400, "Expected UUID for uuid: x");
        var missing = Guid.NewGuid();
        Expect.Error(await Api.GetAsync($"/v1/chassis/{missing}"), 404, $"Chassis {missing} could not be found.");
        Expect.Error(await Api.GetAsync("/v1/chassis/rack-1"), 400, "Expected UUID for chassis_uuid: rack-1");
        Expect.Error(await Api.DeleteAsync($"/v1/chassis/{missing}"), 404, $"Chassis {missing} could not be found.");

        var uuid = Expect.Str(await Api.CreateChassisAsync("stable"), "uuid")!;
        var path = $"/v1/chassis/{uuid}";
        await Api.AssertRefusedAndUnchangedAsync(path, () => Api.PatchAsync(path, $$"""[{"op": "replace", "path": "/description", "value": "{{tooLong}}"}]"""), 400,
            $"Schema error for patch: '{tooLong}' is too long");
        await Api.AssertRefusedAndUnchangedAsync(path, () => Api.PatchAsync(path, """[{"op": "remove", "path": "/uuid"}]"""), 400,
            "Cannot overwrite UUID for an existing Chassis.");
        await Api.AssertRefusedAndUnchangedAsync(path, () => Api.PatchAsync(path, """[{"op": "add", "path": "/nodes", "value": []}]"""), 400,
            "Cannot patch /nodes. Only the following can be updated: uuid, extra, description");
        var patched = await Api.PatchAsync(path, """[{"op": "replace", "path": "/description", "value": "renamed"}]""");
        Expect.Status(patched, 200);
        Assert.That((Expect.Str(patched.Object, "description"), patched.Object["updated_at"] is not null), Is.EqualTo(("renamed", true)));
    }

    [Test]
    public async Task Nodes_name_existing_chassis_which_keep_them_until_they_leave()
    {
        var chassis = Expect.Str(await Api.CreateChassisAsync("rack 2"), "uuid")!;
        var missing = Guid.NewGuid();
        Expect.Error(await Api.PostAsync("/v1/nodes", new JsonObject { ["driver"] = "fake-hardware", ["chassis_uuid"] = missing.ToString() }), 400,
            $"Chassis {missing} could not be found.");

        var node = Expect.Str(await Api.CreateNodeAsync(new JsonObject
        {
            ["driver"] = "fake-hardware", ["name"] = NodeSteps.UniqueName("in-rack"), ["chassis_uuid"] = chassis,
        }), "uuid")!;
        Assert.That(Expect.Str(await Api.GetNodeAsync(node), "chassis_uuid"), Is.EqualTo(chassis));
        var (nodes, _) = await Api.ListAsync($"/v1/chassis/{chassis}/nodes", "nodes");
        Assert.That(nodes.Select(n => Expect.Str(n, "uuid")), Is.EqualTo(new[] { node }));
        Expect.KeyOrder((JsonObject)nodes[0]!, ["uuid", "name", "instance_uuid", "power_state", "provision_state", "maintenance", "links"], "node list view");
        Expect.Error(await Api.GetAsync($"/v1/chassis/{missing}/nodes"), 404, $"Chassis {missing} could not be found.");
        Expect.Error(await Api.PostAsync($"/v1/chassis/{chassis}/nodes", new JsonObject { ["driver"] = "fake-hardware" }), 403, "Operation not permitted.");
        Expect.Error(await Api.GetAsync($"/v1/chassis/{chassis}/nodes/{node}"), 403, "Operation not permitted.");

        await Api.AssertRefusedAndUnchangedAsync($"/v1/chassis/{chassis}", () => Api.DeleteAsync($"/v1/chassis/{chassis}"), 400,
            $"Cannot complete the requested action because chassis {chassis} contains nodes.");
        Expect.Error(await Api.PatchAsync($"/v1/nodes/{node}", """[{"op": "remove", "path": "/chassis_uuid"}]""", "1.24"), 406);
        Expect.Error(await Api.PatchAsync($"/v1/nodes/{node}", $$"""[{"op": "replace", "path": "/chassis_uuid", "value": "{{missing}}"}]"""), 400,
            $"Chassis {missing} could not be found.");
        Expect.Status(await Api.PatchAsync($"/v1/nodes/{node}", """[{"op": "remove", "path": "/chassis_uuid"}]"""), 200);
        Assert.That((await Api.ListAsync($"/v1/chassis/{chassis}/nodes", "nodes")).Items, Is.Empty);

        await WaitUntilDeletedAsync(chassis);
        Expect.Error(await Api.GetAsync($"/v1/chassis/{chassis}"), 404, $"Chassis {chassis} could not be found.");
    }

    [Test]
    public async Task Deleting_its_last_node_frees_a_chassis()
    {
        var chassis = Expect.Str(await Api.CreateChassisAsync("rack 3"), "uuid")!;
        var node = Expect.Str(await Api.CreateNodeAsync(new JsonObject { ["driver"] = "fake-hardware", ["chassis_uuid"] = chassis }), "uuid")!;
        Expect.Empty(await Api.DeleteAsync($"/v1/nodes/{node}"), 204);
        await WaitUntilDeletedAsync(chassis);
    }

    /// <summary>The node tells its chassis it left right after storing it; give that message a moment.</summary>
    private async Task WaitUntilDeletedAsync(string chassis)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var response = await Api.DeleteAsync($"/v1/chassis/{chassis}");
            if (response.StatusCode == 204 || DateTime.UtcNow > deadline)
            {
                Expect.Empty(response, 204);
                return;
            }
            await Task.Delay(50);
        }
    }
}
