using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Drivers.Agent;
using Ironic.Actors.Drivers.Tests.Redfish;
using NUnit.Framework;

namespace Ironic.Actors.Drivers.Tests.Agent;

/// <summary>
/// How the agent client checks an https agent: which setting wins (the agent's saved CA, then the node's
/// <c>driver_info.agent_verify_ca</c>, then <c>[agent]verify_ca</c>), and the check itself against a real TLS endpoint
/// with a self-signed certificate: trusted with its own CA only, refused with another CA or the system's authorities,
/// not checked with <c>false</c>.
/// </summary>
public sealed class AgentTlsTests
{
    private readonly List<string> _files = [];

    [TearDown]
    public void DeleteFiles()
    {
        foreach (var file in _files)
            File.Delete(file);
    }

    private string PemFile(string pem)
    {
        var path = Path.Combine(Path.GetTempPath(), $"agent-ca-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, pem);
        _files.Add(path);
        return path;
    }

    private static Node NodeWith(JsonNode? dii = null, JsonNode? driverInfo = null)
    {
        var node = TestNodes.FakeNode(PowerStates.PowerOn);
        var internalInfo = new JsonObject();
        var info = new JsonObject();
        if (dii is not null)
            internalInfo["agent_verify_ca"] = dii;
        if (driverInfo is not null)
            info["agent_verify_ca"] = driverInfo;
        return node with { DriverInternalInfo = internalInfo, DriverInfo = info };
    }

    [Test]
    public void The_agents_saved_CA_wins_then_driver_info_then_the_option()
    {
        var saved = PemFile("saved");
        var configured = PemFile("configured");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(AgentTls.For(NodeWith(saved, false), new AgentOptions()), Is.EqualTo(new AgentTls(true, saved)));
            Assert.That(AgentTls.For(NodeWith(driverInfo: false), new AgentOptions()), Is.EqualTo(AgentTls.Insecure), "false is a value");
            Assert.That(AgentTls.For(NodeWith(driverInfo: "no"), new AgentOptions()), Is.EqualTo(AgentTls.Insecure));
            Assert.That(AgentTls.For(NodeWith(driverInfo: configured), new AgentOptions { VerifyCa = "False" }), Is.EqualTo(new AgentTls(true, configured)));
            Assert.That(AgentTls.For(NodeWith(), new AgentOptions()), Is.EqualTo(AgentTls.System));
            Assert.That(AgentTls.For(NodeWith(), new AgentOptions { VerifyCa = "off" }), Is.EqualTo(AgentTls.Insecure));
        }
        Assert.That(() => AgentTls.For(NodeWith(driverInfo: "/no/such/ca.pem"), new AgentOptions()),
            Throws.InstanceOf<DriverException>().With.Message.EqualTo("Agent CA /no/such/ca.pem is neither a path nor a boolean"));
    }

    [Test]
    public async Task An_https_agent_is_trusted_with_its_own_CA_only()
    {
        await using var agent = new TlsRedfishStub();
        var url = new Uri(agent.Address);
        using var client = new AgentClient(new AgentOptions { MaxCommandAttempts = 1 });

        Assert.That(await client.ListCommandsAsync(new AgentEndpoint(url, new AgentTls(true, PemFile(agent.CertificatePem))), CancellationToken.None),
            Is.Empty, "the handshake passed and the answer was read");
        Assert.That(await client.ListCommandsAsync(new AgentEndpoint(url, AgentTls.Insecure), CancellationToken.None), Is.Empty);

        var wrong = Assert.ThrowsAsync<AgentConnectionException>(() =>
            client.ListCommandsAsync(new AgentEndpoint(url, new AgentTls(true, PemFile(OtherCaPem()))), CancellationToken.None))!;
        Assert.That(wrong.Message, Does.StartWith($"Connection to agent failed: Failed to connect to the agent running at {url} to collect commands status. Error: ")
            .And.Contain("certificate verify failed: UntrustedRoot"));
        var system = Assert.ThrowsAsync<AgentConnectionException>(() => client.ListCommandsAsync(url, CancellationToken.None))!;
        Assert.That(system.Message, Does.Contain("The SSL connection could not be established"), "a self-signed agent is not trusted by the system");
    }

    private static string OtherCaPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=another CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return ca.ExportCertificatePem();
    }
}
