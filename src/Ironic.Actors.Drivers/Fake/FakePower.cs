using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Fake;

/// <summary>
/// The "fake" power interface. It remembers nothing: the power state is whatever the node has recorded
/// (nothing, until a first power action, as in Ironic), so power sync never sees a mismatch, and a power
/// action simply reports the state its target ends in.
/// </summary>
public sealed class FakePower : IPowerInterface
{
    private static readonly IReadOnlyList<string> Supported =
        [PowerStates.PowerOn, PowerStates.PowerOff, PowerStates.Rebooting, PowerStates.SoftRebooting, PowerStates.SoftPowerOff];

    private readonly FakeDelayer _delay;

    public FakePower(FakeDelays? delays = null, TimeProvider? time = null, Random? random = null)
    {
        _delay = new FakeDelayer(delays, InterfaceTypes.Power, time, random);
    }

    public string Name => "fake";
    public string InterfaceType => InterfaceTypes.Power;

    public ValidationResult Validate(Node node) => ValidationResult.Ok;

    public async Task<string?> GetPowerStateAsync(Node node, CancellationToken ct)
    {
        await _delay.WaitAsync(ct).ConfigureAwait(false);
        return node.PowerState switch
        {
            null => null,
            PowerStates.PowerOn or PowerStates.PowerOff => node.PowerState,
            // Anything else recorded (error, a stale transitional value) reads as an error, like a BMC would.
            _ => PowerStates.Error,
        };
    }

    public async Task<string> SetPowerStateAsync(Node node, string target, TimeSpan? timeout, CancellationToken ct)
    {
        if (!PowerStates.Targets.Contains(target))
            throw DriverException.InvalidParameter($"set_power_state called with an invalid power state: {target}.");
        await _delay.WaitAsync(ct).ConfigureAwait(false);
        return PowerStates.ResultOf(target);
    }

    public IReadOnlyList<string> SupportedPowerStates(Node node) => Supported;
}
