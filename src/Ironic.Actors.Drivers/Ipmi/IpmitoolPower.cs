using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Ipmi;

/// <summary>
/// The "ipmitool" power interface: reads and switches power with the ipmitool program (spec 6.3). Every set
/// is followed by polling <c>power status</c> until the BMC reports the target state or the time-out passes.
/// </summary>
public sealed class IpmitoolPower : IPowerInterface
{
    private static readonly IReadOnlyList<string> Supported =
        [PowerStates.PowerOn, PowerStates.PowerOff, PowerStates.Rebooting, PowerStates.SoftRebooting, PowerStates.SoftPowerOff];

    private readonly IpmitoolRunner _runner;
    private readonly TimeProvider _time;

    public IpmitoolPower(IpmitoolRunner runner, TimeProvider? time = null)
    {
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _time = time ?? TimeProvider.System;
    }

    public string Name => "ipmitool";
    public string InterfaceType => InterfaceTypes.Power;

    public IReadOnlyDictionary<string, string> GetProperties() => IpmiDriverInfo.Properties;

    public ValidationResult Validate(Node node) =>
        IpmiDriverInfo.TryParse(node) is { Error: { } error } ? ValidationResult.Fail(error) : ValidationResult.Ok;

    public async Task<string?> GetPowerStateAsync(Node node, CancellationToken ct) =>
        await StatusAsync(IpmiDriverInfo.Parse(node), ct);

    public async Task<string> SetPowerStateAsync(Node node, string target, TimeSpan? timeout, CancellationToken ct)
    {
        var info = IpmiDriverInfo.Parse(node);
        var wait = timeout ?? TimeSpan.FromSeconds(_runner.Options.PowerStateChangeTimeout);
        switch (target)
        {
            case PowerStates.PowerOn:
                return await SetAndWaitAsync(info, "power on", PowerStates.PowerOn, target, wait, ct).ConfigureAwait(false);
            case PowerStates.PowerOff:
                return await SetAndWaitAsync(info, "power off", PowerStates.PowerOff, target, wait, ct).ConfigureAwait(false);
            case PowerStates.SoftPowerOff:
                return await SetAndWaitAsync(info, "power soft", PowerStates.PowerOff, target, wait, ct).ConfigureAwait(false);
            case PowerStates.SoftRebooting:
                await SetAndWaitAsync(info, "power soft", PowerStates.PowerOff, target, wait, ct).ConfigureAwait(false);
                return await SetAndWaitAsync(info, "power on", PowerStates.PowerOn, target, wait, ct).ConfigureAwait(false);
            case PowerStates.Rebooting:
                // Ironic's hard reboot: status, off unless already off, then on (never "power reset").
                if (await StatusAsync(info, ct).ConfigureAwait(false) != PowerStates.PowerOff)
                    await SetAndWaitAsync(info, "power off", PowerStates.PowerOff, target, wait, ct).ConfigureAwait(false);
                return await SetAndWaitAsync(info, "power on", PowerStates.PowerOn, target, wait, ct).ConfigureAwait(false);
            default:
                throw DriverException.InvalidParameter($"set_power_state called with an invalid power state: {target}.");
        }
    }

    public IReadOnlyList<string> SupportedPowerStates(Node node) => Supported;

    /// <summary>Maps <c>power status</c> output: "Chassis Power is on|off"; anything else is an error state.</summary>
    public static string ParsePowerStatus(string output)
    {
        if (output.Contains("Chassis Power is on", StringComparison.Ordinal))
            return PowerStates.PowerOn;
        if (output.Contains("Chassis Power is off", StringComparison.Ordinal))
            return PowerStates.PowerOff;
        return PowerStates.Error;
    }

    private async Task<string> StatusAsync(IpmiDriverInfo info, CancellationToken ct) =>
        ParsePowerStatus(await _runner.ExecuteAsync(info, "power status", ct).ConfigureAwait(false));

    private async Task<string> SetAndWaitAsync(
        IpmiDriverInfo info, string command, string expected, string target, TimeSpan timeout, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        await _runner.ExecuteAsync(info, command, ct).ConfigureAwait(false);

        // Poll with back-off (first gap PowerStatePollInterval, doubling up to 5 s); the runner adds the
        // per-BMC minimum interval on top.
        var pause = TimeSpan.FromSeconds(_runner.Options.PowerStatePollInterval);
        var last = PowerStates.Error;
        while (true)
        {
            last = await StatusAsync(info, ct).ConfigureAwait(false);
            if (last == expected)
                return expected;
            var elapsed = _time.GetElapsedTime(started);
            if (elapsed + pause > timeout)
                break;
            await Task.Delay(pause, _time, ct).ConfigureAwait(false);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
        throw new DriverException(
            $"Failed to set node power state to {target}. After \"{command}\" the BMC still reported {last} " +
            $"when the {timeout.TotalSeconds:0.#} second time-out passed.");
    }
}
