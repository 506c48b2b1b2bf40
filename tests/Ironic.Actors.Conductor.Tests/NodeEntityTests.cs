using Akka.Actor;
using Ironic.Actors.Protocol.Serialization;
using NUnit.Framework;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Queries;
using static Ironic.Actors.Protocol.Nodes.NodeCommands;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;
using static Ironic.Actors.Protocol.Replies;

namespace Ironic.Actors.Conductor.Tests;

/// <summary>The node entity against a real SQLite journal: persistence, recovery across restarts, snapshots, lifecycle.</summary>
public sealed class NodeEntityTests
{
    private string _dataDir = null!;

    [SetUp]
    public void CreateDataDirectory() => _dataDir = Directory.CreateTempSubdirectory("ironic-conductor-tests-").FullName;

    [TearDown]
    public void RemoveDataDirectory() => Directory.Delete(_dataDir, recursive: true);

    private static JsonObject FakeNodeBody(string? name = null) => new()
    {
        ["driver"] = "fake-hardware",
        ["name"] = name,
        ["properties"] = new JsonObject { ["cpus"] = 2 },
    };

    [Test]
    public async Task Created_node_survives_a_restart_of_the_actor_system()
    {
        var id = Guid.NewGuid();
        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            var created = await host.AskAsync<NodeView>(new CreateNode(id, FakeNodeBody("n-1"), ProvisionStates.Enroll));
            Assert.That(created.Node.Interfaces.Power, Is.EqualTo("fake"));
            var patched = await host.AskAsync<NodeView>(new PatchNode(id,
                [new Domain.Nodes.PatchOperation("add", "/extra/rack", JsonValue.Create("r1"), true)], false));
            Assert.That(patched.Node.Extra["rack"]!.GetValue<string>(), Is.EqualTo("r1"));
        }

        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            var view = await host.AskAsync<NodeView>(new GetNode(id));
            Assert.That(view.Node.Name, Is.EqualTo("n-1"));
            Assert.That(view.Node.Extra["rack"]!.GetValue<string>(), Is.EqualTo("r1"));
            Assert.That(view.Node.Properties["cpus"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(view.Version, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task An_idle_node_goes_to_sleep_and_wakes_with_its_state_on_the_next_request()
    {
        var id = Guid.NewGuid();
        // Long enough that "awake right after" holds on a loaded machine too (with 1 s, a CI run once found it asleep already).
        await using var host = await ConductorHost.StartAsync(_dataDir, o =>
        {
            o.Conductor.NodeIdleTimeout = 5;
            o.Conductor.SleepAfterCreate = false;
        });
        // Placed as the gateway places a create: an unplaced one moves to its placement's shard after, and for a moment
        // is in neither.
        await host.AskAsync<NodeView>(new PlacedNodeMessage(NodePlacement.Of(null, "fake-hardware"),
            new CreateNode(id, FakeNodeBody("sleeper"), ProvisionStates.Enroll)));
        Assert.That(await IsAwakeAsync(host, id), Is.True, "awake right after its create");

        await AwaitAsleepAsync(host, id, TimeSpan.FromSeconds(40), "the node never went to sleep");

        var view = await host.AskAsync<NodeView>(new GetNode(id));
        Assert.That((view.Node.Name, view.Version), Is.EqualTo(("sleeper", 1L)));
        Assert.That(await IsAwakeAsync(host, id), Is.True, "woken by the request");
    }

    [Test]
    public async Task A_node_just_created_sleeps_at_once_and_its_next_requests_wake_it()
    {
        var id = Guid.NewGuid();
        // An idle timeout far beyond the wait below: the node must sleep because it was just created, not because it idled.
        await using var host = await ConductorHost.StartAsync(_dataDir, o => o.Conductor.NodeIdleTimeout = 120);
        await host.AskAsync<NodeView>(new CreateNode(id, FakeNodeBody("fresh"), ProvisionStates.Enroll));
        await AwaitAsleepAsync(host, id, TimeSpan.FromSeconds(20), "the node just created stayed awake");
        var view = await host.AskAsync<NodeView>(new GetNode(id));
        Assert.That((view.Node.Name, view.Version), Is.EqualTo(("fresh", 1L)));
        Assert.That(await IsAwakeAsync(host, id), Is.True, "woken by the request, and awake after it (only a create sleeps at once)");

        // Requests sent while a new node's create is still being stored reach it, whether before or after it falls asleep.
        var second = Guid.NewGuid();
        var create = host.AskAsync<NodeView>(new CreateNode(second, FakeNodeBody("busy"), ProvisionStates.Enroll));
        var patches = Enumerable.Range(0, 20).Select(i => host.AskAsync<NodeView>(new PatchNode(second,
            [new Domain.Nodes.PatchOperation("add", $"/extra/k{i}", JsonValue.Create(i), true)], false))).ToList();
        await create;
        await Task.WhenAll(patches);
        var last = await host.AskAsync<NodeView>(new GetNode(second));
        Assert.That(last.Version, Is.EqualTo(21));
        Assert.That(Enumerable.Range(0, 20).All(i => last.Node.Extra[$"k{i}"]!.GetValue<int>() == i), Is.True);
    }

    [Test]
    public async Task A_write_sent_again_under_the_same_request_id_is_acted_on_once()
    {
        var id = Guid.NewGuid();
        await using var host = await ConductorHost.StartAsync(_dataDir, o => o.Conductor.SleepAfterCreate = false);
        var body = FakeNodeBody("twice");
        body["extra"] = new JsonObject { ["writes"] = new JsonArray() };
        await host.AskAsync<NodeView>(new CreateNode(id, body, ProvisionStates.Enroll));
        ResendableNodeMessage Append(Guid requestId, string value) => new(requestId,
            new PatchNode(id, [new Domain.Nodes.PatchOperation("add", "/extra/writes/-", JsonValue.Create(value), true)], false));

        // The copies arrive while the first is being stored, and after it: a gateway resends after a conductor's removal
        // without knowing whether the first copy arrived.
        var first = Guid.NewGuid();
        var answered = host.AskAsync<NodeView>(Append(first, "first"));
        host.Region.Tell(Append(first, "first"), ActorRefs.NoSender);
        Assert.That((await answered).Version, Is.EqualTo(2));
        host.Region.Tell(Append(first, "first"), ActorRefs.NoSender);
        var second = await host.AskAsync<NodeView>(Append(Guid.NewGuid(), "second"));

        var view = await host.AskAsync<NodeView>(new GetNode(id));
        Assert.That((second.Version, view.Version), Is.EqualTo((3L, 3L)));
        Assert.That(view.Node.Extra["writes"]!.ToJsonString(), Is.EqualTo("[\"first\",\"second\"]"));
    }

    [Test]
    public async Task A_create_sent_again_after_its_node_was_stored_answers_with_that_node()
    {
        // The conductor that stored the create died before answering; the gateway's copy reaches the node's next
        // incarnation, which never saw the first copy's request id.
        var id = Guid.NewGuid();
        CreateNode Create() => new(id, FakeNodeBody("resent"), ProvisionStates.Enroll) { IdGenerated = true };
        await using (var host = await ConductorHost.StartAsync(_dataDir))
            await host.AskAsync<NodeView>(new ResendableNodeMessage(Guid.NewGuid(), Create()));

        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            var again = await host.AskAsync<NodeView>(new ResendableNodeMessage(Guid.NewGuid(), Create()));
            Assert.That((again.Node.Uuid, again.Node.Name, again.Version), Is.EqualTo((id, "resent", 1L)), "answered with the node, nothing stored again");

            // A uuid the client chose may name a node another request made: that create is refused, as in Ironic.
            var chosen = await host.AskAsync<Rejected>(Create() with { IdGenerated = false });
            Assert.That((chosen.Kind, chosen.Message), Is.EqualTo((RejectionKind.Conflict, $"A node with UUID {id} already exists.")));
            Assert.That((await host.AskAsync<NodeView>(new GetNode(id))).Version, Is.EqualTo(1));
        }
    }

    /// <summary>Polls the shard region until node <paramref name="id"/> is not among its entities; fails after <paramref name="within"/>.</summary>
    private static async Task AwaitAsleepAsync(ConductorHost host, Guid id, TimeSpan within, string failure)
    {
        var deadline = DateTime.UtcNow + within;
        while (await IsAwakeAsync(host, id))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), failure);
            await Task.Delay(20);
        }
    }

    private static async Task<bool> IsAwakeAsync(ConductorHost host, Guid id)
    {
        var state = await host.Region.Ask<Akka.Cluster.Sharding.CurrentShardRegionState>(
            Akka.Cluster.Sharding.GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
        return state.Shards.Any(s => s.EntityIds.Contains(id.ToString()));
    }

    [Test]
    public async Task Fake_node_walks_enroll_to_active_and_back_to_available()
    {
        var id = Guid.NewGuid();
        await using var host = await ConductorHost.StartAsync(_dataDir);
        await host.AskAsync<NodeView>(new CreateNode(id, FakeNodeBody(), ProvisionStates.Enroll));

        await Provision(host, id, "manage", ProvisionStates.Manageable);
        await Provision(host, id, "provide", ProvisionStates.Available);
        await Provision(host, id, "active", ProvisionStates.Active);
        await Provision(host, id, "deleted", ProvisionStates.Available);

        var power = await host.AskAsync<object>(new ChangePowerState(id, PowerStates.PowerOn, null));
        Assert.That(power, Is.TypeOf<Accepted>());
        var on = await Eventually(host, id, n => n.PowerState == PowerStates.PowerOn && n.TargetPowerState is null);
        Assert.That(on.LastError, Is.Null);
    }

    [Test]
    public async Task A_woken_node_starts_from_its_row_and_replays_only_the_events_the_row_missed()
    {
        var id = Guid.NewGuid();
        byte[] rowAt3;
        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            await host.AskAsync<NodeView>(new CreateNode(id, FakeNodeBody("snap"), ProvisionStates.Enroll));
            await host.AskAsync<NodeView>(new PatchNode(id, [new Domain.Nodes.PatchOperation("add", "/extra/k", JsonValue.Create(1), true)], false));
            await host.AskAsync<Accepted>(new SetMaintenance(id, true, "first"));
            rowAt3 = await RowDocAsync(id);
            await host.AskAsync<Accepted>(new SetMaintenance(id, false, null));
            await host.AskAsync<Accepted>(new SetMaintenance(id, true, "second"));
        }

        // As if the host had died after storing events 4 and 5 but before writing their rows: the row is the node at
        // version 3, marked so that recovering from it shows.
        var node = IronicSerializer.FromJson<Domain.Nodes.Node>(rowAt3);
        var extra = (JsonObject)node.Extra.DeepClone();
        extra["from_row"] = true;
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dataDir, "ironic.db")}"))
        {
            await db.OpenAsync();
            await using var write = db.CreateCommand();
            write.CommandText = "UPDATE ironic_nodes SET version = 3, doc = $doc WHERE uuid = $u";
            write.Parameters.AddWithValue("$doc", IronicSerializer.ToJson(node with { Extra = extra }));
            write.Parameters.AddWithValue("$u", id.ToString());
            Assert.That(await write.ExecuteNonQueryAsync(), Is.EqualTo(1));
        }

        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            var view = await host.AskAsync<NodeView>(new GetNode(id));
            Assert.That(view.Version, Is.EqualTo(5));
            Assert.That(view.Node.Extra["from_row"]?.GetValue<bool>(), Is.True, "recovered from the row, not from the first event");
            Assert.That((view.Node.Maintenance, view.Node.MaintenanceReason), Is.EqualTo((true, "second")),
                "events 4 and 5, which the row missed, replayed on top of it");
        }
    }

    private async Task<byte[]> RowDocAsync(Guid id)
    {
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dataDir, "ironic.db")}");
        await db.OpenAsync();
        await using var read = db.CreateCommand();
        read.CommandText = "SELECT doc FROM ironic_nodes WHERE uuid = $u";
        read.Parameters.AddWithValue("$u", id.ToString());
        return (byte[])(await read.ExecuteScalarAsync())!;
    }

    [Test]
    public async Task A_transition_the_conductor_finishes_is_in_the_next_list_without_waiting_for_the_projection()
    {
        var id = Guid.NewGuid();
        await using var host = await ConductorHost.StartAsync(_dataDir);
        await host.AskAsync<NodeView>(new CreateNode(id, FakeNodeBody("listed"), ProvisionStates.Enroll));
        await Provision(host, id, "manage", ProvisionStates.Manageable);

        var page = await host.QueryModel.Ask<NodeQueries.NodePage>(
            new NodeQueries.ListNodes(ProvisionState: ProvisionStates.Manageable), TimeSpan.FromSeconds(15));
        Assert.That(page.Nodes.Select(v => v.Node.Uuid), Is.EqualTo(new[] { id }));
    }

    [Test]
    public async Task Names_are_unique_across_nodes_and_freed_on_delete()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        await using var host = await ConductorHost.StartAsync(_dataDir);
        await host.AskAsync<NodeView>(new CreateNode(first, FakeNodeBody("dup"), ProvisionStates.Enroll));

        var clash = await host.AskAsync<Rejected>(new CreateNode(second, FakeNodeBody("dup"), ProvisionStates.Enroll));
        Assert.That(clash.Kind, Is.EqualTo(RejectionKind.Conflict));
        Assert.That(clash.Message, Is.EqualTo("A node with name dup already exists."));
        Assert.That(await host.AskAsync<Rejected>(new GetNode(second)), Has.Property("Kind").EqualTo(RejectionKind.NotFound));

        await host.AskAsync<Deleted>(new DeleteNode(first));
        var reused = await host.AskAsync<NodeView>(new CreateNode(second, FakeNodeBody("dup"), ProvisionStates.Enroll));
        Assert.That(reused.Node.Name, Is.EqualTo("dup"));
    }

    [Test]
    public async Task Rejected_requests_change_nothing_in_the_journal()
    {
        var id = Guid.NewGuid();
        await using var host = await ConductorHost.StartAsync(_dataDir);
        var created = await host.AskAsync<NodeView>(new CreateNode(id, FakeNodeBody(), ProvisionStates.Enroll));

        var refused = await host.AskAsync<Rejected>(new ChangeProvisionState(id, new ProvisionRequest("active")));
        Assert.That(refused.Message, Is.EqualTo($"The requested action \"active\" can not be performed on node \"{id}\" while it is in state \"enroll\"."));
        await host.AskAsync<Rejected>(new PatchNode(id, [new Domain.Nodes.PatchOperation("replace", "/extra/missing", JsonValue.Create(1), true)], false));

        var after = await host.AskAsync<NodeView>(new GetNode(id));
        Assert.That(after.Version, Is.EqualTo(created.Version));
    }

    [Test]
    public async Task A_node_interrupted_mid_deploy_is_failed_when_its_conductor_comes_back()
    {
        var id = Guid.NewGuid();
        void SlowDeploy(Hosting.IronicOptions o)
        {
            o.Hardware.FakeDelays.Deploy = "600";
            o.Conductor.HandOffGracePeriod = 1;
        }

        await using (var host = await ConductorHost.StartAsync(_dataDir, SlowDeploy))
        {
            await host.AskAsync<NodeView>(new CreateNode(id, FakeNodeBody(), ProvisionStates.Enroll));
            await Provision(host, id, "manage", ProvisionStates.Manageable);
            await Provision(host, id, "provide", ProvisionStates.Available);
            await host.AskAsync<Accepted>(new ChangeProvisionState(id, new ProvisionRequest("active")));
            var deploying = await host.AskAsync<NodeView>(new GetNode(id));
            Assert.That(deploying.Node.ProvisionState, Is.EqualTo(ProvisionStates.Deploying));
            Assert.That(deploying.Reservation, Is.EqualTo("test-conductor"));
        } // the conductor stops with the deploy still running

        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            // Nobody addresses the node: the conductor's start-up finds it through the query model and wakes it.
            var interrupted = await host.QueryModel.Ask<NodeQueries.InterruptedNodes>(NodeQueries.ListInterrupted.Instance, TimeSpan.FromSeconds(15));
            Assert.That(interrupted.Nodes.Select(n => n.NodeId), Does.Contain(id).Or.Empty);
            var failed = await Eventually(host, id, n => n.ProvisionState == ProvisionStates.DeployFailed);
            Assert.That(failed.TargetProvisionState, Is.EqualTo(ProvisionStates.Active));
            Assert.That(failed.LastError, Does.Contain("interrupted"));
        }
    }

    private static Task Provision(ConductorHost host, Guid id, string verb, string expected) => host.ProvisionAsync(id, verb, expected);

    private static Task<Domain.Nodes.Node> Eventually(ConductorHost host, Guid id, Func<Domain.Nodes.Node, bool> condition) =>
        host.EventuallyAsync(id, condition);
}
