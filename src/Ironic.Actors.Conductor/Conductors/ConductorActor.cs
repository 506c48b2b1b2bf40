using Akka.Actor;
using Akka.Event;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Protocol.Conductors;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Queries;

namespace Ironic.Actors.Conductor.Conductors;

/// <summary>
/// One per conductor member: answers what this conductor offers (for /v1/conductors and /v1/drivers)
/// and, once started, wakes the nodes the query model shows with interrupted work, so that each is
/// resolved as Ironic's start-up and takeover do instead of being left hanging.
/// </summary>
public sealed class ConductorActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ConductorActor(ConductorOptions options, HardwareTypeRegistry hardware, IActorRef queryModel, IActorRef nodeRegion, TimeProvider time)
    {
        var info = new ConductorMessages.ConductorInfo(
            options.Host, options.ConductorGroup, Describe(hardware), time.GetUtcNow());

        Receive<ConductorMessages.GetConductorInfo>(_ => Sender.Tell(info));
        Receive<NodeQueries.InterruptedNodes>(found =>
        {
            if (found.NodeIds.Count > 0)
                _log.Warning("Waking {0} nodes left with unfinished work", found.NodeIds.Count);
            WakeAll(found.NodeIds, nodeRegion, options.WakeParallelism).PipeTo(Self);
        });
        Receive<WakeFinished>(w => _log.Info("Resolved {0} interrupted nodes", w.Count));
        Receive<Status.Failure>(f => _log.Warning(f.Cause, "Waking interrupted nodes failed"));

        queryModel.Tell(NodeQueries.ListInterrupted.Instance);
    }

    public static Props Props(ConductorOptions options, HardwareTypeRegistry hardware, IActorRef queryModel, IActorRef nodeRegion, TimeProvider time) =>
        Akka.Actor.Props.Create(() => new ConductorActor(options, hardware, queryModel, nodeRegion, time));

    private static async Task<WakeFinished> WakeAll(IReadOnlyList<Guid> nodes, IActorRef region, int parallelism)
    {
        await Parallel.ForEachAsync(nodes, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (id, ct) =>
            await region.Ask<NodeReplies.Awake>(new NodeCommands.WakeNode(id), TimeSpan.FromSeconds(30), ct));
        return new WakeFinished(nodes.Count);
    }

    /// <summary>The hardware types this conductor offers, as the drivers API shows them.</summary>
    public static IReadOnlyList<ConductorMessages.HardwareTypeInfo> Describe(HardwareTypeRegistry hardware) =>
        hardware.EnabledHardwareTypes.Select(t => new ConductorMessages.HardwareTypeInfo(
            t.Name,
            NodeInterfaces.Types.ToDictionary(i => i, i => hardware.DefaultInterface(t.Name, i)),
            NodeInterfaces.Types.ToDictionary(i => i, i => hardware.EnabledInterfaces(t.Name, i)),
            hardware.Properties(t.Name))).ToList();

    private sealed record WakeFinished(int Count) : INoSerializationVerificationNeeded;
}
