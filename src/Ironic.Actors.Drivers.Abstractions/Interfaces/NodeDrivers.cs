using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// The node's other interfaces that a deploy interface drives (what Ironic's task hands it as <c>task.driver</c>):
/// a ramdisk deploy boots the image through <see cref="Boot"/> and switches power through <see cref="Power"/>.
/// </summary>
public sealed record NodeDrivers(IPowerInterface Power, IManagementInterface Management, IBootInterface Boot)
{
    /// <summary>
    /// The node's ports as they were when its work started (Ironic's <c>task.ports</c>): network boot interfaces write
    /// their per-MAC files from them. Empty when the caller did not pass them.
    /// </summary>
    public IReadOnlyList<Port> Ports { get; init; } = [];
}
