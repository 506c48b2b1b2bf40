using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// Rejected requests: each must give Ironic's status code and error body, and leave the node exactly as it was
/// (the same GET body before and after). Nothing malformed may ever produce a 500.
/// </summary>
[TestFixture]
public sealed class NodeErrorTests : ServerFixture
{
    private const string MissingUuid = "00000000-0000-0000-0000-000000000000";

    private string _activeUuid = "";
    private string _activeName = "";

    /// <summary>One node deployed once, for the rejections that need an active node (none of them changes it).</summary>
    protected override async Task OnServerStartedAsync()
    {
        _activeName = NodeSteps.UniqueName("err-active");
        _activeUuid = await Api.CreateFakeNodeAsync(_activeName);
        await Api.MoveFromEnrollAsync(_activeUuid, "active");
    }

    [Test]
    public async Task Unknown_node_is_404_with_the_exact_sample_body()
    {
        var response = await Api.GetAsync($"/v1/nodes/{MissingUuid}");

        Expect.Error(response, 404, $"Node {MissingUuid} could not be found.");
        using (Assert.EnterMultipleScope())
        {
            Expect.VersionHeaders(response, "1.78");
            Expect.RequestId(response);
            Assert.That(response.Body, Is.EqualTo(
                "{\"error_message\": \"{\\\"faultcode\\\": \\\"Client\\\", \\\"faultstring\\\": \\\"Node 00000000-0000-0000-0000-000000000000 could not be found.\\\", \\\"debuginfo\\\": null}\"}"),
                "raw body, byte for byte as Ironic 21.4 sends it");
        }
    }

    [Test]
    public async Task Unknown_name_is_404()
    {
        var name = NodeSteps.UniqueName("err-nobody");

        Expect.Error(await Api.DeleteAsync($"/v1/nodes/{name}"), 404, $"Node {name} could not be found.");
        Expect.Error(await Api.GetAsync($"/v1/nodes/{name}"), 404, $"Node {name} could not be found.");
    }

    [Test]
    public async Task Writes_to_an_unknown_node_are_404()
    {
        var message = $"Node {MissingUuid} could not be found.";

        Expect.Error(await Api.PatchAsync($"/v1/nodes/{MissingUuid}", """[{"op": "add", "path": "/extra/k", "value": "v"}]"""), 404, message);
        Expect.Error(await Api.PutAsync($"/v1/nodes/{MissingUuid}/states/provision", """{"target": "manage"}"""), 404, message);
        Expect.Error(await Api.PutAsync($"/v1/nodes/{MissingUuid}/states/power", """{"target": "power on"}"""), 404, message);
        Expect.Error(await Api.PutAsync($"/v1/nodes/{MissingUuid}/maintenance", """{"reason": "x"}"""), 404, message);
        Expect.Error(await Api.DeleteAsync($"/v1/nodes/{MissingUuid}"), 404, message);
        Expect.Error(await Api.GetAsync($"/v1/nodes/{MissingUuid}/states"), 404, message);
    }

    [TestCase("provide")]
    [TestCase("active")]
    [TestCase("deleted")]
    [TestCase("inspect")]
    [TestCase("bogus")]
    public async Task Verb_not_allowed_in_enroll_is_400(string verb)
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("err-enroll"));

        await AssertRejectedAndUnchangedAsync(uuid,
            () => Api.PutAsync($"/v1/nodes/{uuid}/states/provision", new JsonObject { ["target"] = verb }), 400,
            $"The requested action \"{verb}\" can not be performed on node \"{uuid}\" while it is in state \"enroll\".");
    }

    [Test]
    public async Task Provide_on_an_active_node_is_400_with_the_sample_text()
    {
        await AssertRejectedAndUnchangedAsync(_activeUuid,
            () => Api.PutAsync($"/v1/nodes/{_activeUuid}/states/provision", """{"target": "provide"}"""), 400,
            $"The requested action \"provide\" can not be performed on node \"{_activeUuid}\" while it is in state \"active\".");
    }

    [Test]
    public async Task Bogus_verb_on_an_active_node_is_400_with_the_sample_text()
    {
        await AssertRejectedAndUnchangedAsync(_activeUuid,
            () => Api.PutAsync($"/v1/nodes/{_activeUuid}/states/provision", """{"target": "bogus"}"""), 400,
            $"The requested action \"bogus\" can not be performed on node \"{_activeUuid}\" while it is in state \"active\".");
    }

    [Test]
    public async Task Deleting_an_active_node_is_409_with_the_sample_text()
    {
        await AssertRejectedAndUnchangedAsync(_activeUuid, () => Api.DeleteAsync($"/v1/nodes/{_activeUuid}"), 409,
            $"Can not delete node \"{_activeUuid}\" while it is in provision state \"active\". Valid provision states to perform deletion are: " +
            "\"('manageable', 'enroll', 'adopt failed', 'available')\", or set the node into maintenance mode");
    }

    [Test]
    public async Task Deleting_an_active_node_by_name_is_409_naming_the_uuid()
    {
        // The conductor works on the UUID, so the message names the UUID whatever identifier the request used.
        await AssertRejectedAndUnchangedAsync(_activeUuid, () => Api.DeleteAsync($"/v1/nodes/{_activeName}"), 409,
            $"Can not delete node \"{_activeUuid}\" while it is in provision state \"active\". Valid provision states to perform deletion are: " +
            "\"('manageable', 'enroll', 'adopt failed', 'available')\", or set the node into maintenance mode");
    }

    [Test]
    public async Task Invalid_transition_by_name_names_the_uuid()
    {
        await AssertRejectedAndUnchangedAsync(_activeUuid,
            () => Api.PutAsync($"/v1/nodes/{_activeName}/states/provision", """{"target": "manage"}"""), 400,
            $"The requested action \"manage\" can not be performed on node \"{_activeUuid}\" while it is in state \"active\".");
    }

    [Test]
    public async Task Duplicate_name_is_409()
    {
        var name = NodeSteps.UniqueName("err-dup");
        var uuid = await Api.CreateFakeNodeAsync(name);

        var response = await Api.PostAsync("/v1/nodes", new JsonObject { ["driver"] = "fake-hardware", ["name"] = name });

        var error = Expect.Error(response, 409);
        Assert.That(error.Message, Does.Contain(name));
        Assert.That(Expect.Str(await Api.GetNodeAsync(name), "uuid"), Is.EqualTo(uuid), "the name still belongs to the first node");
    }

    [Test]
    public async Task Renaming_to_a_taken_name_is_409_and_changes_nothing()
    {
        var taken = NodeSteps.UniqueName("err-taken");
        await Api.CreateFakeNodeAsync(taken);
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("err-rename"));

        await AssertRejectedAndUnchangedAsync(uuid,
            () => Api.PatchAsync($"/v1/nodes/{uuid}", new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/name", ["value"] = taken })), 409);
    }

    [Test]
    public async Task Duplicate_uuid_is_409()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("err-dupuuid"));

        await AssertRejectedAndUnchangedAsync(uuid,
            () => Api.PostAsync("/v1/nodes", new JsonObject { ["driver"] = "fake-hardware", ["uuid"] = uuid }), 409);
    }

    [TestCase("{\"driver\": ")]
    [TestCase("{\"driver\": \"fake-hardware\",}")]
    [TestCase("not json at all")]
    [TestCase("")]
    [TestCase("[]")]
    [TestCase("null")]
    [TestCase("\"fake-hardware\"")]
    public async Task Malformed_create_body_is_400(string body)
    {
        await AssertRejectedCreateAsync(body, 400);
    }

    [Test]
    public async Task Create_without_driver_is_400()
    {
        var (body, name) = Named("{}");
        await AssertRejectedCreateAsync(body, 400, name);
    }

    [TestCase("""{"driver": "fake-hardware", "extra": "x"}""")]
    [TestCase("""{"driver": "fake-hardware", "properties": [1, 2]}""")]
    [TestCase("""{"driver": "fake-hardware", "maintenance": "sometimes"}""")]
    [TestCase("""{"driver": 42}""")]
    public async Task Wrong_field_type_on_create_is_400(string json)
    {
        var (body, name) = Named(json);
        await AssertRejectedCreateAsync(body, 400, name);
    }

    [Test]
    public async Task Wrong_name_type_on_create_is_400()
    {
        await AssertRejectedCreateAsync("""{"driver": "fake-hardware", "name": 7}""", 400);
    }

    [Test]
    public async Task Unknown_field_on_create_is_400()
    {
        var (body, name) = Named("""{"driver": "fake-hardware", "no_such_field": 1}""");
        await AssertRejectedCreateAsync(body, 400, name);
    }

    [TestCase("not-a-uuid")]
    [TestCase("12345")]
    [TestCase("")]
    public async Task Invalid_uuid_on_create_is_400(string uuid)
    {
        var (body, name) = Named(new JsonObject { ["driver"] = "fake-hardware", ["uuid"] = uuid }.ToJsonString());
        await AssertRejectedCreateAsync(body, 400, name);
    }

    [TestCase("detail")]
    [TestCase("maintenance")]
    [TestCase("bad name")]
    [TestCase("11111111-2222-3333-4444-555555555555")]
    public async Task Invalid_or_reserved_name_on_create_is_400(string name)
    {
        await AssertRejectedCreateAsync(new JsonObject { ["driver"] = "fake-hardware", ["name"] = name }.ToJsonString(), 400,
            // "detail" is the list endpoint and "bad name" is not an identifier at all: nothing to probe.
            name is "detail" or "bad name" ? null : name);
    }

    [TestCase("no-such-driver")]
    [TestCase("idrac")] // a real Ironic hardware type this server does not offer
    public async Task Driver_not_served_by_any_conductor_is_400(string driver)
    {
        var (body, name) = Named(new JsonObject { ["driver"] = driver }.ToJsonString());
        await AssertRejectedCreateAsync(body, 400, name);
    }

    [Test]
    public async Task Oversized_body_is_413()
    {
        var name = NodeSteps.UniqueName("err-big");
        var body = new JsonObject
        {
            ["driver"] = "fake-hardware", ["name"] = name, ["extra"] = new JsonObject { ["blob"] = new string('x', 2 * 1024 * 1024) },
        }.ToJsonString();

        await AssertRejectedCreateAsync(body, 413, name);
    }

    [Test]
    public async Task Oversized_patch_is_413_and_changes_nothing()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("err-bigpatch"));
        var body = new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/extra/blob", ["value"] = new string('x', 2 * 1024 * 1024) }).ToJsonString();

        await AssertRejectedAndUnchangedAsync(uuid, () => Api.PatchAsync($"/v1/nodes/{uuid}", body), 413);
    }

    [TestCase("""{"op": "add", "path": "/extra/k", "value": "v"}""")]
    [TestCase("""[{"op": "add", "path": "/extra/k", "value": "v"}""")]
    [TestCase("""[{"op": "move", "from": "/extra/a", "path": "/extra/k"}]""")]
    [TestCase("""[{"op": "add", "path": "extra/k", "value": "v"}]""")]
    [TestCase("""[{"op": "add", "value": "v"}]""")]
    [TestCase("""[{"path": "/extra/k", "value": "v"}]""")]
    [TestCase("""[{"op": "add", "path": "/extra/k"}]""")]
    [TestCase("""[{"op": "add", "path": "/no_such_field", "value": "v"}]""")]
    [TestCase("""[{"op": "replace", "path": "/extra", "value": "x"}]""")]
    [TestCase("""[{"op": "replace", "path": "/maintenance", "value": "perhaps"}]""")]
    [TestCase("""[{"op": "remove", "path": "/extra/absent"}]""")]
    [TestCase("[42]")]
    [TestCase("not json")]
    public async Task Malformed_patch_is_400_and_changes_nothing(string body)
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("err-patch"));

        await AssertRejectedAndUnchangedAsync(uuid, () => Api.PatchAsync($"/v1/nodes/{uuid}", body), 400);
    }

    [Test]
    public async Task Patch_applies_all_operations_or_none()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("err-atomic"));

        await AssertRejectedAndUnchangedAsync(uuid, () => Api.PatchAsync($"/v1/nodes/{uuid}",
            """[{"op": "add", "path": "/extra/first", "value": 1}, {"op": "replace", "path": "/extra/missing", "value": 2}]"""), 400);
    }

    [TestCase("{\"target\": ")]
    [TestCase("{}")]
    [TestCase("[]")]
    [TestCase("{\"target\": 5}")]
    [TestCase("{\"target\": null}")]
    public async Task Malformed_provision_request_is_400_and_changes_nothing(string body)
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("err-prov"));

        await AssertRejectedAndUnchangedAsync(uuid, () => Api.PutAsync($"/v1/nodes/{uuid}/states/provision", body), 400);
    }

    [TestCase("{\"target\": ")]
    [TestCase("{}")]
    [TestCase("{\"target\": \"bogus power\"}")]
    [TestCase("{\"target\": \"power on\", \"timeout\": 0}")]
    [TestCase("{\"target\": \"power on\", \"timeout\": \"soon\"}")]
    public async Task Malformed_power_request_is_400_and_changes_nothing(string body)
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("err-power"));

        await AssertRejectedAndUnchangedAsync(uuid, () => Api.PutAsync($"/v1/nodes/{uuid}/states/power", body), 400);
    }

    [Test]
    public async Task Malformed_maintenance_request_is_400_and_changes_nothing()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("err-maint"));

        await AssertRejectedAndUnchangedAsync(uuid, () => Api.PutAsync($"/v1/nodes/{uuid}/maintenance", "{\"reason\": "), 400);
    }

    [Test]
    public async Task Deploy_of_a_node_in_maintenance_is_400()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("err-maintdeploy"));
        await Api.MoveFromEnrollAsync(uuid, "available");
        Expect.Empty(await Api.PutAsync($"/v1/nodes/{uuid}/maintenance", """{"reason": "hold"}"""), 202);

        await AssertRejectedAndUnchangedAsync(uuid,
            () => Api.PutAsync($"/v1/nodes/{uuid}/states/provision", """{"target": "active"}"""), 400);
    }

    [Test]
    public async Task Rejections_never_leak_a_500()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("err-no500"));
        var probes = new List<Func<Task<IronicResponse>>>
        {
            () => Api.SendAsync(HttpMethod.Patch, $"/v1/nodes/{uuid}", "\u0000\u0001", contentType: "application/json"),
            () => Api.PutAsync($"/v1/nodes/{uuid}/states/provision", "{\"target\": \"manage\"} trailing"),
            () => Api.PutAsync($"/v1/nodes/{uuid}/states/provision", new string('[', 10_000)),
            () => Api.GetAsync("/v1/nodes?limit=abc"),
            () => Api.GetAsync("/v1/nodes?maintenance=perhaps"),
            () => Api.GetAsync($"/v1/nodes/{uuid}?fields=no_such_field"),
        };

        foreach (var probe in probes)
        {
            var response = await probe();
            Assert.That(response.StatusCode, Is.InRange(400, 499), response.ToString);
            Expect.Error(response, response.StatusCode);
        }

        Assert.That(Expect.Str(await Api.GetNodeAsync(uuid), "provision_state"), Is.EqualTo("enroll"));
    }

    /// <summary>Sends <paramref name="request"/>, asserts the error, and asserts the node's GET body did not change.</summary>
    private async Task<IronicResponse> AssertRejectedAndUnchangedAsync(
        string uuid, Func<Task<IronicResponse>> request, int status, string? faultstring = null)
    {
        var before = await Api.GetAsync($"/v1/nodes/{uuid}");
        Expect.Status(before, 200);

        var response = await request();

        Expect.Error(response, status, faultstring);
        var after = await Api.GetAsync($"/v1/nodes/{uuid}");
        Assert.That(after.Body, Is.EqualTo(before.Body), $"node {uuid} changed after a rejected request: {response.Method} {response.Path}");
        return response;
    }

    /// <summary>
    /// POSTs a create that must fail. When the body names the node (<paramref name="probeName"/>), checks afterwards
    /// that no node of that name exists.
    /// </summary>
    private async Task AssertRejectedCreateAsync(string body, int status, string? probeName = null)
    {
        var response = await Api.PostAsync("/v1/nodes", body);

        Expect.Error(response, status);
        if (probeName is not null)
            Expect.Status(await Api.GetAsync($"/v1/nodes/{Uri.EscapeDataString(probeName)}"), 404);
    }

    /// <summary>A create body with a fresh name, for <see cref="AssertRejectedCreateAsync"/>.</summary>
    private static (string Body, string Name) Named(string jsonWithoutName)
    {
        var name = NodeSteps.UniqueName("err-create");
        var body = (JsonObject)JsonNode.Parse(jsonWithoutName)!;
        body["name"] = name;
        return (body.ToJsonString(), name);
    }
}
