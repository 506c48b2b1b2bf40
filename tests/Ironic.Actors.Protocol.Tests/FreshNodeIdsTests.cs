using Akka.Actor;
using Ironic.Actors.Protocol.Conductors;
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
    [Test]
    public async Task A_create_marks_its_id_until_it_is_answered()
    {
        using var system = ActorSystem.Create("fresh-ids-create");
        var ids = FreshNodeIds.For(system);
        var id = Guid.NewGuid();
        var answer = new TaskCompletionSource<object>();
        var create = ids.WhileCreating(id, new ConductorLosses(), () => answer.Task);
        Assert.That(ids.IsFresh(id), Is.True, "marked while the create is on its way");
        answer.SetResult("created");
        Assert.That(await create, Is.EqualTo("created"));
        Assert.That(ids.IsFresh(id), Is.False, "stored once answered: a later start recovers it");
        await system.Terminate();
    }

    [Test]
    public async Task A_conductor_removed_while_a_create_waits_takes_its_mark_away()
    {
        // The create may have been stored on the conductor removed; its copy may start the entity here, which must recover.
        using var system = ActorSystem.Create("fresh-ids-loss");
        var ids = FreshNodeIds.For(system);
        var losses = new ConductorLosses();
        var id = Guid.NewGuid();
        var answer = new TaskCompletionSource<object>();
        var create = ids.WhileCreating(id, losses, () => answer.Task);
        losses.Lost(new ConductorLoss(new Address("akka.tcp", "ironic", "127.0.0.1", 2552), WasOldest: false));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (ids.IsFresh(id))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the mark outlived the removal");
            await Task.Yield();
        }
        Assert.That(create.IsCompleted, Is.False, "the create still waits for its answer");
        answer.SetResult("created");
        Assert.That(await create, Is.EqualTo("created"));
        await system.Terminate();
    }
}
