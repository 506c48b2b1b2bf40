using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>Remote volumes for boot-from-volume (Ironic's <c>StorageInterface</c>); the hooks do nothing by default.</summary>
public interface IStorageInterface : IDriverInterface
{
    /// <summary>Attaches the node's volume targets.</summary>
    Task AttachVolumesAsync(Node node, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Detaches the node's volume targets.</summary>
    Task DetachVolumesAsync(Node node, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Validates the node with its volume connectors and targets (GET /validate's <c>storage</c> entry); interfaces that do
    /// not use volumes validate the node alone.
    /// </summary>
    ValidationResult ValidateVolumes(Node node, IReadOnlyList<Domain.Volumes.VolumeConnector> connectors,
        IReadOnlyList<Domain.Volumes.VolumeTarget> targets, NodeDrivers drivers) => Validate(node);

    /// <summary>False when the node boots from a remote volume, so no image is written to local disk.</summary>
    bool ShouldWriteImage(Node node) => true;
}
