using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>Booting an active node into a rescue ramdisk and back (Ironic's <c>RescueInterface</c>).</summary>
public interface IRescueInterface : IDriverInterface
{
    /// <summary>Boots the rescue environment (the node ends in <c>rescue</c>).</summary>
    Task RescueAsync(Node node, CancellationToken ct);

    /// <summary>
    /// True when <see cref="RescueAsync"/> only boots the rescue ramdisk and its agent calls back: the node then
    /// waits in <c>rescue wait</c> (failed by <c>rescue_callback_timeout</c>). False by default.
    /// </summary>
    bool RescueWaitsForAgent(Node node) => false;

    /// <summary>Returns to the instance (the node ends in <c>active</c>).</summary>
    Task UnrescueAsync(Node node, CancellationToken ct);
}
