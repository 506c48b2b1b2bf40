using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ironic.Actors.Cluster.Tests.Infrastructure;

/// <summary>Creating nodes and walking them through provisioning as <c>baremetal node ... --wait</c> does.</summary>
public static class NodeSteps
{
    /// <summary>Creates <paramref name="count"/> fake-hardware nodes named prefix-0001...; returns their UUIDs in name order.</summary>
    public static async Task<IReadOnlyList<string>> CreateAsync(IronicApi api, string prefix, int count, int parallelism = 16)
    {
        var ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (i, _) => ids[i] = await api.CreateNodeAsync($"{prefix}-{i + 1:D4}"));
        return ids;
    }

    /// <summary>
    /// Asks every node for <paramref name="target"/> (202), then polls each until it rests in <paramref name="expected"/>
    /// (no target state left), like <c>--wait</c>. A node that ends anywhere else, or is not there by the deadline, fails
    /// the call with every such node's state. 409 (the node is still locked by its previous step) is retried.
    /// </summary>
    public static async Task WalkAsync(IronicApi api, IReadOnlyList<string> ids, string target, string expected, TimeSpan timeout,
        int parallelism = 16)
    {
        var deadline = Stopwatch.StartNew();
        var problems = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (id, ct) =>
        {
            var accepted = await RequestAsync(api, id, target, timeout - deadline.Elapsed);
            if (accepted is not null)
            {
                problems.Add($"{id}: PUT provision {target}: {accepted}");
                return;
            }
            NodeState? last = null;
            while (deadline.Elapsed < timeout)
            {
                (last, _) = await api.GetStateAsync(id, TimeSpan.FromSeconds(10));
                if (last is { AtRest: true })
                {
                    if (last.ProvisionState != expected)
                        problems.Add($"{id}: ended in {last} instead of {expected}");
                    return;
                }
                await Task.Delay(100);
            }
            problems.Add($"{id}: not in {expected} within {timeout.TotalSeconds} s; last seen {last?.ToString() ?? "(no answer)"}");
        });
        if (!problems.IsEmpty)
            throw new InvalidOperationException(
                $"{problems.Count} of {ids.Count} nodes did not reach {expected} through '{target}':\n  {string.Join("\n  ", problems.Take(20))}");
    }

    /// <summary>Null when the request was accepted (202), else the last refusal.</summary>
    public static async Task<ApiResponse?> RequestAsync(IronicApi api, string id, string target, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await api.RequestProvisionAsync(id, target);
            if (response.Status == 202)
                return null;
            if (response.Status != 409 || clock.Elapsed >= timeout)
                return response;
            await Task.Delay(100);
        }
    }
}
