using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Ironic.Actors.Client.Tests.Infrastructure;
using Ironic.Actors.TestKit.Redfish;
using NUnit.Framework;

namespace Ironic.Actors.Client.Tests;

/// <summary>
/// The <c>direct</c> deploy of a redfish node end to end, driven by the <c>baremetal</c> CLI: the BMC emulator boots the
/// agent ISO from its virtual CD, which starts the agent double as its own process; the double looks the node up by its
/// MAC, heartbeats, downloads the image from a real HTTP server (Kestrel) and checks its checksum, and powers the machine
/// off through the BMC when asked. The server runs with short call-back time-outs and heartbeats (its settings, not
/// sleeps, keep the tests quick).
/// </summary>
[TestFixture]
public sealed class ClientDirectDeployTests() : AgentDeployFixture("whole-disk image of the tests ", 4000)
{
    private const int CallbackTimeoutSeconds = 20;
    private string _silentIso = null!;

    protected override IReadOnlyList<string> ExtraServerArguments =>
        ["--Ironic:Conductor:DeployCallbackTimeout", CallbackTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    [OneTimeSetUp]
    public void AddSilentIso() =>
        _silentIso = Images.Add("broken-ipa.iso", Encoding.ASCII.GetBytes("an ISO that boots no agent")).Url;

    /// <summary>A redfish node with the direct deploy (by default), its port, made available (cleaning through the agent).</summary>
    private async Task<string> EnrollAsync(string name, RedfishBmcEmulator bmc, string mac, string deployIso)
    {
        var node = await Cli.ObjectAsync(
            "node", "create", "--driver", "redfish", "--name", name,
            "--driver-info", $"redfish_address={bmc.Address}", "--driver-info", "redfish_system_id=/redfish/v1/Systems/1",
            "--driver-info", $"redfish_username={bmc.Username}", "--driver-info", $"redfish_password={bmc.Password}",
            "--driver-info", $"deploy_iso={deployIso}");
        Assert.That(Str(node, "deploy_interface"), Is.EqualTo("direct"), "direct is the redfish default");
        Assert.That(Str(node, "boot_interface"), Is.EqualTo("redfish-virtual-media"));
        var uuid = Str(node, "uuid");
        await Cli.OkAsync("port", "create", mac, "--node", uuid);
        await Cli.OkAsync("node", "manage", name, "--wait", "60");
        return uuid;
    }

    private async Task SetImageAsync(string name, params string[] checksum)
    {
        var args = new List<string> { "node", "set", name, "--instance-info", $"image_source={Image.Url}",
            "--instance-info", "image_disk_format=raw" };
        foreach (var c in checksum)
            args.AddRange(["--instance-info", c]);
        await Cli.OkAsync([.. args]);
    }

    /// <summary>Shows the node (provision_state, last_error) until it reaches <paramref name="state"/> or the time is up.</summary>
    private async Task<JsonObject> ShowUntilAsync(string name, string state, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var node = await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state", "last_error");
            if (Str(node, "provision_state") == state || DateTime.UtcNow > deadline)
                return node;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    [Test]
    public async Task Direct_deploy_writes_the_image_through_the_agent_and_undeploy_cleans_through_it()
    {
        await using var bmc = new RedfishBmcEmulator { PowerTransition = TimeSpan.FromMilliseconds(200) };
        var mac = NewMac();
        await using var agents = new AgentDoubles(bmc, Server.BaseUrl, AgentIso, mac);
        var name = UniqueName("cli-direct");
        await EnrollAsync(name, bmc, mac, AgentIso);

        // provide: automated cleaning boots the agent, which erases the disks' metadata.
        await Cli.OkAsync("node", "provide", name, "--wait", "120");
        Assert.That(agents.Boots, Is.EqualTo(1), agents.Log);
        Assert.That(agents.Log, Does.Contain("cleaned erase_devices_metadata"));

        await SetImageAsync(name, "image_os_hash_algo=sha256", $"image_os_hash_value={Image.Sha256}");
        var validated = await Cli.RowsAsync("node", "validate", name);
        Assert.That(validated.Where(r => Str(r, "Interface") is "boot" or "deploy" or "power" or "management")
            .Select(r => r["Result"]!.GetValue<bool>()), Is.All.True, () => string.Join(" ", validated.Select(r => r.ToJsonString())));

        await Cli.OkAsync("node", "deploy", name, "--wait", "120");

        var deployed = await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state", "power_state", "last_error", "driver_internal_info");
        var deployLog = agents.Log;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Str(deployed, "provision_state"), Is.EqualTo("active"), () => deployed.ToJsonString() + deployLog);
            Assert.That(Str(deployed, "power_state"), Is.EqualTo("power on"));
            Assert.That(agents.Boots, Is.EqualTo(2), "the deploy booted the ramdisk once more");
            Assert.That(deployLog, Does.Contain("lookup ok").And.Contain("token=issued"));
            Assert.That(deployLog, Does.Contain($"image written {ImageBytes.Length} bytes sha256={Image.Sha256} verified"));
            Assert.That(File.ReadAllBytes(Path.Combine(agents.WorkDirs[^1], "disk.img")), Is.EqualTo(ImageBytes), "the disk holds the image");
            Assert.That(deployLog, Does.Contain("command standby.power_off"), "tear_down_agent asked the agent to power off");
            Assert.That(bmc.Resets, Does.Contain("ForceOff"));
            Assert.That(bmc.CdInserted, Is.False, "the agent ISO was ejected");
            Assert.That(bmc.BootTarget, Is.EqualTo("Hdd"));
            Assert.That(bmc.BootEnabled, Is.EqualTo("Continuous"));
            Assert.That(bmc.PowerState, Is.EqualTo("On"));
            Assert.That(deployed["driver_internal_info"]!.AsObject().ContainsKey("agent_url"), Is.False, "the agent is gone");
        }

        await Cli.OkAsync("node", "undeploy", name, "--wait", "120");

        var undeployed = await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state", "power_state", "instance_info");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Str(undeployed, "provision_state"), Is.EqualTo("available"), () => undeployed.ToJsonString() + agents.Log);
            Assert.That(Str(undeployed, "power_state"), Is.EqualTo("power off"));
            Assert.That(agents.Boots, Is.EqualTo(3), "cleaning after undeploy booted the agent");
            Assert.That(File.ReadAllText(Path.Combine(agents.WorkDirs[^1], "agent.log")),
                Does.Contain("cleaned erase_devices_metadata").And.Contain("cleaned erase_devices"));
            Assert.That(bmc.PowerState, Is.EqualTo("Off"));
            Assert.That(bmc.CdInserted, Is.False);
        }
    }

    [Test]
    public async Task Manual_clean_steps_of_the_deploy_interface_are_run_by_the_agent()
    {
        await using var bmc = new RedfishBmcEmulator();
        var mac = NewMac();
        await using var agents = new AgentDoubles(bmc, Server.BaseUrl, AgentIso, mac);
        var name = UniqueName("cli-direct-manual-clean");
        await EnrollAsync(name, bmc, mac, AgentIso);

        await Cli.OkAsync("node", "clean", name, "--clean-steps", """[{"interface": "deploy", "step": "erase_devices_metadata"}]""",
            "--wait", "120");

        var node = await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state", "power_state", "driver_internal_info");
        var log = agents.Log;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Str(node, "provision_state"), Is.EqualTo("manageable"), () => node.ToJsonString() + log);
            Assert.That(Str(node, "power_state"), Is.EqualTo("power off"));
            Assert.That(agents.Boots, Is.EqualTo(1));
            Assert.That(log, Does.Contain("command clean.execute_clean_step erase_devices_metadata"));
            Assert.That(log, Does.Not.Contain("command clean.get_clean_steps"), "manual cleaning runs the steps asked for");
            Assert.That(log, Does.Not.Contain("cleaned erase_devices\n").And.Not.Contain("command clean.execute_clean_step erase_devices\n"));
            Assert.That(node["driver_internal_info"]!.AsObject().Select(kv => kv.Key), Has.None.StartsWith("agent_"));
        }
    }

    [Test]
    public async Task A_bad_checksum_fails_the_deploy_with_the_agents_error()
    {
        await using var bmc = new RedfishBmcEmulator { PowerTransition = TimeSpan.FromMilliseconds(200) };
        var mac = NewMac();
        await using var agents = new AgentDoubles(bmc, Server.BaseUrl, AgentIso, mac);
        var name = UniqueName("cli-direct-checksum");
        var uuid = await EnrollAsync(name, bmc, mac, AgentIso);
        await Cli.OkAsync("node", "set", name, "--no-automated-clean");
        await Cli.OkAsync("node", "provide", name, "--wait", "60");
        var wrong = new string('0', 32);
        await SetImageAsync(name, $"image_checksum={wrong}");

        var failed = await Cli.FailAsync("node", "deploy", name, "--wait", "120");
        Assert.That(failed.StdErr, Does.Contain("deploy failed"), failed.ToString);

        var node = await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state", "last_error");
        Assert.That(Str(node, "provision_state"), Is.EqualTo("deploy failed"));
        Assert.That(Str(node, "last_error"), Does.StartWith($"Deploy step deploy.write_image failed on node {uuid}. ")
            .And.Contain("Image failed to verify against checksum").And.Contain($"image checksum: {wrong}")
            .And.Contain($"verification checksum: {Image.Md5}"), agents.Log);
    }

    [Test]
    public async Task An_agent_that_never_calls_back_times_the_deploy_out()
    {
        await using var bmc = new RedfishBmcEmulator();
        var name = UniqueName("cli-direct-silent");
        var uuid = await EnrollAsync(name, bmc, NewMac(), _silentIso);
        await Cli.OkAsync("node", "set", name, "--no-automated-clean");
        await Cli.OkAsync("node", "provide", name, "--wait", "60");
        await SetImageAsync(name, $"image_checksum={Image.Md5}");

        await Cli.OkAsync("node", "deploy", name);
        var waiting = await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state");
        Assert.That(Str(waiting, "provision_state"), Is.AnyOf("deploying", "wait call-back"));

        // The call-back time-out is the server's setting; the periodic check runs every second.
        var node = await ShowUntilAsync(name, "deploy failed", TimeSpan.FromSeconds(CallbackTimeoutSeconds * 4));
        Assert.That(Str(node, "provision_state"), Is.EqualTo("deploy failed"));
        Assert.That(Str(node, "last_error"), Is.EqualTo($"Timeout reached while waiting for callback for node {uuid}"));
        Assert.That(bmc.CdImage, Is.EqualTo(_silentIso), "the ramdisk was booted from the agent ISO");
    }

    [Test]
    public async Task Lookup_hands_the_token_out_once_and_a_heartbeat_with_another_token_is_refused()
    {
        await using var bmc = new RedfishBmcEmulator();
        var mac = NewMac();
        var name = UniqueName("cli-direct-token");
        var uuid = await EnrollAsync(name, bmc, mac, _silentIso);
        await Cli.OkAsync("node", "set", name, "--no-automated-clean");
        await Cli.OkAsync("node", "provide", name, "--wait", "60");
        await SetImageAsync(name, $"image_checksum={Image.Md5}");

        using var http = new HttpClient { BaseAddress = Server.BaseAddress };
        http.DefaultRequestHeaders.Add("X-OpenStack-Ironic-API-Version", "1.68");
        var early = await http.GetAsync($"v1/lookup?addresses={mac}");
        Assert.That(early.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "an available node expects no agent");

        await Cli.OkAsync("node", "deploy", name);
        JsonObject first = null!;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var response = await http.GetAsync($"v1/lookup?addresses=00:11:22:33:44:55,{mac.ToUpperInvariant()}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                first = (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                break;
            }
            await Task.Delay(100);
        }
        Assert.That(first, Is.Not.Null, "the lookup found the deploying node");
        var token = first["config"]!["agent_token"]!.GetValue<string>();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first["node"]!["uuid"]!.GetValue<string>(), Is.EqualTo(uuid));
            Assert.That(token, Has.Length.EqualTo(43).And.Match("^[A-Za-z0-9_-]+$"));
            Assert.That(first["config"]!["agent_token_required"]!.GetValue<bool>(), Is.True);
            Assert.That(first["config"]!["heartbeat_timeout"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(first["node"]!["driver_internal_info"]!["agent_secret_token"]!.GetValue<string>(), Is.EqualTo("******"));
            Assert.That(first["node"]!.AsObject().Select(kv => kv.Key),
                Is.EquivalentTo(new[] { "uuid", "created_at", "updated_at", "properties", "instance_info", "driver_internal_info", "links" }));
        }

        var second = JsonNode.Parse(await (await http.GetAsync($"v1/lookup?node_uuid={uuid}")).Content.ReadAsStringAsync())!;
        Assert.That(second["config"]!["agent_token"]!.GetValue<string>(), Is.EqualTo("******"));

        var wrong = await http.PostAsJsonAsync($"v1/heartbeat/{uuid}",
            new { callback_url = "http://127.0.0.1:9", agent_version = "9.4.1", agent_token = token[..^1] + (token[^1] == 'A' ? "B" : "A") });
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await wrong.Content.ReadAsStringAsync(), Does.Contain("Invalid or missing agent token received."));

        var missing = await http.PostAsJsonAsync($"v1/heartbeat/{uuid}", new { callback_url = "http://127.0.0.1:9", agent_version = "9.4.1" });
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await missing.Content.ReadAsStringAsync(), Does.Contain("Agent token is required for heartbeat processing."));

        var node = await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state", "driver_internal_info");
        Assert.That(Str(node, "provision_state"), Is.AnyOf("deploying", "wait call-back"), "refused heartbeats move nothing");
        Assert.That(node["driver_internal_info"]!.AsObject().ContainsKey("agent_url"), Is.False);
    }
}
