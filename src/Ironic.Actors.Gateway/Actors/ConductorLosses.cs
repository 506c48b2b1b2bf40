namespace Ironic.Actors.Gateway.Actors;

/// <summary>
/// A signal of conductor members removed from the cluster, for the gateway's writes in flight: <see cref="Next"/>
/// completes at the next removal. Written by the gateway actor (its cluster events), awaited by its async request flows.
/// </summary>
internal sealed class ConductorLosses
{
    private TaskCompletionSource _next = NewSignal();

    /// <summary>Completes when the next conductor is removed (after the moment it is read).</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>A conductor was removed: completes the current <see cref="Next"/> and starts another.</summary>
    public void Lost() => Interlocked.Exchange(ref _next, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
