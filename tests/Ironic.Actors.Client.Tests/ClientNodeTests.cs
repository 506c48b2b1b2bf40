using System.Text.Json.Nodes;
using Ironic.Actors.Client.Tests.Infrastructure;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

// Most of a test's time is spent waiting for the CLI (a Python process) and for its --wait polling.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(4)]

namespace Ironic.Actors.Client.Tests;

/// <summary>
/// python-ironicclient's <c>baremetal</c> CLI in noauth mode (<c>OS_AUTH_TYPE=none OS_ENDPOINT=...</c>) against the
/// real server: nodes (create, show, list, set/unset, the provisioning lifecycle with <c>--wait</c>, power,
/// maintenance, delete), drivers, conductors, and Ironic's error messages as the CLI prints them.
/// </summary>
[TestFixture]
public sealed class ClientNodeTests : CliFixture
{
    private const string Masked = "******";

    /// <summary>Error cases that Ironic answers 409 pass <c>--max-retries 0</c>: the CLI retries 409 five times, 2 s apart.</summary>
    private static readonly string[] NoRetries = ["--max-retries", "0"];

    [Test]
    public async Task Node_create_and_show_keep_the_fields_and_mask_the_password()
    {
        var name = UniqueName("cli-create");
        var created = await Cli.ObjectAsync(
            "node", "create", "--driver", "fake-hardware", "--name", name,
            "--property", "cpus=8", "--property", "memory_mb=16384", "--property", "cpu_arch=x86_64",
            "--driver-info", "ipmi_address=10.0.0.7", "--driver-info", "ipmi_username=admin",
            "--driver-info", "ipmi_password=s3cr3t-pw", "--extra", "rack=r12");
        // python-ironicclient 5.0.1 refuses `node create --description` on its own side ("not needed to create nodes").
        await Cli.OkAsync("node", "set", name, "--description", "created by the CLI test");

        var uuid = Str(created, "uuid");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Guid.TryParse(uuid, out _), Is.True, uuid);
            Assert.That(Str(created, "name"), Is.EqualTo(name));
            Assert.That(Str(created, "provision_state"), Is.EqualTo("enroll"));
            Assert.That(created["driver_info"]!["ipmi_password"]!.GetValue<string>(), Is.EqualTo(Masked), "create answers with the password masked");
        }

        var shown = await Cli.ObjectAsync("node", "show", name);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Str(shown, "uuid"), Is.EqualTo(uuid));
            Assert.That(Str(shown, "name"), Is.EqualTo(name));
            Assert.That(Str(shown, "driver"), Is.EqualTo("fake-hardware"));
            Assert.That(Str(shown, "provision_state"), Is.EqualTo("enroll"));
            Assert.That(shown["power_state"], Is.Null);
            Assert.That(shown["maintenance"]!.GetValue<bool>(), Is.False);
            Assert.That(Str(shown, "description"), Is.EqualTo("created by the CLI test"));
            Assert.That(Str(shown, "conductor"), Is.EqualTo(ConductorHost));
            Assert.That(Str(shown, "power_interface"), Is.EqualTo("fake"));
            Assert.That(Str(shown, "network_interface"), Is.EqualTo("noop"));
            // The CLI turns "8" into a number (it parses values as JSON), as Ironic then stores it.
            Assert.That(JsonNode.DeepEquals(shown["properties"],
                JsonNode.Parse("""{"cpus": 8, "memory_mb": 16384, "cpu_arch": "x86_64"}""")), Is.True, shown["properties"]?.ToJsonString());
            Assert.That(JsonNode.DeepEquals(shown["driver_info"],
                JsonNode.Parse("""{"ipmi_address": "10.0.0.7", "ipmi_username": "admin", "ipmi_password": "******"}""")),
                Is.True, shown["driver_info"]?.ToJsonString());
            Assert.That(JsonNode.DeepEquals(shown["extra"], JsonNode.Parse("""{"rack": "r12"}""")), Is.True);
            Assert.That(shown["traits"]!.AsArray(), Is.Empty);
        }

        // By UUID, with a projection; the password stays masked there too.
        var fields = await Cli.ObjectAsync("node", "show", uuid, "--fields", "name", "provision_state", "driver_info");
        Assert.That(fields.Select(p => p.Key), Is.EquivalentTo(new[] { "name", "provision_state", "driver_info" }));
        Assert.That(Str(fields, "name"), Is.EqualTo(name));
        Assert.That(fields["driver_info"]!["ipmi_password"]!.GetValue<string>(), Is.EqualTo(Masked));
    }

    [Test]
    public async Task Node_list_plain_long_fields_and_provision_state_filter()
    {
        var enrolled = UniqueName("cli-list-a");
        var managed = UniqueName("cli-list-b");
        var enrolledUuid = await CreateNodeAsync(enrolled, "--driver-info", "ipmi_password=list-secret");
        var managedUuid = await CreateNodeAsync(managed);
        await Cli.OkAsync("node", "manage", managed, "--wait", "60");

        var plain = await Cli.RowsAsync("node", "list");
        var row = plain.Single(r => Str(r, "UUID") == enrolledUuid);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(row.Select(p => p.Key),
                Is.EqualTo(new[] { "UUID", "Name", "Instance UUID", "Power State", "Provisioning State", "Maintenance" }));
            Assert.That(Str(row, "Name"), Is.EqualTo(enrolled));
            Assert.That(Str(row, "Provisioning State"), Is.EqualTo("enroll"));
            Assert.That(row["Maintenance"]!.GetValue<bool>(), Is.False);
            Assert.That(row["Instance UUID"], Is.Null);
            Assert.That(Str(plain.Single(r => Str(r, "UUID") == managedUuid), "Provisioning State"), Is.EqualTo("manageable"));
        }

        var detailed = (await Cli.RowsAsync("node", "list", "--long")).Single(r => Str(r, "UUID") == enrolledUuid);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Str(detailed, "Driver"), Is.EqualTo("fake-hardware"));
            Assert.That(detailed["Driver Info"]!["ipmi_password"]!.GetValue<string>(), Is.EqualTo(Masked));
            Assert.That(Str(detailed, "Conductor"), Is.EqualTo(ConductorHost));
            Assert.That(Str(detailed, "Power Interface"), Is.EqualTo("fake"));
            Assert.That(detailed.ContainsKey("Properties") && detailed.ContainsKey("Extra") && detailed.ContainsKey("Created At"), Is.True,
                string.Join(", ", detailed.Select(p => p.Key)));
        }

        var projected = await Cli.RowsAsync("node", "list", "--fields", "uuid", "name", "provision_state");
        Assert.That(projected.Select(r => string.Join(",", r.Select(p => p.Key))).Distinct(), Is.EqualTo(new[] { "UUID,Name,Provisioning State" }));
        Assert.That(Str(projected.Single(r => Str(r, "UUID") == managedUuid), "Name"), Is.EqualTo(managed));

        var manageable = await Cli.RowsAsync("node", "list", "--provision-state", "manageable");
        Assert.That(manageable.Select(r => Str(r, "UUID")), Does.Contain(managedUuid).And.Not.Contain(enrolledUuid));
        Assert.That(manageable.Select(r => Str(r, "Provisioning State")).Distinct(), Is.EqualTo(new[] { "manageable" }));
    }

    [Test]
    public async Task A_long_node_list_large_enough_to_come_gzipped_is_read_whole()
    {
        // 40 detailed nodes are past the size from which the server gzips a page for a client that accepts it, as
        // python-requests does; the CLI must read the page as it reads a plain one.
        var prefix = UniqueName("cli-gz");
        var uuids = new List<string>();
        for (var i = 0; i < 40; i++)
            uuids.Add(await Api.CreateFakeNodeAsync($"{prefix}-{i}", new JsonObject { ["note"] = $"n\u00e9-{i}" }));

        var debug = await Cli.OkAsync("--debug", "node", "list", "--long", "-f", "json");
        Assert.That(debug.StdErr, Does.Contain("Content-Encoding: gzip"), "the detailed list came gzipped");
        var rows = JsonNode.Parse(debug.StdOut)!.AsArray().OfType<JsonObject>().Where(r => uuids.Contains(Str(r, "UUID"))).ToList();
        Assert.That(rows.Select(r => Str(r, "UUID")), Is.EquivalentTo(uuids));
        var last = rows.Single(r => Str(r, "UUID") == uuids[^1]);
        Assert.That(Str(last, "Name"), Is.EqualTo($"{prefix}-39"));
        Assert.That(last["Extra"]!["note"]!.GetValue<string>(), Is.EqualTo("n\u00e9-39"));
    }

    [Test]
    public async Task Node_set_and_unset_extra_properties_and_description()
    {
        var name = UniqueName("cli-set");
        await CreateNodeAsync(name, "--property", "cpus=4", "--extra", "keep=me");

        var set = await Cli.OkAsync("node", "set", name, "--extra", "owner_team=infra", "--extra", "slot=7",
            "--property", "local_gb=500", "--description", "spare node, rack 3");
        Assert.That(set.StdOut, Is.Empty);
        var after = await Cli.ObjectAsync("node", "show", name, "--fields", "extra", "properties", "description");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(JsonNode.DeepEquals(after["extra"], JsonNode.Parse("""{"keep": "me", "owner_team": "infra", "slot": 7}""")),
                Is.True, after["extra"]?.ToJsonString());
            Assert.That(JsonNode.DeepEquals(after["properties"], JsonNode.Parse("""{"cpus": 4, "local_gb": 500}""")),
                Is.True, after["properties"]?.ToJsonString());
            Assert.That(Str(after, "description"), Is.EqualTo("spare node, rack 3"));
        }

        await Cli.OkAsync("node", "unset", name, "--extra", "owner_team", "--extra", "slot", "--property", "local_gb", "--description");
        var unset = await Cli.ObjectAsync("node", "show", name, "--fields", "extra", "properties", "description");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(JsonNode.DeepEquals(unset["extra"], JsonNode.Parse("""{"keep": "me"}""")), Is.True, unset["extra"]?.ToJsonString());
            Assert.That(JsonNode.DeepEquals(unset["properties"], JsonNode.Parse("""{"cpus": 4}""")), Is.True, unset["properties"]?.ToJsonString());
            Assert.That(unset["description"], Is.Null);
        }

        var missing = await Cli.FailAsync("node", "unset", name, "--extra", "never-set");
        ExpectMessage(missing, "(HTTP 400)");
    }

    [Test]
    public async Task Node_lifecycle_with_wait_power_maintenance_undeploy_and_delete()
    {
        var name = UniqueName("cli-life");
        var uuid = await CreateNodeAsync(name);

        var manage = await Cli.OkAsync("node", "manage", name, "--wait", "60");
        Assert.That(manage.StdErr + manage.StdOut, Does.Contain($"Waiting for provision state manageable on node {name}"));
        await Cli.OkAsync("node", "provide", name, "--wait", "60");
        // Fake power knows no state before the first power action: verification leaves it unknown, as in Ironic.
        var unknown = await Cli.ObjectAsync("node", "show", name, "--fields", "power_state");
        Assert.That(unknown["power_state"], Is.Null);

        await Cli.OkAsync("node", "power", "on", name);
        await Api.WaitForPowerStateAsync(uuid, "power on");
        await ExpectStatesAsync(name, "available", "power on");

        await Cli.OkAsync("node", "deploy", name, "--wait", "60");
        await ExpectStatesAsync(name, "active", "power on");

        var refused = await Cli.FailAsync([.. NoRetries, "node", "delete", name]);
        ExpectMessage(refused, $"Can not delete node \"{uuid}\" while it is in provision state \"active\". Valid provision states to " +
                               "perform deletion are: \"('manageable', 'enroll', 'adopt failed', 'available')\", or set the node " +
                               "into maintenance mode (HTTP 409)");

        await Cli.OkAsync("node", "maintenance", "set", name, "--reason", "fan failure on PSU 2");
        var inMaintenance = await Cli.ObjectAsync("node", "show", name, "--fields", "maintenance", "maintenance_reason");
        Assert.That(inMaintenance["maintenance"]!.GetValue<bool>(), Is.True);
        Assert.That(Str(inMaintenance, "maintenance_reason"), Is.EqualTo("fan failure on PSU 2"));
        var listed = (await Cli.RowsAsync("node", "list", "--maintenance")).Select(r => Str(r, "UUID"));
        Assert.That(listed, Does.Contain(uuid));

        await Cli.OkAsync("node", "maintenance", "unset", name);
        var outOfMaintenance = await Cli.ObjectAsync("node", "show", name, "--fields", "maintenance", "maintenance_reason");
        Assert.That(outOfMaintenance["maintenance"]!.GetValue<bool>(), Is.False);
        Assert.That(outOfMaintenance["maintenance_reason"], Is.Null);

        await Cli.OkAsync("node", "power", "off", name);
        await Api.WaitForPowerStateAsync(uuid, "power off");
        await ExpectStatesAsync(name, "active", "power off");

        await Cli.OkAsync("node", "undeploy", name, "--wait", "60");
        await ExpectStatesAsync(name, "available", "power off");

        var deleted = await Cli.OkAsync("node", "delete", name);
        Assert.That(deleted.StdOut, Does.Contain($"Deleted node {name}"));
        var gone = await Cli.FailAsync("node", "show", uuid);
        ExpectMessage(gone, $"Node {uuid} could not be found. (HTTP 404)");
    }

    [Test]
    public async Task Errors_carry_ironics_messages()
    {
        var unknown = await Cli.FailAsync("node", "show", "no-such-node");
        ExpectMessage(unknown, "Node no-such-node could not be found. (HTTP 404)");

        var name = UniqueName("cli-err");
        var uuid = await CreateNodeAsync(name);
        var provide = await Cli.FailAsync("node", "provide", name);
        ExpectMessage(provide, $"The requested action \"provide\" can not be performed on node \"{uuid}\" while it is in state \"enroll\". (HTTP 400)");

        var badDriver = await Cli.FailAsync("node", "create", "--driver", "no-such-driver", "--name", UniqueName("cli-bad"));
        ExpectMessage(badDriver, "No valid host was found. Reason: No conductor service registered which supports driver no-such-driver " +
                                 "for conductor group \"\". (HTTP 400)");

        var duplicate = await Cli.FailAsync([.. NoRetries, "node", "create", "--driver", "fake-hardware", "--name", name]);
        ExpectMessage(duplicate, $"A node with name {name} already exists. (HTTP 409)");

        var nodes = await Cli.RowsAsync("node", "list", "--fields", "uuid", "name");
        Assert.That(nodes.Count(r => r["Name"]?.GetValue<string>() == name), Is.EqualTo(1), "the refused create left nothing behind");
    }

    [Test]
    public async Task Node_set_boolean_flags_and_conductor_group_as_the_reference_ironic_answers()
    {
        // The CLI sends "True" for these flags; Ironic 21.4 reads such strings as booleans.
        var name = UniqueName("cli-flags");
        await CreateNodeAsync(name);
        await Cli.OkAsync("node", "set", name, "--automated-clean");
        await Cli.OkAsync("node", "set", name, "--retired", "--retired-reason", "old hw");
        var flags = await Cli.ObjectAsync("node", "show", name, "--fields", "automated_clean", "retired", "retired_reason");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(flags["automated_clean"]!.GetValue<bool>(), Is.True, flags.ToJsonString());
            Assert.That(flags["retired"]!.GetValue<bool>(), Is.True, flags.ToJsonString());
            Assert.That(Str(flags, "retired_reason"), Is.EqualTo("old hw"));
        }

        var protect = await Cli.FailAsync(["node", "set", name, "--protected", .. NoRetries]);
        ExpectMessage(protect, "can only be made protected in provision states 'active' or 'rescue', the current state is 'enroll' (HTTP 409)");
        var group = await Cli.FailAsync("node", "set", name, "--conductor-group", "Group-1");
        ExpectMessage(group, "No valid host was found. Reason: No conductor service registered which supports driver fake-hardware " +
                             "for conductor group \"group-1\". (HTTP 400)");
        var badName = await Cli.FailAsync("node", "create", "--driver", "fake-hardware", "--name", "bad name!");
        ExpectMessage(badName, "Cannot create node with invalid name 'bad name!' (HTTP 400)");
    }

    [Test]
    public async Task Driver_passthru_and_raid_properties()
    {
        var methods = await Cli.JsonAsync("driver", "passthru", "list", "fake-hardware");
        Assert.That(methods.AsArray(), Is.Empty, methods.ToJsonString());
        var raid = await Cli.RowsAsync("driver", "raid", "property", "list", "fake-hardware");
        Assert.That(raid.Select(r => Str(r, "Property")), Does.Contain("raid_level").And.Contain("size_gb"));
        ExpectMessage(await Cli.FailAsync("driver", "passthru", "call", "fake-hardware", "no_such_method"), "No handler for method no_such_method");
    }

    [Test]
    public async Task Driver_list_and_show()
    {
        var drivers = await Cli.RowsAsync("driver", "list");
        var fake = drivers.Single(r => Str(r, "Supported driver(s)") == "fake-hardware");
        Assert.That(Str(fake, "Active host(s)"), Does.Contain(ConductorHost));

        var shown = await Cli.ObjectAsync("driver", "show", "fake-hardware");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Str(shown, "name"), Is.EqualTo("fake-hardware"));
            Assert.That(Str(shown, "type"), Is.EqualTo("dynamic"));
            Assert.That(Str(shown, "hosts"), Does.Contain(ConductorHost));
            Assert.That(Str(shown, "default_power_interface"), Is.EqualTo("fake"));
            Assert.That(Str(shown, "default_deploy_interface"), Is.EqualTo("fake"));
            Assert.That(Str(shown, "default_network_interface"), Is.EqualTo("noop"));
            Assert.That(Str(shown, "enabled_power_interfaces"), Does.Contain("fake"));
        }

        var missing = await Cli.FailAsync("driver", "show", "no-such-driver");
        ExpectMessage(missing, "(HTTP 404)");
    }

    [Test]
    public async Task Conductor_list_and_show()
    {
        var conductors = await Cli.RowsAsync("conductor", "list");
        var row = conductors.Single(r => Str(r, "Hostname") == ConductorHost);
        Assert.That(row.Select(p => p.Key), Is.EqualTo(new[] { "Hostname", "Conductor Group", "Alive" }));
        Assert.That(Str(row, "Conductor Group"), Is.Empty);
        Assert.That(row["Alive"]!.GetValue<bool>(), Is.True);

        var shown = await Cli.ObjectAsync("conductor", "show", ConductorHost);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Str(shown, "hostname"), Is.EqualTo(ConductorHost));
            Assert.That(shown["alive"]!.GetValue<bool>(), Is.True);
            Assert.That(Str(shown, "conductor_group"), Is.Empty);
            Assert.That(shown["drivers"]!.AsArray().Select(d => d!.GetValue<string>()), Does.Contain("fake-hardware"));
            Assert.That(DateTimeOffset.TryParse(Str(shown, "created_at"), out _), Is.True);
        }

        var missing = await Cli.FailAsync("conductor", "show", "no-such-host");
        ExpectMessage(missing, "(HTTP 404)");
    }

    /// <summary><c>node show --fields provision_state power_state target_provision_state</c>, as a user would check.</summary>
    /// <remarks><paramref name="powerState"/> null: not checked.</remarks>
    private async Task ExpectStatesAsync(string name, string provisionState, string? powerState = null)
    {
        var node = await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state", "power_state", "target_provision_state");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(node["provision_state"]?.GetValue<string>(), Is.EqualTo(provisionState), () => node.ToJsonString());
            Assert.That(node["target_provision_state"], Is.Null, () => node.ToJsonString());
            if (powerState is not null)
                Assert.That(node["power_state"]?.GetValue<string>(), Is.EqualTo(powerState), () => node.ToJsonString());
        }
    }
}
