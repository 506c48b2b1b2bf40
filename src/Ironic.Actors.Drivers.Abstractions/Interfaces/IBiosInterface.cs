using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>BIOS settings (Ironic's <c>BIOSInterface</c>).</summary>
public interface IBiosInterface : IDriverInterface
{
    /// <summary>Applies a list of <c>{name, value}</c> settings; unsupported unless the implementation says otherwise.</summary>
    Task ApplyConfigurationAsync(Node node, JsonArray settings, CancellationToken ct) =>
        Task.FromException(DriverException.UnsupportedExtension(node.Driver, InterfaceType));

    /// <summary>Resets BIOS settings to factory defaults; unsupported unless the implementation says otherwise.</summary>
    Task FactoryResetAsync(Node node, CancellationToken ct) =>
        Task.FromException(DriverException.UnsupportedExtension(node.Driver, InterfaceType));

    /// <summary>Refreshes the cached BIOS settings (run during verify); nothing by default.</summary>
    Task CacheBiosSettingsAsync(Node node, CancellationToken ct) => Task.CompletedTask;
}
