using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Hosting;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Chassis;
using Ironic.Actors.Protocol.Ports;
using Ironic.Actors.Protocol.Registry;
using NUnit.Framework;
using static Ironic.Actors.Protocol.Nodes.NodeCommands;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;
using static Ironic.Actors.Protocol.Replies;
using static Ironic.Actors.Protocol.Ports.PortCommands;

namespace Ironic.Actors.Conductor.Tests;

/// <summary>
/// Ports, portgroups and chassis through the real actors on a real SQLite journal: the node entity keeps its
/// ports across restarts (events and snapshots), the registry keeps MAC addresses and names unique across
/// nodes and frees them on delete, the query model lists them, and the chassis singleton tracks its nodes.
/// </summary>
public sealed class PortEntityTests
{
    private string _dataDir = null!;

    [SetUp]
    public void CreateDataDirectory() => _dataDir = Directory.CreateTempSubdirectory("ironic-port-tests-").FullName;

    [TearDown]
    public void RemoveDataDirectory() => Directory.Delete(_dataDir, recursive: true);

    private static JsonObject NodeBody(string? chassis = null) => new() { ["driver"] = "fake-hardware", ["chassis_uuid"] = chassis };

    private static JsonObject PortBody(Guid node, string mac, Guid? group = null)
    {
        var body = new JsonObject { ["address"] = mac, ["node_uuid"] = node.ToString() };
        if (group is { } g)
            body["portgroup_uuid"] = g.ToString();
        return body;
    }

    private static IActorRef Chassis(ConductorHost host) => ActorRegistry.For(host.System).Get<ActorKeys.Chassis>();

    private static IActorRef Registry(ConductorHost host) => ActorRegistry.For(host.System).Get<ActorKeys.NodeRegistry>();

    private static async Task<T> Ask<T>(IActorRef actor, object message) => await actor.Ask<T>(message, TimeSpan.FromSeconds(15));

    [Test]
    public async Task Ports_and_portgroups_survive_restarts_through_events_and_snapshots()
    {
        var node = Guid.NewGuid();
        var group = Guid.NewGuid();
        var port = Guid.NewGuid();
        await using (var host = await ConductorHost.StartAsync(_dataDir, o => o.Conductor.SnapshotEvery = 3))
        {
            await host.AskAsync<NodeView>(new CreateNode(node, NodeBody(), ProvisionStates.Enroll));
            await host.AskAsync<PortReplies.PortgroupView>(PortCreates.Portgroup(node, group, new JsonObject { ["node_uuid"] = node.ToString(), ["name"] = "bond-r" }));
            await host.AskAsync<PortReplies.PortView>(PortCreates.Port(node, port, PortBody(node, "52:54:00:10:00:01", group)));
            for (var i = 0; i < 4; i++)
                await host.AskAsync<PortReplies.PortView>(new PatchPort(node, port, [new PatchOperation("add", $"/extra/k{i}", JsonValue.Create(i), true)], true));
        }

        await using (var host = await ConductorHost.StartAsync(_dataDir, o => o.Conductor.SnapshotEvery = 3))
        {
            var view = await host.AskAsync<PortReplies.PortView>(new GetPort(node, port));
            Assert.Multiple(() =>
            {
                Assert.That(view.Port.PortgroupId, Is.EqualTo(group));
                Assert.That(Enumerable.Range(0, 4).Select(i => view.Port.Extra[$"k{i}"]!.GetValue<int>()), Is.EqualTo(Enumerable.Range(0, 4)));
                Assert.That(view.Version, Is.EqualTo(7));
            });
            Assert.That((await host.AskAsync<PortReplies.PortgroupView>(new GetPortgroup(node, group))).Portgroup.Name, Is.EqualTo("bond-r"));

            // The registry remembers the claims: another node cannot take the MAC or the name.
            var other = Guid.NewGuid();
            await host.AskAsync<NodeView>(new CreateNode(other, NodeBody(), ProvisionStates.Enroll));
            var mac = await host.AskAsync<Rejected>(PortCreates.Port(other, Guid.NewGuid(), PortBody(other, "52:54:00:10:00:01")));
            Assert.That(mac.Message, Is.EqualTo("A port with MAC address 52:54:00:10:00:01 already exists."));
            var name = await host.AskAsync<Rejected>(PortCreates.Portgroup(other, Guid.NewGuid(), new JsonObject { ["node_uuid"] = other.ToString(), ["name"] = "bond-r" }));
            Assert.That(name.Message, Is.EqualTo("A portgroup with name bond-r already exists."));
            var found = await Ask<PortRegistryMessages.PortResolved>(Registry(host), new PortRegistryMessages.ResolvePort(port));
            Assert.That(found.NodeId, Is.EqualTo(node));
        }
    }

    [Test]
    public async Task A_MAC_address_is_freed_by_deleting_its_port_or_its_node_and_lists_follow()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var port = Guid.NewGuid();
        await using var host = await ConductorHost.StartAsync(_dataDir);
        await host.AskAsync<NodeView>(new CreateNode(a, NodeBody(), ProvisionStates.Enroll));
        await host.AskAsync<NodeView>(new CreateNode(b, NodeBody(), ProvisionStates.Enroll));
        await host.AskAsync<PortReplies.PortView>(PortCreates.Port(a, port, PortBody(a, "52:54:00:20:00:01")));

        var removed = await host.AskAsync<PortReplies.PortRemoved>(new DeletePort(a, port));
        Assert.That(removed.PortId, Is.EqualTo(port));
        await host.AskAsync<PortReplies.PortView>(PortCreates.Port(b, Guid.NewGuid(), PortBody(b, "52:54:00:20:00:01")));
        await host.AskAsync<PortReplies.PortgroupView>(PortCreates.Portgroup(b, Guid.NewGuid(), new JsonObject { ["node_uuid"] = b.ToString(), ["name"] = "pg-b" }));

        // The query model follows the journal a moment behind (this test has no gateway reporting its writes).
        var listed = await Eventually(host, new PortQueries.ListPorts(), page => page.Ports.Count == 1 && page.Ports[0].Port.NodeId == b);
        Assert.That(listed.Ports.Single().Port.Address, Is.EqualTo("52:54:00:20:00:01"));

        await host.AskAsync<Deleted>(new DeleteNode(b));
        await host.AskAsync<PortReplies.PortView>(PortCreates.Port(a, Guid.NewGuid(), PortBody(a, "52:54:00:20:00:01")));
        await host.AskAsync<PortReplies.PortgroupView>(PortCreates.Portgroup(a, Guid.NewGuid(), new JsonObject { ["node_uuid"] = a.ToString(), ["name"] = "pg-b" }));
        var after = await Eventually(host, new PortQueries.ListPorts(), page => page.Ports.Count == 1 && page.Ports[0].Port.NodeId == a);
        Assert.That(after.Ports.Single().Port.Address, Is.EqualTo("52:54:00:20:00:01"));
    }

    [Test]
    public async Task A_moved_port_is_held_by_its_new_node_after_a_restart()
    {
        var from = Guid.NewGuid();
        var to = Guid.NewGuid();
        var port = Guid.NewGuid();
        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            await host.AskAsync<NodeView>(new CreateNode(from, NodeBody(), ProvisionStates.Enroll));
            await host.AskAsync<NodeView>(new CreateNode(to, NodeBody(), ProvisionStates.Enroll));
            await host.AskAsync<PortReplies.PortView>(PortCreates.Port(from, port, PortBody(from, "52:54:00:40:00:01")));
            var moved = await host.AskAsync<PortReplies.PortView>(new PatchPort(from, port,
                [new PatchOperation("replace", "/node_uuid", JsonValue.Create(to.ToString()), true)], true));
            Assert.That(moved.Port.NodeId, Is.EqualTo(to));
        }

        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            Assert.That((await host.AskAsync<Rejected>(new GetPort(from, port))).Kind, Is.EqualTo(RejectionKind.NotFound));
            Assert.That((await host.AskAsync<PortReplies.PortView>(new GetPort(to, port))).Port.Address, Is.EqualTo("52:54:00:40:00:01"));
            Assert.That((await Ask<PortRegistryMessages.PortResolved>(Registry(host), new PortRegistryMessages.ResolvePort(port))).NodeId, Is.EqualTo(to));
            await host.AskAsync<Deleted>(new DeleteNode(from));
            var clash = await host.AskAsync<Rejected>(PortCreates.Port(to, Guid.NewGuid(), PortBody(to, "52:54:00:40:00:01")));
            Assert.That(clash.Message, Is.EqualTo("A port with MAC address 52:54:00:40:00:01 already exists."), "deleting the old node does not free the moved port's address");
            await Eventually(host, new PortQueries.ListPorts(NodeId: to), page => page.Ports.Count == 1 && page.Ports[0].Port.NodeId == to);
        }
    }

    [Test]
    public async Task Refused_port_writes_store_nothing()
    {
        var node = Guid.NewGuid();
        await using var host = await ConductorHost.StartAsync(_dataDir);
        var created = await host.AskAsync<NodeView>(new CreateNode(node, NodeBody(), ProvisionStates.Enroll));

        await host.AskAsync<Rejected>(PortCreates.Port(node, Guid.NewGuid(), PortBody(node, "52:54:00:30:00:01", Guid.NewGuid())));
        var missing = await host.AskAsync<Rejected>(PortCreates.Port(Guid.NewGuid(), Guid.NewGuid(), PortBody(node, "52:54:00:30:00:02")));
        Assert.That(missing.Kind, Is.EqualTo(RejectionKind.Invalid), "a port on a node that does not exist is a bad request");

        var after = await host.AskAsync<NodeView>(new GetNode(node));
        Assert.That(after.Version, Is.EqualTo(created.Version));
    }

    [Test]
    public async Task Nodes_name_only_existing_chassis_and_a_chassis_with_nodes_stays()
    {
        var chassis = Guid.NewGuid();
        var node = Guid.NewGuid();
        await using var host = await ConductorHost.StartAsync(_dataDir);
        await Ask<ChassisReplies.ChassisView>(Chassis(host), new ChassisCommands.CreateChassis(chassis, new JsonObject { ["description"] = "rack" }));

        var unknown = await host.AskAsync<Rejected>(new CreateNode(Guid.NewGuid(), NodeBody(Guid.NewGuid().ToString()), ProvisionStates.Enroll));
        Assert.That(unknown.Kind, Is.EqualTo(RejectionKind.Invalid));
        Assert.That(unknown.Message, Does.Match("^Chassis [0-9a-f-]{36} could not be found\\.$"));

        await host.AskAsync<NodeView>(new CreateNode(node, NodeBody(chassis.ToString()), ProvisionStates.Enroll));
        var refused = await Ask<Rejected>(Chassis(host), new ChassisCommands.DeleteChassis(chassis));
        Assert.That(refused.Message, Is.EqualTo($"Cannot complete the requested action because chassis {chassis} contains nodes."));

        await host.AskAsync<NodeView>(new PatchNode(node, [new PatchOperation("remove", "/chassis_uuid", null, false)], false));
        await EventuallyDeleted(Chassis(host), chassis);
    }

    [Test]
    public async Task A_membership_left_behind_by_a_failed_write_does_not_block_deleting_the_chassis()
    {
        var chassis = Guid.NewGuid();
        var node = Guid.NewGuid();
        await using var host = await ConductorHost.StartAsync(_dataDir);
        await Ask<ChassisReplies.ChassisView>(Chassis(host), new ChassisCommands.CreateChassis(chassis, new JsonObject()));
        await host.AskAsync<NodeView>(new CreateNode(node, NodeBody(), ProvisionStates.Enroll));
        // As if a node had attached and then failed to store its change: the chassis asks it and forgets it.
        await Ask<ChassisReplies.NodeAttached>(Chassis(host), new ChassisCommands.AttachNode(chassis, node));
        await Ask<ChassisReplies.NodeAttached>(Chassis(host), new ChassisCommands.AttachNode(chassis, Guid.NewGuid()));

        var removed = await Ask<ChassisReplies.ChassisRemoved>(Chassis(host), new ChassisCommands.DeleteChassis(chassis));
        Assert.That(removed.ChassisId, Is.EqualTo(chassis));
    }

    [Test]
    public async Task A_port_create_sent_again_after_it_was_stored_answers_with_that_port()
    {
        // Stored, then its conductor died unanswered; the copy (its UUID generated for the request) reaches the next incarnation.
        var node = Guid.NewGuid();
        var port = Guid.NewGuid();
        var create = PortCreates.Port(node, port, PortBody(node, "52:54:00:10:00:09"));
        Assert.That(create.IdGenerated, Is.True, "the body names no uuid");
        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            await host.AskAsync<NodeView>(new CreateNode(node, NodeBody(), ProvisionStates.Enroll));
            await host.AskAsync<PortReplies.PortView>(create);
        }

        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            var again = await host.AskAsync<PortReplies.PortView>(create);
            Assert.That((again.Port.Uuid, again.Port.Address), Is.EqualTo((port, "52:54:00:10:00:09")));
            var named = await host.AskAsync<Rejected>(create with { IdGenerated = false });
            Assert.That(named.Message, Is.EqualTo($"A port with UUID {port} already exists."));
        }
    }

    [Test]
    public async Task A_chassis_create_sent_again_after_it_was_stored_answers_with_that_chassis()
    {
        // The singleton stored the create and its conductor died before answering; the gateway's copy (the same uuid,
        // generated for the request: the body names none) reaches the singleton's next incarnation.
        var chassis = Guid.NewGuid();
        var create = new ChassisCommands.CreateChassis(chassis, new JsonObject { ["description"] = "rack 9" });
        await using (var host = await ConductorHost.StartAsync(_dataDir))
            await Ask<ChassisReplies.ChassisView>(Chassis(host), create);

        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            var again = await Ask<ChassisReplies.ChassisView>(Chassis(host), create);
            Assert.That((again.Chassis.Uuid, again.Chassis.Description), Is.EqualTo((chassis, "rack 9")));
            var named = await Ask<Rejected>(Chassis(host), new ChassisCommands.CreateChassis(Guid.NewGuid(), new JsonObject { ["uuid"] = chassis.ToString() }));
            Assert.That(named.Message, Is.EqualTo($"A chassis with UUID {chassis} already exists."));
        }
    }

    [Test]
    public async Task Deleting_a_node_detaches_it_from_its_chassis()
    {
        var chassis = Guid.NewGuid();
        var node = Guid.NewGuid();
        await using var host = await ConductorHost.StartAsync(_dataDir);
        await Ask<ChassisReplies.ChassisView>(Chassis(host), new ChassisCommands.CreateChassis(chassis, new JsonObject()));
        await host.AskAsync<NodeView>(new CreateNode(node, NodeBody(chassis.ToString()), ProvisionStates.Enroll));
        await host.AskAsync<Deleted>(new DeleteNode(node));
        await EventuallyDeleted(Chassis(host), chassis);
    }

    private static async Task EventuallyDeleted(IActorRef chassisActor, Guid chassis)
    {
        // The detach is a notification sent after the node's write: retry briefly.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var answer = await Ask<object>(chassisActor, new ChassisCommands.DeleteChassis(chassis));
            if (answer is ChassisReplies.ChassisRemoved)
                return;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"chassis {chassis} could not be deleted: {answer}");
            await Task.Delay(50);
        }
    }

    private static async Task<PortQueries.PortPage> Eventually(ConductorHost host, PortQueries.ListPorts query, Func<PortQueries.PortPage, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var page = await Ask<PortQueries.PortPage>(host.QueryModel, query);
            if (condition(page))
                return page;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"the port list did not settle: {string.Join(", ", page.Ports.Select(p => $"{p.Port.Uuid}@{p.Port.NodeId}"))}");
            await Task.Delay(50);
        }
    }
}
