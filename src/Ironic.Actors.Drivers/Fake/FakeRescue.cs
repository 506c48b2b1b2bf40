using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Drivers.Fake;

/// <summary>The "fake" rescue interface: rescue and unrescue succeed at once (rescue / active).</summary>
public sealed class FakeRescue : IRescueInterface
{
    private readonly FakeDelayer _delay;

    public FakeRescue(FakeDelays? delays = null, TimeProvider? time = null, Random? random = null)
    {
        _delay = new FakeDelayer(delays, InterfaceTypes.Rescue, time, random);
    }

    public string Name => "fake";
    public string InterfaceType => InterfaceTypes.Rescue;

    public ValidationResult Validate(Node node) => ValidationResult.Ok;

    public Task RescueAsync(Node node, CancellationToken ct) => _delay.WaitAsync(ct);
    public Task UnrescueAsync(Node node, CancellationToken ct) => _delay.WaitAsync(ct);
}
