using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// GET/PUT /v1/nodes/{ident}/states/console and PUT /v1/nodes/{ident}/states/raid against the real server; every
/// expected status and body is what Ironic 21.4 (fake-hardware, fake and no-op console/RAID interfaces) answered.
/// </summary>
[TestFixture]
public sealed class NodeConsoleAndRaidTests : ServerFixture
{
    private const string BoolWords = "'0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'";
    private const string NoConsole = "Driver fake-hardware does not support console (disabled or not implemented).";
    private const string NoRaid = "Driver fake-hardware does not support raid (disabled or not implemented).";

    private static JsonObject Enabled(JsonNode? value) => new() { ["enabled"] = value };

    private Task<IronicResponse> Console(string ident, string? version = IronicClient.DefaultVersion) =>
        Api.GetAsync($"/v1/nodes/{ident}/states/console", version);

    private Task<IronicResponse> SetConsole(string ident, object? body, string? version = IronicClient.DefaultVersion) =>
        Api.PutAsync($"/v1/nodes/{ident}/states/console", body, version);

    private Task<IronicResponse> SetRaid(string ident, object? body, string? version = IronicClient.DefaultVersion) =>
        Api.PutAsync($"/v1/nodes/{ident}/states/raid", body, version);

    [Test]
    public async Task Console_enable_and_disable_answer_202_and_show_at_once_in_the_node_and_in_lists()
    {
        var name = NodeSteps.UniqueName("console");
        var uuid = await Api.CreateFakeNodeAsync(name);
        var off = await Console(name);
        Expect.Status(off, 200);
        Assert.That(off.Body, Is.EqualTo("""{"console_enabled": false, "console_info": null}"""));

        var enabled = await SetConsole(name, Enabled(true));

        Expect.Empty(enabled, 202);
        Expect.Location(enabled, BaseUrl, $"/v1/nodes/{name}/states/console");
        Assert.That((await Console(name)).Body, Is.EqualTo("""{"console_enabled": true, "console_info": {}}"""));
        Assert.That((await Api.GetNodeAsync(uuid))["console_enabled"]!.GetValue<bool>(), Is.True);
        Assert.That((await Api.GetAsync($"/v1/nodes/{uuid}/states")).Object["console_enabled"]!.GetValue<bool>(), Is.True);
        var (items, _) = await Api.ListAsync($"/v1/nodes?fields=uuid,console_enabled&limit=1000");
        Assert.That(items.Single(n => n!["uuid"]!.GetValue<string>() == uuid)!["console_enabled"]!.GetValue<bool>(), Is.True,
            "the read model's row carries the change");

        Expect.Empty(await SetConsole(name, Enabled(true)), 202); // already enabled: nothing to do, still 202
        Expect.Empty(await SetConsole(name, Enabled("off")), 202);
        Assert.That((await Console(name)).Body, Is.EqualTo("""{"console_enabled": false, "console_info": null}"""));
        Expect.Empty(await SetConsole(name, Enabled(JsonValue.Create(1))), 202);
        Expect.Empty(await SetConsole(name, Enabled(null)), 202); // null asks for nothing
        Assert.That((await Console(name)).Body, Is.EqualTo("""{"console_enabled": true, "console_info": {}}"""));
        Expect.Empty(await SetConsole(uuid, Enabled(false), "1.1"), 202);
        Assert.That((await Console(uuid, "1.1")).Body, Is.EqualTo("""{"console_enabled": false, "console_info": null}"""));
    }

    [Test]
    public async Task Bad_console_requests_get_Ironics_errors_and_change_nothing()
    {
        var name = NodeSteps.UniqueName("console-bad");
        var uuid = await Api.CreateFakeNodeAsync(name);
        var before = await Api.GetNodeAsync(uuid);

        using (Assert.EnterMultipleScope())
        {
            Expect.Error(await SetConsole(name, new JsonObject()), 400, "Missing mandatory parameter: enabled");
            Expect.Error(await SetConsole(name, "[]"), 400, "Missing mandatory parameter: enabled");
            Expect.Error(await SetConsole(name, "null"), 400, "Missing mandatory parameter: enabled");
            Expect.Error(await SetConsole(name, new JsonObject { ["x"] = 1 }), 400, "Unexpected arguments: x");
            Expect.Error(await SetConsole(name, new JsonObject { ["enabled"] = true, ["x"] = 1 }), 400, "Unexpected arguments: x");
            Expect.Error(await SetConsole(name, Enabled("maybe")), 400, $"Invalid enabled: Unrecognized value 'maybe', acceptable values are: {BoolWords}");
            Expect.Error(await SetConsole(name, Enabled(2)), 400, $"Invalid enabled: Unrecognized value '2', acceptable values are: {BoolWords}");
            Expect.Error(await SetConsole(name, Enabled(new JsonArray())), 400, $"Invalid enabled: Unrecognized value '[]', acceptable values are: {BoolWords}");
            Expect.Error(await SetConsole("no-such-node", Enabled(true)), 404, "Node no-such-node could not be found.");
            Expect.Error(await SetConsole("no-such-node", Enabled("maybe")), 400, $"Invalid enabled: Unrecognized value 'maybe', acceptable values are: {BoolWords}");
            Expect.Error(await Console("no-such-node"), 404, "Node no-such-node could not be found.");
            Expect.Error(await Console(name, "1.4"), 404, $"Node {name} could not be found.");
            Expect.Error(await Api.PostAsync($"/v1/nodes/{name}/states/console", Enabled(true)), 405);
            Expect.Error(await Api.DeleteAsync($"/v1/nodes/{name}/states/console"), 405);
        }
        var after = await Api.GetNodeAsync(uuid);
        Assert.That(after["updated_at"]?.ToJsonString(), Is.EqualTo(before["updated_at"]?.ToJsonString()), "nothing was stored");
    }

    [Test]
    public async Task A_no_console_node_is_400_on_put_and_shows_a_disabled_console()
    {
        var name = NodeSteps.UniqueName("no-console");
        await Api.CreateNodeAsync(new JsonObject { ["driver"] = "fake-hardware", ["name"] = name, ["console_interface"] = "no-console" });

        Expect.Error(await SetConsole(name, Enabled(true)), 400, NoConsole);
        Expect.Error(await SetConsole(name, Enabled(false)), 400, NoConsole);
        Assert.That((await Console(name)).Body, Is.EqualTo("""{"console_enabled": false, "console_info": null}"""));
    }

    [Test]
    public async Task An_enabled_console_whose_interface_became_no_console_is_400_on_get()
    {
        var name = NodeSteps.UniqueName("console-switched");
        await Api.CreateFakeNodeAsync(name);
        Expect.Empty(await SetConsole(name, Enabled(true)), 202);
        var patched = await Api.PatchAsync($"/v1/nodes/{name}",
            new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/console_interface", ["value"] = "no-console" }));
        Expect.Status(patched, 200);

        Expect.Error(await Console(name), 400, NoConsole);
    }

    [Test]
    public async Task Target_raid_config_is_stored_with_204_and_cleared_by_an_empty_body()
    {
        var name = NodeSteps.UniqueName("raid");
        var uuid = await Api.CreateFakeNodeAsync(name);
        var config = JsonNode.Parse("""{"logical_disks": [{"size_gb": "MAX", "raid_level": "1+0", "is_root_volume": true}, {"size_gb": 100, "raid_level": "5", "controller": "c0", "physical_disks": ["d0", "d1", "d2"]}]}""")!;

        Expect.Empty(await SetRaid(name, config), 204);

        var node = await Api.GetNodeAsync(uuid);
        Expect.JsonEqual(node["target_raid_config"], config, "target_raid_config");
        Expect.JsonEqual(node["raid_config"], new JsonObject(), "raid_config is untouched");
        Expect.JsonEqual((await Api.GetAsync($"/v1/nodes/{uuid}/states")).Object["target_raid_config"], config, "states");

        Expect.Empty(await SetRaid(name, null), 204);
        Expect.JsonEqual((await Api.GetNodeAsync(uuid))["target_raid_config"], new JsonObject(), "no body clears it");
        Expect.Empty(await SetRaid(name, config), 204);
        Expect.Empty(await SetRaid(name, new JsonObject()), 204);
        Expect.JsonEqual((await Api.GetNodeAsync(uuid))["target_raid_config"], new JsonObject(), "{} clears it");
    }

    [TestCase("""{"logical_disks": []}""", "RAID config validation error: [] is too short")]
    [TestCase("""{"logical_disks": [{"size_gb": 10.5, "raid_level": "5"}]}""", "RAID config validation error: 10.5 is not valid under any of the given schemas")]
    [TestCase("""{"logical_disks": [{"size_gb": "10", "raid_level": "5"}]}""", "RAID config validation error: '10' is not one of ['MAX']")]
    [TestCase("""{"logical_disks": [{"size_gb": 10}]}""", "RAID config validation error: 'raid_level' is a required property")]
    [TestCase("""{"logical_disks": [{"size_gb": 10, "raid_level": "1"}], "foo": 1}""", "RAID config validation error: Additional properties are not allowed ('foo' was unexpected)")]
    [TestCase("""{"logical_disks": [{"size_gb": 10, "raid_level": "1", "physical_disks": ["a"]}]}""", "RAID config validation error: 'controller' is a dependency of 'physical_disks'")]
    [TestCase("""{"logical_disks": [{"size_gb": 10, "raid_level": "1", "is_root_volume": true}, {"size_gb": 10, "raid_level": "1", "is_root_volume": true}]}""",
        "Raid config cannot have more than one root volume. 2 root volumes were specified")]
    [TestCase("[]", "Expected types <class 'dict'> for target_raid_config: []")]
    [TestCase("null", "Expected types <class 'dict'> for target_raid_config: None")]
    [TestCase("\"abc\"", "Expected types <class 'dict'> for target_raid_config: abc")]
    [TestCase("true", "Expected types <class 'dict'> for target_raid_config: True")]
    public async Task Invalid_target_raid_configs_are_400_and_stored_nowhere(string body, string message)
    {
        var name = NodeSteps.UniqueName("raid-bad");
        var uuid = await Api.CreateFakeNodeAsync(name);

        Expect.Error(await SetRaid(name, body), 400, message);

        Expect.JsonEqual((await Api.GetNodeAsync(uuid))["target_raid_config"], new JsonObject(), "target_raid_config");
    }

    [Test]
    public async Task Raid_on_a_no_raid_node_is_404_below_1_12_is_406_and_a_missing_node_is_404()
    {
        var name = NodeSteps.UniqueName("no-raid");
        var created = await Api.CreateNodeAsync(new JsonObject { ["driver"] = "fake-hardware", ["name"] = name, ["raid_interface"] = "no-raid" });
        var uuid = created["uuid"]!.GetValue<string>();
        var config = JsonNode.Parse("""{"logical_disks": [{"size_gb": 100, "raid_level": "1"}]}""");

        using (Assert.EnterMultipleScope())
        {
            Expect.Error(await SetRaid(name, config), 404, NoRaid);
            Expect.Error(await SetRaid(name, new JsonObject { ["foo"] = 1 }), 404, NoRaid);
            Expect.Empty(await SetRaid(name, new JsonObject()), 204); // an empty configuration is not checked
            Expect.Error(await SetRaid(uuid, config, "1.11"), 406, "Request not acceptable.");
            Expect.Error(await SetRaid(uuid, "[]", "1.11"), 400, "Expected types <class 'dict'> for target_raid_config: []");
            Expect.Error(await SetRaid("no-such-node", new JsonObject(), "1.11"), 404, "Node no-such-node could not be found.");
            Expect.Error(await SetRaid("no-such-node", new JsonObject()), 404, "Node no-such-node could not be found.");
            Expect.Error(await Api.GetAsync($"/v1/nodes/{name}/states/raid"), 405);
        }
    }
}
