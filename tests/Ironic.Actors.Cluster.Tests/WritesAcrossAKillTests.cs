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
        var ids = await PrepareAsync(api);
        var (victim, holds, spread) = await BusiestConductorAsync(api, ids);
        Report($"nodes by conductor: {spread}; killing {victim.Name} ({holds} nodes)");
        await KillAndWriteAsync(api, ids, victim);
    }

    /// <summary>
    /// The oldest conductor also holds the cluster's singletons (the registry of names and MACs among them): a create
    /// with a name, or a rename, sent as it dies needs the registry's new home (the surviving nodes' entities asked the
    /// dead one) as well as the node's.
    /// </summary>
    [Test]
    public async Task Creates_and_writes_sent_as_the_oldest_conductor_dies_are_answered_once_it_is_replaced()
    {
        await StartClusterAsync(new ClusterSpec { Conductors = 3, Gateways = 1 });
        var api = Cluster.Api();
        var ids = await PrepareAsync(api);
        Report($"killing conductor-1, the oldest");
        await KillAndWriteAsync(api, ids, Cluster.Conductor(1), creates: 10, rename: true);
    }

    /// <summary>Nodes with an empty <c>extra.writes</c> list, spread over every conductor.</summary>
    private async Task<IReadOnlyList<string>> PrepareAsync(IronicApi api)
    {
        var ids = await NodeSteps.CreateAsync(api, "write", NodeCount);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
        {
            var made = await Patch(api, id, "add", "/extra/writes", new JsonArray(), TimeSpan.FromSeconds(30));
            Assert.That(made.Status, Is.EqualTo(200), $"PATCH of {id} before the kill: {made}");
        });
        await WaitForSpreadAsync(api, ids, atLeast: 3, TimeSpan.FromSeconds(90));
        return ids;
    }

    /// <summary>
    /// Kills <paramref name="victim"/> and at once appends to every node's <c>extra.writes</c> (renaming it too with
    /// <paramref name="rename"/>), and creates <paramref name="creates"/> named nodes; every request must be answered in
    /// time and applied exactly once.
    /// </summary>
    private async Task KillAndWriteAsync(IronicApi api, IReadOnlyList<string> ids, MemberProcess victim, int creates = 0, bool rename = false)
    {
        var onVictim = (await api.ListNodesAsync("fields=uuid,conductor"))
            .Where(n => n["conductor"]?.GetValue<string>() == victim.Name).Select(n => n["uuid"]!.GetValue<string>()).ToHashSet();
        Cluster.Mark($"SIGKILL {victim.Name}");
        var sinceKill = Stopwatch.StartNew();
        await Cluster.KillAsync(victim);
        var answers = new ConcurrentDictionary<string, (ApiResponse Response, TimeSpan At)>();
        var names = Enumerable.Range(1, creates).Select(i => $"after-kill-{i}").ToList();
        // With the creates, as many chassis (a singleton of their own), named by their description.
        var chassis = Enumerable.Range(1, creates).Select(i => $"chassis-after-kill-{i}").ToList();
        await Parallel.ForEachAsync(ids.Concat(names).Concat(chassis), new ParallelOptions { MaxDegreeOfParallelism = ids.Count + 2 * creates }, async (target, _) =>
        {
            var response = target.StartsWith("chassis-", StringComparison.Ordinal)
                ? await api.SendAsync(HttpMethod.Post, "v1/chassis", new { description = target }, TimeSpan.FromSeconds(90))
                : target.StartsWith("after-kill-", StringComparison.Ordinal)
                ? await api.SendAsync(HttpMethod.Post, "v1/nodes", new { driver = "fake-hardware", name = target }, TimeSpan.FromSeconds(90))
                : await api.SendAsync(HttpMethod.Patch, $"v1/nodes/{target}", new JsonArray(
                    [Operation("add", "/extra/writes/-", "after the kill"), .. rename ? [Operation("replace", "/name", "renamed-" + target)] : Array.Empty<JsonNode>()]),
                    TimeSpan.FromSeconds(90));
            answers[target] = (response, sinceKill.Elapsed);
        });

        string Slowest(IEnumerable<string> requests) =>
            requests.Select(id => answers[id].At).DefaultIfEmpty().Max().TotalSeconds.ToString("0.0") + " s";
        Report($"kill → every write to {victim.Name}'s {onVictim.Count} nodes answered: {Slowest(onVictim)}; " +
               $"to the others' {ids.Count - onVictim.Count}: {Slowest(ids.Where(id => !onVictim.Contains(id)))}" +
               (creates > 0 ? $"; {creates} node creates: {Slowest(names)}; {creates} chassis creates: {Slowest(chassis)}" : ""));

        var applied = new ConcurrentDictionary<string, string>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
        {
            var read = await api.GetAsync($"v1/nodes/{id}?fields=name,extra", TimeSpan.FromSeconds(30));
            applied[id] = (read.Json?["extra"]?["writes"]?.ToJsonString() ?? read.ToString()) +
                          (rename && read.Json?["name"]?.GetValue<string>() != "renamed-" + id ? $" (name {read.Json?["name"]})" : "");
        });
        var listed = (await api.ListNodesAsync("fields=name")).Select(n => n["name"]?.GetValue<string>()).ToList();
        var chassisListed = ((await api.GetAsync("v1/chassis?fields=description&limit=1000", TimeSpan.FromSeconds(30))).Json?["chassis"]?.AsArray() ?? [])
            .Select(c => c?["description"]?.GetValue<string>()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(answers.Where(a => a.Value.Response.Status != (ids.Contains(a.Key) ? 200 : 201)).Select(a => $"{a.Key}: {a.Value.Response}"),
                Is.Empty, "requests not answered 200 (PATCH) or 201 (POST)");
            Assert.That(answers.Where(a => a.Value.At > MaxAnswered).Select(a => $"{a.Key}: {a.Value.At.TotalSeconds:0.0} s"), Is.Empty,
                $"requests answered later than {MaxAnswered.TotalSeconds:0} s after the kill");
            Assert.That(applied.Where(a => a.Value != "[\"after the kill\"]").Select(a => $"{a.Key}: {a.Value}"), Is.Empty,
                "each write applied exactly once");
            Assert.That(names.Select(n => (n, listed.Count(l => l == n))).Where(c => c.Item2 != 1).Select(c => $"{c.n}: listed {c.Item2} times"),
                Is.Empty, "each node created once");
            Assert.That(chassis.Select(n => (n, chassisListed.Count(l => l == n))).Where(c => c.Item2 != 1).Select(c => $"{c.n}: listed {c.Item2} times"),
                Is.Empty, "each chassis created once");
        });
    }

    private static Task<ApiResponse> Patch(IronicApi api, string id, string op, string path, JsonNode value, TimeSpan timeout) =>
        api.SendAsync(HttpMethod.Patch, $"v1/nodes/{id}", new JsonArray(Operation(op, path, value)), timeout);

    private static JsonObject Operation(string op, string path, JsonNode value) => new() { ["op"] = op, ["path"] = path, ["value"] = value };
}
