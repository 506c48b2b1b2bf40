using Akka.Actor;
using Akka.Event;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Protocol.Conductors;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Queries;

namespace Ironic.Actors.Conductor.Conductors;

/// <summary>
/// One per conductor member: answers what this conductor offers (for /v1/conductors, /v1/drivers and the inspection
/// tool). Nodes a stopped conductor left with unfinished work are resolved by the cluster's <see cref="TakeoverActor"/>.
/// </summary>
public sealed class ConductorActor : ReceiveActor
{
    public ConductorActor(ConductorOptions options, HardwareTypeRegistry hardware, TimeProvider time)
    {
        var info = new ConductorMessages.ConductorInfo(
            options.Host, options.ConductorGroup, Describe(hardware), time.GetUtcNow());

        Receive<ConductorMessages.GetConductorInfo>(_ => Sender.Tell(info));
    }

    public static Props Props(ConductorOptions options, HardwareTypeRegistry hardware, TimeProvider time) =>
        Akka.Actor.Props.Create(() => new ConductorActor(options, hardware, time));

    /// <summary>The hardware types this conductor offers, as the drivers API shows them.</summary>
    public static IReadOnlyList<ConductorMessages.HardwareTypeInfo> Describe(HardwareTypeRegistry hardware) =>
        hardware.EnabledHardwareTypes.Select(t => new ConductorMessages.HardwareTypeInfo(
            t.Name,
            NodeInterfaces.Types.ToDictionary(i => i, i => hardware.DefaultInterface(t.Name, i)),
            NodeInterfaces.Types.ToDictionary(i => i, i => hardware.EnabledInterfaces(t.Name, i)),
            hardware.Properties(t.Name))).ToList();
}
