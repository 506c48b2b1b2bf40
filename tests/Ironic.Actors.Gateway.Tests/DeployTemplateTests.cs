using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// /v1/deploy_templates against the real server, with the statuses and bodies Ironic 21.4 answers (recorded from the
/// reference with curl). Each test names its templates uniquely, so the shared server's other templates never collide.
/// </summary>
[TestFixture]
public sealed class DeployTemplateTests : ServerFixture
{
    private static string UniqueTrait() => "CUSTOM_" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    private static JsonObject Step(string iface = "bios", string step = "apply_configuration", object? priority = null) => new()
    {
        ["interface"] = iface, ["step"] = step, ["args"] = new JsonObject { ["settings"] = new JsonArray() },
        ["priority"] = JsonValue.Create(priority ?? 10),
    };

    private static JsonObject Body(string name, params JsonObject[] steps) =>
        new() { ["name"] = name, ["steps"] = new JsonArray([.. steps.Length == 0 ? [Step()] : steps]) };

    private string Links(string uuid) =>
        $$"""[{"href": "{{BaseUrl}}/v1/deploy_templates/{{uuid}}", "rel": "self"}, {"href": "{{BaseUrl}}/deploy_templates/{{uuid}}", "rel": "bookmark"}]""";

    [Test]
    public async Task Create_show_list_and_delete()
    {
        var name = UniqueTrait();
        var response = await Api.PostAsync("/v1/deploy_templates", Body(name));
        Expect.Status(response, 201);
        var created = response.Object;
        var uuid = Expect.Str(created, "uuid")!;
        using (Assert.EnterMultipleScope())
        {
            Expect.Location(response, BaseUrl, $"/v1/deploy_templates/{uuid}");
            Expect.KeyOrder(created, ["uuid", "created_at", "updated_at", "name", "extra", "links", "steps"], "created template");
            Expect.JsonEqual(Expect.Without(created, "uuid", "created_at"), JsonNode.Parse($$"""
                {"updated_at": null, "name": "{{name}}", "extra": {}, "links": {{Links(uuid)}},
                 "steps": [{"interface": "bios", "step": "apply_configuration", "args": {"settings": []}, "priority": 10}]}
                """), "created template");
        }

        var byName = await Api.GetAsync($"/v1/deploy_templates/{name}");
        Expect.Status(byName, 200);
        Assert.That(byName.Object.ToJsonString(), Is.EqualTo((await Api.GetAsync($"/v1/deploy_templates/{uuid}")).Object.ToJsonString()));
        Expect.JsonEqual((await Api.GetAsync($"/v1/deploy_templates/{name}?fields=uuid")).Object,
            JsonNode.Parse($$"""{"uuid": "{{uuid}}", "links": {{Links(uuid)}}}"""), "fields=uuid");

        var (items, _) = await Api.ListAsync("/v1/deploy_templates", "deploy_templates");
        var item = items.OfType<JsonObject>().Single(t => Expect.Str(t, "uuid") == uuid);
        Expect.JsonEqual(item, JsonNode.Parse($$"""{"uuid": "{{uuid}}", "name": "{{name}}", "links": {{Links(uuid)}}}"""), "list item");
        var (detailed, _) = await Api.ListAsync("/v1/deploy_templates?detail=true", "deploy_templates");
        Expect.KeyOrder(detailed.OfType<JsonObject>().Single(t => Expect.Str(t, "uuid") == uuid),
            ["uuid", "created_at", "updated_at", "name", "extra", "links", "steps"], "detailed item");
        var (named, _) = await Api.ListAsync("/v1/deploy_templates?fields=name,steps", "deploy_templates");
        Expect.KeyOrder(named.OfType<JsonObject>().Single(t => Expect.Str(t, "name") == name), ["name", "links", "steps"], "fields=name,steps");

        Expect.Empty(await Api.DeleteAsync($"/v1/deploy_templates/{name}"), 204);
        Expect.Error(await Api.GetAsync($"/v1/deploy_templates/{uuid}"), 404, $"Deploy template {uuid} could not be found.");
        Expect.Error(await Api.DeleteAsync($"/v1/deploy_templates/{name}"), 404, $"Deploy template {name} could not be found.");
    }

    [Test]
    public async Task Lists_page_and_sort_by_name()
    {
        var prefix = UniqueTrait();
        foreach (var suffix in new[] { "_B", "_A", "_C" })
            Expect.Status(await Api.PostAsync("/v1/deploy_templates", Body(prefix + suffix)), 201);

        var (desc, _) = await Api.ListAsync("/v1/deploy_templates?sort_key=name&sort_dir=desc", "deploy_templates");
        var ours = desc.OfType<JsonObject>().Select(t => Expect.Str(t, "name")!).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.That(ours, Is.EqualTo(new[] { prefix + "_C", prefix + "_B", prefix + "_A" }));

        var first = await Api.GetAsync("/v1/deploy_templates?sort_key=name&limit=1&fields=name");
        Expect.Status(first, 200);
        var marker = (await Api.GetAsync($"/v1/deploy_templates/{Expect.Str(first.Object["deploy_templates"]![0], "name")}")).Object;
        Assert.That(Expect.Str(first.Object, "next"), Is.EqualTo(
            $"{BaseUrl}/v1/deploy_templates?sort_key=name&sort_dir=asc&fields=name&limit=1&marker={Expect.Str(marker, "uuid")}"));
        var detail = await Api.GetAsync("/v1/deploy_templates?detail=true&limit=1");
        Assert.That(Expect.Str(detail.Object, "next"), Does.StartWith($"{BaseUrl}/v1/deploy_templates?sort_key=id&sort_dir=asc&detail=True&limit=1&marker="));

        Expect.Error(await Api.GetAsync("/v1/deploy_templates?sort_key=steps"), 400, "The sort_key value steps is an invalid field for sorting");
        Expect.Error(await Api.GetAsync("/v1/deploy_templates?sort_key=extra"), 400, "The sort_key value extra is an invalid field for sorting");
        Expect.Error(await Api.GetAsync("/v1/deploy_templates?foo=1"), 400, "Unexpected arguments: foo");
        Expect.Error(await Api.GetAsync("/v1/deploy_templates?fields=foo"), 400, "Field(s) \"foo\" are not valid");
        Expect.Error(await Api.GetAsync("/v1/deploy_templates?detail=true&fields=name"), 400, "Can not specify ?detail=True and fields in the same request.");
        Expect.Error(await Api.GetAsync("/v1/deploy_templates?limit=0"), 400, "Limit must be positive");
        Expect.Error(await Api.GetAsync("/v1/deploy_templates?marker=CUSTOM_A"), 404, "Deploy template CUSTOM_A could not be found.");
        var missing = Guid.NewGuid();
        Expect.Error(await Api.GetAsync($"/v1/deploy_templates?marker={missing}"), 404, $"Deploy template {missing} could not be found.");
        Expect.Error(await Api.GetAsync("/v1/deploy_templates/detail"), 404, "Deploy template detail could not be found.");
        Expect.Error(await Api.GetAsync("/v1/deploy_templates/bad%20name"), 400, "Expected UUID or name for template_ident: bad name");
    }

    [Test]
    public async Task Create_refuses_bodies_as_Ironic_does_and_stores_nothing()
    {
        var name = UniqueTrait();
        Expect.Status(await Api.PostAsync("/v1/deploy_templates", Body(name)), 201);
        var other = UniqueTrait();
        const string schema = "Schema error for template: ";
        var cases = new (JsonNode Body, int Status, string Message)[]
        {
            (Body(name), 409, $"A deploy template with name {name} already exists."),
            (Body("FOO"), 400, schema + "'FOO' is not valid under any of the given schemas. Possible root cause: 'FOO' does not match '^CUSTOM_[A-Z0-9_]+$'"),
            (new JsonObject { ["name"] = other, ["steps"] = new JsonArray() }, 400, schema + "[] is too short"),
            (new JsonObject { ["name"] = other }, 400, schema + "'steps' is a required property"),
            (new JsonObject { ["steps"] = new JsonArray(Step()) }, 400, schema + "'name' is a required property"),
            (Body(other, Step(iface: "foo")), 400, schema + "'foo' is not one of ['power', 'management', 'deploy', 'bios', 'raid']"),
            (Body(other, Step(priority: -1)), 400, schema + "-1 is less than the minimum of 0"),
            (Body(other, Step(priority: "a")), 400, schema + "'a' does not match '^[0-9]+$'"),
            (Body(other, Step(priority: 1.5)), 400, schema + "1.5 is not valid under any of the given schemas. Possible root cause: 1.5 is not of type 'integer'"),
            (Body(other, Step(priority: true)), 400, schema + "True is not valid under any of the given schemas. Possible root cause: True is not of type 'integer'"),
            (Body(other, Step(step: "")), 400, schema + "'' is too short"),
            (JsonNode.Parse($$"""{"name": "{{other}}", "steps": [{"interface": "bios", "step": "x", "args": [], "priority": 1}]}""")!, 400, schema + "[] is not of type 'object'"),
            (JsonNode.Parse($$"""{"name": "{{other}}", "steps": [{"interface": "bios", "step": "x", "priority": 1}]}""")!, 400, schema + "'args' is a required property"),
            (JsonNode.Parse($$"""{"name": "{{other}}", "steps": [{"interface": "bios", "step": "x", "args": {}, "priority": 1, "foo": 1}]}""")!, 400,
                schema + "Additional properties are not allowed ('foo' was unexpected)"),
            (JsonNode.Parse($$"""{"name": "{{other}}", "steps": [{"interface": "bios", "step": 1, "args": {}, "priority": 1}]}""")!, 400, schema + "1 is not of type 'string'"),
            (new JsonObject { ["name"] = other, ["steps"] = new JsonObject() }, 400, schema + "{} is not of type 'array'"),
            (JsonNode.Parse($$"""{"name": "{{other}}", "steps": ["x"]}""")!, 400, schema + "'x' is not of type 'object'"),
            (Body(other, Step(step: "x", priority: 1), Step(step: "x", priority: 2), Step("raid", "y"), Step("raid", "y")), 400,
                "Deploy template invalid: Duplicate deploy steps. A deploy template cannot have multiple deploy steps with the same interface and step. " +
                "Duplicates: interface: bios, step: x; interface: raid, step: y."),
            (JsonNode.Parse($$"""{"name": 1, "steps": [{"interface": "bios", "step": "x", "args": {}, "priority": 1}]}""")!, 400, schema + "1 is not of type 'string'"),
            (new JsonArray(), 400, schema + "[] is not of type 'object'"),
            (new JsonObject { ["name"] = other, ["foo"] = 1, ["steps"] = new JsonArray(Step()) }, 400, schema + "Additional properties are not allowed ('foo' was unexpected)"),
            (new JsonObject { ["name"] = other, ["uuid"] = "bad", ["steps"] = new JsonArray(Step()) }, 400, "Expected UUID for uuid: bad"),
            (new JsonObject { ["name"] = other, ["extra"] = "x", ["steps"] = new JsonArray(Step()) }, 400, schema + "'x' is not of type 'object', 'null'"),
            (new JsonObject { ["name"] = other + new string('X', 300), ["steps"] = new JsonArray(Step()) }, 400, schema + $"'{other + new string('X', 300)}' is too long"),
        };
        foreach (var (body, status, message) in cases)
            Expect.Error(await Api.PostAsync("/v1/deploy_templates", body), status, message);
        Expect.Error(await Api.GetAsync($"/v1/deploy_templates/{other}"), 404, $"Deploy template {other} could not be found.");

        var uuid = Expect.Str((await Api.GetAsync($"/v1/deploy_templates/{name}")).Object, "uuid");
        var withUuid = Body(other);
        withUuid["uuid"] = uuid;
        Expect.Error(await Api.PostAsync("/v1/deploy_templates", withUuid), 409, $"A deploy template with UUID {uuid} already exists.");

        // A priority of digits is accepted; a description passes the schema but 21.4 does not keep it.
        var lenient = Body(other, Step(priority: "1"));
        lenient["description"] = "d";
        var accepted = await Api.PostAsync("/v1/deploy_templates", lenient);
        Expect.Status(accepted, 201);
        Assert.That(accepted.Object.ContainsKey("description"), Is.False);
        Assert.That((await Api.GetAsync($"/v1/deploy_templates/{other}")).Object["steps"]![0]!["priority"]!.GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public async Task Patch_follows_Ironics_rules()
    {
        var name = UniqueTrait();
        var taken = UniqueTrait();
        Expect.Status(await Api.PostAsync("/v1/deploy_templates", Body(taken)), 201);
        var uuid = Expect.Str((await Api.PostAsync("/v1/deploy_templates", Body(name))).Object, "uuid")!;
        static JsonArray Op(string op, string path, JsonNode? value = null, bool withValue = true)
        {
            var o = new JsonObject { ["op"] = op, ["path"] = path };
            if (op != "remove" && withValue)
                o["value"] = value;
            return new JsonArray(o);
        }

        var renamed = name + "_2";
        var patched = await Api.PatchAsync($"/v1/deploy_templates/{name}", Op("replace", "/name", renamed));
        Expect.Status(patched, 200);
        Assert.That(Expect.Str(patched.Object, "name"), Is.EqualTo(renamed));
        var updatedAt = Expect.Str(patched.Object, "updated_at");
        Assert.That(updatedAt, Is.Not.Null);

        var steps = await Api.PatchAsync($"/v1/deploy_templates/{uuid}", Op("replace", "/steps/0/priority", 20));
        Expect.Status(steps, 200);
        Assert.That(steps.Object["steps"]![0]!["priority"]!.GetValue<int>(), Is.EqualTo(20));
        Assert.That(Expect.Str(steps.Object, "updated_at"), Is.EqualTo(updatedAt), "a change of steps alone leaves updated_at");
        var appended = await Api.PatchAsync($"/v1/deploy_templates/{uuid}",
            Op("add", "/steps/-", JsonNode.Parse("""{"interface": "deploy", "step": "y", "args": {}, "priority": 0}""")));
        Expect.Status(appended, 200);
        Assert.That(appended.Object["steps"]!.AsArray(), Has.Count.EqualTo(2));
        var extra = await Api.PatchAsync($"/v1/deploy_templates/{uuid}", Op("add", "/extra/foo", "bar"));
        Expect.JsonEqual(extra.Object["extra"], JsonNode.Parse("""{"foo": "bar"}"""), "extra");
        Expect.Status(await Api.PatchAsync($"/v1/deploy_templates/{uuid}", new JsonArray()), 200);

        const string only = "Only the following can be updated: extra, name, steps, description";
        var refusals = new (JsonNode Patch, int Status, string Message)[]
        {
            (Op("replace", "/name", taken), 409, $"A deploy template with name {taken} already exists."),
            (Op("replace", "/name", "bad"), 400,
                "Schema error for patch: 'bad' is not valid under any of the given schemas. Possible root cause: 'bad' does not match '^CUSTOM_[A-Z0-9_]+$'"),
            (Op("remove", "/name"), 400, "Schema error for patch: 'name' is a required property"),
            (Op("replace", "/steps", new JsonArray()), 400, "Schema error for patch: [] is too short"),
            (Op("remove", "/steps"), 400, "Schema error for patch: 'steps' is a required property"),
            (Op("add", "/steps/-", JsonNode.Parse("""{"interface": "deploy", "step": "y", "args": {}, "priority": 0}""")), 400,
                "Deploy template invalid: Duplicate deploy steps. A deploy template cannot have multiple deploy steps with the same interface and step. Duplicates: interface: deploy, step: y."),
            (Op("replace", "/uuid", Guid.NewGuid().ToString()), 400, $"Cannot patch /uuid. {only}"),
            (Op("replace", "/created_at", "x"), 400, $"Cannot patch /created_at. {only}"),
            (Op("replace", "/description", "x"), 400,
                "Couldn't apply patch '{'op': 'replace', 'path': '/description', 'value': 'x'}'. Reason: can't replace a non-existent object 'description'"),
            (Op("add", "/description", "x"), 400, "Adding a new attribute (/description) to the root of the resource is not allowed"),
            (Op("replace", "/steps/0/interface", "foo"), 400, "Schema error for patch: 'foo' is not one of ['power', 'management', 'deploy', 'bios', 'raid']"),
            (Op("replace", "/steps/0/priority", "x"), 400, "Schema error for patch: 'x' does not match '^[0-9]+$'"),
            (new JsonObject(), 400, "Schema error for patch: {} is not of type 'array'"),
            (Op("replace", "/steps/9/interface", "foo"), 400,
                "Couldn't apply patch '{'op': 'replace', 'path': '/steps/9/interface', 'value': 'foo'}'. Reason: index '9' is out of bounds"),
            (Op("replace", "/steps/5", new JsonObject()), 400,
                "Couldn't apply patch '{'op': 'replace', 'path': '/steps/5', 'value': {}}'. Reason: can't replace outside of list"),
            (Op("remove", "/steps/5"), 400, "Couldn't apply patch '{'op': 'remove', 'path': '/steps/5'}'. Reason: can't remove a non-existent object '5'"),
            (Op("remove", "/steps/x"), 400, "Couldn't apply patch '{'op': 'remove', 'path': '/steps/x'}'. Reason: 'x' is not a valid sequence index"),
        };
        var before = (await Api.GetAsync($"/v1/deploy_templates/{uuid}")).Object.ToJsonString();
        foreach (var (patch, status, message) in refusals)
            Expect.Error(await Api.PatchAsync($"/v1/deploy_templates/{uuid}", patch), status, message);
        Assert.That((await Api.GetAsync($"/v1/deploy_templates/{uuid}")).Object.ToJsonString(), Is.EqualTo(before), "refused patches change nothing");
        Expect.Error(await Api.PatchAsync("/v1/deploy_templates/CUSTOM_NO_SUCH_TEMPLATE", Op("remove", "/extra")), 404,
            "Deploy template CUSTOM_NO_SUCH_TEMPLATE could not be found.");

        var removed = await Api.PatchAsync($"/v1/deploy_templates/{uuid}", Op("remove", "/extra"));
        Expect.JsonEqual(removed.Object["extra"], new JsonObject(), "extra removed");
    }

    [Test]
    public async Task Versions_before_1_55_answer_as_webob_does()
    {
        var old = await Api.GetAsync("/v1/deploy_templates", "1.54");
        Assert.That(old.StatusCode, Is.EqualTo(404));
        Assert.That(old.Body, Is.EqualTo("""{"error_message": "{\"code\": 404, \"title\": \"Not Found\", \"description\": \"The API version does not allow deploy templates\"}"}"""));
        Assert.That((await Api.GetAsync("/v1/deploy_templates/CUSTOM_A", "1.54")).StatusCode, Is.EqualTo(404));
        var post = await Api.PostAsync("/v1/deploy_templates", Body(UniqueTrait()), "1.54");
        Assert.That(post.StatusCode, Is.EqualTo(405));
        Assert.That(post.Body, Is.EqualTo("""{"error_message": "{\"code\": 405, \"title\": \"Method Not Allowed\", \"description\": \"The API version does not allow deploy templates\"}"}"""));
        Assert.That((await Api.DeleteAsync("/v1/deploy_templates/CUSTOM_A", "1.54")).StatusCode, Is.EqualTo(405));
        Assert.That((await Api.PatchAsync("/v1/deploy_templates/CUSTOM_A", new JsonArray(), "1.54")).StatusCode, Is.EqualTo(405));
        Assert.That((await Api.GetAsync("/v1/deploy_templates", version: null)).StatusCode, Is.EqualTo(404), "no version header: the minimum");
        Assert.That((await Api.PutAsync("/v1/deploy_templates/CUSTOM_A", null)).StatusCode, Is.EqualTo(405));
    }
}

/// <summary>
/// Deploys of fake-hardware nodes whose instance traits name deploy templates, as Ironic 21.4 runs them (recorded from
/// the reference): steps the fake interfaces do not offer are skipped, the core <c>deploy.deploy</c> step may only be
/// disabled (which fails the deploy), and arguments it does not take are refused.
/// </summary>
[TestFixture]
public sealed class DeployTemplateDeployTests : ServerFixture
{
    private static string UniqueTrait() => "CUSTOM_" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    private async Task<string> TemplateAsync(string iface, string step, int priority, JsonObject? args = null)
    {
        var name = UniqueTrait();
        Expect.Status(await Api.PostAsync("/v1/deploy_templates", new JsonObject
        {
            ["name"] = name,
            ["steps"] = new JsonArray(new JsonObject { ["interface"] = iface, ["step"] = step, ["args"] = args ?? new JsonObject(), ["priority"] = priority }),
        }), 201);
        return name;
    }

    /// <summary>An available fake-hardware node with <paramref name="traits"/>, whose instance asks for them.</summary>
    private async Task<string> NodeAskingForAsync(params string[] traits)
    {
        var uuid = Expect.Str(await Api.CreateNodeAsync(new JsonObject { ["driver"] = "fake-hardware", ["name"] = NodeSteps.UniqueName("tpl") }), "uuid")!;
        await Api.MoveFromEnrollAsync(uuid, "available");
        Expect.Status(await Api.PutAsync($"/v1/nodes/{uuid}/traits", new JsonObject { ["traits"] = new JsonArray([.. traits.Select(t => (JsonNode?)t)]) }), 204);
        Expect.Status(await Api.PatchAsync($"/v1/nodes/{uuid}", new JsonArray(new JsonObject
        {
            ["op"] = "add", ["path"] = "/instance_info",
            ["value"] = new JsonObject
            {
                ["traits"] = new JsonArray([.. traits.Select(t => (JsonNode?)t)]), ["image_source"] = "http://x/img", ["root_gb"] = 10,
            },
        })), 200);
        return uuid;
    }

    [Test]
    public async Task Steps_the_interfaces_do_not_offer_are_skipped()
    {
        var bios = await TemplateAsync("bios", "apply_configuration", 10, new JsonObject { ["settings"] = new JsonArray() });
        var raid = await TemplateAsync("raid", "apply_configuration", 10);
        var node = await NodeAskingForAsync(bios, raid);

        Expect.Status(await Api.ProvisionAsync(node, "active"), 202);
        var deployed = await Api.WaitForProvisionStateAsync(node, "active");
        Assert.That(deployed["last_error"], Is.Null);
    }

    [Test]
    public async Task The_core_step_cannot_be_overridden_nor_given_arguments()
    {
        var core = await TemplateAsync("deploy", "deploy", 50);
        var node = await NodeAskingForAsync(core);
        Expect.Error(await Api.PutAsync($"/v1/nodes/{node}/states/provision", new JsonObject { ["target"] = "active" }), 400,
            $"Failed to validate deploy or power info for node {node}: Validation of deploy steps from deploy templates matching this node's " +
            $"instance traits failed. Matching deploy templates: {core}. Errors: deploy step deploy on interface deploy is a core step and " +
            "cannot be overridden by user steps. It may be disabled by setting the priority to 0");

        var args = await TemplateAsync("deploy", "deploy", 0, new JsonObject { ["foo"] = 1 });
        var other = await NodeAskingForAsync(args);
        Expect.Error(await Api.PutAsync($"/v1/nodes/{other}/states/provision", new JsonObject { ["target"] = "active" }), 400,
            $"Failed to validate deploy or power info for node {other}: Validation of deploy steps from deploy templates matching this node's " +
            $"instance traits failed. Matching deploy templates: {args}. Errors: deploy step {{'interface': 'deploy', 'step': 'deploy', " +
            "'args': {'foo': 1}, 'priority': 0} has these unexpected arguments: foo");
        Assert.That(Expect.Str(await Api.GetNodeAsync(other), "provision_state"), Is.EqualTo("available"), "a refused deploy changes nothing");
    }

    [Test]
    public async Task Disabling_the_core_step_fails_the_deploy()
    {
        var off = await TemplateAsync("deploy", "deploy", 0);
        var node = await NodeAskingForAsync(off);

        Expect.Status(await Api.ProvisionAsync(node, "active"), 202);
        var failed = await Api.WaitForNodeAsync(node, n => Expect.Str(n, "provision_state") == "deploy failed", "deploy failed");
        Assert.That(Expect.Str(failed, "last_error"), Is.EqualTo("No deploy steps returned by the driver"));
        Assert.That(Expect.Str(failed, "target_provision_state"), Is.EqualTo("active"));
    }
}
