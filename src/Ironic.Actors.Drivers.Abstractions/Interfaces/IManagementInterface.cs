using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>Boot device and other out-of-band management (Ironic's <c>ManagementInterface</c>).</summary>
public interface IManagementInterface : IDriverInterface
{
    /// <summary>The boot device the node will use next.</summary>
    Task<BootDeviceInfo> GetBootDeviceAsync(Node node, CancellationToken ct);

    /// <summary>Sets the boot device; an unsupported device fails with a 400 <see cref="DriverException"/>.</summary>
    Task SetBootDeviceAsync(Node node, string device, bool persistent, CancellationToken ct);

    /// <summary>Boot devices (e.g. "pxe", "disk") this implementation can set on <paramref name="node"/>.</summary>
    IReadOnlyList<string> SupportedBootDevices(Node node);
}
