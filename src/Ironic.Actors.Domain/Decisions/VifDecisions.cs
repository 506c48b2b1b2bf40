using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Domain.Decisions;

/// <summary>
/// A VIF to attach (POST /v1/nodes/{id}/vifs): its id and, optionally, the port or portgroup it must go to. As in
/// Ironic, a port UUID, when given, rules out portgroups altogether, and a portgroup UUID counts only when no port
/// UUID is given; the gateway leaves out values Python would find false (null, "").
/// </summary>
public sealed record VifRequest(string Id, string? PortUuid = null, string? PortgroupUuid = null);

/// <summary>
/// Virtual network interfaces (API 1.28) attached to a node's ports and portgroups, as Ironic 21.4's network
/// interfaces keep them. The <c>noop</c> interface keeps nothing: attach and detach succeed and change nothing, the
/// list is empty. The neutron-style interfaces (<c>flat</c>, <c>neutron</c>) store the VIF's id in a free port's or
/// portgroup's <c>internal_info.tenant_vif_port_id</c>, so a VIF change is a port or portgroup update, stored in the
/// node's journal like any other. Pure.
/// </summary>
public static class VifDecisions
{
    /// <summary>The <c>internal_info</c> key holding the tenant VIF attached to a port or portgroup.</summary>
    public const string TenantVifKey = "tenant_vif_port_id";

    /// <summary>Whether the node's network interface records VIFs on its ports (all but <c>noop</c>).</summary>
    public static bool KeepsVifs(Node node) => node.Interfaces.Network is "flat" or "neutron";

    /// <summary>The attached VIFs: those of the ports (in creation order), then those of the portgroups.</summary>
    public static IReadOnlyList<string> List(Node node, NodePorts parts)
    {
        if (!KeepsVifs(node))
            return [];
        return parts.PortList().Select(p => VifOf(p.InternalInfo))
            .Concat(parts.PortgroupList().Select(g => VifOf(g.InternalInfo)))
            .OfType<string>().ToList();
    }

    /// <summary>
    /// Attaches <paramref name="request"/> under the node's exclusive lock (409 while it is held): picks a free port or
    /// portgroup as Ironic does (<see cref="FreeCandidates"/>, then portgroups before ports, then PXE-enabled ports) and
    /// stores the VIF in its <c>internal_info</c>. 409 when the VIF is already attached to one of them, 400 when none is
    /// free.
    /// </summary>
    public static Decision Attach(Node node, NodePorts parts, VifRequest request, NodeContext ctx)
    {
        if (ctx.LockedBy is { } host)
            return Rejection.NodeLocked(node.Uuid, host);
        if (!KeepsVifs(node))
            return Decision.Accept();
        var (candidates, attached) = FreeCandidates(node, parts, request);
        if (attached is not null)
            return attached;
        // Python's sort is stable and reverse=True keeps equal keys in order: the first portgroup, else the first
        // PXE-enabled port, else the first port. (Without neutron no VIF has physical networks to prefer.)
        var chosen = candidates
            .Select((part, index) => (part, index))
            .OrderByDescending(x => x.part is Portgroup)
            .ThenByDescending(x => x.part is Port p ? p.PxeEnabled : true)
            .ThenBy(x => x.index)
            .Select(x => x.part)
            .FirstOrDefault();
        return chosen switch
        {
            Port port => Decision.Accept(new PortUpdated(port with
            {
                InternalInfo = WithVif(port.InternalInfo, request.Id),
                UpdatedAt = ctx.Now,
            }, ctx.Now)),
            Portgroup group => Decision.Accept(new PortgroupUpdated(group with
            {
                InternalInfo = WithVif(group.InternalInfo, request.Id),
                UpdatedAt = ctx.Now,
            }, ctx.Now)),
            _ => NoFreePhysicalPorts(request.Id),
        };
    }

    /// <summary>
    /// Detaches <paramref name="vifId"/> under the node's exclusive lock: clears it from the portgroup or port that
    /// holds it (portgroups are looked at first), with the port's <c>extra.vif_port_id</c>, as Ironic does. 400 when it
    /// is not attached.
    /// </summary>
    public static Decision Detach(Node node, NodePorts parts, string vifId, NodeContext ctx)
    {
        if (ctx.LockedBy is { } host)
            return Rejection.NodeLocked(node.Uuid, host);
        if (!KeepsVifs(node))
            return Decision.Accept();
        if (parts.PortgroupList().FirstOrDefault(g => VifOf(g.InternalInfo) == vifId) is { } group)
            return Decision.Accept(new PortgroupUpdated(group with
            {
                InternalInfo = WithoutKey(group.InternalInfo, TenantVifKey),
                Extra = WithoutKey(group.Extra, "vif_port_id"),
                UpdatedAt = ctx.Now,
            }, ctx.Now));
        if (parts.PortList().FirstOrDefault(p => VifOf(p.InternalInfo) == vifId) is { } port)
            return Decision.Accept(new PortUpdated(port with
            {
                InternalInfo = WithoutKey(port.InternalInfo, TenantVifKey),
                Extra = WithoutKey(port.Extra, "vif_port_id"),
                UpdatedAt = ctx.Now,
            }, ctx.Now));
        return Rejection.Invalid($"Unable to detach VIF {vifId} from node {node.Uuid} because it is not attached to it.");
    }

    /// <summary>
    /// The ports and portgroups the VIF may go to, in Ironic's order: free stand-alone ports, then for each portgroup
    /// either the portgroup (when it has free member ports and none of them has a VIF) or, when a member already has
    /// a VIF, its free members one by one (unless a portgroup was asked for). Ports the network interface cannot use
    /// are skipped. Finding <paramref name="request"/>'s VIF already on a port or portgroup looked at is the 409.
    /// </summary>
    public static (IReadOnlyList<INodePart> Candidates, Rejection? AlreadyAttached) FreeCandidates(
        Node node, NodePorts parts, VifRequest request)
    {
        var free = new List<INodePart>();
        var freeMembers = new Dictionary<Guid, List<Port>>();
        var groupsInUse = new HashSet<Guid?>();
        foreach (var port in parts.PortList())
        {
            if ((request.PortUuid is not null && request.PortUuid != port.Uuid.ToString()) || !Usable(node, port))
                continue;
            var vif = VifOf(port.InternalInfo);
            if (vif == request.Id)
                return ([], AlreadyAttached(request.Id, "Port", port.Uuid));
            if (vif is not null)
            {
                groupsInUse.Add(port.PortgroupId);
                continue;
            }
            if (port.PortgroupId is null && request.PortgroupUuid is null)
                free.Add(port);
            else
            {
                var key = port.PortgroupId ?? Guid.Empty;
                if (!freeMembers.TryGetValue(key, out var members))
                    freeMembers[key] = members = [];
                members.Add(port);
            }
        }
        if (request.PortUuid is not null)
            return (free, null);
        foreach (var group in parts.PortgroupList())
        {
            if (request.PortgroupUuid is not null && request.PortgroupUuid != group.Uuid.ToString())
                continue;
            var vif = VifOf(group.InternalInfo);
            if (vif == request.Id)
                return ([], AlreadyAttached(request.Id, "Portgroup", group.Uuid));
            if (vif is not null)
                continue;
            var members = freeMembers.GetValueOrDefault(group.Uuid) ?? [];
            if (groupsInUse.Contains(group.Uuid))
            {
                if (request.PortgroupUuid is null)
                    free.AddRange(members);
            }
            else if (members.Count > 0)
                free.Add(group);
        }
        return (free, null);
    }

    /// <summary>Ironic's 400 when no port or portgroup is free for the VIF.</summary>
    public static Rejection NoFreePhysicalPorts(string vifId) =>
        Rejection.Invalid($"Unable to attach VIF {vifId}, not enough free physical ports.");

    private static Rejection AlreadyAttached(string vifId, string kind, Guid uuid) =>
        Rejection.Conflict($"Unable to attach VIF because VIF {vifId} is already attached to Ironic {kind} {uuid}");

    /// <summary>
    /// Whether the network interface can plug a VIF into <paramref name="port"/> (Ironic's port check): an InfiniBand
    /// port (<c>extra.client-id</c>) always; the <c>neutron</c> interface needs the switch port
    /// (<c>local_link_connection</c>); and a port is a Smart NIC port exactly when its local link names a
    /// <c>port_id</c> and a <c>hostname</c>.
    /// </summary>
    private static bool Usable(Node node, Port port)
    {
        if (port.Extra["client-id"] is JsonValue clientId && Truthy(clientId))
            return true;
        if (node.Interfaces.Network == "neutron" && port.LocalLinkConnection.Count == 0)
            return false;
        var smartNicLink = port.LocalLinkConnection.ContainsKey("port_id") && port.LocalLinkConnection.ContainsKey("hostname");
        return port.IsSmartnic == smartNicLink;
    }

    private static bool Truthy(JsonValue value) => value.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.String => value.GetValue<string>().Length > 0,
        System.Text.Json.JsonValueKind.False => false,
        System.Text.Json.JsonValueKind.Number => value.GetValue<double>() != 0,
        _ => true,
    };

    private static string? VifOf(JsonObject internalInfo) =>
        internalInfo[TenantVifKey] is JsonValue v && v.TryGetValue<string>(out var id) ? id : null;

    private static JsonObject WithVif(JsonObject internalInfo, string vifId)
    {
        var copy = (JsonObject)internalInfo.DeepClone();
        copy[TenantVifKey] = vifId;
        return copy;
    }

    private static JsonObject WithoutKey(JsonObject obj, string key)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove(key);
        return copy;
    }
}
