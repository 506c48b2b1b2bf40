using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Protocol.Ports;

/// <summary>
/// POST bodies of ports and portgroups, read once into the commands that carry them to their node: Ironic's
/// schema and field validators run here, before the version checks and the portgroup lookup that Ironic runs
/// after them, and the node's decision takes the value as read. The error is Ironic's 400 message.
/// </summary>
public static class PortRequests
{
    /// <summary>Root fields a port PATCH may touch, in the order Ironic lists them in its error.</summary>
    public static IReadOnlyList<string> PortPatchableFields => PortDocument.PatchableFields;

    /// <summary>Root fields a portgroup PATCH may touch.</summary>
    public static IReadOnlyList<string> PortgroupPatchableFields => PortgroupDocument.PatchableFields;

    /// <summary>
    /// A POST /v1/ports body (a JSON object) as the command for the node it names; <paramref name="newId"/> is the
    /// port's UUID unless the body gives one.
    /// </summary>
    public static (PortCommands.CreatePort? Command, string? Error) ReadCreatePort(JsonObject body, Guid newId)
    {
        var blank = new Port { Uuid = newId, NodeId = Guid.Empty, Address = "", CreatedAt = DateTimeOffset.UnixEpoch };
        var (port, error) = PortDocument.Read(body, blank, "port");
        return port is null
            ? (null, error)
            : (new PortCommands.CreatePort(port.NodeId, port, PxeEnabledGiven: body["pxe_enabled"] is not null) { IdGenerated = port.Uuid == newId }, null);
    }

    /// <summary>A POST /v1/portgroups body as the command for the node it names (<paramref name="newId"/> as for ports).</summary>
    public static (PortCommands.CreatePortgroup? Command, string? Error) ReadCreatePortgroup(JsonObject body, Guid newId)
    {
        var blank = new Portgroup { Uuid = newId, NodeId = Guid.Empty, CreatedAt = DateTimeOffset.UnixEpoch };
        var (group, error) = PortgroupDocument.Read(body, blank, "portgroup");
        return group is null ? (null, error) : (new PortCommands.CreatePortgroup(group.NodeId, group) { IdGenerated = group.Uuid == newId }, null);
    }
}
