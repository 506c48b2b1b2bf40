using Akka.Actor;
using Akka.Event;
using Ironic.Actors.Conductor.ReadModel.Sql;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Protocol.Conductors;

namespace Ironic.Actors.Conductor.Conductors;

/// <summary>
/// One per conductor member: registers the conductor in the cluster's database when it starts (as Ironic's conductor
/// registers in its conductors table; one that stops stays listed, not alive) and answers what it offers (for
/// /v1/conductors, /v1/drivers and the inspection tool). Nodes a stopped conductor left with unfinished work are
/// resolved by the cluster's <see cref="TakeoverActor"/>.
/// </summary>
public sealed class ConductorActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ConductorActor(ConductorOptions options, HardwareTypeRegistry hardware, TimeProvider time, ConductorRows registrations)
    {
        var info = new ConductorMessages.ConductorInfo(
            options.Host, options.ConductorGroup, Describe(hardware), time.GetUtcNow());

        Receive<ConductorMessages.GetConductorInfo>(_ => Sender.Tell(info));
        Receive<Registered>(_ => _log.Info("Conductor {0} registered", info.Hostname));
        Receive<Status.Failure>(f => _log.Warning(f.Cause, "Conductor {0} could not register in the database; it is listed once it does", info.Hostname));
        registrations.RegisterAsync(info).PipeTo(Self, success: () => Registered.Instance);
    }

    public static Props Props(ConductorOptions options, HardwareTypeRegistry hardware, TimeProvider time, ConductorRows registrations) =>
        Akka.Actor.Props.Create(() => new ConductorActor(options, hardware, time, registrations));

    private sealed class Registered : INoSerializationVerificationNeeded
    {
        public static readonly Registered Instance = new();
    }

    /// <summary>The hardware types this conductor offers, as the drivers API shows them.</summary>
    public static IReadOnlyList<ConductorMessages.HardwareTypeInfo> Describe(HardwareTypeRegistry hardware) =>
        hardware.EnabledHardwareTypes.Select(t => new ConductorMessages.HardwareTypeInfo(
            t.Name,
            NodeInterfaces.Types.ToDictionary(i => i, i => hardware.DefaultInterface(t.Name, i)),
            NodeInterfaces.Types.ToDictionary(i => i, i => hardware.EnabledInterfaces(t.Name, i)),
            hardware.Properties(t.Name))).ToList();
}
