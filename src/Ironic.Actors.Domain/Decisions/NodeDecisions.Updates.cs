using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;

namespace Ironic.Actors.Domain.Decisions;

/// <summary>Pure decisions about a node: given its state and a request, the events to store or a rejection.</summary>
public static partial class NodeDecisions
{
    /// <summary>
    /// Creates node <paramref name="uuid"/> from a POST body already checked for unknown keys. When
    /// <paramref name="uuidGenerated"/> (the service chose the uuid for this very request), a node that already exists
    /// under it was made by an earlier copy of the same request — one stored by a conductor that died before it
    /// answered, sent again — and the create stands as done: nothing to store, the node is the answer.
    /// </summary>
    public static Decision Enroll(
        Node? existing, Guid uuid, JsonObject body, string initialState, IInterfaceResolver resolver, NodeContext ctx,
        bool uuidGenerated = false)
    {
        if (existing is not null)
            return uuidGenerated ? Decision.Accept() : Rejection.Conflict($"A node with UUID {uuid} already exists.");

        var blank = new Node
        {
            Uuid = uuid,
            Driver = "",
            ProvisionState = initialState,
            Interfaces = new NodeInterfaces("", "", "", "", "", "", "", "", "", "", "", ""),
            CreatedAt = ctx.Now,
        };
        var (node, error) = NodeDocument.Read(body, blank);
        if (node is null)
            return Rejection.Invalid(error!);

        if (!resolver.IsKnownDriver(node.Driver) || !ServesGroup(ctx, node))
            return NoValidHost(node);
        var resolution = resolver.Resolve(node.Driver, NodeDocument.RequestedInterfaces(body));
        if (resolution.Interfaces is null)
            return Rejection.Invalid(resolution.Error!);

        return Decision.Accept(new NodeEnrolled(node with { Interfaces = resolution.Interfaces }));
    }

    /// <summary>Applies a JSON patch with Ironic's rules on which fields may change in which states.</summary>
    public static Decision Patch(
        Node node, IReadOnlyList<PatchOperation> ops, bool resetInterfaces, IInterfaceResolver resolver, NodeContext ctx)
    {
        if (ctx.LockedBy is { } host)
            return Rejection.NodeLocked(node.Uuid, host);

        if (node.ProvisionState == ProvisionStates.Inspecting)
            return Rejection.Conflict($"Cannot update node \"{node.Uuid}\" while it is in state \"{node.ProvisionState}\".");
        var removesInstanceOnly = ops is [{ Op: "remove", Path: "/instance_uuid" }] && node.Maintenance;
        if (node.TargetProvisionState is not null && !removesInstanceOnly &&
            !ProvisionStates.UpdateAllowedDuringTransition.Contains(node.ProvisionState))
            return Rejection.Conflict($"Node {node.Uuid} can not be updated while a state transition is in progress.");

        var doc = NodeDocument.ToDocument(node);
        if (JsonPatcher.Apply(doc, ops, NodeDocument.PatchableFields) is { } patchError)
            return Rejection.Invalid(patchError);

        var driverChanged = NodeDocument.StringOrNull(doc["driver"]) != node.Driver;
        if (resetInterfaces && !driverChanged)
            return Rejection.Invalid("The reset_interfaces parameter can only be used when changing the node's driver.");
        if (resetInterfaces)
        {
            var touched = ops.Select(o => o.Path.TrimStart('/').Split('/')[0]).ToHashSet();
            foreach (var type in NodeInterfaces.Types)
                if (!touched.Contains(type + "_interface"))
                    doc[type + "_interface"] = null;
        }

        var (updated, error) = NodeDocument.Read(doc, node, patching: true);
        if (updated is null)
            return Rejection.Invalid(error!);

        if (updated.InstanceUuid is not null && node.InstanceUuid is not null && updated.InstanceUuid != node.InstanceUuid)
            return Rejection.Conflict($"Node {node.Uuid} is associated with instance {node.InstanceUuid}.");
        if (node.AllocationUuid is not null && node.InstanceUuid is not null && updated.InstanceUuid is null)
        {
            // Removing the instance of a node with an allocation deletes the allocation, where updates are allowed.
            if (!node.Maintenance && node.ProvisionState is not (ProvisionStates.Enroll or ProvisionStates.Inspecting or ProvisionStates.InspectWait or ProvisionStates.Manageable or ProvisionStates.Available))
                return Rejection.Conflict($"Node {node.Uuid} with an allocation can not have instance_uuid removed unless it is in one of " +
                                          "allowed (enroll, inspecting, inspect wait, manageable, available) states or in maintenance mode.");
            updated = updated with { AllocationUuid = null };
        }
        if (updated.Protected && !node.Protected && node.ProvisionState is not (ProvisionStates.Active or ProvisionStates.Rescue))
            return Rejection.Conflict(
                $"Node {node.Uuid} can only be made protected in provision states 'active' or 'rescue', the current state is '{node.ProvisionState}'");
        if (updated.Retired == true && node.Retired != true && node.ProvisionState == ProvisionStates.Available)
            return Rejection.Conflict(
                $"Node {node.Uuid} can not have 'retired' set in provision state 'available', the current state is '{node.ProvisionState}'");

        if (updated.Driver != node.Driver && node.ConsoleEnabled)
            return Rejection.Conflict($"Node {node.Uuid} can not update the driver while the console is enabled. Please stop the console first.");

        if ((updated.ConductorGroup != node.ConductorGroup || updated.Driver != node.Driver) && !ServesGroup(ctx, updated))
            return NoValidHost(updated);

        var interfaceFieldsChanged = NodeInterfaces.Types.Any(t => NodeDocument.StringOrNull(doc[t + "_interface"]) != node.Interfaces.Get(t));
        if (driverChanged || interfaceFieldsChanged)
        {
            if (!node.Maintenance && !ProvisionStates.InterfaceChangeAllowed.Contains(node.ProvisionState))
            {
                // Ironic's update_node names the (first) interface field changed; a change of the driver alone has no
                // such check there, and keeps this server's own words.
                var changed = NodeInterfaces.Types.FirstOrDefault(t => NodeDocument.StringOrNull(doc[t + "_interface"]) != node.Interfaces.Get(t));
                return Rejection.Conflict(changed is null
                    ? $"Interfaces and driver of node {node.Uuid} can not be changed while it is in provision state \"{node.ProvisionState}\"."
                    : $"Node {node.Uuid} can not have {changed}_interface updated unless it is in one of allowed " +
                      "(enroll, inspecting, inspect wait, manageable, available) states or in maintenance mode.");
            }
            if (!resolver.IsKnownDriver(updated.Driver))
                return NoValidHost(updated);
            var resolution = resolver.Resolve(updated.Driver, NodeDocument.RequestedInterfaces(doc));
            if (resolution.Interfaces is null)
                return Rejection.Invalid(resolution.Error!);
            updated = updated with { Interfaces = resolution.Interfaces };
        }

        if (updated.ResourceClass != node.ResourceClass && node.ResourceClass is not null &&
            !ProvisionStates.InterfaceChangeAllowed.Contains(node.ProvisionState))
            return Rejection.Conflict(
                $"Node {node.Uuid} can not have resource_class updated unless it is in one of allowed " +
                "(enroll, inspecting, inspect wait, manageable, available) states.");

        return Decision.Accept(new NodeUpdated(updated with { UpdatedAt = ctx.Now }, ctx.Now));
    }

    /// <summary>PUT/DELETE /maintenance: switches maintenance mode, clearing reason and fault when off.</summary>
    public static Decision SetMaintenance(Node node, bool on, string? reason, NodeContext ctx)
    {
        if (ctx.LockedBy is { } host)
            return Rejection.NodeLocked(node.Uuid, host);
        return Decision.Accept(new MaintenanceChanged(node.Uuid, on, on ? reason : null, null, ctx.Now));
    }

    /// <summary>DELETE /v1/nodes/{id}: allowed in a few stable states, or in any state in maintenance.</summary>
    public static Decision Delete(Node node, NodeContext ctx)
    {
        if (ctx.LockedBy is { } host)
            return Rejection.NodeLocked(node.Uuid, host);
        if (!node.Maintenance && node.InstanceUuid is not null)
            return Rejection.Conflict($"Node {node.Uuid} is associated with instance {node.InstanceUuid}.");
        if (node.Protected)
            return Rejection.Forbidden($"Node {node.Uuid} is protected and cannot be undeployed, rebuilt or deleted");

        var allowed = ProvisionStates.DeleteAllowed
            .Where(s => s != ProvisionStates.Available || ctx.AllowDeletingAvailableNodes).ToList();
        if (!node.Maintenance && !allowed.Contains(node.ProvisionState))
        {
            var tuple = "(" + string.Join(", ", allowed.Select(s => $"'{s}'")) + ")";
            return Rejection.Conflict(
                $"Can not delete node \"{node.Uuid}\" while it is in provision state \"{node.ProvisionState}\". " +
                $"Valid provision states to perform deletion are: \"{tuple}\", or set the node into maintenance mode");
        }
        return Decision.Accept(new NodeDeleted(node.Uuid, ctx.Now));
    }

    private static bool ServesGroup(NodeContext ctx, Node node) =>
        ctx.CanHost is not { } canHost || canHost(node.ConductorGroup.ToLowerInvariant(), node.Driver);

    private static Rejection NoValidHost(Node node) => NoValidHost(node.Driver, node.ConductorGroup);

    /// <summary>Ironic's answer when no conductor serves a node's group and hardware type (400, as its API sets it).</summary>
    public static Rejection NoValidHost(string driver, string conductorGroup) => Rejection.Invalid(
        $"No valid host was found. Reason: No conductor service registered which supports driver {driver} " +
        $"for conductor group \"{conductorGroup}\".");
}
