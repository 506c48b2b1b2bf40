using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Ports;
using NUnit.Framework;
using static Ironic.Actors.Protocol.Nodes.NodeCommands;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;
using static Ironic.Actors.Protocol.Replies;
using static Ironic.Actors.Protocol.Nodes.NodeSubResourceCommands;
using static Ironic.Actors.Protocol.Ports.PortCommands;

namespace Ironic.Actors.Conductor.Tests;

/// <summary>
/// VIFs on a real conductor (SQLite journal, flat and noop network interfaces enabled): an attach or detach is answered
/// only once the port holding the VIF is stored, is recovered after a restart, and a refused one stores nothing.
/// </summary>
public sealed class NodeVifEntityTests
{
    private string _dataDir = null!;

    [SetUp]
    public void CreateDataDirectory() => _dataDir = Directory.CreateTempSubdirectory("ironic-vif-tests-").FullName;

    [TearDown]
    public void RemoveDataDirectory() => Directory.Delete(_dataDir, recursive: true);

    private static Task<ConductorHost> StartAsync(string dataDir, Action<Hosting.IronicOptions>? more = null) =>
        ConductorHost.StartAsync(dataDir, o =>
        {
            o.Hardware.EnabledInterfaces["network"] = ["flat", "noop"];
            o.Hardware.DefaultInterfaces["network"] = "noop";
            more?.Invoke(o);
        });

    private static JsonObject NodeBody(string network) => new() { ["driver"] = "fake-hardware", ["network_interface"] = network };

    private static JsonObject PortBody(Guid node, string mac) => new() { ["node_uuid"] = node.ToString(), ["address"] = mac };

    [Test]
    public async Task An_attached_VIF_is_stored_on_the_port_before_the_answer_and_survives_a_restart()
    {
        var id = Guid.NewGuid();
        var port = Guid.NewGuid();
        await using (var host = await StartAsync(_dataDir))
        {
            await host.AskAsync<NodeView>(new CreateNode(id, NodeBody("flat"), ProvisionStates.Enroll));
            await host.AskAsync<PortReplies.PortView>(PortCreates.Port(id, port, PortBody(id, "52:54:00:30:00:01")));

            var attached = await host.AskAsync<Accepted>(new AttachVif(id, "vif-1", null, null));

            Assert.That(attached.View.Reservation, Is.Null);
            var stored = await host.AskAsync<PortReplies.PortView>(new GetPort(id, port));
            Assert.That(stored.Port.InternalInfo[VifDecisions.TenantVifKey]?.GetValue<string>(), Is.EqualTo("vif-1"), "stored before the answer");
            Assert.That(await host.AskAsync<Vifs>(new ListVifs(id)), Is.EqualTo(new Vifs(["vif-1"])).Using(new VifsComparer()));
        }

        await using (var host = await StartAsync(_dataDir))
        {
            Assert.That((await host.AskAsync<Vifs>(new ListVifs(id))).Ids, Is.EqualTo(new[] { "vif-1" }), "recovered from the journal");
            var full = await host.AskAsync<Rejected>(new AttachVif(id, "vif-2", null, null));
            Assert.That(full, Is.EqualTo(new Rejected(RejectionKind.Invalid, "Unable to attach VIF vif-2, not enough free physical ports.")));

            await host.AskAsync<Accepted>(new DetachVif(id, "vif-1"));
            Assert.That((await host.AskAsync<Vifs>(new ListVifs(id))).Ids, Is.Empty);
            var notAttached = await host.AskAsync<Rejected>(new DetachVif(id, "vif-1"));
            Assert.That(notAttached.Message, Is.EqualTo($"Unable to detach VIF vif-1 from node {id} because it is not attached to it."));
        }

        await using (var host = await StartAsync(_dataDir))
        {
            var port2 = await host.AskAsync<PortReplies.PortView>(new GetPort(id, port));
            Assert.That(port2.Port.InternalInfo.ContainsKey(VifDecisions.TenantVifKey), Is.False, "the detach was stored too");
        }
    }

    [Test]
    public async Task Refusals_store_nothing_and_a_missing_node_is_404()
    {
        var id = Guid.NewGuid();
        await using var host = await StartAsync(_dataDir);
        await host.AskAsync<NodeView>(new CreateNode(id, NodeBody("flat"), ProvisionStates.Enroll));
        await host.AskAsync<PortReplies.PortView>(PortCreates.Port(id, Guid.NewGuid(), PortBody(id, "52:54:00:30:00:02")));
        await host.AskAsync<Accepted>(new AttachVif(id, "vif-1", null, null));
        var before = (await host.AskAsync<NodeView>(new GetNode(id))).Version;

        var again = await host.AskAsync<Rejected>(new AttachVif(id, "vif-1", null, null));
        Assert.That(again.Kind, Is.EqualTo(RejectionKind.Conflict));
        Assert.That((await host.AskAsync<Rejected>(new DetachVif(id, "other"))).Kind, Is.EqualTo(RejectionKind.Invalid));
        Assert.That((await host.AskAsync<NodeView>(new GetNode(id))).Version, Is.EqualTo(before));
        Assert.That((await host.AskAsync<Rejected>(new ListVifs(Guid.NewGuid()))).Kind, Is.EqualTo(RejectionKind.NotFound));
        Assert.That((await host.AskAsync<Rejected>(new AttachVif(Guid.NewGuid(), "v", null, null))).Kind, Is.EqualTo(RejectionKind.NotFound));
    }

    [Test]
    public async Task Noop_attaches_nothing_and_VIF_changes_are_409_while_power_work_holds_the_lock()
    {
        var id = Guid.NewGuid();
        await using var host = await StartAsync(_dataDir, o => o.Hardware.FakeDelays.Power = "3");
        var created = await host.AskAsync<NodeView>(new CreateNode(id, NodeBody("noop"), ProvisionStates.Manageable));
        await host.AskAsync<PortReplies.PortView>(PortCreates.Port(id, Guid.NewGuid(), PortBody(id, "52:54:00:30:00:03")));
        var withPort = (await host.AskAsync<NodeView>(new GetNode(id))).Version;

        var attached = await host.AskAsync<Accepted>(new AttachVif(id, "vif-1", null, null));
        Assert.That(attached.View.Version, Is.EqualTo(withPort), "noop stores nothing");
        Assert.That((await host.AskAsync<Vifs>(new ListVifs(id))).Ids, Is.Empty);
        await host.AskAsync<Accepted>(new DetachVif(id, "never-attached"));

        await host.AskAsync<Accepted>(new ChangePowerState(id, PowerStates.PowerOn, null));
        var locked = await host.AskAsync<Rejected>(new AttachVif(id, "vif-2", null, null));
        Assert.That(locked.Kind, Is.EqualTo(RejectionKind.Conflict));
        Assert.That(locked.Message, Does.StartWith($"Node {id} is locked by host test-conductor"));
        Assert.That((await host.AskAsync<Rejected>(new DetachVif(id, "vif-2"))).Kind, Is.EqualTo(RejectionKind.Conflict));
        Assert.That(await host.AskAsync<object>(new ListVifs(id)), Is.TypeOf<Vifs>(), "listing takes no lock");
        Assert.That(created.Version, Is.LessThan(withPort));
    }

    private sealed class VifsComparer : IEqualityComparer<Vifs>
    {
        public bool Equals(Vifs? x, Vifs? y) => x is not null && y is not null && x.Ids.SequenceEqual(y.Ids);
        public int GetHashCode(Vifs obj) => obj.Ids.Count;
    }
}
