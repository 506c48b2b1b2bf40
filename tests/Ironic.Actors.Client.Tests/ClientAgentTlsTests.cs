using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Ironic.Actors.Client.Tests.Infrastructure;
using Ironic.Actors.TestKit.Redfish;
using NUnit.Framework;

namespace Ironic.Actors.Client.Tests;

/// <summary>
/// TLS to the agent, end to end with the <c>baremetal</c> CLI: the agent double serves its commands over https with a
/// certificate it made at start and sends that CA with its heartbeats (<c>agent_verify_ca</c>, API 1.68); the conductor
/// saves it as <c>&lt;certificates path&gt;/&lt;node uuid&gt;.crt</c> and trusts only it for that agent. A heartbeat
/// that brings another CA is refused; an agent whose certificate the node's <c>driver_info.agent_verify_ca</c> does not
/// sign fails the deploy with the TLS error.
/// </summary>
[TestFixture]
public sealed class ClientAgentTlsTests() : AgentDeployFixture("image over TLS ", 2000)
{
    private readonly string _certificates = Path.Combine(Path.GetTempPath(), "ironic-agent-tls-" + Guid.NewGuid().ToString("N"));

    protected override IReadOnlyList<string> ExtraServerArguments => ["--Ironic:Hardware:Agent:CertificatesPath", _certificates];

    [OneTimeTearDown]
    public void RemoveCertificates()
    {
        if (Directory.Exists(_certificates))
            Directory.Delete(_certificates, recursive: true);
    }

    /// <summary>A redfish node with the direct deploy, its port, available (no cleaning), its image set.</summary>
    private async Task<string> AvailableNodeAsync(string name, RedfishBmcEmulator bmc, string mac, params string[] driverInfo)
    {
        var args = new List<string>
        {
            "node", "create", "--driver", "redfish", "--name", name,
            "--driver-info", $"redfish_address={bmc.Address}", "--driver-info", "redfish_system_id=/redfish/v1/Systems/1",
            "--driver-info", $"redfish_username={bmc.Username}", "--driver-info", $"redfish_password={bmc.Password}",
            "--driver-info", $"deploy_iso={AgentIso}",
        };
        foreach (var item in driverInfo)
            args.AddRange(["--driver-info", item]);
        var uuid = Str(await Cli.ObjectAsync([.. args]), "uuid");
        await Cli.OkAsync("port", "create", mac, "--node", uuid);
        await Cli.OkAsync("node", "manage", name, "--wait", "60");
        await Cli.OkAsync("node", "set", name, "--no-automated-clean");
        await Cli.OkAsync("node", "provide", name, "--wait", "60");
        await Cli.OkAsync("node", "set", name, "--instance-info", $"image_source={Image.Url}", "--instance-info", "image_disk_format=raw",
            "--instance-info", "image_os_hash_algo=sha256", "--instance-info", $"image_os_hash_value={Image.Sha256}");
        return uuid;
    }

    private async Task<JsonObject> ShowAsync(string name) =>
        await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state", "last_error", "driver_internal_info");

    private async Task<JsonObject> ShowUntilAsync(string name, Func<JsonObject, bool> done, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var node = await ShowAsync(name);
            if (done(node) || DateTime.UtcNow > deadline)
                return node;
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    [Test]
    public async Task Direct_deploy_talks_to_the_agent_over_https_trusting_the_CA_it_sent_and_refuses_another_CA()
    {
        await using var bmc = new RedfishBmcEmulator { PowerTransition = TimeSpan.FromMilliseconds(200) };
        var mac = NewMac();
        // Writing the image takes a while: the node waits for the agent meanwhile, with the agent's CA saved, and the test
        // heartbeats in the agent's place before the deploy ends and wipes the token. 4 s was once too short on the loaded
        // CI box (each `baremetal node show` takes seconds there): the deploy had ended, and the heartbeat's token with it.
        await using var agents = new AgentDoubles(bmc, Server.BaseUrl, AgentIso, mac) { Arguments = ["--tls", "true", "--write-seconds", "15"] };
        var name = UniqueName("cli-tls");
        var uuid = await AvailableNodeAsync(name, bmc, mac);

        await Cli.OkAsync("node", "deploy", name);
        var waiting = await ShowUntilAsync(name, n => n["driver_internal_info"]?["agent_verify_ca"] is not null ||
                                                     Str(n, "provision_state") is "active" or "deploy failed", TimeSpan.FromSeconds(60));
        var saved = Path.Combine(_certificates, $"{uuid}.crt");
        var workDir = agents.WorkDirs[^1];
        var agentCa = File.ReadAllText(Path.Combine(workDir, "agent-ca.pem"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(waiting["driver_internal_info"]?["agent_verify_ca"]?.GetValue<string>(), Is.EqualTo(saved), () => waiting.ToJsonString() + agents.Log);
            Assert.That(waiting["driver_internal_info"]?["agent_url"]?.GetValue<string>(), Does.StartWith("https://127.0.0.1:"));
            Assert.That(File.ReadAllText(saved), Is.EqualTo(agentCa), "the agent's CA is saved as <certificates path>/<uuid>.crt");
        }

        // Acting as the agent (its token and URL): the same CA again is taken, another one is refused with Ironic's words.
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };
        http.DefaultRequestHeaders.Add("X-OpenStack-Ironic-API-Version", "1.68");
        var token = File.ReadAllText(Path.Combine(workDir, "agent-token"));
        var callbackUrl = waiting["driver_internal_info"]!["agent_url"]!.GetValue<string>();
        var changed = await http.PostAsJsonAsync($"v1/heartbeat/{uuid}",
            new { callback_url = callbackUrl, agent_version = "9.4.1", agent_token = token, agent_verify_ca = OtherCaPem() });
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await changed.Content.ReadAsStringAsync(), Does.Contain("Detected change in ramdisk provided").And.Contain("agent_verify_ca"));
        Assert.That(File.ReadAllText(saved), Is.EqualTo(agentCa), "the refused CA was not saved");

        var node = await ShowUntilAsync(name, n => Str(n, "provision_state") is "active" or "deploy failed", TimeSpan.FromSeconds(90));
        var log = agents.Log;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Str(node, "provision_state"), Is.EqualTo("active"), () => node.ToJsonString() + log);
            Assert.That(log, Does.Contain("command deploy.execute_deploy_step write_image"), "commands reached the agent over https");
            Assert.That(log, Does.Contain("command standby.power_off"));
            Assert.That(node["driver_internal_info"]!.AsObject().ContainsKey("agent_verify_ca"), Is.False, "wiped with the agent");
        }
    }

    [Test]
    public async Task An_agent_whose_certificate_the_configured_CA_did_not_sign_fails_the_deploy_with_the_TLS_error()
    {
        await using var bmc = new RedfishBmcEmulator { PowerTransition = TimeSpan.FromMilliseconds(200) };
        var mac = NewMac();
        var otherCa = Path.Combine(Path.GetTempPath(), $"other-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(otherCa, OtherCaPem());
        try
        {
            // The agent keeps its CA to itself: the node's driver_info names the CA to trust, and it is the wrong one.
            await using var agents = new AgentDoubles(bmc, Server.BaseUrl, AgentIso, mac) { Arguments = ["--tls", "true", "--send-ca", "false"] };
            var name = UniqueName("cli-tls-wrong-ca");
            var uuid = await AvailableNodeAsync(name, bmc, mac, $"agent_verify_ca={otherCa}");

            var failed = await Cli.FailAsync("node", "deploy", name, "--wait", "120");
            Assert.That(failed.StdErr, Does.Contain("deploy failed"), failed.ToString);

            var node = await ShowAsync(name);
            var log = agents.Log;
            using (Assert.EnterMultipleScope())
            {
                Assert.That(Str(node, "provision_state"), Is.EqualTo("deploy failed"));
                Assert.That(Str(node, "last_error"), Does.StartWith($"Failed to load in-band deploy steps: Connection to agent failed: Failed to connect to the agent running on node {uuid} " +
                    "for invoking command deploy.get_deploy_steps. Error: The SSL connection could not be established: certificate verify failed")
                    .And.Contain("certificate verify failed"), log);
                Assert.That(log, Does.Not.Contain("command deploy.execute_deploy_step"), "no command got through");
                Assert.That(Directory.Exists(_certificates) ? Directory.GetFiles(_certificates) : [], Has.None.Contains(uuid));
            }
        }
        finally
        {
            File.Delete(otherCa);
        }
    }

    /// <summary>A CA of its own, that signed nothing the agent has.</summary>
    private static string OtherCaPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=some other CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return ca.ExportCertificatePem();
    }
}
