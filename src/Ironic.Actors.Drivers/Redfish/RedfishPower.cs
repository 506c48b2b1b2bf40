using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Redfish;

/// <summary>
/// The "redfish" power interface (spec 6.4): reads <c>PowerState</c> of the node's ComputerSystem and
/// switches power with the <c>ComputerSystem.Reset</c> action, then polls until the state is reached
/// (<see cref="PollingPowerInterface{TBmc}"/>). A soft reboot is one <c>GracefulRestart</c> reset.
/// </summary>
public sealed class RedfishPower : PollingPowerInterface<(RedfishDriverInfo Info, RedfishSystem System)>
{
    private readonly RedfishClient _client;

    public RedfishPower(RedfishClient client, TimeProvider? time = null) : base(time)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
    }

    public override string Name => "redfish";

    public override IReadOnlyDictionary<string, string> GetProperties() => RedfishDriverInfo.Properties;

    public override ValidationResult Validate(Node node) =>
        RedfishDriverInfo.TryParse(node) is { Error: { } error } ? ValidationResult.Fail(error) : ValidationResult.Ok;

    public override async Task<string?> GetPowerStateAsync(Node node, CancellationToken ct)
    {
        var info = RedfishDriverInfo.Parse(node);
        var system = await _client.GetSystemAsync(info, ct).ConfigureAwait(false);
        return MapPowerState(system.Body);
    }

    /// <summary>On/PoweringOn → power on, Off/PoweringOff → power off, anything else → error.</summary>
    public static string MapPowerState(JsonObject system) => (system["PowerState"] as JsonValue)?.ToString() switch
    {
        "On" or "PoweringOn" => PowerStates.PowerOn,
        "Off" or "PoweringOff" => PowerStates.PowerOff,
        _ => PowerStates.Error,
    };

    private protected override string PowerOnCommand => "On";
    private protected override string PowerOffCommand => "ForceOff";
    private protected override string SoftPowerOffCommand => "GracefulShutdown";
    private protected override double PowerStateChangeTimeout => _client.Options.PowerStateChangeTimeout;
    private protected override double PowerStatePollInterval => _client.Options.PowerStatePollInterval;

    private protected override async Task<(RedfishDriverInfo Info, RedfishSystem System)> ConnectAsync(Node node, CancellationToken ct)
    {
        var info = RedfishDriverInfo.Parse(node);
        return (info, await _client.GetSystemAsync(info, ct).ConfigureAwait(false));
    }

    /// <summary>The state read when the action started; no second request.</summary>
    private protected override Task<string> PowerStateBeforeRebootAsync((RedfishDriverInfo Info, RedfishSystem System) bmc, CancellationToken ct) =>
        Task.FromResult(MapPowerState(bmc.System.Body));

    private protected override Task SendCommandAsync((RedfishDriverInfo Info, RedfishSystem System) bmc, string resetType, CancellationToken ct)
    {
        var action = bmc.System.Body["Actions"]?["#ComputerSystem.Reset"]?["target"]?.GetValue<string>()
            ?? bmc.System.Path.TrimEnd('/') + "/Actions/ComputerSystem.Reset";
        return _client.SendAsync(bmc.Info, HttpMethod.Post, action, new JsonObject { ["ResetType"] = resetType }, ct);
    }

    /// <summary>PoweringOn/PoweringOff map to the target already, but the action is done only when it settles.</summary>
    private protected override async Task<PowerPoll> PollAsync((RedfishDriverInfo Info, RedfishSystem System) bmc, CancellationToken ct)
    {
        var body = await _client.SendAsync(bmc.Info, HttpMethod.Get, bmc.System.Path, null, ct).ConfigureAwait(false) ?? [];
        var raw = (body["PowerState"] as JsonValue)?.ToString();
        return new PowerPoll(raw is "On" or "Off" ? MapPowerState(body) : null, $"PowerState {raw ?? "(none)"}");
    }

    private protected override string DescribeCommand(string resetType) => $"the Redfish {resetType} reset";

    private protected override Task<string> SoftRebootAsync(
        (RedfishDriverInfo Info, RedfishSystem System) bmc, string target, TimeSpan wait, CancellationToken ct) =>
        CommandAndWaitAsync(bmc, "GracefulRestart", PowerStates.PowerOn, target, wait, ct);
}
