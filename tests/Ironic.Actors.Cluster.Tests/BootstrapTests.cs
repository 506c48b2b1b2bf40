using System.Globalization;
using System.Text.Json.Nodes;
using Ironic.Actors.Cluster.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Cluster.Tests;

/// <summary>
/// Scenario f: no seed nodes. Every member discovers the conductors' management endpoints through config discovery and
/// bootstraps: all started at once they form one cluster (not several), and a conductor killed and started again joins
/// the running cluster instead of forming its own.
/// </summary>
[TestFixture]
public sealed class BootstrapTests : ClusterTestBase
{
    [Test]
    public async Task Members_started_at_once_with_config_discovery_form_one_cluster_and_a_restarted_one_rejoins_it()
    {
        await StartClusterAsync(new ClusterSpec { Conductors = 3, Gateways = 1, Bootstrap = true });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var everyone = Cluster.Conductors.Concat(Cluster.Gateways).ToList();

        // One cluster: every member sees all four, up, with the same leader.
        await OneClusterAsync(http, everyone, "after the start");
        var api = Cluster.Api();
        var ids = await NodeSteps.CreateAsync(api, "bootstrap", 6);
        Assert.That((await api.ListNodesAsync("fields=uuid")).Select(n => n["uuid"]!.GetValue<string>()), Is.SupersetOf(ids));

        // conductor-1 (whose address is the lowest of the contact points, so it formed the cluster) dies and comes back:
        // the others are in a cluster now, so it joins them.
        var first = Cluster.Conductor(1);
        await Cluster.KillAsync(first);
        await Poll.UntilAsync("conductor-1 removed from the cluster", TimeSpan.FromSeconds(60), async () =>
            (await MembersAsync(http, Cluster.Gateway())).Members.Count == 3, TimeSpan.FromMilliseconds(250));
        await Cluster.RestartAsync(first);
        await OneClusterAsync(http, everyone, "after conductor-1 restarted");
        foreach (var id in ids)
            Assert.That((await api.GetStateAsync(id, TimeSpan.FromSeconds(10))).State, Is.Not.Null, $"node {id} answers");
    }

    private async Task OneClusterAsync(HttpClient http, IReadOnlyList<MemberProcess> members, string when)
    {
        var views = new Dictionary<string, string>();
        await Poll.UntilAsync($"every member sees the same {members.Count} members up ({when})", TimeSpan.FromSeconds(60), async () =>
        {
            var seen = await Task.WhenAll(members.Select(async m => (m.Name, View: await MembersAsync(http, m))));
            views = seen.ToDictionary(s => s.Name, s => $"leader {s.View.Leader}, up: {string.Join(" ", s.View.Members)}");
            return seen.All(s => s.View.Members.Count == members.Count) && seen.Select(s => s.View.Leader).Distinct().Count() == 1
                   && seen.Select(s => string.Join(",", s.View.Members)).Distinct().Count() == 1;
        }, TimeSpan.FromMilliseconds(250), () => string.Join("; ", views.Select(v => $"{v.Key}: {v.Value}")));
        Report($"{when}: one cluster of {members.Count} members");
    }

    /// <summary>The member's own view, from its management endpoint: its leader and the members it sees up.</summary>
    private static async Task<(string? Leader, IReadOnlyList<string> Members)> MembersAsync(HttpClient http, MemberProcess member)
    {
        try
        {
            var url = $"http://127.0.0.1:{member.Ports.Management.ToString(CultureInfo.InvariantCulture)}/cluster/members";
            var json = JsonNode.Parse(await http.GetStringAsync(url))!;
            var up = json["members"]!.AsArray().Where(m => m!["status"]!.GetValue<string>() == "Up")
                .Select(m => m!["address"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
            return (json["leader"]?.GetValue<string>(), up);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (null, []);
        }
    }
}
