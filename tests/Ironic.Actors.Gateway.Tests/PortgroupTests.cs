using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// /v1/portgroups (1.23) against the real server: create with Ironic's defaults and field order, unique names
/// and addresses, lookups by name, the member-port lists (1.24), a port joining a portgroup, and deletes
/// (not while the portgroup has ports).
/// </summary>
[TestFixture]
public sealed class PortgroupTests : ServerFixture
{
    private static readonly string[] FieldOrder =
    [
        "uuid", "created_at", "updated_at", "address", "extra", "internal_info", "mode", "name", "properties",
        "standalone_ports_supported", "node_uuid", "links", "ports",
    ];

    private string _node = "";

    protected override async Task OnServerStartedAsync() => _node = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("pg"));

    [Test]
    public async Task Create_answers_201_with_Ironics_defaults_in_its_field_order()
    {
        var name = NodeSteps.UniqueName("bond");
        var response = await Api.PostAsync("/v1/portgroups", new JsonObject { ["node_uuid"] = _node, ["name"] = name });

        Expect.Status(response, 201);
        var group = response.Object;
        var uuid = Expect.Str(group, "uuid")!;
        using (Assert.EnterMultipleScope())
        {
            Expect.VersionHeaders(response, "1.78");
            Expect.Location(response, BaseUrl, $"/v1/portgroups/{uuid}");
            Expect.KeyOrder(group, FieldOrder, "created portgroup");
            Expect.JsonEqual(Expect.Without(group, "uuid", "created_at"), JsonNode.Parse($$"""
                {"updated_at": null, "address": null, "extra": {}, "internal_info": {}, "mode": "active-backup", "name": "{{name}}",
                 "properties": {}, "standalone_ports_supported": true, "node_uuid": "{{_node}}",
                 "links": [{"href": "{{BaseUrl}}/v1/portgroups/{{uuid}}", "rel": "self"}, {"href": "{{BaseUrl}}/portgroups/{{uuid}}", "rel": "bookmark"}],
                 "ports": [{"href": "{{BaseUrl}}/v1/portgroups/{{uuid}}/ports", "rel": "self"}, {"href": "{{BaseUrl}}/portgroups/{{uuid}}/ports", "rel": "bookmark"}]}
                """), "created portgroup");
        }
        var byName = await Api.GetAsync($"/v1/portgroups/{name}");
        Expect.Status(byName, 200);
        Assert.That(byName.Object.ToJsonString(), Is.EqualTo(group.ToJsonString()));
    }

    [Test]
    public async Task Portgroups_do_not_exist_before_1_23_and_mode_needs_1_26()
    {
        Expect.Error(await Api.GetAsync("/v1/portgroups", "1.22"), 404);
        Expect.Error(await Api.PostAsync("/v1/portgroups", new JsonObject { ["node_uuid"] = _node }, "1.22"), 404);
        Expect.Error(await Api.PostAsync("/v1/portgroups", new JsonObject { ["node_uuid"] = _node, ["mode"] = "802.3ad" }, "1.25"), 406);
        Expect.Error(await Api.GetAsync("/v1/portgroups?fields=mode", "1.25"), 406);
        Expect.Error(await Api.GetAsync($"/v1/nodes/{_node}/portgroups", "1.23"), 404);
        var group = await Api.CreatePortgroupAsync(_node, new JsonObject { ["mode"] = "802.3ad", ["properties"] = new JsonObject { ["miimon"] = 100 } });
        Assert.That((Expect.Str(group, "mode"), group["properties"]!.ToJsonString()), Is.EqualTo(("802.3ad", """{"miimon":100}""")));
    }

    [Test]
    public async Task Names_and_addresses_are_unique_among_portgroups_but_may_match_a_port()
    {
        var name = NodeSteps.UniqueName("bond");
        var mac = PortSteps.UniqueMac();
        await Api.CreatePortgroupAsync(_node, new JsonObject { ["name"] = name, ["address"] = mac });
        var other = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("pg-other"));

        Expect.Error(await Api.PostAsync("/v1/portgroups", new JsonObject { ["node_uuid"] = other, ["name"] = name }), 409,
            $"A portgroup with name {name} already exists.");
        Expect.Error(await Api.PostAsync("/v1/portgroups", new JsonObject { ["node_uuid"] = other, ["address"] = mac.ToUpperInvariant() }), 409,
            $"A portgroup with MAC address {mac} already exists.");
        Expect.Error(await Api.PostAsync("/v1/portgroups", new JsonObject { ["node_uuid"] = other, ["name"] = "bad name" }), 400,
            "Cannot create portgroup with invalid name 'bad name'");
        Assert.That(await Api.UuidsAsync($"/v1/nodes/{other}/portgroups", "portgroups"), Is.Empty, "refused creates store nothing");
        await Api.CreatePortAsync(_node, mac);
    }

    [Test]
    public async Task Ports_join_a_portgroup_of_their_own_node_and_keep_it_from_being_deleted()
    {
        var group = await Api.CreatePortgroupAsync(_node, new JsonObject { ["name"] = NodeSteps.UniqueName("bond") });
        var groupId = Expect.Str(group, "uuid")!;
        var groupName = Expect.Str(group, "name")!;
        var port = await Api.CreatePortAsync(_node, PortSteps.UniqueMac(), new JsonObject { ["portgroup_uuid"] = groupId });
        var portId = Expect.Str(port, "uuid")!;
        Assert.That(Expect.Str(port, "portgroup_uuid"), Is.EqualTo(groupId));

        var other = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("pg-foreign"));
        Expect.Error(await Api.PostAsync("/v1/ports", new JsonObject { ["address"] = PortSteps.UniqueMac(), ["node_uuid"] = other, ["portgroup_uuid"] = groupId }),
            400, "Port can not be added to a portgroup belonging to a different node.");

        Assert.That(await Api.UuidsAsync($"/v1/portgroups/{groupName}/ports", "ports"), Is.EqualTo(new[] { portId }));
        Assert.That(await Api.UuidsAsync($"/v1/ports?portgroup={groupId}", "ports"), Is.EqualTo(new[] { portId }));
        Expect.Error(await Api.GetAsync($"/v1/portgroups/{groupName}/ports", "1.23"), 404);
        Expect.Error(await Api.PostAsync($"/v1/portgroups/{groupName}/ports", new JsonObject()), 403, "Operation not permitted.");
        Assert.That(await Api.UuidsAsync($"/v1/nodes/{_node}/portgroups?limit=1000", "portgroups"), Does.Contain(groupId));

        await Api.AssertRefusedAndUnchangedAsync($"/v1/portgroups/{groupId}", () => Api.DeleteAsync($"/v1/portgroups/{groupName}"), 400,
            $"Cannot complete the requested action because portgroup {groupId} contains ports.");
        Expect.Empty(await Api.DeleteAsync($"/v1/ports/{portId}"), 204);
        Expect.Empty(await Api.DeleteAsync($"/v1/portgroups/{groupName}"), 204);
        Expect.Error(await Api.GetAsync($"/v1/portgroups/{groupName}"), 404, $"Portgroup {groupName} could not be found.");
    }

    [Test]
    public async Task An_empty_portgroup_moves_to_another_node_in_a_state_that_allows_it()
    {
        var to = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("pg-to"));
        var group = await Api.CreatePortgroupAsync(_node, new JsonObject { ["name"] = NodeSteps.UniqueName("bond") });
        var id = Expect.Str(group, "uuid")!;
        var path = $"/v1/portgroups/{id}";
        var member = Expect.Str(await Api.CreatePortAsync(_node, PortSteps.UniqueMac(), new JsonObject { ["portgroup_uuid"] = id }), "uuid")!;
        var move = $$"""[{"op": "replace", "path": "/node_uuid", "value": "{{to}}"}]""";

        await Api.AssertRefusedAndUnchangedAsync(path, () => Api.PatchAsync(path, move), 400,
            $"Portgroup {id} can not be associated with node {to} because there are ports associated with this portgroup.");
        Expect.Empty(await Api.DeleteAsync($"/v1/ports/{member}"), 204);
        await Api.MoveFromEnrollAsync(to, "available");
        await Api.AssertRefusedAndUnchangedAsync(path, () => Api.PatchAsync(path, move), 409,
            $"Portgroup {id} can not be associated to node {to} unless the node is in a enroll, inspecting, inspect wait, manageable state or in maintenance mode.");

        Expect.Empty(await Api.PutAsync($"/v1/nodes/{to}/maintenance", new JsonObject()), 202);
        var moved = await Api.PatchAsync(path, move);
        Expect.Status(moved, 200);
        Assert.That(Expect.Str(moved.Object, "node_uuid"), Is.EqualTo(to));
        Assert.That(await Api.UuidsAsync($"/v1/nodes/{to}/portgroups", "portgroups"), Is.EqualTo(new[] { id }));
        Assert.That(await Api.UuidsAsync($"/v1/nodes/{_node}/portgroups?limit=1000", "portgroups"), Does.Not.Contain(id));
        Expect.Status(await Api.GetAsync($"/v1/portgroups/{Expect.Str(group, "name")}"), 200);
    }

    [Test]
    public async Task Patch_renames_and_refuses_Ironics_bad_patches()
    {
        var group = await Api.CreatePortgroupAsync(_node, new JsonObject { ["name"] = NodeSteps.UniqueName("bond") });
        var id = Expect.Str(group, "uuid")!;
        var newName = NodeSteps.UniqueName("bond");
        var renamed = await Api.PatchAsync($"/v1/portgroups/{id}", $$"""[{"op": "replace", "path": "/name", "value": "{{newName}}"}, {"op": "add", "path": "/extra/a", "value": 1}]""");
        Expect.Status(renamed, 200);
        Assert.That(Expect.Str(renamed.Object, "name"), Is.EqualTo(newName));
        Expect.Status(await Api.GetAsync($"/v1/portgroups/{newName}"), 200);

        var path = $"/v1/portgroups/{id}";
        await Api.AssertRefusedAndUnchangedAsync(path, () => Api.PatchAsync(path, """[{"op": "remove", "path": "/mode"}]"""), 400,
            "'mode' is a mandatory attribute and can not be removed");
        await Api.AssertRefusedAndUnchangedAsync(path, () => Api.PatchAsync(path, """[{"op": "replace", "path": "/name", "value": "a b"}]"""), 400,
            $"Portgroup {id}: Cannot change name to invalid name 'a b'");
        await Api.AssertRefusedAndUnchangedAsync(path, () => Api.PatchAsync(path, """[{"op": "replace", "path": "/internal_info", "value": {}}]"""), 400,
            "Cannot patch /internal_info. Only the following can be updated: address, extra, mode, name, node_uuid, properties, standalone_ports_supported");
        Expect.Error(await Api.GetAsync("/v1/portgroups/bad%20name"), 400, "Expected UUID or name for portgroup_ident: bad name");
    }

    [Test]
    public async Task Lists_page_and_filter_like_ports()
    {
        var node = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("pg-list"));
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
            ids.Add(Expect.Str(await Api.CreatePortgroupAsync(node, new JsonObject { ["name"] = NodeSteps.UniqueName("pgl") }), "uuid")!);

        var (items, next) = await Api.ListAsync($"/v1/portgroups?node={node}&limit=2", "portgroups");
        Expect.KeyOrder((JsonObject)items[0]!, ["uuid", "address", "name", "links"], "default portgroup list item");
        Assert.That(next, Does.StartWith($"{BaseUrl}/v1/portgroups?sort_key=id&sort_dir=asc&node={node}&fields=uuid,address,name&limit=2&marker={ids[1]}"));
        var (rest, last) = await Api.ListAsync(next!, "portgroups");
        Assert.That(rest.Select(i => Expect.Str(i, "uuid")), Is.EqualTo(new[] { ids[2] }));
        Assert.That(last, Is.Null);
        var (detail, _) = await Api.ListAsync($"/v1/nodes/{node}/portgroups/detail", "portgroups");
        Expect.KeyOrder((JsonObject)detail[0]!, FieldOrder, "detailed portgroup");
        Expect.Error(await Api.GetAsync("/v1/portgroups?sort_key=properties"), 400, "The sort_key value properties is an invalid field for sorting");
    }
}
