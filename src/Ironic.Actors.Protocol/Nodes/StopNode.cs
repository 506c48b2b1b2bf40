namespace Ironic.Actors.Protocol.Nodes;

/// <summary>
/// The message sharding sends a node entity to stop it (hand-off, rebalance, idle passivation, leave).
/// The entity stops at once when idle, or once its running driver work has ended.
/// </summary>
public sealed record StopNode : IIronicMessage
{
    public static readonly StopNode Instance = new();
}
