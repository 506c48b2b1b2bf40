using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// The <c>cinder</c> storage interface's validation of a node's volume connectors and targets, through GET /validate,
/// without a Cinder service, in Ironic 21.4's words: Reference/volumes-cinder-validate-ironic-21.4.txt was recorded from the
/// reference started with REF_STORAGE=noop,cinder (the same steps as below).
/// </summary>
[TestFixture]
public sealed class VolumeCinderValidationTests : ServerFixture
{
    protected override IEnumerable<string>? ServerArguments =>
    [
        "--Ironic:Hardware:EnabledInterfaces:storage:0", "noop",
        "--Ironic:Hardware:EnabledInterfaces:storage:1", "cinder",
    ];

    private async Task<JsonObject> StorageAsync(string node)
    {
        var response = await Api.GetAsync($"/v1/nodes/{node}/validate");
        Expect.Status(response, 200);
        return (JsonObject)response.Object["storage"]!;
    }

    private async Task PostAsync(string path, JsonObject body) => Expect.Status(await Api.PostAsync(path, body), 201);

    [Test]
    public async Task Cinder_checks_connectors_targets_and_capabilities_as_Ironic_does()
    {
        var created = await Api.CreateNodeAsync(new JsonObject
        {
            ["driver"] = "fake-hardware", ["name"] = NodeSteps.UniqueName("cinder"), ["storage_interface"] = "cinder",
            ["properties"] = new JsonObject { ["capabilities"] = "iscsi_boot:true" },
        });
        var node = Expect.Str(created, "uuid")!;
        Assert.That(Expect.Str(created, "storage_interface"), Is.EqualTo("cinder"));
        var prefix = $"Failed to validate cinder storage interface for node {node}. ";
        var noIqn = prefix + "In order to enable the 'iscsi_boot' capability for the node, an associated volume_connector type must be valid for iSCSI (iqn).";
        Expect.JsonEqual(await StorageAsync(node), new JsonObject { ["result"] = false, ["reason"] = noIqn }, "no connector");

        await PostAsync("/v1/volume/connectors", new JsonObject { ["node_uuid"] = node, ["type"] = "wwpn", ["connector_id"] = "wwpn-" + node });
        var mismatch = await StorageAsync(node);
        Assert.That(mismatch["result"]!.GetValue<bool>(), Is.False);
        Assert.That(Expect.Str(mismatch, "reason"), Does.StartWith("Unexpected exception, traceback saved into log by ironic conductor service that is running on ")
            .And.EndWith(": " + prefix + "Cinder requires both wwnn and wwpn entries for FCoE connections. There must be a wwpn entry for every wwnn entry. " +
                         "There are 1 wwpn entries and 0 wwnn entries."));

        await PostAsync("/v1/volume/connectors", new JsonObject { ["node_uuid"] = node, ["type"] = "wwnn", ["connector_id"] = "wwnn-" + node });
        Expect.JsonEqual(await StorageAsync(node), new JsonObject { ["result"] = false, ["reason"] = noIqn }, "fibre channel only");
        await PostAsync("/v1/volume/connectors", new JsonObject { ["node_uuid"] = node, ["type"] = "iqn", ["connector_id"] = "iqn-" + node });
        Expect.JsonEqual(await StorageAsync(node), new JsonObject { ["result"] = true }, "iqn given");

        var fc = Guid.NewGuid().ToString();
        await PostAsync("/v1/volume/targets", new JsonObject
            { ["node_uuid"] = node, ["volume_type"] = "fibre_channel", ["boot_index"] = 0, ["volume_id"] = "v0", ["uuid"] = fc });
        Expect.JsonEqual(await StorageAsync(node), new JsonObject
        {
            ["result"] = false,
            ["reason"] = prefix + $"Volume target {fc} is configured for 'fibre_channel', however the capability 'fibre_channel_boot' is not set on node.",
        }, "fibre channel boot volume");
        Expect.Status(await Api.PatchAsync($"/v1/nodes/{node}", new JsonArray(new JsonObject
            { ["op"] = "replace", ["path"] = "/properties/capabilities", ["value"] = "iscsi_boot:true,fibre_channel_boot:true" })), 200);
        Expect.JsonEqual(await StorageAsync(node), new JsonObject { ["result"] = true }, "capability set");

        var nfs = Guid.NewGuid().ToString();
        await PostAsync("/v1/volume/targets", new JsonObject
            { ["node_uuid"] = node, ["volume_type"] = "nfs", ["boot_index"] = 1, ["volume_id"] = "v1", ["uuid"] = nfs });
        Expect.JsonEqual(await StorageAsync(node), new JsonObject
        {
            ["result"] = false, ["reason"] = prefix + $"Volume target {nfs} is of an unknown type 'nfs'. Supported types: 'iscsi' or 'fibre_channel'",
        }, "unknown target type");
    }

    [Test]
    public async Task Noop_storage_accepts_any_volumes()
    {
        var node = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("noop-storage"));
        Assert.That(Expect.Str(await Api.GetNodeAsync(node), "storage_interface"), Is.EqualTo("noop"));
        await PostAsync("/v1/volume/connectors", new JsonObject { ["node_uuid"] = node, ["type"] = "wwpn", ["connector_id"] = "noop-wwpn-" + node });
        await PostAsync("/v1/volume/targets", new JsonObject { ["node_uuid"] = node, ["volume_type"] = "nfs", ["boot_index"] = 0, ["volume_id"] = "v" });
        Expect.JsonEqual(await StorageAsync(node), new JsonObject { ["result"] = true }, "noop storage");
    }
}
