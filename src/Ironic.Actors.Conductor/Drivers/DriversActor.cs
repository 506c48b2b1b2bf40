using Akka.Actor;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Protocol.Nodes;

namespace Ironic.Actors.Conductor.Drivers;

/// <summary>
/// Parent of a conductor's driver actors, one per interface type, and the address node entities send
/// their work to. It routes each unit of work to the actor of the interface that leads it, and restarts
/// a failed child without touching the others.
/// </summary>
public sealed class DriversActor : ReceiveActor
{
    /// <summary>Interface types that get a driver actor (Ironic's core interfaces plus those work is routed to).</summary>
    public static readonly IReadOnlyList<string> InterfaceTypes = ["power", "deploy", "management", "boot", "network", "storage", "inspect", "rescue", "vendor", "console", "raid"];

    public DriversActor(DriverWorkRunner runner)
    {
        var children = InterfaceTypes.ToDictionary(t => t, t => Context.ActorOf(DriverInterfaceActor.Props(runner), t));
        Receive<DriverWork.Run>(run => children[LeadInterface(run.Work.Kind)].Forward(run));
        Receive<DriverCalls.IDriverCall>(call => children[DriverCalls.InterfaceOf(call)].Forward(call));
    }

    public static Props Props(DriverWorkRunner runner) => Akka.Actor.Props.Create(() => new DriversActor(runner));

    /// <summary>The interface whose driver actor runs a kind of work.</summary>
    public static string LeadInterface(WorkKind kind) => kind switch
    {
        WorkKind.Verify or WorkKind.Power => "power",
        WorkKind.Inspect => "inspect",
        WorkKind.Rescue or WorkKind.Unrescue => "rescue",
        _ => "deploy",
    };

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(maxNrOfRetries: 10, withinTimeRange: TimeSpan.FromMinutes(1), localOnlyDecider: _ => Directive.Restart);
}
