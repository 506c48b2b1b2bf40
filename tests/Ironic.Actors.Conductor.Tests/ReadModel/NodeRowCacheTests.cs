using Ironic.Actors.Conductor.ReadModel;
using NUnit.Framework;

namespace Ironic.Actors.Conductor.Tests.ReadModel;

/// <summary>
/// The rows list pages keep (<see cref="NodeRowCache"/>): a row is kept from its second read, used until a change of
/// its node (or of any node, when the writer cannot say which) is reported, never kept when its read began before such
/// a change, and not at all while the cache is not active.
/// </summary>
public sealed class NodeRowCacheTests
{
    private static readonly Guid Node = Guid.NewGuid();

    private static NodeRowCache.Row Row(long stamp, long version = 1, Guid? node = null) =>
        new((node ?? Node).ToString(), [1, 2, 3], Reservation: null, StoredConductor: "c1", EntityShard: "7/fake-hardware/", version, stamp);

    private static NodeRowCache Active() => new() { Active = true };

    [Test]
    public void A_row_is_kept_from_its_second_read_and_then_used()
    {
        var cache = Active();
        cache.Offer(1, Row(cache.Begin()));
        Assert.That(cache.TryGet(1, out _), Is.False, "read once: only remembered");

        cache.Offer(1, Row(cache.Begin()));
        Assert.That(cache.TryGet(1, out var kept), Is.True);
        Assert.That(kept.Version, Is.EqualTo(1));
    }

    [Test]
    public void A_reported_change_of_its_node_makes_a_kept_row_unusable()
    {
        var cache = Active();
        cache.Offer(1, Row(cache.Begin()));
        cache.Offer(1, Row(cache.Begin()));

        cache.Changed([Node]);

        Assert.That(cache.TryGet(1, out _), Is.False);
    }

    [Test]
    public void A_row_read_again_after_its_change_takes_the_place_of_the_old_one()
    {
        var cache = Active();
        cache.Offer(1, Row(cache.Begin()));
        cache.Offer(1, Row(cache.Begin()));
        cache.Changed([Node]);

        cache.Offer(1, Row(cache.Begin(), version: 2));

        Assert.That(cache.TryGet(1, out var kept) ? kept.Version : 0, Is.EqualTo(2));
    }

    [Test]
    public void A_row_whose_read_began_before_a_change_is_not_kept()
    {
        var cache = Active();
        cache.Offer(1, Row(cache.Begin()));
        var stamp = cache.Begin(); // the read starts, a commit of the node lands meanwhile, the read ends
        cache.Changed([Node]);
        cache.Offer(1, Row(stamp));

        Assert.That(cache.TryGet(1, out _), Is.False, "what that read saw may be older than the change");

        cache.Offer(1, Row(cache.Begin(), version: 2));
        Assert.That(cache.TryGet(1, out var kept) ? kept.Version : 0, Is.EqualTo(2), "a read begun after it is kept");
    }

    [Test]
    public void A_change_of_another_node_leaves_the_row_in_use_and_a_change_of_all_does_not()
    {
        var cache = Active();
        var other = Guid.NewGuid();
        // A node on another stripe (a different UUID's stripe is almost always different; find one surely).
        while ((StringComparer.Ordinal.GetHashCode(other.ToString()) & (NodeRowCache.Stripes - 1)) ==
               (StringComparer.Ordinal.GetHashCode(Node.ToString()) & (NodeRowCache.Stripes - 1)))
            other = Guid.NewGuid();
        cache.Offer(1, Row(cache.Begin()));
        cache.Offer(1, Row(cache.Begin()));

        cache.Changed([other]);
        Assert.That(cache.TryGet(1, out _), Is.True);

        cache.ChangedAll();
        Assert.That(cache.TryGet(1, out _), Is.False);
    }

    [Test]
    public void Nothing_is_kept_or_used_while_not_active_and_a_switch_forgets_every_row()
    {
        var cache = new NodeRowCache();
        cache.Offer(1, Row(cache.Begin()));
        cache.Offer(1, Row(cache.Begin()));
        Assert.That((cache.Count, cache.TryGet(1, out _)), Is.EqualTo((0, false)));

        cache.Active = true;
        cache.Offer(1, Row(cache.Begin()));
        cache.Offer(1, Row(cache.Begin()));
        Assert.That(cache.TryGet(1, out _), Is.True);

        cache.Active = false;
        cache.Active = true;
        Assert.That(cache.TryGet(1, out _), Is.False, "kept while another conductor may have written");
    }

    [Test]
    public void The_conductor_shown_is_the_one_hosting_the_shard_now()
    {
        var row = Row(1);
        Assert.That(row.ToStored(ShardHosts.Unknown).Conductor, Is.EqualTo("c1"), "no host known: the one that wrote it");
        Assert.That(row.ToStored(ShardHosts.From([("akka.tcp://ironic@a:1", ["7/fake-hardware/"])], new Dictionary<string, string> { ["akka.tcp://ironic@a:1"] = "c2" })).Conductor,
            Is.EqualTo("c2"));
    }

    [Test]
    public void Rows_beyond_the_budget_leave_with_their_generation()
    {
        var cache = new NodeRowCache(budgetBytes: 64 * 3 * 4) { Active = true }; // rows of 3 bytes, generations of 384 bytes
        for (var id = 0L; id < 1000; id++)
        {
            cache.Offer(id, Row(cache.Begin(), node: Guid.NewGuid()));
            cache.Offer(id, Row(cache.Begin(), node: Guid.NewGuid()));
        }
        Assert.That(cache.Count, Is.LessThanOrEqualTo(2 * 128), "two generations of 128 rows at most");
        Assert.That(cache.TryGet(999, out _), Is.True, "the newest stays");
        Assert.That(cache.TryGet(0, out _), Is.False, "the oldest went");
    }
}
