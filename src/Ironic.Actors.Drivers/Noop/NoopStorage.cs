using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Noop;

/// <summary>The "noop" storage interface: local disks only, no remote volumes.</summary>
public sealed class NoopStorage : IStorageInterface
{
    public string Name => "noop";
    public string InterfaceType => InterfaceTypes.Storage;

    public ValidationResult Validate(Node node) => ValidationResult.Ok;

    public Task AttachVolumesAsync(Node node, CancellationToken ct) => Task.CompletedTask;
    public Task DetachVolumesAsync(Node node, CancellationToken ct) => Task.CompletedTask;
    public bool ShouldWriteImage(Node node) => true;
}
