using System.Text;
using System.Text.Json.Nodes;
using Ironic.Actors.Client.Tests.Infrastructure;
using Ironic.Actors.Cluster.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Cluster.Tests;

/// <summary>
/// Takeover of a node waiting for its agent, in the middle of a planned deploy: a deploy template adds an agent step before the image
/// (<c>raid.apply_configuration</c>, priority 90) and a conductor step after it (<c>bios.apply_configuration</c>, 70). The
/// conductor hosting the node is killed after the agent's call-back, with the RAID applied and the image being written;
/// the survivor picks the stored plan up at the agent's next heartbeat (index and progress in driver_internal_info),
/// runs the steps left (the BIOS step, then the direct deploy's own) and ends <c>active</c>, with each agent step run
/// once (the image too: the survivor finds the write finished from the agent's command list and the progress kept in
/// the journal) and the RAID the first conductor recorded kept. A deploy without a template takes the same path with the
/// default plan, so this one scenario covers both.
/// </summary>
[TestFixture]
public sealed class AgentTakeoverTests : ClusterTestBase
{
    [Test]
    public async Task A_conductor_killed_in_wait_call_back_between_planned_steps_leaves_the_rest_of_the_deploy_to_the_survivor()
    {
        await StartClusterAsync(new ClusterSpec
        {
            Conductors = 3,
            Gateways = 1,
            ConductorEnvironment = new Dictionary<string, string> { ["Ironic__Hardware__Agent__PostDeployGetPowerStateRetryInterval"] = "0.2" },
            GatewayEnvironment = new Dictionary<string, string> { ["Ironic__Gateway__RamdiskHeartbeatTimeout"] = "2" },
        });
        await using var images = await ImageServer.StartAsync();
        var image = images.Add("disk.img", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("planned steps image ", 1000))));
        var api = Cluster.Api();

        const string trait = "CUSTOM_RAID0_BIOS";
        var template = await api.SendAsync(HttpMethod.Post, "v1/deploy_templates", JsonNode.Parse("""
            {"name": "TRAIT", "steps": [
              {"interface": "raid", "step": "apply_configuration", "priority": 90,
               "args": {"raid_config": {"logical_disks": [{"size_gb": "MAX", "raid_level": "0", "is_root_volume": true}]}}},
              {"interface": "bios", "step": "apply_configuration", "priority": 70,
               "args": {"settings": [{"name": "LogicalProc", "value": "Disabled"}]}}]}
            """.Replace("TRAIT", trait, StringComparison.Ordinal)));
        Assert.That(template.Status, Is.EqualTo(201), template.ToString);

        // Nodes spread over the conductors; the one to watch is hosted by a conductor other than the first.
        var ids = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            var created = await api.SendAsync(HttpMethod.Post, "v1/nodes", new
            {
                driver = "fake-hardware", name = $"planned-takeover-{i}", deploy_interface = "direct", raid_interface = "agent",
                bios_interface = "fake", automated_clean = false,
                instance_info = new { image_source = image.Url, image_os_hash_algo = "sha256", image_os_hash_value = image.Sha256, traits = new[] { trait } },
            });
            Assert.That(created.Status, Is.EqualTo(201), created.ToString);
            ids.Add(created.Json!["uuid"]!.GetValue<string>());
        }
        await NodeSteps.WalkAsync(api, ids, "manage", "manageable", TimeSpan.FromSeconds(90));
        await NodeSteps.WalkAsync(api, ids, "provide", "available", TimeSpan.FromSeconds(90));
        await WaitForSpreadAsync(api, ids, atLeast: 1, TimeSpan.FromSeconds(90));
        var rows = await api.ListNodesAsync("fields=uuid,conductor");
        var row = rows.First(r => ids.Contains(r["uuid"]!.GetValue<string>()) && r["conductor"]?.GetValue<string>() != "conductor-1");
        var id = row["uuid"]!.GetValue<string>();
        var victim = Cluster.Conductors.Single(c => c.Name == row["conductor"]!.GetValue<string>());
        var traitAdded = await api.SendAsync(HttpMethod.Put, $"v1/nodes/{id}/traits/{trait}");
        Assert.That(traitAdded.Status, Is.EqualTo(204), traitAdded.ToString);
        const string mac = "52:54:00:7a:4b:02";
        var port = await api.SendAsync(HttpMethod.Post, "v1/ports", new { address = mac, node_uuid = id });
        Assert.That(port.Status, Is.EqualTo(201), port.ToString);

        Assert.That(await NodeSteps.RequestAsync(api, id, "active", TimeSpan.FromSeconds(30)), Is.Null);
        await Poll.UntilAsync("the node waiting for its agent", TimeSpan.FromSeconds(60),
            async () => (await api.GetStateAsync(id)).State?.ProvisionState == "wait call-back", TimeSpan.FromMilliseconds(200));
        var planned = await api.GetAsync($"v1/nodes/{id}?fields=driver_internal_info");
        var plan = planned.Json?["driver_internal_info"]?["deploy_steps"]?.AsArray().Select(s => $"{s!["interface"]}.{s["step"]}").ToList();
        Assert.That(plan, Is.EqualTo(new[]
        {
            "deploy.deploy", "raid.apply_configuration", "deploy.write_image", "bios.apply_configuration",
            "deploy.prepare_instance_boot", "deploy.tear_down_agent", "deploy.switch_to_tenant_network", "deploy.boot_instance",
        }), planned.ToString);

        var workDir = Path.Combine(Cluster.Directory, "agent");
        var agent = AgentDoubleProcess.Start(["--api", Cluster.Gateway().HttpAddress.ToString(), "--macs", mac, "--workdir", workDir,
            "--write-seconds", "8"]);
        try
        {
            // The RAID is applied and the image is being written (the plan's third step): kill the node's conductor now.
            await Poll.UntilAsync("the agent writing the image after applying the RAID", TimeSpan.FromSeconds(60), async () =>
            {
                var node = await api.GetAsync($"v1/nodes/{id}?fields=provision_state,driver_internal_info,raid_config");
                return node.Json?["driver_internal_info"]?["agent_deploy_step"]?.GetValue<string>() == "write_image"
                       && node.Json?["provision_state"]?.GetValue<string>() == "wait call-back"
                       && node.Json?["raid_config"]?["logical_disks"] is JsonArray { Count: > 0 };
            }, TimeSpan.FromMilliseconds(200));
            Cluster.Mark($"SIGKILL {victim.Name} while node {id} is between planned steps");
            Report($"killing {victim.Name}, which hosts node {id} with the RAID applied and the image being written");
            await Cluster.KillAsync(victim);

            NodeState? last = null;
            await Poll.UntilAsync("the plan finished on a survivor", TimeSpan.FromSeconds(120), async () =>
            {
                (last, _) = await api.GetStateAsync(id, TimeSpan.FromSeconds(5));
                return last is { AtRest: true };
            }, TimeSpan.FromMilliseconds(500), () => $"{last}");

            var final = await api.GetAsync($"v1/nodes/{id}?fields=provision_state,power_state,last_error,conductor,raid_config,deploy_step,driver_internal_info");
            var log = File.ReadAllText(Path.Combine(workDir, "agent.log"));
            using (Assert.EnterMultipleScope())
            {
                Assert.That(final.Json?["provision_state"]?.GetValue<string>(), Is.EqualTo("active"), () => final + Environment.NewLine + log);
                Assert.That(final.Json?["power_state"]?.GetValue<string>(), Is.EqualTo("power on"));
                Assert.That(final.Json?["conductor"]?.GetValue<string>(), Is.Not.EqualTo(victim.Name));
                Assert.That(CountOf(log, "command deploy.execute_deploy_step apply_configuration"), Is.EqualTo(1), () => "RAID applied once: " + log);
                Assert.That(CountOf(log, "command deploy.execute_deploy_step write_image"), Is.EqualTo(1), () => "the image was written once: " + log);
                Assert.That(log, Does.Contain("command standby.power_off"), "the survivor ran the plan's end");
                Assert.That(final.Json?["raid_config"]?["logical_disks"]?[0]?["raid_level"]?.GetValue<string>(), Is.EqualTo("0"),
                    "the RAID the killed conductor recorded is kept");
                Assert.That(final.Json?["deploy_step"]?.AsObject(), Is.Empty);
                Assert.That(final.Json?["driver_internal_info"]?["deploy_steps"], Is.Null, "the plan is wiped when it ends");
            }
        }
        finally
        {
            AgentDoubleProcess.Kill(agent);
        }
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
