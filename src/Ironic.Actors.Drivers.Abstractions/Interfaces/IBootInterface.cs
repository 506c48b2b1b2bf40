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

    // The same hooks with the node's other interfaces and its ports (Ironic's task): a network boot needs the ports'
    // MACs and the management interface to set the boot device. By default they call the node-only hooks above.

    /// <summary>Validates with the node's ports and interfaces at hand; by default <see cref="IDriverInterface.Validate"/>.</summary>
    ValidationResult Validate(Node node, NodeDrivers drivers) => Validate(node);

    /// <summary><see cref="PrepareRamdiskAsync(Node, CancellationToken)"/> with the node's ports and interfaces.</summary>
    Task PrepareRamdiskAsync(Node node, NodeDrivers drivers, CancellationToken ct) => PrepareRamdiskAsync(node, ct);

    /// <summary><see cref="CleanUpRamdiskAsync(Node, CancellationToken)"/> with the node's ports and interfaces.</summary>
    Task CleanUpRamdiskAsync(Node node, NodeDrivers drivers, CancellationToken ct) => CleanUpRamdiskAsync(node, ct);

    /// <summary><see cref="PrepareInstanceAsync(Node, CancellationToken)"/> with the node's ports and interfaces.</summary>
    Task PrepareInstanceAsync(Node node, NodeDrivers drivers, CancellationToken ct) => PrepareInstanceAsync(node, ct);

    /// <summary><see cref="CleanUpInstanceAsync(Node, CancellationToken)"/> with the node's ports and interfaces.</summary>
    Task CleanUpInstanceAsync(Node node, NodeDrivers drivers, CancellationToken ct) => CleanUpInstanceAsync(node, ct);
}
