using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers;

/// <summary>
/// A power interface whose BMC takes one command per power change and is then polled until it reports the
/// wanted state (the ipmitool and redfish interfaces). This class holds what they share: which commands each
/// power target runs, Ironic's hard reboot (power off unless already off, then power on), and the wait after
/// each command; subclasses speak their protocol.
/// </summary>
/// <typeparam name="TBmc">What one power action talks to: the node's parsed driver info, and whatever the protocol reads first.</typeparam>
public abstract class PollingPowerInterface<TBmc> : IPowerInterface
{
    private static readonly IReadOnlyList<string> Supported =
        [PowerStates.PowerOn, PowerStates.PowerOff, PowerStates.Rebooting, PowerStates.SoftRebooting, PowerStates.SoftPowerOff];

    private readonly TimeProvider _time;

    private protected PollingPowerInterface(TimeProvider? time) => _time = time ?? TimeProvider.System;

    public abstract string Name { get; }
    public string InterfaceType => InterfaceTypes.Power;

    public abstract IReadOnlyDictionary<string, string> GetProperties();

    public abstract ValidationResult Validate(Node node);

    public abstract Task<string?> GetPowerStateAsync(Node node, CancellationToken ct);

    public IReadOnlyList<string> SupportedPowerStates(Node node) => Supported;

    public async Task<string> SetPowerStateAsync(Node node, string target, TimeSpan? timeout, CancellationToken ct)
    {
        var wait = timeout ?? TimeSpan.FromSeconds(PowerStateChangeTimeout);
        var bmc = await ConnectAsync(node, ct).ConfigureAwait(false);
        switch (target)
        {
            case PowerStates.PowerOn:
                return await CommandAndWaitAsync(bmc, PowerOnCommand, PowerStates.PowerOn, target, wait, ct).ConfigureAwait(false);
            case PowerStates.PowerOff:
                return await CommandAndWaitAsync(bmc, PowerOffCommand, PowerStates.PowerOff, target, wait, ct).ConfigureAwait(false);
            case PowerStates.SoftPowerOff:
                return await CommandAndWaitAsync(bmc, SoftPowerOffCommand, PowerStates.PowerOff, target, wait, ct).ConfigureAwait(false);
            case PowerStates.SoftRebooting:
                return await SoftRebootAsync(bmc, target, wait, ct).ConfigureAwait(false);
            case PowerStates.Rebooting:
                // Ironic's hard reboot: off unless already off, then on (never a BMC "reset").
                if (await PowerStateBeforeRebootAsync(bmc, ct).ConfigureAwait(false) != PowerStates.PowerOff)
                    await CommandAndWaitAsync(bmc, PowerOffCommand, PowerStates.PowerOff, target, wait, ct).ConfigureAwait(false);
                return await CommandAndWaitAsync(bmc, PowerOnCommand, PowerStates.PowerOn, target, wait, ct).ConfigureAwait(false);
            default:
                throw DriverException.InvalidParameter($"set_power_state called with an invalid power state: {target}.");
        }
    }

    /// <summary>The protocol's command that powers on.</summary>
    private protected abstract string PowerOnCommand { get; }

    /// <summary>The protocol's command that powers off at once.</summary>
    private protected abstract string PowerOffCommand { get; }

    /// <summary>The protocol's command that asks the operating system to shut down.</summary>
    private protected abstract string SoftPowerOffCommand { get; }

    /// <summary>Seconds a power change may take when the caller gives no time-out.</summary>
    private protected abstract double PowerStateChangeTimeout { get; }

    /// <summary>Seconds to the first poll after a command (the gap doubles up to 5 s).</summary>
    private protected abstract double PowerStatePollInterval { get; }

    /// <summary>Parses the node's driver info and reads what the power action needs before its first command.</summary>
    private protected abstract Task<TBmc> ConnectAsync(Node node, CancellationToken ct);

    /// <summary>The power state a hard reboot starts from.</summary>
    private protected abstract Task<string> PowerStateBeforeRebootAsync(TBmc bmc, CancellationToken ct);

    /// <summary>Sends one power command to the BMC.</summary>
    private protected abstract Task SendCommandAsync(TBmc bmc, string command, CancellationToken ct);

    /// <summary>Reads the BMC's power state once while waiting for a command to take effect.</summary>
    private protected abstract Task<PowerPoll> PollAsync(TBmc bmc, CancellationToken ct);

    /// <summary>How the time-out error names <paramref name="command"/>.</summary>
    private protected abstract string DescribeCommand(string command);

    /// <summary>A soft reboot; by default a soft power off, then power on.</summary>
    private protected virtual async Task<string> SoftRebootAsync(TBmc bmc, string target, TimeSpan wait, CancellationToken ct)
    {
        await CommandAndWaitAsync(bmc, SoftPowerOffCommand, PowerStates.PowerOff, target, wait, ct).ConfigureAwait(false);
        return await CommandAndWaitAsync(bmc, PowerOnCommand, PowerStates.PowerOn, target, wait, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends <paramref name="command"/>, then polls with back-off (first gap <see cref="PowerStatePollInterval"/>,
    /// doubling up to 5 s) until the BMC reports <paramref name="expected"/>, or fails when the time-out passes.
    /// </summary>
    private protected async Task<string> CommandAndWaitAsync(
        TBmc bmc, string command, string expected, string target, TimeSpan timeout, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        await SendCommandAsync(bmc, command, ct).ConfigureAwait(false);

        var pause = TimeSpan.FromSeconds(PowerStatePollInterval);
        PowerPoll last;
        while (true)
        {
            last = await PollAsync(bmc, ct).ConfigureAwait(false);
            if (last.Settled == expected)
                return expected;
            if (_time.GetElapsedTime(started) + pause > timeout)
                break;
            await Task.Delay(pause, _time, ct).ConfigureAwait(false);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
        throw new DriverException(
            $"Failed to set node power state to {target}. After {DescribeCommand(command)} the BMC still reported {last.Reported} " +
            $"when the {timeout.TotalSeconds:0.#} second time-out passed.");
    }
}

/// <summary>One poll of a BMC's power state: the stable state it is in (null while changing), and how the time-out error names what it said.</summary>
internal readonly record struct PowerPoll(string? Settled, string Reported);
