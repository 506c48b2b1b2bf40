namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// The hardware types this code base knows. A new hardware type is a new
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

    public const string IpmiName = "ipmi";
    public const string RedfishName = "redfish";

    /// <summary>
    /// <c>ipmi</c>: Ironic 21.4's lists (ipmitool power and management, then the generic implementations): boot
    /// <c>ipxe</c>, then <c>pxe</c>; deploy <c>direct</c> first, then <c>ramdisk</c>. Deviation: deploy keeps "fake"
    /// last for configurations that enable neither direct nor ramdisk.
    /// </summary>
    public static HardwareType Ipmi { get; } = new(IpmiName, new Dictionary<string, IReadOnlyList<string>>
    {
        [InterfaceTypes.Bios] = ["no-bios"],
        [InterfaceTypes.Boot] = ["ipxe", "pxe"],
        [InterfaceTypes.Console] = ["ipmitool-socat", "ipmitool-shellinabox", "no-console"],
        [InterfaceTypes.Deploy] = ["direct", "ansible", "ramdisk", "anaconda", "custom-agent", "fake"],
        [InterfaceTypes.Inspect] = ["no-inspect", "inspector"],
        [InterfaceTypes.Management] = ["ipmitool", "noop"],
        [InterfaceTypes.Network] = ["flat", "neutron", "noop"],
        [InterfaceTypes.Power] = ["ipmitool"],
        [InterfaceTypes.Raid] = ["no-raid", "agent"],
        [InterfaceTypes.Rescue] = ["no-rescue", "agent"],
        [InterfaceTypes.Storage] = ["noop", "cinder", "external"],
        [InterfaceTypes.Vendor] = ["ipmitool", "no-vendor"],
    });

    /// <summary>
    /// <c>redfish</c>: boot <c>redfish-virtual-media</c> first, then <c>ipxe</c> and <c>pxe</c> (a deviation from Ironic
    /// 21.4, which lists ipxe and pxe first: a redfish node needs no DHCP/TFTP/HTTP set-up this way, as in metal3);
    /// deploy direct, then ramdisk; raid agent. Boot and deploy end with "fake" so that the type can be enabled with
    /// fake boot and deploy only.
    /// </summary>
    public static HardwareType Redfish { get; } = new(RedfishName, new Dictionary<string, IReadOnlyList<string>>
    {
        [InterfaceTypes.Bios] = ["redfish", "no-bios"],
        [InterfaceTypes.Boot] = ["redfish-virtual-media", "ipxe", "pxe", "fake"],
        [InterfaceTypes.Console] = ["no-console"],
        [InterfaceTypes.Deploy] = ["direct", "ansible", "ramdisk", "anaconda", "custom-agent", "fake"],
        [InterfaceTypes.Inspect] = ["redfish", "no-inspect", "inspector"],
        [InterfaceTypes.Management] = ["redfish"],
        [InterfaceTypes.Network] = ["flat", "neutron", "noop"],
        [InterfaceTypes.Power] = ["redfish"],
        [InterfaceTypes.Raid] = ["redfish", "no-raid", "agent"],
        [InterfaceTypes.Rescue] = ["no-rescue", "agent"],
        [InterfaceTypes.Storage] = ["noop", "cinder", "external"],
        [InterfaceTypes.Vendor] = ["redfish", "no-vendor"],
    });

    /// <summary>Every hardware type that can be enabled.</summary>
    public static IReadOnlyList<HardwareType> All { get; } = [FakeHardware, Ipmi, Redfish];
}
