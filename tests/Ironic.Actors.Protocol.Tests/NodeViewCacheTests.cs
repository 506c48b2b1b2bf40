using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Protocol.Nodes;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Ironic.Actors.Protocol.Tests;

/// <summary>
/// The member's cache of nodes read: a node is kept from its second read; an entry holds until a node changes here or
/// it is older than its limit; a read that overlapped a change is not kept; a node with work in flight never is.
/// </summary>
public class NodeViewCacheTests
{
    private readonly FakeTimeProvider _clock = new();

    private NodeViewCache NewCache(double seconds = 1) => new(_clock) { MaxAge = TimeSpan.FromSeconds(seconds) };

    private static NodeReplies.NodeView View(string provisionState = "available", string? targetPower = null) => new(new Node
    {
        Uuid = Guid.NewGuid(),
        Driver = "fake-hardware",
        ProvisionState = provisionState,
        TargetPowerState = targetPower,
        Interfaces = new NodeInterfaces("", "", "", "", "", "", "", "", "", "", "", ""),
        CreatedAt = DateTimeOffset.UnixEpoch,
    }, null, "c1", 3);

    /// <summary>Offers <paramref name="view"/> as a node read twice would be (the first read only marks it).</summary>
    private static void ReadTwice(NodeViewCache cache, string ident, NodeReplies.NodeView view)
    {
        cache.Store(ident, view, cache.Generation);
        cache.Store(ident, view, cache.Generation);
    }

    [Test]
    public void A_node_is_kept_from_its_second_read_and_reads_of_many_nodes_once_each_keep_nothing()
    {
        var cache = NewCache();
        var view = View();
        cache.Store("n1", view, cache.Generation);
        Assert.That(cache.TryGet("n1"), Is.Null, "first read: only marked");
        cache.Store("n1", view, cache.Generation);
        Assert.That(cache.TryGet("n1"), Is.SameAs(view), "second read: kept");

        for (var i = 0; i < 5_000; i++)
            cache.Store($"walk-{i}", View(), cache.Generation);
        Assert.That(cache.Count, Is.EqualTo(1), "a walk over 5,000 nodes, each read once, kept none of them");
    }

    [Test]
    public void A_node_read_is_answered_again_until_its_time_is_up()
    {
        var cache = NewCache();
        var view = View();
        ReadTwice(cache, "n1", view);

        Assert.That(cache.TryGet("n1"), Is.SameAs(view));
        Assert.That(cache.TryGet("n2"), Is.Null, "another ident");
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(cache.TryGet("n1"), Is.SameAs(view), "at its limit");
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(cache.TryGet("n1"), Is.Null, "past it: read again");
        Assert.That(cache.Count, Is.Zero, "an entry found too old leaves");
    }

    [Test]
    public void A_change_empties_it_and_a_read_that_overlapped_the_change_is_not_kept()
    {
        var cache = NewCache();
        ReadTwice(cache, "n1", View());
        Assert.That(cache.TryGet("n1"), Is.Not.Null);
        cache.Invalidate();
        Assert.That(cache.TryGet("n1"), Is.Null);

        var before = cache.Generation; // a read starts ...
        cache.Invalidate();            // ... a node changes while it runs ...
        cache.Store("n1", View(), before);
        Assert.That(cache.TryGet("n1"), Is.Null, "... and what it read may be older than the change");

        cache.Store("n1", View(), cache.Generation);
        Assert.That(cache.TryGet("n1"), Is.Not.Null, "a read after the change is kept");
    }

    [Test]
    public void A_node_with_work_in_flight_is_never_kept()
    {
        var cache = NewCache();
        ReadTwice(cache, "deploying", View(provisionState: "deploying"));
        ReadTwice(cache, "powering", View(targetPower: "power on"));
        Assert.Multiple(() =>
        {
            Assert.That(cache.TryGet("deploying"), Is.Null);
            Assert.That(cache.TryGet("powering"), Is.Null);
        });
    }

    [Test]
    public void With_no_time_set_nothing_is_kept()
    {
        var cache = NewCache(seconds: 0);
        ReadTwice(cache, "n1", View());
        Assert.That(cache.TryGet("n1"), Is.Null);
        Assert.That(cache.Count, Is.Zero);
    }

    [Test]
    public void Past_its_capacity_it_starts_again_empty()
    {
        var cache = NewCache();
        for (var i = 0; i < NodeViewCache.Capacity; i++)
            ReadTwice(cache, $"n{i}", View());
        Assert.That(cache.Count, Is.EqualTo(NodeViewCache.Capacity));
        ReadTwice(cache, "one more", View());
        Assert.That(cache.Count, Is.EqualTo(1));
        Assert.That(cache.TryGet("one more"), Is.Not.Null);
    }
}
