namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// Artificial delays of the fake interfaces (Ironic's <c>[fake]</c> section), each "N" or "min,max"
/// seconds; "0" means none. Useful to make fake-hardware behave like slow real hardware in tests
/// and benchmarks.
/// </summary>
public sealed class FakeDelays
{
    public string Power { get; set; } = "0";
    public string Boot { get; set; } = "0";
    public string Deploy { get; set; } = "0";
    public string Vendor { get; set; } = "0";
    public string Management { get; set; } = "0";
    public string Inspect { get; set; } = "0";
    public string Raid { get; set; } = "0";
    public string Bios { get; set; } = "0";
    public string Storage { get; set; } = "0";
    public string Rescue { get; set; } = "0";

    /// <summary>
    /// Not an Ironic option: a file path that holds delayed fake calls in flight. When set, a fake call with a
    /// non-zero delay, once its delay is over, also waits until this file exists. Tests delete the file to keep
    /// driver work running for as long as they need (e.g. to send conflicting requests while a node is locked) and
    /// create it to let the work end, instead of racing a fixed delay. Empty (the default) means no hold.
    /// </summary>
    public string HoldFile { get; set; } = "";

    /// <summary>The configured delay text for an interface type (null for console, which has none).</summary>
    public string? For(string interfaceType) => interfaceType switch
    {
        InterfaceTypes.Power => Power,
        InterfaceTypes.Boot => Boot,
        InterfaceTypes.Deploy => Deploy,
        InterfaceTypes.Vendor => Vendor,
        InterfaceTypes.Management => Management,
        InterfaceTypes.Inspect => Inspect,
        InterfaceTypes.Raid => Raid,
        InterfaceTypes.Bios => Bios,
        InterfaceTypes.Storage => Storage,
        InterfaceTypes.Rescue => Rescue,
        _ => null,
    };

    /// <summary>
    /// The parsed delay for an interface type. Throws <see cref="InvalidOperationException"/> naming the
    /// option when its text is invalid.
    /// </summary>
    public FakeDelay Parse(string interfaceType)
    {
        var text = For(interfaceType);
        return FakeDelay.TryParse(text, out var delay, out var error)
            ? delay
            : throw new InvalidOperationException(ErrorText(interfaceType, text, error));
    }

    /// <summary>One message per invalid delay option.</summary>
    public IEnumerable<string> Errors()
    {
        foreach (var type in InterfaceTypes.All)
        {
            var text = For(type);
            if (text is not null && !FakeDelay.TryParse(text, out _, out var error))
                yield return ErrorText(type, text, error);
        }
    }

    private static string ErrorText(string interfaceType, string? text, string? error) =>
        $"{HardwareOptions.SectionName}:FakeDelays:{char.ToUpperInvariant(interfaceType[0])}{interfaceType[1..]} " +
        $"(Ironic's [fake]{interfaceType}_delay) is invalid ('{text}'): {error}";
}
