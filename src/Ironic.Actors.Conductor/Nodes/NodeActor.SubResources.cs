using Akka.Actor;
using Akka.Event;
using Ironic.Actors.Conductor.Drivers;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Protocol.Nodes;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;
using static Ironic.Actors.Protocol.Replies;
using static Ironic.Actors.Protocol.Nodes.NodeSubResourceCommands;

namespace Ironic.Actors.Conductor.Nodes;

/// <summary>
/// The node's sub-resources: traits (stored events, like any update), and the driver calls behind validate,
/// the boot device and vendor passthru. Driver calls are made by the conductor's driver actors and their
/// answers piped back; the actor never waits. Calls that Ironic makes under the exclusive lock (boot device,
/// most vendor methods) hold this node's lock until they end, so other writes get 409 meanwhile; read-only
/// ones (validate, supported boot devices, the list of vendor methods) take no lock.
/// </summary>
public sealed partial class NodeActor
{
    private RunningCall? _call;
    private long _callSeq;

    /// <summary>The conductor holding the node's lock: while driver work or a locking driver call runs.</summary>
    private string? LockHolder => _work is null && _call is null ? null : Options.Host;

    /// <summary>Handles sub-resource commands and the answers of their driver calls; false for anything else.</summary>
    private bool HandleSubResourceMessage(object message)
    {
        switch (message)
        {
            case INodeSubResourceCommand when _node is null:
                Reply(NotFound());
                PassivateIfAbsent();
                return true;
            case SetTraits c:
                Execute(NodeDecisions.SetTraits(_node!, c.Traits, Now()));
                return true;
            case AddTrait c:
                Execute(NodeDecisions.AddTrait(_node!, c.Trait, Now()));
                return true;
            case RemoveTraits:
                Execute(NodeDecisions.RemoveTraits(_node!, Now()));
                return true;
            case RemoveTrait c:
                Execute(NodeDecisions.RemoveTrait(_node!, c.Trait, Now()));
                return true;
            case ValidateInterfaces:
                AskDrivers(new DriverCalls.Validate(_nodeId, _node!)
                {
                    VolumeConnectors = _ports.ConnectorList(), VolumeTargets = _ports.TargetList(), Ports = _ports.PortList(),
                }, Sender);
                return true;
            case GetSupportedBootDevices:
                AskDrivers(new DriverCalls.GetSupportedBootDevices(_nodeId, _node!), Sender);
                return true;
            case GetVendorMethods:
                AskDrivers(new DriverCalls.GetVendorMethods(_nodeId, _node!), Sender);
                return true;
            case GetBootDevice:
                CallUnderLock(new DriverCalls.GetBootDevice(_nodeId, _node!), Sender);
                return true;
            case SetBootDevice c:
                CallUnderLock(new DriverCalls.SetBootDevice(_nodeId, _node!, c.Device, c.Persistent), Sender);
                return true;
            case CallVendorMethod c:
                PrepareVendorCall(c);
                return true;
            case VendorCallPrepared prepared:
                HandleVendorCallPrepared(prepared);
                return true;
            case CallEnded ended:
                HandleCallEnded(ended);
                return true;
            default:
                return false;
        }
    }

    /// <summary>A read-only driver call: the answer goes straight to <paramref name="replyTo"/>.</summary>
    private void AskDrivers(DriverCalls.IDriverCall call, IActorRef replyTo)
    {
        var unavailable = DriversUnavailable();
        _deps.Drivers.Ask<object>(call, CallTimeout(call)).PipeTo(replyTo, failure: _ => unavailable);
    }

    /// <summary>
    /// A driver call under the node's exclusive lock (409 if someone holds it): the node is locked until the
    /// call ends, then <paramref name="replyTo"/> gets the answer (none when <see cref="ActorRefs.Nobody"/>).
    /// </summary>
    private void CallUnderLock(DriverCalls.IDriverCall call, IActorRef replyTo)
    {
        if (NodeDecisions.ReserveForDriverCall(call.Node, Now()).Rejection is { } rejection)
        {
            replyTo.Tell(Rejected.From(rejection));
            return;
        }
        var id = ++_callSeq;
        _call = new RunningCall(id);
        PipeCallToSelf(id, call, replyTo);
    }

    private void PipeCallToSelf(long id, DriverCalls.IDriverCall call, IActorRef replyTo)
    {
        var unavailable = DriversUnavailable();
        _deps.Drivers.Ask<object>(call, CallTimeout(call)).PipeTo(Self,
            success: answer => new CallEnded(id, answer, replyTo),
            failure: _ => new CallEnded(id, unavailable, replyTo));
    }

    private void HandleCallEnded(CallEnded ended)
    {
        if (_call?.Id == ended.CallId)
            _call = null;
        if (!ended.ReplyTo.IsNobody())
            AfterLockInRow(() => ended.ReplyTo.Tell(ended.Answer)); // whoever hears the call ended reads the node unlocked
        else if (ended.Answer is DriverCallReplies.Failed failed)
            // Nobody waits for an asynchronous vendor method: its failure is only logged, as in Ironic.
            _log.Warning("Node {0}: asynchronous vendor passthru call failed ({1}): {2}", _nodeId, failed.Status, failed.Message);
        if (_call is null && _work is null && _stopWhenIdle)
            Context.Stop(Self);
    }

    /// <summary>Vendor passthru, first step: the driver checks the method and its arguments (no lock yet).</summary>
    private void PrepareVendorCall(CallVendorMethod command)
    {
        var replyTo = Sender;
        var unavailable = DriversUnavailable();
        var prepare = new DriverCalls.PrepareVendorCall(_nodeId, _node!, command.Method, command.HttpMethod, command.Body);
        _deps.Drivers.Ask<object>(prepare, CallTimeout(prepare)).PipeTo(Self,
            success: answer => new VendorCallPrepared(command, answer, replyTo),
            failure: _ => new VendorCallPrepared(command, unavailable, replyTo));
    }

    /// <summary>
    /// Vendor passthru, second step: take the lock if the method wants it, run it, and answer with its value
    /// (synchronous methods) or at once with 202 (asynchronous ones, which keep the lock until they end).
    /// </summary>
    private void HandleVendorCallPrepared(VendorCallPrepared prepared)
    {
        if (prepared.Answer is not DriverCallReplies.VendorCallPlan plan)
        {
            prepared.ReplyTo.Tell(prepared.Answer);
            return;
        }
        if (_node is null)
        {
            prepared.ReplyTo.Tell(NotFound());
            return;
        }

        var command = prepared.Command;
        var invoke = new DriverCalls.InvokeVendorMethod(_nodeId, _node, command.Method, command.HttpMethod, command.Body);
        var resultTo = plan.Method.Async ? ActorRefs.Nobody : prepared.ReplyTo;
        if (plan.Method.RequireExclusiveLock)
        {
            if (NodeDecisions.ReserveForDriverCall(_node, Now()).Rejection is { } rejection)
            {
                prepared.ReplyTo.Tell(Rejected.From(rejection));
                return;
            }
            var id = ++_callSeq;
            _call = new RunningCall(id);
            PipeCallToSelf(id, invoke, resultTo);
        }
        else if (plan.Method.Async)
            PipeCallToSelf(0, invoke, resultTo); // id 0 is never a lock holder's
        else
            AskDrivers(invoke, resultTo);

        if (plan.Method.Async)
            prepared.ReplyTo.Tell(new DriverCallReplies.VendorCallResult(true, plan.Method.Attach, null));
    }

    private TimeSpan CallTimeout(DriverCalls.IDriverCall call) => DriverCallRunner.Budget(call, Options) + TimeSpan.FromSeconds(5);

    private DriverCallReplies.Failed DriversUnavailable() => new(503,
        $"The driver actors of conductor {Options.Host} did not answer for node {_nodeId}; please retry.");

    /// <summary>A driver call holding the node's lock.</summary>
    private sealed record RunningCall(long Id);

    /// <summary>A locking (or asynchronous) driver call ended with <paramref name="Answer"/>. Strictly local.</summary>
    private sealed record CallEnded(long CallId, object Answer, IActorRef ReplyTo) : INoSerializationVerificationNeeded;

    /// <summary>The driver checked a vendor passthru call. Strictly local.</summary>
    private sealed record VendorCallPrepared(CallVendorMethod Command, object Answer, IActorRef ReplyTo) : INoSerializationVerificationNeeded;
}
