using System.Text.Json.Nodes;
using Ironic.Actors.Client.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Client.Tests;

/// <summary>
/// The CLI's commands for a node's traits, validation and boot device, and for ports, port groups and chassis
/// (spec §1.3-§1.6), in noauth mode against the real server.
/// </summary>
[TestFixture]
public sealed class ClientSubResourceTests : CliFixture
{
    private static readonly string[] NoRetries = ["--max-retries", "0"];

    [Test]
    public async Task Node_traits_add_list_show_and_remove()
    {
        var name = UniqueName("cli-traits");
        await CreateNodeAsync(name);

        var added = await Cli.OkAsync("node", "add", "trait", name, "CUSTOM_GPU", "CUSTOM_FAST_DISK");
        Assert.That(added.StdOut, Does.Contain("Added trait CUSTOM_GPU").And.Contain("Added trait CUSTOM_FAST_DISK"));

        var listed = await Cli.RowsAsync("node", "trait", "list", name);
        Assert.That(listed.Select(r => Str(r, "Traits")), Is.EquivalentTo(new[] { "CUSTOM_GPU", "CUSTOM_FAST_DISK" }));
        var shown = await Cli.ObjectAsync("node", "show", name, "--fields", "traits");
        Assert.That(shown["traits"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EquivalentTo(new[] { "CUSTOM_GPU", "CUSTOM_FAST_DISK" }));

        var removed = await Cli.OkAsync("node", "remove", "trait", name, "CUSTOM_GPU");
        Assert.That(removed.StdOut, Does.Contain("Removed trait CUSTOM_GPU"));
        Assert.That((await Cli.RowsAsync("node", "trait", "list", name)).Select(r => Str(r, "Traits")), Is.EqualTo(new[] { "CUSTOM_FAST_DISK" }));

        var notThere = await Cli.FailAsync("node", "remove", "trait", name, "CUSTOM_NEVER_ADDED");
        ExpectMessage(notThere, "(HTTP 404)");
        var invalid = await Cli.FailAsync("node", "add", "trait", name, "not_a_valid_trait");
        ExpectMessage(invalid, "(HTTP 400)");

        await Cli.OkAsync("node", "remove", "trait", name, "--all");
        Assert.That(await Cli.RowsAsync("node", "trait", "list", name), Is.Empty);
    }

    [Test]
    public async Task Node_validate_reports_the_fake_interfaces_as_valid()
    {
        var name = UniqueName("cli-validate");
        await CreateNodeAsync(name);

        var rows = await Cli.RowsAsync("node", "validate", name);
        var results = rows.ToDictionary(r => Str(r, "Interface"), r => r);
        Assert.That(results.Keys, Is.SupersetOf(new[] { "boot", "deploy", "management", "network", "power" }));
        foreach (var core in new[] { "boot", "deploy", "management", "network", "power" })
            Assert.That(results[core]["Result"]?.GetValue<bool>(), Is.True, () => $"{core}: {results[core].ToJsonString()}");

        var missing = await Cli.FailAsync("node", "validate", "no-such-node");
        ExpectMessage(missing, "Node no-such-node could not be found. (HTTP 404)");
    }

    [Test]
    public async Task Node_boot_device_set_show_and_supported()
    {
        var name = UniqueName("cli-boot");
        await CreateNodeAsync(name);

        await Cli.OkAsync("node", "boot", "device", "set", name, "pxe");
        var shown = await Cli.ObjectAsync("node", "boot", "device", "show", name);
        Assert.That(Str(shown, "boot_device"), Is.EqualTo("pxe"));
        Assert.That(shown["persistent"]!.GetValue<bool>(), Is.False);

        var supported = await Cli.ObjectAsync("node", "boot", "device", "show", name, "--supported");
        Assert.That(Str(supported, "supported_boot_devices"), Is.EqualTo("pxe"), "the fake management interface supports pxe only");

        var unsupported = await Cli.FailAsync("node", "boot", "device", "set", name, "cdrom");
        ExpectMessage(unsupported, "(HTTP 400)");
    }

    [Test]
    public async Task Node_console_enable_show_disable_and_target_raid_config()
    {
        var name = UniqueName("cli-console");
        await CreateNodeAsync(name);

        var off = await Cli.ObjectAsync("node", "console", "show", name);
        Assert.That(off.ToJsonString(), Is.EqualTo("""{"console_enabled":false,"console_info":null}"""));
        await Cli.OkAsync("node", "console", "enable", name);
        var on = await Cli.ObjectAsync("node", "console", "show", name);
        Assert.That(on.ToJsonString(), Is.EqualTo("""{"console_enabled":true,"console_info":{}}"""), "the fake console has no connection details");
        var listed = await Cli.RowsAsync("node", "list", "--fields", "name", "console_enabled");
        Assert.That(listed.Single(r => Str(r, "Name") == name)["Console Enabled"]?.GetValue<bool>(), Is.True, "lists show the stored change");
        await Cli.OkAsync("node", "console", "disable", name);
        Assert.That((await Cli.ObjectAsync("node", "console", "show", name))["console_enabled"]!.GetValue<bool>(), Is.False);

        await Cli.OkAsync("node", "set", name, "--target-raid-config", """{"logical_disks": [{"size_gb": 10, "raid_level": "1"}]}""");
        var raid = await Cli.ObjectAsync("node", "show", name, "--fields", "target_raid_config");
        Assert.That(raid["target_raid_config"]!.ToJsonString(), Is.EqualTo("""{"logical_disks":[{"size_gb":10,"raid_level":"1"}]}"""));
        var invalid = await Cli.FailAsync("node", "set", name, "--target-raid-config", """{"logical_disks": [{"size_gb": 10, "raid_level": "9"}]}""");
        ExpectMessage(invalid, "RAID config validation error: '9' is not one of ['JBOD', '0', '1', '2', '5', '6', '1+0', '5+0', '6+0'] (HTTP 400)");
        await Cli.OkAsync("node", "unset", name, "--target-raid-config");
        Assert.That((await Cli.ObjectAsync("node", "show", name, "--fields", "target_raid_config"))["target_raid_config"]!.ToJsonString(), Is.EqualTo("{}"));
    }

    [Test]
    public async Task Port_create_list_show_set_delete_and_duplicate_address()
    {
        var name = UniqueName("cli-port");
        var node = await CreateNodeAsync(name);
        var mac = RandomMac();

        var created = await Cli.ObjectAsync("port", "create", mac, "--node", node, "--extra", "switch=sw-1");
        var port = Str(created, "uuid");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Str(created, "address"), Is.EqualTo(mac));
            Assert.That(Str(created, "node_uuid"), Is.EqualTo(node));
            Assert.That(created["pxe_enabled"]?.GetValue<bool>(), Is.True);
            Assert.That(JsonNode.DeepEquals(created["extra"], JsonNode.Parse("""{"switch": "sw-1"}""")), Is.True);
        }

        var listed = await Cli.RowsAsync("port", "list", "--node", name);
        Assert.That(listed.Select(r => (Str(r, "UUID"), Str(r, "Address"))), Is.EqualTo(new[] { (port, mac) }));
        var all = await Cli.RowsAsync("port", "list", "--long");
        Assert.That(Str(all.Single(r => Str(r, "UUID") == port), "Node UUID"), Is.EqualTo(node));

        await Cli.OkAsync("port", "set", port, "--extra", "switch=sw-2");
        var shown = await Cli.ObjectAsync("port", "show", port);
        Assert.That(JsonNode.DeepEquals(shown["extra"], JsonNode.Parse("""{"switch": "sw-2"}""")), Is.True, shown.ToJsonString());
        Assert.That(Str(await Cli.ObjectAsync("port", "show", "--address", mac), "uuid"), Is.EqualTo(port));

        var duplicate = await Cli.FailAsync([.. NoRetries, "port", "create", mac, "--node", node]);
        ExpectMessage(duplicate, $"A port with MAC address {mac} already exists. (HTTP 409)");

        var deleted = await Cli.OkAsync("port", "delete", port);
        Assert.That(deleted.StdOut, Does.Contain($"Deleted port {port}"));
        var gone = await Cli.FailAsync("port", "show", port);
        ExpectMessage(gone, $"Port {port} could not be found. (HTTP 404)");
    }

    [Test]
    public async Task Port_group_create_list_show_and_delete_when_empty()
    {
        var name = UniqueName("cli-pg");
        var node = await CreateNodeAsync(name);
        var groupName = UniqueName("bond");
        var groupMac = RandomMac();

        var created = await Cli.ObjectAsync("port", "group", "create", "--node", node, "--name", groupName, "--address", groupMac);
        var group = Str(created, "uuid");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Str(created, "name"), Is.EqualTo(groupName));
            Assert.That(Str(created, "address"), Is.EqualTo(groupMac));
            Assert.That(Str(created, "node_uuid"), Is.EqualTo(node));
            Assert.That(Str(created, "mode"), Is.EqualTo("active-backup"));
        }

        var listed = await Cli.RowsAsync("port", "group", "list", "--node", name);
        Assert.That(listed.Select(r => (Str(r, "UUID"), Str(r, "Name"), Str(r, "Address"))), Is.EqualTo(new[] { (group, groupName, groupMac) }));
        Assert.That(Str(await Cli.ObjectAsync("port", "group", "show", groupName), "uuid"), Is.EqualTo(group));

        var member = Str(await Cli.ObjectAsync("port", "create", RandomMac(), "--node", node, "--port-group", group), "uuid");
        Assert.That(Str(await Cli.ObjectAsync("port", "show", member, "--fields", "portgroup_uuid"), "portgroup_uuid"), Is.EqualTo(group));

        var notEmpty = await Cli.FailAsync("port", "group", "delete", groupName);
        ExpectMessage(notEmpty, "(HTTP 400)");

        await Cli.OkAsync("port", "delete", member);
        var deleted = await Cli.OkAsync("port", "group", "delete", groupName);
        Assert.That(deleted.StdOut, Does.Contain($"Deleted port group {groupName}"));
        var gone = await Cli.FailAsync("port", "group", "show", group);
        ExpectMessage(gone, "(HTTP 404)");
    }

    [Test]
    public async Task Chassis_create_list_show_set_and_delete_when_empty()
    {
        var created = await Cli.ObjectAsync("chassis", "create", "--description", "rack 7, row B", "--extra", "site=lab");
        var chassis = Str(created, "uuid");
        Assert.That(Str(created, "description"), Is.EqualTo("rack 7, row B"));

        var listed = await Cli.RowsAsync("chassis", "list");
        Assert.That(Str(listed.Single(r => Str(r, "UUID") == chassis), "Description"), Is.EqualTo("rack 7, row B"));

        await Cli.OkAsync("chassis", "set", chassis, "--description", "rack 8");
        var shown = await Cli.ObjectAsync("chassis", "show", chassis);
        Assert.That(Str(shown, "description"), Is.EqualTo("rack 8"));
        Assert.That(JsonNode.DeepEquals(shown["extra"], JsonNode.Parse("""{"site": "lab"}""")), Is.True, shown.ToJsonString());

        var name = UniqueName("cli-chassis-node");
        await CreateNodeAsync(name, "--chassis-uuid", chassis);
        Assert.That(Str(await Cli.ObjectAsync("node", "show", name, "--fields", "chassis_uuid"), "chassis_uuid"), Is.EqualTo(chassis));
        var nodes = await Cli.RowsAsync("node", "list", "--chassis", chassis);
        Assert.That(nodes.Select(r => Str(r, "Name")), Is.EqualTo(new[] { name }));

        var notEmpty = await Cli.FailAsync("chassis", "delete", chassis);
        ExpectMessage(notEmpty, "(HTTP 400)");

        await Cli.OkAsync("node", "delete", name);
        var deleted = await Cli.OkAsync("chassis", "delete", chassis);
        Assert.That(deleted.StdOut, Does.Contain($"Deleted chassis {chassis}"));
        var gone = await Cli.FailAsync("chassis", "show", chassis);
        ExpectMessage(gone, $"Chassis {chassis} could not be found. (HTTP 404)");
    }

    private static string RandomMac()
    {
        var bytes = new byte[3];
        Random.Shared.NextBytes(bytes);
        return $"52:54:00:{bytes[0]:x2}:{bytes[1]:x2}:{bytes[2]:x2}";
    }
}
