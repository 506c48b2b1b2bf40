using System.Text.Json.Nodes;
using Ironic.Actors.Protocol.Ports;

namespace Ironic.Actors.Conductor.Tests;

/// <summary>
/// Port and portgroup creates as the gateway builds them: the POST body read once (<see cref="PortRequests"/>),
/// sent to <c>node</c> (normally the one the body names; a test may send it elsewhere).
/// </summary>
internal static class PortCreates
{
    public static PortCommands.CreatePort Port(Guid node, Guid id, JsonObject body) =>
        (PortRequests.ReadCreatePort(body, id).Command ?? throw new ArgumentException(PortRequests.ReadCreatePort(body, id).Error)) with { NodeId = node };

    public static PortCommands.CreatePortgroup Portgroup(Guid node, Guid id, JsonObject body) =>
        (PortRequests.ReadCreatePortgroup(body, id).Command ?? throw new ArgumentException(PortRequests.ReadCreatePortgroup(body, id).Error)) with { NodeId = node };
}
