using System.Text.Json.Nodes;
using Ironic.Actors.Conductor.ReadModel.Sql;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Protocol.Queries;
using NUnit.Framework;
using static Ironic.Actors.Protocol.Nodes.NodeCommands;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;

namespace Ironic.Actors.Conductor.Tests.ReadModel;

/// <summary>
/// Node lists from the durable read model, on SQLite and on PostgreSQL: 40 nodes with varied fields, then every filter
/// and every sort key checked page by page (small limits, marker paging) against the same list computed in memory.
/// A filter applied after the limit, a wrong NULL order or a marker that skips or repeats a row all show up here.
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgresql")]
public sealed class ReadModelListTests(string provider)
{
    private TestStore _store = null!;
    private ConductorHost _host = null!;
    private readonly List<Node> _created = []; // in creation order, which is the read model's "id" order

    [OneTimeSetUp]
    public async Task CreateNodes()
    {
        _store = await TestStore.CreateAsync(provider);
        _host = await ConductorHost.StartAsync(_store.Directory, _store.Apply);
        for (var i = 0; i < 40; i++)
        {
            var body = new JsonObject
            {
                ["driver"] = "fake-hardware",
                ["name"] = i % 5 == 0 ? null : $"node-{i * 7 % 40:00}",
                ["resource_class"] = i % 3 == 0 ? null : i % 2 == 0 ? "gpu" : "cpu",
                ["owner"] = (i % 4) switch { 0 => "p1", 1 => "p2", _ => null },
                ["lessee"] = i % 5 == 1 ? "p1" : null,
                ["description"] = i % 6 == 0 ? $"rack {i} GPU" : null,
                ["instance_uuid"] = i % 9 == 0 ? Guid.NewGuid().ToString().ToUpperInvariant() : null,
                ["maintenance"] = i % 7 == 0,
                ["retired"] = i % 8 == 3,
                ["shard"] = (i % 3) switch { 0 => "s0", 1 => "s1", _ => null },
            };
            var view = await _host.AskAsync<NodeView>(new CreateNode(Guid.NewGuid(), body, ProvisionStates.Enroll));
            _created.Add(view.Node);
        }
        // Some nodes move on, so that states and update times differ.
        for (var i = 0; i < 40; i += 8)
        {
            await _host.ProvisionAsync(_created[i].Uuid, "manage", ProvisionStates.Manageable);
            _created[i] = (await _host.AskAsync<NodeView>(new GetNode(_created[i].Uuid))).Node;
        }
        // Some have `retired` removed, which leaves it null (as in Ironic): neither retired nor not retired.
        for (var i = 5; i < 40; i += 8)
            _created[i] = (await _host.AskAsync<NodeView>(new PatchNode(_created[i].Uuid, [new PatchOperation("remove", "/retired", null, false)], false))).Node;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_host is not null) await _host.DisposeAsync();
        if (_store is not null) await _store.DisposeAsync();
    }

    private static IEnumerable<TestCaseData> Filters()
    {
        TestCaseData Case(string name, NodeQueries.ListNodes q, Func<Node, bool> keeps) => new TestCaseData(q, keeps).SetName(name);
        yield return Case("no filter", new(), _ => true);
        yield return Case("provision_state", new(ProvisionState: ProvisionStates.Manageable), n => n.ProvisionState == ProvisionStates.Manageable);
        yield return Case("maintenance=true", new(Maintenance: true), n => n.Maintenance);
        yield return Case("maintenance=false", new(Maintenance: false), n => !n.Maintenance);
        yield return Case("associated=true", new(Associated: true), n => n.InstanceUuid is not null);
        yield return Case("associated=false", new(Associated: false), n => n.InstanceUuid is null);
        yield return Case("driver", new(Driver: "fake-hardware"), _ => true);
        yield return Case("resource_class", new(ResourceClass: "gpu"), n => n.ResourceClass == "gpu");
        yield return Case("owner", new(Owner: "p1"), n => n.Owner == "p1");
        yield return Case("lessee", new(Lessee: "p1"), n => n.Lessee == "p1");
        yield return Case("project", new(Project: "p1"), n => n.Owner == "p1" || n.Lessee == "p1");
        yield return Case("description_contains", new(DescriptionContains: "GPU"), n => n.Description?.Contains("GPU", StringComparison.Ordinal) == true);
        yield return Case("description_contains is case-sensitive", new(DescriptionContains: "gpu"), _ => false);
        yield return Case("retired", new(Retired: true), n => n.Retired == true);
        yield return Case("retired=false", new(Retired: false), n => n.Retired == false);
        yield return Case("conductor", new(Conductor: "test-conductor"), _ => true);
        yield return Case("other conductor", new(Conductor: "elsewhere"), _ => false);
        yield return Case("conductor_group", new(ConductorGroup: ""), _ => true);
        yield return Case("shard", new(Shards: ["s1", "s9"]), n => n.Shard == "s1");
        yield return Case("sharded=true", new(Sharded: true), n => n.Shard is not null);
        yield return Case("sharded=false", new(Sharded: false), n => n.Shard is null);
        yield return Case("two filters", new(ResourceClass: "cpu", Maintenance: false), n => n.ResourceClass == "cpu" && !n.Maintenance);
    }

    [TestCaseSource(nameof(Filters))]
    public async Task Every_filter_applies_before_the_limit(NodeQueries.ListNodes filter, Func<Node, bool> keeps)
    {
        var expected = _created.Where(keeps).Select(n => n.Uuid).ToList();
        var pages = await WalkAsync(filter with { Limit = 3 });
        Assert.That(pages.SelectMany(p => p), Is.EqualTo(expected));
        Assert.That(pages.Take(pages.Count - 1), Has.All.Count.EqualTo(3), "every page but the last is full");
    }

    [Test]
    public async Task An_instance_uuid_filter_ignores_case()
    {
        var node = _created.First(n => n.InstanceUuid is not null);
        var page = await ListAsync(new NodeQueries.ListNodes(InstanceUuid: node.InstanceUuid!.ToLowerInvariant()));
        Assert.That(page.Nodes.Select(v => v.Node.Uuid), Is.EqualTo(new[] { node.Uuid }));
    }

    private static IEnumerable<TestCaseData> SortKeys() =>
        from key in new[] { "id", "uuid", "name", "resource_class", "owner", "lessee", "provision_state", "maintenance", "retired",
                            "description", "created_at", "updated_at", "provision_updated_at", "instance_uuid", "shard" }
        from dir in new[] { "asc", "desc" }
        select new TestCaseData(key, dir).SetName($"sort {key} {dir}");

    [TestCaseSource(nameof(SortKeys))]
    public async Task Pages_follow_every_sort_key_in_both_directions(string key, string dir)
    {
        var descending = dir == "desc";
        var value = key switch
        {
            "id" => (Func<Node, object?>)(n => (long)_created.FindIndex(c => c.Uuid == n.Uuid)),
            "uuid" => n => n.Uuid.ToString(),
            _ => NodeColumns.Indexed.Single(c => c.Name == key).Value,
        };
        var expected = _created
            .Select((n, index) => (n.Uuid, Value: value(n), index))
            .OrderBy(x => x, Comparer<(Guid, object?, int)>.Create((a, b) =>
            {
                var c = CompareNullsFirst(a.Item2, b.Item2);
                if (c == 0)
                    c = a.Item3.CompareTo(b.Item3);
                return descending ? -c : c;
            }))
            .Select(x => x.Uuid)
            .ToList();

        var pages = await WalkAsync(new NodeQueries.ListNodes(SortKey: key, SortDir: dir, Limit: 7));
        Assert.That(pages.SelectMany(p => p), Is.EqualTo(expected));
    }

    [Test]
    public async Task A_marker_that_names_no_node_is_reported()
    {
        var page = await ListAsync(new NodeQueries.ListNodes(Marker: Guid.NewGuid()));
        Assert.That(page.MarkerFound, Is.False);
        Assert.That(page.Nodes, Is.Empty);
    }

    [Test]
    public async Task A_page_carries_the_whole_node_its_conductor_and_version()
    {
        var page = await ListAsync(new NodeQueries.ListNodes(Limit: 1));
        var view = page.Nodes.Single();
        var node = (await _host.AskAsync<NodeView>(new GetNode(view.Node.Uuid)));
        Assert.That(view.Node.Name, Is.EqualTo(node.Node.Name));
        Assert.That(view.Node.Properties.ToJsonString(), Is.EqualTo(node.Node.Properties.ToJsonString()));
        Assert.That((view.Conductor, view.Version, view.Reservation), Is.EqualTo(("test-conductor", node.Version, (string?)null)));
    }

    private static int CompareNullsFirst(object? a, object? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        (string x, string y) => string.CompareOrdinal(x, y),
        (long x, long y) => x.CompareTo(y),
        _ => throw new InvalidOperationException($"cannot compare {a} and {b}"),
    };

    [Test]
    public async Task Periodic_passes_page_through_the_hosted_nodes_shard_by_shard_and_filtered_ones_in_row_order()
    {
        var extractor = new Nodes.NodeMessageExtractor(10);
        string ShardOf(Node n) => extractor.ShardOf(n.Uuid, Protocol.Nodes.NodePlacement.Of(n));
        var allShards = _created.Select(ShardOf).Distinct().ToList();
        Assume.That(allShards, Has.Count.GreaterThan(3), "the 40 nodes spread over several shards");
        // Shard after shard (their ids in ordinal order), each in row (creation) order.
        IEnumerable<Guid> InPassOrder(IEnumerable<Node> nodes) =>
            nodes.Select((n, i) => (n, i)).OrderBy(x => ShardOf(x.n), StringComparer.Ordinal).ThenBy(x => x.i).Select(x => x.n.Uuid);

        async Task<List<List<Guid>>> Pages(IReadOnlyList<string> shards, IReadOnlyList<string>? states, int limit)
        {
            var pages = new List<List<Guid>>();
            for ((string? Shard, long Row) after = default; ;)
            {
                var page = await Akka.Actor.Futures.Ask<Protocol.Periodic.PeriodicQueries.HostedNodes>(_host.QueryModel,
                    new Protocol.Periodic.PeriodicQueries.ListHosted(shards, 10, after.Row, limit, states, AfterShard: after.Shard),
                    TimeSpan.FromSeconds(15));
                pages.Add(page.Nodes.Select(n => n.Uuid).ToList());
                if (page.Nodes.Count < limit)
                    return pages;
                Assert.That(page.LastShard, states is null ? Is.Not.Null : Is.Null);
                Assert.That((page.LastShard, page.LastRow), Is.Not.EqualTo(after), "each page moves on");
                after = (page.LastShard, page.LastRow);
            }
        }

        var all = await Pages(allShards, null, 7);
        Assert.That(all.Select(p => p.Count), Is.EqualTo(new[] { 7, 7, 7, 7, 7, 5 }), "40 nodes in pages of 7, each page full but the last");
        Assert.That(all.SelectMany(p => p), Is.EqualTo(InPassOrder(_created)), "shard by shard in row order, nothing skipped or repeated");

        // A filtered pass is found through the filter's index, in row order over all the shards.
        var managed = await Pages(allShards, [ProvisionStates.Manageable], 2);
        Assert.That(managed.SelectMany(p => p), Is.EqualTo(_created.Where(n => n.ProvisionState == ProvisionStates.Manageable).Select(n => n.Uuid)));
        Assert.That(managed.SelectMany(p => p).ToList(), Has.Count.EqualTo(5));

        var oneShard = allShards[0];
        var inOne = await Pages([oneShard], null, 500);
        Assert.That(inOne.Single(), Is.EqualTo(_created.Where(n => ShardOf(n) == oneShard).Select(n => n.Uuid)));

        // A page that ends with the last node of a shard: the next one starts at the following shard.
        var firstShard = allShards.Order(StringComparer.Ordinal).First();
        var inFirst = _created.Count(n => ShardOf(n) == firstShard);
        var exact = await Pages(allShards, null, inFirst);
        Assert.That(exact[0], Is.EqualTo(_created.Where(n => ShardOf(n) == firstShard).Select(n => n.Uuid)));
        Assert.That(exact.SelectMany(p => p), Is.EqualTo(InPassOrder(_created)));
    }

    private Task<NodeQueries.NodePage> ListAsync(NodeQueries.ListNodes query) =>
        Akka.Actor.Futures.Ask<NodeQueries.NodePage>(_host.QueryModel, query, TimeSpan.FromSeconds(15));

    /// <summary>Every page from the first, each asked with the last node of the one before as its marker.</summary>
    private async Task<List<List<Guid>>> WalkAsync(NodeQueries.ListNodes query)
    {
        var pages = new List<List<Guid>>();
        while (true)
        {
            var page = await ListAsync(query);
            Assert.That(page.MarkerFound, Is.True);
            var ids = page.Nodes.Select(v => v.Node.Uuid).ToList();
            if (ids.Count > 0)
                pages.Add(ids);
            if (ids.Count < query.Limit)
                return pages;
            Assert.That(pages.Count, Is.LessThan(50), "paging does not end");
            query = query with { Marker = ids[^1] };
        }
    }
}
