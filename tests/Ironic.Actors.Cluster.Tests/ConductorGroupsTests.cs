using System.Text.Json.Nodes;
using Ironic.Actors.Cluster.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Cluster.Tests;

/// <summary>
/// Scenario e: conductor groups as shard allocation (Ironic's hash ring per group). conductor-1 and conductor-2 serve the
/// default group, conductor-3 group <c>rack-a</c>: a node of rack-a lives only on conductor-3, a node moved to rack-a
/// moves there, a node of a group nobody serves is refused as Ironic refuses it, and while rack-a has no live conductor
/// its nodes are still read while their actions get Ironic's error, until conductor-3 is back.
/// </summary>
[TestFixture]
public sealed class ConductorGroupsTests : ClusterTestBase
{
    private const int PerGroup = 8;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Nodes_live_only_on_conductors_of_their_group_and_wait_for_one_when_none_is_alive()
    {
        await StartClusterAsync(new ClusterSpec { Conductors = 3, Gateways = 1, ConductorGroups = ["", "", "rack-a"] });
        var api = Cluster.Api();

        var rackA = new List<string>();
        for (var i = 0; i < PerGroup; i++)
            rackA.Add(await CreateAsync(api, $"rack-a-{i}", "Rack-A"));
        var defaults = await NodeSteps.CreateAsync(api, "default-group", PerGroup);

        // Where each node lives: rack-a nodes on conductor-3 only, the others never there.
        await ConductorsAreAsync(api, rackA, c => c == "conductor-3", "every rack-a node hosted by conductor-3");
        await ConductorsAreAsync(api, defaults, c => c is "conductor-1" or "conductor-2", "every default-group node hosted by conductor-1 or -2");
        await NodeSteps.WalkAsync(api, rackA, "manage", "manageable", TimeSpan.FromSeconds(60));
        await NodeSteps.WalkAsync(api, rackA, "provide", "available", TimeSpan.FromSeconds(60));
        var conductors = await api.GetAsync("v1/conductors?fields=hostname,conductor_group");
        Assert.That(conductors.Json!["conductors"]!.AsArray().Single(c => c!["hostname"]!.GetValue<string>() == "conductor-3")!["conductor_group"]!
            .GetValue<string>(), Is.EqualTo("rack-a"));

        // A group no conductor serves: Ironic's "No valid host", nothing stored.
        var refused = await api.SendAsync(HttpMethod.Post, "v1/nodes", new { driver = "fake-hardware", name = "rack-b-0", conductor_group = "rack-b" });
        Assert.That(refused.Status, Is.EqualTo(400), refused.ToString());
        Assert.That(Fault(refused), Is.EqualTo(
            "No valid host was found. Reason: No conductor service registered which supports driver fake-hardware for conductor group \"rack-b\"."));
        Assert.That((await api.GetAsync("v1/nodes/rack-b-0")).Status, Is.EqualTo(404));

        // Moving a node to rack-a moves it to conductor-3, where it keeps working.
        var moved = defaults[0];
        var patch = await api.SendAsync(HttpMethod.Patch, $"v1/nodes/{moved}", new[] { new { op = "replace", path = "/conductor_group", value = "rack-a" } });
        Assert.That(patch.Status, Is.EqualTo(200), patch.ToString());
        await ConductorsAreAsync(api, [moved], c => c == "conductor-3", "the moved node hosted by conductor-3");
        await NodeSteps.WalkAsync(api, [moved], "manage", "manageable", TimeSpan.FromSeconds(60));
        rackA.Add(moved);
        var stayed = defaults.Skip(1).ToList();

        // rack-a loses its only conductor: its nodes are still read (from the read model), their actions are refused
        // with Ironic's error once the cluster has removed conductor-3; the default group is not affected.
        Cluster.Mark("SIGKILL conductor-3");
        await Cluster.KillAsync(Cluster.Conductor(3));
        // (A request sent in the instant before the failure detector notices the kill waits for the dead conductor and
        // times out, as any request to a conductor that just died; the ones after it are refused at once.)
        var gone = await Poll.UntilAsync("conductor-3 listed not alive", Settle,
            async () => (await api.ConductorsAsync())?.GetValueOrDefault("conductor-3", true) == false, TimeSpan.FromMilliseconds(250));
        Report($"kill conductor-3 → listed not alive after {gone.TotalSeconds:0.0} s");
        ApiResponse? last = null;
        var noHost = await Poll.UntilAsync("an action on a rack-a node refused with No valid host", Settle, async () =>
        {
            last = await api.SendAsync(HttpMethod.Put, $"v1/nodes/{rackA[1]}/states/provision", new { target = "manage" }, TimeSpan.FromSeconds(5));
            return last.Status == 400 && Fault(last)?.EndsWith("for conductor group \"rack-a\".", StringComparison.Ordinal) == true;
        }, TimeSpan.FromMilliseconds(250), () => last?.ToString() ?? "(no answer)");
        Report($"then rack-a actions refused with No valid host after {noHost.TotalSeconds:0.0} s");
        foreach (var id in rackA)
        {
            var (state, response) = await api.GetStateAsync(id, TimeSpan.FromSeconds(5));
            Assert.That(state?.ProvisionState, Is.AnyOf("available", "manageable"), $"GET {id} while rack-a has no conductor: {response}");
        }
        Assert.That((await api.ListNodesAsync("conductor_group=rack-a&fields=uuid")).Select(n => n["uuid"]!.GetValue<string>()),
            Is.EquivalentTo(rackA), "the list still shows rack-a's nodes");
        await NodeSteps.WalkAsync(api, stayed, "manage", "manageable", TimeSpan.FromSeconds(60));

        // conductor-3 is back: rack-a's nodes act again, hosted by it.
        await Cluster.RestartAsync(Cluster.Conductor(3));
        var back = await Poll.UntilAsync("an action on a rack-a node accepted again", TimeSpan.FromSeconds(60),
            async () => (await api.RequestProvisionAsync(rackA[1], "manage")).Status == 202, TimeSpan.FromMilliseconds(250));
        Report($"conductor-3 restarted → rack-a actions accepted after {back.TotalSeconds:0.0} s");
        await ConductorsAreAsync(api, rackA, c => c == "conductor-3", "every rack-a node hosted by conductor-3 again");
    }

    /// <summary>The faultstring of an Ironic error body (its <c>error_message</c> is JSON in a string).</summary>
    private static string? Fault(ApiResponse response) =>
        response.Json?["error_message"]?.GetValue<string>() is { } inner ? JsonNode.Parse(inner)?["faultstring"]?.GetValue<string>() : null;

    private static async Task<string> CreateAsync(IronicApi api, string name, string group)
    {
        var response = await api.SendAsync(HttpMethod.Post, "v1/nodes", new { driver = "fake-hardware", name, conductor_group = group });
        Assert.That(response.Status, Is.EqualTo(201), $"POST /v1/nodes ({name}, group {group}): {response}");
        Assert.That(response.Json!["conductor_group"]!.GetValue<string>(), Is.EqualTo(group.ToLowerInvariant()));
        return response.Json!["uuid"]!.GetValue<string>();
    }

    /// <summary>Until every node in <paramref name="ids"/> shows a conductor <paramref name="ok"/> accepts (the list's host map refreshes every 2 s).</summary>
    private static async Task ConductorsAreAsync(IronicApi api, IReadOnlyCollection<string> ids, Func<string?, bool> ok, string what)
    {
        var wanted = ids.ToHashSet();
        IReadOnlyList<JsonObject> rows = [];
        await Poll.UntilAsync(what, Settle, async () =>
        {
            rows = (await api.ListNodesAsync("fields=uuid,conductor")).Where(r => wanted.Contains(r["uuid"]!.GetValue<string>())).ToList();
            return rows.Count == wanted.Count && rows.All(r => ok(r["conductor"]?.GetValue<string>()));
        }, TimeSpan.FromMilliseconds(250), () => string.Join(", ", rows.GroupBy(r => r["conductor"]?.GetValue<string>() ?? "(none)").Select(g => $"{g.Key}: {g.Count()}")));
    }
}
