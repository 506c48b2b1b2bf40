using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// /v1/nodes/{node}/bios[/{setting}] (1.40; registry fields, ?detail and ?fields 1.74) against the real server: the fake
/// bios interface caches what a manual clean's bios.apply_configuration gives and factory_reset removes it, and the
/// answers are Ironic 21.4's: Reference/bios-ironic-21.4.txt holds the exchanges they come from (recorded with
/// tools/reference-ironic/capture-bios.sh); the kept clean steps of a failed cleaning are in
/// Reference/compare-session-new-resources-ironic-21.4.txt (the new sections of compare-session.sh, normalized).
/// </summary>
[TestFixture]
public sealed class NodeBiosTests : ServerFixture
{
    private static readonly string[] RegistryKeys =
    [
        "created_at", "updated_at", "name", "value", "attribute_type", "allowable_values", "lower_bound", "max_length",
        "min_length", "read_only", "reset_required", "unique", "upper_bound", "links",
    ];

    private string Links(string node, string name) =>
        $$"""[{"href": "{{BaseUrl}}/v1/nodes/{{node}}/bios/{{name}}", "rel": "self"}, {"href": "{{BaseUrl}}/nodes/{{node}}/bios/{{name}}", "rel": "bookmark"}]""";

    private static JsonObject CleanStep(string step, JsonArray? settings = null)
    {
        var body = new JsonObject { ["interface"] = "bios", ["step"] = step };
        if (settings is not null)
            body["args"] = new JsonObject { ["settings"] = settings };
        return body;
    }

    private async Task CleanAsync(string node, JsonObject step, string endState = "manageable")
    {
        Expect.Status(await Api.PutAsync($"/v1/nodes/{node}/states/provision",
            new JsonObject { ["target"] = "clean", ["clean_steps"] = new JsonArray(step) }), 202);
        // A manual clean that fails keeps its target (manageable), as in Ironic.
        await Api.WaitForNodeAsync(node, n => Expect.Str(n, "provision_state") == endState &&
                                              (endState == "clean failed" || n["target_provision_state"] is null), endState);
    }

    private async Task<(string Uuid, string Name)> ManageableNodeAsync()
    {
        var name = NodeSteps.UniqueName("bios");
        var node = await Api.CreateFakeNodeAsync(name);
        await Api.MoveFromEnrollAsync(node, "manageable");
        return (node, name);
    }

    private static JsonArray TwoSettings() => (JsonArray)JsonNode.Parse("""
        [{"name": "ProcTurboMode", "value": "Enabled"},
         {"name": "BootMode", "value": "Uefi", "attribute_type": "Enumeration", "allowable_values": ["Bios", "Uefi"], "read_only": false, "reset_required": true}]
        """)!;

    [Test]
    public async Task Verify_caches_nothing_and_apply_configuration_caches_the_given_settings_sorted_by_name()
    {
        var (node, name) = await ManageableNodeAsync();
        // Ironic 21.4's fake bios reads nothing when the node is verified (manage): an empty list.
        Expect.JsonEqual((await Api.GetAsync($"/v1/nodes/{node}/bios")).Object, JsonNode.Parse("""{"bios": []}"""), "after manage");

        await CleanAsync(node, CleanStep("apply_configuration", TwoSettings()));

        var list = await Api.GetAsync($"/v1/nodes/{node}/bios");
        Expect.Status(list, 200);
        var items = list.Object["bios"]!.AsArray();
        Assert.That(items.Select(i => Expect.Str(i, "name")), Is.EqualTo(new[] { "BootMode", "ProcTurboMode" }));
        var first = (JsonObject)items[0]!;
        Expect.KeyOrder(first, ["created_at", "updated_at", "name", "value", "links"], "list item");
        Expect.JsonEqual(Expect.Without(first, "created_at"), JsonNode.Parse($$"""
            {"updated_at": null, "name": "BootMode", "value": "Uefi", "links": {{Links(node, "BootMode")}}}
            """), "list item");
        // A list asked for by node name links by that name, as Ironic's does.
        var byName = await Api.GetAsync($"/v1/nodes/{name}/bios");
        Expect.JsonEqual(byName.Object["bios"]![1]!["links"], JsonNode.Parse(Links(name, "ProcTurboMode")), "links by name");
        // The unversioned path serves the same.
        Expect.Status(await Api.GetAsync($"/nodes/{node}/bios"), 200);
    }

    [Test]
    public async Task One_setting_shows_the_registry_fields_from_1_74_and_unknown_settings_are_404()
    {
        var (node, name) = await ManageableNodeAsync();
        await CleanAsync(node, CleanStep("apply_configuration", TwoSettings()));

        var boot = await Api.GetAsync($"/v1/nodes/{name}/bios/BootMode", "1.74");
        Expect.Status(boot, 200);
        var setting = (JsonObject)boot.Object["BootMode"]!;
        Expect.KeyOrder(setting, RegistryKeys, "one setting at 1.74");
        Expect.JsonEqual(Expect.Without(setting, "created_at"), JsonNode.Parse($$"""
            {"updated_at": null, "name": "BootMode", "value": "Uefi", "attribute_type": "Enumeration", "allowable_values": ["Bios", "Uefi"],
             "lower_bound": null, "max_length": null, "min_length": null, "read_only": false, "reset_required": true, "unique": null,
             "upper_bound": null, "links": {{Links(node, "BootMode")}}}
            """), "one setting links by UUID");
        var turbo = (JsonObject)(await Api.GetAsync($"/v1/nodes/{node}/bios/ProcTurboMode", "1.73")).Object["ProcTurboMode"]!;
        Expect.KeyOrder(turbo, ["created_at", "updated_at", "name", "value", "links"], "one setting at 1.73");
        var plain = (JsonObject)(await Api.GetAsync($"/v1/nodes/{node}/bios/ProcTurboMode", "1.74")).Object["ProcTurboMode"]!;
        Assert.That(plain["allowable_values"]!.ToJsonString(), Is.EqualTo("[]"), "no registry: an empty list, as Ironic's list field");

        Expect.Error(await Api.GetAsync($"/v1/nodes/{node}/bios/NoSuchSetting"), 404, $"Node {node} doesn't have a BIOS setting 'NoSuchSetting'");
        Expect.Error(await Api.GetAsync($"/v1/nodes/{node}/bios/Bad%20Name"), 400, "Expected name for setting_name: Bad Name");
        Expect.Error(await Api.GetAsync($"/v1/nodes/{node}/bios/ProcTurboMode?fields=name", "1.74"), 400, "Unexpected arguments: fields");
        Expect.Error(await Api.GetAsync("/v1/nodes/11111111-2222-3333-4444-555555555555/bios/ProcTurboMode"), 404,
            "Node 11111111-2222-3333-4444-555555555555 could not be found.");
        Expect.Error(await Api.GetAsync("/v1/nodes/no-such-node/bios"), 404, "Node no-such-node could not be found.");
    }

    [Test]
    public async Task Detail_and_fields_need_1_74_and_not_together()
    {
        var (node, _) = await ManageableNodeAsync();
        await CleanAsync(node, CleanStep("apply_configuration", TwoSettings()));

        var detail = await Api.GetAsync($"/v1/nodes/{node}/bios?detail=True", "1.74");
        Expect.KeyOrder((JsonObject)detail.Object["bios"]![0]!, RegistryKeys, "detail");
        var notDetail = await Api.GetAsync($"/v1/nodes/{node}/bios?detail=False", "1.74");
        Expect.KeyOrder((JsonObject)notDetail.Object["bios"]![0]!, ["created_at", "updated_at", "name", "value", "links"], "detail=False");
        var fields = await Api.GetAsync($"/v1/nodes/{node}/bios?fields=name,read_only", "1.74");
        Expect.JsonEqual(Expect.Without((JsonObject)fields.Object["bios"]![0]!, "created_at"), JsonNode.Parse($$"""
            {"updated_at": null, "name": "BootMode", "read_only": false, "links": {{Links(node, "BootMode")}}}
            """), "fields");
        // Ironic's string list: lower-cased, trimmed, once each; an empty list shows the timestamps and links only.
        var mixed = await Api.GetAsync($"/v1/nodes/{node}/bios?fields=NAME,name,%20value", "1.74");
        Expect.KeyOrder((JsonObject)mixed.Object["bios"]![0]!, ["created_at", "updated_at", "name", "value", "links"], "fields=NAME,name, value");
        var none = await Api.GetAsync($"/v1/nodes/{node}/bios?fields=", "1.74");
        Expect.KeyOrder((JsonObject)none.Object["bios"]![0]!, ["created_at", "updated_at", "links"], "fields=");

        Expect.Error(await Api.GetAsync($"/v1/nodes/{node}/bios?detail=True", "1.73"), 400, "Invalid query parameter ?detail=True received.");
        Expect.Error(await Api.GetAsync($"/v1/nodes/{node}/bios?detail=false", "1.73"), 400, "Invalid query parameter ?detail=False received.");
        Expect.Error(await Api.GetAsync($"/v1/nodes/{node}/bios?fields=name", "1.73"), 400, "Invalid query parameter ?fields=['name'] received.");
        Expect.Error(await Api.GetAsync($"/v1/nodes/{node}/bios?fields=name&detail=True", "1.74"), 400,
            "Can not specify ?detail=True and fields in the same request.");
        Expect.Error(await Api.GetAsync($"/v1/nodes/{node}/bios?detail=maybe", "1.74"), 400,
            "Invalid detail: Unrecognized value 'maybe', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'");
        Expect.Error(await Api.GetAsync($"/v1/nodes/{node}/bios?foo=1"), 400, "Unexpected arguments: foo");
        // Ironic 21.4 answers 500 "'BIOSSetting' object has no attribute 'bogus'": kept as a 400 here.
        Expect.Error(await Api.GetAsync($"/v1/nodes/{node}/bios?fields=name,bogus", "1.74"), 400);
    }

    [Test]
    public async Task Below_1_40_there_is_no_bios_and_other_methods_are_405()
    {
        var (node, _) = await ManageableNodeAsync();
        Expect.Error(await Api.GetAsync($"/v1/nodes/{node}/bios", "1.39"), 404);
        Expect.JsonEqual((await Api.GetAsync($"/v1/nodes/{node}/bios", "1.40")).Object, JsonNode.Parse("""{"bios": []}"""), "1.40");
        Expect.Error(await Api.PostAsync($"/v1/nodes/{node}/bios", new JsonObject()), 405);
        Expect.Error(await Api.DeleteAsync($"/v1/nodes/{node}/bios/ProcTurboMode"), 405);
    }

    [Test]
    public async Task A_new_configuration_updates_creates_and_removes_and_factory_reset_empties_the_cache()
    {
        var (node, _) = await ManageableNodeAsync();
        await CleanAsync(node, CleanStep("apply_configuration", TwoSettings()));
        var before = (await Api.GetAsync($"/v1/nodes/{node}/bios/ProcTurboMode")).Object["ProcTurboMode"]!;

        await CleanAsync(node, CleanStep("apply_configuration", (JsonArray)JsonNode.Parse("""
            [{"name": "ProcTurboMode", "value": "Disabled"}, {"name": "NumLock", "value": "On"}, {"name": "Flag", "value": true}, {"name": "Count", "value": 1}]
            """)!));

        var items = (await Api.GetAsync($"/v1/nodes/{node}/bios")).Object["bios"]!.AsArray();
        Assert.That(items.Select(i => Expect.Str(i, "name")), Is.EqualTo(new[] { "Count", "Flag", "NumLock", "ProcTurboMode" }), "BootMode removed");
        var turbo = items.Single(i => Expect.Str(i, "name") == "ProcTurboMode")!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Expect.Str(turbo, "value"), Is.EqualTo("Disabled"));
            Assert.That(Expect.Str(turbo, "created_at"), Is.EqualTo(Expect.Str(before, "created_at")), "an update keeps created_at");
            Assert.That(Expect.Str(turbo, "updated_at"), Is.Not.Null, "an update sets updated_at");
            Assert.That(Expect.Str(items.Single(i => Expect.Str(i, "name") == "NumLock"), "updated_at"), Is.Null);
            // Ironic's column keeps text: 1 stays "1", true comes back "1" (its reference database, SQLite).
            Assert.That(Expect.Str(items.Single(i => Expect.Str(i, "name") == "Count"), "value"), Is.EqualTo("1"));
            Assert.That(Expect.Str(items.Single(i => Expect.Str(i, "name") == "Flag"), "value"), Is.EqualTo("1"));
        }

        await CleanAsync(node, CleanStep("factory_reset"));
        Expect.JsonEqual((await Api.GetAsync($"/v1/nodes/{node}/bios")).Object, JsonNode.Parse("""{"bios": []}"""), "after factory_reset");
    }

    [Test]
    public async Task A_setting_without_a_name_fails_the_step_in_Ironics_words_and_puts_the_node_in_maintenance()
    {
        var (node, _) = await ManageableNodeAsync();
        await CleanAsync(node, CleanStep("apply_configuration", (JsonArray)JsonNode.Parse("""[{"value": "x"}]""")!), "clean failed");

        var shown = await Api.GetNodeAsync(node);
        var error = $"Node {node} failed step {{'interface': 'bios', 'step': 'apply_configuration', 'args': {{'settings': [{{'value': 'x'}}]}}, " +
                    "'abortable': False, 'priority': 0}: 'name'";
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Expect.Str(shown, "last_error"), Is.EqualTo(error));
            Assert.That(shown["maintenance"]!.GetValue<bool>(), Is.True);
            Assert.That(Expect.Str(shown, "maintenance_reason"), Is.EqualTo(error));
            Assert.That(Expect.Str(shown, "fault"), Is.EqualTo("clean failure"));
            // Ironic's error handler keeps the steps of the failed cleaning (a successful one sets clean_steps to null).
            Expect.JsonEqual(shown["driver_internal_info"]!["clean_steps"], JsonNode.Parse("""
                [{"interface": "bios", "step": "apply_configuration", "args": {"settings": [{"value": "x"}]}, "abortable": false, "priority": 0}]
                """), "clean_steps kept");
            Assert.That(shown["driver_internal_info"]!["cleaning_disable_ramdisk"]!.GetValue<bool>(), Is.False);
        }
    }

    [Test]
    public async Task Deleting_the_node_deletes_its_settings()
    {
        var (node, _) = await ManageableNodeAsync();
        await CleanAsync(node, CleanStep("apply_configuration", TwoSettings()));
        Expect.Empty(await Api.DeleteAsync($"/v1/nodes/{node}"), 204);
        Expect.Error(await Api.GetAsync($"/v1/nodes/{node}/bios"), 404, $"Node {node} could not be found.");
    }
}
