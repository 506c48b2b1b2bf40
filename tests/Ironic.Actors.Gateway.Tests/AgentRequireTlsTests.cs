using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// <c>[agent]require_tls</c> on: a heartbeat whose callback URL is plain http is refused with Ironic's words (after the
/// token check), an https one is taken and its CA saved under the configured certificates path.
/// </summary>
[TestFixture]
public sealed class AgentRequireTlsTests : ServerFixture
{
    private readonly string _certificates = Path.Combine(Path.GetTempPath(), "ironic-require-tls-" + Guid.NewGuid().ToString("N"));

    protected override IEnumerable<string>? ServerArguments =>
    [
        "--Ironic:Hardware:Agent:RequireTls", "true",
        "--Ironic:Hardware:Agent:CertificatesPath", _certificates,
        "--Ironic:Hardware:Agent:MaxCommandAttempts", "1",
    ];

    [OneTimeTearDown]
    public void DeleteCertificates()
    {
        if (Directory.Exists(_certificates))
            Directory.Delete(_certificates, recursive: true);
    }

    [Test]
    public async Task A_plain_http_callback_is_refused_and_an_https_one_is_taken()
    {
        var (uuid, _) = await AgentTestNodes.WaitingNodeAsync(Api);
        var token = (await Api.GetAsync($"/v1/lookup?node_uuid={uuid}", "1.68")).Object["config"]!["agent_token"]!.GetValue<string>();
        var path = $"/v1/heartbeat/{uuid}";

        Expect.Error(await Api.PostAsync(path, new JsonObject { ["callback_url"] = "http://127.0.0.1:9", ["agent_version"] = "9", ["agent_token"] = (token[0] == 'x' ? "y" : "x") + token[1..] }, "1.68"),
            400, "Invalid or missing agent token received.");
        Expect.Error(await Api.PostAsync(path, new JsonObject { ["callback_url"] = "http://127.0.0.1:9", ["agent_version"] = "9", ["agent_token"] = token }, "1.68"),
            400, "TLS is required by configuration");
        var refused = await Api.GetNodeAsync(uuid);
        Assert.That(Expect.Str(refused, "provision_state"), Is.EqualTo("wait call-back"), "a refused heartbeat moves nothing");

        // Nobody listens there: the deploy goes on and fails, but the heartbeat itself is taken and its CA saved.
        Expect.Empty(await Api.PostAsync(path, new JsonObject
        {
            ["callback_url"] = "https://127.0.0.1:9", ["agent_version"] = "9", ["agent_token"] = token, ["agent_verify_ca"] = "PEM of the agent",
        }, "1.68"), 202);
        Assert.That(File.ReadAllText(Path.Combine(_certificates, $"{uuid}.crt")), Is.EqualTo("PEM of the agent"));
        var failed = await Api.WaitForNodeAsync(uuid, n => Expect.Str(n, "provision_state") == "deploy failed", "provision_state \"deploy failed\"");
        Assert.That(Expect.Str(failed, "last_error"), Does.StartWith("Failed to load in-band deploy steps: Connection to agent failed:"));
    }
}
