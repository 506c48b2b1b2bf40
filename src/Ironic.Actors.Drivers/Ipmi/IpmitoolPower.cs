using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Ipmi;

/// <summary>
/// The "ipmitool" power interface: reads and switches power with the ipmitool program (spec 6.3). Every set
/// is followed by polling <c>power status</c> until the BMC reports the target state or the time-out passes
/// (<see cref="PollingPowerInterface{TBmc}"/>; the runner adds the per-BMC minimum interval between polls).
/// A soft reboot is <c>power soft</c>, then <c>power on</c>.
/// </summary>
public sealed class IpmitoolPower : PollingPowerInterface<IpmiDriverInfo>
{
    private readonly IpmitoolRunner _runner;

    public IpmitoolPower(IpmitoolRunner runner, TimeProvider? time = null) : base(time)
    {
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
    }

    public override string Name => "ipmitool";

    public override IReadOnlyDictionary<string, string> GetProperties() => IpmiDriverInfo.Properties;

    public override ValidationResult Validate(Node node) =>
        IpmiDriverInfo.TryParse(node) is { Error: { } error } ? ValidationResult.Fail(error) : ValidationResult.Ok;

    public override async Task<string?> GetPowerStateAsync(Node node, CancellationToken ct) =>
        await StatusAsync(IpmiDriverInfo.Parse(node), ct);

    /// <summary>Maps <c>power status</c> output: "Chassis Power is on|off"; anything else is an error state.</summary>
    public static string ParsePowerStatus(string output)
    {
        if (output.Contains("Chassis Power is on", StringComparison.Ordinal))
            return PowerStates.PowerOn;
        if (output.Contains("Chassis Power is off", StringComparison.Ordinal))
            return PowerStates.PowerOff;
        return PowerStates.Error;
    }

    private protected override string PowerOnCommand => "power on";
    private protected override string PowerOffCommand => "power off";
    private protected override string SoftPowerOffCommand => "power soft";
    private protected override double PowerStateChangeTimeout => _runner.Options.PowerStateChangeTimeout;
    private protected override double PowerStatePollInterval => _runner.Options.PowerStatePollInterval;

    private protected override Task<IpmiDriverInfo> ConnectAsync(Node node, CancellationToken ct) =>
        Task.FromResult(IpmiDriverInfo.Parse(node));

    private protected override Task<string> PowerStateBeforeRebootAsync(IpmiDriverInfo info, CancellationToken ct) => StatusAsync(info, ct);

    private protected override Task SendCommandAsync(IpmiDriverInfo info, string command, CancellationToken ct) =>
        _runner.ExecuteAsync(info, command, ct);

    private protected override async Task<PowerPoll> PollAsync(IpmiDriverInfo info, CancellationToken ct)
    {
        var state = await StatusAsync(info, ct).ConfigureAwait(false);
        return new PowerPoll(state, state);
    }

    private protected override string DescribeCommand(string command) => $"\"{command}\"";

    private async Task<string> StatusAsync(IpmiDriverInfo info, CancellationToken ct) =>
        ParsePowerStatus(await _runner.ExecuteAsync(info, "power status", ct).ConfigureAwait(false));
}
