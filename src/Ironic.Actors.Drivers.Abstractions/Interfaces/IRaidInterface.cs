using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>RAID configuration (Ironic's <c>RAIDInterface</c>).</summary>
public interface IRaidInterface : IDriverInterface
{
    /// <summary>
    /// Checks a target RAID configuration before it is stored (PUT /states/raid): Ironic's RAID configuration schema
    /// unless the implementation says otherwise. Throws a 400 <see cref="DriverException"/> with Ironic's message.
    /// </summary>
    void ValidateRaidConfig(Node node, JsonObject config)
    {
        if (RaidConfigSchema.Check(config) is { } error)
            throw DriverException.InvalidParameter(error);
    }

    /// <summary>Builds <c>target_raid_config</c>; unsupported unless the implementation says otherwise.</summary>
    Task CreateConfigurationAsync(Node node, bool createRootVolume, bool createNonRootVolumes, CancellationToken ct) =>
        Task.FromException(DriverException.UnsupportedExtension(node.Driver, InterfaceType));

    /// <summary>Deletes the RAID configuration; unsupported unless the implementation says otherwise.</summary>
    Task DeleteConfigurationAsync(Node node, CancellationToken ct) =>
        Task.FromException(DriverException.UnsupportedExtension(node.Driver, InterfaceType));
}
