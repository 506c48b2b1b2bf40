using System.Text;
using System.Text.Json.Nodes;
using Ironic.Actors.Client.Tests.Infrastructure;
using Ironic.Actors.Cluster.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Cluster.Tests;

/// <summary>
/// Takeover of a node waiting for its agent: the conductor hosting a node in <c>wait call-back</c>, whose agent is in the
/// middle of writing the image, is killed; the agent's next heartbeats reach the node on a surviving conductor, which
/// finds the write finished (from the agent's command list and the progress kept in the journal) and completes the
/// deploy, without writing the image again.
/// </summary>
[TestFixture]
public sealed class AgentTakeoverTests : ClusterTestBase
{
    [Test]
    public async Task A_conductor_killed_during_wait_call_back_leaves_the_deploy_to_the_survivor()
    {
        await StartClusterAsync(new ClusterSpec
        {
            Conductors = 3,
            Gateways = 1,
            ConductorEnvironment = new Dictionary<string, string> { ["Ironic__Hardware__Agent__PostDeployGetPowerStateRetryInterval"] = "0.2" },
            GatewayEnvironment = new Dictionary<string, string> { ["Ironic__Gateway__RamdiskHeartbeatTimeout"] = "2" },
        });
        await using var images = await ImageServer.StartAsync();
        var image = images.Add("disk.img", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("takeover image ", 1000))));
        var api = Cluster.Api();

        // Nodes with the direct deploy (fake power and boot: the agent is started by the test), spread over the conductors.
        var ids = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            var created = await api.SendAsync(HttpMethod.Post, "v1/nodes", new
            {
                driver = "fake-hardware", name = $"agent-takeover-{i}", deploy_interface = "direct", automated_clean = false,
                instance_info = new { image_source = image.Url, image_os_hash_algo = "sha256", image_os_hash_value = image.Sha256 },
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
        const string mac = "52:54:00:7a:4b:01";
        var port = await api.SendAsync(HttpMethod.Post, "v1/ports", new { address = mac, node_uuid = id });
        Assert.That(port.Status, Is.EqualTo(201), port.ToString);

        Assert.That(await NodeSteps.RequestAsync(api, id, "active", TimeSpan.FromSeconds(30)), Is.Null);
        await Poll.UntilAsync("the node waiting for its agent", TimeSpan.FromSeconds(60),
            async () => (await api.GetStateAsync(id)).State?.ProvisionState == "wait call-back", TimeSpan.FromMilliseconds(200));

        var workDir = Path.Combine(Cluster.Directory, "agent");
        var agent = AgentDoubleProcess.Start(["--api", Cluster.Gateway().HttpAddress.ToString(), "--macs", mac, "--workdir", workDir,
            "--write-seconds", "8"]);
        try
        {
            // The agent is writing the image (the node shows the step it waits for): kill the node's conductor now.
            await Poll.UntilAsync("the agent writing the image", TimeSpan.FromSeconds(60), async () =>
            {
                var node = await api.GetAsync($"v1/nodes/{id}?fields=provision_state,driver_internal_info");
                return node.Json?["driver_internal_info"]?["agent_deploy_step"]?.GetValue<string>() == "write_image"
                       && node.Json?["provision_state"]?.GetValue<string>() == "wait call-back";
            }, TimeSpan.FromMilliseconds(200));
            Cluster.Mark($"SIGKILL {victim.Name} while node {id} waits for its agent");
            Report($"killing {victim.Name}, which hosts node {id} in wait call-back");
            await Cluster.KillAsync(victim);

            NodeState? last = null;
            await Poll.UntilAsync("the deploy finished on a survivor", TimeSpan.FromSeconds(120), async () =>
            {
                (last, _) = await api.GetStateAsync(id, TimeSpan.FromSeconds(5));
                return last is { AtRest: true };
            }, TimeSpan.FromMilliseconds(500), () => $"{last}");

            var final = await api.GetAsync($"v1/nodes/{id}?fields=provision_state,power_state,last_error,conductor");
            var log = File.ReadAllText(Path.Combine(workDir, "agent.log"));
            using (Assert.EnterMultipleScope())
            {
                Assert.That(final.Json?["provision_state"]?.GetValue<string>(), Is.EqualTo("active"), () => final + Environment.NewLine + log);
                Assert.That(final.Json?["power_state"]?.GetValue<string>(), Is.EqualTo("power on"));
                Assert.That(final.Json?["conductor"]?.GetValue<string>(), Is.Not.EqualTo(victim.Name));
                Assert.That(CountOf(log, "command deploy.execute_deploy_step write_image"), Is.EqualTo(1), () => "the image was written once: " + log);
                Assert.That(log, Does.Contain("image written").And.Contain("command standby.power_off"));
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
