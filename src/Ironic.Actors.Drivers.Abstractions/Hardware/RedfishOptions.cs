namespace Ironic.Actors.Drivers.Abstractions;

/// <summary>
/// Ironic's <c>[redfish]</c> options for the <c>redfish</c> interfaces, bound from
/// <c>Ironic:Hardware:Redfish</c>. Times are in seconds (fractions allowed, so tests can go fast).
/// </summary>
public sealed class RedfishOptions
{
    /// <summary><c>connection_attempts</c>: tries when the BMC cannot be reached.</summary>
    public int ConnectionAttempts { get; set; } = 5;

    /// <summary><c>connection_retry_interval</c>: the wait between those tries.</summary>
    public double ConnectionRetryInterval { get; set; } = 4;

    /// <summary>The time one HTTP request may take before it counts as failed (sushy's default is 60 s).</summary>
    public double RequestTimeout { get; set; } = 60;

    /// <summary>
    /// <c>[conductor]power_state_change_timeout</c>: how long a power action waits for the BMC to report the
    /// target state, when the caller gives no timeout.
    /// </summary>
    public double PowerStateChangeTimeout { get; set; } = 60;

    /// <summary>First gap between PowerState polls after a reset (doubles up to 5 s).</summary>
    public double PowerStatePollInterval { get; set; } = 1;

    /// <summary>Problems in these options; empty when valid.</summary>
    public IEnumerable<string> Errors()
    {
        if (ConnectionAttempts < 1)
            yield return $"{HardwareOptions.SectionName}:Redfish:ConnectionAttempts must be at least 1";
        if (ConnectionRetryInterval < 0)
            yield return $"{HardwareOptions.SectionName}:Redfish:ConnectionRetryInterval must not be negative (seconds)";
        if (RequestTimeout <= 0)
            yield return $"{HardwareOptions.SectionName}:Redfish:RequestTimeout must be positive (seconds)";
        if (PowerStateChangeTimeout <= 0)
            yield return $"{HardwareOptions.SectionName}:Redfish:PowerStateChangeTimeout must be positive (seconds)";
        if (PowerStatePollInterval <= 0)
            yield return $"{HardwareOptions.SectionName}:Redfish:PowerStatePollInterval must be positive (seconds)";
    }
}
