using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>RAID configuration (Ironic's <c>RAIDInterface</c>).</summary>
public interface IRaidInterface : IDriverInterface
{
    /// <summary>Builds <c>target_raid_config</c>; unsupported unless the implementation says otherwise.</summary>
    Task CreateConfigurationAsync(Node node, bool createRootVolume, bool createNonRootVolumes, CancellationToken ct) =>
        Task.FromException(DriverException.UnsupportedExtension(node.Driver, InterfaceType));

    /// <summary>Deletes the RAID configuration; unsupported unless the implementation says otherwise.</summary>
    Task DeleteConfigurationAsync(Node node, CancellationToken ct) =>
        Task.FromException(DriverException.UnsupportedExtension(node.Driver, InterfaceType));
}
