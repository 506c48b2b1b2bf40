using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// /v1/volume, /v1/volume/connectors and /v1/volume/targets (1.32) against the real server, with the statuses, bodies and
/// words Ironic 21.4 answers: Reference/volumes-ironic-21.4.txt holds the exchanges they come from (recorded with
/// tools/reference-ironic/capture-volumes.sh). Each test uses its own nodes and connector ids.
/// </summary>
[TestFixture]
public sealed class VolumeTests : ServerFixture
{
    private const string Schema = "Schema error for ";

    private string Links(string kind, string uuid) =>
        $$"""[{"href": "{{BaseUrl}}/v1/volume/{{kind}}/{{uuid}}", "rel": "self"}, {"href": "{{BaseUrl}}/volume/{{kind}}/{{uuid}}", "rel": "bookmark"}]""";

    private async Task<string> PoweredOffNodeAsync(string name)
    {
        var node = await Api.CreateFakeNodeAsync(name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Expect.Status(await Api.PowerAsync(node, "power off"), 202);
        await Api.WaitForPowerStateAsync(node, "power off");
        return node;
    }

    private static JsonObject Connector(string node, string type, string id) => new() { ["node_uuid"] = node, ["type"] = type, ["connector_id"] = id };

    private static JsonObject Target(string node, object bootIndex, string volume = "vol-1", string type = "iscsi") =>
        new() { ["node_uuid"] = node, ["volume_type"] = type, ["boot_index"] = JsonValue.Create(bootIndex), ["volume_id"] = volume };

    [Test]
    public async Task Connector_create_show_list_patch_and_delete()
    {
        var node = await PoweredOffNodeAsync("vol-c");
        var iqn = "iqn.2017-05.org.openstack:" + Guid.NewGuid().ToString("N")[..10];
        var response = await Api.PostAsync("/v1/volume/connectors", Connector(node, "iqn", iqn));
        Expect.Status(response, 201);
        var uuid = Expect.Str(response.Object, "uuid")!;
        using (Assert.EnterMultipleScope())
        {
            Expect.Location(response, BaseUrl, $"/v1/volume/connectors/{uuid}");
            Expect.KeyOrder(response.Object, ["uuid", "created_at", "updated_at", "connector_id", "extra", "type", "links", "node_uuid"], "created connector");
            Expect.JsonEqual(Expect.Without(response.Object, "uuid", "created_at"), JsonNode.Parse($$"""
                {"updated_at": null, "connector_id": "{{iqn}}", "extra": {}, "type": "iqn", "links": {{Links("connectors", uuid)}}, "node_uuid": "{{node}}"}
                """), "created connector");
        }
        Expect.JsonEqual((await Api.GetAsync($"/v1/volume/connectors/{uuid}?fields=type")).Object,
            JsonNode.Parse($$"""{"type": "iqn", "links": {{Links("connectors", uuid)}}}"""), "fields=type");

        var (items, next) = await Api.ListAsync($"/v1/volume/connectors?node={node}", "connectors");
        Expect.JsonEqual(items, JsonNode.Parse($$"""
            [{"uuid": "{{uuid}}", "connector_id": "{{iqn}}", "type": "iqn", "links": {{Links("connectors", uuid)}}, "node_uuid": "{{node}}"}]
            """), "list by node");
        Assert.That(next, Is.Null);
        var (nested, _) = await Api.ListAsync($"/v1/nodes/{node}/volume/connectors?detail=true", "connectors");
        Expect.KeyOrder((JsonObject)nested.Single()!, ["uuid", "created_at", "updated_at", "connector_id", "extra", "type", "links", "node_uuid"], "detail");
        var (paged, pagedNext) = await Api.ListAsync($"/v1/volume/connectors?node={node}&limit=1", "connectors");
        Assert.That(paged, Has.Count.EqualTo(1));
        // Ironic's next link keeps sorting and fields but drops the node filter (reference: ?node=...&limit=1).
        Assert.That(pagedNext, Is.EqualTo($"{BaseUrl}/v1/volume/connectors?sort_key=id&sort_dir=asc&fields=uuid,node_uuid,type,connector_id&limit=1&marker={uuid}"));

        var patched = await Api.PatchAsync($"/v1/volume/connectors/{uuid}", new JsonArray(
            new JsonObject { ["op"] = "add", ["path"] = "/extra/a", ["value"] = 1 }));
        Expect.Status(patched, 200);
        Assert.That(patched.Object["extra"]!.ToJsonString(), Is.EqualTo("""{"a":1}"""));
        Assert.That(Expect.Str(patched.Object, "updated_at"), Is.Not.Null);

        Expect.Empty(await Api.DeleteAsync($"/v1/volume/connectors/{uuid}"), 204);
        Expect.Error(await Api.GetAsync($"/v1/volume/connectors/{uuid}"), 404, $"Volume connector {uuid} could not be found.");
        var (after, _) = await Api.ListAsync($"/v1/volume/connectors?node={node}", "connectors");
        Assert.That(after, Is.Empty);
    }

    [Test]
    public async Task Connector_bodies_are_refused_in_Ironics_words_and_nothing_is_stored()
    {
        var node = await PoweredOffNodeAsync("vol-cbad");
        var other = await PoweredOffNodeAsync("vol-cbad2");
        var iqn = "iqn.dup." + Guid.NewGuid().ToString("N")[..10];
        var first = await Api.PostAsync("/v1/volume/connectors", Connector(node, "iqn", iqn));
        Expect.Status(first, 201);
        var uuid = Expect.Str(first.Object, "uuid")!;
        var missingNode = "1be26c0b-03f2-4d2e-ae87-c02d7f33c123";
        var cases = new (JsonNode Body, int Status, string Message)[]
        {
            // (type, connector_id) is unique over all nodes, the UUID too.
            (Connector(other, "iqn", iqn), 409, $"A volume connector with type iqn and connector ID {iqn} already exists."),
            (Connector(node, "iqn", iqn), 409, $"A volume connector with type iqn and connector ID {iqn} already exists."),
            (new JsonObject { ["node_uuid"] = other, ["type"] = "ip", ["connector_id"] = "x", ["uuid"] = uuid }, 409,
                $"A volume connector with UUID {uuid} already exists."),
            (new JsonObject { ["type"] = "iqn", ["connector_id"] = "x" }, 400, Schema + "connector: 'node_uuid' is a required property"),
            (Connector("nope", "iqn", "x"), 400, "Expected UUID for node_uuid: nope"),
            (Connector(missingNode, "iqn", "x"), 400, $"Invalid input for field/attribute node_uuid. Value: '{missingNode}'. "),
            (new JsonObject { ["node_uuid"] = node, ["type"] = 5, ["connector_id"] = "x" }, 400, Schema + "connector: 5 is not of type 'string'"),
            (new JsonObject { ["node_uuid"] = node, ["connector_id"] = "x" }, 400, Schema + "connector: 'type' is a required property"),
            (new JsonObject { ["node_uuid"] = node, ["type"] = "iqn", ["connector_id"] = "x", ["foo"] = 1 }, 400,
                Schema + "connector: Additional properties are not allowed ('foo' was unexpected)"),
            (new JsonObject { ["node_uuid"] = node, ["type"] = "iqn", ["connector_id"] = "x", ["uuid"] = "bad" }, 400, "Expected UUID for uuid: bad"),
            (new JsonObject { ["node_uuid"] = node, ["type"] = "iqn", ["connector_id"] = "x", ["extra"] = new JsonArray() }, 400,
                Schema + "connector: [] is not of type 'object', 'null'"),
            (new JsonArray(), 400, Schema + "connector: [] is not of type 'object'"),
        };
        foreach (var (body, status, message) in cases)
            Expect.Error(await Api.PostAsync("/v1/volume/connectors", body), status, message);
        // Under a node, Ironic checks the request first and refuses it (403) only then.
        Expect.Error(await Api.PostAsync($"/v1/nodes/{node}/volume/connectors", Connector(node, "ip", "y")), 403, "Operation not permitted.");
        Expect.Error(await Api.PostAsync($"/v1/nodes/{node}/volume/targets", new JsonObject()), 400, Schema + "target: 'boot_index' is a required property");
        Expect.Error(await Api.PostAsync($"/v1/nodes/{node}/volume/connectors", Connector(missingNode, "a", "b")), 400,
            $"Invalid input for field/attribute node_uuid. Value: '{missingNode}'. ");
        Expect.Error(await Api.GetAsync($"/v1/nodes/{node}/volume/connectors/{uuid}"), 403, "Operation not permitted.");
        Expect.Error(await Api.DeleteAsync($"/v1/nodes/{node}/volume/connectors/{uuid}"), 403, "Operation not permitted.");
        Expect.Error(await Api.PatchAsync($"/v1/nodes/{node}/volume/connectors/{uuid}", new JsonObject()), 400, Schema + "patch: {} is not of type 'array'");
        Expect.Error(await Api.PatchAsync($"/v1/nodes/{node}/volume/connectors/{missingNode}",
            new JsonArray(new JsonObject { ["op"] = "remove", ["path"] = "/extra" })), 404, $"Volume connector {missingNode} could not be found.");

        var (ours, _) = await Api.ListAsync($"/v1/volume/connectors?node={node}", "connectors");
        var (theirs, _) = await Api.ListAsync($"/v1/volume/connectors?node={other}", "connectors");
        Assert.That(ours.Select(c => Expect.Str(c, "uuid")), Is.EqualTo(new[] { uuid }));
        Assert.That(theirs, Is.Empty);
        // Any type is stored, as Ironic's API takes any string (the storage interface decides what it uses).
        Expect.Status(await Api.PostAsync("/v1/volume/connectors", new JsonObject
            { ["node_uuid"] = other, ["type"] = "foo", ["connector_id"] = iqn, ["extra"] = null }), 201);
    }

    [Test]
    public async Task Updates_and_deletes_need_the_node_powered_off_and_patches_are_checked_as_Ironic_does()
    {
        var node = await Api.CreateFakeNodeAsync("vol-on-" + Guid.NewGuid().ToString("N")[..8]);
        var created = await Api.PostAsync("/v1/volume/connectors", Connector(node, "wwpn", "wwpn-" + Guid.NewGuid().ToString("N")[..8]));
        Expect.Status(created, 201); // a create needs no particular state, as in Ironic
        var uuid = Expect.Str(created.Object, "uuid")!;
        var addExtra = new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/extra/a", ["value"] = 1 });
        var state = Expect.Str(await Api.GetNodeAsync(node), "power_state") ?? "None";
        Assert.That(state, Is.Not.EqualTo("power off"));
        Expect.Error(await Api.PatchAsync($"/v1/volume/connectors/{uuid}", addExtra), 400,
            $"The requested action \"volume connector update\" can not be performed on node \"{node}\" while it is in state \"{state}\".");
        Expect.Error(await Api.DeleteAsync($"/v1/volume/connectors/{uuid}"), 400,
            $"The requested action \"volume connector deletion\" can not be performed on node \"{node}\" while it is in state \"{state}\".");

        Expect.Status(await Api.PowerAsync(node, "power off"), 202);
        await Api.WaitForPowerStateAsync(node, "power off");
        static JsonArray Op(string op, string path, JsonNode? value = null)
        {
            var o = new JsonObject { ["op"] = op, ["path"] = path };
            if (value is not null)
                o["value"] = value;
            return new JsonArray(o);
        }
        var missing = "1be26c0b-03f2-4d2e-ae87-c02d7f33c123";
        const string only = "Only the following can be updated: connector_id, extra, node_uuid, type";
        Expect.Error(await Api.PatchAsync($"/v1/volume/connectors/{uuid}", Op("replace", "/uuid", "x")), 400, "Cannot patch /uuid. " + only);
        Expect.Error(await Api.PatchAsync($"/v1/volume/connectors/{uuid}", Op("remove", "/type")), 400, Schema + "patch: 'type' is a required property");
        Expect.Error(await Api.PatchAsync($"/v1/volume/connectors/{uuid}", Op("replace", "/type", 3)), 400, Schema + "patch: 3 is not of type 'string'");
        Expect.Error(await Api.PatchAsync($"/v1/volume/connectors/{uuid}", Op("replace", "/node_uuid", "nope")), 400,
            "Expected a UUID for node_uuid, but received nope.");
        Expect.Error(await Api.PatchAsync($"/v1/volume/connectors/{uuid}", Op("remove", "/extra/zzz")), 400,
            "Couldn't apply patch '{'op': 'remove', 'path': '/extra/zzz'}'. Reason: can't remove a non-existent object 'zzz'");
        Expect.Error(await Api.PatchAsync($"/v1/volume/connectors/{missing}", Op("remove", "/foo")), 404, $"Volume connector {missing} could not be found.");
        Expect.Error(await Api.PatchAsync($"/v1/volume/connectors/{uuid}", new JsonObject()), 400, Schema + "patch: {} is not of type 'array'");
        var unchanged = await Api.PatchAsync($"/v1/volume/connectors/{uuid}", new JsonArray());
        Expect.Status(unchanged, 200);
        Assert.That(unchanged.Object["updated_at"], Is.Null, "an empty patch changes nothing");

        var patched = await Api.PatchAsync($"/v1/volume/connectors/{uuid}", Op("replace", "/connector_id", "wwpn-new-" + uuid[..8]));
        Expect.Status(patched, 200);
        Assert.That(Expect.Str(patched.Object, "connector_id"), Is.EqualTo("wwpn-new-" + uuid[..8]));
        Expect.Empty(await Api.DeleteAsync($"/v1/volume/connectors/{uuid}"), 204);
        Expect.Error(await Api.DeleteAsync($"/v1/volume/connectors/{uuid}"), 404, $"Volume connector {uuid} could not be found.");
        Expect.Error(await Api.DeleteAsync("/v1/volume/connectors/bad"), 400, "Expected UUID for connector_uuid: bad");
    }

    [Test]
    public async Task Targets_keep_boot_index_unique_per_node_and_mask_secret_properties()
    {
        var node = await PoweredOffNodeAsync("vol-t");
        var other = await PoweredOffNodeAsync("vol-t2");
        var body = Target(node, 0, "04452bed-5367-4202-8bf5-de4335ac56d2");
        body["properties"] = new JsonObject { ["auth_password"] = "secret", ["x"] = 1 };
        var created = await Api.PostAsync("/v1/volume/targets", body);
        Expect.Status(created, 201);
        var uuid = Expect.Str(created.Object, "uuid")!;
        Expect.KeyOrder(created.Object,
            ["uuid", "created_at", "updated_at", "boot_index", "extra", "properties", "volume_id", "volume_type", "links", "node_uuid"], "created target");
        Assert.That(created.Object["properties"]!.ToJsonString(), Is.EqualTo("""{"auth_password":"******","x":1}"""));

        Expect.Error(await Api.PostAsync("/v1/volume/targets", Target(node, 0, "v2")), 409,
            "A volume target with boot index '0' for the same node already exists.");
        Expect.Status(await Api.PostAsync("/v1/volume/targets", Target(other, 0, "04452bed-5367-4202-8bf5-de4335ac56d2")), 201);
        var second = await Api.PostAsync("/v1/volume/targets", Target(node, -1, "04452bed-5367-4202-8bf5-de4335ac56d2"));
        Expect.Status(second, 201); // volume_id may repeat, and boot_index may be negative, as in Ironic
        Expect.Error(await Api.PostAsync("/v1/volume/targets", Target(node, "2")), 400, Schema + "target: '2' is not of type 'integer'");
        Expect.Error(await Api.PostAsync("/v1/volume/targets", Target(node, 2.5)), 400, Schema + "target: 2.5 is not of type 'integer'");
        Expect.Error(await Api.PostAsync("/v1/volume/targets", Target(node, true)), 400, Schema + "target: True is not of type 'integer'");
        Expect.Error(await Api.PostAsync("/v1/volume/targets", new JsonObject { ["node_uuid"] = node, ["boot_index"] = 4, ["volume_id"] = "x" }), 400,
            Schema + "target: 'volume_type' is a required property");
        var withUuid = Target(other, 5);
        withUuid["uuid"] = uuid;
        Expect.Error(await Api.PostAsync("/v1/volume/targets", withUuid), 409, $"A volume target with UUID {uuid} already exists.");

        Expect.Error(await Api.PatchAsync($"/v1/volume/targets/{uuid}",
            new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/boot_index", ["value"] = -1 })), 409,
            "A volume target with boot index '-1' for the same node already exists.");
        Expect.Error(await Api.PatchAsync($"/v1/volume/targets/{uuid}",
            new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/boot_index", ["value"] = "1" })), 400, Schema + "patch: '1' is not of type 'integer'");
        var moved = await Api.PatchAsync($"/v1/volume/targets/{uuid}",
            new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/boot_index", ["value"] = 1 }));
        Expect.Status(moved, 200);
        Assert.That(moved.Object["boot_index"]!.GetValue<int>(), Is.EqualTo(1));

        var (sorted, _) = await Api.ListAsync($"/v1/volume/targets?node={node}&sort_key=boot_index&sort_dir=desc&fields=boot_index,volume_id", "targets");
        Assert.That(sorted.Select(t => t!["boot_index"]!.GetValue<int>()), Is.EqualTo(new[] { 1, -1 }));
        Expect.KeyOrder((JsonObject)sorted[0]!, ["boot_index", "volume_id", "links"], "fields");
        Expect.Error(await Api.GetAsync("/v1/volume/targets?sort_key=properties"), 400, "The sort_key value properties is an invalid field for sorting");
        Expect.Error(await Api.GetAsync("/v1/volume/targets?sort_key=node_uuid"), 400, "The sort_key value \"node_uuid\" is an invalid field for sorting");
        Expect.Error(await Api.GetAsync("/v1/volume/targets/detail"), 400, "Expected UUID for target_uuid: detail");

        // Deleting the node deletes its volume targets (Ironic's destroy_node), and frees their UUIDs.
        Expect.Empty(await Api.DeleteAsync($"/v1/nodes/{node}"), 204);
        Expect.Error(await Api.GetAsync($"/v1/volume/targets/{uuid}"), 404, $"Volume target {uuid} could not be found.");
        var (left, _) = await Api.ListAsync($"/v1/volume/targets?node={other}", "targets");
        Assert.That(left, Has.Count.EqualTo(1));
        var reused = Target(other, 7);
        reused["uuid"] = uuid;
        Expect.Status(await Api.PostAsync("/v1/volume/targets", reused), 201);
    }

    [Test]
    public async Task A_patch_of_node_uuid_moves_the_object_under_the_new_nodes_rules()
    {
        // Reference/volumes-moves-ironic-21.4.txt: Ironic checks the node the object moves to (its power state, uniqueness there).
        var from = await PoweredOffNodeAsync("vol-from");
        var to = await PoweredOffNodeAsync("vol-to");
        var unpowered = await Api.CreateFakeNodeAsync("vol-none-" + Guid.NewGuid().ToString("N")[..8]);
        var state = Expect.Str(await Api.GetNodeAsync(unpowered), "power_state") ?? "None";
        var iqn = "iqn.move." + Guid.NewGuid().ToString("N")[..8];
        var ip = "10.9." + Random.Shared.Next(255) + "." + Random.Shared.Next(255) + "-" + Guid.NewGuid().ToString("N")[..6];
        var connector = Expect.Str((await Api.PostAsync("/v1/volume/connectors", Connector(from, "iqn", iqn))).Object, "uuid")!;
        Expect.Status(await Api.PostAsync("/v1/volume/connectors", Connector(to, "ip", ip)), 201);
        static JsonArray MoveTo(string node, params (string Path, JsonNode Value)[] more)
        {
            var ops = new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/node_uuid", ["value"] = node });
            foreach (var (path, value) in more)
                ops.Add(new JsonObject { ["op"] = "replace", ["path"] = path, ["value"] = value });
            return ops;
        }
        var missing = "9c0b58e5-2a5e-4d7f-9e1f-0a3a5b9b1c11";
        Expect.Error(await Api.PatchAsync($"/v1/volume/connectors/{connector}", MoveTo(unpowered)), 400,
            $"The requested action \"volume connector update\" can not be performed on node \"{unpowered}\" while it is in state \"{state}\".");
        Expect.Error(await Api.PatchAsync($"/v1/volume/connectors/{connector}", MoveTo(missing)), 400, $"Node {missing} could not be found.");
        Expect.Error(await Api.PatchAsync($"/v1/volume/connectors/{connector}", MoveTo(to, ("/type", "ip"), ("/connector_id", ip))), 409,
            $"A volume connector with type ip and connector ID {ip} already exists.");
        var moved = await Api.PatchAsync($"/v1/volume/connectors/{connector}", MoveTo(to));
        Expect.Status(moved, 200);
        Assert.That(Expect.Str(moved.Object, "node_uuid"), Is.EqualTo(to));
        var (left, _) = await Api.ListAsync($"/v1/volume/connectors?node={from}", "connectors");
        var (arrived, _) = await Api.ListAsync($"/v1/volume/connectors?node={to}", "connectors");
        Assert.That(left, Is.Empty);
        Assert.That(arrived.Select(c => Expect.Str(c, "uuid")), Does.Contain(connector));
        Assert.That(Expect.Str((await Api.GetAsync($"/v1/volume/connectors/{connector}")).Object, "node_uuid"), Is.EqualTo(to));
        // The claim moved with it: the same (type, connector_id) is still taken, and the old node can be deleted without freeing it.
        Expect.Empty(await Api.DeleteAsync($"/v1/nodes/{from}"), 204);
        Expect.Error(await Api.PostAsync("/v1/volume/connectors", Connector(unpowered, "iqn", iqn)), 409,
            $"A volume connector with type iqn and connector ID {iqn} already exists.");

        var other = await PoweredOffNodeAsync("vol-from2");
        var target = Expect.Str((await Api.PostAsync("/v1/volume/targets", Target(other, 0))).Object, "uuid")!;
        Expect.Status(await Api.PostAsync("/v1/volume/targets", Target(to, 0)), 201);
        Expect.Error(await Api.PatchAsync($"/v1/volume/targets/{target}", MoveTo(to)), 409,
            "A volume target with boot index '0' for the same node already exists.");
        var movedTarget = await Api.PatchAsync($"/v1/volume/targets/{target}", MoveTo(to, ("/boot_index", 1)));
        Expect.Status(movedTarget, 200);
        Assert.That((Expect.Str(movedTarget.Object, "node_uuid"), movedTarget.Object["boot_index"]!.GetValue<int>()), Is.EqualTo((to, 1)));
        var (targets, _) = await Api.ListAsync($"/v1/volume/targets?node={other}", "targets");
        Assert.That(targets, Is.Empty);
    }

    [Test]
    public async Task Concurrent_creates_of_one_connector_id_on_different_nodes_store_exactly_one()
    {
        var nodes = new List<string>();
        for (var i = 0; i < 6; i++)
            nodes.Add(await Api.CreateFakeNodeAsync($"vol-race{i}-" + Guid.NewGuid().ToString("N")[..6]));
        var wwpn = "wwpn-race-" + Guid.NewGuid().ToString("N")[..8];
        var answers = await Task.WhenAll(nodes.Select(n => Api.PostAsync("/v1/volume/connectors", Connector(n, "wwpn", wwpn))));
        Assert.That(answers.Count(a => a.StatusCode == 201), Is.EqualTo(1), string.Join(Environment.NewLine, answers.Select(a => a.ToString())));
        foreach (var refused in answers.Where(a => a.StatusCode != 201))
            Expect.Error(refused, 409, $"A volume connector with type wwpn and connector ID {wwpn} already exists.");
        var listed = 0;
        foreach (var n in nodes)
            listed += (await Api.ListAsync($"/v1/volume/connectors?node={n}", "connectors")).Items.Count;
        Assert.That(listed, Is.EqualTo(1));
    }

    [Test]
    public async Task Lists_check_their_arguments_as_Ironic_does()
    {
        var missing = "1be26c0b-03f2-4d2e-ae87-c02d7f33c123";
        Expect.Error(await Api.GetAsync("/v1/volume/connectors?fields=type&detail=true"), 400, "Can't fetch a subset of fields with 'detail' set");
        Expect.Error(await Api.GetAsync("/v1/volume/connectors?sort_key=extra"), 400, "The sort_key value extra is an invalid field for sorting");
        Expect.Error(await Api.GetAsync("/v1/volume/connectors?sort_key=foo"), 400, "The sort_key value \"foo\" is an invalid field for sorting");
        Expect.Error(await Api.GetAsync($"/v1/volume/connectors?marker={missing}"), 404, $"Volume connector {missing} could not be found.");
        Expect.Error(await Api.GetAsync("/v1/volume/connectors?node=no-such-node"), 404, "Node no-such-node could not be found.");
        Expect.Error(await Api.GetAsync("/v1/volume/connectors?node=bad%20name"), 400, "Expected UUID or name for node: bad name");
        Expect.Error(await Api.GetAsync("/v1/volume/connectors?foo=1"), 400, "Unexpected arguments: foo");
        Expect.Error(await Api.GetAsync("/v1/volume/connectors?fields=type,foo"), 400, "Field(s) \"foo\" are not valid");
        Expect.Error(await Api.GetAsync("/v1/volume/connectors?sort_dir=up"), 400, "Invalid sort direction: up. Acceptable values are 'asc' or 'desc'");
        Expect.Error(await Api.GetAsync("/v1/volume/connectors?limit=0"), 400, "Limit must be positive");
        Expect.Error(await Api.GetAsync("/v1/volume/connectors?limit=x"), 400, "Expected an integer for limit: x");
        Expect.Error(await Api.GetAsync("/v1/volume/connectors?marker=bad"), 400, "Expected UUID for marker: bad");
        Expect.Error(await Api.GetAsync("/v1/volume/connectors/detail"), 400, "Expected UUID for connector_uuid: detail");
    }

    [Test]
    public async Task Volume_exists_from_1_32_only()
    {
        var node = await Api.CreateFakeNodeAsync("vol-ver-" + Guid.NewGuid().ToString("N")[..8]);
        var root = await Api.GetAsync("/v1/volume", "1.32");
        Expect.Status(root, 200);
        Expect.JsonEqual(root.Object, JsonNode.Parse($$"""
            {"links": [{"href": "{{BaseUrl}}/v1/volume/", "rel": "self"}, {"href": "{{BaseUrl}}/volume/", "rel": "bookmark"}],
             "connectors": [{"href": "{{BaseUrl}}/v1/volume/connectors", "rel": "self"}, {"href": "{{BaseUrl}}/volume/connectors", "rel": "bookmark"}],
             "targets": [{"href": "{{BaseUrl}}/v1/volume/targets", "rel": "self"}, {"href": "{{BaseUrl}}/volume/targets", "rel": "bookmark"}]}
            """), "GET /v1/volume");
        var nodeRoot = await Api.GetAsync($"/v1/nodes/{node}/volume", "1.32");
        Expect.Status(nodeRoot, 200);
        Assert.That(Expect.Str(nodeRoot.Object["targets"]![0], "href"), Is.EqualTo($"{BaseUrl}/v1/nodes/{node}/volume/targets"));

        Expect.Error(await Api.GetAsync("/v1/volume", "1.31"), 404, "Resource could not be found.");
        Expect.Error(await Api.GetAsync($"/v1/nodes/{node}/volume", "1.31"), 404, "Resource could not be found.");
        foreach (var response in new[]
                 {
                     await Api.GetAsync("/v1/volume/connectors", "1.31"),
                     await Api.GetAsync("/v1/volume/targets", "1.31"),
                     await Api.GetAsync($"/v1/nodes/{node}/volume/connectors", "1.31"),
                     await Api.PostAsync("/v1/volume/connectors", Connector(node, "iqn", "iqn.too-old"), "1.31"),
                     await Api.GetAsync($"/v1/volume/connectors/{Guid.NewGuid()}", "1.31"),
                     await Api.DeleteAsync($"/v1/volume/targets/{Guid.NewGuid()}", "1.31"),
                 })
        {
            Expect.Status(response, 404);
            Assert.That(response.Error?.Inner?.ToJsonString(), Is.EqualTo("""{"code":404,"title":"Not Found","description":""}"""), response.ToString());
        }
        var (none, _) = await Api.ListAsync($"/v1/volume/connectors?node={node}", "connectors", "1.32");
        Assert.That(none, Is.Empty, "the refused 1.31 create stored nothing");
    }
}
