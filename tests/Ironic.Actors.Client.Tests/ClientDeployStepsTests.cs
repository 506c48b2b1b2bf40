using System.Text;
using System.Text.Json.Nodes;
using Ironic.Actors.Client.Tests.Infrastructure;
using Ironic.Actors.TestKit.Redfish;
using NUnit.Framework;

namespace Ironic.Actors.Client.Tests;

/// <summary>
/// Deploy steps from deploy templates and the agent RAID interface, end to end through the <c>baremetal</c> CLI: a
/// fake-hardware node whose instance trait names a template runs the template's step on the conductor before
/// <c>deploy.deploy</c>; a redfish node with <c>raid_interface agent</c> has its RAID built by the agent double in a
/// manual clean and during a direct deploy (a template enabling <c>raid.apply_configuration</c>).
/// </summary>
[TestFixture]
public sealed class ClientDeployStepsTests() : AgentDeployFixture("an image with RAID under it ", 2000)
{
    private const string TargetRaid = """{"logical_disks": [{"size_gb": 100, "raid_level": "1", "is_root_volume": true}]}""";

    [Test]
    public async Task A_template_named_by_an_instance_trait_runs_its_step_on_a_fake_node()
    {
        var good = UniqueTrait("CUSTOM_BIOS_OK");
        var bad = UniqueTrait("CUSTOM_BIOS_BAD");
        await Cli.OkAsync("deploy", "template", "create", good, "--steps",
            """[{"interface": "bios", "step": "apply_configuration", "args": {"settings": [{"name": "LogicalProc", "value": "Disabled"}]}, "priority": 150}]""");
        // Its settings are not a list: the fake BIOS refuses them when the step runs (the request's check only wants them present).
        await Cli.OkAsync("deploy", "template", "create", bad, "--steps",
            """[{"interface": "bios", "step": "apply_configuration", "args": {"settings": "LogicalProc=Disabled"}, "priority": 150}]""");

        var ok = await FakeNodeWithTraitAsync("cli-steps-ok", good);
        await Cli.OkAsync("node", "deploy", ok, "--wait", "60");
        var deployed = await Cli.ObjectAsync("node", "show", ok, "--fields", "provision_state", "deploy_step", "driver_internal_info", "last_error");
        Assert.That(Str(deployed, "provision_state"), Is.EqualTo("active"), deployed.ToJsonString());
        Assert.That(deployed["deploy_step"]!.AsObject(), Is.Empty, "cleared at the end");
        Assert.That(deployed["driver_internal_info"]!["deploy_steps"], Is.Null);

        var failing = await FakeNodeWithTraitAsync("cli-steps-bad", bad);
        await Cli.FailAsync("node", "deploy", failing, "--wait", "60");
        var failed = await Cli.ObjectAsync("node", "show", failing, "--fields", "provision_state", "last_error", "deploy_step");
        Assert.That(Str(failed, "provision_state"), Is.EqualTo("deploy failed"));
        // Ironic's fake reads the settings as a list of mappings: a string fails with Python's words.
        Assert.That(Str(failed, "last_error"), Is.EqualTo("Deploy step bios.apply_configuration failed: " +
            "string indices must be integers, not 'str'."),
            "the template's step ran, before deploy.deploy, on the conductor");
    }

    [Test]
    public async Task The_agent_builds_the_target_raid_in_a_manual_clean_and_applies_a_templates_raid_in_a_direct_deploy()
    {
        await using var bmc = new RedfishBmcEmulator();
        var mac = NewMac();
        await using var agents = new AgentDoubles(bmc, Server.BaseUrl, AgentIso, mac);
        var name = UniqueName("cli-raid-agent");
        var node = await Cli.ObjectAsync(
            "node", "create", "--driver", "redfish", "--name", name, "--raid-interface", "agent",
            "--driver-info", $"redfish_address={bmc.Address}", "--driver-info", "redfish_system_id=/redfish/v1/Systems/1",
            "--driver-info", $"redfish_username={bmc.Username}", "--driver-info", $"redfish_password={bmc.Password}",
            "--driver-info", $"deploy_iso={AgentIso}");
        Assert.That(Str(node, "raid_interface"), Is.EqualTo("agent"));
        await Cli.OkAsync("port", "create", mac, "--node", Str(node, "uuid"));
        await Cli.OkAsync("node", "set", name, "--no-automated-clean");
        await Cli.OkAsync("node", "manage", name, "--wait", "60");

        // Without a target the step refuses, as Ironic does.
        await Cli.FailAsync("node", "clean", name, "--clean-steps", """[{"interface": "raid", "step": "create_configuration"}]""", "--wait", "120");
        var refused = await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state", "last_error");
        Assert.That(Str(refused, "provision_state"), Is.EqualTo("clean failed"));
        Assert.That(Str(refused, "last_error"), Does.StartWith($"Node {Str(node, "uuid")} failed step {{'interface': 'raid', 'step': 'create_configuration'")
            .And.EndWith($": Node {Str(node, "uuid")} has no target RAID configuration."), agents.Log);
        await Cli.OkAsync("node", "manage", name, "--wait", "60");

        await Cli.OkAsync("node", "set", name, "--target-raid-config", TargetRaid);
        await Cli.OkAsync("node", "clean", name, "--clean-steps", """[{"interface": "raid", "step": "create_configuration"}]""", "--wait", "120");
        var built = await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state", "raid_config", "properties", "last_error");
        Assert.That(Str(built, "provision_state"), Is.EqualTo("manageable"), built.ToJsonString() + agents.Log);
        var disk = built["raid_config"]!["logical_disks"]![0]!;
        Assert.That((disk["raid_level"]!.GetValue<string>(), disk["size_gb"]!.GetValue<int>()), Is.EqualTo(("1", 100)));
        Assert.That(built["raid_config"]!["last_updated"], Is.Not.Null);
        Assert.That(built["properties"]!["local_gb"]!.GetValue<int>(), Is.EqualTo(100));
        Assert.That(agents.Log, Does.Contain("raid created"));

        await Cli.OkAsync("node", "clean", name, "--clean-steps", """[{"interface": "raid", "step": "delete_configuration"}]""", "--wait", "120");
        var deleted = await Cli.ObjectAsync("node", "show", name, "--fields", "raid_config");
        Assert.That(deleted["raid_config"]!.AsObject(), Is.Empty);

        // A deploy template asks the agent for RAID 0 between deploy.deploy (100) and write_image (80).
        var trait = UniqueTrait("CUSTOM_RAID0");
        await Cli.OkAsync("deploy", "template", "create", trait, "--steps",
            """[{"interface": "raid", "step": "apply_configuration", "args": {"raid_config": {"logical_disks": [{"size_gb": "MAX", "raid_level": "0", "is_root_volume": true}]}}, "priority": 90}]""");
        await Cli.OkAsync("node", "add", "trait", name, trait);
        await Cli.OkAsync("node", "provide", name, "--wait", "60");
        await Cli.OkAsync("node", "set", name, "--instance-info", $"image_source={Image.Url}", "--instance-info", "image_disk_format=raw",
            "--instance-info", $"image_checksum={Image.Md5}", "--instance-info", $"traits=[\"{trait}\"]");
        await Cli.OkAsync("node", "deploy", name, "--wait", "120");
        var active = await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state", "raid_config", "last_error", "deploy_step");
        Assert.That(Str(active, "provision_state"), Is.EqualTo("active"), active.ToJsonString() + agents.Log);
        Assert.That(active["raid_config"]!["logical_disks"]![0]!["raid_level"]!.GetValue<string>(), Is.EqualTo("0"));
        var log = agents.Log;
        Assert.That(log.IndexOf("raid applied", StringComparison.Ordinal), Is.GreaterThanOrEqualTo(0).And.LessThan(log.IndexOf("image written", StringComparison.Ordinal)),
            "RAID before the image, as the priorities say");
    }

    [Test]
    public async Task In_band_template_steps_are_checked_against_the_agents_steps_after_its_call_back()
    {
        await using var bmc = new RedfishBmcEmulator { PowerTransition = TimeSpan.FromMilliseconds(200) };
        var mac = NewMac();
        await using var agents = new AgentDoubles(bmc, Server.BaseUrl, AgentIso, mac);
        var name = UniqueName("cli-in-band");
        var node = await Cli.ObjectAsync(
            "node", "create", "--driver", "redfish", "--name", name,
            "--driver-info", $"redfish_address={bmc.Address}", "--driver-info", "redfish_system_id=/redfish/v1/Systems/1",
            "--driver-info", $"redfish_username={bmc.Username}", "--driver-info", $"redfish_password={bmc.Password}",
            "--driver-info", $"deploy_iso={AgentIso}");
        var uuid = Str(node, "uuid");
        await Cli.OkAsync("port", "create", mac, "--node", uuid);
        await Cli.OkAsync("node", "set", name, "--no-automated-clean", "--instance-info", $"image_source={Image.Url}",
            "--instance-info", "image_disk_format=raw", "--instance-info", $"image_checksum={Image.Md5}");
        await Cli.OkAsync("node", "manage", name, "--wait", "60");
        await Cli.OkAsync("node", "provide", name, "--wait", "60");

        // A step no interface and no agent offers: accepted at deploy time (the agent may offer it), refused after the call-back.
        var unknown = UniqueTrait("CUSTOM_NOPE");
        await Cli.OkAsync("deploy", "template", "create", unknown, "--steps",
            """[{"interface": "deploy", "step": "no_such_step", "args": {}, "priority": 85}]""");
        await Cli.OkAsync("node", "add", "trait", name, unknown);
        await Cli.OkAsync("node", "set", name, "--instance-info", $"traits=[\"{unknown}\"]");
        await Cli.FailAsync("node", "deploy", name, "--wait", "120");
        var failed = await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state", "last_error");
        Assert.That(Str(failed, "provision_state"), Is.EqualTo("deploy failed"), agents.Log);
        Assert.That(Str(failed, "last_error"), Is.EqualTo($"Failed to validate the final deploy steps list for node {uuid}: " +
            "Validation of deploy steps from deploy templates matching this node's instance traits failed. Matching deploy templates: " +
            $"{unknown}. Errors: node does not support this deploy step: {{'interface': 'deploy', 'step': 'no_such_step', 'args': {{}}, 'priority': 85}}"));
        Assert.That(agents.Log, Does.Contain("command deploy.get_deploy_steps").And.Not.Contain("command deploy.execute_deploy_step"));

        // The agent's own step (priority 0 in its list) asked for by a template: it runs on the agent, before write_image.
        var inBand = UniqueTrait("CUSTOM_ERASE");
        await Cli.OkAsync("deploy", "template", "create", inBand, "--steps",
            """[{"interface": "deploy", "step": "erase_devices_metadata", "args": {}, "priority": 85}]""");
        await Cli.OkAsync("node", "remove", "trait", name, unknown);
        await Cli.OkAsync("node", "add", "trait", name, inBand);
        await Cli.OkAsync("node", "set", name, "--instance-info", $"traits=[\"{inBand}\"]");
        await Cli.OkAsync("node", "deploy", name, "--wait", "120");
        var active = await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state", "last_error");
        var log = agents.Log;
        Assert.That(Str(active, "provision_state"), Is.EqualTo("active"), active.ToJsonString() + log);
        Assert.That(log.IndexOf("deploy step erase_devices_metadata done", StringComparison.Ordinal),
            Is.GreaterThanOrEqualTo(0).And.LessThan(log.LastIndexOf("image written", StringComparison.Ordinal)), log);
    }

    private static string UniqueTrait(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private async Task<string> FakeNodeWithTraitAsync(string prefix, string trait)
    {
        var name = UniqueName(prefix);
        await Cli.OkAsync("node", "create", "--driver", "fake-hardware", "--name", name);
        await Cli.OkAsync("node", "add", "trait", name, trait);
        await Cli.OkAsync("node", "set", name, "--instance-info", $"traits=[\"{trait}\"]");
        await Cli.OkAsync("node", "manage", name, "--wait", "30");
        await Cli.OkAsync("node", "provide", name, "--wait", "30");
        return name;
    }
}
