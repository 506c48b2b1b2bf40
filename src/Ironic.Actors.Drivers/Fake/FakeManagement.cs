using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Fake;

/// <summary>The "fake" management interface: PXE is the only boot device, and it always reports PXE, not persistent.</summary>
public sealed class FakeManagement : IManagementInterface
{
    /// <summary>Ironic's <c>boot_devices.PXE</c>.</summary>
    public const string Pxe = "pxe";

    private static readonly IReadOnlyList<string> Devices = [Pxe];
    private readonly FakeDelayer _delay;

    public FakeManagement(FakeDelays? delays = null, TimeProvider? time = null, Random? random = null)
    {
        _delay = new FakeDelayer(delays, InterfaceTypes.Management, time, random);
    }

    public string Name => "fake";
    public string InterfaceType => InterfaceTypes.Management;

    public ValidationResult Validate(Node node) => ValidationResult.Ok;

    public async Task<BootDeviceInfo> GetBootDeviceAsync(Node node, CancellationToken ct)
    {
        await _delay.WaitAsync(ct).ConfigureAwait(false);
        return new BootDeviceInfo(Pxe, false);
    }

    public async Task SetBootDeviceAsync(Node node, string device, bool persistent, CancellationToken ct)
    {
        await _delay.WaitAsync(ct).ConfigureAwait(false);
        if (!Devices.Contains(device))
            throw DriverException.InvalidParameter($"Invalid boot device {device} specified.");
    }

    public IReadOnlyList<string> SupportedBootDevices(Node node) => Devices;
}
