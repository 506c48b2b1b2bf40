using Akka.Actor;
using Ironic.Actors.Protocol.Nodes;
using NUnit.Framework;

namespace Ironic.Actors.Protocol.Tests;

/// <summary>
/// The marks that let a just-created node's entity skip its recovery reads: one per actor system, looked at by the
/// snapshot store, taken once by the journal, never there for an id that was not marked.
/// </summary>
public class FreshNodeIdsTests
{
    [Test]
    public async Task A_mark_is_seen_until_it_is_taken_once_and_only_in_its_own_actor_system()
    {
        using var system = ActorSystem.Create("fresh-ids");
        using var other = ActorSystem.Create("fresh-ids-other");
        var marked = Guid.NewGuid();
        var unmarked = Guid.NewGuid();
        FreshNodeIds.For(system).Mark(marked);

        Assert.That(FreshNodeIds.For(system).IsFresh(marked), Is.True);
        Assert.That(FreshNodeIds.For(system).IsFresh(marked), Is.True, "looking does not take it");
        Assert.That(FreshNodeIds.For(system).IsFresh(unmarked), Is.False);
        Assert.That(FreshNodeIds.For(other).IsFresh(marked), Is.False, "a mark is this member's only");
        Assert.That(FreshNodeIds.For(system).Take(marked), Is.True);
        Assert.That(FreshNodeIds.For(system).Take(marked), Is.False, "one recovery uses it");
        Assert.That(FreshNodeIds.For(system).IsFresh(marked), Is.False);
        await Task.WhenAll(system.Terminate(), other.Terminate());
    }

    [Test]
    public async Task Marks_nobody_takes_do_not_pile_up_past_their_age()
    {
        using var system = ActorSystem.Create("fresh-ids-purge");
        var ids = FreshNodeIds.For(system);
        for (var i = 0; i < 5000; i++)
            ids.Mark(Guid.NewGuid());
        // Younger than MaxAge: all kept (purging is by age, never of marks an entity may still take).
        Assert.That(ids.Count, Is.EqualTo(5000));
        await system.Terminate();
    }
}
