using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// The edges of the API, each checked against Ironic 21.4: v1 served without its prefix (where bookmark links
/// point), the root answering any method, HEAD, unknown paths and management routes on the API port, and bodies
/// sent as a form.
/// </summary>
[TestFixture]
public sealed class ApiEdgeTests : ServerFixture
{
    private const string NotFound = "The resource could not be found.";

    [Test]
    public async Task Every_v1_resource_answers_the_same_without_the_prefix()
    {
        var instance = Guid.NewGuid().ToString();
        var node = await Api.CreateNodeAsync(new { driver = "fake-hardware", name = NodeSteps.UniqueName("bare"), instance_uuid = instance });
        var uuid = Expect.Str(node, "uuid")!;

        foreach (var path in new[]
                 {
                     $"/nodes/{uuid}", $"/nodes/detail?instance_uuid={instance}", "/drivers/fake-hardware/properties",
                     "/drivers", $"/nodes/{uuid}/states", $"/nodes/{uuid}/traits",
                 })
        {
            var versioned = await Api.GetAsync("/v1" + path);
            var bare = await Api.GetAsync(path);
            Expect.Status(bare, 200);
            Expect.VersionHeaders(bare, "1.78");
            Expect.JsonEqual(bare.Json, versioned.Json, $"GET {path} and GET /v1{path}");
        }

        var listed = await Api.GetAsync($"/nodes/detail?instance_uuid={instance}");
        Assert.That(Expect.Str(listed.Object["nodes"]![0], "uuid"), Is.EqualTo(uuid), "the unversioned list filters by instance_uuid");
    }

    [Test]
    public async Task Bookmark_links_can_be_followed_and_written_through()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("bookmark"));
        var bookmark = (await Api.GetNodeAsync(uuid))["links"]!.AsArray()
            .Single(l => Expect.Str(l, "rel") == "bookmark")!["href"]!.GetValue<string>();
        Assert.That(bookmark, Is.EqualTo($"{BaseUrl}/nodes/{uuid}"));

        var patched = await Api.PatchAsync(bookmark, new[] { new { op = "add", path = "/extra/via", value = "bookmark" } });
        Expect.Status(patched, 200);
        Assert.That(Expect.Str(patched.Object["extra"], "via"), Is.EqualTo("bookmark"));
        Expect.Status(await Api.GetAsync(bookmark), 200);
    }

    [TestCase("/foo")]
    [TestCase("/v2")]
    [TestCase("/v2/nodes")]
    public async Task Unknown_paths_outside_v1_are_404_with_an_ironic_error_and_no_version_headers(string path)
    {
        var response = await Api.GetAsync(path);

        Expect.Error(response, 404, NotFound);
        Expect.RequestId(response);
        Assert.That(response.Header(IronicClient.VersionHeader), Is.Null, "Ironic sends no version headers with an unknown path's 404");
    }

    [TestCase("/healthz")]
    [TestCase("/cluster/members")]
    public async Task Management_routes_on_the_api_port_are_404_with_an_ironic_error(string path) =>
        Expect.Error(await Api.GetAsync(path), 404, NotFound);

    [TestCase("POST")]
    [TestCase("PUT")]
    [TestCase("DELETE")]
    [TestCase("PATCH")]
    public async Task Root_answers_any_method_with_the_version_document(string method)
    {
        var response = await Api.SendAsync(new HttpMethod(method), "/", "{}", version: null);

        Expect.Status(response, 200);
        Expect.JsonEqual(response.Object, Expect.Sample(Samples.Root, BaseUrl), $"{method} /");
    }

    [TestCase("/v1/nodes")]
    [TestCase("/nodes")]
    [TestCase("/v1")]
    [TestCase("/v1/drivers")]
    public async Task Head_is_refused_with_405_except_on_root(string path)
    {
        var head = await Api.SendAsync(HttpMethod.Head, path, null);
        Expect.Status(head, 405);
        Assert.That(head.Header("Allow"), Is.EqualTo("GET"));

        Expect.Status(await Api.SendAsync(HttpMethod.Head, "/", null, version: null), 200);
    }

    [Test]
    public async Task A_json_body_sent_as_a_form_is_refused_as_unexpected_arguments_and_nothing_is_created()
    {
        var name = NodeSteps.UniqueName("form");
        var body = $$"""{"driver": "fake-hardware", "name": "{{name}}"}""";

        foreach (var type in new[] { "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8" })
        {
            var response = await Api.SendAsync(HttpMethod.Post, "/v1/nodes", body, contentType: type);
            Expect.Error(response, 400, $"Unexpected arguments: {body}");
        }

        Expect.Error(await Api.GetAsync($"/v1/nodes/{name}"), 404, $"Node {name} could not be found.");
    }

    [Test]
    public async Task Form_fields_are_named_as_a_form_decoder_splits_them()
    {
        var response = await Api.SendAsync(HttpMethod.Post, "/v1/nodes", """{"driver": "a=b&c+d%41"}""",
            contentType: "application/x-www-form-urlencoded");

        Expect.Error(response, 400, "Unexpected arguments: c dA\"}, {\"driver\": \"a");
    }

    [TestCase("text/plain")]
    [TestCase("application/xml")]
    [TestCase("application/json; charset=utf-8")]
    [TestCase("APPLICATION/X-WWW-FORM-URLENCODED")]
    public async Task Other_content_types_are_read_as_json_like_ironic_does(string type)
    {
        var name = NodeSteps.UniqueName("ctype");
        var response = await Api.SendAsync(HttpMethod.Post, "/v1/nodes", $$"""{"driver": "fake-hardware", "name": "{{name}}"}""", contentType: type);

        Expect.Status(response, 201);
        Assert.That(Expect.Str(response.Object, "name"), Is.EqualTo(name));
    }

    [Test]
    public async Task A_form_patch_changes_nothing()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("formpatch"));
        await Api.AssertRefusedAndUnchangedAsync($"/v1/nodes/{uuid}",
            () => Api.SendAsync(HttpMethod.Patch, $"/v1/nodes/{uuid}", """[{"op": "add", "path": "/extra/a", "value": 1}]""",
                contentType: "application/x-www-form-urlencoded"),
            400, """Unexpected arguments: [{"op": "add", "path": "/extra/a", "value": 1}]""");
    }

    [Test]
    public async Task Retired_and_its_reason_are_set_and_refused_as_in_Ironic_1_61()
    {
        var created = await Api.CreateNodeAsync(new { driver = "fake-hardware", retired_reason = "spare" });
        Assert.That((created["retired"]!.GetValue<bool>(), Expect.Str(created, "retired_reason")), Is.EqualTo((false, "spare")),
            "a create keeps a reason without retiring");

        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("retired"));
        await Api.AssertRefusedAndUnchangedAsync($"/v1/nodes/{uuid}",
            () => Api.PatchAsync($"/v1/nodes/{uuid}", new[] { new { op = "add", path = "/retired_reason", value = "x" } }),
            400, "The retired_reason field can only be set when retired is True");
        Expect.Error(await Api.PatchAsync($"/v1/nodes/{uuid}", new[] { new { op = "add", path = "/retired", value = true } }, "1.60"), 406);

        var retired = await Api.PatchAsync($"/v1/nodes/{uuid}", new object[]
        {
            new { op = "add", path = "/retired", value = true }, new { op = "add", path = "/retired_reason", value = "eol" },
        });
        Expect.Status(retired, 200);
        await Api.MoveFromEnrollAsync(uuid, "manageable");
        Expect.Error(await Api.PutAsync($"/v1/nodes/{uuid}/states/provision", new { target = "provide" }), 400,
            $"The providing operation can't be performed on node {uuid} because it is retired.");

        var unretired = await Api.PatchAsync($"/v1/nodes/{uuid}", new[] { new { op = "replace", path = "/retired", value = false } });
        Expect.Status(unretired, 200);
        Assert.That(unretired.Object["retired_reason"], Is.Null, "unretiring clears the reason");
    }
}
