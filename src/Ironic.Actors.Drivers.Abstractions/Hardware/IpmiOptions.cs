namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// Ironic's <c>[ipmi]</c> options for the <c>ipmitool</c> interfaces, bound from
/// <c>Ironic:Hardware:Ipmi</c>. Times are in seconds (fractions allowed, so tests can go fast).
/// </summary>
public sealed class IpmiOptions
{
    /// <summary>The ipmitool program (a name looked up on PATH, or a full path).</summary>
    public string IpmitoolPath { get; set; } = "ipmitool";

    /// <summary><c>command_retry_timeout</c>: the total time one IPMI command may take, retries included.</summary>
    public double CommandRetryTimeout { get; set; } = 60;

    /// <summary><c>min_command_interval</c>: the minimum gap between two commands to the same BMC address.</summary>
    public double MinCommandInterval { get; set; } = 5;

    /// <summary>
    /// <c>[conductor]power_state_change_timeout</c>: how long a power action waits for the BMC to report the
    /// target state, when the caller gives no timeout.
    /// </summary>
    public double PowerStateChangeTimeout { get; set; } = 60;

    /// <summary>First gap between power status polls after a power command (doubles up to 5 s, never below min_command_interval).</summary>
    public double PowerStatePollInterval { get; set; } = 1;

    /// <summary><c>disable_boot_timeout</c>: send the "disable the 60 s boot-flags timeout" raw command before setting a boot device.</summary>
    public bool DisableBootTimeout { get; set; } = true;

    /// <summary>Problems in these options; empty when valid.</summary>
    public IEnumerable<string> Errors()
    {
        if (string.IsNullOrWhiteSpace(IpmitoolPath))
            yield return $"{HardwareOptions.SectionName}:Ipmi:IpmitoolPath must not be empty";
        if (CommandRetryTimeout <= 0)
            yield return $"{HardwareOptions.SectionName}:Ipmi:CommandRetryTimeout must be positive (seconds)";
        if (MinCommandInterval < 0)
            yield return $"{HardwareOptions.SectionName}:Ipmi:MinCommandInterval must not be negative (seconds)";
        if (PowerStateChangeTimeout <= 0)
            yield return $"{HardwareOptions.SectionName}:Ipmi:PowerStateChangeTimeout must be positive (seconds)";
        if (PowerStatePollInterval <= 0)
            yield return $"{HardwareOptions.SectionName}:Ipmi:PowerStatePollInterval must be positive (seconds)";
    }
}
