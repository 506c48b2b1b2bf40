using System.Text.RegularExpressions;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Ipmi;

/// <summary>
/// The "ipmitool" management interface: sets the boot device with <c>chassis bootdev</c> and reads it with
/// <c>chassis bootparam get 5</c> (spec 6.3).
/// </summary>
public sealed partial class IpmitoolManagement : IManagementInterface
{
    private static readonly IReadOnlyList<string> Devices = ["pxe", "disk", "cdrom", "bios", "safe"];

    private readonly IpmitoolRunner _runner;

    public IpmitoolManagement(IpmitoolRunner runner)
    {
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
    }

    public string Name => "ipmitool";
    public string InterfaceType => InterfaceTypes.Management;

    public IReadOnlyDictionary<string, string> GetProperties() => IpmiDriverInfo.Properties;

    public ValidationResult Validate(Node node) =>
        IpmiDriverInfo.TryParse(node) is { Error: { } error } ? ValidationResult.Fail(error) : ValidationResult.Ok;

    public IReadOnlyList<string> SupportedBootDevices(Node node) => Devices;

    public async Task SetBootDeviceAsync(Node node, string device, bool persistent, CancellationToken ct)
    {
        if (!Devices.Contains(device))
            throw DriverException.InvalidParameter($"Invalid boot device {device} specified.");
        var info = IpmiDriverInfo.Parse(node);

        // Without this the BMC forgets the boot flags 60 s after they are set (IPMI spec 28.12).
        if (info.DisableBootTimeout ?? _runner.Options.DisableBootTimeout)
            await _runner.ExecuteAsync(info, "raw 0x00 0x08 0x03 0x08", ct).ConfigureAwait(false);

        var options = new List<string>();
        if (persistent)
            options.Add("persistent");
        if (string.Equals(node.BootMode, "uefi", StringComparison.OrdinalIgnoreCase))
            options.Add("efiboot");
        var command = $"chassis bootdev {device}" + (options.Count > 0 ? $" options={string.Join(",", options)}" : "");
        await _runner.ExecuteAsync(info, command, ct).ConfigureAwait(false);
    }

    public async Task<BootDeviceInfo> GetBootDeviceAsync(Node node, CancellationToken ct)
    {
        var info = IpmiDriverInfo.Parse(node);
        var output = await _runner.ExecuteAsync(info, "chassis bootparam get 5", ct).ConfigureAwait(false);
        return ParseBootParameter(output);
    }

    /// <summary>Reads the device and persistence from <c>chassis bootparam get 5</c> output; null device when none is forced.</summary>
    public static BootDeviceInfo ParseBootParameter(string output)
    {
        var match = BootSelector().Match(output);
        string? device = null;
        if (match.Success)
        {
            var selector = match.Groups[1].Value;
            if (selector.Contains("PXE", StringComparison.Ordinal))
                device = "pxe";
            else if (selector.Contains("Hard-Drive", StringComparison.Ordinal))
                device = selector.Contains("Safe-Mode", StringComparison.Ordinal) ? "safe" : "disk";
            else if (selector.Contains("BIOS", StringComparison.Ordinal))
                device = "bios";
            else if (selector.Contains("CD/DVD", StringComparison.Ordinal))
                device = "cdrom";
        }
        var persistent = output.Contains("Options apply to all future boots", StringComparison.Ordinal);
        return new BootDeviceInfo(device, persistent);
    }

    [GeneratedRegex(@"Boot Device Selector : ([^\r\n]*)")]
    private static partial Regex BootSelector();
}
