using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Noop;

/// <summary>"no-raid": RAID configuration is not supported.</summary>
public sealed class NoRaid : IRaidInterface
{
    public string Name => "no-raid";
    public string InterfaceType => InterfaceTypes.Raid;

    public ValidationResult Validate(Node node) => Unsupported.Validation(node, InterfaceType);

    public void ValidateRaidConfig(Node node, JsonObject config) => throw DriverException.UnsupportedExtension(node.Driver, InterfaceType);

    public Task CreateConfigurationAsync(Node node, bool createRootVolume, bool createNonRootVolumes, CancellationToken ct) =>
        Unsupported.Action(node, InterfaceType);

    public Task DeleteConfigurationAsync(Node node, CancellationToken ct) => Unsupported.Action(node, InterfaceType);
}
