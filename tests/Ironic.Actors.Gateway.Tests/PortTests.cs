using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// /v1/ports against the real server: the create of the Ironic 21.4 sample (status, headers, field order), the
/// duplicate-MAC 409, validation with Ironic's messages, version gates, lists with filters and paging, update
/// rules that depend on the node's state, and deletes; every refused write leaves the port as it was.
/// </summary>
[TestFixture]
public sealed class PortTests : ServerFixture
{
    private string _node = "";
    private string _nodeName = "";

    protected override async Task OnServerStartedAsync()
    {
        _nodeName = NodeSteps.UniqueName("ports");
        _node = await Api.CreateFakeNodeAsync(_nodeName);
    }

    [Test]
    public async Task Create_answers_201_with_location_and_the_sample_port()
    {
        var mac = PortSteps.UniqueMac();
        var response = await Api.PostAsync("/v1/ports", new JsonObject { ["address"] = mac.ToUpperInvariant(), ["node_uuid"] = _node });

        Expect.Status(response, 201);
        var port = response.Object;
        var uuid = Expect.Str(port, "uuid")!;
        var expected = (JsonObject)JsonNode.Parse(PortSteps.PortCreatedAt178
            .Replace("{uuid}", uuid).Replace("{node}", _node).Replace("{base}", BaseUrl).Replace("52:54:00:aa:bb:cc", mac))!;
        using (Assert.EnterMultipleScope())
        {
            Expect.VersionHeaders(response, "1.78");
            Expect.RequestId(response);
            Expect.Location(response, BaseUrl, $"/v1/ports/{uuid}");
            Assert.That(response.ContentType?.MediaType, Is.EqualTo("application/json"));
            Expect.KeyOrder(port, Expect.Keys(expected), "created port at 1.78");
            Expect.JsonEqual(Expect.Without(port, "created_at"), Expect.Without(expected, "created_at"), "created port at 1.78 (address lower-cased)");
        }

        var get = await Api.GetAsync($"/v1/ports/{uuid}");
        Expect.Status(get, 200);
        Expect.KeyOrder(get.Object, Expect.Keys(expected), "GET port");
        Assert.That(get.Object.ToJsonString(), Is.EqualTo(port.ToJsonString()), "GET shows what POST answered");
    }

    [Test]
    public async Task A_MAC_address_already_taken_is_409_with_the_sample_body_and_creates_nothing()
    {
        var mac = PortSteps.UniqueMac();
        await Api.CreatePortAsync(_node, mac);
        var other = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("ports-other"));

        foreach (var (node, address) in new[] { (_node, mac), (other, mac.ToUpperInvariant()) })
        {
            var response = await Api.PostAsync("/v1/ports", new JsonObject { ["address"] = address, ["node_uuid"] = node });
            Expect.Error(response, 409, $"A port with MAC address {mac} already exists.");
            Assert.That(response.Body, Is.EqualTo(
                $"{{\"error_message\": \"{{\\\"faultcode\\\": \\\"Client\\\", \\\"faultstring\\\": \\\"A port with MAC address {mac} already exists.\\\", \\\"debuginfo\\\": null}}\"}}"));
        }
        Assert.That(await Api.UuidsAsync($"/v1/ports?address={mac}", "ports"), Has.Count.EqualTo(1));
        Assert.That(await Api.UuidsAsync($"/v1/ports?node={other}", "ports"), Is.Empty);
    }

    [Test]
    public async Task Bad_create_bodies_are_400_with_Ironics_messages()
    {
        Task<IronicResponse> Post(object body) => Api.PostAsync("/v1/ports", body);
        var missing = "00000000-0000-0000-0000-000000000000";
        Expect.Error(await Post(new JsonObject { ["address"] = "52-54-00-aa-bb-cc", ["node_uuid"] = _node }), 400,
            "Expected valid MAC address for address: 52-54-00-aa-bb-cc");
        Expect.Error(await Post(new JsonObject { ["address"] = PortSteps.UniqueMac(), ["node_uuid"] = missing }), 400, $"Node {missing} could not be found.");
        Expect.Error(await Post(new JsonObject { ["address"] = PortSteps.UniqueMac(), ["node_uuid"] = _nodeName }), 400, $"Expected UUID for node_uuid: {_nodeName}");
        Expect.Error(await Post(new JsonObject { ["node_uuid"] = _node }), 400, "Schema error for port: 'address' is a required property");
        Expect.Error(await Post(new JsonObject { ["address"] = PortSteps.UniqueMac() }), 400, "Schema error for port: 'node_uuid' is a required property");
        Expect.Error(await Post(new JsonObject { ["address"] = PortSteps.UniqueMac(), ["node_uuid"] = _node, ["vif"] = "x" }), 400,
            "Schema error for port: Additional properties are not allowed ('vif' was unexpected)");
        Expect.Error(await Post(new JsonObject { ["address"] = PortSteps.UniqueMac(), ["node_uuid"] = _node, ["physical_network"] = "" }), 400,
            "A non-empty value is required when setting physical_network");
        Expect.Error(await Post(new JsonObject { ["address"] = PortSteps.UniqueMac(), ["node_uuid"] = _node, ["portgroup_uuid"] = missing }), 400,
            $"Portgroup {missing} could not be found.");
        Expect.Error(await Post("[1, 2]"), 400, "Schema error for port: [1, 2] is not of type 'object'");
        Expect.Error(await Post("{\"address\": "), 400);
        Assert.That(await Api.UuidsAsync($"/v1/nodes/{_node}/ports?limit=1000", "ports"), Has.None.Matches<string>(u => u.Length == 0));
    }

    [Test]
    public async Task Fields_newer_than_the_version_are_406_to_ask_for_and_hidden_in_answers()
    {
        var body = new JsonObject { ["address"] = PortSteps.UniqueMac(), ["node_uuid"] = _node, ["pxe_enabled"] = false };
        Expect.Error(await Api.PostAsync("/v1/ports", body, "1.18"), 406, "Request not acceptable.");
        body["physical_network"] = "physnet1";
        Expect.Error(await Api.PostAsync("/v1/ports", body, "1.33"), 406);
        var port = await Api.CreatePortAsync(_node, PortSteps.UniqueMac(), version: "1.34", more: new JsonObject { ["physical_network"] = "physnet1" });
        var uuid = Expect.Str(port, "uuid")!;
        Expect.KeyOrder(port, ["uuid", "created_at", "updated_at", "address", "extra", "internal_info", "local_link_connection",
            "physical_network", "pxe_enabled", "node_uuid", "links", "portgroup_uuid"], "port at 1.34");

        var old = await Api.GetAsync($"/v1/ports/{uuid}", version: null);
        Expect.Status(old, 200);
        Expect.VersionHeaders(old, "1.1");
        Expect.KeyOrder(old.Object, ["uuid", "created_at", "updated_at", "address", "extra", "node_uuid", "links"], "port at 1.1");
        Expect.Error(await Api.GetAsync($"/v1/ports/{uuid}?fields=pxe_enabled", "1.18"), 406);
        Expect.Error(await Api.GetAsync($"/v1/ports/{uuid}?fields=address", "1.7"), 406);
        Expect.Error(await Api.GetAsync("/v1/ports?portgroup=bond0", "1.23"), 406);
        Expect.Error(await Api.GetAsync("/v1/ports?sort_key=is_smartnic", "1.52"), 406);
        Expect.Error(await Api.GetAsync("/v1/ports?detail=True", "1.42"), 400, "Invalid query parameter ?detail=True received.");
        Expect.Error(await Api.GetAsync("/v1/ports?shard=a"), 406);
    }

    [Test]
    public async Task Lists_show_uuid_address_and_links_by_default_and_everything_in_detail()
    {
        var node = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("ports-list"));
        var mac = PortSteps.UniqueMac();
        var port = await Api.CreatePortAsync(node, mac);
        var uuid = Expect.Str(port, "uuid")!;

        var (items, next) = await Api.ListAsync($"/v1/ports?node={node}", "ports");
        Assert.That(next, Is.Null);
        Assert.That(items, Has.Count.EqualTo(1));
        Expect.KeyOrder((JsonObject)items[0]!, ["uuid", "address", "links"], "default list item");
        Assert.That(Expect.Str(items[0], "address"), Is.EqualTo(mac));

        var detail = await Api.ListAsync($"/v1/ports/detail?node_uuid={node}", "ports");
        Assert.That(detail.Items[0]!.ToJsonString(), Is.EqualTo(port.ToJsonString()));
        var detailParameter = await Api.ListAsync($"/v1/ports?node={node}&detail=true", "ports");
        Assert.That(detailParameter.Items[0]!.ToJsonString(), Is.EqualTo(port.ToJsonString()));
        var some = await Api.ListAsync($"/v1/ports?node={node}&fields=Node_uuid,address", "ports");
        Expect.KeyOrder((JsonObject)some.Items[0]!, ["address", "node_uuid", "links"], "fields keep the port's own order");

        Assert.That(await Api.UuidsAsync($"/v1/ports?address={mac.ToUpperInvariant()}", "ports"), Is.EqualTo(new[] { uuid }));
        Assert.That(await Api.UuidsAsync($"/v1/nodes/{node}/ports", "ports"), Is.EqualTo(new[] { uuid }));
        var byName = await Api.GetAsync($"/v1/nodes/{Expect.Str(await Api.GetNodeAsync(node), "name")}/ports/detail");
        Expect.Status(byName, 200);
        Assert.That(((JsonArray)byName.Object["ports"]!)[0]!.ToJsonString(), Is.EqualTo(port.ToJsonString()));
    }

    [Test]
    public async Task Paging_follows_next_links_that_keep_the_filters()
    {
        var node = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("ports-page"));
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
            created.Add(Expect.Str(await Api.CreatePortAsync(node, PortSteps.UniqueMac()), "uuid")!);

        var seen = new List<string>();
        string? url = $"/v1/ports?node={node}&limit=2";
        var pages = 0;
        while (url is not null)
        {
            var (items, next) = await Api.ListAsync(url, "ports");
            seen.AddRange(items.Select(i => Expect.Str(i, "uuid")!));
            if (next is not null)
                Assert.That(next, Does.StartWith($"{BaseUrl}/v1/ports?sort_key=id&sort_dir=asc&node={node}&fields=uuid,address&limit=2&marker="));
            url = next;
            pages++;
        }
        Assert.That(seen, Is.EqualTo(created), "creation order, no port twice");
        Assert.That(pages, Is.EqualTo(3));

        var desc = await Api.UuidsAsync($"/v1/ports?node={node}&sort_key=created_at&sort_dir=desc", "ports");
        Assert.That(desc, Is.EqualTo(Enumerable.Reverse(created)));
        var missing = Guid.NewGuid();
        Expect.Error(await Api.GetAsync($"/v1/ports?marker={missing}"), 404, $"Port {missing} could not be found.");
    }

    [Test]
    public async Task Bad_list_parameters_are_400_403_or_404_as_in_Ironic()
    {
        var missing = "00000000-0000-0000-0000-000000000000";
        Expect.Error(await Api.GetAsync("/v1/ports?sort_key=extra"), 400, "The sort_key value extra is an invalid field for sorting");
        Expect.Error(await Api.GetAsync("/v1/ports?sort_key=foo"), 400, "The sort_key value \"foo\" is an invalid field for sorting");
        Expect.Error(await Api.GetAsync("/v1/ports?sort_dir=up"), 400, "Invalid sort direction: up. Acceptable values are 'asc' or 'desc'");
        Expect.Error(await Api.GetAsync("/v1/ports?limit=0"), 400, "Limit must be positive");
        Expect.Error(await Api.GetAsync("/v1/ports?limit=ten"), 400, "Expected an integer for limit: ten");
        Expect.Error(await Api.GetAsync("/v1/ports?marker=abc"), 400, "Expected UUID for marker: abc");
        Expect.Error(await Api.GetAsync("/v1/ports?address=zz"), 400, "Expected valid MAC address for address: zz");
        Expect.Error(await Api.GetAsync("/v1/ports?fields=uuid,bogus"), 400, "Field(s) \"bogus\" are not valid");
        Expect.Error(await Api.GetAsync("/v1/ports?fields=uuid&detail=True"), 400, "Can not specify ?detail=True and fields in the same request.");
        Expect.Error(await Api.GetAsync("/v1/ports?colour=red"), 400, "Unexpected arguments: colour");
        Expect.Error(await Api.GetAsync("/v1/ports/detail?fields=uuid"), 400, "Unexpected arguments: fields");
        Expect.Error(await Api.GetAsync($"/v1/ports?node={missing}"), 404, $"Node {missing} could not be found.");
        Expect.Error(await Api.GetAsync("/v1/ports?node=nobody-here"), 404, "Node nobody-here could not be found.");
        Expect.Error(await Api.GetAsync("/v1/ports?portgroup=nobody-here"), 404, "Portgroup nobody-here could not be found.");
        Expect.Error(await Api.GetAsync($"/v1/ports?node={_node}&portgroup=pg"), 403, "Operation not permitted.");
        Expect.Error(await Api.GetAsync("/v1/ports/not-a-uuid"), 400, "Expected UUID for port_uuid: not-a-uuid");
        Expect.Error(await Api.GetAsync($"/v1/ports/{missing}"), 404, $"Port {missing} could not be found.");
    }

    [Test]
    public async Task Writes_through_a_nodes_ports_are_403()
    {
        var port = Expect.Str(await Api.CreatePortAsync(_node, PortSteps.UniqueMac()), "uuid")!;
        Expect.Error(await Api.PostAsync($"/v1/nodes/{_node}/ports", new JsonObject { ["address"] = PortSteps.UniqueMac(), ["node_uuid"] = _node }),
            403, "Operation not permitted.");
        Expect.Error(await Api.GetAsync($"/v1/nodes/{_node}/ports/{port}"), 403, "Operation not permitted.");
        Expect.Error(await Api.DeleteAsync($"/v1/nodes/{_node}/ports/{port}"), 403, "Operation not permitted.");
        Expect.Error(await Api.GetAsync("/v1/nodes/ports/ports"), 404);
        var put = await Api.PutAsync("/v1/ports", new JsonObject());
        Expect.Error(put, 405);
        Assert.That(put.Header("Allow"), Is.EqualTo("GET, POST"));
        Expect.Status(await Api.GetAsync($"/v1/ports/{port}"), 200);
    }

    [Test]
    public async Task Patch_updates_a_port_and_refused_patches_change_nothing()
    {
        var port = Expect.Str(await Api.CreatePortAsync(_node, PortSteps.UniqueMac()), "uuid")!;
        var patched = await Api.PatchAsync($"/v1/ports/{port}", """
            [{"op": "add", "path": "/extra/vlan", "value": 42},
             {"op": "replace", "path": "/local_link_connection", "value": {"switch_id": "0A:1B:2C:3D:4E:5F", "port_id": "Ethernet3/1"}},
             {"op": "replace", "path": "/pxe_enabled", "value": "false"}]
            """);
        Expect.Status(patched, 200);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(patched.Object["extra"]!.ToJsonString(), Is.EqualTo("""{"vlan":42}"""));
            Assert.That(patched.Object["local_link_connection"]!.ToJsonString(), Is.EqualTo("""{"switch_id":"0a:1b:2c:3d:4e:5f","port_id":"Ethernet3/1"}"""));
            Assert.That(patched.Object["pxe_enabled"]!.GetValue<bool>(), Is.False);
            Assert.That(patched.Object["updated_at"], Is.Not.Null);
        }

        var path = $"/v1/ports/{port}";
        await Api.AssertRefusedAndUnchangedAsync(path, () => Api.PatchAsync(path, """[{"op": "remove", "path": "/uuid"}]"""), 400,
            "Cannot patch /uuid. Only the following can be updated: address, extra, is_smartnic, local_link_connection, node_uuid, " +
            "physical_network, portgroup_uuid, pxe_enabled");
        await Api.AssertRefusedAndUnchangedAsync(path, () => Api.PatchAsync(path, """[{"op": "replace", "path": "/address", "value": "bad"}]"""), 400,
            "Expected valid MAC address for address: bad");
        await Api.AssertRefusedAndUnchangedAsync(path, () => Api.PatchAsync(path, """[{"op": "move", "path": "/extra"}]"""), 400,
            "Schema error for patch: 'move' is not one of ['add', 'replace', 'remove']");
        await Api.AssertRefusedAndUnchangedAsync(path, () => Api.PatchAsync(path, """[{"op": "replace", "path": "/extra/nothing", "value": 1}]"""), 400,
            "Couldn't apply patch '{'op': 'replace', 'path': '/extra/nothing', 'value': 1}'. Reason: can't replace a non-existent object 'nothing'");
        await Api.AssertRefusedAndUnchangedAsync(path, () => Api.PatchAsync(path, """[{"op": "replace", "path": "/physical_network", "value": "p"}]""", "1.33"), 406);
        var missing = Guid.NewGuid();
        await Api.AssertRefusedAndUnchangedAsync(path, () => Api.PatchAsync(path, $$"""[{"op": "replace", "path": "/portgroup_uuid", "value": "{{missing}}"}]"""), 400,
            $"Portgroup {missing} could not be found.");
        var taken = PortSteps.UniqueMac();
        await Api.CreatePortAsync(_node, taken);
        await Api.AssertRefusedAndUnchangedAsync(path, () => Api.PatchAsync(path, $$"""[{"op": "replace", "path": "/address", "value": "{{taken}}"}]"""), 409,
            $"A port with MAC address {taken} already exists.");
    }

    [Test]
    public async Task An_active_node_keeps_its_port_addresses_and_connectivity_unless_in_maintenance()
    {
        var node = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("ports-active"));
        var port = Expect.Str(await Api.CreatePortAsync(node, PortSteps.UniqueMac()), "uuid")!;
        await Api.MoveFromEnrollAsync(node, "active");
        var path = $"/v1/ports/{port}";
        var newMac = PortSteps.UniqueMac();

        await Api.AssertRefusedAndUnchangedAsync(path, () => Api.PatchAsync(path, $$"""[{"op": "replace", "path": "/address", "value": "{{newMac}}"}]"""), 409,
            $"Cannot update hardware address for port {port} as node {node} is active or has instance UUID assigned");
        await Api.AssertRefusedAndUnchangedAsync(path, () => Api.PatchAsync(path, """[{"op": "replace", "path": "/pxe_enabled", "value": false}]"""), 409,
            $"Port {port} can not have any connectivity attributes (portgroup_id, pxe_enabled, local_link_connection, physical_network) updated " +
            $"unless node {node} is in a enroll, inspecting, inspect wait, manageable state or in maintenance mode. The current state is active.");
        Expect.Status(await Api.PatchAsync(path, """[{"op": "add", "path": "/extra/ok", "value": true}]"""), 200);

        Expect.Empty(await Api.PutAsync($"/v1/nodes/{node}/maintenance", new JsonObject { ["reason"] = "recabling" }), 202);
        var moved = await Api.PatchAsync(path, $$"""[{"op": "replace", "path": "/address", "value": "{{newMac}}"}, {"op": "replace", "path": "/pxe_enabled", "value": false}]""");
        Expect.Status(moved, 200);
        Assert.That(Expect.Str(moved.Object, "address"), Is.EqualTo(newMac));
    }

    [Test]
    public async Task Patching_node_uuid_moves_a_port_to_another_node()
    {
        var from = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("ports-from"));
        var to = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("ports-to"));
        var mac = PortSteps.UniqueMac();
        var port = Expect.Str(await Api.CreatePortAsync(from, mac), "uuid")!;
        var path = $"/v1/ports/{port}";

        var missing = Guid.NewGuid();
        await Api.AssertRefusedAndUnchangedAsync(path, () => Api.PatchAsync(path, $$"""[{"op": "replace", "path": "/node_uuid", "value": "{{missing}}"}]"""), 400,
            $"Node {missing} could not be found.");
        var moved = await Api.PatchAsync(path, $$"""[{"op": "replace", "path": "/node_uuid", "value": "{{to}}"}, {"op": "add", "path": "/extra/moved", "value": true}]""");
        Expect.Status(moved, 200);
        Assert.That((Expect.Str(moved.Object, "node_uuid"), moved.Object["extra"]!.ToJsonString()), Is.EqualTo((to, """{"moved":true}""")));

        Assert.That(Expect.Str((await Api.GetAsync(path)).Object, "node_uuid"), Is.EqualTo(to));
        Assert.That(await Api.UuidsAsync($"/v1/nodes/{from}/ports", "ports"), Is.Empty);
        Assert.That(await Api.UuidsAsync($"/v1/nodes/{to}/ports", "ports"), Is.EqualTo(new[] { port }));
        Expect.Error(await Api.PostAsync("/v1/ports", new JsonObject { ["address"] = mac, ["node_uuid"] = from }), 409, $"A port with MAC address {mac} already exists.");

        Expect.Empty(await Api.DeleteAsync($"/v1/nodes/{from}"), 204);
        Expect.Status(await Api.GetAsync(path), 200);
        Expect.Empty(await Api.DeleteAsync($"/v1/nodes/{to}"), 204);
        Expect.Error(await Api.GetAsync(path), 404, $"Port {port} could not be found.");
    }

    [Test]
    public async Task Delete_answers_204_and_frees_the_address()
    {
        var mac = PortSteps.UniqueMac();
        var port = Expect.Str(await Api.CreatePortAsync(_node, mac), "uuid")!;

        Expect.Empty(await Api.DeleteAsync($"/v1/ports/{port}"), 204);
        Expect.Error(await Api.GetAsync($"/v1/ports/{port}"), 404, $"Port {port} could not be found.");
        Expect.Error(await Api.DeleteAsync($"/v1/ports/{port}"), 404, $"Port {port} could not be found.");
        Assert.That(await Api.UuidsAsync($"/v1/ports?address={mac}", "ports"), Is.Empty);
        await Api.CreatePortAsync(_node, mac);
    }

    [Test]
    public async Task Deleting_a_node_deletes_its_ports()
    {
        var node = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("ports-gone"));
        var mac = PortSteps.UniqueMac();
        var port = Expect.Str(await Api.CreatePortAsync(node, mac), "uuid")!;

        Expect.Empty(await Api.DeleteAsync($"/v1/nodes/{node}"), 204);
        Expect.Error(await Api.GetAsync($"/v1/ports/{port}"), 404, $"Port {port} could not be found.");
        Assert.That(await Api.UuidsAsync("/v1/ports?limit=1000", "ports"), Does.Not.Contain(port));
        await Api.CreatePortAsync(_node, mac);
    }
}
