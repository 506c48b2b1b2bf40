namespace Ironic.Actors.Domain.States;

/// <summary>Power state names and power action targets as Ironic spells them.</summary>
public static class PowerStates
{
    public const string PowerOn = "power on";
    public const string PowerOff = "power off";
    public const string Rebooting = "rebooting";
    public const string SoftRebooting = "soft rebooting";
    public const string SoftPowerOff = "soft power off";
    public const string Error = "error";

    /// <summary>Targets accepted by <c>PUT /states/power</c>.</summary>
    public static readonly IReadOnlyList<string> Targets = [PowerOn, PowerOff, Rebooting, SoftRebooting, SoftPowerOff];

    /// <summary>Targets that need API 1.27 or later.</summary>
    public static readonly IReadOnlySet<string> SoftTargets = new HashSet<string> { SoftRebooting, SoftPowerOff };

    /// <summary>The stable power state a target ends in: on for on/reboots, off for offs.</summary>
    public static string ResultOf(string target) =>
        target is PowerOff or SoftPowerOff ? PowerOff : PowerOn;
}
