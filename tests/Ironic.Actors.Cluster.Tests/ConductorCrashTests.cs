using System.Collections.Concurrent;
using System.Diagnostics;
using Ironic.Actors.Cluster.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Cluster.Tests;

/// <summary>
/// Scenario b: <c>kill -9</c> of a conductor in the middle of a deploy wave. First only the lists are watched (they read
/// the read model and wake no node), so the dead conductor's deploying nodes must be resolved by the survivors on their
/// own (takeover); then every node is read.
/// </summary>
[TestFixture]
public sealed class ConductorCrashTests : ClusterTestBase
{
    private const int NodeCount = 60;

    /// <summary>
    /// The goals are every node answering within 10 s of the kill and the dead conductor's transitional nodes resolved
    /// within 15 s; with the default timings (failure detector 2.5 s + stable-after 2 s + removal margin 1 s) this box
    /// measures 9.6–10.3 s for both. The assertions leave room for a loaded CI machine; the report says whether the goal was met.
    /// </summary>
    private static readonly TimeSpan MaxAllAnswered = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan MaxResolvedUnread = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan TargetAllAnswered = TimeSpan.FromSeconds(10);

    /// <summary>Generous: past this a node still deploying counts as stuck.</summary>
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(180);

    [Test]
    public async Task A_conductor_killed_mid_deploy_leaves_every_node_active_or_deploy_failed_and_listed()
    {
        await StartClusterAsync(new ClusterSpec
        {
            Conductors = 3,
            Gateways = 1,
            ConductorEnvironment = new Dictionary<string, string> { ["Ironic__Hardware__FakeDelays__Deploy"] = "5" },
        });
        var api = Cluster.Api();
        var ids = await NodeSteps.CreateAsync(api, "crash", NodeCount);
        await NodeSteps.WalkAsync(api, ids, "manage", "manageable", TimeSpan.FromSeconds(90));
        await NodeSteps.WalkAsync(api, ids, "provide", "available", TimeSpan.FromSeconds(90));
        await WaitForSpreadAsync(api, ids, atLeast: 5, TimeSpan.FromSeconds(90));

        // The wave: deploy requested for every node (each takes 5 s), then one conductor dies ~1 s later.
        var refused = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
        {
            if (await NodeSteps.RequestAsync(api, id, "active", TimeSpan.FromSeconds(30)) is { } refusal)
                refused.Add($"{id}: {refusal}");
        });
        var sinceRequested = Stopwatch.StartNew();
        Assert.That(refused, Is.Empty, "deploy requests refused");
        var (victim, holds, spread) = await BusiestConductorAsync(api, ids);
        var onVictim = (await api.ListNodesAsync("fields=uuid,conductor"))
            .Where(n => n["conductor"]?.GetValue<string>() == victim.Name).Select(n => n["uuid"]!.GetValue<string>()).Order().ToList();
        // Half of the dead conductor's nodes are only watched in the lists (nothing wakes them but the takeover); the other
        // half, like every other node, is read at once (a read wakes a node with work in flight).
        var victimNodes = onVictim.Where((_, i) => i % 2 == 0).ToHashSet();
        Report($"deploy requested for {NodeCount} nodes; nodes by conductor: {spread}; killing {victim.Name} ({holds} nodes)");
        if (sinceRequested.Elapsed < TimeSpan.FromSeconds(1))
            await Task.Delay(TimeSpan.FromSeconds(1) - sinceRequested.Elapsed); // the fault's timing, not a wait for a condition

        Cluster.Mark($"SIGKILL {victim.Name}");
        var sinceKill = Stopwatch.StartNew();
        await Cluster.KillAsync(victim);

        // Takeover without being asked. The victim's nodes are only watched in the lists (the read model, which wakes no
        // node) until they rest, and only then read; every other node is read at once. Each node's first answer is timed.
        var answeredAt = new ConcurrentDictionary<string, TimeSpan>();
        TimeSpan? resolvedUnread = null;
        var watcher = Task.Run(async () =>
        {
            while (sinceKill.Elapsed < ResolveTimeout)
            {
                var rows = (await api.ListNodesAsync("fields=uuid,provision_state,target_provision_state,last_error"))
                    .ToDictionary(n => n["uuid"]!.GetValue<string>(), n => n);
                if (victimNodes.All(id => rows.TryGetValue(id, out var n) && AtRest(n)))
                {
                    resolvedUnread = sinceKill.Elapsed;
                    return;
                }
                await Task.Delay(100);
            }
        });
        await Parallel.ForEachAsync(ids.Where(id => !victimNodes.Contains(id)), new ParallelOptions { MaxDegreeOfParallelism = NodeCount },
            async (id, _) =>
            {
                while (sinceKill.Elapsed < ResolveTimeout)
                {
                    if ((await api.GetStateAsync(id, TimeSpan.FromSeconds(3))).State is not null)
                    {
                        answeredAt.TryAdd(id, sinceKill.Elapsed);
                        return;
                    }
                    await Task.Delay(100);
                }
            });
        await watcher;
        Report($"kill → {victimNodes.Count} of the dead conductor's {onVictim.Count} nodes rest in the lists, none of them read: {Seconds(resolvedUnread)} " +
               $"(goal 15 s)");
        // Answering is timed over the nodes read from the start (the watched ones are read once they rest, below).
        var readAtOnce = ids.Where(id => !victimNodes.Contains(id)).ToList();
        var firstAnswers = readAtOnce.All(answeredAt.ContainsKey) ? readAtOnce.Max(id => answeredAt[id]) : (TimeSpan?)null;
        Report($"kill → every node read at once answered a GET: {Seconds(firstAnswers)} (goal {TargetAllAnswered.TotalSeconds:0} s: " +
               $"{(firstAnswers <= TargetAllAnswered ? "met" : "not met")}; " +
               $"{readAtOnce.Count(id => answeredAt.TryGetValue(id, out var t) && t <= TimeSpan.FromSeconds(1))} of {readAtOnce.Count} within 1 s)");

        // Every node is read until it answers and then until it rests; each node's first answer and rest are timed.
        var outcomes = new ConcurrentDictionary<string, Outcome>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = NodeCount }, async (id, _) =>
        {
            TimeSpan? answered = null;
            NodeState? state = null;
            ApiResponse? lastResponse = null;
            while (sinceKill.Elapsed < ResolveTimeout)
            {
                (var seen, lastResponse) = await api.GetStateAsync(id, TimeSpan.FromSeconds(3));
                if (seen is not null)
                {
                    answered ??= sinceKill.Elapsed;
                    state = seen;
                    if (seen.AtRest)
                    {
                        outcomes[id] = new Outcome(answered, sinceKill.Elapsed, state, lastResponse);
                        return;
                    }
                }
                await Task.Delay(250);
            }
            outcomes[id] = new Outcome(answered, null, state, lastResponse);
        });

        var unanswered = outcomes.Where(o => o.Value.Answered is null).ToList();
        var unresolved = outcomes.Where(o => o.Value.Resolved is null).ToList();
        var allAnswered = unanswered.Count == 0 ? outcomes.Values.Max(o => o.Answered!.Value) : (TimeSpan?)null;
        var allResolved = unresolved.Count == 0 ? outcomes.Values.Max(o => o.Resolved!.Value) : (TimeSpan?)null;
        var final = outcomes.ToDictionary(o => o.Key, o => o.Value.State);
        var failed = final.Values.Count(s => s?.ProvisionState == "deploy failed");
        var states = string.Join(", ", final.Values.GroupBy(s => s?.ProvisionState ?? "(no answer)").Select(g => $"{g.Key}: {g.Count()}"));
        Report($"kill -9 {victim.Name}: kill → all {NodeCount} nodes answered a GET: {Seconds(allAnswered)} " +
               "(the watched ones are read only once they rest in the lists)");
        var answeredTimes = outcomes.Values.Where(o => o.Answered is not null).Select(o => o.Answered!.Value).Order().ToList();
        if (answeredTimes.Count > 0)
            Report($"nodes answering after the kill: within 1 s: {answeredTimes.Count(t => t <= TimeSpan.FromSeconds(1))}, within " +
                   $"{TargetAllAnswered.TotalSeconds:0} s: {answeredTimes.Count(t => t <= TargetAllAnswered)}, median {Seconds(answeredTimes[answeredTimes.Count / 2])}");
        Report($"kill → all nodes resolved: {Seconds(allResolved)}; final states: {states}; deploy failed: {failed} of {NodeCount} ({holds} were on {victim.Name})");
        foreach (var (id, outcome) in outcomes.Where(o => o.Value.Answered is null || o.Value.Resolved is null).Take(10))
            Report($"  {id}: answered {Seconds(outcome.Answered)}, resolved {Seconds(outcome.Resolved)}, state {outcome.State}, last response {outcome.LastResponse}");

        // A second live incarnation of a node would write events its first one also numbered: the journal's key on
        // (persistence id, sequence number) refuses the later write, and Akka logs the failure.
        var doubleWriters = Cluster.Conductors.SelectMany(c => c.ReadLog().Split('\n')
                .Where(l => l.Contains("Failed to persist event", StringComparison.Ordinal) || l.Contains("Rejected to persist event", StringComparison.Ordinal))
                .Select(l => $"{c.Name}: {l.Trim()}"))
            .ToList();
        Report($"journal writes refused (a node with two live incarnations): {doubleWriters.Count}");

        var listed = await api.ListNodesAsync("fields=uuid,provision_state,target_provision_state,last_error");
        var listedStates = listed.ToDictionary(n => n["uuid"]!.GetValue<string>(), n => n["provision_state"]?.GetValue<string>());
        Assert.Multiple(() =>
        {
            Assert.That(resolvedUnread, Is.Not.Null.And.LessThanOrEqualTo(MaxResolvedUnread), "kill → deploying nodes resolved without being read");
            Assert.That(firstAnswers, Is.Not.Null.And.LessThanOrEqualTo(MaxAllAnswered), "kill → every node answered");
            Assert.That(unanswered.Select(o => o.Key), Is.Empty, "nodes that never answered a GET after the kill");
            Assert.That(unresolved.Select(o => $"{o.Key}: {o.Value.State}"), Is.Empty, $"nodes still in flight {ResolveTimeout.TotalSeconds} s after the kill");
            Assert.That(final.Where(f => f.Value?.ProvisionState is not ("active" or "deploy failed")).Select(f => $"{f.Key}: {f.Value}"), Is.Empty,
                "nodes neither active nor deploy failed");
            Assert.That(final.Where(f => f.Value?.ProvisionState == "deploy failed" && string.IsNullOrEmpty(f.Value.LastError)).Select(f => f.Key), Is.Empty,
                "deploy failed without last_error");
            Assert.That(listedStates.Keys, Is.EquivalentTo(ids), "GET /v1/nodes lists every node");
            Assert.That(doubleWriters, Is.Empty, "no node written by two incarnations");
            Assert.That(ids.Where(id => listedStates.GetValueOrDefault(id) != final[id]?.ProvisionState)
                    .Select(id => $"{id}: list {listedStates.GetValueOrDefault(id)}, node {final[id]?.ProvisionState}"), Is.Empty,
                "the list shows each node's state");
        });
    }

    /// <summary>A listed node that rests (as <see cref="NodeState.AtRest"/> says of a read one).</summary>
    private static bool AtRest(System.Text.Json.Nodes.JsonObject listed) => new NodeState(
        listed["provision_state"]?.GetValue<string>(), listed["target_provision_state"]?.GetValue<string>(), listed["last_error"]?.GetValue<string>()).AtRest;

    private static string Seconds(TimeSpan? span) => span is { } s ? $"{s.TotalSeconds:0.0} s" : "never";

    private sealed record Outcome(TimeSpan? Answered, TimeSpan? Resolved, NodeState? State, ApiResponse? LastResponse);
}
