using Ironic.Actors.Domain.Events;
using Ironic.Actors.Protocol.Conductors;
using Ironic.Actors.Protocol.Nodes;
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
        [typeof(MaintenanceChanged)] = "ne.maintenance.v1",
        [typeof(InstanceCleared)] = "ne.instance-cleared.v1",
        [typeof(NodeDeleted)] = "ne.deleted.v1",
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
        [typeof(StopNode)] = "nc.stop",
        [typeof(NodeReplies.NodeView)] = "nr.view",
        [typeof(NodeReplies.Accepted)] = "nr.accepted",
        [typeof(NodeReplies.Deleted)] = "nr.deleted",
        [typeof(NodeReplies.Rejected)] = "nr.rejected",
        [typeof(NodeReplies.Awake)] = "nr.awake",
        [typeof(DriverWork.Run)] = "dw.run",
        [typeof(DriverWork.Completed)] = "dw.completed",
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
        // Query model.
        [typeof(NodeQueries.ListNodes)] = "nq.list",
        [typeof(NodeQueries.NodePage)] = "nq.page",
        [typeof(NodeQueries.ListInterrupted)] = "nq.list-interrupted",
        [typeof(NodeQueries.InterruptedNodes)] = "nq.interrupted",
        [typeof(NodeQueries.Observe)] = "nq.observe",
        [typeof(NodeQueries.ObserveDeleted)] = "nq.observe-deleted",
        [typeof(NodeQueries.IsReady)] = "nq.is-ready",
        [typeof(NodeQueries.Ready)] = "nq.ready",
    };

    public static readonly IReadOnlyDictionary<string, Type> ByManifest = ByType.ToDictionary(kv => kv.Value, kv => kv.Key);
}
