using Akka.Actor;
using Ironic.Actors.Protocol.Nodes;

namespace Ironic.Actors.Conductor.Drivers;

/// <summary>
/// The driver actor of one interface type on a conductor (power, deploy, inspect, ...). It starts each
/// driver call as a task and pipes the outcome back to the node entity that asked: it never blocks, and
/// one slow or hanging BMC only holds its own task, bounded by the work's time budget.
/// </summary>
public sealed class DriverInterfaceActor : ReceiveActor
{
    private readonly CancellationTokenSource _stopping = new();

    public DriverInterfaceActor(DriverWorkRunner runner)
    {
        Receive<DriverWork.Run>(run =>
        {
            var replyTo = Sender;
            runner.RunAsync(run.Work, run.Node, run.Ports ?? [], _stopping.Token)
                .PipeTo(replyTo, success: outcome => new DriverWork.Completed(run.NodeId, run.WorkId, run.Work, outcome));
        });
        Receive<DriverCalls.IDriverCall>(call =>
        {
            var replyTo = Sender;
            runner.Calls.RunAsync(call, _stopping.Token).PipeTo(replyTo);
        });
    }

    public static Props Props(DriverWorkRunner runner) => Akka.Actor.Props.Create(() => new DriverInterfaceActor(runner));

    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
