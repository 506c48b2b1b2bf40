using Akka.Actor;
using Akka.Cluster;

namespace Ironic.Actors.Protocol.Conductors;

/// <summary>
/// Conductor members removed from the cluster, as a signal for the asks in flight on this member: a message sent to a
/// node's shard or to a cluster singleton on a conductor that then died was lost with it, and only its removal tells
/// the sender so (the region and the singleton proxies find the new homes then). <see cref="Next"/> completes at the
/// next removal; <see cref="AskAcrossLosses"/> sends a message again after one. Without a cluster nothing is ever lost.
/// </summary>
public sealed class ConductorLosses : IExtension
{
    private TaskCompletionSource<ConductorLoss> _next = NewSignal();

    public static ConductorLosses For(ActorSystem system) => system.WithExtension<ConductorLosses, Provider>();

    /// <summary>Completes when the next conductor is removed (after the moment it is read).</summary>
    public Task<ConductorLoss> Next => Volatile.Read(ref _next).Task;

    /// <summary>
    /// A conductor was removed: completes the current <see cref="Next"/> with <paramref name="loss"/>, which leads to the
    /// one after (<see cref="ConductorLoss.Next"/>), so that a waiter misses none however close together they come.
    /// </summary>
    public void Lost(ConductorLoss loss)
    {
        var next = NewSignal();
        Interlocked.Exchange(ref _next, next).TrySetResult(loss with { Next = next.Task });
    }

    private static TaskCompletionSource<ConductorLoss> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Provider : ExtensionIdProvider<ConductorLosses>
    {
        public override ConductorLosses CreateExtension(ExtendedActorSystem system)
        {
            var losses = new ConductorLosses();
            if (system.Provider is IClusterActorRefProvider)
                system.SystemActorOf(Props.Create(() => new Watcher(losses)), "conductor-losses");
            return losses;
        }
    }

    /// <summary>Follows the cluster's removed members for <see cref="Lost"/>.</summary>
    private sealed class Watcher : ReceiveActor
    {
        public Watcher(ConductorLosses losses)
        {
            Receive<ClusterEvent.MemberRemoved>(removed =>
            {
                if (removed.Member.HasRole(ActorKeys.ConductorRole))
                    losses.Lost(new ConductorLoss(removed.Member.Address, WasOldest(removed.Member)));
            });
            Receive<ClusterEvent.CurrentClusterState>(_ => { });
        }

        /// <summary>
        /// Whether no other conductor that is up is older than <paramref name="removed"/>: the cluster singletons lived on it.
        /// When unsure (several removed at once), yes.
        /// </summary>
        private static bool WasOldest(Member removed) =>
            !Cluster.Get(Context.System).State.Members.Any(m =>
                m.UniqueAddress != removed.UniqueAddress && m.Status == MemberStatus.Up && m.HasRole(ActorKeys.ConductorRole) &&
                m.IsOlderThan(removed));

        protected override void PreStart() =>
            Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.MemberRemoved));

        protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);
    }
}

/// <summary>A conductor removed from the cluster; <see cref="WasOldest"/> when the cluster singletons lived on it.</summary>
public sealed record ConductorLoss(Address Address, bool WasOldest)
{
    /// <summary>Completes at the removal after this one.</summary>
    public Task<ConductorLoss> Next { get; init; } = new TaskCompletionSource<ConductorLoss>().Task;
}

/// <summary>Asks that survive the loss of the conductor their message went to.</summary>
public static class AskAcrossLosses
{
    /// <summary>When copies go out after a conductor's removal: one as soon as the region or proxy has dropped that member, one in case it had not yet.</summary>
    private static readonly TimeSpan[] ResendDelays = [TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(3)];

    /// <summary>
    /// Asks <paramref name="target"/> (a shard region, or with <paramref name="singleton"/> a singleton proxy) and, when
    /// a conductor is removed from the cluster while the answer is awaited (for a singleton: the oldest, where it lived),
    /// sends <paramref name="message"/> again shortly after the removal: it may have gone to that conductor and been lost
    /// there. The first answer to any copy is the answer, so
    /// <paramref name="message"/> must be safe to act on twice (a read, a claim its holder repeats) or carry its own
    /// deduplication (<see cref="Nodes.ResendableNodeMessage"/>). The copies share <paramref name="timeout"/> with the
    /// first ask, or, with <paramref name="renewOnLoss"/>, each gets the whole of it: a singleton's new home needs the
    /// removal and then a start, which may take most of a short time-out.
    /// </summary>
    public static async Task<object> AskAcrossLossesAsync(
        this IActorRef target, object message, TimeSpan timeout, ConductorLosses losses, bool renewOnLoss = false, bool singleton = false)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var lost = losses.Next; // read before the message is sent: a removal while it is on its way counts
        var answer = target.Ask<object>(message, timeout);
        while (await Task.WhenAny(answer, lost).ConfigureAwait(false) == lost)
        {
            var loss = await lost.ConfigureAwait(false);
            lost = loss.Next;
            if (singleton && !loss.WasOldest)
                continue; // the singleton did not live there: the first copy is not lost, and a copy could be acted on twice
            var left = timeout - clock.Elapsed;
            foreach (var delay in ResendDelays)
                answer = FirstAnswer(answer, Resend(target, message, delay, renewOnLoss ? delay + timeout : left));
        }
        return await answer.ConfigureAwait(false);
    }

    private static async Task<object> Resend(IActorRef target, object message, TimeSpan delay, TimeSpan left)
    {
        if (left <= delay)
            throw new AskTimeoutException("No time left to send the message again.");
        await Task.Delay(delay).ConfigureAwait(false);
        return await target.Ask<object>(message, left - delay).ConfigureAwait(false);
    }

    /// <summary>The answer of whichever ask answers first; a time-out only when both time out.</summary>
    private static async Task<object> FirstAnswer(Task<object> first, Task<object> second)
    {
        var done = await Task.WhenAny(first, second).ConfigureAwait(false);
        return done.IsCompletedSuccessfully ? done.Result : await (done == first ? second : first).ConfigureAwait(false);
    }
}
