using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// GET/POST/DELETE /v1/nodes/{ident}/vifs against the real server with the flat and noop network interfaces enabled;
/// every status and body is what Ironic 21.4 answered for the same requests (flat with a stand-in neutron, see
/// tools/reference-ironic/fake-neutron.py).
/// </summary>
[TestFixture]
public sealed class NodeVifsTests : ServerFixture
{

    protected override IEnumerable<string>? ServerArguments =>
    [
        "--Ironic:Hardware:EnabledInterfaces:network:0", "flat",
        "--Ironic:Hardware:EnabledInterfaces:network:1", "noop",
        "--Ironic:Hardware:DefaultInterfaces:network", "noop",
    ];

    private static JsonObject Vif(string id, Action<JsonObject>? more = null)
    {
        var body = new JsonObject { ["id"] = id };
        more?.Invoke(body);
        return body;
    }

    private Task<IronicResponse> Attach(string node, object? body, string? version = IronicClient.DefaultVersion) =>
        Api.PostAsync($"/v1/nodes/{node}/vifs", body, version);

    private Task<IronicResponse> Detach(string node, string vif, string? version = IronicClient.DefaultVersion) =>
        Api.DeleteAsync($"/v1/nodes/{node}/vifs/{vif}", version);

    private async Task<string> ListBody(string node) =>
        (await Api.GetAsync($"/v1/nodes/{node}/vifs")).Body;

    private async Task<string> FlatNodeAsync(string prefix) => Expect.Str(await Api.CreateNodeAsync(new JsonObject
    {
        ["driver"] = "fake-hardware", ["name"] = NodeSteps.UniqueName(prefix), ["network_interface"] = "flat",
    }), "uuid")!;

    [Test]
    public async Task Flat_fills_the_portgroup_then_PXE_ports_then_the_others_and_ports_show_the_VIF_in_internal_info()
    {
        var node = await FlatNodeAsync("vif-flat");
        Expect.Error(await Attach(node, Vif("vif-a")), 400, "Unable to attach VIF vif-a, not enough free physical ports.");
        var group = (await Api.CreatePortgroupAsync(node))["uuid"]!.GetValue<string>();
        var nonPxe = (await Api.CreatePortAsync(node, PortSteps.UniqueMac(), new JsonObject { ["pxe_enabled"] = false }))["uuid"]!.GetValue<string>();
        var member = (await Api.CreatePortAsync(node, PortSteps.UniqueMac(), new JsonObject { ["portgroup_uuid"] = group }))["uuid"]!.GetValue<string>();
        var pxe = (await Api.CreatePortAsync(node, PortSteps.UniqueMac()))["uuid"]!.GetValue<string>();

        Expect.Empty(await Attach(node, Vif("vif-a")), 204);
        Expect.Error(await Attach(node, Vif("vif-a")), 409, $"Unable to attach VIF because VIF vif-a is already attached to Ironic Portgroup {group}");
        Expect.Empty(await Attach(node, Vif("vif-b")), 204);
        Expect.Error(await Attach(node, Vif("vif-b")), 409, $"Unable to attach VIF because VIF vif-b is already attached to Ironic Port {pxe}");
        Expect.Empty(await Attach(node, Vif("vif-c")), 204);
        Expect.Error(await Attach(node, Vif("vif-d")), 400, "Unable to attach VIF vif-d, not enough free physical ports.");

        Assert.That(await ListBody(node), Is.EqualTo("""{"vifs": [{"id": "vif-c"}, {"id": "vif-b"}, {"id": "vif-a"}]}"""));
        var (ports, _) = await Api.ListAsync($"/v1/ports/detail?node={node}", "ports");
        var vifs = ports.ToDictionary(p => p!["uuid"]!.GetValue<string>(), p => p!["internal_info"]!.ToJsonString());
        Assert.That(vifs, Is.EquivalentTo(new Dictionary<string, string>
        {
            [nonPxe] = """{"tenant_vif_port_id":"vif-c"}""",
            [member] = "{}",
            [pxe] = """{"tenant_vif_port_id":"vif-b"}""",
        }), "the list read model shows the stored ports");
        var (groups, _) = await Api.ListAsync($"/v1/portgroups/detail?node={node}", "portgroups");
        Assert.That(groups.Single()!["internal_info"]!.ToJsonString(), Is.EqualTo("""{"tenant_vif_port_id":"vif-a"}"""));

        Expect.Empty(await Detach(node, "vif-a"), 204);
        Expect.Error(await Detach(node, "vif-a"), 400,
            $"Unable to detach VIF vif-a from node {node} because it is not attached to it.");
        Expect.Empty(await Attach(node, Vif("vif-e", b => b["portgroup_uuid"] = group)), 204);
        Expect.Error(await Attach(node, Vif("vif-f", b => b["portgroup_uuid"] = group)), 400, "Unable to attach VIF vif-f, not enough free physical ports.");
        Expect.Empty(await Detach(node, "vif-c"), 204);
        Expect.Error(await Attach(node, Vif("vif-f", b => b["port_uuid"] = member)), 400, "Unable to attach VIF vif-f, not enough free physical ports.");
        Expect.Empty(await Attach(node, Vif("vif-f", b => b["port_uuid"] = nonPxe)), 204);
        Expect.Error(await Attach(node, Vif("vif-g", b => { b["port_uuid"] = pxe; b["portgroup_uuid"] = "x"; })), 400,
            "Cannot specify both port_uuid and portgroup_uuid");
        Assert.That(await ListBody(node), Is.EqualTo("""{"vifs": [{"id": "vif-f"}, {"id": "vif-b"}, {"id": "vif-e"}]}"""));
    }

    [Test]
    public async Task Noop_accepts_attach_and_detach_and_lists_nothing()
    {
        var name = NodeSteps.UniqueName("vif-noop");
        var node = await Api.CreateFakeNodeAsync(name);
        await Api.CreatePortAsync(node, PortSteps.UniqueMac());
        Assert.That(await ListBody(name), Is.EqualTo("""{"vifs": []}"""));
        Expect.Empty(await Attach(name, Vif("vif-1")), 204);
        Assert.That(await ListBody(name), Is.EqualTo("""{"vifs": []}"""));
        Expect.Empty(await Detach(name, "vif-1"), 204);
        var (ports, _) = await Api.ListAsync($"/v1/ports/detail?node={node}", "ports");
        Assert.That(ports.Single()!["internal_info"]!.ToJsonString(), Is.EqualTo("{}"));
    }

    [Test]
    public async Task Bad_requests_get_Ironics_errors_in_Ironics_order()
    {
        var node = await FlatNodeAsync("vif-bad");
        Expect.Error(await Attach(node, new JsonObject()), 400, "Schema error for vif: 'id' is a required property");
        Expect.Error(await Attach(node, Vif("bad id!")), 400, "Expected UUID or name for id: bad id!");
        Expect.Error(await Attach(node, new JsonObject { ["id"] = 5 }), 400, "Schema error for vif: 5 is not of type 'string'");
        Expect.Error(await Attach(node, new JsonArray(1)), 400, "Schema error for vif: [1] is not of type 'object'");
        Expect.Error(await Attach("nope", Vif("bad id")), 400, "Expected UUID or name for id: bad id");
        Expect.Error(await Attach("nope", Vif("a", b => { b["port_uuid"] = "x"; b["portgroup_uuid"] = "y"; })), 404, "Node nope could not be found.");
        Expect.Error(await Detach(node, "bad%20id"), 400, "Expected UUID or name for vif_id: bad id");
        Expect.Error(await Api.DeleteAsync($"/v1/nodes/{node}/vifs"), 400, "Missing mandatory parameter: vif_id");
        Expect.Error(await Api.PostAsync($"/v1/nodes/{node}/vifs/x", null), 400, "Schema error for vif: 'x' is not of type 'object'");
        Expect.Error(await Api.GetAsync("/v1/nodes/nope/vifs"), 404, "Node nope could not be found.");
        Expect.Error(await Detach("nope", "x"), 404, "Node nope could not be found.");

        // Ironic's web framework answers these with {"code", "title", "description"}; ours keep the faultstring form.
        var put = await Api.PutAsync($"/v1/nodes/{node}/vifs", new JsonObject());
        Expect.Error(put, 405, "The method PUT is not allowed for this resource.");
        Assert.That(put.Header("Allow"), Is.EqualTo("DELETE, GET, POST"));
        Expect.Error(await Api.GetAsync($"/v1/nodes/{node}/vifs/x"), 405, "The method GET is not allowed for this resource.");

        const string Old = "The resource could not be found.";
        Expect.Error(await Api.GetAsync($"/v1/nodes/{node}/vifs", "1.27"), 404, Old);
        Expect.Error(await Attach("nope", new JsonObject(), "1.27"), 404, Old); // before the body and the node
        Expect.Error(await Detach(node, "x", "1.27"), 404, Old);
        Assert.That(await ListBody(node), Is.EqualTo("""{"vifs": []}"""), "nothing stored");
        Expect.Status(await Api.GetAsync($"/v1/nodes/{node}/vifs", "1.28"), 200);
    }

    [Test]
    public async Task Both_port_and_portgroup_are_allowed_below_1_67_where_the_port_wins()
    {
        var node = await FlatNodeAsync("vif-166");
        var group = (await Api.CreatePortgroupAsync(node))["uuid"]!.GetValue<string>();
        await Api.CreatePortAsync(node, PortSteps.UniqueMac(), new JsonObject { ["portgroup_uuid"] = group });
        var port = (await Api.CreatePortAsync(node, PortSteps.UniqueMac()))["uuid"]!.GetValue<string>();

        Expect.Empty(await Attach(node, Vif("vif-1", b => { b["port_uuid"] = port; b["portgroup_uuid"] = group; }), "1.66"), 204);
        Expect.Empty(await Attach(node, Vif("vif-2", b => { b["port_uuid"] = ""; b["portgroup_uuid"] = "ignored"; }), "1.66"), 204);
        var port2 = await Api.GetAsync($"/v1/ports/{port}?fields=internal_info");
        Assert.That(port2.Object["internal_info"]!.ToJsonString(), Is.EqualTo("""{"tenant_vif_port_id":"vif-1"}"""));
        Assert.That(await ListBody(node), Is.EqualTo("""{"vifs": [{"id": "vif-1"}, {"id": "vif-2"}]}"""));
    }
}
