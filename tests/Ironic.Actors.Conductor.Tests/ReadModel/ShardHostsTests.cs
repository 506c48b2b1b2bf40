using Ironic.Actors.Conductor.ReadModel;
using NUnit.Framework;

namespace Ironic.Actors.Conductor.Tests.ReadModel;

/// <summary>Which conductor hosts which shard, from the sharding statistics and the conductors' hostnames.</summary>
public sealed class ShardHostsTests
{
    [Test]
    public void Shards_map_to_the_hostname_of_the_member_whose_region_holds_them()
    {
        var hosts = ShardHosts.From(
            [("akka.tcp://ironic@127.0.0.1:4051", ["1/ipmi/", "7/ipmi/rack-a", "7"]), ("akka.tcp://ironic@127.0.0.1:4052", ["2/ipmi/"]), ("akka.tcp://ironic@127.0.0.1:4099", ["3/ipmi/"])],
            new Dictionary<string, string> { ["akka.tcp://ironic@127.0.0.1:4051"] = "conductor-1", ["akka.tcp://ironic@127.0.0.1:4052"] = "conductor-2" });

        Assert.That(hosts.IsKnown, Is.True);
        Assert.That((hosts.HostOf("1/ipmi/"), hosts.HostOf("7/ipmi/rack-a"), hosts.HostOf("2/ipmi/")), Is.EqualTo(("conductor-1", "conductor-1", "conductor-2")));
        Assert.That(hosts.HostOf("3/ipmi/"), Is.Null, "a member whose hostname is not known yet hosts nothing yet");
        Assert.That(hosts.HostOf("42/ipmi/"), Is.Null, "an unallocated shard");
        Assert.That(hosts.HostOf("7"), Is.Null, "an unplaced shard holds no node rows");
        Assert.That(hosts.ShardsOf("conductor-1"), Is.EquivalentTo(new[] { "1/ipmi/", "7/ipmi/rack-a" }));
        Assert.That(hosts.ShardsOf("gone"), Is.Empty);
    }

    [Test]
    public void Two_answers_are_the_same_when_every_shard_has_the_same_host()
    {
        var names = new Dictionary<string, string> { ["a"] = "conductor-1", ["b"] = "conductor-2" };
        var hosts = ShardHosts.From([("a", ["1/ipmi/"]), ("b", ["2/ipmi/"])], names);
        Assert.Multiple(() =>
        {
            Assert.That(hosts.SameAs(ShardHosts.From([("b", ["2/ipmi/"]), ("a", ["1/ipmi/"])], names)), Is.True);
            Assert.That(hosts.SameAs(ShardHosts.From([("a", ["1/ipmi/", "2/ipmi/"])], names)), Is.False, "a shard moved");
            Assert.That(hosts.SameAs(ShardHosts.From([("a", ["1/ipmi/"])], names)), Is.False, "a shard is gone");
            Assert.That(hosts.SameAs(ShardHosts.Unknown), Is.False);
            Assert.That(ShardHosts.Unknown.SameAs(ShardHosts.Unknown), Is.True);
        });
    }

    [Test]
    public void Before_any_answer_nothing_is_known() =>
        Assert.That((ShardHosts.Unknown.IsKnown, ShardHosts.Unknown.HostOf("0/ipmi/")), Is.EqualTo((false, (string?)null)));
}
