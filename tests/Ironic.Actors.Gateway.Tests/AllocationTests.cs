using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// /v1/allocations and /v1/nodes/{node}/allocation against the real server, with the statuses and bodies Ironic 21.4
/// answers (recorded from the reference with curl): the allocation process, its errors, and that no node is given twice.
/// Each test uses its own resource class, so the shared server's other nodes never match.
/// </summary>
[TestFixture]
public sealed class AllocationTests : ServerFixture
{
    private static string UniqueClass() => NodeSteps.UniqueName("rc");

    /// <summary>A fake-hardware node in <c>available</c> with a power state and <paramref name="resourceClass"/>.</summary>
    private async Task<string> AvailableNodeAsync(string resourceClass, params string[] traits)
    {
        var uuid = Expect.Str(await Api.CreateNodeAsync(new JsonObject
            { ["driver"] = "fake-hardware", ["name"] = NodeSteps.UniqueName("alloc"), ["resource_class"] = resourceClass }), "uuid")!;
        await Api.MoveFromEnrollAsync(uuid, "available");
        await Api.PowerAsync(uuid, "power on");
        await Api.WaitForPowerStateAsync(uuid, "power on");
        foreach (var trait in traits)
            Expect.Empty(await Api.PutAsync($"/v1/nodes/{uuid}/traits/{trait}", null), 204);
        return uuid;
    }

    private async Task<JsonObject> WaitSettledAsync(string ident)
    {
        var deadline = DateTime.UtcNow + NodeSteps.SettleTimeout;
        while (true)
        {
            var response = await Api.GetAsync($"/v1/allocations/{ident}");
            Expect.Status(response, 200);
            if (Expect.Str(response.Object, "state") != "allocating")
                return response.Object;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"allocation {ident} still allocating");
            await Task.Yield();
        }
    }

    [Test]
    public async Task Create_answers_201_allocating_then_reserves_a_matching_node()
    {
        var rc = UniqueClass();
        var other = await AvailableNodeAsync(rc);
        var wanted = await AvailableNodeAsync(rc, "CUSTOM_GPU");
        var name = NodeSteps.UniqueName("al");

        var response = await Api.PostAsync("/v1/allocations", new JsonObject
        {
            ["resource_class"] = rc, ["name"] = name, ["traits"] = new JsonArray("CUSTOM_GPU"), ["extra"] = new JsonObject { ["a"] = 1 },
        });

        Expect.Status(response, 201);
        var created = response.Object;
        var uuid = Expect.Str(created, "uuid")!;
        using (Assert.EnterMultipleScope())
        {
            Expect.Location(response, BaseUrl, $"/v1/allocations/{uuid}");
            Expect.KeyOrder(created, ["uuid", "created_at", "updated_at", "candidate_nodes", "extra", "last_error", "name", "owner",
                "resource_class", "state", "traits", "links", "node_uuid"], "created allocation");
            Assert.That(Expect.Str(created, "created_at"), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$"), "POST shows created_at without microseconds");
            Expect.JsonEqual(Expect.Without(created, "uuid", "created_at", "state"), JsonNode.Parse($$"""
                {"updated_at": null, "candidate_nodes": [], "extra": {"a": 1}, "last_error": null, "name": "{{name}}", "owner": null,
                 "resource_class": "{{rc}}", "traits": ["CUSTOM_GPU"],
                 "links": [{"href": "{{BaseUrl}}/v1/allocations/{{uuid}}", "rel": "self"}, {"href": "{{BaseUrl}}/allocations/{{uuid}}", "rel": "bookmark"}],
                 "node_uuid": null}
                """), "created allocation");
        }

        var settled = await WaitSettledAsync(name);
        var node = await Api.GetNodeAsync(wanted);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Expect.Str(settled, "state"), Is.EqualTo("active"));
            Assert.That(Expect.Str(settled, "node_uuid"), Is.EqualTo(wanted), "the node with the trait");
            Assert.That(Expect.Str(node, "allocation_uuid"), Is.EqualTo(uuid));
            Assert.That(Expect.Str(node, "instance_uuid"), Is.EqualTo(uuid));
            Expect.JsonEqual(node["instance_info"], JsonNode.Parse("""{"traits": ["CUSTOM_GPU"]}"""), "instance_info");
            Assert.That(Expect.Str(await Api.GetNodeAsync(other), "allocation_uuid"), Is.Null);
        }

        var ofNode = await Api.GetAsync($"/v1/nodes/{wanted}/allocation?fields=uuid,node_uuid");
        Expect.Status(ofNode, 200);
        Expect.KeyOrder(ofNode.Object, ["uuid", "links", "node_uuid"], "node allocation with fields");
        var (listed, _) = await Api.ListAsync($"/v1/allocations?node={wanted}", "allocations");
        Assert.That(listed.Select(a => Expect.Str(a, "uuid")), Is.EqualTo(new[] { uuid }));
        var (byClass, _) = await Api.ListAsync($"/v1/allocations?resource_class={rc}&state=active&fields=uuid", "allocations");
        Expect.KeyOrder((JsonObject)byClass.Single()!, ["uuid", "links"], "list item with fields");

        Expect.Empty(await Api.DeleteAsync($"/v1/nodes/{wanted}/allocation"), 204);
        var released = await Api.GetNodeAsync(wanted);
        Assert.That(Expect.Str(released, "allocation_uuid"), Is.Null);
        Assert.That(Expect.Str(released, "instance_uuid"), Is.Null);
        Expect.Error(await Api.GetAsync($"/v1/allocations/{uuid}"), 404, $"Allocation {uuid} could not be found.");
    }

    [Test]
    public async Task No_candidate_ends_in_error_with_Ironics_last_error()
    {
        var rc = UniqueClass();
        var node = await AvailableNodeAsync(rc);
        var none = Expect.Str((await Api.PostAsync("/v1/allocations", new JsonObject { ["resource_class"] = rc + "-none" })).Object, "uuid")!;
        var traits = Expect.Str((await Api.PostAsync("/v1/allocations", new JsonObject { ["resource_class"] = rc, ["traits"] = new JsonArray("CUSTOM_NOPE") })).Object, "uuid")!;
        var candidates = Expect.Str((await Api.PostAsync("/v1/allocations", new JsonObject
            { ["resource_class"] = rc + "-x", ["candidate_nodes"] = new JsonArray(node) })).Object, "uuid")!;

        var failedNone = await WaitSettledAsync(none);
        var failedTraits = await WaitSettledAsync(traits);
        var failedCandidates = await WaitSettledAsync(candidates);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Expect.Str(failedNone, "state"), Is.EqualTo("error"));
            Assert.That(Expect.Str(failedNone, "last_error"), Is.EqualTo($"Failed to process allocation {none}: no available nodes match the resource class {rc}-none."));
            Assert.That(Expect.Str(failedTraits, "last_error"), Is.EqualTo($"Failed to process allocation {traits}: no suitable nodes have the requested traits CUSTOM_NOPE."));
            Assert.That(Expect.Str(failedCandidates, "last_error"),
                Is.EqualTo($"Failed to process allocation {candidates}: none of the requested nodes are available and match the resource class {rc}-x."));
            Assert.That(failedCandidates["candidate_nodes"]!.AsArray().Select(c => c!.GetValue<string>()), Is.EqualTo(new[] { node }));
        }
        Expect.Empty(await Api.DeleteAsync($"/v1/allocations/{none}"), 204);
    }

    [Test]
    public async Task Concurrent_allocations_never_share_a_node()
    {
        var rc = UniqueClass();
        var nodes = new List<string>();
        for (var i = 0; i < 5; i++)
            nodes.Add(await AvailableNodeAsync(rc));

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Api.PostAsync("/v1/allocations", new JsonObject { ["resource_class"] = rc })));
        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(201));
        var settled = new List<JsonObject>();
        foreach (var r in responses)
            settled.Add(await WaitSettledAsync(Expect.Str(r.Object, "uuid")!));

        var active = settled.Where(a => Expect.Str(a, "state") == "active").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(active, Has.Count.EqualTo(5), "one allocation per node");
            Assert.That(settled.Count(a => Expect.Str(a, "state") == "error"), Is.EqualTo(5));
            Assert.That(active.Select(a => Expect.Str(a, "node_uuid")).Distinct().Order(), Is.EqualTo(nodes.Order()), "every node once");
        }
        foreach (var node in nodes)
        {
            var allocation = Expect.Str(await Api.GetNodeAsync(node), "allocation_uuid");
            Assert.That(active.Any(a => Expect.Str(a, "uuid") == allocation && Expect.Str(a, "node_uuid") == node), $"node {node} names its allocation");
        }
    }

    [Test]
    public async Task Deleting_a_node_deletes_its_allocation_and_an_active_node_keeps_it()
    {
        var rc = UniqueClass();
        var node = await AvailableNodeAsync(rc);
        var uuid = Expect.Str((await Api.PostAsync("/v1/allocations", new JsonObject { ["resource_class"] = rc })).Object, "uuid")!;
        Assert.That(Expect.Str(await WaitSettledAsync(uuid), "state"), Is.EqualTo("active"));

        await Api.ProvisionAsync(node, "active");
        await Api.WaitForProvisionStateAsync(node, "active");
        Expect.Error(await Api.DeleteAsync($"/v1/allocations/{uuid}"), 409,
            $"Cannot remove allocation {uuid} for node {node}, because the node is active (and maintenance mode is off)");
        Assert.That(Expect.Str(await WaitSettledAsync(uuid), "node_uuid"), Is.EqualTo(node), "unchanged");

        Expect.Empty(await Api.PutAsync($"/v1/nodes/{node}/maintenance", null), 202);
        Expect.Empty(await Api.DeleteAsync($"/v1/nodes/{node}"), 204);
        var deadline = DateTime.UtcNow + NodeSteps.SettleTimeout;
        while ((await Api.GetAsync($"/v1/allocations/{uuid}")).StatusCode != 404)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the allocation goes with its node");
            await Task.Yield();
        }
    }

    [Test]
    public async Task Bad_input_gets_Ironics_errors_and_changes_nothing()
    {
        var rc = UniqueClass();
        var name = NodeSteps.UniqueName("dup");
        Expect.Status(await Api.PostAsync("/v1/allocations", new JsonObject { ["resource_class"] = rc, ["name"] = name }), 201);

        Expect.Error(await Api.PostAsync("/v1/allocations", new JsonObject()), 400, "The resource_class field is mandatory when not backfilling");
        Expect.Error(await Api.PostAsync("/v1/allocations", new JsonObject { ["resource_class"] = rc, ["foo"] = 1 }), 400,
            "Schema error for allocation: Additional properties are not allowed ('foo' was unexpected)");
        Expect.Error(await Api.PostAsync("/v1/allocations", new JsonObject { ["resource_class"] = rc, ["traits"] = new JsonArray("bad trait") }), 400,
            "Schema error for allocation: 'bad trait' is not valid under any of the given schemas. Possible root cause: 'bad trait' does not match '^CUSTOM_[A-Z0-9_]+$'");
        Expect.Error(await Api.PostAsync("/v1/allocations", new JsonObject { ["resource_class"] = rc, ["candidate_nodes"] = new JsonArray("n-missing") }), 400,
            "Nodes cannot be found: n-missing");
        Expect.Error(await Api.PostAsync("/v1/allocations", new JsonObject { ["resource_class"] = rc, ["node"] = "nope" }), 400, "Node nope could not be found.");
        Expect.Error(await Api.PostAsync("/v1/allocations", new JsonObject { ["resource_class"] = rc, ["name"] = "not a name!" }), 400,
            "Cannot create allocation with invalid name 'not a name!'");
        Expect.Error(await Api.PostAsync("/v1/allocations", new JsonObject { ["resource_class"] = rc, ["name"] = name }), 409,
            $"An allocation with name {name} already exists.");
        Expect.Error(await Api.GetAsync("/v1/nodes/nope-node/allocation"), 400, "Node nope-node could not be found.");
        Expect.Error(await Api.DeleteAsync("/v1/nodes/nope-node/allocation"), 404, "Node nope-node could not be found.");
        Expect.Error(await Api.GetAsync("/v1/allocations?sort_key=traits"), 400, "The sort_key value traits is an invalid field for sorting");

        var old = await Api.GetAsync("/v1/allocations", "1.51");
        Assert.That(old.StatusCode, Is.EqualTo(404));
        Assert.That(old.Body, Is.EqualTo("""{"error_message": "{\"code\": 404, \"title\": \"Not Found\", \"description\": \"The API version does not allow allocations\"}"}"""));
        var oldPost = await Api.PostAsync("/v1/allocations", new JsonObject { ["resource_class"] = rc }, "1.51");
        Assert.That(oldPost.StatusCode, Is.EqualTo(405));
        Assert.That(oldPost.Body, Does.Contain("The API version does not allow allocations"));

        var (same, _) = await Api.ListAsync($"/v1/allocations?resource_class={rc}", "allocations");
        Assert.That(same, Has.Count.EqualTo(1), "nothing stored by refused requests");
    }

    [Test]
    public async Task Patch_changes_name_and_extra()
    {
        var rc = UniqueClass();
        var uuid = Expect.Str((await Api.PostAsync("/v1/allocations", new JsonObject { ["resource_class"] = rc })).Object, "uuid")!;
        var name = NodeSteps.UniqueName("renamed");
        var patched = await Api.PatchAsync($"/v1/allocations/{uuid}", new JsonArray(
            new JsonObject { ["op"] = "add", ["path"] = "/name", ["value"] = name },
            new JsonObject { ["op"] = "add", ["path"] = "/extra/k", ["value"] = "v" }));
        Expect.Status(patched, 200);
        Assert.That(Expect.Str(patched.Object, "name"), Is.EqualTo(name));
        Expect.JsonEqual(patched.Object["extra"], JsonNode.Parse("""{"k": "v"}"""), "extra");
        Expect.Status(await Api.GetAsync($"/v1/allocations/{name}"), 200);
        Expect.Error(await Api.PatchAsync($"/v1/allocations/{uuid}", new JsonArray(
            new JsonObject { ["op"] = "replace", ["path"] = "/name", ["value"] = "bad name!" })), 400, "Cannot update allocation with invalid name 'bad name!'");
    }
}
