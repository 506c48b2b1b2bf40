using System.Text.RegularExpressions;

namespace Ironic.Actors.Domain.Ports;

/// <summary>MAC addresses as Ironic accepts them: six colon-separated hex pairs, stored lower case.</summary>
public static partial class MacAddress
{
    [GeneratedRegex("^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$")]
    private static partial Regex Pattern();

    [GeneratedRegex("^[0-9a-fA-F]{16}$")]
    private static partial Regex DatapathIdPattern();

    public static bool IsValid(string value) => Pattern().IsMatch(value);

    /// <summary>The lower-case form, or null when <paramref name="value"/> is not a MAC address.</summary>
    public static string? Normalize(string value) => IsValid(value) ? value.ToLowerInvariant() : null;

    /// <summary>An OpenFlow datapath id (16 hex digits), lower case, or null.</summary>
    public static string? NormalizeDatapathId(string value) => DatapathIdPattern().IsMatch(value) ? value.ToLowerInvariant() : null;

    /// <summary>Ironic 21.4's wording (ironic.common.args.mac_address) for a value that is not a MAC address.</summary>
    public static string Invalid(string field, string value) => $"Expected valid MAC address for {field}: {value}";
}
