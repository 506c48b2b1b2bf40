using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>Remote volumes for boot-from-volume (Ironic's <c>StorageInterface</c>); the hooks do nothing by default.</summary>
public interface IStorageInterface : IDriverInterface
{
    /// <summary>Attaches the node's volume targets.</summary>
    Task AttachVolumesAsync(Node node, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Detaches the node's volume targets.</summary>
    Task DetachVolumesAsync(Node node, CancellationToken ct) => Task.CompletedTask;

    /// <summary>False when the node boots from a remote volume, so no image is written to local disk.</summary>
    bool ShouldWriteImage(Node node) => true;
}
