using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// GET /v1/nodes and /v1/nodes/detail (spec §1.1, §1.3): default fields, detail, filters, paging with next links,
/// projections, sorting, and read-your-writes of the query model.
/// </summary>
[TestFixture]
public sealed class NodeListTests : ServerFixture
{
    private static readonly string[] DefaultFields = ["uuid", "name", "instance_uuid", "power_state", "provision_state", "maintenance", "links"];

    private readonly string _prefix = "lst" + Guid.NewGuid().ToString("N")[..6];

    /// <summary>The five fixture nodes in creation order: enroll, enroll+maintenance, manageable, manageable, available.</summary>
    private readonly List<string> _uuids = [];

    private readonly string[] _states = ["enroll", "enroll", "manageable", "manageable", "available"];

    private string NameOf(int index) => $"{_prefix}-{index}";

    protected override Smoke? SmokeCheck => Smoke.CreateGetAndList;

    protected override async Task OnServerStartedAsync()
    {
        for (var i = 0; i < _states.Length; i++)
            _uuids.Add(await Api.CreateFakeNodeAsync(NameOf(i), new JsonObject { ["index"] = i }));
        for (var i = 0; i < _states.Length; i++)
            await Api.MoveFromEnrollAsync(_uuids[i], _states[i]);
        Expect.Empty(await Api.PutAsync($"/v1/nodes/{_uuids[1]}/maintenance", """{"reason": "list test"}"""), 202);
        await WaitUntilListedAsFetchedAsync();
    }

    /// <summary>
    /// The transitions above finish in the conductor, after the client's last write; the query model is only promised
    /// to show the client's own writes at once. Wait (bounded) until the detail list shows every fixture node as GET does.
    /// </summary>
    private async Task WaitUntilListedAsFetchedAsync()
    {
        var deadline = DateTime.UtcNow + NodeSteps.SettleTimeout;
        var fetched = new Dictionary<string, JsonObject>();
        foreach (var uuid in _uuids)
            fetched[uuid] = await Api.GetNodeAsync(uuid);
        while (true)
        {
            var (items, _) = await Api.ListAsync("/v1/nodes/detail");
            var lagging = _uuids.Where(u => !items.OfType<JsonObject>().Any(n => JsonNode.DeepEquals(n, fetched[u]))).ToList();
            if (lagging.Count == 0)
                return;
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline),
                $"/v1/nodes/detail never caught up with GET for {string.Join(", ", lagging)}");
            await Task.Delay(100);
        }
    }

    [Test]
    public async Task Default_list_shows_only_the_default_fields()
    {
        var response = await Api.GetAsync("/v1/nodes");

        Expect.Status(response, 200);
        Expect.VersionHeaders(response, "1.78");
        Assert.That(response.Object.ContainsKey("next"), Is.False, () => $"no next link below the page size.{Environment.NewLine}{response}");
        var nodes = response.Object["nodes"]!.AsArray().OfType<JsonObject>().ToList();
        using (Assert.EnterMultipleScope())
        {
            foreach (var node in nodes)
                Assert.That(Expect.Keys(node), Is.EquivalentTo(DefaultFields), () => $"default list fields: {node.ToJsonString()}");
            Assert.That(Ours(nodes).Select(n => Expect.Str(n, "uuid")), Is.EqualTo(_uuids), "fixture nodes, in creation (id) order");
        }

        var second = Ours(nodes)[2];
        // Verification (manage) records the power state the fake driver reports.
        var powerState = (await Api.GetNodeAsync(_uuids[2]))["power_state"]?.ToJsonString() ?? "null";
        Expect.JsonEqual(second, JsonNode.Parse($$"""
            {"uuid": "{{_uuids[2]}}", "name": "{{NameOf(2)}}", "instance_uuid": null, "power_state": {{powerState}}, "provision_state": "manageable",
             "maintenance": false, "links": [{"href": "{{BaseUrl}}/v1/nodes/{{_uuids[2]}}", "rel": "self"}, {"href": "{{BaseUrl}}/nodes/{{_uuids[2]}}", "rel": "bookmark"}]}
            """), "a manageable node in the default list");
        Assert.That(Ours(nodes)[1]["maintenance"]?.GetValue<bool>(), Is.True, "maintenance flag in the default list");
    }

    [TestCase("/v1/nodes/detail")]
    [TestCase("/v1/nodes?detail=True")]
    [TestCase("/v1/nodes?detail=true")]
    public async Task Detail_list_shows_the_same_nodes_as_get(string url)
    {
        var (items, next) = await Api.ListAsync(url);

        Assert.That(next, Is.Null);
        var nodes = Ours(items.OfType<JsonObject>());
        Assert.That(nodes.Select(n => Expect.Str(n, "uuid")), Is.EqualTo(_uuids));
        using (Assert.EnterMultipleScope())
        {
            foreach (var node in nodes)
            {
                var uuid = Expect.Str(node, "uuid")!;
                var single = await Api.GetNodeAsync(uuid);
                Expect.KeyOrder(node, Expect.Keys(single), $"{url}: field order of {uuid}");
                Expect.JsonEqual(node, single, $"{url}: node {uuid} as listed vs as fetched");
            }
        }
    }

    [Test]
    public async Task Detail_together_with_fields_is_400()
    {
        Expect.Error(await Api.GetAsync("/v1/nodes?detail=True&fields=uuid"), 400);
    }

    [Test]
    public async Task Detail_is_only_valid_directly_under_nodes()
    {
        Expect.Status(await Api.GetAsync($"/v1/nodes/{_uuids[0]}/detail"), 404);
    }

    [Test]
    public async Task Fields_projects_the_requested_fields_plus_links()
    {
        var (items, _) = await Api.ListAsync("/v1/nodes?fields=uuid,name");

        var nodes = Ours(items.OfType<JsonObject>());
        Assert.That(nodes, Has.Count.EqualTo(_uuids.Count));
        using (Assert.EnterMultipleScope())
        {
            foreach (var node in items.OfType<JsonObject>())
                Expect.KeyOrder(node, ["uuid", "name", "links"], "?fields=uuid,name");
            Assert.That(nodes.Select(n => Expect.Str(n, "name")), Is.EqualTo(Enumerable.Range(0, _uuids.Count).Select(NameOf)));
        }
    }

    [Test]
    public async Task Unknown_field_in_fields_is_400()
    {
        Expect.Error(await Api.GetAsync("/v1/nodes?fields=uuid,no_such_field"), 400);
    }

    [Test]
    public async Task Provision_state_filter()
    {
        var (manageable, _) = await Api.ListAsync("/v1/nodes?provision_state=manageable");
        var (enroll, _) = await Api.ListAsync("/v1/nodes?provision_state=enroll");
        var (available, _) = await Api.ListAsync("/v1/nodes/detail?provision_state=available");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(manageable.Select(n => Expect.Str(n, "provision_state")), Is.All.EqualTo("manageable"));
            Assert.That(OurUuids(manageable), Is.EqualTo(new[] { _uuids[2], _uuids[3] }));
            Assert.That(enroll.Select(n => Expect.Str(n, "provision_state")), Is.All.EqualTo("enroll"));
            Assert.That(OurUuids(enroll), Is.EqualTo(new[] { _uuids[0], _uuids[1] }));
            Assert.That(available.Select(n => Expect.Str(n, "provision_state")), Is.All.EqualTo("available"));
            Assert.That(OurUuids(available), Is.EqualTo(new[] { _uuids[4] }));
        }
    }

    [Test]
    public async Task Unknown_provision_state_filter_is_400()
    {
        Expect.Error(await Api.GetAsync("/v1/nodes?provision_state=sleeping"), 400);
    }

    [Test]
    public async Task Maintenance_filter()
    {
        var (inMaintenance, _) = await Api.ListAsync("/v1/nodes?maintenance=true");
        var (notInMaintenance, _) = await Api.ListAsync("/v1/nodes?maintenance=False");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(inMaintenance.Select(n => n!["maintenance"]!.GetValue<bool>()), Is.All.True);
            Assert.That(OurUuids(inMaintenance), Is.EqualTo(new[] { _uuids[1] }));
            Assert.That(notInMaintenance.Select(n => n!["maintenance"]!.GetValue<bool>()), Is.All.False);
            Assert.That(OurUuids(notInMaintenance), Is.EqualTo(_uuids.Where((_, i) => i != 1)));
        }
    }

    [Test]
    public async Task Driver_filter()
    {
        var (fake, _) = await Api.ListAsync("/v1/nodes?driver=fake-hardware");
        var (ipmi, _) = await Api.ListAsync("/v1/nodes?driver=ipmi");

        Assert.That(OurUuids(fake), Is.EqualTo(_uuids));
        Assert.That(ipmi, Is.Empty);
    }

    [Test]
    public async Task Filters_combine()
    {
        var (items, _) = await Api.ListAsync("/v1/nodes?provision_state=enroll&maintenance=false&driver=fake-hardware");

        Assert.That(OurUuids(items), Is.EqualTo(new[] { _uuids[0] }));
    }

    [Test]
    public async Task Limit_pages_through_next_links()
    {
        var (all, _) = await Api.ListAsync("/v1/nodes");
        var expected = all.Select(n => Expect.Str(n, "uuid")).ToList();

        var seen = new List<string?>();
        string? url = "/v1/nodes?limit=2";
        for (var page = 0; url is not null; page++)
        {
            Assert.That(page, Is.LessThanOrEqualTo(expected.Count / 2 + 1), "too many pages");
            var (items, next) = await Api.ListAsync(url);
            Assert.That(items, Has.Count.LessThanOrEqualTo(2), url);
            if (items.Count == 2)
            {
                Assert.That(next, Is.Not.Null, $"a full page must have a next link ({url})");
                Assert.That(next, Does.StartWith($"{BaseUrl}/v1/nodes?"));
                Assert.That(next, Does.Contain("limit=2"));
                Assert.That(next, Does.EndWith($"marker={Expect.Str(items[^1], "uuid")}"));
            }
            else
            {
                Assert.That(next, Is.Null, $"a short page has no next link ({url})");
            }

            seen.AddRange(items.Select(n => Expect.Str(n, "uuid")));
            url = next;
        }

        Assert.That(seen, Is.EqualTo(expected), "the pages together are the whole list, in order, without repeats");
    }

    [Test]
    public async Task Next_link_of_a_detail_page_matches_the_sample()
    {
        var response = await Api.GetAsync("/v1/nodes?detail=True&limit=2");

        Expect.Status(response, 200);
        var nodes = response.Object["nodes"]!.AsArray();
        Assert.That(nodes, Has.Count.EqualTo(2));
        Assert.That(Expect.Str(response.Object, "next"),
            Is.EqualTo($"{BaseUrl}/v1/nodes?sort_key=id&sort_dir=asc&detail=True&limit=2&marker={Expect.Str(nodes[1], "uuid")}"));
        Expect.KeyOrder(response.Object, ["nodes", "next"], "page keys");

        var (following, _) = await Api.ListAsync(Expect.Str(response.Object, "next")!);
        Assert.That(following, Is.Not.Empty);
        Assert.That(following[0]!.AsObject().ContainsKey("driver_info"), Is.True, "the next page is still a detail page");
    }

    [Test]
    public async Task Next_link_of_a_projected_page_matches_the_sample()
    {
        var response = await Api.GetAsync("/v1/nodes?limit=2&fields=uuid,name,provision_state");

        Expect.Status(response, 200);
        var nodes = response.Object["nodes"]!.AsArray();
        Assert.That(nodes, Has.Count.EqualTo(2));
        Assert.That(Expect.Str(response.Object, "next"),
            Is.EqualTo($"{BaseUrl}/v1/nodes?sort_key=id&sort_dir=asc&fields=uuid,name,provision_state&limit=2&marker={Expect.Str(nodes[1], "uuid")}"));
        foreach (var node in nodes.OfType<JsonObject>())
            Expect.KeyOrder(node, ["uuid", "name", "provision_state", "links"], "?fields=uuid,name,provision_state");

        var (following, _) = await Api.ListAsync(Expect.Str(response.Object, "next")!);
        foreach (var node in following.OfType<JsonObject>())
            Expect.KeyOrder(node, ["uuid", "name", "provision_state", "links"], "next page keeps the projection");
    }

    [Test]
    public async Task Next_link_keeps_the_filters()
    {
        var seen = new List<string?>();
        string? url = "/v1/nodes?provision_state=enroll&limit=1";
        for (var page = 0; url is not null && page < 50; page++)
        {
            var (items, next) = await Api.ListAsync(url);
            Assert.That(items.Select(n => Expect.Str(n, "provision_state")), Is.All.EqualTo("enroll"), $"page {page} ({url})");
            seen.AddRange(items.Select(n => Expect.Str(n, "uuid")));
            url = next;
        }

        Assert.That(seen.Where(u => _uuids.Contains(u!)), Is.EqualTo(new[] { _uuids[0], _uuids[1] }));
    }

    [Test]
    public async Task Marker_starts_after_the_given_node()
    {
        var (all, _) = await Api.ListAsync("/v1/nodes");
        var uuids = all.Select(n => Expect.Str(n, "uuid")).ToList();
        var index = uuids.IndexOf(_uuids[1]);

        var (after, _) = await Api.ListAsync($"/v1/nodes?marker={_uuids[1]}&limit=2");

        Assert.That(after.Select(n => Expect.Str(n, "uuid")), Is.EqualTo(uuids.Skip(index + 1).Take(2)));
    }

    [Test]
    public async Task Unknown_marker_is_404()
    {
        Expect.Error(await Api.GetAsync("/v1/nodes?marker=00000000-0000-0000-0000-000000000000"), 404);
    }

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("two")]
    public async Task Invalid_limit_is_400(string limit)
    {
        Expect.Error(await Api.GetAsync($"/v1/nodes?limit={limit}"), 400);
    }

    [Test]
    public async Task Sort_by_name_descending()
    {
        var (items, _) = await Api.ListAsync("/v1/nodes?sort_key=name&sort_dir=desc");

        Assert.That(Ours(items.OfType<JsonObject>()).Select(n => Expect.Str(n, "name")),
            Is.EqualTo(Enumerable.Range(0, _uuids.Count).Select(NameOf).Reverse()));
        var names = items.Select(n => Expect.Str(n, "name")).Where(n => n is not null).ToList();
        Assert.That(names, Is.Ordered.Descending.Using((IComparer<string?>)StringComparer.Ordinal), "the whole page is sorted");
    }

    [Test]
    public async Task Sort_by_created_at_descending()
    {
        var (items, _) = await Api.ListAsync("/v1/nodes?sort_key=created_at&sort_dir=desc&fields=uuid,created_at");

        Assert.That(OurUuids(items), Is.EqualTo(Enumerable.Reverse(_uuids)));
    }

    [Test]
    public async Task Sort_by_provision_state_ascending()
    {
        var (items, _) = await Api.ListAsync("/v1/nodes?sort_key=provision_state&sort_dir=asc");

        var states = items.Select(n => Expect.Str(n, "provision_state")!).ToList();
        Assert.That(states, Is.Ordered.Ascending.Using((IComparer<string>)StringComparer.Ordinal));
    }

    [TestCase("sort_dir=sideways")]
    [TestCase("sort_key=extra")]
    [TestCase("sort_key=driver_info")]
    [TestCase("sort_key=no_such_column")]
    public async Task Invalid_sort_is_400(string query)
    {
        Expect.Error(await Api.GetAsync($"/v1/nodes?{query}"), 400);
    }

    [Test]
    public async Task Created_node_is_in_the_very_next_list()
    {
        var name = NodeSteps.UniqueName("ryw-create");

        var uuid = await Api.CreateFakeNodeAsync(name, new JsonObject { ["ryw"] = "yes" });

        var (plain, _) = await Api.ListAsync("/v1/nodes");
        var (detail, _) = await Api.ListAsync("/v1/nodes/detail");
        var (filtered, _) = await Api.ListAsync("/v1/nodes?provision_state=enroll");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(plain.Select(n => Expect.Str(n, "uuid")), Does.Contain(uuid), "default list right after create");
            Assert.That(filtered.Select(n => Expect.Str(n, "uuid")), Does.Contain(uuid), "filtered list right after create");
            var listed = detail.OfType<JsonObject>().SingleOrDefault(n => Expect.Str(n, "uuid") == uuid);
            Assert.That(listed, Is.Not.Null, "detail list right after create");
            Assert.That(Expect.Str(listed, "name"), Is.EqualTo(name));
            Expect.JsonEqual(listed?["extra"], JsonNode.Parse("""{"ryw": "yes"}"""), "extra in the detail list");
        }
    }

    [Test]
    public async Task Patched_and_deleted_nodes_show_in_the_very_next_list()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("ryw-patch"));
        var renamed = NodeSteps.UniqueName("ryw-renamed");

        Expect.Status(await Api.PatchAsync($"/v1/nodes/{uuid}",
            $$"""[{"op": "replace", "path": "/name", "value": "{{renamed}}"}, {"op": "add", "path": "/extra/after", "value": "patch"}]"""), 200);
        var (detail, _) = await Api.ListAsync("/v1/nodes/detail");
        var listed = detail.OfType<JsonObject>().Single(n => Expect.Str(n, "uuid") == uuid);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Expect.Str(listed, "name"), Is.EqualTo(renamed), "name right after PATCH");
            Expect.JsonEqual(listed["extra"], JsonNode.Parse("""{"after": "patch"}"""), "extra right after PATCH");
        }

        Expect.Empty(await Api.DeleteAsync($"/v1/nodes/{uuid}"), 204);
        var (after, _) = await Api.ListAsync("/v1/nodes");
        Assert.That(after.Select(n => Expect.Str(n, "uuid")), Does.Not.Contain(uuid), "list right after DELETE");
    }

    [Test]
    public async Task A_page_read_over_and_over_shows_a_change_at_once_in_every_form()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("ryw-reread"));
        var urls = new[] { "/v1/nodes/detail", "/v1/nodes?fields=uuid,description,maintenance", "/v1/nodes?fields=uuid,description" };

        async Task<List<JsonObject>> ReadAll(string url)
        {
            var (items, _) = await Api.ListAsync(url);
            return items.OfType<JsonObject>().Where(n => Expect.Str(n, "uuid") == uuid).ToList();
        }

        // Read three times, so that its JSON is kept (RenderedNodeCache keeps a node written a second time).
        foreach (var url in urls)
            for (var i = 0; i < 3; i++)
                Assert.That((await ReadAll(url)).Single()["description"], Is.Null, url);

        Expect.Status(await Api.PatchAsync($"/v1/nodes/{uuid}", """[{"op": "add", "path": "/description", "value": "changed"}]"""), 200);
        foreach (var url in urls)
            Assert.That(Expect.Str((await ReadAll(url)).Single(), "description"), Is.EqualTo("changed"), url);

        Expect.Empty(await Api.PutAsync($"/v1/nodes/{uuid}/maintenance", """{"reason": "reread"}"""), 202);
        var detail = (await ReadAll(urls[0])).Single();
        Assert.That(detail["maintenance"]?.GetValue<bool>(), Is.True, "maintenance in the detail list");
        Assert.That(Expect.Str(detail, "maintenance_reason"), Is.EqualTo("reread"));
        Assert.That((await ReadAll(urls[1])).Single()["maintenance"]?.GetValue<bool>(), Is.True, "maintenance in the projected list");
        Assert.That((await ReadAll(urls[2])).Single().ContainsKey("maintenance"), Is.False, "each form shows its own fields");
    }

    [Test]
    public async Task Maintenance_change_shows_in_the_very_next_list()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("ryw-maint"));

        Expect.Empty(await Api.PutAsync($"/v1/nodes/{uuid}/maintenance", """{"reason": "now"}"""), 202);
        var (items, _) = await Api.ListAsync("/v1/nodes?maintenance=true");

        Assert.That(items.Select(n => Expect.Str(n, "uuid")), Does.Contain(uuid));
    }

    [Test]
    public async Task Provision_state_change_reaches_the_list()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("ryw-state"));
        await Api.MoveFromEnrollAsync(uuid, "manageable");

        // The transition is the conductor's write, not the client's: allow the query model a (bounded) moment.
        var deadline = DateTime.UtcNow + NodeSteps.SettleTimeout;
        while (true)
        {
            var (items, _) = await Api.ListAsync("/v1/nodes?provision_state=manageable");
            if (items.Any(n => Expect.Str(n, "uuid") == uuid))
                break;
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the list never showed the node as manageable");
            await Task.Delay(100);
        }
    }

    private List<JsonObject> Ours(IEnumerable<JsonObject> nodes) =>
        nodes.Where(n => _uuids.Contains(Expect.Str(n, "uuid")!)).ToList();

    private List<string?> OurUuids(JsonArray nodes) =>
        nodes.Select(n => Expect.Str(n, "uuid")).Where(u => _uuids.Contains(u!)).ToList();
}
