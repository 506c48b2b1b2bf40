using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>Booting an active node into a rescue ramdisk and back (Ironic's <c>RescueInterface</c>).</summary>
public interface IRescueInterface : IDriverInterface
{
    /// <summary>Boots the rescue environment (the node ends in <c>rescue</c>).</summary>
    Task RescueAsync(Node node, CancellationToken ct);

    /// <summary>Returns to the instance (the node ends in <c>active</c>).</summary>
    Task UnrescueAsync(Node node, CancellationToken ct);
}
