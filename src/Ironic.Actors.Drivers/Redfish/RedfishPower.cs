using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Redfish;

/// <summary>
/// The "redfish" power interface (spec 6.4): reads <c>PowerState</c> of the node's ComputerSystem and
/// switches power with the <c>ComputerSystem.Reset</c> action, then polls until the state is reached.
/// </summary>
public sealed class RedfishPower : IPowerInterface
{
    private static readonly IReadOnlyList<string> Supported =
        [PowerStates.PowerOn, PowerStates.PowerOff, PowerStates.Rebooting, PowerStates.SoftRebooting, PowerStates.SoftPowerOff];

    private readonly RedfishClient _client;
    private readonly TimeProvider _time;

    public RedfishPower(RedfishClient client, TimeProvider? time = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _time = time ?? TimeProvider.System;
    }

    public string Name => "redfish";
    public string InterfaceType => InterfaceTypes.Power;

    public IReadOnlyDictionary<string, string> GetProperties() => RedfishDriverInfo.Properties;

    public ValidationResult Validate(Node node) =>
        RedfishDriverInfo.TryParse(node) is { Error: { } error } ? ValidationResult.Fail(error) : ValidationResult.Ok;

    public IReadOnlyList<string> SupportedPowerStates(Node node) => Supported;

    public async Task<string?> GetPowerStateAsync(Node node, CancellationToken ct)
    {
        var info = RedfishDriverInfo.Parse(node);
        var system = await _client.GetSystemAsync(info, ct).ConfigureAwait(false);
        return MapPowerState(system.Body);
    }

    public async Task<string> SetPowerStateAsync(Node node, string target, TimeSpan? timeout, CancellationToken ct)
    {
        var info = RedfishDriverInfo.Parse(node);
        var wait = timeout ?? TimeSpan.FromSeconds(_client.Options.PowerStateChangeTimeout);
        var system = await _client.GetSystemAsync(info, ct).ConfigureAwait(false);
        switch (target)
        {
            case PowerStates.PowerOn:
                return await ResetAndWaitAsync(info, system, "On", PowerStates.PowerOn, target, wait, ct).ConfigureAwait(false);
            case PowerStates.PowerOff:
                return await ResetAndWaitAsync(info, system, "ForceOff", PowerStates.PowerOff, target, wait, ct).ConfigureAwait(false);
            case PowerStates.SoftPowerOff:
                return await ResetAndWaitAsync(info, system, "GracefulShutdown", PowerStates.PowerOff, target, wait, ct).ConfigureAwait(false);
            case PowerStates.SoftRebooting:
                return await ResetAndWaitAsync(info, system, "GracefulRestart", PowerStates.PowerOn, target, wait, ct).ConfigureAwait(false);
            case PowerStates.Rebooting:
                // Ironic's hard reboot: ForceOff when on, wait for off, then On.
                if (MapPowerState(system.Body) != PowerStates.PowerOff)
                    await ResetAndWaitAsync(info, system, "ForceOff", PowerStates.PowerOff, target, wait, ct).ConfigureAwait(false);
                return await ResetAndWaitAsync(info, system, "On", PowerStates.PowerOn, target, wait, ct).ConfigureAwait(false);
            default:
                throw DriverException.InvalidParameter($"set_power_state called with an invalid power state: {target}.");
        }
    }

    /// <summary>On/PoweringOn → power on, Off/PoweringOff → power off, anything else → error.</summary>
    public static string MapPowerState(JsonObject system) => (system["PowerState"] as JsonValue)?.ToString() switch
    {
        "On" or "PoweringOn" => PowerStates.PowerOn,
        "Off" or "PoweringOff" => PowerStates.PowerOff,
        _ => PowerStates.Error,
    };

    private async Task<string> ResetAndWaitAsync(
        RedfishDriverInfo info, RedfishSystem system, string resetType, string expected, string target, TimeSpan timeout, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        var action = system.Body["Actions"]?["#ComputerSystem.Reset"]?["target"]?.GetValue<string>()
            ?? system.Path.TrimEnd('/') + "/Actions/ComputerSystem.Reset";
        await _client.SendAsync(info, HttpMethod.Post, action, new JsonObject { ["ResetType"] = resetType }, ct).ConfigureAwait(false);

        var pause = TimeSpan.FromSeconds(_client.Options.PowerStatePollInterval);
        var last = PowerStates.Error;
        string? raw = null;
        while (true)
        {
            var body = await _client.SendAsync(info, HttpMethod.Get, system.Path, null, ct).ConfigureAwait(false) ?? [];
            raw = (body["PowerState"] as JsonValue)?.ToString();
            last = MapPowerState(body);
            // PoweringOn/PoweringOff map to the target already, but the action is done only when it settles.
            if (last == expected && raw is ("On" or "Off"))
                return expected;
            if (_time.GetElapsedTime(started) + pause > timeout)
                break;
            await Task.Delay(pause, _time, ct).ConfigureAwait(false);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
        throw new DriverException(
            $"Failed to set node power state to {target}. After the Redfish {resetType} reset the BMC still reported " +
            $"PowerState {raw ?? "(none)"} when the {timeout.TotalSeconds:0.#} second time-out passed.");
    }
}
