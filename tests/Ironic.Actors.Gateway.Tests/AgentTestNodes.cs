using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>Nodes for the agent API's tests.</summary>
internal static class AgentTestNodes
{
    /// <summary>A direct-deploy node with a port, deployed: it waits in wait call-back (no agent will come).</summary>
    public static async Task<(string Uuid, string Mac)> WaitingNodeAsync(IronicClient Api)
    {
        var mac = "52:54:00:" + string.Join(":", Enumerable.Range(0, 3).Select(_ => Random.Shared.Next(256).ToString("x2")));
        var node = await Api.CreateNodeAsync(new JsonObject
        {
            ["driver"] = "fake-hardware",
            ["name"] = NodeSteps.UniqueName("agent-api"),
            ["deploy_interface"] = "direct",
            ["automated_clean"] = false,
            ["instance_info"] = new JsonObject { ["image_source"] = "http://127.0.0.1:9/disk.img", ["image_checksum"] = new string('a', 32) },
        });
        var uuid = Expect.Str(node, "uuid")!;
        Expect.Status(await Api.PostAsync("/v1/ports", new JsonObject { ["address"] = mac, ["node_uuid"] = uuid }), 201);
        await Api.ProvisionAsync(uuid, "manage");
        await Api.WaitForProvisionStateAsync(uuid, "manageable");
        await Api.ProvisionAsync(uuid, "provide");
        await Api.WaitForProvisionStateAsync(uuid, "available");
        await Api.ProvisionAsync(uuid, "active");
        await Api.WaitForNodeAsync(uuid, n => Expect.Str(n, "provision_state") == "wait call-back", "provision_state \"wait call-back\"");
        return (uuid, mac);
    }
}
