using Akka.Actor;
using Ironic.Actors.Protocol.Ports;
using Ironic.Actors.Protocol.Queries;

namespace Ironic.Actors.Gateway.Actors;

/// <summary>
/// What the port, portgroup and chassis endpoints ask the <see cref="GatewayActor"/>. Strictly local, like
/// <see cref="GatewayRequests"/> (some hold delegates).
/// </summary>
public static class PortGatewayRequests
{
    /// <summary>
    /// Find the node holding port <paramref name="PortId"/> through the registry (404 PortNotFound when none) and
    /// send it the command <paramref name="MakeCommand"/> builds from the node's UUID. Every portgroup in
    /// <paramref name="PortgroupsToCheck"/> must exist (400 otherwise, as Ironic answers a PATCH naming a missing one).
    /// </summary>
    public sealed record ForPort(
        Guid PortId, Func<Guid, INodePartCommand> MakeCommand, IReadOnlyList<Guid>? PortgroupsToCheck = null)
        : INoSerializationVerificationNeeded;

    /// <summary>Find portgroup <paramref name="Ident"/> (UUID or name) and send its node the command built from (node, portgroup).</summary>
    public sealed record ForPortgroup(string Ident, Func<Guid, Guid, INodePartCommand> MakeCommand)
        : INoSerializationVerificationNeeded;

    /// <summary>
    /// Send a create to the node the body names. <paramref name="PortgroupId"/>, when given, must exist (400
    /// PortgroupNotFound) and belong to that node (400).
    /// </summary>
    public sealed record CreatePort(PortCommands.CreatePort Command, Guid? PortgroupId) : INoSerializationVerificationNeeded;

    public sealed record CreatePortgroup(PortCommands.CreatePortgroup Command) : INoSerializationVerificationNeeded;

    /// <summary>
    /// A page of ports from the query model; <paramref name="NodeIdent"/> (UUID or name) and
    /// <paramref name="PortgroupIdent"/> are resolved first (404 when they name nothing).
    /// </summary>
    public sealed record ListPorts(PortQueries.ListPorts Query, string? NodeIdent, string? PortgroupIdent) : INoSerializationVerificationNeeded;

    public sealed record ListPortgroups(PortQueries.ListPortgroups Query, string? NodeIdent) : INoSerializationVerificationNeeded;

    /// <summary>Any request to the chassis singleton; the answer comes back as it is.</summary>
    public sealed record ToChassis(object Command) : INoSerializationVerificationNeeded;

    /// <summary>Any request to the allocations singleton; the answer comes back as it is.</summary>
    public sealed record ToAllocations(object Command) : INoSerializationVerificationNeeded;

    /// <summary>Any request to the deploy templates singleton; the answer comes back as it is.</summary>
    public sealed record ToDeployTemplates(object Command) : INoSerializationVerificationNeeded;

    /// <summary>GET /v1/chassis/{uuid}/nodes: the chassis must exist (404), then a page of its nodes.</summary>
    public sealed record ListChassisNodes(Guid ChassisId, NodeQueries.ListNodes Query) : INoSerializationVerificationNeeded;
}
