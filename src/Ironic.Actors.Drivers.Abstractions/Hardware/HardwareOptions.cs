namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// Which hardware types and interface implementations a conductor enables, bound from the
/// configuration section <see cref="SectionName"/> (Ironic's <c>[DEFAULT]enabled_*</c>,
/// <c>default_*_interface</c> and <c>[fake]</c> options).
/// </summary>
/// <remarks>
/// An empty list (or a missing interface type) means "the default", listed in
/// <see cref="DefaultEnabledHardwareTypes"/> and <see cref="DefaultEnabledInterfaces"/>. The defaults are
/// not put into the lists themselves because the configuration binder appends to a list it finds
/// filled, so configured values could never replace them. To enable nothing, configure a single empty
/// entry (the conductor then refuses to start, as Ironic's does).
/// </remarks>
public sealed class HardwareOptions
{
    /// <summary>Configuration section the options bind from.</summary>
    public const string SectionName = "Ironic:Hardware";

    /// <summary>
    /// Hardware types enabled when none are configured: Ironic's defaults (ipmi, redfish), plus fake-hardware for tests and
    /// trying things out. An ipmi or redfish node needs nothing but its driver_info (and instance_info to deploy), as in a
    /// metal3 deployment of Ironic; the ipmi interfaces run the ipmitool program when a node uses them.
    /// </summary>
    public static IReadOnlyList<string> DefaultEnabledHardwareTypes { get; } =
        [KnownHardwareTypes.FakeHardwareName, KnownHardwareTypes.IpmiName, KnownHardwareTypes.RedfishName];

    /// <summary>Implementations enabled per interface type when none are configured for it.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultEnabledInterfaces { get; } =
        new Dictionary<string, IReadOnlyList<string>>
        {
            [InterfaceTypes.Bios] = ["fake", "no-bios"],
            [InterfaceTypes.Boot] = ["fake", "redfish-virtual-media", "ipxe", "pxe"],
            [InterfaceTypes.Console] = ["fake", "no-console"],
            [InterfaceTypes.Deploy] = ["fake", "direct", "ramdisk"],
            [InterfaceTypes.Inspect] = ["fake", "no-inspect", "redfish"],
            [InterfaceTypes.Management] = ["fake", "ipmitool", "redfish"],
            [InterfaceTypes.Network] = ["noop"],
            [InterfaceTypes.Power] = ["fake", "ipmitool", "redfish"],
            [InterfaceTypes.Raid] = ["fake", "no-raid", "agent"],
            [InterfaceTypes.Rescue] = ["fake", "no-rescue"],
            [InterfaceTypes.Storage] = ["noop"],
            [InterfaceTypes.Vendor] = ["fake", "no-vendor"],
        };

    /// <summary>Enabled hardware types (<c>enabled_hardware_types</c>); empty = <see cref="DefaultEnabledHardwareTypes"/>.</summary>
    public List<string> EnabledHardwareTypes { get; set; } = [];

    /// <summary>
    /// Enabled implementations per interface type (<c>enabled_&lt;type&gt;_interfaces</c>), keyed by type name
    /// ("power", ...); a missing or empty entry = that type's <see cref="DefaultEnabledInterfaces"/>.
    /// </summary>
    public Dictionary<string, List<string>> EnabledInterfaces { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Forced defaults per interface type (<c>default_&lt;type&gt;_interface</c>); usually empty.</summary>
    public Dictionary<string, string> DefaultInterfaces { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Artificial delays of the fake interfaces (<c>[fake]*_delay</c>).</summary>
    public FakeDelays FakeDelays { get; set; } = new();

    /// <summary>Options of the ipmitool interfaces (<c>[ipmi]</c>).</summary>
    public IpmiOptions Ipmi { get; set; } = new();

    /// <summary>Options of the redfish interfaces (<c>[redfish]</c>).</summary>
    public RedfishOptions Redfish { get; set; } = new();

    /// <summary>Where the pxe and ipxe boot interfaces write their files (<c>[pxe]</c>, <c>[deploy]http_*</c>).</summary>
    public PxeOptions Pxe { get; set; } = new();

    /// <summary>How the agent deploy talks to the agent ramdisk (<c>[agent]</c>).</summary>
    public AgentOptions Agent { get; set; } = new();

    /// <summary>The hardware types in effect: defaults applied, blanks and duplicates dropped, order kept.</summary>
    public IReadOnlyList<string> GetEnabledHardwareTypes() =>
        EnabledHardwareTypes.Count == 0 ? DefaultEnabledHardwareTypes : Clean(EnabledHardwareTypes);

    /// <summary>The implementations in effect for one interface type (defaults applied, blanks and duplicates dropped).</summary>
    public IReadOnlyList<string> GetEnabledInterfaces(string interfaceType)
    {
        var configured = Lookup(EnabledInterfaces, interfaceType);
        if (configured is { Count: > 0 })
            return Clean(configured);
        return DefaultEnabledInterfaces.TryGetValue(interfaceType, out var defaults) ? defaults : [];
    }

    /// <summary>The forced default for one interface type, or null when none is configured.</summary>
    public string? GetDefaultInterface(string interfaceType)
    {
        var value = Lookup(DefaultInterfaces, interfaceType)?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>Every problem in these options (unknown interface types, unparsable delays); empty when valid.</summary>
    public IReadOnlyList<string> ValidationErrors()
    {
        var errors = new List<string>();
        foreach (var key in (EnabledInterfaces?.Keys ?? Enumerable.Empty<string>()).Where(k => !IsKnownType(k)))
            errors.Add($"{SectionName}:EnabledInterfaces has an unknown interface type '{key}'; valid types are {string.Join(", ", InterfaceTypes.All)}");
        foreach (var key in (DefaultInterfaces?.Keys ?? Enumerable.Empty<string>()).Where(k => !IsKnownType(k)))
            errors.Add($"{SectionName}:DefaultInterfaces has an unknown interface type '{key}'; valid types are {string.Join(", ", InterfaceTypes.All)}");
        errors.AddRange((FakeDelays ?? new FakeDelays()).Errors());
        errors.AddRange((Ipmi ?? new IpmiOptions()).Errors());
        errors.AddRange((Redfish ?? new RedfishOptions()).Errors());
        return errors;
    }

    /// <summary>Throws an <see cref="InvalidOperationException"/> listing every problem, if there is any.</summary>
    public void Validate()
    {
        var errors = ValidationErrors();
        if (errors.Count > 0)
            throw new InvalidOperationException("Invalid hardware configuration: " + string.Join("; ", errors) + ".");
    }

    private static bool IsKnownType(string key) => InterfaceTypes.All.Contains(key, StringComparer.OrdinalIgnoreCase);

    // Configuration keys are case-insensitive, but a dictionary set in code may not be.
    private static T? Lookup<T>(Dictionary<string, T>? map, string key) where T : class
    {
        if (map is null)
            return null;
        if (map.TryGetValue(key, out var value))
            return value;
        return map.FirstOrDefault(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
    }

    private static IReadOnlyList<string> Clean(IEnumerable<string?> names) =>
        names.Select(n => n?.Trim()).Where(n => !string.IsNullOrEmpty(n)).Select(n => n!).Distinct(StringComparer.Ordinal).ToList();
}
