namespace Ironic.Actors.Domain.Nodes;

/// <summary>The interface implementation chosen for each of Ironic's twelve interface types.</summary>
public sealed record NodeInterfaces(
    string Bios, string Boot, string Console, string Deploy, string Inspect, string Management,
    string Network, string Power, string Raid, string Rescue, string Storage, string Vendor)
{
    /// <summary>Interface type names in Ironic's order.</summary>
    public static readonly IReadOnlyList<string> Types =
        ["bios", "boot", "console", "deploy", "inspect", "management", "network", "power", "raid", "rescue", "storage", "vendor"];

    public string Get(string type) => type switch
    {
        "bios" => Bios, "boot" => Boot, "console" => Console, "deploy" => Deploy, "inspect" => Inspect,
        "management" => Management, "network" => Network, "power" => Power, "raid" => Raid,
        "rescue" => Rescue, "storage" => Storage, "vendor" => Vendor,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown interface type"),
    };

    public static NodeInterfaces FromMap(IReadOnlyDictionary<string, string> map) => new(
        map["bios"], map["boot"], map["console"], map["deploy"], map["inspect"], map["management"],
        map["network"], map["power"], map["raid"], map["rescue"], map["storage"], map["vendor"]);

    public IReadOnlyDictionary<string, string> ToMap() => Types.ToDictionary(t => t, Get);
}
