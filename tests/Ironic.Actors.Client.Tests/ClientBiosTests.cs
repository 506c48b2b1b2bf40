using System.Text.Json.Nodes;
using Ironic.Actors.Client.Tests.Infrastructure;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Client.Tests;

/// <summary>
/// <c>baremetal node bios setting list/show</c> against the real server: the settings a manual clean's
/// <c>bios.apply_configuration</c> left on a fake node, listed and shown as the CLI shows Ironic 21.4's (the columns and
/// the 404 message were taken from the same commands run against it).
/// </summary>
[TestFixture]
public sealed class ClientBiosTests : CliFixture
{
    [Test]
    public async Task Bios_settings_applied_by_a_manual_clean_are_listed_and_shown()
    {
        var name = UniqueName("cli-bios");
        var uuid = await CreateNodeAsync(name);
        await Cli.OkAsync("node", "manage", name, "--wait", "60");
        Assert.That(await Cli.RowsAsync("node", "bios", "setting", "list", name), Is.Empty, "verify caches nothing with the fake bios");

        await Cli.OkAsync("node", "clean", name, "--wait", "60", "--clean-steps", """
            [{"interface": "bios", "step": "apply_configuration", "args": {"settings": [
              {"name": "BootMode", "value": "Uefi", "attribute_type": "Enumeration", "allowable_values": ["Bios", "Uefi"]},
              {"name": "NumLock", "value": "On"}]}}]
            """);

        var rows = await Cli.RowsAsync("node", "bios", "setting", "list", name);
        Assert.That(rows.Select(r => $"{Str(r, "BIOS setting name")}={Str(r, "BIOS setting value")}"), Is.EqualTo(new[] { "BootMode=Uefi", "NumLock=On" }));
        var longRows = await Cli.RowsAsync("node", "bios", "setting", "list", name, "--long");
        Assert.That(longRows[0].ToJsonString(), Is.EqualTo(JsonNode.Parse("""
            {"Name": "BootMode", "Value": "Uefi", "Attribute Type": "Enumeration", "Allowable Values": ["Bios", "Uefi"], "Lower Bound": null,
             "Minimum Length": null, "Maximum Length": null, "Read Only": null, "Reset Required": null, "Unique": null, "Upper Bound": null}
            """)!.ToJsonString()));
        var fields = await Cli.RowsAsync("node", "bios", "setting", "list", name, "--fields", "name", "read_only");
        Assert.That(fields[1].ToJsonString(), Is.EqualTo("""{"Name":"NumLock","Read Only":null}"""));

        var shown = await Cli.ObjectAsync("node", "bios", "setting", "show", name, "BootMode");
        Assert.That(Expect.Without(shown, "created_at").ToJsonString(), Is.EqualTo(JsonNode.Parse("""
            {"allowable_values": ["Bios", "Uefi"], "attribute_type": "Enumeration", "lower_bound": null, "max_length": null, "min_length": null,
             "name": "BootMode", "read_only": null, "reset_required": null, "unique": null, "updated_at": null, "upper_bound": null, "value": "Uefi"}
            """)!.ToJsonString()));
        var missing = await Cli.FailAsync("node", "bios", "setting", "show", name, "Nope");
        ExpectMessage(missing, $"Node {uuid} doesn't have a BIOS setting 'Nope' (HTTP 404)");

        await Cli.OkAsync("node", "clean", name, "--wait", "60", "--clean-steps", """[{"interface": "bios", "step": "factory_reset"}]""");
        Assert.That(await Cli.RowsAsync("node", "bios", "setting", "list", name), Is.Empty, "factory_reset removes them");
    }
}
