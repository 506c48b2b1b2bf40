using System.Text.Json.Nodes;
using Ironic.Actors.Client.Tests.Infrastructure;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Client.Tests;

/// <summary>The CLI's allocation commands (spec §1.9), in noauth mode against the real server.</summary>
[TestFixture]
public sealed class ClientAllocationTests : CliFixture
{
    [Test]
    public async Task Allocation_create_waits_for_a_node_and_show_prints_it()
    {
        var rc = UniqueName("cli-rc");
        var node = Expect.Str(await Api.CreateNodeAsync(new JsonObject
            { ["driver"] = "fake-hardware", ["name"] = UniqueName("cli-alloc"), ["resource_class"] = rc }), "uuid")!;
        await Api.MoveFromEnrollAsync(node, "available");
        await Api.PowerAsync(node, "power on");
        await Api.WaitForPowerStateAsync(node, "power on");
        var name = UniqueName("cli-allocation");

        var created = await Cli.ObjectAsync("allocation", "create", "--resource-class", rc, "--name", name, "--wait", "60");
        Assert.That(Str(created, "state"), Is.EqualTo("active"), created.ToJsonString());
        Assert.That(Str(created, "node_uuid"), Is.EqualTo(node));

        var shown = await Cli.ObjectAsync("allocation", "show", name);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Str(shown, "uuid"), Is.EqualTo(Str(created, "uuid")));
            Assert.That(Str(shown, "resource_class"), Is.EqualTo(rc));
            Assert.That(Str(shown, "node_uuid"), Is.EqualTo(node));
        }
        var missing = await Cli.FailAsync("allocation", "show", "no-such-allocation");
        ExpectMessage(missing, "Allocation no-such-allocation could not be found. (HTTP 404)");
        await Cli.OkAsync("allocation", "delete", name);
        Assert.That(Expect.Str(await Api.GetNodeAsync(node), "allocation_uuid"), Is.Null);
    }
}
