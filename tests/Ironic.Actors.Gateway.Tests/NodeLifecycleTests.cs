using System.Globalization;
using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// A fake-hardware node through its whole life (create, manage, provide, power, deploy, undeploy, maintenance,
/// delete) and JSON PATCH, checked against the exchanges recorded from Ironic 21.4.
/// </summary>
[TestFixture]
public sealed class NodeLifecycleTests : ServerFixture
{
    [Test]
    public async Task Create_answers_201_with_location_and_the_sample_node()
    {
        var name = NodeSteps.UniqueName("life-create");
        var response = await Api.PostAsync("/v1/nodes", new JsonObject
        {
            ["driver"] = "fake-hardware", ["name"] = name, ["properties"] = new JsonObject { ["cpus"] = 2 },
        });

        Expect.Status(response, 201);
        var node = response.Object;
        var uuid = Expect.Str(node, "uuid")!;
        var expected = Expect.Sample(Samples.NodeCreatedAt178, BaseUrl, uuid, name, Server.ConductorHost);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Guid.TryParse(uuid, out _), Is.True, "uuid");
            Assert.That(Guid.Parse(uuid).Version, Is.EqualTo(7), "a UUID the service gives is led by its creation time (NewUuids)");
            Expect.VersionHeaders(response, "1.78");
            Expect.RequestId(response);
            Assert.That(response.ContentType?.MediaType, Is.EqualTo("application/json"));
            Expect.Location(response, BaseUrl, $"/v1/nodes/{uuid}");
            Expect.KeyOrder(node, Expect.Keys(expected), "created node at 1.78");
            Expect.JsonEqual(Expect.Without(node, "created_at"), Expect.Without(expected, "created_at"), "created node at 1.78");
            AssertTimestamp(node, "created_at");
        }

        var get = await Api.GetAsync($"/v1/nodes/{uuid}");
        Expect.Status(get, 200);
        using (Assert.EnterMultipleScope())
        {
            Expect.VersionHeaders(get, "1.78");
            Expect.KeyOrder(get.Object, Expect.Keys(expected), "GET node at 1.78");
            Expect.JsonEqual(Expect.Without(get.Object, "created_at"), Expect.Without(expected, "created_at"), "GET node at 1.78");
            Assert.That(ParseTimestamp(get.Object, "created_at"), Is.EqualTo(ParseTimestamp(node, "created_at")).Within(TimeSpan.FromSeconds(1)),
                "created_at of GET and POST");
        }
    }

    [Test]
    public async Task Manage_and_provide_answer_202_and_reach_available()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("life-manage"));

        var manage = await Api.PutAsync($"/v1/nodes/{uuid}/states/provision", new JsonObject { ["target"] = "manage" });
        AssertAccepted(manage, uuid);
        var manageable = await Api.WaitForProvisionStateAsync(uuid, "manageable");
        Assert.That(manageable["provision_updated_at"], Is.Not.Null, "provision_updated_at is set on every provision state change");

        var provide = await Api.PutAsync($"/v1/nodes/{uuid}/states/provision", new JsonObject { ["target"] = "provide" });
        AssertAccepted(provide, uuid);
        var available = await Api.WaitForProvisionStateAsync(uuid, "available");
        Assert.That(available["last_error"], Is.Null);
    }

    [Test]
    public async Task Power_on_answers_202_and_the_node_powers_on()
    {
        var name = NodeSteps.UniqueName("life-power");
        var uuid = await Api.CreateFakeNodeAsync(name);
        await Api.MoveFromEnrollAsync(uuid, "available");

        // By name: the Location echoes the identifier of the request.
        var on = await Api.PutAsync($"/v1/nodes/{name}/states/power", new JsonObject { ["target"] = "power on" });
        AssertAccepted(on, name);
        await Api.WaitForPowerStateAsync(uuid, "power on");

        var off = await Api.PutAsync($"/v1/nodes/{uuid}/states/power", new JsonObject { ["target"] = "power off" });
        AssertAccepted(off, uuid);
        var node = await Api.WaitForPowerStateAsync(uuid, "power off");
        Assert.That(node["last_error"], Is.Null);
    }

    [Test]
    public async Task States_endpoint_has_the_sample_shape()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("life-states"));
        await Api.MoveFromEnrollAsync(uuid, "available");
        await Api.PowerAsync(uuid, "power on");
        var node = await Api.WaitForPowerStateAsync(uuid, "power on");

        var response = await Api.GetAsync($"/v1/nodes/{uuid}/states");

        Expect.Status(response, 200);
        var states = response.Object;
        using (Assert.EnterMultipleScope())
        {
            Expect.VersionHeaders(response, "1.78");
            Expect.KeyOrder(states, Samples.StatesKeysAt178, "GET /states at 1.78");
            Expect.JsonEqual(Expect.Without(states, "provision_updated_at"), JsonNode.Parse("""
                {"console_enabled": false, "last_error": null, "power_state": "power on", "provision_state": "available", "target_power_state": null,
                 "target_provision_state": null, "raid_config": {}, "target_raid_config": {}, "boot_mode": null, "secure_boot": null}
                """), "GET /states");
            Assert.That(Expect.Str(states, "provision_updated_at"), Is.EqualTo(Expect.Str(node, "provision_updated_at")),
                "provision_updated_at of /states and of the node");
            AssertTimestamp(states, "provision_updated_at");
        }
    }

    [Test]
    public async Task Deploy_then_undeploy_goes_active_then_available()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("life-deploy"));
        await Api.MoveFromEnrollAsync(uuid, "available");
        await Api.PowerAsync(uuid, "power on");
        await Api.WaitForPowerStateAsync(uuid, "power on");

        AssertAccepted(await Api.PutAsync($"/v1/nodes/{uuid}/states/provision", new JsonObject { ["target"] = "active" }), uuid);
        await Api.WaitForProvisionStateAsync(uuid, "active");

        var projected = await Api.GetAsync($"/v1/nodes/{uuid}?fields=provision_state,power_state,target_provision_state");
        Expect.Status(projected, 200);
        Expect.KeyOrder(projected.Object, ["provision_state", "power_state", "target_provision_state", "links"], "?fields= projection");
        Expect.JsonEqual(projected.Object, JsonNode.Parse($$"""
            {"provision_state": "active", "power_state": "power on", "target_provision_state": null,
             "links": [{"href": "{{BaseUrl}}/v1/nodes/{{uuid}}", "rel": "self"}, {"href": "{{BaseUrl}}/nodes/{{uuid}}", "rel": "bookmark"}]}
            """), "?fields= projection");

        AssertAccepted(await Api.PutAsync($"/v1/nodes/{uuid}/states/provision", new JsonObject { ["target"] = "deleted" }), uuid);
        var node = await Api.WaitForProvisionStateAsync(uuid, "available");
        Assert.That(node["last_error"], Is.Null);
    }

    [Test]
    public async Task Maintenance_is_set_with_a_reason_and_cleared()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("life-maint"));

        var set = await Api.PutAsync($"/v1/nodes/{uuid}/maintenance", new JsonObject { ["reason"] = "disk swap" });
        Expect.Empty(set, 202);
        var inMaintenance = await Api.GetNodeAsync(uuid);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(inMaintenance["maintenance"]?.GetValue<bool>(), Is.True, "maintenance");
            Assert.That(Expect.Str(inMaintenance, "maintenance_reason"), Is.EqualTo("disk swap"), "maintenance_reason");
        }

        var clear = await Api.DeleteAsync($"/v1/nodes/{uuid}/maintenance");
        Expect.Empty(clear, 202);
        var cleared = await Api.GetNodeAsync(uuid);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(cleared["maintenance"]?.GetValue<bool>(), Is.False, "maintenance");
            Assert.That(cleared["maintenance_reason"], Is.Null, "maintenance_reason");
            Assert.That(cleared["fault"], Is.Null, "fault");
        }
    }

    [Test]
    public async Task Maintenance_reason_can_come_from_the_query()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("life-maintq"));

        Expect.Empty(await Api.PutAsync($"/v1/nodes/{uuid}/maintenance?reason=bios%20update", null), 202);

        var node = await Api.GetNodeAsync(uuid);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(node["maintenance"]?.GetValue<bool>(), Is.True);
            Assert.That(Expect.Str(node, "maintenance_reason"), Is.EqualTo("bios update"));
        }
    }

    [Test]
    public async Task Delete_answers_204_and_the_node_is_gone()
    {
        var name = NodeSteps.UniqueName("life-delete");
        var uuid = await Api.CreateFakeNodeAsync(name);
        await Api.MoveFromEnrollAsync(uuid, "available");

        var delete = await Api.DeleteAsync($"/v1/nodes/{uuid}");

        Expect.Empty(delete, 204);
        Expect.Error(await Api.GetAsync($"/v1/nodes/{uuid}"), 404, $"Node {uuid} could not be found.");
        Expect.Error(await Api.GetAsync($"/v1/nodes/{name}"), 404, $"Node {name} could not be found.");
        var (nodes, _) = await Api.ListAsync("/v1/nodes");
        Assert.That(nodes.Select(n => Expect.Str(n, "uuid")), Does.Not.Contain(uuid), "a deleted node must leave the list");
    }

    [Test]
    public async Task A_node_read_again_shows_every_change_at_once()
    {
        // Reads of a node at rest are kept by the gateway (NodeViewCache): each change must show on the very next read.
        var name = NodeSteps.UniqueName("life-reread");
        var renamed = NodeSteps.UniqueName("life-renamed");
        var uuid = await Api.CreateFakeNodeAsync(name);
        for (var i = 0; i < 2; i++)
        {
            Assert.That((await Api.GetNodeAsync(uuid))["description"], Is.Null);
            Assert.That((await Api.GetNodeAsync(name))["description"], Is.Null);
        }

        Expect.Status(await Api.PatchAsync($"/v1/nodes/{name}", new JsonArray(Op("add", "/description", "first"))), 200);
        Assert.That(Expect.Str(await Api.GetNodeAsync(uuid), "description"), Is.EqualTo("first"));
        Assert.That(Expect.Str(await Api.GetNodeAsync(name), "description"), Is.EqualTo("first"));

        Expect.Status(await Api.PatchAsync($"/v1/nodes/{uuid}", new JsonArray(Op("replace", "/name", renamed))), 200);
        Expect.Error(await Api.GetAsync($"/v1/nodes/{name}"), 404, $"Node {name} could not be found.");
        Assert.That(Expect.Str(await Api.GetNodeAsync(renamed), "uuid"), Is.EqualTo(uuid));
        Assert.That(Expect.Str(await Api.GetNodeAsync(uuid), "name"), Is.EqualTo(renamed));

        AssertAccepted(await Api.PutAsync($"/v1/nodes/{uuid}/states/power", new JsonObject { ["target"] = "power on" }), uuid);
        await Api.WaitForPowerStateAsync(uuid, "power on");
        Assert.That(Expect.Str(await Api.GetNodeAsync(renamed), "power_state"), Is.EqualTo("power on"), "the name's read too");

        Expect.Empty(await Api.DeleteAsync($"/v1/nodes/{uuid}"), 204);
        Expect.Error(await Api.GetAsync($"/v1/nodes/{uuid}"), 404, $"Node {uuid} could not be found.");
        Expect.Error(await Api.GetAsync($"/v1/nodes/{renamed}"), 404, $"Node {renamed} could not be found.");
    }

    [Test]
    public async Task Name_is_an_identifier_for_every_node_endpoint()
    {
        var name = NodeSteps.UniqueName("life-byname");
        var uuid = await Api.CreateFakeNodeAsync(name);

        var node = await Api.GetNodeAsync(name);
        Assert.That(Expect.Str(node, "uuid"), Is.EqualTo(uuid));
        var states = await Api.GetAsync($"/v1/nodes/{name}/states");
        Expect.Status(states, 200);
        var patched = await Api.PatchAsync($"/v1/nodes/{name}", new JsonArray(Op("add", "/extra/by", "name")));
        Expect.Status(patched, 200);
        AssertAccepted(await Api.PutAsync($"/v1/nodes/{name}/states/provision", new JsonObject { ["target"] = "manage" }), name);
        await Api.WaitForProvisionStateAsync(uuid, "manageable");
        Expect.Empty(await Api.DeleteAsync($"/v1/nodes/{name}"), 204);
        Expect.Status(await Api.GetAsync($"/v1/nodes/{uuid}"), 404);
    }

    [Test]
    public async Task Patch_adds_replaces_and_removes_extra_keys()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("life-patch"));
        var original = await Api.GetNodeAsync(uuid);

        var added = await Api.PatchAsync($"/v1/nodes/{uuid}", new JsonArray(Op("add", "/extra/k", "v")));
        Expect.Status(added, 200);
        using (Assert.EnterMultipleScope())
        {
            Expect.VersionHeaders(added, "1.78");
            Expect.KeyOrder(added.Object, Expect.Keys(original), "PATCH response (full node)");
            Expect.JsonEqual(added.Object["extra"], JsonNode.Parse("""{"k": "v"}"""), "extra after add");
            Assert.That(added.Object["updated_at"], Is.Not.Null, "updated_at after a change");
        }

        var replaced = await Api.PatchAsync($"/v1/nodes/{uuid}", new JsonArray(Op("replace", "/extra/k", "v2"), Op("add", "/extra/n", 1)));
        Expect.Status(replaced, 200);
        Expect.JsonEqual(replaced.Object["extra"], JsonNode.Parse("""{"k": "v2", "n": 1}"""), "extra after replace");

        var removed = await Api.PatchAsync($"/v1/nodes/{uuid}", new JsonArray(Op("remove", "/extra/k")));
        Expect.Status(removed, 200);
        Expect.JsonEqual(removed.Object["extra"], JsonNode.Parse("""{"n": 1}"""), "extra after remove");

        var fetched = await Api.GetNodeAsync(uuid);
        Expect.JsonEqual(fetched["extra"], JsonNode.Parse("""{"n": 1}"""), "extra as read back");
        Expect.JsonEqual(Expect.Without(fetched, "extra", "updated_at"), Expect.Without(original, "extra", "updated_at"),
            "the rest of the node is untouched by the patches");
    }

    [Test]
    public async Task Patch_adds_replaces_and_removes_driver_info_keys()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("life-dinfo"));

        var added = await Api.PatchAsync($"/v1/nodes/{uuid}", new JsonArray(Op("add", "/driver_info/ipmi_address", "10.0.0.1")));
        Expect.Status(added, 200);
        Expect.JsonEqual(added.Object["driver_info"], JsonNode.Parse("""{"ipmi_address": "10.0.0.1"}"""), "driver_info after add");

        var replaced = await Api.PatchAsync($"/v1/nodes/{uuid}", new JsonArray(Op("replace", "/driver_info/ipmi_address", "10.0.0.2")));
        Expect.Status(replaced, 200);
        Expect.JsonEqual(replaced.Object["driver_info"], JsonNode.Parse("""{"ipmi_address": "10.0.0.2"}"""), "driver_info after replace");

        var removed = await Api.PatchAsync($"/v1/nodes/{uuid}", new JsonArray(Op("remove", "/driver_info/ipmi_address")));
        Expect.Status(removed, 200);
        Expect.JsonEqual(removed.Object["driver_info"], new JsonObject(), "driver_info after remove");
        Expect.JsonEqual((await Api.GetNodeAsync(uuid))["driver_info"], new JsonObject(), "driver_info as read back");
    }

    [Test]
    public async Task Patch_of_root_fields_name_and_description()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("life-root"));
        var newName = NodeSteps.UniqueName("life-renamed");

        var patched = await Api.PatchAsync($"/v1/nodes/{uuid}", new JsonArray(
            Op("replace", "/name", newName), Op("add", "/description", "rack 4"), Op("replace", "/properties", new JsonObject { ["cpus"] = 8 })));

        Expect.Status(patched, 200);
        var node = await Api.GetNodeAsync(newName);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Expect.Str(node, "uuid"), Is.EqualTo(uuid));
            Assert.That(Expect.Str(node, "description"), Is.EqualTo("rack 4"));
            Expect.JsonEqual(node["properties"], JsonNode.Parse("""{"cpus": 8}"""), "properties");
        }

        var cleared = await Api.PatchAsync($"/v1/nodes/{uuid}", new JsonArray(Op("remove", "/description")));
        Expect.Status(cleared, 200);
        Assert.That(cleared.Object["description"], Is.Null, "remove of a root key resets it to null");
    }

    [Test]
    public async Task Patch_replace_of_a_missing_key_is_400_with_the_sample_text()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("life-badpatch"));
        var before = (await Api.GetAsync($"/v1/nodes/{uuid}")).Body;

        var response = await Api.PatchAsync($"/v1/nodes/{uuid}", new JsonArray(Op("replace", "/extra/k", "v")));

        Expect.Error(response, 400,
            "Couldn't apply patch '{'op': 'replace', 'path': '/extra/k', 'value': 'v'}'. Reason: can't replace a non-existent object 'k'");
        Assert.That((await Api.GetAsync($"/v1/nodes/{uuid}")).Body, Is.EqualTo(before), "node changed after a rejected PATCH");
    }

    [TestCase("/provision_state", "active")]
    [TestCase("/uuid", "11111111-2222-3333-4444-555555555555")]
    [TestCase("/power_state", "power on")]
    [TestCase("/created_at", "2020-01-01T00:00:00+00:00")]
    [TestCase("/traits", "CUSTOM_X")]
    public async Task Patch_of_a_read_only_field_is_400(string path, string value)
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("life-ro"));
        var before = (await Api.GetAsync($"/v1/nodes/{uuid}")).Body;

        var response = await Api.PatchAsync($"/v1/nodes/{uuid}", new JsonArray(Op("replace", path, value)));

        Expect.Error(response, 400);
        Assert.That((await Api.GetAsync($"/v1/nodes/{uuid}")).Body, Is.EqualTo(before), "node changed after a rejected PATCH");
    }

    private void AssertAccepted(IronicResponse response, string ident)
    {
        Expect.Empty(response, 202);
        using (Assert.EnterMultipleScope())
        {
            Expect.VersionHeaders(response, "1.78");
            Expect.Location(response, BaseUrl, $"/v1/nodes/{ident}/states");
        }
    }

    private static JsonObject Op(string op, string path, JsonNode? value = null)
    {
        var patch = new JsonObject { ["op"] = op, ["path"] = path };
        if (op != "remove")
            patch["value"] = value;
        return patch;
    }

    private static DateTimeOffset ParseTimestamp(JsonObject node, string field) =>
        DateTimeOffset.Parse(Expect.Str(node, field)!, CultureInfo.InvariantCulture);

    /// <summary>Ironic renders timestamps as ISO 8601 with an explicit +00:00 offset.</summary>
    private static void AssertTimestamp(JsonObject node, string field)
    {
        var text = Expect.Str(node, field);
        Assert.That(text, Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?\+00:00$"), $"{field} format");
        Assert.That(ParseTimestamp(node, field), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(5)), $"{field} is recent");
    }
}
