using System.Collections.Concurrent;
using System.Diagnostics;
using Ironic.Actors.Cluster.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Cluster.Tests;

/// <summary>Scenario c: a conductor leaves gracefully (SIGTERM) while clients read and write nodes, then comes back.</summary>
[TestFixture]
public sealed class GracefulLeaveTests : ClusterTestBase
{
    private const int NodeCount = 60;
    private const int Readers = 8;
    private const int Writers = 2;

    /// <summary>Reads after the leaver is gone from the gateway's conductor list, so the hand-off's aftermath is read too.</summary>
    private const int ReadsAfterLeave = 400;

    private static readonly TimeSpan SlowRead = TimeSpan.FromSeconds(2);

    [Test]
    public async Task Reads_and_writes_do_not_fail_while_a_conductor_leaves_and_it_rejoins_when_restarted()
    {
        await StartClusterAsync(new ClusterSpec { Conductors = 3, Gateways = 1 });
        var api = Cluster.Api();
        var ids = await NodeSteps.CreateAsync(api, "leave", NodeCount);
        await NodeSteps.WalkAsync(api, ids, "manage", "manageable", TimeSpan.FromSeconds(90));
        await NodeSteps.WalkAsync(api, ids, "provide", "available", TimeSpan.FromSeconds(90));
        var (leaver, holds, spread) = await BusiestConductorAsync(api, ids);
        Report($"nodes by conductor: {spread}; {leaver.Name} ({holds} nodes) will leave");

        // Readers: each picks a random node and reads it, alternating GET /v1/nodes/{id} (a node at rest: its row in
        // the read model) and GET /v1/nodes/{id}/states (always asked of the node's entity, so its shard must be served).
        var reads = new ConcurrentBag<Read>();
        using var stopClients = new CancellationTokenSource();
        var clients = Enumerable.Range(0, Readers).Select(r => Task.Run(async () =>
        {
            var random = new Random(r);
            for (var i = 0; !stopClients.IsCancellationRequested; i++)
            {
                var id = ids[random.Next(ids.Count)];
                var path = i % 2 == 0 ? $"v1/nodes/{id}" : $"v1/nodes/{id}/states";
                var response = await api.GetAsync(path, TimeSpan.FromSeconds(40));
                reads.Add(new Read(path.EndsWith("/states", StringComparison.Ordinal) ? "states" : "node", response.Status, response.Elapsed,
                    response.Status == 200 ? null : $"{path}: {response}"));
            }
        })).ToList();
        // Writers: each PATCHes random nodes with a key of its own, so that every answered write can be found afterwards.
        var written = new ConcurrentBag<(string Node, string Key)>();
        clients.AddRange(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(100 + w);
            for (var i = 0; !stopClients.IsCancellationRequested; i++)
            {
                var id = ids[random.Next(ids.Count)];
                var key = $"leave-{w}-{i}";
                var response = await api.SendAsync(HttpMethod.Patch, $"v1/nodes/{id}",
                    new[] { new { op = "add", path = $"/extra/{key}", value = i } }, TimeSpan.FromSeconds(40));
                reads.Add(new Read("write", response.Status, response.Elapsed, response.Status == 200 ? null : $"PATCH {id} {key}: {response}"));
                if (response.Status == 200)
                    written.Add((id, key));
            }
        })));

        await Poll.UntilAsync("every reader has read", TimeSpan.FromSeconds(30), () => Task.FromResult(reads.Count >= 4 * Readers));
        Cluster.Mark($"SIGTERM {leaver.Name}");
        var leave = Stopwatch.StartNew();
        await Cluster.StopAsync(leaver, TimeSpan.FromSeconds(90));
        var exited = leave.Elapsed;
        await Poll.UntilAsync($"the gateway no longer lists {leaver.Name} alive", TimeSpan.FromSeconds(30), async () =>
            await api.ConductorsAsync() is { } listed && !listed.GetValueOrDefault(leaver.Name));
        var readsAtGone = reads.Count;
        await Poll.UntilAsync($"{ReadsAfterLeave} more reads", TimeSpan.FromSeconds(60), () => Task.FromResult(reads.Count >= readsAtGone + ReadsAfterLeave));
        await stopClients.CancelAsync();
        await Task.WhenAll(clients);

        var all = reads.ToList();
        var failed = all.Where(r => r.Status != 200).ToList();
        Report($"SIGTERM → {leaver.Name} exited in {exited.TotalSeconds:0.0} s; gone from /v1/conductors after {leave.Elapsed.TotalSeconds:0.0} s");
        foreach (var kind in new[] { "node", "states", "write" })
        {
            var ofKind = all.Where(r => r.Kind == kind).ToList();
            var what = kind switch { "node" => "reads of GET /v1/nodes/{id}", "states" => "reads of GET /v1/nodes/{id}/states", _ => "writes (PATCH)" };
            Report($"{what}: {ofKind.Count}, failed (non-200): " +
                   $"{ofKind.Count(r => r.Status != 200)}, slower than {SlowRead.TotalSeconds:0} s: {ofKind.Count(r => r.Latency > SlowRead)}, " +
                   $"max latency {ofKind.Max(r => r.Latency).TotalMilliseconds:0} ms");
        }
        foreach (var read in failed.Take(10))
            Report($"  failed: {read.Failure}");

        Assert.That(failed.Select(r => r.Failure), Is.Empty, "failed reads and writes while a conductor left");
        var extras = new ConcurrentDictionary<string, System.Text.Json.Nodes.JsonNode?>();
        await Parallel.ForEachAsync(written.Select(w => w.Node).Distinct(), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
            extras[id] = (await api.GetAsync($"v1/nodes/{id}?fields=extra", TimeSpan.FromSeconds(40))).Json?["extra"]);
        Assert.That(written.Where(w => extras.GetValueOrDefault(w.Node)?[w.Key] is null).Select(w => $"{w.Node}: {w.Key}"), Is.Empty,
            "answered writes missing from their nodes");

        // Back again: it rejoins, and every node still answers through the gateway.
        Cluster.Mark($"restart {leaver.Name}");
        var back = Stopwatch.StartNew();
        await Cluster.RestartAsync(leaver);
        Report($"{leaver.Name} restarted and listed alive by the gateway after {back.Elapsed.TotalSeconds:0.0} s");
        var notAnswering = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
        {
            foreach (var path in new[] { $"v1/nodes/{id}", $"v1/nodes/{id}/states" })
            {
                var response = await api.GetAsync(path, TimeSpan.FromSeconds(40));
                if (response.Status != 200)
                    notAnswering.Add($"{path}: {response}");
            }
        });
        var conductors = await api.ConductorsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(notAnswering, Is.Empty, "nodes not answering after the restart");
            Assert.That(conductors?.GetValueOrDefault(leaver.Name), Is.True, $"{leaver.Name} alive in /v1/conductors");
        });
    }

    private sealed record Read(string Kind, int Status, TimeSpan Latency, string? Failure);
}
