using Ironic.Actors.Protocol.Nodes;
using System.Text.Json.Nodes;
using Ironic.Actors.Conductor.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Cmd.Tests;

/// <summary>
/// The tool's commands, run in process (<see cref="CmdApp.RunAsync"/>), against the real server process: its management
/// endpoint on a free loopback port, one node created through the Ironic API.
/// </summary>
[FixtureLifeCycle(LifeCycle.SingleInstance)]
public class ClusterCommandsEndToEndTests
{
    private const string ConductorHost = "cmd-e2e-host";
    private const string NodeName = "cmd-node-1";

    private ServerProcess _server = null!;
    private string _nodeUuid = null!;

    [OneTimeSetUp]
    public async Task StartServerAndCreateANode()
    {
        // Node entities stay awake (no idle sleep), so region-stats counts the node.
        _server = new ServerProcess(ConductorHost, ["--Ironic:Conductor:NodeIdleTimeout", "0"]);
        try
        {
            await _server.StartAsync();
            using var api = new IronicClient(_server.BaseAddress);
            var created = await api.PostAsync("v1/nodes", new { driver = "fake-hardware", name = NodeName });
            Assert.That(created.StatusCode, Is.EqualTo(201), created.Body);
            _nodeUuid = created.Json!["uuid"]!.GetValue<string>();
        }
        catch
        {
            TestContext.Out.WriteLine(_server.LogTail());
            await _server.DisposeAsync();
            throw;
        }
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private Task<(int Code, string Stdout, string Stderr)> Cmd(string line) =>
        CmdLineTests.Run($"{line} --address 127.0.0.1:{_server.ManagementPort}");

    private async Task<JsonNode> CmdJson(string line)
    {
        var (code, stdout, stderr) = await Cmd(line + " --json");
        Assert.That(code, Is.EqualTo(CmdApp.Ok), stderr);
        return JsonNode.Parse(stdout)!;
    }

    [Test]
    public async Task Cluster_show_prints_the_member_with_its_conductor()
    {
        var (code, stdout, stderr) = await Cmd("cluster show");
        Assert.That((code, stderr), Is.EqualTo((CmdApp.Ok, "")));
        var lines = stdout.TrimEnd().Split(Environment.NewLine);
        Assert.That(lines, Has.Length.EqualTo(2), stdout);
        Assert.That(lines[0], Does.StartWith("ADDRESS").And.Contain("ROLES").And.Contain("LEADER").And.Contain("HOSTNAME").And.Contain("GROUP"));
        Assert.That(lines[1], Does.StartWith("akka.tcp://ironic@127.0.0.1:")
            .And.Contain("conductor,conductor-group-,gateway,hardware-type-fake-hardware").And.Contain(" Up ").And.Contain(" yes ").And.Contain(" * ").And.Contain(ConductorHost));
    }

    [Test]
    public async Task Cluster_show_json_has_the_members_shape()
    {
        var json = await CmdJson("cluster show");
        var member = json["members"]!.AsArray().Single()!;
        Assert.That(member["address"]!.GetValue<string>(), Does.StartWith("akka.tcp://ironic@127.0.0.1:"));
        Assert.That(member["roles"]!.AsArray().Select(r => r!.GetValue<string>()), Is.SupersetOf(new[] { "conductor", "gateway", "conductor-group-", "hardware-type-fake-hardware" })
            .And.All.Matches<string>(r => r is "conductor" or "gateway" or "conductor-group-" || r.StartsWith("hardware-type-", StringComparison.Ordinal)),
            "the roles, with the conductor's group (the default: \"\") and enabled hardware types, which place node shards");
        Assert.That(member["status"]!.GetValue<string>(), Is.EqualTo("Up"));
        Assert.That(member["reachable"]!.GetValue<bool>(), Is.True);
        Assert.That(member["leader"]!.GetValue<bool>(), Is.True);
        Assert.That(member["hostname"]!.GetValue<string>(), Is.EqualTo(ConductorHost));
        Assert.That(member["conductor_group"]!.GetValue<string>(), Is.EqualTo(""));
        Assert.That(json["self"]!.GetValue<string>(), Is.EqualTo(member["address"]!.GetValue<string>()));
    }

    [Test]
    public async Task Node_locate_by_name_gives_the_node_its_shard_and_member()
    {
        var self = (await CmdJson("cluster show"))["self"]!.GetValue<string>();
        var location = await CmdJson($"node locate {NodeName}");
        Assert.That(location.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "node", "shard", "member" }));
        Assert.That(location["node"]!.GetValue<string>(), Is.EqualTo(_nodeUuid));
        Assert.That(location["shard"]!.GetValue<string>(), Is.EqualTo(new NodeMessageExtractor(100).ShardOf(Guid.Parse(_nodeUuid), NodePlacement.Of("", "fake-hardware"))));
        Assert.That(location["member"]!.GetValue<string>(), Is.EqualTo(self));

        var (code, stdout, _) = await Cmd($"node locate {_nodeUuid}");
        Assert.That(code, Is.EqualTo(CmdApp.Ok));
        Assert.That(stdout, Does.Contain(_nodeUuid).And.Contain(self));
    }

    [Test]
    public async Task Region_stats_count_the_awake_node_in_its_shard()
    {
        var shard = new NodeMessageExtractor(100).ShardOf(Guid.Parse(_nodeUuid), NodePlacement.Of("", "fake-hardware"));
        var stats = await CmdJson("cluster-sharding region-stats");
        var member = stats["members"]!.AsArray().Single()!;
        Assert.That(member["shards"]![shard]!.GetValue<int>(), Is.EqualTo(1), stats.ToJsonString());
        Assert.That(stats["total_entities"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(stats["total_shards"]!.GetValue<int>(), Is.EqualTo(member["shard_count"]!.GetValue<int>()).And.GreaterThanOrEqualTo(1));

        var (code, stdout, _) = await Cmd("cluster-sharding region-stats");
        Assert.That(code, Is.EqualTo(CmdApp.Ok));
        var lines = stdout.TrimEnd().Split(Environment.NewLine);
        Assert.That(lines[0], Does.Match(@"^MEMBER\s+SHARDS\s+ENTITIES$"));
        Assert.That(lines[1], Does.Match(@"^akka\.tcp://ironic@127\.0\.0\.1:\d+\s+\d+\s+1$"));
        Assert.That(lines[^1], Does.Match(@"^TOTAL\s+\d+\s+1$"));
    }

    [Test]
    public async Task Regions_name_the_member_hosting_the_node_region()
    {
        var self = (await CmdJson("cluster show"))["self"]!.GetValue<string>();
        var (code, stdout, _) = await Cmd("cluster-sharding regions");
        Assert.That(code, Is.EqualTo(CmdApp.Ok));
        Assert.That(stdout.TrimEnd().Split(Environment.NewLine)[1], Does.Match(@"^nodes\s+" + System.Text.RegularExpressions.Regex.Escape(self) + "$"));
    }

    [Test]
    public async Task Leaving_an_address_that_is_no_member_fails_with_exit_1()
    {
        var (code, stdout, stderr) = await Cmd("cluster leave akka.tcp://ironic@192.0.2.1:4053");
        Assert.That((code, stdout), Is.EqualTo((CmdApp.Failed, "")));
        Assert.That(stderr, Does.Contain("not a member"));

        (code, _, stderr) = await Cmd("cluster down akka.tcp://ironic@192.0.2.1:4053");
        Assert.That(code, Is.EqualTo(CmdApp.Failed));
        Assert.That(stderr, Does.Contain("not a member"));
    }

    [Test]
    public async Task Locating_an_unknown_node_fails_with_exit_1()
    {
        var (code, _, stderr) = await Cmd("node locate no-such-node");
        Assert.That(code, Is.EqualTo(CmdApp.Failed));
        Assert.That(stderr, Does.Contain("no-such-node could not be found"));
    }

    [Test]
    public async Task The_api_port_and_the_management_port_keep_to_their_own_routes()
    {
        using var http = new HttpClient();
        var management = $"http://127.0.0.1:{_server.ManagementPort}";
        Assert.That((int)(await http.GetAsync($"{_server.BaseUrl}/cluster/members")).StatusCode, Is.EqualTo(404));
        // Not even when the Host header names the management port.
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, $"{_server.BaseUrl}/cluster/members");
        spoofed.Headers.Host = $"127.0.0.1:{_server.ManagementPort}";
        Assert.That((int)(await http.SendAsync(spoofed)).StatusCode, Is.EqualTo(404));
        Assert.That((int)(await http.GetAsync($"{management}/v1/nodes")).StatusCode, Is.EqualTo(404));
        Assert.That((int)(await http.GetAsync($"{management}/")).StatusCode, Is.EqualTo(404));
        Assert.That((int)(await http.GetAsync($"{management}/cluster/members")).StatusCode, Is.EqualTo(200));
    }
}
