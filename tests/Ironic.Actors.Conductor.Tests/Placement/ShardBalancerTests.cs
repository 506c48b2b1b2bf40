using Ironic.Actors.Conductor.Nodes;
using Ironic.Actors.Conductor.Placement;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Periodic;
using NUnit.Framework;

namespace Ironic.Actors.Conductor.Tests.Placement;

/// <summary>Shard ids by placement, and where the allocation strategy puts and moves them (the hash ring per group and hardware type).</summary>
public sealed class ShardBalancerTests
{
    private static readonly NodeMessageExtractor Shards = new(10);
    private static readonly NodePlacement RackA = NodePlacement.Of("Rack-A", "ipmi");
    private static readonly NodePlacement Default = NodePlacement.Of("", "fake-hardware");

    private static RegionShards<string> Region(string name, string group, IEnumerable<string> hardwareTypes, params string[] shards) =>
        new(name, new[] { ActorKeys.ConductorRole, NodePlacement.GroupRole(group) }.Concat(hardwareTypes.Select(NodePlacement.HardwareTypeRole)).ToHashSet(),
            shards);

    [Test]
    public void A_placed_message_goes_to_the_shard_of_its_placement_and_delivers_the_message_itself()
    {
        var id = Guid.NewGuid();
        var inner = new NodeCommands.GetNode(id);
        var placed = new PlacedNodeMessage(RackA, inner);
        var shard = Shards.ShardId(Shards.EntityId(placed)!, placed);

        Assert.Multiple(() =>
        {
            Assert.That(shard, Is.EqualTo(Shards.ShardOf(id, RackA)));
            Assert.That(shard, Does.EndWith("/ipmi/rack-a"), "group compared lower-case, as Ironic does");
            Assert.That(NodeMessageExtractor.PlacementOf(shard), Is.EqualTo(RackA));
            Assert.That(Shards.EntityMessage(placed), Is.SameAs(inner));
            Assert.That(Shards.EntityId(placed), Is.EqualTo(Shards.EntityId(inner)), "the same entity either way");
            Assert.That(NodeMessageExtractor.PlacementOf(Shards.ShardId(Shards.EntityId(inner)!, inner)), Is.Null, "a bare message goes to the unplaced shard");
            Assert.That(Shards.ShardOf(id, Default), Does.EndWith("/fake-hardware/"));
            Assert.That(Shards.ShardId("shard-keeper-3/ipmi/rack-a", new PeriodicCommands.KeepShard("3/ipmi/rack-a")), Is.EqualTo("3/ipmi/rack-a"));
        });
    }

    [Test]
    public void A_shard_is_allocated_only_to_a_conductor_of_its_group_that_enables_its_hardware_type()
    {
        var regions = new[]
        {
            Region("default", "", ["ipmi", "fake-hardware"]),
            Region("rack-a-redfish", "rack-a", ["redfish"]),
            Region("rack-a-ipmi", "rack-a", ["ipmi"], "0/ipmi/rack-a", "1/ipmi/rack-a"),
            Region("rack-a-ipmi-2", "rack-a", ["ipmi"], "2/ipmi/rack-a"),
        };
        Assert.Multiple(() =>
        {
            Assert.That(ShardBalancer.Allocate(Shards.ShardOf(Guid.NewGuid(), RackA), regions), Is.EqualTo("rack-a-ipmi-2"), "the eligible one with fewest shards");
            Assert.That(ShardBalancer.Allocate("5/fake-hardware/", regions), Is.EqualTo("default"));
            Assert.That(ShardBalancer.Allocate("5/redfish/", regions), Is.Null, "no conductor of the default group enables redfish");
            Assert.That(ShardBalancer.Allocate("5/ipmi/rack-b", regions), Is.Null, "no conductor of group rack-b");
            Assert.That(ShardBalancer.Allocate("5", regions), Is.EqualTo("default"), "an unplaced shard goes anywhere");
        });
    }

    [Test]
    public void Rebalance_evens_shards_out_within_each_placement_and_moves_none_where_it_may_not_live()
    {
        var all = Enumerable.Range(0, 9).Select(i => $"{i}/ipmi/rack-a").ToArray();
        var regions = new[]
        {
            Region("a1", "rack-a", ["ipmi"], all),
            Region("a2", "rack-a", ["ipmi"]),
            Region("a3", "rack-a", ["ipmi"]),
            Region("default", "", ["ipmi"]),
        };
        var moving = ShardBalancer.Rebalance(regions, new HashSet<string>(), limit: 100);
        Assert.That(moving, Has.Count.EqualTo(6), "9 shards over 3 eligible regions: 6 leave the first; the default group's region takes none");

        var limited = ShardBalancer.Rebalance(regions, new HashSet<string>(), limit: 2);
        Assert.That(limited, Has.Count.EqualTo(2));
        var notAgain = ShardBalancer.Rebalance(regions, all.Take(3).ToHashSet(), limit: 100);
        Assert.That(notAgain.Intersect(all.Take(3)), Is.Empty, "shards already moving are left alone");
    }

    [Test]
    public void Rebalance_moves_a_shard_off_a_region_that_may_not_host_it()
    {
        var regions = new[]
        {
            Region("default", "", ["ipmi"], "0/ipmi/rack-a", "1/ipmi/"),
            Region("rack-a", "rack-a", ["ipmi"], "2/ipmi/rack-a"),
        };
        Assert.That(ShardBalancer.Rebalance(regions, new HashSet<string>(), limit: 10), Is.EquivalentTo(new[] { "0/ipmi/rack-a" }));
    }

    [Test]
    public void Balanced_regions_move_nothing()
    {
        var regions = new[] { Region("a", "", ["ipmi"], "0/ipmi/", "1/ipmi/"), Region("b", "", ["ipmi"], "2/ipmi/") };
        Assert.That(ShardBalancer.Rebalance(regions, new HashSet<string>(), limit: 10), Is.Empty);
    }

    [Test]
    public void Unplaced_shards_are_not_load_and_do_not_move()
    {
        var regions = new[]
        {
            Region("a", "", ["ipmi"], "0/ipmi/", "1/ipmi/", "2/ipmi/", "3/ipmi/"),
            Region("b", "", ["ipmi"], "0", "1", "2", "3", "4", "5"),
        };
        Assert.Multiple(() =>
        {
            Assert.That(ShardBalancer.Rebalance(regions, new HashSet<string>(), limit: 10), Has.Count.EqualTo(2).And.All.Contains("/"));
            Assert.That(ShardBalancer.Allocate("4/ipmi/", regions), Is.EqualTo("b"));
        });
    }
}
