using Akka.Actor;
using Ironic.Actors.Protocol.Ports;
using Ironic.Actors.Protocol.Volumes;

namespace Ironic.Actors.Gateway.Actors;

/// <summary>What the volume endpoints ask the <see cref="GatewayActor"/>. Strictly local (some hold delegates).</summary>
public static class VolumeGatewayRequests
{
    /// <summary>
    /// Find the node holding connector <paramref name="ConnectorId"/> through the registry (404 when none) and send it
    /// the command <paramref name="MakeCommand"/> builds from the node's UUID.
    /// </summary>
    public sealed record ForConnector(Guid ConnectorId, Func<Guid, INodePartCommand> MakeCommand) : INoSerializationVerificationNeeded;

    /// <summary>The same for target <paramref name="TargetId"/>.</summary>
    public sealed record ForTarget(Guid TargetId, Func<Guid, INodePartCommand> MakeCommand) : INoSerializationVerificationNeeded;

    /// <summary>A create, sent to the node its body names.</summary>
    public sealed record Create(INodePartCommand Command) : INoSerializationVerificationNeeded;

    /// <summary>A page of connectors from the query model; <paramref name="NodeIdent"/> (UUID or name) is resolved first (404).</summary>
    public sealed record ListConnectors(VolumeQueries.ListConnectors Query, string? NodeIdent) : INoSerializationVerificationNeeded;

    public sealed record ListTargets(VolumeQueries.ListTargets Query, string? NodeIdent) : INoSerializationVerificationNeeded;
}
