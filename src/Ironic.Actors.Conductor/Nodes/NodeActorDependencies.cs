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

    /// <summary>The allocations singleton (or its proxy), told when the node drops its allocation.</summary>
    public IActorRef Allocations { get; init; } = ActorRefs.Nobody;

    /// <summary>The deploy templates singleton (or its proxy), asked which templates a deploy's instance traits name.</summary>
    public IActorRef DeployTemplates { get; init; } = ActorRefs.Nobody;

    /// <summary>
    /// This member's read-model writer (<see cref="ReadModel.ReadModelWriterActor"/>): the entity hands it its row after
    /// every stored change and waits for the answer before going on.
    /// </summary>
    public IActorRef ReadModel { get; init; } = ActorRefs.Nobody;

    /// <summary>
    /// Entities recover from their read-model rows (<see cref="ReadModel.ReadModelSnapshotStore"/>) and save no snapshots of
    /// their own. Off: the default snapshot store, a snapshot every <see cref="ConductorOptions.SnapshotEvery"/> events.
    /// </summary>
    public bool SnapshotsInReadModel { get; init; }

    /// <summary>
    /// How node ids and placements map to shards, when entities live in the node region: an entity that finds itself in
    /// a shard other than its placement's forwards what it receives there and stops (<see cref="NodeActor"/>, Placement).
    /// Null (actor tests without sharding): no placement check.
    /// </summary>
    public NodeMessageExtractor? Shards { get; init; }

    /// <summary>Where the CAs agents send with their heartbeats are saved (<c>[agent]certificates_path</c>).</summary>
    public Agent.AgentCertificateStore AgentCertificates { get; init; } =
        new(Path.Combine(Path.GetTempPath(), "ironic-actors-certificates"));

    /// <summary><c>[agent]require_tls</c>: heartbeats with a plain http callback URL are refused.</summary>
    public bool RequireAgentTls { get; init; }
}
