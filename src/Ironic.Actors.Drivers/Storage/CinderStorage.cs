using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Volumes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Storage;

/// <summary>
/// The "cinder" storage interface, as far as it goes without a Cinder service: validation of the node's volume
/// connectors and targets against each other, the node's boot capabilities and its boot interface
/// (<see cref="CinderStorageRules"/>, Ironic 21.4's words). Attaching and detaching volumes would call Cinder, which is
/// not here: they do nothing, and the node's image is written as with local disks. Not enabled by default, as in Ironic.
/// </summary>
public sealed class CinderStorage : IStorageInterface
{
    /// <summary>Boot interfaces with Ironic's <c>ipxe_boot</c> capability (its fake boot claims it too).</summary>
    private static readonly HashSet<string> IpxeCapableBoot = ["ipxe", "fake"];

    public string Name => "cinder";
    public string InterfaceType => InterfaceTypes.Storage;

    /// <summary>Without the node's volumes there is nothing to check against (callers give them: <see cref="ValidateVolumes"/>).</summary>
    public ValidationResult Validate(Node node) => ValidationResult.Ok;

    /// <summary>
    /// Ironic's checks; its StorageError (wwpn/wwnn mismatch) is thrown as a conductor-side failure, which GET /validate
    /// reports as an unexpected exception, as Ironic does.
    /// </summary>
    public ValidationResult ValidateVolumes(Node node, IReadOnlyList<VolumeConnector> connectors, IReadOnlyList<VolumeTarget> targets, NodeDrivers drivers) =>
        CinderStorageRules.Validate(node, connectors, targets, IpxeCapableBoot.Contains(drivers.Boot.Name)) switch
        {
            null => ValidationResult.Ok,
            { StorageError: true } refusal => throw new DriverException(refusal.Reason),
            var refusal => ValidationResult.Fail(refusal.Reason),
        };

    public Task AttachVolumesAsync(Node node, CancellationToken ct) => Task.CompletedTask;

    public Task DetachVolumesAsync(Node node, CancellationToken ct) => Task.CompletedTask;

    public bool ShouldWriteImage(Node node) => true;
}
