using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// GET /v1/lookup and POST /v1/heartbeat/{node} against the real server: their microversion gates, Ironic's 400s and
/// 404s, the restricted node view and configuration, the token handed out once, and a heartbeat that moves a node on
/// (here to an agent that is not there, so the deploy fails with the reason). The nodes are fake-hardware ones with the
/// direct deploy (fake power and boot: no machine, no agent).
/// </summary>
[TestFixture]
public sealed class AgentApiTests : ServerFixture
{
    protected override IEnumerable<string>? ServerArguments =>
    [
        "--Ironic:Gateway:RamdiskHeartbeatTimeout", "7",
        "--Ironic:Hardware:Agent:MaxCommandAttempts", "1",
    ];

    private Task<(string Uuid, string Mac)> WaitingNodeAsync() => AgentTestNodes.WaitingNodeAsync(Api);

    [Test]
    public async Task Lookup_needs_1_22_and_an_address_or_uuid_and_finds_only_nodes_that_expect_an_agent()
    {
        Expect.Error(await Api.GetAsync("/v1/lookup?addresses=52:54:00:00:00:01", "1.21"), 404, "Resource could not be found.");
        Expect.Error(await Api.GetAsync("/v1/lookup", "1.68"), 400, "At least one of 'addresses' and 'node_uuid' parameters is required");
        Expect.Error(await Api.GetAsync("/v1/lookup?addresses=not-a-mac", "1.68"), 400,
            "At least one of 'addresses' and 'node_uuid' parameters is required");
        Expect.Error(await Api.GetAsync("/v1/lookup?addresses=52:54:00:fe:fe:fe", "1.68"), 404, "Resource could not be found.");

        var available = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("agent-enroll"));
        Expect.Error(await Api.GetAsync($"/v1/lookup?node_uuid={available}", "1.68"), 404, "Resource could not be found.");
    }

    [Test]
    public async Task Lookup_answers_the_restricted_view_and_hands_the_token_out_once()
    {
        var (uuid, mac) = await WaitingNodeAsync();

        var first = await Api.GetAsync($"/v1/lookup?addresses=00:00:5e:00:53:01,{mac.ToUpperInvariant()}", "1.68");
        Expect.Status(first, 200);
        var body = first.Object;
        var token = body["config"]!["agent_token"]!.GetValue<string>();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Expect.Keys(body), Is.EqualTo(new[] { "node", "config" }));
            Assert.That(Expect.Keys(body["node"]!.AsObject()),
                Is.EqualTo(new[] { "uuid", "created_at", "updated_at", "properties", "instance_info", "driver_internal_info", "links" }));
            Assert.That(body["node"]!["uuid"]!.GetValue<string>(), Is.EqualTo(uuid));
            Assert.That(body["node"]!["driver_internal_info"]!["agent_secret_token"]!.GetValue<string>(), Is.EqualTo("******"));
            Assert.That(token, Does.Match("^[A-Za-z0-9_-]{43}$"));
            Assert.That(body["config"]!["heartbeat_timeout"]!.GetValue<int>(), Is.EqualTo(7));
            Assert.That(body["config"]!["agent_token_required"]!.GetValue<bool>(), Is.True);
            Assert.That(Expect.Keys(body["config"]!.AsObject()), Is.EquivalentTo(new[]
            {
                "metrics", "metrics_statsd", "heartbeat_timeout", "agent_token", "agent_token_required",
                "disable_deep_image_inspection", "permitted_image_formats", "enable_bios_bootloader_install",
            }));
        }

        var again = await Api.GetAsync($"/v1/lookup?node_uuid={uuid}", "1.68");
        Assert.That(again.Object["config"]!["agent_token"]!.GetValue<string>(), Is.EqualTo("******"));
        var node = await Api.GetNodeAsync(uuid);
        Assert.That(node["driver_internal_info"]!["agent_secret_token"]!.GetValue<string>(), Is.EqualTo("******"), "masked in the node too");
    }

    [Test]
    public async Task Heartbeat_bodies_are_checked_as_Ironic_checks_them()
    {
        var (uuid, _) = await WaitingNodeAsync();
        var token = (await Api.GetAsync($"/v1/lookup?node_uuid={uuid}", "1.68")).Object["config"]!["agent_token"]!.GetValue<string>();
        var path = $"/v1/heartbeat/{uuid}";

        Expect.Error(await Api.PostAsync(path, new JsonObject { ["callback_url"] = "http://127.0.0.1:9", ["agent_token"] = token }, "1.21"),
            404, "Resource could not be found.");
        Expect.Error(await Api.PostAsync(path, new JsonObject { ["agent_token"] = token }, "1.68"), 400, "Missing mandatory parameter: callback_url");
        Expect.Error(await Api.PostAsync(path, new JsonObject { ["callback_url"] = "http://127.0.0.1:9", ["agent_version"] = "9", ["agent_token"] = token }, "1.35"),
            400, "Field \"agent_version\" not recognised");
        Expect.Error(await Api.PostAsync(path, new JsonObject { ["callback_url"] = "http://127.0.0.1:9", ["agent_verify_ca"] = "x", ["agent_token"] = token }, "1.67"),
            400, "Field \"agent_verify_ca\" not recognised in this version");
        Expect.Error(await Api.PostAsync(path, new JsonObject { ["callback_url"] = "http://127.0.0.1:9", ["agent_status"] = "end", ["agent_token"] = token }, "1.71"),
            400, "Fields \"agent_status\" and \"agent_status_message\" not recognised.");
        Expect.Error(await Api.PostAsync(path, new JsonObject { ["callback_url"] = "ftp://127.0.0.1:9", ["agent_token"] = token }, "1.68"),
            400, "An issue with the supplied \"callback_url\" has been detected.");
        Expect.Error(await Api.PostAsync(path, new JsonObject { ["callback_url"] = "http://127.0.0.1:9", ["agent_version"] = "9" }, "1.68"),
            400, "Agent token is required for heartbeat processing.");
        Expect.Error(await Api.PostAsync(path, new JsonObject { ["callback_url"] = "http://127.0.0.1:9", ["agent_version"] = "9", ["agent_token"] = (token[0] == 'x' ? "y" : "x") + token[1..] }, "1.68"),
            400, "Invalid or missing agent token received.");
        Expect.Error(await Api.PostAsync("/v1/heartbeat/no-such-node", new JsonObject { ["callback_url"] = "http://127.0.0.1:9", ["agent_token"] = token }, "1.68"),
            404, "Node no-such-node could not be found.");

        var node = await Api.GetNodeAsync(uuid);
        Assert.That(Expect.Str(node, "provision_state"), Is.EqualTo("wait call-back"), "refused heartbeats change nothing");
        Assert.That(node["driver_internal_info"]!.AsObject().ContainsKey("agent_url"), Is.False);
    }

    [Test]
    public async Task A_heartbeat_is_accepted_at_once_and_moves_the_deploy_on()
    {
        var (uuid, _) = await WaitingNodeAsync();
        var token = (await Api.GetAsync($"/v1/lookup?node_uuid={uuid}", "1.68")).Object["config"]!["agent_token"]!.GetValue<string>();

        // Nothing listens at this callback URL: writing the image cannot even start, and the deploy fails with why.
        var accepted = await Api.PostAsync($"/v1/heartbeat/{uuid}",
            new JsonObject { ["callback_url"] = "http://127.0.0.1:9", ["agent_version"] = "9.4.1", ["agent_token"] = token }, "1.68");
        Expect.Empty(accepted, 202);

        var failed = await Api.WaitForNodeAsync(uuid, n => Expect.Str(n, "provision_state") == "deploy failed", "provision_state \"deploy failed\"");
        Assert.That(Expect.Str(failed, "last_error"), Is.EqualTo($"Failed to load in-band deploy steps: Connection to agent failed: Failed to connect to the agent " +
            $"running on node {uuid} for invoking command deploy.get_deploy_steps. Error: Connection refused (127.0.0.1:9)"));
        var dii = failed["driver_internal_info"]!.AsObject();
        Assert.That(dii.ContainsKey("agent_url") || dii.ContainsKey("agent_secret_token"), Is.False, "a failed deploy leaves no agent behind");
    }
}
