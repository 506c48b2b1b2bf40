using System.Text.Json.Nodes;
using Akka.Actor;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Protocol.Nodes;
using NUnit.Framework;
using static Ironic.Actors.Protocol.Nodes.NodeCommands;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;
using static Ironic.Actors.Protocol.Replies;
using static Ironic.Actors.Protocol.Nodes.NodeSubResourceCommands;

namespace Ironic.Actors.Conductor.Tests;

/// <summary>
/// The node entity's console and target RAID configuration on a real conductor (SQLite journal, real driver actors):
/// a change is answered only once stored, is recovered after a restart, and a refused one stores nothing.
/// </summary>
public sealed class NodeConsoleAndRaidEntityTests
{
    private string _dataDir = null!;

    [SetUp]
    public void CreateDataDirectory() => _dataDir = Directory.CreateTempSubdirectory("ironic-console-raid-tests-").FullName;

    [TearDown]
    public void RemoveDataDirectory() => Directory.Delete(_dataDir, recursive: true);

    private static JsonObject NodeBody(string? console = null, string? raid = null)
    {
        var body = new JsonObject { ["driver"] = "fake-hardware" };
        if (console is not null)
            body["console_interface"] = console;
        if (raid is not null)
            body["raid_interface"] = raid;
        return body;
    }

    private static JsonObject Raid(string json) => JsonNode.Parse(json)!.AsObject();

    [Test]
    public async Task An_enabled_console_is_stored_before_the_answer_and_survives_a_restart()
    {
        var id = Guid.NewGuid();
        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            var created = await host.AskAsync<NodeView>(new CreateNode(id, NodeBody(), ProvisionStates.Enroll));
            Assert.That(await host.AskAsync<DriverCallReplies.ConsoleState>(new GetConsole(id)), Is.EqualTo(new DriverCallReplies.ConsoleState(false, null)));

            var enabled = await host.AskAsync<Accepted>(new SetConsoleMode(id, true));

            Assert.That(enabled.View.Node.ConsoleEnabled, Is.True, "the answer carries the stored change");
            Assert.That(enabled.View.Version, Is.EqualTo(created.Version + 1));
            Assert.That(enabled.View.Reservation, Is.Null, "the lock is given back once the console is on");
            var state = await host.AskAsync<DriverCallReplies.ConsoleState>(new GetConsole(id));
            Assert.That((state.Enabled, state.Info?.ToJsonString()), Is.EqualTo((true, "{}")), "the fake console has no connection details");
        }

        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            var view = await host.AskAsync<NodeView>(new GetNode(id));
            Assert.That(view.Node.ConsoleEnabled, Is.True, "recovered from the journal");
            var again = await host.AskAsync<Accepted>(new SetConsoleMode(id, true));
            Assert.That(again.View.Version, Is.EqualTo(view.Version), "already enabled: 202 and nothing stored");

            var disabled = await host.AskAsync<Accepted>(new SetConsoleMode(id, false));
            Assert.That(disabled.View.Node.ConsoleEnabled, Is.False);
            Assert.That(await host.AskAsync<DriverCallReplies.ConsoleState>(new GetConsole(id)), Is.EqualTo(new DriverCallReplies.ConsoleState(false, null)));
            var nothing = await host.AskAsync<Accepted>(new SetConsoleMode(id, null));
            Assert.That(nothing.View.Version, Is.EqualTo(disabled.View.Version), "enabled null asks for nothing");
        }
    }

    [Test]
    public async Task A_node_without_console_support_is_refused_and_nothing_is_stored()
    {
        var id = Guid.NewGuid();
        await using var host = await ConductorHost.StartAsync(_dataDir);
        var created = await host.AskAsync<NodeView>(new CreateNode(id, NodeBody(console: "no-console"), ProvisionStates.Enroll));

        var refused = await host.AskAsync<DriverCallReplies.Failed>(new SetConsoleMode(id, true));
        var refusedOff = await host.AskAsync<DriverCallReplies.Failed>(new SetConsoleMode(id, false));

        const string message = "Driver fake-hardware does not support console (disabled or not implemented).";
        Assert.That(refused, Is.EqualTo(new DriverCallReplies.Failed(400, message)));
        Assert.That(refusedOff, Is.EqualTo(new DriverCallReplies.Failed(400, message)), "validated even when there is nothing to do");
        Assert.That(await host.AskAsync<DriverCallReplies.ConsoleState>(new GetConsole(id)), Is.EqualTo(new DriverCallReplies.ConsoleState(false, null)),
            "a disabled console is reported without asking the interface");
        Assert.That((await host.AskAsync<NodeView>(new GetNode(id))).Version, Is.EqualTo(created.Version));
        Assert.That((await host.AskAsync<Rejected>(new SetConsoleMode(Guid.NewGuid(), true))).Kind, Is.EqualTo(RejectionKind.NotFound));
    }

    [Test]
    public async Task A_target_raid_configuration_is_checked_stored_and_survives_a_restart()
    {
        var id = Guid.NewGuid();
        const string config = """{"logical_disks": [{"size_gb": "MAX", "raid_level": "1", "is_root_volume": true}]}""";
        long version;
        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            var created = await host.AskAsync<NodeView>(new CreateNode(id, NodeBody(), ProvisionStates.Manageable));

            var invalid = await host.AskAsync<DriverCallReplies.Failed>(new SetTargetRaidConfig(id, Raid("""{"logical_disks": [{"size_gb": 10, "raid_level": "7"}]}""")));
            Assert.That(invalid, Is.EqualTo(new DriverCallReplies.Failed(400,
                "RAID config validation error: '7' is not one of ['JBOD', '0', '1', '2', '5', '6', '1+0', '5+0', '6+0']")));
            Assert.That((await host.AskAsync<NodeView>(new GetNode(id))).Version, Is.EqualTo(created.Version), "a refused configuration stores nothing");

            var set = await host.AskAsync<Accepted>(new SetTargetRaidConfig(id, Raid(config)));
            Assert.That(set.View.Node.TargetRaidConfig.ToJsonString(), Is.EqualTo(Raid(config).ToJsonString()));
            Assert.That(set.View.Reservation, Is.Null);
            version = set.View.Version;
        }

        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            var view = await host.AskAsync<NodeView>(new GetNode(id));
            Assert.That((view.Version, view.Node.TargetRaidConfig.ToJsonString()), Is.EqualTo((version, Raid(config).ToJsonString())));

            var cleared = await host.AskAsync<Accepted>(new SetTargetRaidConfig(id, []));
            Assert.That(cleared.View.Node.TargetRaidConfig, Is.Empty);
        }
    }

    [Test]
    public async Task A_node_with_no_raid_answers_404_unless_the_configuration_is_empty()
    {
        var id = Guid.NewGuid();
        await using var host = await ConductorHost.StartAsync(_dataDir);
        var created = await host.AskAsync<NodeView>(new CreateNode(id, NodeBody(raid: "no-raid"), ProvisionStates.Enroll));

        var refused = await host.AskAsync<DriverCallReplies.Failed>(new SetTargetRaidConfig(id, Raid("""{"logical_disks": []}""")));

        Assert.That(refused, Is.EqualTo(new DriverCallReplies.Failed(404, "Driver fake-hardware does not support raid (disabled or not implemented).")));
        Assert.That((await host.AskAsync<NodeView>(new GetNode(id))).Version, Is.EqualTo(created.Version));
        var empty = await host.AskAsync<Accepted>(new SetTargetRaidConfig(id, []));
        Assert.That(empty.View.Version, Is.EqualTo(created.Version), "an empty configuration is not checked; it was empty already");
    }

    [Test]
    public async Task Console_and_raid_changes_are_409_while_power_work_holds_the_lock()
    {
        var id = Guid.NewGuid();
        await using var host = await ConductorHost.StartAsync(_dataDir, o => o.Hardware.FakeDelays.Power = "3");
        await host.AskAsync<NodeView>(new CreateNode(id, NodeBody(), ProvisionStates.Manageable));

        var powering = await host.AskAsync<Accepted>(new ChangePowerState(id, PowerStates.PowerOn, null));
        Assert.That(powering.View.Reservation, Is.Not.Null);

        var console = await host.AskAsync<Rejected>(new SetConsoleMode(id, true));
        var raid = await host.AskAsync<Rejected>(new SetTargetRaidConfig(id, Raid("""{"logical_disks": [{"size_gb": 1, "raid_level": "0"}]}""")));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(console.Kind, Is.EqualTo(RejectionKind.Conflict));
            Assert.That(console.Message, Does.StartWith($"Node {id} is locked by host test-conductor"));
            Assert.That(raid.Kind, Is.EqualTo(RejectionKind.Conflict));
        }
        Assert.That(await host.AskAsync<object>(new SetConsoleMode(id, false)), Is.TypeOf<Accepted>(),
            "nothing to do needs no lock, as in Ironic");
        Assert.That(await host.AskAsync<object>(new GetConsole(id)), Is.TypeOf<DriverCallReplies.ConsoleState>(), "reads are served");

        await host.EventuallyAsync(id, n => n.PowerState == PowerStates.PowerOn && n.TargetPowerState is null);
        Assert.That((await host.AskAsync<Accepted>(new SetConsoleMode(id, true))).View.Node.ConsoleEnabled, Is.True);
    }
}
