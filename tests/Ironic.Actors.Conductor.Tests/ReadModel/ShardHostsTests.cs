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
            [("akka.tcp://ironic@127.0.0.1:4051", ["1", "7"]), ("akka.tcp://ironic@127.0.0.1:4052", ["2"]), ("akka.tcp://ironic@127.0.0.1:4099", ["3"])],
            new Dictionary<string, string> { ["akka.tcp://ironic@127.0.0.1:4051"] = "conductor-1", ["akka.tcp://ironic@127.0.0.1:4052"] = "conductor-2" });

        Assert.That(hosts.IsKnown, Is.True);
        Assert.That((hosts.HostOf(1), hosts.HostOf(7), hosts.HostOf(2)), Is.EqualTo(("conductor-1", "conductor-1", "conductor-2")));
        Assert.That(hosts.HostOf(3), Is.Null, "a member whose hostname is not known yet hosts nothing yet");
        Assert.That(hosts.HostOf(42), Is.Null, "an unallocated shard");
        Assert.That(hosts.ShardsOf("conductor-1"), Is.EquivalentTo(new[] { 1, 7 }));
        Assert.That(hosts.ShardsOf("gone"), Is.Empty);
    }

    [Test]
    public void Before_any_answer_nothing_is_known() =>
        Assert.That((ShardHosts.Unknown.IsKnown, ShardHosts.Unknown.HostOf(0)), Is.EqualTo((false, (string?)null)));
}
