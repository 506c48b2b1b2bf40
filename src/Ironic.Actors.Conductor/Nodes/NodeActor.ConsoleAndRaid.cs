using Akka.Actor;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Protocol.Nodes;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;
using static Ironic.Actors.Protocol.Replies;
using static Ironic.Actors.Protocol.Nodes.NodeSubResourceCommands;

namespace Ironic.Actors.Conductor.Nodes;

/// <summary>
/// The node's console (GET/PUT /states/console) and target RAID configuration (PUT /states/raid). Both change the
/// node record only after a driver call: the console interface starts or stops the console, the RAID interface checks
/// the configuration. The call runs under the node's exclusive lock (409 for others meanwhile); its success is stored
/// as an event, and only then is the client answered, so whoever hears "accepted" reads the change everywhere.
/// </summary>
public sealed partial class NodeActor
{
    /// <summary>Handles console and RAID requests and the answers of their driver calls; false for anything else.</summary>
    private bool HandleConsoleAndRaidMessage(object message)
    {
        switch (message)
        {
            case GetConsole or SetConsoleMode or SetTargetRaidConfig when _node is null:
                Reply(NotFound());
                PassivateIfAbsent();
                return true;
            case GetConsole:
                // Ironic asks the console interface only while the console is enabled.
                if (_node!.ConsoleEnabled)
                    AskDrivers(new DriverCalls.GetConsoleInfo(_nodeId, _node), Sender);
                else
                    Reply(new DriverCallReplies.ConsoleState(false, null));
                return true;
            case SetConsoleMode c:
                CheckConsole(c);
                return true;
            case ConsoleChecked checkedConsole:
                HandleConsoleChecked(checkedConsole);
                return true;
            case SetTargetRaidConfig c when !NodeDecisions.RaidConfigNeedsCheck(c.Config):
                Execute(NodeDecisions.SetTargetRaidConfig(_node!, c.Config, Now()));
                return true;
            case SetTargetRaidConfig c:
                CallThenStore(new DriverCalls.ValidateRaidConfig(_nodeId, _node!, c.Config),
                    () => NodeDecisions.SetTargetRaidConfig(_node!, c.Config, Now()), Sender);
                return true;
            case StoreAfterCall ended:
                HandleStoreAfterCall(ended);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// PUT /states/console, first step, as Ironic orders it: the console interface validates (400 for no-console)
    /// before anything else, even when there is nothing to do. No lock is taken yet.
    /// </summary>
    private void CheckConsole(SetConsoleMode command)
    {
        var replyTo = Sender;
        var unavailable = DriversUnavailable();
        var validate = new DriverCalls.ValidateConsole(_nodeId, _node!);
        _deps.Drivers.Ask<object>(validate, CallTimeout(validate)).PipeTo(Self,
            success: answer => new ConsoleChecked(command, answer, replyTo),
            failure: _ => new ConsoleChecked(command, unavailable, replyTo));
    }

    /// <summary>PUT /states/console, second step: nothing to do (202 at once), or switch the console under the lock.</summary>
    private void HandleConsoleChecked(ConsoleChecked checkedConsole)
    {
        var replyTo = checkedConsole.ReplyTo;
        if (checkedConsole.Answer is not DriverCallReplies.Done)
        {
            replyTo.Tell(checkedConsole.Answer);
            return;
        }
        if (_node is null)
        {
            replyTo.Tell(NotFound());
            return;
        }
        if (!NodeDecisions.ConsoleSwitchNeeded(_node, checkedConsole.Command.Enabled))
        {
            replyTo.Tell(new Accepted(View()));
            return;
        }
        var enabled = checkedConsole.Command.Enabled!.Value;
        CallThenStore(new DriverCalls.SwitchConsole(_nodeId, _node, enabled), () => NodeDecisions.ConsoleSwitched(_node!, enabled, Now()), replyTo);
    }

    /// <summary>
    /// Takes the node's lock (409 if someone holds it), makes <paramref name="call"/>, and when it answers Done stores
    /// what <paramref name="decide"/> decides then (on the node as it is then, unlocked) before answering Accepted.
    /// </summary>
    private void CallThenStore(DriverCalls.IDriverCall call, Func<Decision> decide, IActorRef replyTo)
    {
        if (NodeDecisions.ReserveForDriverCall(call.Node, Now()).Rejection is { } rejection)
        {
            replyTo.Tell(Rejected.From(rejection));
            return;
        }
        var id = ++_callSeq;
        _call = new RunningCall(id);
        var unavailable = DriversUnavailable();
        _deps.Drivers.Ask<object>(call, CallTimeout(call)).PipeTo(Self,
            success: answer => new StoreAfterCall(id, answer, decide, replyTo),
            failure: _ => new StoreAfterCall(id, unavailable, decide, replyTo));
    }

    private void HandleStoreAfterCall(StoreAfterCall ended)
    {
        if (_call?.Id == ended.CallId)
            _call = null; // given back before storing, so the row written with the change shows the node unlocked
        var decision = ended.Answer is DriverCallReplies.Done && _node is not null ? ended.Decide() : null;
        if (decision?.IsAccepted != true)
        {
            object answer = _node is null ? NotFound()
                : decision?.Rejection is { } rejection ? Rejected.From(rejection)
                : ended.Answer;
            AfterLockInRow(() => Finish(ended.ReplyTo, answer));
            return;
        }
        if (decision.Events.Count == 0)
            AfterLockInRow(() => Finish(ended.ReplyTo, new Accepted(View())));
        else
            PersistEvents(decision.Events, () => Finish(ended.ReplyTo, new Accepted(View())));
    }

    private void Finish(IActorRef replyTo, object answer)
    {
        replyTo.Tell(answer);
        if (_call is null && _work is null && _stopWhenIdle)
            Context.Stop(Self);
    }

    /// <summary>The console interface validated (or not) for a PUT /states/console. Strictly local.</summary>
    private sealed record ConsoleChecked(SetConsoleMode Command, object Answer, IActorRef ReplyTo) : INoSerializationVerificationNeeded;

    /// <summary>A driver call whose success is to be stored ended with <paramref name="Answer"/>. Strictly local.</summary>
    private sealed record StoreAfterCall(long CallId, object Answer, Func<Decision> Decide, IActorRef ReplyTo) : INoSerializationVerificationNeeded;
}
