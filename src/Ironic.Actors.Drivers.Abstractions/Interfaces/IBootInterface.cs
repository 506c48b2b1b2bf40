using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>Prepares how the node boots (Ironic's <c>BootInterface</c>); every hook does nothing by default.</summary>
public interface IBootInterface : IDriverInterface
{
    /// <summary>Ironic's boot capability a ramdisk deploy needs: the boot interface can boot the instance image itself.</summary>
    const string RamdiskBoot = "ramdisk_boot";

    /// <summary>What this implementation can do beyond the basics (Ironic's <c>capabilities</c>), e.g. <see cref="RamdiskBoot"/>.</summary>
    IReadOnlyCollection<string> Capabilities => [];

    /// <summary>Prepares booting the deploy/rescue ramdisk.</summary>
    Task PrepareRamdiskAsync(Node node, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Removes what <see cref="PrepareRamdiskAsync"/> set up.</summary>
    Task CleanUpRamdiskAsync(Node node, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Prepares booting the deployed instance.</summary>
    Task PrepareInstanceAsync(Node node, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Removes what <see cref="PrepareInstanceAsync"/> set up.</summary>
    Task CleanUpInstanceAsync(Node node, CancellationToken ct) => Task.CompletedTask;
}
