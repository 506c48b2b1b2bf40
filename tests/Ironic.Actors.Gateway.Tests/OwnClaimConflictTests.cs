using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// A port or portgroup value (MAC address, portgroup name) that the asking node already holds is refused at once,
/// and the node goes on answering: no wait on the registry asking the busy node about its own claim. Every request
/// here runs with a 2 s client time-out, far below the registry's holder check (5 s) that such a conflict used to
/// wait for, so a refusal that is not immediate fails the test.
/// </summary>
[TestFixture]
public sealed class OwnClaimConflictTests : ServerFixture
{
    private IronicClient _quick = null!;
    private string _node = "";

    protected override async Task OnServerStartedAsync()
    {
        _quick = new IronicClient(Server.BaseAddress, TimeSpan.FromSeconds(2));
        _node = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("claims"));
    }

    [OneTimeTearDown]
    public void DisposeQuickClient() => _quick?.Dispose();

    [Test]
    public async Task A_port_with_a_mac_address_of_its_own_node_is_refused_at_once_and_the_node_still_answers()
    {
        var mac = PortSteps.UniqueMac();
        await Api.CreatePortAsync(_node, mac);

        foreach (var address in new[] { mac, mac.ToUpperInvariant() })
        {
            var refused = await _quick.PostAsync("/v1/ports", new JsonObject { ["address"] = address, ["node_uuid"] = _node });
            Expect.Error(refused, 409, $"A port with MAC address {mac} already exists.");
            await NodeStillAnswersAsync();
        }

        var ports = await Api.UuidsAsync($"/v1/ports?address={mac}", "ports");
        Assert.That(ports, Has.Count.EqualTo(1), "the refused ports were not stored");
    }

    [Test]
    public async Task Patching_a_port_to_a_mac_address_its_node_holds_is_refused_at_once()
    {
        var held = PortSteps.UniqueMac();
        await Api.CreatePortAsync(_node, held);
        var other = Expect.Str(await Api.CreatePortAsync(_node, PortSteps.UniqueMac()), "uuid")!;

        await _quick.AssertRefusedAndUnchangedAsync($"/v1/ports/{other}",
            () => _quick.PatchAsync($"/v1/ports/{other}", new[] { new { op = "replace", path = "/address", value = held.ToUpperInvariant() } }),
            409, $"A port with MAC address {held} already exists.");
        await NodeStillAnswersAsync();
    }

    [Test]
    public async Task A_portgroup_name_or_address_of_its_own_node_is_refused_at_once()
    {
        var name = NodeSteps.UniqueName("pg");
        var mac = PortSteps.UniqueMac();
        var group = await Api.CreatePortgroupAsync(_node, new JsonObject { ["name"] = name, ["address"] = mac });

        Expect.Error(await _quick.PostAsync("/v1/portgroups", new JsonObject { ["node_uuid"] = _node, ["name"] = name }),
            409, $"A portgroup with name {name} already exists.");
        await NodeStillAnswersAsync();
        Expect.Error(await _quick.PostAsync("/v1/portgroups", new JsonObject { ["node_uuid"] = _node, ["address"] = mac.ToUpperInvariant() }),
            409, $"A portgroup with MAC address {mac} already exists.");
        await NodeStillAnswersAsync();

        var second = Expect.Str(await Api.CreatePortgroupAsync(_node), "uuid")!;
        Expect.Error(await _quick.PatchAsync($"/v1/portgroups/{second}", new[] { new { op = "add", path = "/name", value = name } }),
            409, $"A portgroup with name {name} already exists.");
        await NodeStillAnswersAsync();
        Assert.That(Expect.Str(await Api.GetNodeAsync(_node), "uuid"), Is.EqualTo(_node));
        Expect.Status(await _quick.GetAsync($"/v1/portgroups/{Expect.Str(group, "uuid")}"), 200);
    }

    /// <summary>Another write to the same node is served within the quick client's time-out.</summary>
    private async Task NodeStillAnswersAsync()
    {
        var response = await _quick.PatchAsync($"/v1/nodes/{_node}",
            new[] { new { op = "add", path = "/extra/touched", value = Guid.NewGuid().ToString() } });
        Expect.Status(response, 200);
    }
}
