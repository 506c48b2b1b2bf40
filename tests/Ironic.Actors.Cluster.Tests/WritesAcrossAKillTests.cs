using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Ironic.Actors.Cluster.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Cluster.Tests;

/// <summary>
/// Writes sent in the instant a conductor is killed: the gateway still addresses the dead conductor's shards there, so
/// the messages are lost on the way. Each write must still be answered once the shards live again elsewhere (not after
/// the gateway's ask time-out), and applied exactly once.
/// </summary>
[TestFixture]
public sealed class WritesAcrossAKillTests : ClusterTestBase
{
    private const int NodeCount = 30;

    /// <summary>Failure detection (2.5 s) + stable-after (2 s) + removal margin (1 s), then the shard's new home; the goal is 12 s.</summary>
    private static readonly TimeSpan MaxAnswered = TimeSpan.FromSeconds(20);

    [Test]
    public async Task Writes_sent_as_a_conductor_dies_are_answered_when_its_nodes_live_again_and_applied_once()
    {
        await StartClusterAsync(new ClusterSpec { Conductors = 3, Gateways = 1 });
        var api = Cluster.Api();
        var ids = await NodeSteps.CreateAsync(api, "write", NodeCount);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
        {
            var made = await Patch(api, id, "add", "/extra/writes", new JsonArray(), TimeSpan.FromSeconds(30));
            Assert.That(made.Status, Is.EqualTo(200), $"PATCH of {id} before the kill: {made}");
        });
        await WaitForSpreadAsync(api, ids, atLeast: 3, TimeSpan.FromSeconds(90));
        var (victim, holds, spread) = await BusiestConductorAsync(api, ids);
        var onVictim = (await api.ListNodesAsync("fields=uuid,conductor"))
            .Where(n => n["conductor"]?.GetValue<string>() == victim.Name).Select(n => n["uuid"]!.GetValue<string>()).ToHashSet();
        Report($"nodes by conductor: {spread}; killing {victim.Name} ({holds} nodes)");

        Cluster.Mark($"SIGKILL {victim.Name}");
        var sinceKill = Stopwatch.StartNew();
        await Cluster.KillAsync(victim);
        var answers = new ConcurrentDictionary<string, (ApiResponse Response, TimeSpan At)>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = NodeCount }, async (id, _) =>
        {
            var response = await Patch(api, id, "add", "/extra/writes/-", "after the kill", TimeSpan.FromSeconds(90));
            answers[id] = (response, sinceKill.Elapsed);
        });

        string Slowest(IEnumerable<string> nodes) =>
            nodes.Select(id => answers[id].At).DefaultIfEmpty().Max().TotalSeconds.ToString("0.0") + " s";
        Report($"kill → every write to {victim.Name}'s {onVictim.Count} nodes answered: {Slowest(onVictim)}; " +
               $"to the others' {NodeCount - onVictim.Count}: {Slowest(ids.Where(id => !onVictim.Contains(id)))}");

        var applied = new ConcurrentDictionary<string, string>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
        {
            var read = await api.GetAsync($"v1/nodes/{id}?fields=extra", TimeSpan.FromSeconds(30));
            applied[id] = read.Json?["extra"]?["writes"]?.ToJsonString() ?? read.ToString();
        });
        Assert.Multiple(() =>
        {
            Assert.That(answers.Where(a => a.Value.Response.Status != 200).Select(a => $"{a.Key}: {a.Value.Response}"), Is.Empty,
                "writes not answered 200");
            Assert.That(answers.Where(a => a.Value.At > MaxAnswered).Select(a => $"{a.Key}: {a.Value.At.TotalSeconds:0.0} s"), Is.Empty,
                $"writes answered later than {MaxAnswered.TotalSeconds:0} s after the kill");
            Assert.That(applied.Where(a => a.Value != "[\"after the kill\"]").Select(a => $"{a.Key}: {a.Value}"), Is.Empty,
                "each write applied exactly once");
        });
    }

    private static Task<ApiResponse> Patch(IronicApi api, string id, string op, string path, JsonNode value, TimeSpan timeout) =>
        api.SendAsync(HttpMethod.Patch, $"v1/nodes/{id}", new JsonArray(new JsonObject { ["op"] = op, ["path"] = path, ["value"] = value }),
            timeout);
}
