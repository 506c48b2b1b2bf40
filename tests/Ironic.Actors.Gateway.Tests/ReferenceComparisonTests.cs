using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// Answers that differed from OpenStack Ironic 21.4 when the same session ran against both
/// (tools/reference-ironic/compare-session.sh); each expectation is what the reference server answered.
/// </summary>
[TestFixture]
public sealed class ReferenceComparisonTests : ServerFixture
{
    private const string BoolWords = "'0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'";

    private static JsonArray Ops(params (string Op, string Path, JsonNode? Value)[] ops) =>
        new(ops.Select(o => (JsonNode)(o.Op == "remove"
            ? new JsonObject { ["op"] = o.Op, ["path"] = o.Path }
            : new JsonObject { ["op"] = o.Op, ["path"] = o.Path, ["value"] = o.Value })).ToArray());

    [Test]
    public async Task Driver_vendor_passthru_of_a_known_driver_lists_no_methods()
    {
        var methods = await Api.GetAsync("/v1/drivers/fake-hardware/vendor_passthru/methods");
        Expect.Status(methods, 200);
        Assert.That(methods.Object, Is.Empty, methods.ToString);
        Expect.Error(await Api.GetAsync("/v1/drivers/no-such/vendor_passthru/methods"), 404, "The driver 'no-such' is unknown.");
        Expect.Error(await Api.PostAsync("/v1/drivers/fake-hardware/vendor_passthru?method=x", new JsonObject { ["a"] = 1 }), 400,
            "No handler for method x");
        Expect.Error(await Api.GetAsync("/v1/drivers/fake-hardware/vendor_passthru"), 400, "Missing mandatory parameter: method");
    }

    [Test]
    public async Task Raid_logical_disk_properties_of_the_fake_raid_interface()
    {
        var response = await Api.GetAsync("/v1/drivers/fake-hardware/raid/logical_disk_properties");
        Expect.Status(response, 200);
        var properties = response.Object;
        Assert.That(properties.Select(p => p.Key), Is.EqualTo(new[]
        {
            "raid_level", "size_gb", "volume_name", "is_root_volume", "share_physical_disks", "disk_type", "interface_type",
            "number_of_physical_disks", "controller", "physical_disks",
        }));
        Assert.That(properties.Where(p => p.Value!.GetValue<string>().EndsWith("Required.", StringComparison.Ordinal)).Select(p => p.Key),
            Is.EqualTo(new[] { "raid_level", "size_gb" }));
        Expect.Error(await Api.GetAsync("/v1/drivers/fake-hardware/raid/logical_disk_properties", "1.11"), 406);
        Expect.Error(await Api.GetAsync("/v1/drivers/no-such/raid/logical_disk_properties"), 404, "The driver 'no-such' is unknown.");
    }

    [Test]
    public async Task Patch_errors_are_ironics()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("ref-patch"));
        var path = $"/v1/nodes/{uuid}";
        Expect.Status(await Api.PatchAsync(path, Ops(("add", "/properties/cpus", 8))), 200);
        Expect.Error(await Api.PatchAsync(path, Ops(("frobnicate", "/name", "x"))), 400,
            "Schema error for patch: 'frobnicate' is not one of ['add', 'replace', 'remove']");
        Expect.Error(await Api.PatchAsync(path, new JsonObject { ["op"] = "replace" }), 400,
            "Schema error for patch: {'op': 'replace'} is not of type 'array'");
        Expect.Error(await Api.PatchAsync(path, Ops(("remove", "/driver", null))), 400,
            "Schema error for patch: 'driver' is a required property");
        Expect.Error(await Api.PatchAsync(path, Ops(("replace", "/extra", "oops"))), 400,
            "Schema error for patch: 'oops' is not of type 'object', 'null'");
        Assert.That(Expect.Error(await Api.PatchAsync(path, Ops(("add", "/nosuchfield", 1))), 400).Message,
            Does.StartWith("Cannot patch /nosuchfield. Only the following can be updated: automated_clean, bios_interface, "));
        Expect.Error(await Api.PatchAsync(path, Ops(("add", "/properties/nosuch/x", 1))), 400,
            "Couldn't apply patch '{'op': 'add', 'path': '/properties/nosuch/x', 'value': 1}'. Reason: member 'nosuch' not found in {'cpus': 8}");
        Expect.Error(await Api.PatchAsync(path, Ops(("replace", "/name", "bad name!"))), 400,
            $"Node {uuid}: Cannot change name to invalid name 'bad name!'");
    }

    [Test]
    public async Task Boolean_fields_accept_the_strings_the_cli_sends()
    {
        // `baremetal node set --automated-clean / --retired / --protected` patch the value "True".
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("ref-bool"));
        var response = await Api.PatchAsync($"/v1/nodes/{uuid}", Ops(("replace", "/automated_clean", "True"), ("replace", "/retired", "yes")));
        Expect.Status(response, 200);
        Assert.That(response.Object["automated_clean"]!.GetValue<bool>(), Is.True, response.ToString);
        Assert.That(response.Object["retired"]!.GetValue<bool>(), Is.True, response.ToString);

        Expect.Error(await Api.PatchAsync($"/v1/nodes/{uuid}", Ops(("replace", "/protected", "True"))), 409,
            $"Node {uuid} can only be made protected in provision states 'active' or 'rescue', the current state is 'enroll'");
        Expect.Error(await Api.PatchAsync($"/v1/nodes/{uuid}", Ops(("replace", "/maintenance", "maybe"))), 400,
            $"Invalid maintenance: Unrecognized value 'maybe', acceptable values are: {BoolWords}");
    }

    [Test]
    public async Task A_conductor_group_no_conductor_serves_is_no_valid_host()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("ref-group"));
        const string NoHost = "No valid host was found. Reason: No conductor service registered which supports driver fake-hardware " +
                              "for conductor group \"group-1\".";
        Expect.Error(await Api.PatchAsync($"/v1/nodes/{uuid}", Ops(("replace", "/conductor_group", "Group-1"))), 400, NoHost);
        Expect.Error(await Api.PostAsync("/v1/nodes", new JsonObject { ["driver"] = "fake-hardware", ["conductor_group"] = "Group-1" }), 400, NoHost);
        Assert.That((await Api.GetNodeAsync(uuid))["conductor_group"]!.GetValue<string>(), Is.Empty);
    }

    [Test]
    public async Task Create_errors_are_ironics()
    {
        Expect.Error(await Api.PostAsync("/v1/nodes", new JsonObject { ["driver"] = "fake-hardware", ["name"] = "bad name!" }), 400,
            "Cannot create node with invalid name 'bad name!'");
        Expect.Error(await Api.PostAsync("/v1/nodes", new JsonObject { ["driver"] = "fake-hardware", ["uuid"] = "not-a-uuid" }), 400,
            "Expected UUID for uuid: not-a-uuid");
        Expect.Error(await Api.PostAsync("/v1/nodes", new JsonObject { ["driver"] = "fake-hardware", ["name"] = 5 }), 400,
            "Schema error for node: 5 is not of type 'string', 'null'");
        Expect.Error(await Api.PostAsync("/v1/nodes", null), 400, "Schema error for node: 'driver' is a required property");
    }

    [TestCase("provision_state=bogus", "Provision state \"bogus\" is not valid")]
    [TestCase("chassis_uuid=bad", "Expected UUID for chassis_uuid: bad")]
    [TestCase("marker=bad", "Expected UUID for marker: bad")]
    [TestCase("maintenance=maybe", "Invalid maintenance: Unrecognized value 'maybe', acceptable values are: " + BoolWords)]
    [TestCase("limit=abc", "Expected an integer for limit: abc")]
    [TestCase("fault=bogus", "Unrecognized fault \"bogus\" is specified, allowed faults are ('power failure', 'clean failure', 'rescue abort failure')")]
    public async Task List_filter_errors_are_ironics(string query, string message) =>
        Expect.Error(await Api.GetAsync("/v1/nodes?" + query), 400, message);

    [Test]
    public async Task State_request_errors_are_ironics()
    {
        var name = NodeSteps.UniqueName("ref-states");
        var uuid = await Api.CreateFakeNodeAsync(name);
        Expect.Error(await Api.PutAsync($"/v1/nodes/{uuid}/states/power", new JsonObject { ["target"] = "bogus" }), 400,
            $"The requested action \"bogus\" can not be performed on node \"{uuid}\" while it is in state \"None\".");
        // The power endpoint names the node as the request did; the provision endpoint always by UUID (as Ironic).
        Expect.Error(await Api.PutAsync($"/v1/nodes/{name}/states/power", new JsonObject { ["target"] = "bogus" }), 400,
            $"The requested action \"bogus\" can not be performed on node \"{name}\" while it is in state \"None\".");
        Expect.Error(await Api.PutAsync($"/v1/nodes/{name}/states/provision", new JsonObject { ["target"] = "provide" }), 400,
            $"The requested action \"provide\" can not be performed on node \"{uuid}\" while it is in state \"enroll\".");
        Expect.Error(await Api.PutAsync($"/v1/nodes/{uuid}/states/provision", new JsonObject()), 400, "Missing mandatory parameter: target");
        Expect.Error(await Api.PutAsync($"/v1/nodes/{uuid}/states/provision", new JsonObject { ["target"] = "manage", ["bogus"] = 1, ["zz"] = 2 }), 400,
            "Unexpected arguments: bogus, zz");
        Expect.Error(await Api.PutAsync($"/v1/nodes/{uuid}/maintenance", new JsonObject { ["reason"] = 5 }), 400, "Expected string for reason: 5");
    }

    [Test]
    public async Task Driver_internal_info_keeps_the_last_power_change_and_wiped_steps()
    {
        var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("ref-internal"));
        await Api.PowerAsync(uuid, "power on");
        await Api.WaitForPowerStateAsync(uuid, "power on");
        await Api.MoveFromEnrollAsync(uuid, "available");
        var info = (await Api.GetNodeAsync(uuid))["driver_internal_info"]!.AsObject();
        Assert.That(info.Select(p => p.Key), Is.EquivalentTo(new[] { "last_power_state_change", "clean_steps" }), () => info.ToJsonString());
        Assert.That(info["clean_steps"], Is.Null);
        Assert.That(info["last_power_state_change"]!.GetValue<string>(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$"));
    }
}
