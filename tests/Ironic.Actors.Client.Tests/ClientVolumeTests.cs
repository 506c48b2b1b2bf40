using System.Text.Json.Nodes;
using Ironic.Actors.Client.Tests.Infrastructure;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Client.Tests;

/// <summary>The CLI's volume connector and target commands (1.32), in noauth mode against the real server.</summary>
[TestFixture]
public sealed class ClientVolumeTests : CliFixture
{
    private async Task<string> PoweredOffNodeAsync()
    {
        var node = Expect.Str(await Api.CreateNodeAsync(new JsonObject { ["driver"] = "fake-hardware", ["name"] = UniqueName("cli-vol") }), "uuid")!;
        Expect.Status(await Api.PowerAsync(node, "power off"), 202);
        await Api.WaitForPowerStateAsync(node, "power off");
        return node;
    }

    [Test]
    public async Task Volume_connector_create_list_show_set_and_delete()
    {
        var node = await PoweredOffNodeAsync();
        var iqn = "iqn.2017-05.org.openstack:" + Guid.NewGuid().ToString("N")[..12];

        var created = await Cli.ObjectAsync("volume", "connector", "create", "--node", node, "--type", "iqn", "--connector-id", iqn, "--extra", "rack=B");
        var uuid = Str(created, "uuid")!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Str(created, "node_uuid"), Is.EqualTo(node));
            Assert.That(Str(created, "type"), Is.EqualTo("iqn"));
            Assert.That(Str(created, "connector_id"), Is.EqualTo(iqn));
            Assert.That(created["extra"]!.ToJsonString(), Is.EqualTo("""{"rack":"B"}"""));
        }

        var rows = await Cli.RowsAsync("volume", "connector", "list", "--node", node);
        Assert.That(rows.Select(r => Str(r, "UUID")), Is.EqualTo(new[] { uuid }));
        Assert.That(Str(rows[0], "Connector ID"), Is.EqualTo(iqn));

        ExpectMessage(await Cli.FailAsync("volume", "connector", "create", "--node", node, "--type", "iqn", "--connector-id", iqn),
            $"A volume connector with type iqn and connector ID {iqn} already exists. (HTTP 409)");

        await Cli.OkAsync("volume", "connector", "set", uuid, "--extra", "rack=C", "--connector-id", iqn + "-2");
        var shown = await Cli.ObjectAsync("volume", "connector", "show", uuid);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Str(shown, "connector_id"), Is.EqualTo(iqn + "-2"));
            Assert.That(shown["extra"]!.ToJsonString(), Is.EqualTo("""{"rack":"C"}"""));
            Assert.That(Str(shown, "updated_at"), Is.Not.Null);
        }

        await Cli.OkAsync("volume", "connector", "delete", uuid);
        ExpectMessage(await Cli.FailAsync("volume", "connector", "show", uuid), $"Volume connector {uuid} could not be found. (HTTP 404)");
    }

    [Test]
    public async Task Volume_target_create_list_show_set_and_delete()
    {
        var node = await PoweredOffNodeAsync();
        var volume = Guid.NewGuid().ToString();

        var created = await Cli.ObjectAsync("volume", "target", "create", "--node", node, "--type", "iscsi", "--boot-index", "0",
            "--volume-id", volume, "--property", "target_lun=0", "--property", "auth_password=s3cret");
        var uuid = Str(created, "uuid")!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Str(created, "volume_type"), Is.EqualTo("iscsi"));
            Assert.That(created["boot_index"]!.GetValue<int>(), Is.EqualTo(0));
            Assert.That(created["properties"]!["auth_password"]!.GetValue<string>(), Is.EqualTo("******"));
        }
        ExpectMessage(await Cli.FailAsync("volume", "target", "create", "--node", node, "--type", "iscsi", "--boot-index", "0", "--volume-id", "v2"),
            "A volume target with boot index '0' for the same node already exists. (HTTP 409)");

        var rows = await Cli.RowsAsync("volume", "target", "list", "--node", node);
        Assert.That(rows.Select(r => Str(r, "UUID")), Is.EqualTo(new[] { uuid }));

        await Cli.OkAsync("volume", "target", "set", uuid, "--boot-index", "1", "--extra", "tier=gold");
        var shown = await Cli.ObjectAsync("volume", "target", "show", uuid);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(shown["boot_index"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(shown["extra"]!.ToJsonString(), Is.EqualTo("""{"tier":"gold"}"""));
            Assert.That(Str(shown, "volume_id"), Is.EqualTo(volume));
        }

        await Cli.OkAsync("volume", "target", "delete", uuid);
        ExpectMessage(await Cli.FailAsync("volume", "target", "show", uuid), $"Volume target {uuid} could not be found. (HTTP 404)");
        Assert.That(await Cli.RowsAsync("volume", "target", "list", "--node", node), Is.Empty);
    }
}
