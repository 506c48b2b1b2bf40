using Ironic.Actors.Domain.Volumes;

namespace Ironic.Actors.Domain.Events;

/// <summary>A volume connector was created on the node (API 1.32).</summary>
public sealed record VolumeConnectorCreated(VolumeConnector Connector) : INodePartEvent
{
    public Guid NodeId => Connector.NodeId;
    public DateTimeOffset At => Connector.CreatedAt;
}

/// <summary>A volume connector's fields changed (PATCH); carries it as it is afterwards.</summary>
public sealed record VolumeConnectorUpdated(VolumeConnector Connector, DateTimeOffset At) : INodePartEvent
{
    public Guid NodeId => Connector.NodeId;
}

/// <summary>A volume connector was deleted (or moved to another node).</summary>
public sealed record VolumeConnectorDeleted(Guid NodeId, Guid ConnectorId, DateTimeOffset At) : INodePartEvent;

/// <summary>A volume target was created on the node.</summary>
public sealed record VolumeTargetCreated(VolumeTarget Target) : INodePartEvent
{
    public Guid NodeId => Target.NodeId;
    public DateTimeOffset At => Target.CreatedAt;
}

/// <summary>A volume target's fields changed (PATCH); carries it as it is afterwards.</summary>
public sealed record VolumeTargetUpdated(VolumeTarget Target, DateTimeOffset At) : INodePartEvent
{
    public Guid NodeId => Target.NodeId;
}

/// <summary>A volume target was deleted (or moved to another node).</summary>
public sealed record VolumeTargetDeleted(Guid NodeId, Guid TargetId, DateTimeOffset At) : INodePartEvent;
