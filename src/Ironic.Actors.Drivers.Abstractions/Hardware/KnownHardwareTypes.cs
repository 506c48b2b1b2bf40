namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// The hardware types this code base knows. A new hardware type (ipmi, redfish) is a new
/// <see cref="HardwareType"/> listed in <see cref="All"/>, plus its interface implementations
/// added to the driver catalog.
/// </summary>
public static class KnownHardwareTypes
{
    public const string FakeHardwareName = "fake-hardware";

    /// <summary>
    /// <c>fake-hardware</c>: fake implementations first, then the generic ones Ironic lists for it.
    /// Names without an implementation here (ipxe, flat, ...) can never be enabled, so they are harmless
    /// and keep defaults right once those implementations exist.
    /// </summary>
    public static HardwareType FakeHardware { get; } = new(FakeHardwareName, new Dictionary<string, IReadOnlyList<string>>
    {
        [InterfaceTypes.Bios] = ["fake", "no-bios"],
        [InterfaceTypes.Boot] = ["fake", "ipxe", "pxe"],
        [InterfaceTypes.Console] = ["fake", "no-console"],
        [InterfaceTypes.Deploy] = ["fake", "direct", "ansible", "ramdisk", "anaconda", "custom-agent"],
        [InterfaceTypes.Inspect] = ["fake", "inspector", "no-inspect"],
        [InterfaceTypes.Management] = ["fake"],
        [InterfaceTypes.Network] = ["flat", "neutron", "noop"],
        [InterfaceTypes.Power] = ["fake"],
        [InterfaceTypes.Raid] = ["fake", "no-raid", "agent"],
        [InterfaceTypes.Rescue] = ["fake", "no-rescue", "agent"],
        [InterfaceTypes.Storage] = ["fake", "noop", "cinder", "external"],
        [InterfaceTypes.Vendor] = ["fake", "no-vendor"],
    })
    {
        AcceptsAnyEnabledInterface = true,
    };

    /// <summary>Every hardware type that can be enabled.</summary>
    public static IReadOnlyList<HardwareType> All { get; } = [FakeHardware];
}
