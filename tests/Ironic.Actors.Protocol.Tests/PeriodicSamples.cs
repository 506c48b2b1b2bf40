using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Periodic;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Periodic;
using static Ironic.Actors.Protocol.Tests.Samples;

namespace Ironic.Actors.Protocol.Tests;

/// <summary>Round-trip samples of the periodic work's messages (power sync, recovery, provisioning time-outs).</summary>
public static class PeriodicSamples
{
    public static IEnumerable<object> OnePerType()
    {
        yield return new PowerStateSynced(NodeId, PowerStates.PowerOn, EventAt);
        yield return new PeriodicCommands.SyncPowerState(NodeId, PowerReading.Of(PowerStates.PowerOff), 2);
        yield return new PeriodicCommands.RecoverPowerFailure(NodeId, PowerReading.Of(PowerStates.PowerOn));
        yield return new PeriodicCommands.PowerSynced(NodeId, 3, PowerSyncOutcome.Forced);
        yield return new PeriodicCommands.CheckProvisionTimeout(NodeId);
        yield return new PeriodicCommands.TimeoutChecked(NodeId, true);
        yield return new PeriodicCommands.KeepShard("17");
        yield return new PeriodicCommands.ShardKept("17");
        yield return new PeriodicCommands.RunPass("power-sync");
        yield return new PeriodicCommands.PassCompleted("power-sync", 10000, 9990, 12, 3, TimeSpan.FromMilliseconds(812.5));
        yield return new PeriodicQueries.ListHosted(["0", "4", "99"], 100);
        yield return new PeriodicQueries.HostedNodes([FullNode(), MinimalNode(OtherNodeId)], LastRow: 42, LastShard: "7/fake-hardware/");
        yield return new DriverCalls.ReadPowerState(NodeId, FullNode(), AlwaysValidate: true);
        yield return new DriverCallReplies.PowerRead(PowerReading.Failed("BMC timed out"));
    }

    public static IEnumerable<(string Name, object Message)> Variants()
    {
        yield return ("PowerStateSynced to unknown", new PowerStateSynced(NodeId, null, EventAt));
        yield return ("PowerRead not validated", new DriverCallReplies.PowerRead(PowerReading.NotValidated("Missing ipmi_address")));
        yield return ("PowerRead error state", new DriverCallReplies.PowerRead(PowerReading.Of(PowerStates.Error)));
        yield return ("Completed waiting for a call-back", new DriverWork.Completed(NodeId, 9, new NodeWork(WorkKind.Deploy), WorkOutcome.WaitForCallback()));
        yield return ("HostedNodes empty", new PeriodicQueries.HostedNodes([]));
        yield return ("ListHosted next page of waiting nodes",
            new PeriodicQueries.ListHosted(["7"], 100, AfterRow: 1234, Limit: 50, ProvisionStates: ["wait call-back", "clean wait"], AfterShard: "7"));
        yield return ("ListHosted nodes in maintenance for a fault", new PeriodicQueries.ListHosted(["7"], 100, Fault: "power failure"));
    }
}
