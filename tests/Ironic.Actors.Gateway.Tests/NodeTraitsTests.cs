using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// /v1/nodes/{ident}/traits (API 1.37): list, replace, add, remove one and all, against the real server: status
/// codes, Location, empty 204 bodies, Ironic's error bodies, the node's <c>traits</c> field, and the 404 below 1.37.
/// </summary>
[TestFixture]
public sealed class NodeTraitsTests : ServerFixture
{
    private const string TraitsVersion = "1.37";

    [Test]
    public async Task A_new_node_has_no_traits()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("traits-new"));

        var response = await Api.GetAsync($"/v1/nodes/{uuid}/traits");

        Expect.Status(response, 200);
        using (Assert.EnterMultipleScope())
        {
            Expect.VersionHeaders(response, "1.78");
            Expect.RequestId(response);
            Assert.That(response.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(response.Body, Is.EqualTo("""{"traits": []}"""));
        }
    }

    [Test]
    public async Task Add_one_answers_204_with_location_and_the_trait_is_listed_and_shown_on_the_node()
    {
        var name = NodeSteps.UniqueName("traits-add");
        var uuid = await Api.CreateFakeNodeAsync(name);

        var added = await Api.PutAsync($"/v1/nodes/{name}/traits/CUSTOM_GPU", null);

        Expect.Empty(added, 204);
        using (Assert.EnterMultipleScope())
        {
            Expect.VersionHeaders(added, "1.78");
            Expect.Location(added, BaseUrl, $"/v1/nodes/{name}/traits/CUSTOM_GPU");
        }
        Expect.Empty(await Api.PutAsync($"/v1/nodes/{uuid}/traits/HW_CPU_X86_AVX2", null, TraitsVersion), 204);
        Expect.Empty(await Api.PutAsync($"/v1/nodes/{uuid}/traits/CUSTOM_A", null), 204);

        var list = await Api.GetAsync($"/v1/nodes/{uuid}/traits");
        Expect.Status(list, 200);
        Assert.That(list.Body, Is.EqualTo("""{"traits": ["CUSTOM_A", "CUSTOM_GPU", "HW_CPU_X86_AVX2"]}"""));
        var node = await Api.GetNodeAsync(uuid);
        Expect.JsonEqual(node["traits"], JsonNode.Parse("""["CUSTOM_A", "CUSTOM_GPU", "HW_CPU_X86_AVX2"]"""), "node traits field");
        var (listed, _) = await Api.ListAsync("/v1/nodes?fields=uuid,traits");
        var row = listed.OfType<JsonObject>().Single(n => Expect.Str(n, "uuid") == uuid);
        Expect.JsonEqual(row["traits"], JsonNode.Parse("""["CUSTOM_A", "CUSTOM_GPU", "HW_CPU_X86_AVX2"]"""), "traits in the node list");
    }

    [Test]
    public async Task Adding_a_trait_twice_is_harmless()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("traits-twice"));
        Expect.Empty(await Api.PutAsync($"/v1/nodes/{uuid}/traits/CUSTOM_X", null), 204);
        Expect.Empty(await Api.PutAsync($"/v1/nodes/{uuid}/traits/CUSTOM_X", null), 204);
        Assert.That((await Api.GetAsync($"/v1/nodes/{uuid}/traits")).Body, Is.EqualTo("""{"traits": ["CUSTOM_X"]}"""));
    }

    [Test]
    public async Task Put_all_replaces_the_traits()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("traits-put"));
        Expect.Empty(await Api.PutAsync($"/v1/nodes/{uuid}/traits/CUSTOM_OLD", null), 204);

        var replaced = await Api.PutAsync($"/v1/nodes/{uuid}/traits",
            new JsonObject { ["traits"] = new JsonArray("STORAGE_DISK_SSD", "CUSTOM_B", "CUSTOM_B") });

        Expect.Empty(replaced, 204);
        Assert.That(replaced.Location, Is.Null, "only adding one trait sets a Location");
        Assert.That((await Api.GetAsync($"/v1/nodes/{uuid}/traits")).Body, Is.EqualTo("""{"traits": ["CUSTOM_B", "STORAGE_DISK_SSD"]}"""));

        Expect.Empty(await Api.PutAsync($"/v1/nodes/{uuid}/traits", new JsonObject { ["traits"] = new JsonArray() }), 204);
        Assert.That((await Api.GetAsync($"/v1/nodes/{uuid}/traits")).Body, Is.EqualTo("""{"traits": []}"""));
    }

    [Test]
    public async Task Delete_one_and_delete_all()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("traits-del"));
        Expect.Empty(await Api.PutAsync($"/v1/nodes/{uuid}/traits", new JsonObject { ["traits"] = new JsonArray("CUSTOM_A", "CUSTOM_B", "CUSTOM_C") }), 204);

        Expect.Empty(await Api.DeleteAsync($"/v1/nodes/{uuid}/traits/CUSTOM_B"), 204);
        Assert.That((await Api.GetAsync($"/v1/nodes/{uuid}/traits")).Body, Is.EqualTo("""{"traits": ["CUSTOM_A", "CUSTOM_C"]}"""));

        Expect.Empty(await Api.DeleteAsync($"/v1/nodes/{uuid}/traits"), 204);
        Assert.That((await Api.GetAsync($"/v1/nodes/{uuid}/traits")).Body, Is.EqualTo("""{"traits": []}"""));
        Expect.Empty(await Api.DeleteAsync($"/v1/nodes/{uuid}/traits"), 204);
    }

    [Test]
    public async Task Deleting_a_trait_the_node_lacks_is_404_with_Ironic_text()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("traits-missing"));
        Expect.Empty(await Api.PutAsync($"/v1/nodes/{uuid}/traits/CUSTOM_A", null), 204);

        var response = await Api.DeleteAsync($"/v1/nodes/{uuid}/traits/CUSTOM_B");

        Expect.Error(response, 404, $"Node {uuid} doesn't have a trait 'CUSTOM_B'");
        Assert.That((await Api.GetAsync($"/v1/nodes/{uuid}/traits")).Body, Is.EqualTo("""{"traits": ["CUSTOM_A"]}"""));
    }

    [TestCase("custom_lower")]
    [TestCase("CUSTOM-DASH")]
    [TestCase("NOT_A_NAMESPACE")]
    public async Task An_invalid_trait_name_is_400_and_changes_nothing(string trait)
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("traits-bad"));
        var before = (await Api.GetAsync($"/v1/nodes/{uuid}")).Body;

        var response = await Api.PutAsync($"/v1/nodes/{uuid}/traits/{trait}", null);

        Expect.Error(response, 400, $"Schema error for trait: '{trait}' is not valid under any of the given schemas. Possible root cause: '{trait}' does not match '^CUSTOM_[A-Z0-9_]+$'");
        Assert.That((await Api.GetAsync($"/v1/nodes/{uuid}")).Body, Is.EqualTo(before), "node changed after a rejected trait");
    }

    [Test]
    public async Task A_trait_longer_than_255_characters_is_400()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("traits-long"));
        var trait = "CUSTOM_" + new string('X', 249);
        var response = await Api.PutAsync($"/v1/nodes/{uuid}/traits/{trait}", null);
        Expect.Error(response, 400, $"Schema error for trait: '{trait}' is too long");
    }

    [TestCase("""{"traits": ["CUSTOM_OK", "bad"]}""", "Schema error for body: 'bad' is not valid under any of the given schemas. Possible root cause: 'bad' does not match '^CUSTOM_[A-Z0-9_]+$'")]
    [TestCase("""{"traits": ["CUSTOM_OK", 5]}""", "Schema error for body: 5 is not of type 'string'")]
    [TestCase("""{"traits": "CUSTOM_OK"}""", "Schema error for body: 'CUSTOM_OK' is not of type 'array'")]
    [TestCase("""{"traits": null}""", "Schema error for body: None is not of type 'array'")]
    [TestCase("""{"traits": [], "extra": 1}""", "Schema error for body: Additional properties are not allowed ('extra' was unexpected)")]
    [TestCase("""["CUSTOM_OK"]""", "Schema error for body: ['CUSTOM_OK'] is not of type 'object'")]
    [TestCase("{}", SubResourceMessages.PutMisuse)]
    public async Task A_bad_traits_body_is_400_and_changes_nothing(string body, string message)
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("traits-body"));
        Expect.Empty(await Api.PutAsync($"/v1/nodes/{uuid}/traits/CUSTOM_KEEP", null), 204);

        var response = await Api.PutAsync($"/v1/nodes/{uuid}/traits", body);

        Expect.Error(response, 400, message);
        Assert.That((await Api.GetAsync($"/v1/nodes/{uuid}/traits")).Body, Is.EqualTo("""{"traits": ["CUSTOM_KEEP"]}"""));
    }

    [Test]
    public async Task Put_all_without_a_body_and_put_one_with_traits_are_400()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("traits-misuse"));
        Expect.Error(await Api.SendAsync(HttpMethod.Put, $"/v1/nodes/{uuid}/traits", null), 400, SubResourceMessages.PutMisuse);
        Expect.Error(await Api.PutAsync($"/v1/nodes/{uuid}/traits/CUSTOM_A", new JsonObject { ["traits"] = new JsonArray("CUSTOM_B") }),
            400, SubResourceMessages.PutMisuse);
        Assert.That((await Api.GetAsync($"/v1/nodes/{uuid}/traits")).Body, Is.EqualTo("""{"traits": []}"""));
    }

    [Test]
    public async Task Fifty_traits_are_the_limit()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("traits-limit"));
        var fifty = new JsonArray([.. Enumerable.Range(0, 50).Select(i => (JsonNode?)JsonValue.Create($"CUSTOM_T{i:D2}"))]);
        Expect.Empty(await Api.PutAsync($"/v1/nodes/{uuid}/traits", new JsonObject { ["traits"] = fifty }), 204);

        var one = await Api.PutAsync($"/v1/nodes/{uuid}/traits/CUSTOM_MORE", null);
        Expect.Error(one, 400,
            $"Could not modify traits for node {uuid} as it would exceed the maximum number of traits per node (51 vs. 50)");

        var fiftyOne = (JsonArray)fifty.DeepClone();
        fiftyOne.Add("CUSTOM_MORE");
        Expect.Error(await Api.PutAsync($"/v1/nodes/{uuid}/traits", new JsonObject { ["traits"] = fiftyOne }), 400,
            $"Could not modify traits for node {uuid} as it would exceed the maximum number of traits per node (51 vs. 50)");
        Assert.That(((JsonArray)(await Api.GetAsync($"/v1/nodes/{uuid}/traits")).Object["traits"]!).Count, Is.EqualTo(50));
    }

    [TestCase("1.36")]
    [TestCase("1.1")]
    public async Task Below_1_37_traits_are_refused_as_Ironic_21_4_refuses_them(string version)
    {
        // Ironic 21.4 without its traits controller: GET finds the node and refuses the version (406), PUT is a method
        // the node controller lacks (405), DELETE is an unknown resource (404); POST is 405 here (Ironic: a schema error).
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("traits-old"));
        var cases = new (IronicResponse Response, int Status, string? Fault)[]
        {
            (await Api.GetAsync($"/v1/nodes/{uuid}/traits", version), 406, "Request not acceptable."),
            (await Api.PutAsync($"/v1/nodes/{uuid}/traits", new JsonObject { ["traits"] = new JsonArray("CUSTOM_A") }, version), 405, null),
            (await Api.PutAsync($"/v1/nodes/{uuid}/traits/CUSTOM_A", null, version), 405, null),
            (await Api.DeleteAsync($"/v1/nodes/{uuid}/traits", version), 404, "Resource could not be found."),
            (await Api.DeleteAsync($"/v1/nodes/{uuid}/traits/CUSTOM_A", version), 404, "Resource could not be found."),
            (await Api.PostAsync($"/v1/nodes/{uuid}/traits", new JsonObject(), version), 405, null),
        };
        foreach (var (response, status, fault) in cases)
        {
            Expect.Error(response, status, fault);
            Expect.VersionHeaders(response, version);
            if (status == 405)
                Assert.That(response.Header("Allow"), Is.EqualTo("DELETE, GET, PATCH, POST"), "the node controller's methods, as Ironic names them");
        }
        Expect.Error(await Api.GetAsync($"/v1/nodes/{Guid.NewGuid()}/traits", "1.36"), 404);
        Expect.Error(await Api.DeleteAsync("/v1/nodes/no-such-node/traits", "1.36"), 404, "Resource could not be found.");
        Assert.That((await Api.GetAsync($"/v1/nodes/{uuid}/traits")).Body, Is.EqualTo("""{"traits": []}"""), "nothing was stored");
    }

    [Test]
    public async Task Traits_field_is_hidden_below_1_37()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("traits-field"));
        Expect.Empty(await Api.PutAsync($"/v1/nodes/{uuid}/traits/CUSTOM_A", null), 204);
        Assert.That((await Api.GetNodeAsync(uuid, "1.36")).ContainsKey("traits"), Is.False);
        Assert.That((await Api.GetNodeAsync(uuid, "1.37"))["traits"]!.ToJsonString(), Is.EqualTo("""["CUSTOM_A"]"""));
    }

    [Test]
    public async Task Other_methods_are_405()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("traits-405"));
        Expect.Error(await Api.PostAsync($"/v1/nodes/{uuid}/traits", new JsonObject()), 405, "The method POST is not allowed for this resource.");
        var get = await Api.GetAsync($"/v1/nodes/{uuid}/traits/CUSTOM_A");
        Expect.Error(get, 405, "The method GET is not allowed for this resource.");
        Assert.That(get.Header("Allow"), Is.EqualTo("PUT, DELETE"));
    }

    [Test]
    public async Task Unknown_node_is_404()
    {
        var missing = Guid.NewGuid().ToString();
        Expect.Error(await Api.GetAsync($"/v1/nodes/{missing}/traits"), 404, $"Node {missing} could not be found.");
        Expect.Error(await Api.PutAsync($"/v1/nodes/{missing}/traits/CUSTOM_A", null), 404, $"Node {missing} could not be found.");
        Expect.Error(await Api.DeleteAsync("/v1/nodes/no-such-node/traits"), 404, "Node no-such-node could not be found.");
    }

    [Test]
    public async Task Patching_traits_is_refused()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("traits-patch"));
        var response = await Api.PatchAsync($"/v1/nodes/{uuid}",
            new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/traits", ["value"] = new JsonArray("CUSTOM_A") }));
        // Ironic 21.4 checks the allowed root fields first, so its "use the traits API" error is never reached.
        Assert.That(Expect.Error(response, 400).Message, Does.StartWith("Cannot patch /traits. Only the following can be updated: automated_clean, "));
    }
}

/// <summary>Fault strings shared by the sub-resource tests.</summary>
internal static class SubResourceMessages
{
    public const string PutMisuse =
        "A single node trait may be added via PUT /v1/nodes/<node identifier>/traits/<trait> with no request body.  " +
        "All traits for a node may be set via PUT /v1/nodes/<node identifier>/traits with a request body containing " +
        "the full set of traits.";
}
