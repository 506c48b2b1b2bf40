using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.States;
using Akka.Actor;
using Ironic.Actors.Protocol.Ports;
using Ironic.Actors.Protocol.Registry;
using NUnit.Framework;
using static Ironic.Actors.Protocol.Nodes.NodeCommands;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;
using static Ironic.Actors.Protocol.Replies;

namespace Ironic.Actors.Conductor.Tests;

/// <summary>
/// The node registry answers claims without waiting for each one's write before looking at the next: names
/// must still be unique under concurrent creates, and survive a restart exactly as answered.
/// </summary>
public sealed class RegistryClaimTests
{
    private string _dataDir = null!;

    [SetUp]
    public void CreateDataDirectory() => _dataDir = Directory.CreateTempSubdirectory("ironic-registry-tests-").FullName;

    [TearDown]
    public void RemoveDataDirectory() => Directory.Delete(_dataDir, recursive: true);

    private static CreateNode Create(Guid id, string name) =>
        new(id, new JsonObject { ["driver"] = "fake-hardware", ["name"] = name }, ProvisionStates.Enroll);

    [Test]
    public async Task Of_many_concurrent_creates_with_one_name_exactly_one_wins_and_it_is_the_one_kept_after_a_restart()
    {
        var ids = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        Guid winner;
        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            var answers = await Task.WhenAll(ids.Select(id => host.AskAsync<object>(Create(id, "contested"))));

            var created = answers.OfType<NodeView>().ToList();
            Assert.That(created, Has.Count.EqualTo(1), string.Join("; ", answers));
            Assert.That(answers.OfType<Rejected>().Select(r => (r.Kind, r.Message)),
                Is.EqualTo(Enumerable.Repeat((RejectionKind.Conflict, "A node with name contested already exists."), 19)));
            winner = created[0].Node.Uuid;

            // Meanwhile unrelated creates are not held up by the contested name.
            var others = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => host.AskAsync<object>(Create(Guid.NewGuid(), $"free-{i}"))));
            Assert.That(others, Has.All.TypeOf<NodeView>());
        }

        await using (var host = await ConductorHost.StartAsync(_dataDir))
        {
            var again = await host.AskAsync<Rejected>(Create(Guid.NewGuid(), "contested"));
            Assert.That(again.Kind, Is.EqualTo(RejectionKind.Conflict));
            var loser = ids.First(id => id != winner);
            Assert.That(await host.AskAsync<object>(new GetNode(loser)), Is.TypeOf<Rejected>(), "a losing create stored nothing");
            Assert.That((await host.AskAsync<NodeView>(new GetNode(winner))).Node.Name, Is.EqualTo("contested"));
        }
    }

    [Test]
    public async Task A_name_claimed_by_a_node_that_was_never_stored_is_given_to_the_next_node_that_asks()
    {
        await using var host = await ConductorHost.StartAsync(_dataDir);
        // What a conductor dying between the registry's write and the node's own leaves behind: a claim, no node.
        var ghost = Guid.NewGuid();
        var claimed = await host.NodeRegistry.Ask<object>(
            new RegistryMessages.Claim(ghost, "orphaned", null, IsNew: true), TimeSpan.FromSeconds(10));
        Assert.That(claimed, Is.TypeOf<RegistryMessages.Claimed>());
        var living = Guid.NewGuid();
        await host.AskAsync<NodeView>(Create(living, "taken"));

        var id = Guid.NewGuid();
        var created = await host.AskAsync<object>(Create(id, "orphaned"));
        var refused = await host.AskAsync<object>(Create(Guid.NewGuid(), "taken"));

        Assert.That(created, Is.TypeOf<NodeView>(), created.ToString());
        Assert.That(refused, Is.TypeOf<Rejected>().With.Property(nameof(Rejected.Message)).EqualTo("A node with name taken already exists."));
        var resolved = await host.NodeRegistry.Ask<RegistryMessages.Resolved>(new RegistryMessages.Resolve("orphaned"), TimeSpan.FromSeconds(10));
        Assert.That(resolved.NodeId, Is.EqualTo(id));
    }

    [Test]
    public async Task A_mac_address_claimed_for_a_port_that_was_never_stored_is_given_to_the_next_port()
    {
        await using var host = await ConductorHost.StartAsync(_dataDir);
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        await host.AskAsync<NodeView>(Create(first, "first"));
        await host.AskAsync<NodeView>(Create(second, "second"));
        // The first node's conductor claimed the address for a port and died before storing the port.
        var claimed = await host.NodeRegistry.Ask<object>(
            new PortRegistryMessages.ClaimPort(first, Guid.NewGuid(), "52:54:00:99:00:01"), TimeSpan.FromSeconds(10));
        Assert.That(claimed, Is.TypeOf<RegistryMessages.Claimed>());
        var stored = Guid.NewGuid();
        await host.AskAsync<PortReplies.PortView>(PortCreates.Port(first, stored, PortBody(first, "52:54:00:99:00:02")));

        var port = await host.AskAsync<object>(PortCreates.Port(second, Guid.NewGuid(), PortBody(second, "52:54:00:99:00:01")));
        var clash = await host.AskAsync<object>(PortCreates.Port(second, Guid.NewGuid(), PortBody(second, "52:54:00:99:00:02")));

        Assert.That(port, Is.TypeOf<PortReplies.PortView>(), port.ToString());
        Assert.That(clash, Is.TypeOf<Rejected>().With.Property(nameof(Rejected.Message))
            .EqualTo("A port with MAC address 52:54:00:99:00:02 already exists."));
    }

    /// <summary>Well below the registry's 5 s holder check, which a claim of the asking node's own used to wait for.</summary>
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(2);

    [Test]
    public async Task A_stale_claim_of_the_asking_node_itself_is_released_at_once_and_the_node_keeps_answering()
    {
        await using var host = await ConductorHost.StartAsync(_dataDir);
        var node = Guid.NewGuid();
        await host.AskAsync<NodeView>(Create(node, "own-claims"));
        // This node's conductor claimed an address and a portgroup name, then stopped before storing the port and the portgroup.
        Assert.That(await host.NodeRegistry.Ask<object>(
            new PortRegistryMessages.ClaimPort(node, Guid.NewGuid(), "52:54:00:99:01:01"), TimeSpan.FromSeconds(10)), Is.TypeOf<RegistryMessages.Claimed>());
        Assert.That(await host.NodeRegistry.Ask<object>(
            new PortRegistryMessages.ClaimPortgroup(node, Guid.NewGuid(), "bond-own", null), TimeSpan.FromSeconds(10)), Is.TypeOf<RegistryMessages.Claimed>());

        // The node itself asks for the same values: the registry must not ask the (busy) node whether its claim is stale.
        var port = await host.Region.Ask<object>(PortCreates.Port(node, Guid.NewGuid(), PortBody(node, "52:54:00:99:01:01")), Quick);
        var group = await host.Region.Ask<object>(
            PortCreates.Portgroup(node, Guid.NewGuid(), new JsonObject { ["node_uuid"] = node.ToString(), ["name"] = "bond-own" }), Quick);
        Assert.That(port, Is.TypeOf<PortReplies.PortView>(), port.ToString());
        Assert.That(group, Is.TypeOf<PortReplies.PortgroupView>(), group.ToString());

        // A value the node really holds is refused at once, by the node itself, and the node answers the next message.
        var again = await host.Region.Ask<object>(PortCreates.Port(node, Guid.NewGuid(), PortBody(node, "52:54:00:99:01:01")), Quick);
        Assert.That(again, Is.TypeOf<Rejected>().With.Property(nameof(Rejected.Message)).EqualTo("A port with MAC address 52:54:00:99:01:01 already exists."));
        Assert.That(await host.Region.Ask<object>(new GetNode(node), Quick), Is.TypeOf<NodeView>());
    }

    private static JsonObject PortBody(Guid node, string mac) => new() { ["address"] = mac, ["node_uuid"] = node.ToString() };
}
