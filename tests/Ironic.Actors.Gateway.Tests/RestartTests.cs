using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// The server is stopped (SIGTERM) or killed (SIGKILL) and started again on the same data directory: every
/// acknowledged write must come back, through GET of each node and through the lists.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RestartTests
{
    /// <summary>Fields that may legitimately differ across a restart (bumped by the conductor's own bookkeeping).</summary>
    private static readonly string[] Volatile = ["updated_at"];

    private ServerProcess _server = null!;
    private IronicClient? _client;

    private IronicClient Api => _client ?? throw new InvalidOperationException("The server was not started.");

    [SetUp]
    public async Task StartAsync()
    {
        _server = new ServerProcess();
        try
        {
            await _server.StartAsync();
            _client = new IronicClient(_server.BaseAddress);
            await ServerSmoke.CheckAsync(_server, needsList: true);
        }
        catch (Exception e) when (e is not AssertionException)
        {
            await TestContext.Progress.WriteLineAsync(_server.LogTail(400));
            throw;
        }
    }

    [TearDown]
    public async Task CleanUpAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
        {
            var lines = _server.Log.Split(Environment.NewLine);
            await TestContext.Out.WriteLineAsync($"---- server log ({lines.Length} lines, last 400 shown) ----");
            await TestContext.Out.WriteLineAsync(string.Join(Environment.NewLine, lines.Length > 400 ? lines[^400..] : lines));
        }

        _client?.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task Graceful_stop_and_start_keeps_every_node()
    {
        var nodes = await CreateNodesInSeveralStatesAsync("grace");
        var before = await SnapshotAsync(nodes.Keys);

        var exitCode = await _server.StopAsync();
        Assert.That(exitCode, Is.Zero, "exit code after SIGTERM (graceful shutdown)");
        await RestartAsync();

        await AssertSameAsync(before);
        await AssertNodesStillWorkAsync(nodes);
    }

    [Test]
    public async Task Hard_kill_loses_nothing_acknowledged()
    {
        var nodes = await CreateNodesInSeveralStatesAsync("crash");
        // A burst of acknowledged writes immediately before the crash: nothing gets time to be flushed lazily.
        var burst = new List<Task<IronicResponse>>();
        for (var i = 0; i < 8; i++)
        {
            burst.Add(Api.PostAsync("/v1/nodes", new JsonObject
            {
                ["driver"] = "fake-hardware", ["name"] = NodeSteps.UniqueName($"crash-burst{i}"), ["extra"] = new JsonObject { ["burst"] = i },
            }));
        }

        var created = await Task.WhenAll(burst);
        foreach (var response in created)
        {
            Expect.Status(response, 201);
            nodes[Expect.Str(response.Object, "uuid")!] = "enroll";
        }

        var lastUuid = nodes.First(n => n.Value == "enroll").Key;
        Expect.Status(await Api.PatchAsync($"/v1/nodes/{lastUuid}", """[{"op": "add", "path": "/extra/last", "value": "before-kill"}]"""), 200);
        var before = await SnapshotAsync(nodes.Keys);

        await _server.KillAsync();
        await RestartAsync();

        await AssertSameAsync(before);
        Expect.JsonEqual((await Api.GetNodeAsync(lastUuid))["extra"]?["last"], JsonValue.Create("before-kill"), "the last PATCH before the crash");
        await AssertNodesStillWorkAsync(nodes);
    }

    [Test]
    public async Task Deleted_node_stays_deleted_after_restart()
    {
        var name = NodeSteps.UniqueName("gone");
        var uuid = await Api.CreateFakeNodeAsync(name);
        Expect.Empty(await Api.DeleteAsync($"/v1/nodes/{uuid}"), 204);

        await _server.KillAsync();
        await RestartAsync();

        Expect.Error(await Api.GetAsync($"/v1/nodes/{uuid}"), 404, $"Node {uuid} could not be found.");
        var (items, _) = await Api.ListAsync("/v1/nodes");
        Assert.That(items.Select(n => Expect.Str(n, "uuid")), Does.Not.Contain(uuid));
        // The name is free again.
        var reused = await Api.CreateFakeNodeAsync(name);
        Assert.That(reused, Is.Not.EqualTo(uuid));
    }

    /// <summary>Nodes in enroll, manageable, available (powered on, in maintenance) and active; uuid → state.</summary>
    private async Task<Dictionary<string, string>> CreateNodesInSeveralStatesAsync(string prefix)
    {
        var nodes = new Dictionary<string, string>();
        string[] states = ["enroll", "manageable", "available", "active", "enroll"];
        for (var i = 0; i < states.Length; i++)
        {
            var uuid = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName($"{prefix}{i}"), new JsonObject { ["state"] = states[i], ["n"] = i });
            await Api.MoveFromEnrollAsync(uuid, states[i]);
            nodes[uuid] = states[i];
        }

        var available = nodes.First(n => n.Value == "available").Key;
        await Api.PowerAsync(available, "power on");
        await Api.WaitForPowerStateAsync(available, "power on");
        Expect.Empty(await Api.PutAsync($"/v1/nodes/{available}/maintenance", """{"reason": "kept across restarts"}"""), 202);

        var patched = nodes.Last(n => n.Value == "enroll").Key;
        Expect.Status(await Api.PatchAsync($"/v1/nodes/{patched}",
            """[{"op": "add", "path": "/driver_info/ipmi_address", "value": "10.1.2.3"}, {"op": "add", "path": "/description", "value": "patched"}]"""), 200);
        return nodes;
    }

    private async Task<Dictionary<string, JsonObject>> SnapshotAsync(IEnumerable<string> uuids)
    {
        var snapshot = new Dictionary<string, JsonObject>();
        foreach (var uuid in uuids)
            snapshot[uuid] = await Api.GetNodeAsync(uuid);
        return snapshot;
    }

    [Test]
    public async Task Start_reads_the_newest_nodes_through_the_api_before_any_client_asks()
    {
        for (var i = 0; i < 3; i++)
            await Api.CreateFakeNodeAsync(NodeSteps.UniqueName($"warm{i}"));
        Assert.That(await _server.StopAsync(), Is.Zero);
        var mark = _server.LogMark;
        await RestartAsync();

        // The API holds clients' requests until the warm-up is done, which logs as it ends (the console logger writes a
        // moment later): once this read is answered, the line comes. It read all three nodes over HTTP (200 each time),
        // and the list pages (detailed, gzipped and not, sorted, plain).
        Expect.Status(await Api.GetAsync("/v1/nodes?limit=1"), 200);
        var line = new System.Text.RegularExpressions.Regex(
            @"Warm-up: read 3 of 3 nodes and 4 of 4 list pages through HTTP to 127\.0\.0\.1:\d+ \(\d+ rounds\)");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!line.IsMatch(_server.LogSince(mark)))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "no warm-up line in the log:\n" + _server.LogTail(60));
            await Task.Delay(20);
        }
    }

    [Test]
    public async Task Allocations_survive_a_restart()
    {
        var rc = NodeSteps.UniqueName("rc");
        var node = Expect.Str(await Api.CreateNodeAsync(new JsonObject
            { ["driver"] = "fake-hardware", ["name"] = NodeSteps.UniqueName("alloc"), ["resource_class"] = rc }), "uuid")!;
        await Api.MoveFromEnrollAsync(node, "available");
        await Api.PowerAsync(node, "power on");
        await Api.WaitForPowerStateAsync(node, "power on");
        var created = await Api.PostAsync("/v1/allocations", new JsonObject { ["resource_class"] = rc, ["name"] = "kept" });
        Expect.Status(created, 201);
        var uuid = Expect.Str(created.Object, "uuid")!;
        JsonObject before;
        do
        {
            before = (await Api.GetAsync($"/v1/allocations/{uuid}")).Object;
        } while (Expect.Str(before, "state") == "allocating");
        Assert.That(Expect.Str(before, "node_uuid"), Is.EqualTo(node));

        Assert.That(await _server.StopAsync(), Is.Zero);
        await RestartAsync();

        var after = await Api.GetAsync("/v1/allocations/kept");
        Expect.Status(after, 200);
        Assert.That(after.Object.ToJsonString(), Is.EqualTo(before.ToJsonString()));
        Assert.That(Expect.Str(await Api.GetNodeAsync(node), "allocation_uuid"), Is.EqualTo(uuid));
    }

    [Test]
    public async Task Bios_settings_survive_a_restart()
    {
        // A woken node starts from its read-model row: its cached BIOS settings are kept there with its ports.
        var node = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("bios"));
        await Api.MoveFromEnrollAsync(node, "manageable");
        Expect.Status(await Api.PutAsync($"/v1/nodes/{node}/states/provision", JsonNode.Parse("""
            {"target": "clean", "clean_steps": [{"interface": "bios", "step": "apply_configuration",
             "args": {"settings": [{"name": "BootMode", "value": "Uefi", "allowable_values": ["Bios", "Uefi"]}]}}]}
            """)), 202);
        await Api.WaitForNodeAsync(node, n => Expect.Str(n, "provision_state") == "manageable" && n["target_provision_state"] is null, "manageable");
        var before = (await Api.GetAsync($"/v1/nodes/{node}/bios?detail=True", "1.74")).Object;
        Assert.That(before["bios"]!.AsArray(), Has.Count.EqualTo(1));

        Assert.That(await _server.StopAsync(), Is.Zero);
        await RestartAsync();

        var after = await Api.GetAsync($"/v1/nodes/{node}/bios?detail=True", "1.74");
        Expect.Status(after, 200);
        Assert.That(after.Object.ToJsonString(), Is.EqualTo(before.ToJsonString().Replace(before["bios"]![0]!["links"]![0]!["href"]!.GetValue<string>()
            .Split("/v1/")[0], _server.BaseUrl)));
    }

    [Test]
    public async Task Deploy_templates_survive_a_restart()
    {
        var name = "CUSTOM_KEPT_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var created = await Api.PostAsync("/v1/deploy_templates", new JsonObject
        {
            ["name"] = name,
            ["steps"] = new JsonArray(new JsonObject { ["interface"] = "raid", ["step"] = "apply_configuration", ["args"] = new JsonObject(), ["priority"] = 0 }),
        });
        Expect.Status(created, 201);
        var uuid = Expect.Str(created.Object, "uuid")!;
        Expect.Status(await Api.PatchAsync($"/v1/deploy_templates/{uuid}", new JsonArray(
            new JsonObject { ["op"] = "add", ["path"] = "/extra/k", ["value"] = "v" })), 200);
        var gone = Expect.Str((await Api.PostAsync("/v1/deploy_templates", new JsonObject
        {
            ["name"] = name + "_GONE",
            ["steps"] = new JsonArray(new JsonObject { ["interface"] = "bios", ["step"] = "x", ["args"] = new JsonObject(), ["priority"] = 1 }),
        })).Object, "uuid")!;
        Expect.Empty(await Api.DeleteAsync($"/v1/deploy_templates/{gone}"), 204);
        var before = (await Api.GetAsync($"/v1/deploy_templates/{uuid}")).Object;

        Assert.That(await _server.StopAsync(), Is.Zero);
        await RestartAsync();

        var after = await Api.GetAsync($"/v1/deploy_templates/{name}");
        Expect.Status(after, 200);
        Assert.That(after.Object.ToJsonString(), Is.EqualTo(before.ToJsonString()));
        Expect.Error(await Api.GetAsync($"/v1/deploy_templates/{gone}"), 404, $"Deploy template {gone} could not be found.");
        Expect.Error(await Api.PostAsync("/v1/deploy_templates", new JsonObject
        {
            ["name"] = name,
            ["steps"] = new JsonArray(new JsonObject { ["interface"] = "bios", ["step"] = "x", ["args"] = new JsonObject(), ["priority"] = 1 }),
        }), 409, $"A deploy template with name {name} already exists.");
    }

    [Test]
    public async Task Volume_connectors_and_targets_survive_a_hard_kill()
    {
        var node = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("vol"));
        Expect.Status(await Api.PowerAsync(node, "power off"), 202);
        await Api.WaitForPowerStateAsync(node, "power off");
        var iqn = "iqn.kept." + Guid.NewGuid().ToString("N")[..8];
        var connector = await Api.PostAsync("/v1/volume/connectors", new JsonObject { ["node_uuid"] = node, ["type"] = "iqn", ["connector_id"] = iqn });
        Expect.Status(connector, 201);
        var target = await Api.PostAsync("/v1/volume/targets", new JsonObject
            { ["node_uuid"] = node, ["volume_type"] = "iscsi", ["boot_index"] = 0, ["volume_id"] = "v0" });
        Expect.Status(target, 201);
        var connectorId = Expect.Str(connector.Object, "uuid")!;
        var targetId = Expect.Str(target.Object, "uuid")!;
        Expect.Status(await Api.PatchAsync($"/v1/volume/targets/{targetId}", new JsonArray(
            new JsonObject { ["op"] = "add", ["path"] = "/extra/k", ["value"] = "v" })), 200);
        var before = (await Api.GetAsync($"/v1/volume/targets/{targetId}")).Object;

        await _server.KillAsync();
        await RestartAsync();

        var after = await Api.GetAsync($"/v1/volume/targets/{targetId}");
        Expect.Status(after, 200);
        Assert.That(after.Object.ToJsonString(), Is.EqualTo(before.ToJsonString()));
        var (listed, _) = await Api.ListAsync($"/v1/volume/connectors?node={node}", "connectors");
        Assert.That(listed.Select(c => Expect.Str(c, "uuid")), Is.EqualTo(new[] { connectorId }));
        // The registry kept its claims: the same (type, connector_id) is still refused on another node.
        var other = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("vol2"));
        Expect.Error(await Api.PostAsync("/v1/volume/connectors", new JsonObject { ["node_uuid"] = other, ["type"] = "iqn", ["connector_id"] = iqn }),
            409, $"A volume connector with type iqn and connector ID {iqn} already exists.");
        Expect.Error(await Api.PostAsync("/v1/volume/targets", new JsonObject
            { ["node_uuid"] = node, ["volume_type"] = "iscsi", ["boot_index"] = 0, ["volume_id"] = "v1" }),
            409, "A volume target with boot index '0' for the same node already exists.");
    }

    private async Task RestartAsync()
    {
        _client?.Dispose();
        await _server.StartAsync();
        _client = new IronicClient(_server.BaseAddress);
    }

    /// <summary>Every node reads back as before (GET), and the lists show them with the same state, name and extra.</summary>
    private async Task AssertSameAsync(Dictionary<string, JsonObject> before)
    {
        var (detail, _) = await Api.ListAsync("/v1/nodes/detail");
        var listed = detail.OfType<JsonObject>().ToDictionary(n => Expect.Str(n, "uuid")!);
        using (Assert.EnterMultipleScope())
        {
            foreach (var (uuid, old) in before)
            {
                var response = await Api.GetAsync($"/v1/nodes/{uuid}");
                Expect.Status(response, 200);
                if (response.StatusCode != 200)
                    continue;
                Expect.JsonEqual(Expect.Without(response.Object, Volatile), Expect.Without(old, Volatile), $"node {uuid} after restart (GET)");

                Assert.That(listed.ContainsKey(uuid), Is.True, $"node {uuid} missing from /v1/nodes/detail after restart");
                if (listed.TryGetValue(uuid, out var inList))
                {
                    foreach (var field in new[] { "name", "provision_state", "power_state", "maintenance", "maintenance_reason", "extra", "driver_info", "description" })
                        Expect.JsonEqual(inList[field], old[field], $"node {uuid} field {field} in the detail list after restart");
                }
            }
        }

        foreach (var state in before.Values.Select(n => Expect.Str(n, "provision_state")!).Distinct())
        {
            var (filtered, _) = await Api.ListAsync($"/v1/nodes?provision_state={Uri.EscapeDataString(state)}");
            var expected = before.Where(n => Expect.Str(n.Value, "provision_state") == state).Select(n => n.Key);
            Assert.That(filtered.Select(n => Expect.Str(n, "uuid")), Is.SupersetOf(expected), $"?provision_state={state} after restart");
        }
    }

    /// <summary>Recovered nodes still accept commands: move each one step further.</summary>
    private async Task AssertNodesStillWorkAsync(Dictionary<string, string> nodes)
    {
        var enroll = nodes.First(n => n.Value == "enroll").Key;
        await Api.ProvisionAsync(enroll, "manage");
        await Api.WaitForProvisionStateAsync(enroll, "manageable");

        var active = nodes.First(n => n.Value == "active").Key;
        await Api.ProvisionAsync(active, "deleted");
        await Api.WaitForProvisionStateAsync(active, "available");

        var created = await Api.CreateFakeNodeAsync(NodeSteps.UniqueName("after-restart"));
        var (items, _) = await Api.ListAsync("/v1/nodes");
        Assert.That(items.Select(n => Expect.Str(n, "uuid")), Does.Contain(created));
    }
}
