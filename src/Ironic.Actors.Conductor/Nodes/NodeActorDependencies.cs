using Akka.Actor;
using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Conductor.Nodes;

/// <summary>What every node entity on a conductor shares: settings, the hardware registry, the clock and the actors it talks to.</summary>
public sealed record NodeActorDependencies(
    ConductorOptions Options,
    IInterfaceResolver Resolver,
    TimeProvider Time,
    IActorRef Drivers,
    IActorRef Registry)
{
    public TimeSpan RegistryTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The chassis singleton (or its proxy), which a node asks before it names a chassis.</summary>
    public IActorRef Chassis { get; init; } = ActorRefs.Nobody;

    /// <summary>
    /// This member's query model, told of every stored change at once so that lists served here do not wait
    /// for the journal projection (which still brings changes made on other members).
    /// </summary>
    public IActorRef QueryModel { get; init; } = ActorRefs.Nobody;
}
