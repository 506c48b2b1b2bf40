using Ironic.Actors.Domain.Events;
using Ironic.Actors.Protocol.Chassis;
using Ironic.Actors.Protocol.Conductors;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Periodic;
using Ironic.Actors.Protocol.Ports;
using Ironic.Actors.Protocol.Queries;
using Ironic.Actors.Protocol.Registry;

namespace Ironic.Actors.Protocol.Serialization;

/// <summary>
/// The stable, never-reused manifest of every serializable type. Stored events outlive the code, so a
/// manifest is never renamed or given to another type: a changed shape gets a new manifest (".v2")
/// and the old one keeps a reader.
/// </summary>
public static class Manifests
{
    public static readonly IReadOnlyDictionary<Type, string> ByType = new Dictionary<Type, string>
    {
        // Stored: node events and snapshots.
        [typeof(NodeEnrolled)] = "ne.enrolled.v1",
        [typeof(NodeUpdated)] = "ne.updated.v1",
        [typeof(ProvisionStateChanged)] = "ne.provision.v1",
        [typeof(PowerActionStarted)] = "ne.power-start.v1",
        [typeof(PowerStateRecorded)] = "ne.power.v1",
        [typeof(PowerStateSynced)] = "ne.power-synced.v1",
        [typeof(MaintenanceChanged)] = "ne.maintenance.v1",
        [typeof(InstanceCleared)] = "ne.instance-cleared.v1",
        [typeof(NodeDeleted)] = "ne.deleted.v1",
        [typeof(TraitsChanged)] = "ne.traits.v1",
        [typeof(InstanceInfoChanged)] = "ne.instance-info.v1",
        [typeof(ConsoleModeChanged)] = "ne.console.v1",
        [typeof(TargetRaidConfigChanged)] = "ne.target-raid.v1",
        [typeof(NodeHistoryRecorded)] = "ne.history.v1",
        [typeof(NodeSnapshot)] = "ns.node.v1",
        // Stored: registry events and snapshot.
        [typeof(RegistryEvents.IdentityClaimed)] = "re.claimed.v1",
        [typeof(RegistryEvents.IdentityReleased)] = "re.released.v1",
        [typeof(RegistryEvents.RegistrySnapshot)] = "rs.registry.v1",
        // Node commands and replies.
        [typeof(NodeCommands.CreateNode)] = "nc.create",
        [typeof(NodeCommands.GetNode)] = "nc.get",
        [typeof(NodeCommands.PatchNode)] = "nc.patch",
        [typeof(NodeCommands.ChangeProvisionState)] = "nc.provision",
        [typeof(NodeCommands.ChangePowerState)] = "nc.power",
        [typeof(NodeCommands.SetMaintenance)] = "nc.maintenance",
        [typeof(NodeCommands.DeleteNode)] = "nc.delete",
        [typeof(NodeCommands.WakeNode)] = "nc.wake",
        [typeof(NodeCommands.RefreshReadModel)] = "nc.refresh-read-model",
        [typeof(StopNode)] = "nc.stop",
        [typeof(NodeReplies.NodeView)] = "nr.view",
        [typeof(NodeReplies.Accepted)] = "nr.accepted",
        [typeof(NodeReplies.Deleted)] = "nr.deleted",
        [typeof(NodeReplies.Rejected)] = "nr.rejected",
        [typeof(NodeReplies.Awake)] = "nr.awake",
        [typeof(NodeReplies.Vifs)] = "nr.vifs",
        [typeof(NodeReplies.History)] = "nr.history",
        [typeof(DriverWork.Run)] = "dw.run",
        [typeof(DriverWork.Completed)] = "dw.completed",
        // Node sub-resources (traits, validation, boot device, vendor passthru) and the driver calls behind them.
        [typeof(NodeSubResourceCommands.SetTraits)] = "nc.traits-set",
        [typeof(NodeSubResourceCommands.AddTrait)] = "nc.trait-add",
        [typeof(NodeSubResourceCommands.RemoveTraits)] = "nc.traits-remove",
        [typeof(NodeSubResourceCommands.RemoveTrait)] = "nc.trait-remove",
        [typeof(NodeSubResourceCommands.ValidateInterfaces)] = "nc.validate",
        [typeof(NodeSubResourceCommands.GetBootDevice)] = "nc.boot-device-get",
        [typeof(NodeSubResourceCommands.SetBootDevice)] = "nc.boot-device-set",
        [typeof(NodeSubResourceCommands.GetSupportedBootDevices)] = "nc.boot-devices-supported",
        [typeof(NodeSubResourceCommands.GetVendorMethods)] = "nc.vendor-methods",
        [typeof(NodeSubResourceCommands.CallVendorMethod)] = "nc.vendor-call",
        [typeof(DriverCalls.Validate)] = "dc.validate",
        [typeof(DriverCalls.GetBootDevice)] = "dc.boot-device-get",
        [typeof(DriverCalls.SetBootDevice)] = "dc.boot-device-set",
        [typeof(DriverCalls.GetSupportedBootDevices)] = "dc.boot-devices-supported",
        [typeof(DriverCalls.GetVendorMethods)] = "dc.vendor-methods",
        [typeof(DriverCalls.PrepareVendorCall)] = "dc.vendor-prepare",
        [typeof(DriverCalls.InvokeVendorMethod)] = "dc.vendor-invoke",
        [typeof(DriverCallReplies.ValidationReport)] = "dr.validation",
        [typeof(DriverCallReplies.BootDevice)] = "dr.boot-device",
        [typeof(DriverCallReplies.SupportedBootDevices)] = "dr.boot-devices-supported",
        [typeof(DriverCallReplies.VendorMethods)] = "dr.vendor-methods",
        [typeof(DriverCallReplies.VendorCallPlan)] = "dr.vendor-plan",
        [typeof(DriverCallReplies.VendorCallResult)] = "dr.vendor-result",
        [typeof(DriverCallReplies.Done)] = "dr.done",
        [typeof(DriverCallReplies.Failed)] = "dr.failed",
        // Console and RAID (node states) and their driver calls.
        [typeof(NodeSubResourceCommands.GetConsole)] = "nc.console-get",
        [typeof(NodeSubResourceCommands.SetConsoleMode)] = "nc.console-set",
        [typeof(NodeSubResourceCommands.SetTargetRaidConfig)] = "nc.raid-set",
        [typeof(DriverCalls.ValidateConsole)] = "dc.console-validate",
        [typeof(DriverCalls.SwitchConsole)] = "dc.console-switch",
        [typeof(DriverCalls.GetConsoleInfo)] = "dc.console-info",
        [typeof(DriverCalls.ValidateRaidConfig)] = "dc.raid-validate",
        [typeof(DriverCallReplies.ConsoleState)] = "dr.console",
        // VIFs (attached to the node's ports and portgroups).
        [typeof(NodeSubResourceCommands.ListVifs)] = "nc.vifs-list",
        [typeof(NodeSubResourceCommands.AttachVif)] = "nc.vif-attach",
        [typeof(NodeSubResourceCommands.DetachVif)] = "nc.vif-detach",
        [typeof(NodeSubResourceCommands.GetHistory)] = "nc.history",
        // Registry protocol.
        [typeof(RegistryMessages.Resolve)] = "rm.resolve",
        [typeof(RegistryMessages.Resolved)] = "rm.resolved",
        [typeof(RegistryMessages.Claim)] = "rm.claim",
        [typeof(RegistryMessages.Claimed)] = "rm.claimed",
        [typeof(RegistryMessages.Release)] = "rm.release",
        [typeof(RegistryMessages.Released)] = "rm.released",
        // Conductors.
        [typeof(ConductorMessages.GetConductorInfo)] = "cm.get-info",
        [typeof(ConductorMessages.ConductorInfo)] = "cm.info",
        [typeof(ConductorMessages.HardwareTypeInfo)] = "cm.hardware-type",
        [typeof(ConductorMessages.ListRegistered)] = "cm.list-registered",
        [typeof(ConductorMessages.Registered)] = "cm.registered",
        // Query model.
        [typeof(NodeQueries.ListNodes)] = "nq.list",
        [typeof(NodeQueries.NodePage)] = "nq.page",
        [typeof(NodeQueries.FindNode)] = "nq.find",
        [typeof(NodeQueries.ListInterrupted)] = "nq.list-interrupted",
        [typeof(NodeQueries.InterruptedNodes)] = "nq.interrupted",
        [typeof(NodeQueries.IsReady)] = "nq.is-ready",
        [typeof(NodeQueries.Ready)] = "nq.ready",
        [typeof(NodeQueries.Unavailable)] = "nq.unavailable",
        // Stored: port and portgroup events (in their node's journal).
        [typeof(PortCreated)] = "ne.port-created.v1",
        [typeof(PortUpdated)] = "ne.port-updated.v1",
        [typeof(PortDeleted)] = "ne.port-deleted.v1",
        [typeof(PortgroupCreated)] = "ne.portgroup-created.v1",
        [typeof(PortgroupUpdated)] = "ne.portgroup-updated.v1",
        [typeof(PortgroupDeleted)] = "ne.portgroup-deleted.v1",
        // Stored: the registry's port and portgroup claims.
        [typeof(PortRegistryEvents.PortClaimed)] = "re.port-claimed.v1",
        [typeof(PortRegistryEvents.PortReleased)] = "re.port-released.v1",
        [typeof(PortRegistryEvents.PortgroupClaimed)] = "re.portgroup-claimed.v1",
        [typeof(PortRegistryEvents.PortgroupReleased)] = "re.portgroup-released.v1",
        // Stored: chassis events and snapshot.
        [typeof(ChassisEvents.ChassisCreated)] = "ce.created.v1",
        [typeof(ChassisEvents.ChassisUpdated)] = "ce.updated.v1",
        [typeof(ChassisEvents.ChassisDeleted)] = "ce.deleted.v1",
        [typeof(ChassisEvents.NodeAttached)] = "ce.node-attached.v1",
        [typeof(ChassisEvents.NodeDetached)] = "ce.node-detached.v1",
        [typeof(ChassisEvents.ChassisSnapshot)] = "cs.chassis.v1",
        // Ports and portgroups: node commands, replies, registry protocol, query model.
        [typeof(PortCommands.CreatePort)] = "pc.create",
        [typeof(PortCommands.GetPort)] = "pc.get",
        [typeof(PortCommands.PatchPort)] = "pc.patch",
        [typeof(PortCommands.DeletePort)] = "pc.delete",
        [typeof(PortCommands.CreatePortgroup)] = "pc.pg-create",
        [typeof(PortCommands.GetPortgroup)] = "pc.pg-get",
        [typeof(PortCommands.PatchPortgroup)] = "pc.pg-patch",
        [typeof(PortCommands.DeletePortgroup)] = "pc.pg-delete",
        [typeof(PortCommands.AdoptPort)] = "pc.adopt",
        [typeof(PortCommands.AdoptPortgroup)] = "pc.pg-adopt",
        [typeof(PortReplies.PortView)] = "pr.view",
        [typeof(PortReplies.PortgroupView)] = "pr.pg-view",
        [typeof(PortReplies.PortRemoved)] = "pr.removed",
        [typeof(PortReplies.PortgroupRemoved)] = "pr.pg-removed",
        [typeof(PortRegistryMessages.ClaimPort)] = "rm.port-claim",
        [typeof(PortRegistryMessages.ReleasePort)] = "rm.port-release",
        [typeof(PortRegistryMessages.ClaimPortgroup)] = "rm.pg-claim",
        [typeof(PortRegistryMessages.ReleasePortgroup)] = "rm.pg-release",
        [typeof(PortRegistryMessages.ResolvePort)] = "rm.port-resolve",
        [typeof(PortRegistryMessages.PortResolved)] = "rm.port-resolved",
        [typeof(PortRegistryMessages.ResolvePortgroup)] = "rm.pg-resolve",
        [typeof(PortRegistryMessages.PortgroupResolved)] = "rm.pg-resolved",
        [typeof(PortQueries.ListPorts)] = "pq.list",
        [typeof(PortQueries.PortPage)] = "pq.page",
        [typeof(PortQueries.ListPortgroups)] = "pq.pg-list",
        [typeof(PortQueries.PortgroupPage)] = "pq.pg-page",
        // Chassis protocol.
        [typeof(ChassisCommands.CreateChassis)] = "cc.create",
        [typeof(ChassisCommands.GetChassis)] = "cc.get",
        [typeof(ChassisCommands.PatchChassis)] = "cc.patch",
        [typeof(ChassisCommands.DeleteChassis)] = "cc.delete",
        [typeof(ChassisCommands.ListChassis)] = "cc.list",
        [typeof(ChassisCommands.AttachNode)] = "cc.attach",
        [typeof(ChassisCommands.DetachNode)] = "cc.detach",
        [typeof(ChassisReplies.ChassisView)] = "cr.view",
        [typeof(ChassisReplies.ChassisPage)] = "cr.page",
        [typeof(ChassisReplies.ChassisRemoved)] = "cr.removed",
        [typeof(ChassisReplies.NodeAttached)] = "cr.attached",
        // Periodic work: power sync, power-failure recovery, provisioning time-outs.
        [typeof(PeriodicCommands.SyncPowerState)] = "pe.sync-power",
        [typeof(PeriodicCommands.RecoverPowerFailure)] = "pe.recover-power",
        [typeof(PeriodicCommands.PowerSynced)] = "pe.power-synced",
        [typeof(PeriodicCommands.CheckProvisionTimeout)] = "pe.check-timeout",
        [typeof(PeriodicCommands.TimeoutChecked)] = "pe.timeout-checked",
        [typeof(PeriodicCommands.KeepShard)] = "pe.keep-shard",
        [typeof(PeriodicCommands.ShardKept)] = "pe.shard-kept",
        [typeof(PeriodicCommands.RunPass)] = "pe.run-pass",
        [typeof(PeriodicCommands.PassCompleted)] = "pe.pass-completed",
        [typeof(PeriodicQueries.ListHosted)] = "pe.list-hosted",
        [typeof(PeriodicQueries.HostedNodes)] = "pe.hosted",
        [typeof(DriverCalls.ReadPowerState)] = "dc.power-read",
        [typeof(DriverCallReplies.PowerRead)] = "dr.power-read",
    };

    public static readonly IReadOnlyDictionary<string, Type> ByManifest = ByType.ToDictionary(kv => kv.Value, kv => kv.Key);
}
